//! Workbooks → one grid of cell texts per sheet, with `calamine` doing the reading: Excel's
//! `.xlsx`/`.xlsm` and `.xls` (BIFF8), and OpenDocument's `.ods`. A workbook is told by its
//! content (a zip or a compound file), never by its name.
//!
//! Cells become the text a person reads in the sheet, so that the rest of the flow reads them as it
//! reads a CSV: whole numbers without a decimal point, other numbers to Excel's 15 significant
//! digits (1050, never 1050.0000000000002), booleans as TRUE/FALSE, dates as `YYYY-MM-DD` (the value
//! parsers turn a date into its fiscal or calendar year). An error cell (#DIV/0!, #N/A) becomes
//! empty, and a formula with no value saved beside it too, each with a warning at its cell.
//!
//! ```
//! use mdkpi_core::ingest::workbook::{is_workbook, number_text};
//! assert!(is_workbook(b"PK\x03\x04..."));
//! assert!(!is_workbook("年度,課題ID\n".as_bytes()));
//! assert_eq!(number_text(1050.0000000000002), "1050");
//! assert_eq!(number_text(1050.0000000002), "1050.0000000002");
//! assert_eq!(number_text(0.1 + 0.2), "0.3");
//! ```

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, SheetType, Sheets};
use mdkpi_contract::results::WorkbookFormat;

use crate::ingest::table::Records;

/// The first bytes of a zip archive (`.xlsx`, `.ods`) and of a compound file (`.xls`, and an
/// encrypted `.xlsx`).
const ZIP: &[u8] = b"PK\x03\x04";
const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// What a workbook may hold before it is refused: a zip of a few megabytes can inflate to
/// gigabytes (a "zip bomb"), and a sheet can claim millions of empty cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkbookLimits {
    /// The sum of the archive's uncompressed sizes.
    pub max_uncompressed_bytes: u64,
    /// The cells one sheet may hold, each row counted to its last cell (a row's cells are kept
    /// from column A).
    pub max_cells: u64,
    /// The columns read (a cell further right would make every row that wide): past them, a
    /// sheet's values are counted and named, not read.
    pub max_columns: u32,
}

/// Whether `bytes` are a workbook's (by their signature).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP) || bytes.starts_with(CFB)
}

/// One sheet as text: its name, its cells row by row (spreadsheet rows: the first is 1), and the
/// cells that lost their value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// Every row that has a cell, with its spreadsheet row, its cells from column A.
    pub rows: Records,
    pub lost: Vec<LostCell>,
}

/// A cell whose value could not be read: an error value, or a formula saved without its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostCell {
    pub row: u64,
    /// 0 for column A.
    pub column: u32,
    pub why: Lost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lost {
    /// `#DIV/0!`, `#N/A`, `#REF!`… as the sheet shows it.
    Error(String),
    /// A formula whose result was not saved with the file (some tools save formulas only).
    Formula(String),
    /// A value past the last column read (the first such cell of the sheet; `count` of them in
    /// all): a stray cell far to the right would make every row that wide.
    PastLastColumn { limit: u32, count: u64 },
}

/// Why a workbook could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    /// Password-protected: its content cannot be read without the password.
    Encrypted,
    /// Its content would inflate past the limit.
    TooLarge { uncompressed: u64, limit: u64 },
    /// A sheet claims more cells than the limit.
    TooManyCells { sheet: String, cells: u64, limit: u64 },
    /// Not a workbook calamine can read (a truncated or damaged file, another zip).
    Unreadable(String),
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkbookError::Encrypted => f.write_str("the workbook is password-protected"),
            WorkbookError::TooLarge { uncompressed, limit } => {
                write!(f, "the workbook inflates to {uncompressed} bytes, over the limit of {limit}")
            }
            WorkbookError::TooManyCells { sheet, cells, limit } => {
                write!(f, "sheet {sheet} has {cells} cells, over the limit of {limit}")
            }
            WorkbookError::Unreadable(reason) => f.write_str(reason),
        }
    }
}

/// A number as its cell shows it: a whole number without a decimal point, anything else to 15
/// significant digits, as Excel keeps and shows numbers (so that binary noise such as
/// 0.30000000000000004 does not become a different figure).
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return String::new();
    }
    // A whole number that a double holds exactly is written whole: a 16-digit ID saved by a tool
    // other than Excel keeps its last digit.
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        return format!("{}", n as i64);
    }
    // To 15 significant digits, then the shortest text that reads back as that.
    let rounded: f64 = format!("{n:.14e}").parse().unwrap_or(n);
    if rounded.fract() == 0.0 && rounded.abs() < 9.007_199_254_740_992e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// The sheets of the workbook in `bytes`, in order (chart sheets and dialogs have no cells and are
/// left out), and its format.
pub fn read_workbook(bytes: &[u8], limits: &WorkbookLimits) -> Result<(WorkbookFormat, Vec<Sheet>), WorkbookError> {
    if bytes.starts_with(ZIP) {
        check_inflated_size(bytes, limits)?;
    }
    guarded(|| read_sheets(bytes, limits))
}

/// calamine 0.38 panics on some damaged files instead of returning an error (an .xls cut short, as
/// an interrupted copy leaves it: its compound-file sectors run past its end; upstream has more
/// such reports). Where a panic unwinds (the CLI, the tests) it is caught and the file refused
/// as damaged; in the browser's wasm nothing unwinds, so the engine's request fails, the page says
/// so and starts a new engine.
fn guarded<T>(read: impl FnOnce() -> Result<T, WorkbookError>) -> Result<T, WorkbookError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
            let what = (panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(WorkbookError::Unreadable(format!("the workbook is damaged; the reader stopped: {what}")))
        })
    }
    #[cfg(target_arch = "wasm32")]
    read()
}

fn read_sheets(bytes: &[u8], limits: &WorkbookLimits) -> Result<(WorkbookFormat, Vec<Sheet>), WorkbookError> {
    let mut book = open(bytes)?;
    let format = match &book {
        Sheets::Xls(_) => WorkbookFormat::Xls,
        Sheets::Ods(_) => WorkbookFormat::Ods,
        Sheets::Xlsx(_) | Sheets::Xlsb(_) => WorkbookFormat::Xlsx,
    };
    let names: Vec<String> =
        book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let sheet = match &mut book {
            // Streamed cell by cell: no grid is made of the sheet's claimed size, and a formula saved
            // without its value is seen beside it.
            Sheets::Xlsx(xlsx) => {
                let mut cells = xlsx.worksheet_cells_reader(&name).map_err(|e| classify(&e.to_string()))?;
                let mut grid = Grid::new(name.clone(), limits);
                while let Some(cell) = cells.next_cell_with_formula().map_err(|e| classify(&e.to_string()))? {
                    let (r, c) = cell.pos;
                    let formula = cell.formula.filter(|f| !f.is_empty() && cell.value == DataRef::Empty);
                    let error = error_of(&cell.value);
                    grid.put(r, c, cell_text(&data(cell.value)), formula, error)?;
                }
                grid.finish()?
            }
            book => {
                let range = book.worksheet_range(&name).map_err(|e| classify(&e.to_string()))?;
                let (height, width) = range.get_size();
                let cells = height as u64 * width as u64;
                if cells > limits.max_cells {
                    return Err(WorkbookError::TooManyCells { sheet: name, cells, limit: limits.max_cells });
                }
                let start = range.start().unwrap_or((0, 0));
                let mut grid = Grid::new(name, limits);
                for (r, c, cell) in range.used_cells() {
                    let (r, c) = (r as u32 + start.0, c as u32 + start.1);
                    // OpenDocument keeps an error as its text (#DIV/0!, or LibreOffice's Err:502).
                    let error = match cell {
                        Data::Error(e) => Some(e.to_string()),
                        Data::String(text) if is_error_text(text) => Some(text.clone()),
                        _ => None,
                    };
                    let text = if error.is_some() { String::new() } else { cell_text(cell) };
                    grid.put(r, c, text, None, error)?;
                }
                grid.finish()?
            }
        };
        sheets.push(sheet);
    }
    Ok((format, sheets))
}

/// A sheet's cells, row by row as they come, into [`Records`]. Rows come in order, and each cell
/// once: a file that says otherwise is refused rather than read one way or another.
struct Grid<'l> {
    sheet: Sheet,
    limits: &'l WorkbookLimits,
    row: Option<u32>,
    cells: Vec<String>,
    /// The cells kept so far, each row counted to its last cell.
    count: u64,
}

impl<'l> Grid<'l> {
    fn new(name: String, limits: &'l WorkbookLimits) -> Self {
        Grid { sheet: Sheet { name, ..Sheet::default() }, limits, row: None, cells: Vec::new(), count: 0 }
    }

    fn too_many_cells(&self, cells: u64) -> WorkbookError {
        WorkbookError::TooManyCells { sheet: self.sheet.name.clone(), cells, limit: self.limits.max_cells }
    }

    /// The cell at 0-based (`r`, `c`), with its text, its formula when it lost its value to it, and
    /// its error value when it holds one.
    fn put(
        &mut self,
        r: u32,
        c: u32,
        text: String,
        formula: Option<String>,
        error: Option<String>,
    ) -> Result<(), WorkbookError> {
        let row = u64::from(r) + 1;
        if c >= self.limits.max_columns {
            if !text.is_empty() || error.is_some() || formula.is_some() {
                self.past_last_column(row, c);
            }
            return Ok(());
        }
        match self.row {
            Some(current) if r < current => {
                return Err(self.unordered(format!("row {row} comes after row {}", u64::from(current) + 1)))
            }
            Some(current) if r == current => {}
            _ => {
                self.flush()?;
                self.row = Some(r);
            }
        }
        if self.cells.get(c as usize).is_some_and(|t| !t.is_empty()) {
            return Err(self.unordered(format!(
                "cell {}{row} is given twice",
                mdkpi_contract::diagnostics::column_letters(c as usize)
            )));
        }
        if let Some(e) = error {
            self.sheet.lost.push(LostCell { row, column: c, why: Lost::Error(e) });
        } else if let Some(f) = formula {
            self.sheet.lost.push(LostCell { row, column: c, why: Lost::Formula(format!("={f}")) });
        }
        if text.is_empty() {
            return Ok(());
        }
        let c = c as usize;
        if self.cells.len() <= c {
            self.cells.resize(c + 1, String::new());
        }
        self.cells[c] = text;
        Ok(())
    }

    fn past_last_column(&mut self, row: u64, column: u32) {
        let limit = self.limits.max_columns;
        match self.sheet.lost.iter_mut().find(|l| matches!(l.why, Lost::PastLastColumn { .. })) {
            Some(LostCell { why: Lost::PastLastColumn { count, .. }, .. }) => *count += 1,
            _ => self.sheet.lost.push(LostCell { row, column, why: Lost::PastLastColumn { limit, count: 1 } }),
        }
    }

    fn unordered(&self, what: String) -> WorkbookError {
        WorkbookError::Unreadable(format!("sheet {}: {what}, which no spreadsheet program writes", self.sheet.name))
    }

    fn flush(&mut self) -> Result<(), WorkbookError> {
        if let Some(r) = self.row {
            if !self.cells.is_empty() {
                self.count += self.cells.len() as u64;
                if self.count > self.limits.max_cells {
                    return Err(self.too_many_cells(self.count));
                }
                self.sheet.rows.push(u64::from(r) + 1, self.cells.iter().map(String::as_str));
            }
            self.cells.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Sheet, WorkbookError> {
        self.flush()?;
        Ok(self.sheet)
    }
}

fn error_of(value: &DataRef<'_>) -> Option<String> {
    match value {
        DataRef::Error(e) => Some(e.to_string()),
        _ => None,
    }
}

/// A streamed cell's value as an owned one.
fn data(value: DataRef<'_>) -> Data {
    match value {
        DataRef::Int(n) => Data::Int(n),
        DataRef::Float(f) => Data::Float(f),
        DataRef::String(s) => Data::String(s),
        DataRef::SharedString(s) => Data::String(s.to_owned()),
        DataRef::Bool(b) => Data::Bool(b),
        DataRef::DateTime(d) => Data::DateTime(d),
        DataRef::DateTimeIso(s) => Data::DateTimeIso(s),
        DataRef::DurationIso(s) => Data::DurationIso(s),
        DataRef::Error(e) => Data::Error(e),
        DataRef::Empty => Data::Empty,
    }
}

/// A cell's value as text (see the module docs).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        // OpenDocument writes dates as ISO 8601 (`2023-04-01` or `2023-04-01T00:00:00`).
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// The workbook in `bytes`, by its signature: a compound file is an `.xls`, or an encrypted
/// `.xlsx` (which the `.xlsx` reader recognises and calamine's own detection does not); a zip is an
/// `.xlsx` or an `.ods`.
fn open(bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>, WorkbookError> {
    if bytes.starts_with(CFB) {
        let xls = match calamine::Xls::new(Cursor::new(bytes)) {
            Ok(xls) => return Ok(Sheets::Xls(xls)),
            Err(e) => classify(&e.to_string()),
        };
        // Not an .xls: an encrypted .xlsx says so; anything else is a damaged .xls, and says why.
        return match calamine::Xlsx::new(Cursor::new(bytes)) {
            Ok(xlsx) => Ok(Sheets::Xlsx(xlsx)),
            Err(e) if classify(&e.to_string()) == WorkbookError::Encrypted => Err(WorkbookError::Encrypted),
            Err(_) => Err(xls),
        };
    }
    open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| classify(&e.to_string()))
}

/// Whether an OpenDocument cell's text is an error value.
fn is_error_text(text: &str) -> bool {
    matches!(text, "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!")
        || text.strip_prefix("Err:").is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses a zip whose entries would inflate past the limit, before anything is inflated: the
/// sizes are in the archive's directory.
fn check_inflated_size(bytes: &[u8], limits: &WorkbookLimits) -> Result<(), WorkbookError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        // The directory's sizes, without reading the entries.
        let size = archive.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        total = total.saturating_add(size);
    }
    if total > limits.max_uncompressed_bytes {
        return Err(WorkbookError::TooLarge { uncompressed: total, limit: limits.max_uncompressed_bytes });
    }
    Ok(())
}

/// calamine's error, in our terms: a password is its own case (the user can act on it).
fn classify(message: &str) -> WorkbookError {
    if message.contains("password protected") {
        WorkbookError::Encrypted
    } else {
        WorkbookError::Unreadable(message.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_sheet_shows_them() {
        assert_eq!(number_text(1050.0), "1050");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(12.5), "12.5");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(0.1 + 0.7), "0.8");
        assert_eq!(number_text(f64::NAN), "");
        // Whole and exactly held: every digit, as an ID should be.
        assert_eq!(number_text(1_234_567_890_123_456.0), "1234567890123456");
    }

    #[test]
    fn what_is_not_a_workbook_says_so() {
        let limits = WorkbookLimits { max_uncompressed_bytes: 1 << 20, max_cells: 1 << 20, max_columns: 100 };
        let truncated = b"PK\x03\x04\x14\x00\x00\x00".to_vec();
        assert!(matches!(read_workbook(&truncated, &limits), Err(WorkbookError::Unreadable(_))));
        assert!(matches!(read_workbook(CFB, &limits), Err(WorkbookError::Unreadable(_))));
    }
}

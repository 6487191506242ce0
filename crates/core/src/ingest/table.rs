//! Text → a header and positioned records, with `csv-core` (the `csv` crate's parser) doing the
//! parsing.
//!
//! Positions are what a person sees in a spreadsheet: the header is row 1, and a cell holding a line
//! break is still one row. A blank line is a row too (Excel shows it as an empty row), so it is
//! counted although it yields no record.
//!
//! The header is read at once; the records are parsed as they are read ([`Table::records`]), so
//! that a million-row file is never held a second time as cells.
//!
//! ```
//! use mdkpi_core::ingest::table::read_table;
//! let t = read_table("年度,課題ID\n\n2023,\"A\nB\"\n2024,C\n").unwrap();
//! assert_eq!(t.headers, ["年度", "課題ID"]);
//! let mut records = t.records();
//! let mut rows = Vec::new();
//! while let Some(r) = records.next() {
//!     rows.push(r.row);
//! }
//! assert_eq!(rows, [3, 4]); // row 2 is the blank line; "A\nB" is one row
//! ```

use std::borrow::Cow;

/// A delimited file (or a JSON array) read as a table: its header, and its records to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<'t> {
    pub delimiter: u8,
    /// Header cells, trimmed; an empty string where the header cell was empty.
    pub headers: Vec<String>,
    /// The spreadsheet row of the header (1 unless blank lines precede it).
    pub header_row: u64,
    /// The records, from the first, that are not data (the header's, and the rows above it).
    skip: usize,
    body: Body<'t>,
    /// No more records than this: the text's line breaks, found in one quick pass.
    at_most: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Body<'t> {
    /// The text the header was read from, whose records are parsed as they are read.
    Text(Cow<'t, str>),
    /// Records split already (a JSON array's objects).
    Stored(Records),
}

impl Table<'static> {
    /// A table of records split already, with `header_row` 0 (JSON has no header row).
    pub fn stored(headers: Vec<String>, records: Records) -> Self {
        let at_most = records.len() as u64;
        Table { delimiter: b',', headers, header_row: 0, skip: 0, body: Body::Stored(records), at_most }
    }

    /// A sheet's rows as a table: the first row is its header until [`Table::set_header`] says
    /// otherwise.
    pub fn grid(rows: Records) -> Result<Self, TableError> {
        let first = rows.get(0).ok_or(TableError::Empty)?;
        let (headers, header_row) = (first.iter().map(str::to_owned).collect(), first.row);
        let at_most = rows.len() as u64 - 1;
        Ok(Table { delimiter: b',', headers, header_row, skip: 1, body: Body::Stored(rows), at_most })
    }
}

impl<'t> Table<'t> {
    /// The data records, in order, parsed as they are read.
    pub fn records(&self) -> RecordStream<'_> {
        let inner = match &self.body {
            Body::Stored(records) => Inner::Stored { records, next: self.skip },
            Body::Text(text) => {
                let mut stream = Parsed::new(text, self.delimiter);
                // The header again (and the rows above it): the stream starts where it ends.
                for _ in 0..self.skip {
                    stream.advance();
                }
                stream.last = None;
                Inner::Text(Box::new(stream))
            }
        };
        RecordStream { inner, count: 0 }
    }

    /// Whether the table has a header row of its own to look for (a JSON table's header is its
    /// objects' keys).
    pub fn has_header_row(&self) -> bool {
        self.header_row > 0
    }

    /// Up to `n` records from the first, the header's included, each with its spreadsheet row: where
    /// the header is looked for ([`crate::model::layout`]).
    pub fn head(&self, n: usize) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::with_capacity(n.min(64));
        match &self.body {
            Body::Stored(records) => {
                out.extend(records.iter().take(n).map(|r| (r.row, r.iter().map(str::to_owned).collect())));
            }
            Body::Text(text) => {
                let mut stream = Parsed::new(text, self.delimiter);
                while out.len() < n {
                    let Some(row) = stream.advance() else { break };
                    let record = Record { row, cells: Cells::Parsed(&stream.record) };
                    out.push((row, record.iter().map(str::to_owned).collect()));
                }
            }
        }
        out
    }

    /// Makes the header the record at place `skip` (0 for the first), spanning `rows` records, with
    /// `headers` as its names: the data starts after it.
    pub fn set_header(&mut self, skip: usize, rows: usize, headers: Vec<String>, header_row: u64) {
        self.skip = skip + rows;
        self.headers = headers;
        self.header_row = header_row;
    }

    /// At least as many as its records, and for most files exactly as many (no quoted line
    /// breaks, no blank lines); found without parsing, so that limits and capacities cost little.
    pub fn records_at_most(&self) -> u64 {
        self.at_most
    }

    /// How many records there are: a pass over them.
    pub fn count_records(&self) -> u64 {
        let mut records = self.records();
        while records.next().is_some() {}
        records.count()
    }

    /// [`Table::count_records`], making the bound the count: a file of blank lines, say, would
    /// otherwise have room reserved for a row each.
    pub fn bound_by_count(&mut self) -> u64 {
        self.at_most = self.count_records();
        self.at_most
    }
}

/// The data rows of a table, every cell in one buffer: a million-row file would otherwise cost
/// one allocation per cell, which is most of the time and memory of a read.
///
/// ```
/// use mdkpi_core::ingest::table::Records;
/// let mut records = Records::default();
/// records.push(2, ["2023", "A-1"]);
/// records.push(4, ["2024"]);
/// let r = records.get(1).unwrap();
/// assert_eq!((r.row, r.len(), r.get(0), r.get(1)), (4, 1, "2024", ""));
/// assert_eq!(records.iter().map(|r| r.to_vec()).collect::<Vec<_>>(), [vec!["2023", "A-1"], vec!["2024"]]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<usize>,
    /// Each record's spreadsheet row, and where its cells end in `ends`.
    rows: Vec<(u64, usize)>,
}

impl Records {
    pub fn push<'a>(&mut self, row: u64, fields: impl IntoIterator<Item = &'a str>) {
        for field in fields {
            self.text.push_str(field);
            self.ends.push(self.text.len());
        }
        self.rows.push((row, self.ends.len()));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<Record<'_>> {
        let &(row, last) = self.rows.get(index)?;
        let first = match index {
            0 => 0,
            _ => self.rows[index - 1].1,
        };
        let start = match first {
            0 => 0,
            _ => self.ends[first - 1],
        };
        Some(Record { row, cells: Cells::Stored { start, ends: &self.ends[first..last], text: &self.text } })
    }

    pub fn iter(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// A table's records, one at a time ([`Table::records`]). Each record borrows the stream, which
/// reuses one buffer for all of them.
pub struct RecordStream<'a> {
    inner: Inner<'a>,
    count: u64,
}

enum Inner<'a> {
    Text(Box<Parsed<'a>>),
    Stored { records: &'a Records, next: usize },
}

impl<'a> RecordStream<'a> {
    /// The next record, or `None` at the end. (A text's parse never stops early: any bytes are a CSV.)
    #[allow(clippy::should_implement_trait)] // a lending iterator: `Iterator` cannot lend.
    pub fn next(&mut self) -> Option<Record<'_>> {
        let record = match &mut self.inner {
            Inner::Stored { records, next } => {
                *next += 1;
                records.get(*next - 1)
            }
            Inner::Text(parsed) => {
                let row = parsed.advance()?;
                Some(Record { row, cells: Cells::Parsed(&parsed.record) })
            }
        };
        self.count += u64::from(record.is_some());
        record
    }

    /// How many records were read so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Once every record is read: (row, lines swallowed) of a last cell whose opening quote is
    /// never closed. csv reads the rest of the file into it, and the caller must say so.
    pub fn unterminated_quote(&self) -> Option<(u64, u64)> {
        let Inner::Text(parsed) = &self.inner else { return None };
        // Its mark: the last cell holds line breaks, yet the file does not end with the quote that
        // would close it.
        let (row, breaks) = parsed.last?;
        let closed = parsed.text.trim_end_matches(['\r', '\n']).ends_with('"');
        (breaks > 0 && !closed).then_some((row, breaks + 1))
    }
}

/// One data row: of a [`RecordStream`], or of [`Records`].
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Spreadsheet row (header = 1).
    pub row: u64,
    cells: Cells<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Cells<'a> {
    Stored {
        start: usize,
        ends: &'a [usize],
        text: &'a str,
    },
    /// A record of csv's, cut from text: UTF-8 (see [`Parsed::advance`]), but not yet trimmed.
    Parsed(&'a Fields),
}

impl<'a> Record<'a> {
    /// The cell at `index`, trimmed, or "" when the row is shorter than the header.
    pub fn get(&self, index: usize) -> &'a str {
        match self.cells {
            Cells::Stored { start, ends, text } => {
                let Some(&end) = ends.get(index) else { return "" };
                let start = match index {
                    0 => start,
                    _ => ends[index - 1],
                };
                &text[start..end]
            }
            Cells::Parsed(record) => record.get(index).map_or("", |cell| {
                let cell = trim(cell);
                debug_assert!(std::str::from_utf8(cell).is_ok());
                // SAFETY: see `Parsed::advance`: csv's records of a `&str` split at an ASCII
                // delimiter are UTF-8, cell by cell, and `trim` cuts at character boundaries.
                // Checking each cell again would cost ~0.2 s of a 100 MB read in wasm, for nothing.
                unsafe { std::str::from_utf8_unchecked(cell) }
            }),
        }
    }

    /// The cell at `index` as it is in the file, untrimmed: for cheap tests that most cells fail
    /// (is it empty, could it be a total's label) before the cell is trimmed.
    pub fn raw(&self, index: usize) -> &'a [u8] {
        match self.cells {
            Cells::Stored { .. } => self.get(index).as_bytes(),
            Cells::Parsed(record) => record.get(index).unwrap_or_default(),
        }
    }

    /// How many cells the row has (which may differ from the header).
    pub fn len(&self) -> usize {
        match self.cells {
            Cells::Stored { ends, .. } => ends.len(),
            Cells::Parsed(record) => record.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub fn to_vec(&self) -> Vec<&'a str> {
        self.iter().collect()
    }
}

/// Why no table could be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// No header row: the file is empty or only blank lines.
    Empty,
    /// The csv reader stopped; `row` is the spreadsheet row where it stopped.
    Csv { row: u64, message: String },
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::Empty => f.write_str("no header row"),
            TableError::Csv { row, message } => write!(f, "row {row}: {message}"),
        }
    }
}

impl std::error::Error for TableError {}

/// Guesses the delimiter from the first non-blank line: the most frequent of tab, comma and
/// semicolon outside quotes. Excel's "Unicode text" is tab-separated; its CSV is comma-separated.
pub fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            ';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b'\t', b',', b';'];
    // Ties go to the earlier candidate, except that no delimiter at all means a one-column CSV.
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(i, n)| (candidates[i], *n))
        .unwrap_or((b',', 0));
    if n == 0 {
        b','
    } else {
        best
    }
}

/// Reads the header of `text` as a delimited table, sniffing the delimiter. The records are read
/// by [`Table::records`].
pub fn read_table<'t>(text: impl Into<Cow<'t, str>>) -> Result<Table<'t>, TableError> {
    let text = text.into();
    let delimiter = sniff_delimiter(&text);
    read_table_with(text, delimiter)
}

/// Reads the header of `text` with a given delimiter.
pub fn read_table_with<'t>(text: impl Into<Cow<'t, str>>, delimiter: u8) -> Result<Table<'t>, TableError> {
    let text = text.into();
    if !delimiter.is_ascii() {
        // It would split characters (and `Record::get` relies on whole ones).
        return Err(TableError::Csv { row: 1, message: format!("the delimiter byte {delimiter:#04x} is not ASCII") });
    }
    let (header_row, headers) = {
        let mut parsed = Parsed::new(&text, delimiter);
        let header_row = parsed.advance().ok_or(TableError::Empty)?;
        let cell = |f: &[u8]| String::from_utf8_lossy(trim(f)).into_owned();
        (header_row, parsed.record.iter().map(cell).collect())
    };
    // Every record but the header starts a line of its own (after the last line break, a record
    // needs no more): the line breaks, less those that end the text, bound the records.
    let body = text.trim_end_matches(['\r', '\n']).as_bytes();
    let at_most = count_line_breaks(body);
    Ok(Table { delimiter, headers, header_row, skip: 1, body: Body::Text(text), at_most })
}

/// csv's parser over a text, with each record's spreadsheet row.
///
/// `csv_core` directly rather than `csv::Reader`: a reader builds its parser's DFA (~20 µs) and
/// copies the text through an 8 KiB buffer, and a file is parsed three or four times over (its
/// header, the rows where a header is looked for, its records); a small file's read was then mostly
/// DFA building (`cargo xtask fuzz`'s rates). Here a parse takes a parser an earlier parse on this
/// thread let go of (one DFA per delimiter, built once), and parses the text where it lies. The
/// loop is `csv`'s own (`Reader::read_byte_record_impl`) for an input that is all there.
struct Parsed<'a> {
    text: &'a str,
    delimiter: u8,
    /// Always there but while it goes back to the thread's parsers (`Drop`).
    core: Option<csv_core::Reader>,
    /// How much of `text` the parser has taken.
    at: usize,
    /// The parser has said the text is over.
    ended: bool,
    rows: RowCounter<'a>,
    /// The record last read.
    record: Fields,
    /// The row of the record last read, and the line breaks in its last cell.
    last: Option<(u64, u64)>,
}

/// A record's fields, one after another in one buffer.
#[derive(Debug)]
struct Fields {
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`; the first `len` are this record's.
    ends: Vec<usize>,
    len: usize,
}

impl Fields {
    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends[..self.len].get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = &[u8]> + '_ {
        (0..self.len).filter_map(|i| self.get(i))
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len.checked_sub(1).map_or(0, |last| self.ends[last])]
    }
}

thread_local! {
    /// Parsers built and let go of, by delimiter, ready to be taken again.
    static PARSERS: std::cell::RefCell<Vec<(u8, csv_core::Reader)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A parser for `delimiter` in its first state: one let go of on this thread, or a new one.
/// (Not a clone of a template: csv-core 0.1.13's `Clone` for its DFA copies the transitions only,
/// and the copy splits fields wrongly.)
fn take_parser(delimiter: u8) -> csv_core::Reader {
    let free = PARSERS.with(|p| {
        let mut parsers = p.borrow_mut();
        let at = parsers.iter().position(|(d, _)| *d == delimiter)?;
        Some(parsers.swap_remove(at).1)
    });
    // csv::ReaderBuilder's defaults: `"` quotes, doubled to escape; CRLF, CR or LF end a record.
    free.unwrap_or_else(|| csv_core::ReaderBuilder::new().delimiter(delimiter).build())
}

impl Drop for Parsed<'_> {
    fn drop(&mut self) {
        if let Some(mut parser) = self.core.take() {
            parser.reset();
            // A few are enough: parses overlap at most two or three deep.
            PARSERS.with(|p| {
                let mut parsers = p.borrow_mut();
                if parsers.len() < 8 {
                    parsers.push((self.delimiter, parser));
                }
            });
        }
    }
}

impl<'a> Parsed<'a> {
    fn new(text: &'a str, delimiter: u8) -> Self {
        Parsed {
            text,
            delimiter,
            core: Some(take_parser(delimiter)),
            at: 0,
            ended: false,
            rows: RowCounter::new(text),
            record: Fields { bytes: vec![0; 1024], ends: vec![0; 16], len: 0 },
            last: None,
        }
    }

    /// Reads the next record into `self.record`; returns its row, or `None` at the end.
    ///
    /// Bytes, not strings: `text` is UTF-8 already, and so is every field of it, so they need not be
    /// checked again. csv splits fields only at its delimiter (ASCII, as `read_table_with` makes
    /// sure), quote and line-break bytes, and removes only ASCII quote bytes; no ASCII byte is part
    /// of a multi-byte UTF-8 sequence. Records may differ in length (ragged rows are reported by
    /// the dataset layer with their row number, not refused here).
    fn advance(&mut self) -> Option<u64> {
        use csv_core::ReadRecordResult;
        if self.ended {
            return None;
        }
        let offset_before = self.at;
        let (mut out, mut ends) = (0, 0);
        let core = self.core.as_mut()?;
        loop {
            // The rest of the text, then (once it is all taken) an empty input: the end.
            let input = &self.text.as_bytes()[self.at..];
            let fields = &mut self.record;
            let (result, nin, nout, nend) = core.read_record(input, &mut fields.bytes[out..], &mut fields.ends[ends..]);
            self.at += nin;
            (out, ends) = (out + nout, ends + nend);
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => fields.bytes.resize(fields.bytes.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => fields.ends.resize(fields.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    fields.len = ends;
                    break;
                }
                ReadRecordResult::End => {
                    self.ended = true;
                    return None;
                }
            }
        }
        // The parser's own line counter skips blank lines without counting them, so rows are
        // derived from each record's byte offset instead: the line breaks before it, less those
        // inside quoted cells seen so far.
        let row = self.rows.row_at(offset_before as u64);
        let mut last_cell_breaks = 0;
        if memchr::memchr2(b'\r', b'\n', self.record.as_slice()).is_some() {
            self.rows.add_breaks_inside_cells(self.record.iter().map(count_line_breaks).sum());
            last_cell_breaks = self.record.iter().next_back().map_or(0, |cell| count_line_breaks(trim(cell)));
        }
        self.last = Some((row, last_cell_breaks));
        Some(row)
    }
}

/// A cell without the white space around it, as `str::trim` takes it away (full-width spaces
/// too). Most cells have none, which their first and last characters tell, and most of those
/// their first and last bytes.
fn trim(cell: &[u8]) -> &[u8] {
    let (Some(&first), Some(&last)) = (cell.first(), cell.last()) else { return cell };
    let white = |c: &[u8]| std::str::from_utf8(c).ok().and_then(|s| s.chars().next()).is_some_and(char::is_whitespace);
    // The first character is as long as its lead byte says; the last starts at the last byte that
    // is not a continuation byte (10xxxxxx).
    let first_len = match first {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    };
    let last_start = (cell.len().saturating_sub(4)..cell.len()).rev().find(|&i| cell[i] & 0xc0 != 0x80).unwrap_or(0);
    let starts_white = may_be_white(first, true) && white(&cell[..first_len.min(cell.len())]);
    let ends_white = may_be_white(last, false) && white(&cell[last_start..]);
    if starts_white || ends_white {
        std::str::from_utf8(cell).map_or(cell, |s| s.trim().as_bytes())
    } else {
        cell
    }
}

/// Whether `byte`, first (or last) in a cell, may belong to a white-space character. Those are
/// ASCII, or U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000,
/// which start with C2, E1, E2 or E3 and end with 80–8A, 9F, A0, A8, A9 or AF (a test checks
/// every character). Kanji and kana mostly start and end otherwise; `）` and `①` do not, so
/// their characters are decoded to tell.
fn may_be_white(byte: u8, first: bool) -> bool {
    match byte {
        0x09..=0x0d | b' ' => true,
        0x00..=0x7f => false,
        _ if first => matches!(byte, 0xc2 | 0xe1..=0xe3),
        _ => matches!(byte, 0x80..=0x8a | 0x9f | 0xa0 | 0xa8 | 0xa9 | 0xaf),
    }
}

/// Line breaks in `b`, counting CRLF once (a lone CR or LF also breaks a line, as in Excel).
fn count_line_breaks(b: &[u8]) -> u64 {
    line_breaks_in(b, 0..b.len())
}

/// Line breaks in `bytes[range]`, counting CRLF once; an LF at the start of the range looks back
/// one byte, so that a CRLF split across two ranges is counted once.
fn line_breaks_in(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let from = range.start;
    memchr::memchr2_iter(b'\r', b'\n', &bytes[range])
        .map(|i| from + i)
        .filter(|&i| bytes[i] == b'\r' || i == 0 || bytes[i - 1] != b'\r')
        .count() as u64
}

/// Maps byte offsets (non-decreasing) to spreadsheet rows in one pass over the text.
struct RowCounter<'a> {
    bytes: &'a [u8],
    scanned: usize,
    breaks: u64,
    breaks_inside_cells: u64,
}

impl<'a> RowCounter<'a> {
    fn new(text: &'a str) -> Self {
        RowCounter { bytes: text.as_bytes(), scanned: 0, breaks: 0, breaks_inside_cells: 0 }
    }

    /// The row of the record csv reports at `offset`. That offset may sit before the end of the
    /// previous line break and before skipped blank lines, so the record really starts at the first
    /// byte from there that is not a line break.
    fn row_at(&mut self, offset: u64) -> u64 {
        let mut start = usize::try_from(offset).unwrap_or(usize::MAX).min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.scanned {
            self.breaks += line_breaks_in(self.bytes, self.scanned..start);
            self.scanned = start;
        }
        1 + self.breaks - self.breaks_inside_cells.min(self.breaks)
    }

    fn add_breaks_inside_cells(&mut self, n: u64) {
        self.breaks_inside_cells += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_tab_comma_semicolon() {
        assert_eq!(sniff_delimiter("a\tb\tc\n1,2\t3"), b'\t');
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n"), b';');
        assert_eq!(sniff_delimiter("\"a,b\"\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("onlyone\n"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }

    type Rows = Vec<(u64, Vec<String>)>;

    /// Every record of `t` (row and cells), and the stream's unclosed quote; checks the bound.
    fn read_all(t: &Table) -> (Rows, Option<(u64, u64)>) {
        let mut stream = t.records();
        let mut out = Vec::new();
        while let Some(r) = stream.next() {
            out.push((r.row, r.iter().map(str::to_owned).collect::<Vec<_>>()));
        }
        assert_eq!(stream.count(), out.len() as u64);
        assert!(t.records_at_most() >= stream.count(), "{} < {}", t.records_at_most(), stream.count());
        assert_eq!(t.count_records(), out.len() as u64);
        (out, stream.unterminated_quote())
    }

    #[test]
    fn rows_count_like_a_spreadsheet() {
        let t = read_table("h1,h2\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n").unwrap();
        assert_eq!(t.header_row, 1);
        let (records, unterminated) = read_all(&t);
        assert_eq!(unterminated, None);
        let want = [(2, vec!["1", "x\r\ny"]), (4, vec!["2", "z"])];
        assert_eq!(records, want.map(|(row, cells)| (row, cells.into_iter().map(str::to_owned).collect())));
    }

    #[test]
    fn rows_count_with_lf_cr_and_leading_blank_lines() {
        let t = read_table("\n\nh1,h2\n1,2\n\n\n3,4\r5,6").unwrap();
        assert_eq!(t.header_row, 3);
        let rows: Vec<u64> = read_all(&t).0.iter().map(|r| r.0).collect();
        assert_eq!(rows, [4, 7, 8]);
    }

    #[test]
    fn the_bound_is_the_count_for_a_plain_file() {
        for text in ["a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4", "a,b\n1,2\n3,4\n\n\r\n"] {
            let t = read_table(text).unwrap();
            assert_eq!((t.records_at_most(), t.count_records()), (2, 2), "{text:?}");
        }
        assert_eq!(read_table("a,b").unwrap().records_at_most(), 0);
        // A million line breaks and no record: counted, the bound is the count.
        let mut t = read_table(format!("a,b{}", "\n".repeat(1_000_000) + "1,2")).unwrap();
        assert_eq!(t.records_at_most(), 1_000_000);
        assert_eq!((t.bound_by_count(), t.records_at_most()), (1, 1));
    }

    #[test]
    fn ragged_rows_are_kept_for_the_caller_to_report() {
        let t = read_table("a,b\n1\n1,2,3\n").unwrap();
        let mut records = t.records();
        let r = records.next().unwrap();
        assert_eq!((r.len(), r.get(0), r.get(1)), (1, "1", ""));
        assert_eq!(records.next().unwrap().len(), 3);
        assert!(records.next().is_none());
    }

    #[test]
    fn an_unclosed_quote_is_detected_a_closed_one_is_not() {
        let (records, unterminated) = read_all(&read_table("a,b\n1,\"x\n2,y\n3,z\n").unwrap());
        assert_eq!(records.len(), 1);
        assert_eq!(unterminated, Some((2, 3)));
        assert_eq!(read_all(&read_table("a,b\n1,\"x\ny\"\n").unwrap()).1, None);
        assert_eq!(read_all(&read_table("a,b\n1,2\n").unwrap()).1, None);
        // Only data records count: a header with a line break in its last cell is not one.
        assert_eq!(read_all(&read_table("a,\"b\nc\"\n").unwrap()), (vec![], None));
    }

    #[test]
    fn stored_records_stream_too() {
        let mut records = Records::default();
        records.push(1, ["R5", "1"]);
        records.push(3, ["R6"]);
        let t = Table::stored(vec!["年度".into(), "n".into()], records);
        let (records, unterminated) = read_all(&t);
        assert_eq!(records, [(1, vec!["R5".to_owned(), "1".to_owned()]), (3, vec!["R6".to_owned()])]);
        assert_eq!((unterminated, t.records_at_most()), (None, 2));
    }

    #[test]
    fn empty_input_has_no_header() {
        assert_eq!(read_table(""), Err(TableError::Empty));
        assert_eq!(read_table("\n\n"), Err(TableError::Empty));
    }

    #[test]
    fn cells_are_trimmed_as_str_trim_does() {
        let cells = [
            "",
            " ",
            "a",
            " a ",
            "\u{3000}全角\u{3000}",
            "\u{a0}x",
            "x\u{85}",
            "\u{2028}",
            "（架空）",
            "①",
            "ａ\u{200a}",
            "\u{1680}b",
            "\u{205f}",
            "\u{202f}c\u{2029}",
            "\x0bv\x0c",
            "\t\r\n",
            "\u{200b}",
            "日本",
            "é",
            "😀 ",
        ];
        for cell in cells {
            assert_eq!(trim(cell.as_bytes()), cell.trim().as_bytes(), "{cell:?}");
        }
    }

    #[test]
    fn every_white_space_character_is_seen_at_either_end() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert!(may_be_white(bytes[0], true) && may_be_white(bytes[bytes.len() - 1], false), "{c:?}");
        }
    }

    #[test]
    fn a_delimiter_that_is_not_ascii_is_refused() {
        // 0xE3 starts あ and い (E3 81 82, E3 81 84): it would cut them.
        assert!(matches!(read_table_with("a,b\nあい,x\n", 0xe3), Err(TableError::Csv { row: 1, .. })));
        assert!(read_table_with("a;b\nあ;い\n", b';').is_ok());
    }

    /// Parsers go back to the thread and are taken again, also while another parse is under way.
    #[test]
    fn parses_one_after_another_and_at_once_read_alike() {
        let text = "a;b\n\"x;y\";2\n3;4\n";
        let t = read_table_with(text, b';').unwrap();
        let once = read_all(&t);
        let mut outer = t.records();
        let first = outer.next().map(|r| r.to_vec().join("|"));
        // Another parse (of the same delimiter, and of another) while `outer` holds one.
        assert_eq!(read_all(&t), once);
        assert_eq!(read_all(&read_table_with("a,b\n1,2\n", b',').unwrap()).0.len(), 1);
        assert_eq!(first.as_deref(), Some("x;y|2"));
        assert_eq!(outer.next().map(|r| r.to_vec().join("|")).as_deref(), Some("3|4"));
        drop(outer);
        assert_eq!(read_all(&t), once);
    }

    #[test]
    fn cells_are_trimmed() {
        let t = read_table(" 年度 , 課題ID \n 2023 , A-1 \n").unwrap();
        assert_eq!(t.headers, ["年度", "課題ID"]);
        assert_eq!(t.records().next().unwrap().to_vec(), ["2023", "A-1"]);
    }
}

//! Text → a header and positioned records, with the `csv` crate doing the parsing.
//!
//! Positions are what a person sees in a spreadsheet: the header is row 1, and a cell holding a line
//! break is still one row. A blank line is a row too (Excel shows it as an empty row), so it is
//! counted although it yields no record.
//!
//! ```
//! use mdkpi::ingest::table::read_table;
//! let t = read_table("年度,課題ID\n\n2023,\"A\nB\"\n2024,C\n").unwrap();
//! assert_eq!(t.headers, ["年度", "課題ID"]);
//! let rows: Vec<u64> = t.records.iter().map(|r| r.row).collect();
//! assert_eq!(rows, [3, 4]); // row 2 is the blank line; "A\nB" is one row
//! ```

/// A parsed delimited file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub delimiter: u8,
    /// Header cells, trimmed; an empty string where the header cell was empty.
    pub headers: Vec<String>,
    /// The spreadsheet row of the header (1 unless blank lines precede it).
    pub header_row: u64,
    pub records: Records,
    /// (row, lines swallowed) of a last cell whose opening quote is never closed: csv reads the
    /// rest of the file into it, and the caller must say so.
    pub unterminated_quote: Option<(u64, u64)>,
}

/// The data rows of a table, every cell in one buffer: a million-row file would otherwise cost
/// one allocation per cell, which is most of the time and memory of a read.
///
/// ```
/// use mdkpi::ingest::table::Records;
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
        Some(Record { row, start, ends: &self.ends[first..last], text: &self.text })
    }

    pub fn iter(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn last(&self) -> Option<Record<'_>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
}

/// One data row, borrowed from its table's [`Records`].
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Spreadsheet row (header = 1).
    pub row: u64,
    start: usize,
    ends: &'a [usize],
    text: &'a str,
}

impl<'a> Record<'a> {
    /// The cell at `index`, or "" when the row is shorter than the header.
    pub fn get(&self, index: usize) -> &'a str {
        let Some(&end) = self.ends.get(index) else { return "" };
        let start = match index {
            0 => self.start,
            _ => self.ends[index - 1],
        };
        &self.text[start..end]
    }

    /// How many cells the row has (which may differ from the header).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
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

/// Reads `text` as a delimited table with a header row, sniffing the delimiter.
pub fn read_table(text: &str) -> Result<Table, TableError> {
    read_table_with(text, sniff_delimiter(text))
}

/// Reads `text` with a given delimiter.
pub fn read_table_with(text: &str, delimiter: u8) -> Result<Table, TableError> {
    if !delimiter.is_ascii() {
        // It would split characters (and `Cells` relies on whole ones).
        return Err(TableError::Csv { row: 1, message: format!("the delimiter byte {delimiter:#04x} is not ASCII") });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        // Ragged rows are reported by the dataset layer with their row number, not refused here.
        .flexible(true)
        .from_reader(text.as_bytes());

    // csv's own line counter lags behind CRLF endings and skips blank lines without counting them,
    // so rows are derived from each record's byte offset instead: the line breaks before it, less
    // those inside quoted cells seen so far.
    let mut rows = RowCounter::new(text);
    let mut header: Option<(u64, Vec<String>)> = None;
    // Byte records: `text` is UTF-8 already, and so is every field of it, the delimiter being
    // ASCII (see `Cells::into_records`), so csv need not check each record again.
    let mut cells = Cells::with_capacity(text.len());
    let mut record = csv::ByteRecord::new();
    loop {
        let offset_before = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let offset = record.position().map_or(offset_before, |p| p.byte());
                let row = rows.row_at(offset);
                if memchr::memchr2(b'\r', b'\n', record.as_slice()).is_some() {
                    rows.add_breaks_inside_cells(record.iter().map(count_line_breaks).sum());
                }
                match &header {
                    None => {
                        let cell = |f: &[u8]| String::from_utf8_lossy(trim(f)).into_owned();
                        header = Some((row, record.iter().map(cell).collect()));
                    }
                    Some(_) => {
                        cells.push(row, &record);
                        if cells.rows.len() == 1 {
                            let record_bytes = reader.position().byte().saturating_sub(offset);
                            cells.expect(text.len(), record.len(), record_bytes);
                        }
                    }
                }
            }
            Err(e) => {
                let offset = e.position().map_or(offset_before, |p| p.byte());
                return Err(TableError::Csv { row: rows.row_at(offset), message: e.to_string() });
            }
        }
    }
    let (header_row, headers) = header.ok_or(TableError::Empty)?;
    let records = cells.into_records();
    // An unclosed quote makes csv read to the end of the file into one cell. Its mark: the last
    // cell holds line breaks, yet the file does not end with the quote that would close it.
    let unterminated_quote = records.last().and_then(|r| {
        let breaks = r.len().checked_sub(1).map_or(0, |last| count_line_breaks(r.get(last).as_bytes()));
        let closed = text.trim_end_matches(['\r', '\n']).ends_with('"');
        (breaks > 0 && !closed).then_some((r.row, breaks + 1))
    });
    Ok(Table { delimiter, headers, header_row, records, unterminated_quote })
}

/// [`Records`] as they are read: the bytes of csv's records, which are UTF-8 (see `into_records`).
struct Cells {
    text: Vec<u8>,
    ends: Vec<usize>,
    rows: Vec<(u64, usize)>,
}

impl Cells {
    fn with_capacity(bytes: usize) -> Cells {
        // The cells are never longer than the text they come from: one allocation instead of a
        // doubling one, which on wasm32 briefly holds both the old and the new buffer.
        Cells { text: Vec::with_capacity(bytes), ends: Vec::new(), rows: Vec::new() }
    }

    /// Sizes the positions for a table of `bytes` whose first record has `columns` cells in
    /// `record_bytes`: the others about as long, corrected by growth. A short first record cannot
    /// make the guess larger than a cell per 8 bytes (a record per 16).
    fn expect(&mut self, bytes: usize, columns: usize, record_bytes: u64) {
        let records = bytes / usize::try_from(record_bytes).unwrap_or(usize::MAX).max(16);
        self.rows.reserve(records);
        self.ends.reserve(records.saturating_mul(columns).min(bytes / 8));
    }

    fn push(&mut self, row: u64, record: &csv::ByteRecord) {
        let start = self.text.len();
        let mut end = start;
        let mut trimmed = false;
        for field in record {
            let cell = trim(field);
            trimmed |= cell.len() != field.len();
            end += cell.len();
            self.ends.push(end);
        }
        if trimmed {
            // Rare: cell by cell.
            for field in record {
                self.text.extend_from_slice(trim(field));
            }
        } else {
            // One copy of the whole record instead of one per cell (small copies are slow in wasm).
            self.text.extend_from_slice(record.as_slice());
        }
        debug_assert_eq!(self.text.len(), end);
        self.rows.push((row, self.ends.len()));
    }

    /// The records of the cells pushed from `read_table_with`'s text.
    fn into_records(self) -> Records {
        // Checking 100 MB of cells again costs ~0.2 s in wasm, for nothing: see below.
        debug_assert!(std::str::from_utf8(&self.text).is_ok());
        // SAFETY: every cell was pushed from a `ByteRecord` of a `&str` split at an ASCII delimiter
        // (`read_table_with` refuses others), so it is valid UTF-8: csv splits fields only at its
        // delimiter, quote and line-break bytes, all ASCII, and removes only ASCII quote bytes,
        // and no ASCII byte is part of a multi-byte UTF-8 sequence; `trim` cuts at character
        // boundaries. Valid cells one after another are valid text.
        let text = unsafe { String::from_utf8_unchecked(self.text) };
        Records { text, ends: self.ends, rows: self.rows }
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

    #[test]
    fn rows_count_like_a_spreadsheet() {
        let t = read_table("h1,h2\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n").unwrap();
        assert_eq!(t.header_row, 1);
        assert_eq!(t.unterminated_quote, None);
        let records: Vec<(u64, Vec<&str>)> = t.records.iter().map(|r| (r.row, r.to_vec())).collect();
        assert_eq!(records, [(2, vec!["1", "x\r\ny"]), (4, vec!["2", "z"])]);
    }

    #[test]
    fn rows_count_with_lf_cr_and_leading_blank_lines() {
        let t = read_table("\n\nh1,h2\n1,2\n\n\n3,4\r5,6").unwrap();
        assert_eq!(t.header_row, 3);
        let rows: Vec<u64> = t.records.iter().map(|r| r.row).collect();
        assert_eq!(rows, [4, 7, 8]);
    }

    #[test]
    fn ragged_rows_are_kept_for_the_caller_to_report() {
        let t = read_table("a,b\n1\n1,2,3\n").unwrap();
        assert_eq!(t.records.get(0).unwrap().len(), 1);
        assert_eq!(t.records.get(0).unwrap().get(1), "");
        assert_eq!(t.records.get(1).unwrap().len(), 3);
    }

    #[test]
    fn an_unclosed_quote_is_detected_a_closed_one_is_not() {
        let t = read_table("a,b\n1,\"x\n2,y\n3,z\n").unwrap();
        assert_eq!(t.records.len(), 1);
        assert_eq!(t.unterminated_quote, Some((2, 3)));
        let t = read_table("a,b\n1,\"x\ny\"\n").unwrap();
        assert_eq!(t.unterminated_quote, None);
        let t = read_table("a,b\n1,2\n").unwrap();
        assert_eq!(t.unterminated_quote, None);
    }

    #[test]
    fn empty_input_has_no_header() {
        assert_eq!(read_table(""), Err(TableError::Empty));
        assert_eq!(read_table("\n\n"), Err(TableError::Empty));
    }

    #[test]
    fn cells_are_trimmed_as_str_trim_does() {
        let cells = [
            "", " ", "a", " a ", "\u{3000}全角\u{3000}", "\u{a0}x", "x\u{85}", "\u{2028}", "（架空）", "①", "ａ\u{200a}",
            "\u{1680}b", "\u{205f}", "\u{202f}c\u{2029}", "\x0bv\x0c", "\t\r\n", "\u{200b}", "日本", "é", "😀 ",
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

    #[test]
    fn cells_are_trimmed() {
        let t = read_table(" 年度 , 課題ID \n 2023 , A-1 \n").unwrap();
        assert_eq!(t.headers, ["年度", "課題ID"]);
        assert_eq!(t.records.get(0).unwrap().to_vec(), ["2023", "A-1"]);
    }
}

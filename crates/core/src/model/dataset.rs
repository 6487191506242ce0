//! Table → typed rows of one dataset kind, with every rejection and coercion reported.
//!
//! The rules are the same for every kind: a row whose required cell is missing or invalid is
//! rejected (an error); an invalid optional cell becomes missing (a warning) and the row stays; a
//! row with more cells than the header keeps its known cells (a warning). Each issue names the
//! file, the spreadsheet row, the column as written in the file, and the raw value.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::diagnostics::{At, Diagnostic, IssueKind};
use mdkpi_contract::schema::{Col, DatasetKind, Required, ValueType};
use mdkpi_contract::value::{Expected, Stage, Status};

use crate::ingest::table::{Record, RecordStream, Table};
use crate::ingest::workbook::number_text;
use crate::model::layout;
use crate::model::schema::ColumnMap;
use crate::model::value::{
    fold, is_missing, parse_calendar_year, parse_count, parse_fiscal_year, parse_flag, parse_goal, parse_number,
    parse_priority_areas, parse_satisfaction, parse_stage, parse_status, parse_yen, StageField, YenUnit,
};

/// One cell's value, typed by its column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Shared: a program name or a status repeats on most rows, and is stored once (see `ParseCache`).
    Text(Arc<str>),
    /// Years, counts, yen, goals, satisfaction answers.
    Int(i64),
    Number(f64),
    Flag(bool),
    Stage(Stage),
    Status(Status),
    /// Shared like texts.
    Areas(Arc<[u8]>),
}

/// Each typed read of a value: `None` for a value of another type. [`Row`]'s getters (by column
/// key) and code that reads every row by column position share them.
impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_stage(&self) -> Option<Stage> {
        match self {
            Value::Stage(s) => Some(*s),
            _ => None,
        }
    }

    pub fn as_status(&self) -> Option<Status> {
        match self {
            Value::Status(s) => Some(*s),
            _ => None,
        }
    }

    /// Empty for a value of another type.
    pub fn as_areas(&self) -> &[u8] {
        match self {
            Value::Areas(a) => a,
            _ => &[],
        }
    }

    /// Writes the value as it goes into a duplicate key.
    fn write_key(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = match self {
            Value::Text(s) => write!(out, "{s}"),
            Value::Int(n) => write!(out, "{n}"),
            Value::Number(n) => write!(out, "{n}"),
            Value::Flag(b) => write!(out, "{b}"),
            Value::Stage(s) => write!(out, "{}", s.number()),
            Value::Status(s) => write!(out, "{s:?}"),
            Value::Areas(a) => write!(out, "{a:?}"),
        };
    }
}

/// The loaded rows of one table, a column each: what a [`Row`] points into.
///
/// A row of its own (`Vec<Option<Value>>`, 16 bytes a cell and an allocation a row) made a
/// million-row file twice its size in memory; here a cell is a 4-byte code into its column's
/// values, and a column of a few values (years, programs, stages) holds each of them once.
#[derive(Debug)]
pub struct Columns {
    kind: DatasetKind,
    /// The file it came from: every figure can be traced back.
    source: Arc<str>,
    /// The sheet, for a workbook's table.
    sheet: Option<Arc<str>>,
    /// Each row's spreadsheet row.
    rows: Vec<u64>,
    /// One per column of `kind`, in schema order.
    columns: Vec<Column>,
    /// Columns of no canonical column that a KPI definition reads, as text: (the header's
    /// `header_form`, its place in the file, the column).
    extra: Vec<(Box<str>, usize, Column)>,
}

/// One column's cells: code 0 is missing, code `k` is `values[k - 1]`. A column the file does
/// not have (or does not let us read) has no codes at all.
#[derive(Debug, Default)]
struct Column {
    codes: Vec<u32>,
    values: Vec<Value>,
}

impl Column {
    /// Stores `value` and returns its code.
    fn add(&mut self, value: Value) -> u32 {
        self.values.push(value);
        u32::try_from(self.values.len()).expect("fewer distinct values in a column than 2^32")
    }

    fn get(&self, row: usize) -> Option<&Value> {
        self.value(*self.codes.get(row)?)
    }

    /// The value of `code`; `None` for 0 (missing).
    fn value(&self, code: u32) -> Option<&Value> {
        self.values.get(code.checked_sub(1)? as usize)
    }
}

impl Columns {
    fn cell(&self, row: usize, column: usize) -> Option<&Value> {
        self.columns.get(column)?.get(row)
    }
}

/// One used row: a place in its table's [`Columns`], shared by every row of the table.
#[derive(Clone)]
pub struct Row {
    table: Arc<Columns>,
    at: u32,
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row")
            .field("kind", &self.kind())
            .field("source", &self.source())
            .field("row", &self.row())
            .field("values", &self.values().collect::<Vec<_>>())
            .finish()
    }
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        (self.kind(), self.source(), self.row()) == (other.kind(), other.source(), other.row())
            && self.values().eq(other.values())
    }
}

impl Row {
    /// A row on its own, with `values` in the order of `kind`'s columns (`None` where missing).
    pub fn new(kind: DatasetKind, source: &str, row: u64, values: Vec<Option<Value>>) -> Row {
        let mut columns: Vec<Column> = kind.columns().iter().map(|_| Column::default()).collect();
        for (column, value) in columns.iter_mut().zip(values) {
            let code = value.map_or(0, |v| column.add(v));
            column.codes.push(code);
        }
        Row {
            table: Arc::new(Columns {
                kind,
                source: Arc::from(source),
                sheet: None,
                rows: vec![row],
                columns,
                extra: Vec::new(),
            }),
            at: 0,
        }
    }

    pub fn kind(&self) -> DatasetKind {
        self.table.kind
    }

    /// The file the row came from (its name, as every issue and figure names it).
    pub fn source(&self) -> &str {
        &self.table.source
    }

    /// The sheet the row came from, in a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.table.sheet.as_deref()
    }

    /// The row's spreadsheet row in its file.
    pub fn row(&self) -> u64 {
        self.table.rows[self.at as usize]
    }

    /// Every column of the row's kind, in schema order; `None` where missing or absent.
    pub fn values(&self) -> impl Iterator<Item = Option<&Value>> {
        (0..self.kind().columns().len()).map(|i| self.at(i))
    }

    pub fn get(&self, key: Col) -> Option<&Value> {
        self.at(self.kind().column(key)?)
    }

    /// The value in column `i` of the row's kind ([`DatasetKind::column`]): for code that reads
    /// every row, and looks its columns up once.
    pub fn at(&self, i: usize) -> Option<&Value> {
        self.table.cell(self.at as usize, i)
    }

    pub fn text(&self, key: Col) -> Option<&str> {
        self.get(key).and_then(Value::as_text)
    }

    /// The text of a column kept for KPI definitions, by its header's `header_form`; `None` when
    /// empty, or when the row's table has no such column.
    pub fn extra(&self, form: &str) -> Option<&str> {
        let (_, _, column) = self.table.extra.iter().find(|(f, ..)| &**f == form)?;
        column.get(self.at as usize).and_then(Value::as_text)
    }

    /// The place in its file (0 for A) of the column kept for KPI definitions under `form`;
    /// `None` when the row's table has no such column.
    pub fn extra_place(&self, form: &str) -> Option<usize> {
        self.table.extra.iter().find(|(f, ..)| &**f == form).map(|(_, place, _)| *place)
    }

    pub fn int(&self, key: Col) -> Option<i64> {
        self.get(key).and_then(Value::as_int)
    }

    pub fn number(&self, key: Col) -> Option<f64> {
        match self.get(key) {
            Some(Value::Number(n)) => Some(*n),
            Some(Value::Int(n)) => Some(*n as f64),
            _ => None,
        }
    }

    pub fn flag(&self, key: Col) -> Option<bool> {
        match self.get(key) {
            Some(Value::Flag(b)) => Some(*b),
            _ => None,
        }
    }

    pub fn stage(&self, key: Col) -> Option<Stage> {
        self.get(key).and_then(Value::as_stage)
    }

    pub fn status(&self, key: Col) -> Option<Status> {
        self.get(key).and_then(Value::as_status)
    }

    pub fn areas(&self, key: Col) -> &[u8] {
        self.get(key).map_or(&[], Value::as_areas)
    }

    /// The survey fiscal year, or `None` when the file has no 年度 column (one measurement).
    pub fn fiscal_year(&self) -> Option<i32> {
        self.int(Col::FiscalYear).and_then(|y| i32::try_from(y).ok())
    }
}

/// What loading one table produced.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub rows: Vec<Row>,
    pub rows_read: u64,
    pub rows_rejected: u64,
    /// Rows of the layout set aside: notes and total rows.
    pub rows_skipped: u64,
    pub issues: Vec<Diagnostic>,
}

/// Reads one column's cells into a [`Column`], remembering what each distinct cell parsed to.
/// Most columns hold a few values on many rows (years, program names, stages, statuses), and
/// parsing, with its NFKC folding, is the largest cost of a read; a remembered value is also
/// stored once for all its rows. A column with many distinct values (an ID, an amount) stops
/// being remembered once it has [`ColumnReader::LIMIT`] of them.
struct ColumnReader {
    /// Owned: a record's cells live only until the next is read. At most [`ColumnReader::LIMIT`].
    seen: FxHashMap<Box<str>, Result<u32, Expected>>,
    full: bool,
    column: Column,
}

impl ColumnReader {
    const LIMIT: usize = 4096;

    fn new() -> Self {
        ColumnReader { seen: FxHashMap::default(), full: false, column: Column::default() }
    }

    /// The code of `raw`'s value (0: missing), stored in the column if new.
    fn code(&mut self, value: ValueType, raw: &str, unit: Option<YenUnit>) -> Result<u32, Expected> {
        if !self.full {
            if let Some(&code) = self.seen.get(raw) {
                return code;
            }
        }
        let code = parse(value, raw, unit).map(|v| v.map_or(0, |v| self.column.add(v)));
        if !self.full {
            if self.seen.len() >= Self::LIMIT {
                self.full = true;
                self.seen = FxHashMap::default();
            } else {
                self.seen.insert(raw.into(), code);
            }
        }
        code
    }
}

fn parse(value: ValueType, raw: &str, unit: Option<YenUnit>) -> Result<Option<Value>, Expected> {
    let int = |n: i64| Value::Int(n);
    Ok(match value {
        ValueType::Text => {
            let s = fold(raw);
            (!is_missing(&s)).then(|| Value::Text(Arc::from(s.as_ref())))
        }
        ValueType::FiscalYear => parse_fiscal_year(raw)?.map(|y| int(y.into())),
        ValueType::CalendarYear => parse_calendar_year(raw)?.map(|y| int(y.into())),
        ValueType::Count => parse_count(raw)?.map(|n| int(n as i64)),
        ValueType::Number => parse_number(raw)?.map(Value::Number),
        ValueType::Yen => match unit {
            Some(unit) => parse_yen(raw, unit)?.map(int),
            None => return Err(Expected::Amount),
        },
        ValueType::Flag => parse_flag(raw)?.map(Value::Flag),
        ValueType::FlagOrCount => match parse_flag(raw) {
            Ok(flag) => flag.map(Value::Flag),
            Err(expected) => parse_count(raw).map_err(|_| expected)?.map(|n| Value::Flag(n > 0)),
        },
        ValueType::StageAtAdoption => parse_stage(raw, StageField::AtAdoption)?.map(Value::Stage),
        ValueType::CurrentStage => parse_stage(raw, StageField::Current)?.map(Value::Stage),
        ValueType::Status => parse_status(raw)?.map(Value::Status),
        ValueType::PriorityAreas => parse_priority_areas(raw)?.map(|a| Value::Areas(a.into())),
        ValueType::Satisfaction => parse_satisfaction(raw)?.map(|n| int(n.into())),
        ValueType::Goal => parse_goal(raw)?.map(|n| int(n.into())),
    })
}

/// Reads the rows of `table` (of `sheet`, for a workbook's) as `kind`, with columns located by
/// `map`, from `records` (the table's stream, which the caller keeps to ask where it ended: see
/// [`RecordStream`]). Rows of the layout (notes, totals) are set aside and counted apart.
pub fn load(
    kind: DatasetKind,
    source: &str,
    sheet: Option<&str>,
    table: &Table,
    records: &mut RecordStream<'_>,
    map: &ColumnMap,
) -> Loaded {
    let columns = kind.columns();
    let mut out = Loaded::default();
    for c in columns.iter().filter(|c| c.required == Required::Always) {
        if map.index(c.key).is_none() {
            out.issues.push(At::file(source).in_sheet(sheet).issue(IssueKind::MissingColumn { ja: c.ja, key: c.key }));
        }
    }
    // Cells that may say a row is a total (合計): any but those of numeric columns.
    let mut numeric = vec![false; table.headers.len()];
    for c in columns.iter().filter(|c| matches!(c.value, ValueType::Count | ValueType::Number | ValueType::Yen)) {
        if let Some(slot) = map.index(c.key).and_then(|i| numeric.get_mut(i)) {
            *slot = true;
        }
    }
    // A row of the layout is set aside and said so: a note, or a total (with its label).
    let set_aside = |record: &Record<'_>, out: &mut Loaded, issue: IssueKind| {
        out.rows_skipped += 1;
        out.issues.push(At::row(source, record.row).in_sheet(sheet).issue(issue));
    };
    if !out.issues.is_empty() {
        // A required column is missing: no row can be used.
        while let Some(record) = records.next() {
            match row_is(&record, &numeric) {
                RowIs::Blank => {}
                RowIs::Note => set_aside(&record, &mut out, IssueKind::NoteRow),
                RowIs::Total(label) => set_aside(&record, &mut out, IssueKind::TotalRow { label: label.to_owned() }),
                RowIs::Data => out.rows_read += 1,
            }
        }
        out.rows_rejected = out.rows_read;
        return out;
    }
    let units: Vec<Option<YenUnit>> = columns.iter().map(|c| map.yen_unit(c.key)).collect();
    let header_len = table.headers.len();
    let mut readers: Vec<ColumnReader> = columns.iter().map(|_| ColumnReader::new()).collect();
    // Where each column of `kind` is in the file, and its header for messages: looked up once
    // here rather than for every cell.
    let located: Vec<Option<(usize, &str)>> =
        columns
            .iter()
            .zip(&units)
            // A money column in an unknown unit is not read (one warning at its header, below).
            .map(|(c, unit)| {
                if c.value == ValueType::Yen && unit.is_none() {
                    None
                } else {
                    map.index(c.key).zip(map.header(c.key))
                }
            })
            .collect();
    // Where the stages are among a row's values, for the check that a stage did not go down.
    let stages = (kind.column(Col::StageAtAdoption), kind.column(Col::CurrentStage));
    let reading = Reading { kind, header_len, located: &located, units: &units, stages, sheet };
    // Sized once, by the table's bound (for most files its count): growing a million rows by
    // doubling copies them, and holds both copies a moment.
    // Capped for a caller that did not check the bound against a row limit (the pipeline does).
    let capacity = usize::try_from(table.records_at_most()).unwrap_or(usize::MAX).min(1 << 21);
    let mut rows = Vec::with_capacity(capacity);
    for (reader, at) in readers.iter_mut().zip(&located) {
        if at.is_some() {
            reader.column.codes.reserve(capacity);
        }
    }
    let mut codes = Vec::with_capacity(columns.len());
    // A money column in an unknown unit is not read at all, and one with no unit is read as yen:
    // either way one warning here, at the header, not one per row. A figure a thousand times too
    // small (千円 read as 円) must not pass unremarked.
    for (c, unit) in columns.iter().zip(&units) {
        let (ValueType::Yen, Some(header)) = (c.value, map.header(c.key)) else { continue };
        let at = At::cell(source, table.header_row, header).in_sheet(sheet);
        match (unit, map.unit_label(c.key)) {
            (None, Some(label)) => out.issues.push(at.issue(IssueKind::UnknownUnit { label: label.to_owned() })),
            (Some(_), None) => out.issues.push(at.issue(IssueKind::UnitAssumed)),
            _ => {}
        }
    }
    let mut extra: Vec<ColumnReader> = map.extras().iter().map(|_| ColumnReader::new()).collect();
    let mut totals = Vec::new();
    while let Some(record) = records.next() {
        match row_is(&record, &numeric) {
            // A row of empty cells (Excel leaves these below a table) holds no data to lose.
            RowIs::Blank => continue,
            RowIs::Note => {
                set_aside(&record, &mut out, IssueKind::NoteRow);
                continue;
            }
            RowIs::Total(label) => {
                set_aside(&record, &mut out, IssueKind::TotalRow { label: label.to_owned() });
                totals.push((record.row, label.to_owned()));
                continue;
            }
            RowIs::Data => {}
        }
        out.rows_read += 1;
        if is_template_notes(kind, &record, map) {
            out.rows_read -= 1;
            out.issues.push(At::row(source, record.row).in_sheet(sheet).issue(IssueKind::TemplateNotes));
            continue;
        }
        if load_row(&reading, source, &record, &mut readers, &mut codes, &mut out.issues) {
            rows.push(record.row);
            for ((index, _), reader) in map.extras().iter().zip(&mut extra) {
                // Text always parses.
                let code = reader.code(ValueType::Text, record.get(*index), None).unwrap_or(0);
                reader.column.codes.push(code);
            }
        } else {
            out.rows_rejected += 1;
        }
    }
    if !totals.is_empty() {
        check_totals(kind, source, sheet, table, map, &totals, &mut out.issues);
    }
    let n = rows.len() as u32;
    let columns = readers.into_iter().map(|r| r.column).collect();
    let extra =
        map.extras().iter().zip(extra).map(|((place, form), r)| (form.as_str().into(), *place, r.column)).collect();
    let table =
        Arc::new(Columns { kind, source: Arc::from(source), sheet: sheet.map(Arc::from), rows, columns, extra });
    out.rows = (0..n).map(|at| Row { table: table.clone(), at }).collect();
    out
}

/// What a record is to the reader, told in one pass over its cells (each trimmed once): blank, a
/// note (one cell, written as notes are: ※…, 注…, 出典…), a total row with its label (合計, 小計… in a
/// cell that is not a numeric column's), or data.
enum RowIs<'r> {
    Blank,
    Note,
    Total(&'r str),
    Data,
}

fn row_is<'r>(record: &Record<'r>, numeric: &[bool]) -> RowIs<'r> {
    // Most rows are data with many cells: the first two filled cells are trimmed (a note has one),
    // and the others are only looked at raw, for a total's label.
    let (mut filled, mut first, mut total) = (0, "", None);
    for i in 0..record.len() {
        let raw = record.raw(i);
        if raw.is_empty() {
            continue;
        }
        if filled < 2 {
            let cell = record.get(i);
            if cell.is_empty() {
                continue;
            }
            filled += 1;
            if filled == 1 {
                first = cell;
            }
        }
        if total.is_none() && !numeric.get(i).copied().unwrap_or(false) && may_be_total(raw) {
            total = layout::total_label(&[record.get(i)]);
        }
    }
    match (filled, total) {
        (0, _) => RowIs::Blank,
        // Indented notes (a full-width space first) are notes too.
        (1, _)
            if first.trim_start().starts_with(['※', '*', '＊', '注', '(', '（', '出', '資', '備', '以'])
                && layout::is_note(&[first]) =>
        {
            RowIs::Note
        }
        (_, Some(label)) => RowIs::Total(label),
        _ => RowIs::Data,
    }
}

/// Whether a cell, as it is in the file, may be a total's label: short, with 計 in it, or starting
/// (after any spaces) as Total, Subtotal or Grand total do in either width. Told on its bytes,
/// without decoding or folding: most cells are not, and this runs on every cell of every row.
fn may_be_total(raw: &[u8]) -> bool {
    const KEI: [u8; 3] = [0xE8, 0xA8, 0x88];
    // ASCII white space around (spaces, a line break from Alt+Enter) does not count; a label is at
    // most 16 characters, which 64 bytes hold with room for other spaces.
    let raw = raw.trim_ascii();
    if raw.len() > 64 {
        return false;
    }
    if raw.windows(3).any(|w| w[0] == KEI[0] && w[1] == KEI[1] && w[2] == KEI[2]) {
        return true;
    }
    // Other spaces first (a full-width space, a no-break space): told below.
    let rest = raw;
    let letter = |c: char| matches!(c, 'T' | 't' | 'S' | 's' | 'G' | 'g' | 'Ｔ' | 'ｔ' | 'Ｓ' | 'ｓ' | 'Ｇ' | 'ｇ');
    match rest {
        [b'T' | b't' | b'S' | b's' | b'G' | b'g', ..] => true,
        // Ｔ ｔ Ｓ ｓ Ｇ ｇ (U+FF34, FF54, FF33, FF53, FF27, FF47).
        [0xEF, 0xBC, 0xB4 | 0xB3 | 0xA7, ..] | [0xEF, 0xBD, 0x94 | 0x93 | 0x87, ..] => true,
        // Another kind of space (their UTF-8 starts C2, E1, E2 or E3): trimmed, then told.
        [0xC2 | 0xE1 | 0xE2 | 0xE3, ..] => std::str::from_utf8(rest)
            .map_or(true, |s| s.starts_with(char::is_whitespace) && s.trim_start().starts_with(letter)),
        _ => false,
    }
}

/// Compares each total row's figures with the sum of the rows it totals (those since the previous
/// total of its level: a 小計 the rows since the last 小計 or 合計, a 合計 every row since the last
/// 合計), and says where they differ. Only when the table has total rows: a second pass over it.
fn check_totals(
    kind: DatasetKind,
    source: &str,
    sheet: Option<&str>,
    table: &Table,
    map: &ColumnMap,
    totals: &[(u64, String)],
    issues: &mut Vec<Diagnostic>,
) {
    let numeric: Vec<(usize, &str)> = kind
        .columns()
        .iter()
        .filter(|c| matches!(c.value, ValueType::Count | ValueType::Number | ValueType::Yen))
        .filter_map(|c| map.index(c.key).zip(map.header(c.key)))
        .collect();
    let number = |raw: &str| parse_number(raw).ok().flatten();
    let (mut section, mut all) = (vec![0.0f64; numeric.len()], vec![0.0f64; numeric.len()]);
    let (mut in_section, mut in_all) = (false, false);
    let mut records = table.records();
    // The totals are in row order, as the records: walked side by side.
    let mut totals = totals.iter().peekable();
    while let Some(record) = records.next() {
        match totals.next_if(|(row, _)| *row == record.row) {
            None => {
                if matches!(row_is(&record, &[]), RowIs::Blank | RowIs::Note) {
                    continue;
                }
                for (k, (index, _)) in numeric.iter().enumerate() {
                    if let Some(v) = number(record.get(*index)) {
                        section[k] += v;
                        all[k] += v;
                        in_section = true;
                        in_all = true;
                    }
                }
            }
            Some((_, label)) => {
                let sub = layout::is_subtotal(label);
                let (sums, any) = if sub { (&section, in_section) } else { (&all, in_all) };
                if any {
                    for (k, (index, header)) in numeric.iter().enumerate() {
                        let Some(stated) = number(record.get(*index)) else { continue };
                        if (stated - sums[k]).abs() > 1e-9 * stated.abs().max(1.0) {
                            let at = At::cell(source, record.row, header).in_sheet(sheet).at_index(*index);
                            let (stated, computed) = (number_text(stated), number_text(sums[k]));
                            issues.push(at.issue(IssueKind::TotalMismatch { stated, computed }));
                        }
                    }
                }
                section.iter_mut().for_each(|v| *v = 0.0);
                in_section = false;
                if !sub {
                    all.iter_mut().for_each(|v| *v = 0.0);
                    in_all = false;
                }
            }
        }
    }
}

/// Whether `record` is the description row of our own template: every cell it has under a known
/// column is that column's note.
fn is_template_notes(kind: DatasetKind, record: &Record<'_>, map: &ColumnMap) -> bool {
    let mut any = false;
    for c in kind.columns() {
        if let Some(i) = map.index(c.key) {
            match record.get(i) {
                "" => {}
                cell if cell == c.note => any = true,
                _ => return false,
            }
        }
    }
    any
}

/// Where a table's cells go among a row's values, and how they are read: found once per table.
struct Reading<'m> {
    kind: DatasetKind,
    header_len: usize,
    /// Each of the kind's columns: its position in the file and its header as written.
    located: &'m [Option<(usize, &'m str)>],
    units: &'m [Option<YenUnit>],
    /// Where the stage at adoption and the current stage are among the values.
    stages: (Option<usize>, Option<usize>),
    /// The table's sheet, for a workbook's.
    sheet: Option<&'m str>,
}

/// Reads `record` into the columns' codes (into `codes` first, so that a rejected row leaves no
/// codes behind); returns whether the row is used. Its issues go to `issues`.
// Never inlined into `load`, which runs once per table: V8 replaces a wasm function with its
// optimised code only for the calls that follow (no on-stack replacement), so a loop body inlined
// into `load` would run a whole file in the baseline compiler's code.
#[inline(never)]
fn load_row(
    reading: &Reading<'_>,
    source: &str,
    record: &Record<'_>,
    readers: &mut [ColumnReader],
    codes: &mut Vec<Option<u32>>,
    issues: &mut Vec<Diagnostic>,
) -> bool {
    let &Reading { kind, header_len, located, units, stages, sheet } = reading;
    if record.len() > header_len {
        let at = At::row(source, record.row).in_sheet(sheet);
        issues.push(at.issue(IssueKind::ExtraCells { header_len, found: record.len() }));
    }
    let mut rejected = false;
    codes.clear();
    for (((column, unit), reader), at) in kind.columns().iter().zip(units).zip(readers.iter_mut()).zip(located) {
        let Some((index, header)) = *at else {
            codes.push(None);
            continue;
        };
        let raw = record.get(index);
        let at = At::cell(source, record.row, header).in_sheet(sheet).at_index(index);
        let required = column.required != Required::No;
        let code = match (reader.code(column.value, raw, *unit), required) {
            (Ok(code), _) if code > 0 || !required => code,
            (Ok(_), _) => {
                issues.push(at.issue(IssueKind::MissingRequired));
                rejected = true;
                0
            }
            (Err(expected), true) => {
                issues.push(at.issue(IssueKind::InvalidRequired { expected, raw: raw.to_owned() }));
                rejected = true;
                0
            }
            (Err(expected), false) => {
                issues.push(at.issue(IssueKind::InvalidValue { expected, raw: raw.to_owned() }));
                0
            }
        };
        codes.push(Some(code));
    }
    if rejected {
        return false;
    }
    let stage = |column: Option<usize>| {
        let i = column?;
        let code = codes[i]?;
        readers[i].column.value(code).and_then(Value::as_stage)
    };
    if let (Some(a), Some(c)) = (stage(stages.0), stage(stages.1)) {
        if c < a {
            issues.push(
                At::row(source, record.row)
                    .in_sheet(sheet)
                    .issue(IssueKind::StageDecreased { at_adoption: a.number(), current: c.number() }),
            );
        }
    }
    for (reader, code) in readers.iter_mut().zip(codes.iter()) {
        if let Some(code) = code {
            reader.column.codes.push(*code);
        }
    }
    true
}

/// Same key twice (see [`DatasetKind::key`]): the later row (in file order, then row order) wins,
/// and the earlier one is reported. Returns how many rows each source lost this way.
pub fn supersede_duplicates(
    rows: &mut Vec<Row>,
    issues: &mut Vec<Diagnostic>,
) -> HashMap<(String, Option<String>), u64> {
    // Keys borrow the rows' values: a million rows would otherwise build, hash and rehash a million
    // strings (a quarter of a read's time). The key is written out only for a duplicate's message.
    // Where each kind's key columns are among its values is looked up once, not for every row.
    let mut columns: [Vec<(Option<usize>, bool)>; DatasetKind::ALL.len()] = Default::default();
    for kind in DatasetKind::ALL {
        columns[kind as usize] = kind.key().iter().map(|&(column, must)| (kind.column(column), must)).collect();
    }
    let key_of = |r| Key::of(r, &columns[r.kind() as usize]);
    // The keys live in the map itself (no vector of a million keys beside it): one lookup per
    // row, whose displaced row is a loser; only the losers make their key again, to name the
    // winner.
    let mut last: FxHashMap<Key<'_>, usize> = FxHashMap::with_capacity_and_hasher(rows.len(), Default::default());
    let mut losers = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(k) = key_of(row) {
            losers.extend(last.insert(k, i));
        }
    }
    losers.sort_unstable();
    let mut lost: HashMap<(String, Option<String>), u64> = HashMap::new();
    let mut keep = vec![true; rows.len()];
    for i in losers {
        let Some(k) = key_of(&rows[i]) else { continue };
        keep[i] = false;
        let (r, w) = (&rows[i], &rows[last[&k]]);
        let later_source = match w.sheet() {
            Some(sheet) => format!("{} {sheet}", w.source()),
            None => w.source().to_owned(),
        };
        issues.push(At::row(r.source(), r.row()).in_sheet(r.sheet()).issue(IssueKind::DuplicateKey {
            key: k.text(),
            later_source,
            later_row: w.row(),
        }));
        *lost.entry((r.source().to_owned(), r.sheet().map(str::to_owned))).or_default() += 1;
    }
    drop(last);
    let mut flags = keep.into_iter();
    rows.retain(|_| flags.next().unwrap_or(true));
    lost
}

/// A row's key: its kind and the values of the kind's key columns (`None` for an absent optional
/// part). Two keys are equal when every part is the same value of the same type.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Key<'a> {
    kind: DatasetKind,
    parts: [Option<KeyPart<'a>>; 4],
}

impl<'a> Key<'a> {
    /// `None` when the kind has no key, or a part that must be present is missing: without, say, a
    /// respondent ID two answers are two answers, not a duplicate.
    /// `columns`: where the row's kind has its key columns ([`DatasetKind::key`]).
    fn of(row: &'a Row, columns: &[(Option<usize>, bool)]) -> Option<Key<'a>> {
        if columns.is_empty() {
            return None;
        }
        let mut parts = [None; 4];
        for (part, &(column, must_be_present)) in parts.iter_mut().zip(columns) {
            match column.and_then(|i| row.at(i)) {
                Some(v) => *part = Some(KeyPart(v)),
                None if must_be_present => return None,
                None => {}
            }
        }
        Some(Key { kind: row.kind(), parts })
    }

    /// As the duplicate's message shows it: the parts joined by " / ", an absent part empty.
    fn text(&self) -> String {
        let mut out = String::new();
        for (i, part) in self.parts.iter().take(self.kind.key().len()).enumerate() {
            if i > 0 {
                out.push_str(" / ");
            }
            if let Some(KeyPart(v)) = part {
                v.write_key(&mut out);
            }
        }
        out
    }
}

/// One value of a key: equal and hashed by type and content (a number by its bits, so that a key
/// is always equal to itself).
#[derive(Debug, Clone, Copy)]
struct KeyPart<'a>(&'a Value);

impl PartialEq for KeyPart<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            (Value::Number(a), Value::Number(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a == b,
        }
    }
}

impl Eq for KeyPart<'_> {}

impl std::hash::Hash for KeyPart<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self.0).hash(state);
        match self.0 {
            Value::Text(s) => s.hash(state),
            Value::Int(n) => n.hash(state),
            Value::Number(n) => n.to_bits().hash(state),
            Value::Flag(b) => b.hash(state),
            Value::Stage(s) => s.hash(state),
            Value::Status(s) => s.hash(state),
            Value::Areas(a) => a.hash(state),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::read_table;
    use crate::model::schema::detect_kind;
    use mdkpi_contract::diagnostics::IssueCode;
    use mdkpi_contract::lang::Lang;

    #[test]
    fn a_totals_label_passes_the_byte_test_in_every_spelling_and_data_cells_do_not() {
        let padded = format!("合計{}", " ".repeat(70));
        for label in [
            "\nTotal",
            "\r\n小計",
            "\tGrand total",
            padded.as_str(),
            "合計",
            "小 計",
            "　総計",
            "計",
            " Total",
            "SUBTOTAL",
            "ＳＵＢＴＯＴＡＬ",
            "\u{3000}ｇｒａｎｄ ｔｏｔａｌ",
            "\u{a0}Total",
        ] {
            assert!(may_be_total(label.as_bytes()), "{label}");
            assert!(layout::total_label(&[label.trim()]).is_some(), "{label}");
        }
        for cell in ["R5", "P-000123", "医工連携事業", "継続", "2020", "３", "", "　"] {
            assert!(!may_be_total(cell.as_bytes()), "{cell}");
        }
    }

    #[test]
    fn a_money_column_without_a_unit_is_read_as_yen_and_says_so_once_at_its_header() {
        let issues = |text: &str| {
            let table = read_table(text).unwrap();
            let (kind, map) = detect_kind(&table.headers).unwrap();
            let loaded = load(kind, "p.csv", None, &table, &mut table.records(), &map);
            let grant = loaded.rows[0].get(Col::Grant).cloned();
            (grant, loaded.issues.iter().map(|i| (i.code(), i.row(), i.position.column.clone())).collect::<Vec<_>>())
        };
        let (grant, said) = issues("年度,課題ID,採択年度,助成額\nR5,A,2020,100\nR5,B,2020,200\n");
        assert_eq!(grant, Some(Value::Int(100)));
        assert_eq!(said, [(IssueCode::UnitAssumed, Some(1), Some("助成額".to_owned()))]);
        let (grant, said) = issues("年度,課題ID,採択年度,助成額（千円）\nR5,A,2020,100\n");
        assert_eq!(grant, Some(Value::Int(100_000)));
        assert_eq!(said, []);
        let (grant, said) = issues("年度,課題ID,採択年度,助成額（ドル）\nR5,A,2020,100\n");
        assert_eq!(grant, None);
        assert_eq!(said, [(IssueCode::UnknownUnit, Some(1), Some("助成額（ドル）".to_owned()))]);
    }

    #[test]
    fn the_last_of_equal_keys_wins_and_each_earlier_one_names_it() {
        // Members: key = 年度 (optional) / 団体 (optional) / 企業 (required).
        let table = read_table(concat!(
            "年度,団体名,企業名,ベンチャー\n",
            "2023,A会,X社,1\n", // 2: replaced by row 5
            "2023,,X社,1\n",    // 3: no association: another key
            "2023,A会,Y社,1\n", // 4
            "2023,A会,X社,0\n", // 5: replaced by row 7
            "2024,A会,X社,1\n", // 6: another year
            "2023,A会,X社,1\n", // 7: the winner
            "2023,,X社,0\n",    // 8: wins over row 3
        ))
        .unwrap();
        let (kind, map) = detect_kind(&table.headers).unwrap();
        assert_eq!(kind, DatasetKind::Members);
        let mut rows = load(kind, "m.csv", None, &table, &mut table.records(), &map).rows;
        let mut issues = Vec::new();
        let lost = supersede_duplicates(&mut rows, &mut issues);
        assert_eq!(rows.iter().map(|r| r.row()).collect::<Vec<_>>(), [4, 6, 7, 8]);
        assert_eq!(lost.get(&("m.csv".to_owned(), None)), Some(&3));
        let said: Vec<(Option<u64>, String)> =
            issues.iter().map(|i| (i.row(), i.message(Lang::En).into_owned())).collect();
        let said: Vec<(Option<u64>, &str)> = said.iter().map(|(r, m)| (*r, m.as_str())).collect();
        assert_eq!(
            said,
            [
                (Some(2), "Key 2023 / A会 / X社 appears again in m.csv row 7; this row was replaced by the later one."),
                (Some(3), "Key 2023 /  / X社 appears again in m.csv row 8; this row was replaced by the later one."),
                (Some(5), "Key 2023 / A会 / X社 appears again in m.csv row 7; this row was replaced by the later one."),
            ]
        );
    }

    #[test]
    fn rows_keep_their_own_values_around_rejected_rows_and_share_repeated_ones() {
        let table = read_table(concat!(
            "年度,課題ID,事業名,採択年度,採択時ステージ,現在ステージ,助成額（ドル）\n",
            "2023,A,事業X,2021,1,2,5\n",
            "2023,,事業Y,2021,1,2,6\n", // no ID: rejected after its program was read
            "2023,B,事業Y,2022,2,ー,7\n",
            "R5,C,事業X,平成31,3,4,8\n",
        ))
        .unwrap();
        let (kind, map) = detect_kind(&table.headers).unwrap();
        let loaded = load(kind, "p.csv", None, &table, &mut table.records(), &map);
        assert_eq!(loaded.rows_rejected, 1);
        type Seen<'a> = (u64, Option<&'a str>, Option<&'a str>, Option<i64>, Option<Stage>, Option<i64>);
        let seen: Vec<Seen> = loaded
            .rows
            .iter()
            .map(|r| {
                (
                    r.row(),
                    r.text(Col::ProjectId),
                    r.text(Col::Program),
                    r.int(Col::AdoptedFy),
                    r.stage(Col::CurrentStage),
                    r.int(Col::Grant),
                )
            })
            .collect();
        // The grant's unit is unknown: the column is not read at all.
        assert_eq!(
            seen,
            [
                (2, Some("A"), Some("事業X"), Some(2021), Some(Stage::ProductDevelopment), None),
                (4, Some("B"), Some("事業Y"), Some(2022), None, None),
                (5, Some("C"), Some("事業X"), Some(2019), Some(Stage::Clinical), None),
            ]
        );
        let program = |i: usize| loaded.rows[i].get(Col::Program).unwrap();
        assert!(std::ptr::eq(program(0), program(2)), "a repeated value is stored once");
        assert_eq!(loaded.rows[0], Row::new(kind, "p.csv", 2, loaded.rows[0].values().map(|v| v.cloned()).collect()));
        assert_ne!(loaded.rows[0], loaded.rows[2]);
    }

    #[test]
    fn leading_zero_codes_stay_text() {
        let table = read_table("年度,課題ID,採択年度,回答者ID\n2023,007,2020,x\n2023,０１２,2021,y\n").unwrap();
        let (kind, map) = detect_kind(&table.headers).unwrap();
        let loaded = load(kind, "p.csv", None, &table, &mut table.records(), &map);
        let ids: Vec<&str> = loaded.rows.iter().filter_map(|r| r.text(Col::ProjectId)).collect();
        assert_eq!(ids, ["007", "012"]);
    }
}

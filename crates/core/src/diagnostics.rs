//! Problems found in the user's files, as they are found: a [`Position`] and an [`IssueKind`] that
//! carries its data, like an error of BurntSushi's `csv` (a kind and where it happened). The code,
//! the severity and the message in either language derive from the kind.
//!
//! Nothing is dropped or coerced without one of these. A [`Diagnostic`] is published as the
//! contract's [`Issue`] (its messages written out) in the results JSON, the page's problem list and
//! the CLI's output alike; the page never sees a kind, so the messages live here, not in its wasm.
//!
//! ```
//! use mdkpi_core::diagnostics::{At, IssueKind};
//! use mdkpi_core::contract::diagnostics::{IssueCode, Severity};
//! use mdkpi_core::contract::lang::Lang;
//! let found = At::cell("p.csv", 3, "採択年度").issue(IssueKind::MissingRequired);
//! assert_eq!((found.code(), found.severity()), (IssueCode::MissingRequired, Severity::Error));
//! assert!(found.message(Lang::En).contains("required"));
//! assert!(found.publish().to_json().contains("\"row\": 3"));
//! ```

use std::borrow::Cow;

use mdkpi_contract::diagnostics::{column_letters, Issue, IssueCode, Position, Severity};
use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::lang::Lang;
use mdkpi_contract::schema::Col;
use mdkpi_contract::value::Expected;

/// What went wrong, with what the message needs to say it.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// A required cell is empty or a missing marker: the row is rejected.
    MissingRequired,
    /// A required cell holds something that is not a valid value: the row is rejected.
    InvalidRequired { expected: Expected, raw: String },
    /// An optional cell holds an invalid value: it became missing; the row stays.
    InvalidValue { expected: Expected, raw: String },
    /// A row has more cells than the header; the extra cells were not read.
    ExtraCells { header_len: usize, found: usize },
    /// A later row has the same key; this row was replaced by it.
    DuplicateKey { key: String, later_source: String, later_row: u64 },
    /// Bytes that are not valid in the detected encoding became U+FFFD.
    MalformedEncoding { encoding: TextEncoding, count: usize },
    /// The file could not be read as a table; `reason` is the reader's own words.
    Unreadable { reason: String },
    /// The headers match no known dataset kind.
    UnknownKind { headers: Vec<String> },
    /// A required column is not among the headers.
    MissingColumn { ja: &'static str, key: Col },
    /// A JSON workspace key that names no dataset kind, or whose value is not an array.
    UnknownWorkspaceKey { key: String },
    /// A JSON array element that is not an object cannot be a row.
    NotAnObject,
    /// A header named by the column mapping (or a recipe) is not in the file: renamed or deleted.
    MappedColumnMissing { key: Col, header: String },
    /// A second column names a column already read; it is not used.
    DuplicateColumn { header: String, position: usize },
    /// Columns that match no column of the dataset kind; they are not used.
    UnusedColumns { headers: Vec<String> },
    /// A quoted cell is never closed: the rest of the file was read into one cell.
    UnterminatedQuote { lines: u64 },
    /// A table with a header and no data rows.
    NoRows,
    /// The description row of a downloaded template was left in; it was skipped.
    TemplateNotes,
    /// The file is larger than the configured limit and was not read.
    FileTooLarge { bytes: u64, limit: u64 },
    /// The file has more rows than mdkpi reads; none of them was used.
    TooManyRows { rows: u64, limit: u64 },
    /// The file has more columns than mdkpi reads; none of its `rows` was used.
    TooManyColumns { columns: usize, limit: usize, rows: u64 },
    /// A money column's header names a unit mdkpi does not know; its values are not used.
    UnknownUnit { label: String },
    /// A money column's header names no unit; its values were read as yen.
    UnitAssumed,
    /// A stage moved backwards between adoption and now (kept as is; might be a typo).
    StageDecreased { at_adoption: u8, current: u8 },
    /// Rows above the header (a title, a date, a unit line) were set aside.
    AboveHeader { first: u64, last: u64 },
    /// A note below or beside the table (※…, 注…, 出典…) was set aside.
    NoteRow,
    /// A total row (合計, 小計…) was set aside: its figures are not data, and counting them would
    /// count the rows above it twice.
    TotalRow { label: String },
    /// A total row's figure is not the sum of the rows it totals: the sheet itself is wrong.
    TotalMismatch { stated: String, computed: String },
    /// An error value (#DIV/0!, #N/A…) in a cell: it became missing.
    CellError { error: String },
    /// A formula saved without its result: the cell became missing.
    FormulaWithoutValue { formula: String },
    /// The workbook is password-protected.
    Encrypted,
    /// The workbook inflates past the limit (a zip bomb is refused before it is inflated).
    WorkbookTooLarge { uncompressed: u64, limit: u64 },
    /// A sheet claims more cells than mdkpi reads.
    TooManyCells { cells: u64, limit: u64 },
    /// A sheet whose content matches no dataset kind (a cover sheet, instructions) was not read.
    SheetSkipped,
    /// A unit line above the header (（単位：千円）) gave the money columns without a unit theirs.
    UnitFromLine { label: String },
    /// The kind chosen for the table matches too few of its headers for any row to be used.
    TooFewColumns { kind: &'static str, found: usize },
    /// The user chose not to read this sheet (or file), or a recipe (named) left a sheet of its
    /// name out.
    SkippedByChoice { recipe: Option<String> },
    /// No sheet of a workbook matched a dataset kind: the workbook gave nothing.
    NoSheetRead,
    /// The header row the user chose is not a row of the table (or is blank); the header was
    /// looked for as usual.
    HeaderRowNotFound { row: u64 },
    /// Values past the last column read (the first named, `count` in the sheet): not read.
    PastLastColumn { limit: u32, count: u64 },
    /// A KPI definition (`mdkpi.kpis/1`) that cannot be computed: it is left out.
    KpiDefinition { id: Option<String>, problem: KpiProblem },
    /// A KPI definition names a column that no table of its kind has: it has no figures.
    KpiColumnNotFound { id: String, column: String },
    /// A cell a defined KPI reads is not what its condition or measure needs (a number, yes/no):
    /// the row counts as unknown for that KPI.
    KpiValueUnusable { id: String, raw: String },
}

/// Why a KPI definition cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum KpiProblem {
    /// Not valid JSON, a field of the wrong type, an unknown word or field: the reader's words.
    Unreadable {
        reason: String,
    },
    DuplicateId,
    Goal {
        goal: u8,
    },
    NoName,
    /// Reference statistics and follow-up text have no rows to count.
    Kind {
        kind: &'static str,
    },
    /// `sum` and `mean` need the `column` they add up.
    ColumnNeeded,
    /// `share` needs the condition `where`.
    ConditionNeeded,
    /// `count` and `share` count rows: a `column` says nothing to them.
    ColumnNotUsed,
    /// `of` is the denominator of a share only.
    OfNotUsed,
    NoColumn,
    /// A condition with no test (`is`, `min`, `max`, `missing`).
    EmptyCondition,
    Range {
        min: f64,
        max: f64,
    },
    Breakdown {
        dimension: &'static str,
        allowed: String,
    },
}

impl KpiProblem {
    fn message(&self, ja: bool) -> String {
        use KpiProblem::*;
        let (j, e): (String, String) = match self {
            Unreadable { reason } => (format!("読み取れません（{reason}）。"), format!("cannot be read ({reason}).")),
            DuplicateId => ("同じ id の定義が先にあります。".into(), "an earlier definition has the same id.".into()),
            Goal { goal } => (
                format!("goal は 1〜11 のいずれかです（{goal} とあります）。"),
                format!("goal is one of 1–11 (it says {goal})."),
            ),
            NoName => {
                ("name_ja と name_en の両方に名前が要ります。".into(), "name_ja and name_en both need a name.".into())
            }
            Kind { kind } => (
                format!("{kind}は行を数える種別ではありません。"),
                format!("{kind} is not a kind whose rows can be counted."),
            ),
            ColumnNeeded => (
                "sum と mean には集計する列 column が要ります。".into(),
                "sum and mean need the column they add up.".into(),
            ),
            ConditionNeeded => ("share には条件 where が要ります。".into(), "share needs a where condition.".into()),
            ColumnNotUsed => (
                "count と share は行を数えるため column は使いません（条件は where に書きます）。".into(),
                "count and share count rows, so column is not used (write the condition in where).".into(),
            ),
            OfNotUsed => ("of は share の分母にだけ使います。".into(), "of is the denominator of a share only.".into()),
            NoColumn => ("条件に列 column がありません。".into(), "the condition names no column.".into()),
            EmptyCondition => (
                "条件に is・min・max・missing のいずれもありません。".into(),
                "the condition has none of is, min, max, missing.".into(),
            ),
            Range { min, max } => (
                format!("min（{min}）が max（{max}）より大きくなっています。"),
                format!("min ({min}) is greater than max ({max})."),
            ),
            Breakdown { dimension, allowed } => (
                format!("この種別は {dimension} で内訳を出せません（使えるのは {allowed}）。"),
                format!("this kind cannot be broken down by {dimension} (it can by {allowed})."),
            ),
        };
        if ja {
            j
        } else {
            e
        }
    }
}

/// One positioned problem, as found.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub position: Position,
    pub kind: IssueKind,
}

/// Where in a file a problem is, borrowed: the way issues are made.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub source: &'a str,
    pub sheet: Option<&'a str>,
    pub row: Option<u64>,
    pub column: Option<&'a str>,
    /// The column's place (0 for A), which names the cell in a sheet.
    pub index: Option<usize>,
}

impl<'a> At<'a> {
    pub fn file(source: &'a str) -> Self {
        At { source, sheet: None, row: None, column: None, index: None }
    }

    pub fn cell(source: &'a str, row: u64, column: &'a str) -> Self {
        At { row: Some(row), column: Some(column), ..At::file(source) }
    }

    pub fn row(source: &'a str, row: u64) -> Self {
        At { row: Some(row), ..At::file(source) }
    }

    /// In `sheet` of a workbook, where there is one.
    pub fn in_sheet(self, sheet: Option<&'a str>) -> Self {
        At { sheet, ..self }
    }

    /// At the column in place `index` (0 for A).
    pub fn at_index(self, index: usize) -> Self {
        At { index: Some(index), ..self }
    }

    pub fn position(self) -> Position {
        // A sheet's cells are named as the spreadsheet names them; a CSV's by their header.
        let cell = match (self.sheet, self.index, self.row) {
            (Some(_), Some(index), Some(row)) => Some(format!("{}{row}", column_letters(index))),
            _ => None,
        };
        Position {
            source: self.source.to_owned(),
            sheet: self.sheet.map(str::to_owned),
            row: self.row,
            column: self.column.map(str::to_owned),
            cell,
            line: None,
        }
    }

    pub fn issue(self, kind: IssueKind) -> Diagnostic {
        Diagnostic { position: self.position(), kind }
    }
}

impl IssueKind {
    pub fn code(&self) -> IssueCode {
        use IssueKind::*;
        match self {
            MissingRequired => IssueCode::MissingRequired,
            InvalidRequired { .. } => IssueCode::InvalidRequired,
            InvalidValue { .. } => IssueCode::InvalidValue,
            ExtraCells { .. } => IssueCode::ExtraCells,
            DuplicateKey { .. } => IssueCode::DuplicateKey,
            MalformedEncoding { .. } => IssueCode::MalformedEncoding,
            Unreadable { .. } => IssueCode::Unreadable,
            UnknownKind { .. } => IssueCode::UnknownKind,
            MissingColumn { .. } => IssueCode::MissingColumn,
            UnknownWorkspaceKey { .. } => IssueCode::UnknownWorkspaceKey,
            NotAnObject => IssueCode::NotAnObject,
            MappedColumnMissing { .. } => IssueCode::MappedColumnMissing,
            DuplicateColumn { .. } => IssueCode::DuplicateColumn,
            UnusedColumns { .. } => IssueCode::UnusedColumns,
            UnterminatedQuote { .. } => IssueCode::UnterminatedQuote,
            NoRows => IssueCode::NoRows,
            TemplateNotes => IssueCode::TemplateNotes,
            FileTooLarge { .. } => IssueCode::FileTooLarge,
            TooManyRows { .. } => IssueCode::TooManyRows,
            TooManyColumns { .. } => IssueCode::TooManyColumns,
            UnknownUnit { .. } => IssueCode::UnknownUnit,
            UnitAssumed => IssueCode::UnitAssumed,
            StageDecreased { .. } => IssueCode::StageDecreased,
            AboveHeader { .. } => IssueCode::AboveHeader,
            NoteRow => IssueCode::NoteRow,
            TotalRow { .. } => IssueCode::TotalRow,
            TotalMismatch { .. } => IssueCode::TotalMismatch,
            CellError { .. } => IssueCode::CellError,
            FormulaWithoutValue { .. } => IssueCode::FormulaWithoutValue,
            Encrypted => IssueCode::Encrypted,
            WorkbookTooLarge { .. } => IssueCode::WorkbookTooLarge,
            TooManyCells { .. } => IssueCode::TooManyCells,
            SheetSkipped => IssueCode::SheetSkipped,
            UnitFromLine { .. } => IssueCode::UnitFromLine,
            TooFewColumns { .. } => IssueCode::TooFewColumns,
            SkippedByChoice { .. } => IssueCode::SkippedByChoice,
            NoSheetRead => IssueCode::NoSheetRead,
            HeaderRowNotFound { .. } => IssueCode::HeaderRowNotFound,
            PastLastColumn { .. } => IssueCode::PastLastColumn,
            KpiDefinition { .. } => IssueCode::KpiDefinition,
            KpiColumnNotFound { .. } => IssueCode::KpiColumnNotFound,
            KpiValueUnusable { .. } => IssueCode::KpiValueUnusable,
        }
    }

    /// An error means the row or file was not used; a warning that it was, with a value dropped, or
    /// that something deserves a look (a total row, set aside so as not to count twice, whose sums
    /// the reader should trust); information that a row of the layout was set aside, nothing lost.
    pub fn severity(&self) -> Severity {
        use IssueKind::*;
        match self {
            MissingRequired
            | InvalidRequired { .. }
            | Unreadable { .. }
            | UnknownKind { .. }
            | MissingColumn { .. }
            | UnknownWorkspaceKey { .. }
            | NotAnObject
            | UnterminatedQuote { .. }
            | FileTooLarge { .. }
            | TooManyRows { .. }
            | TooManyColumns { .. }
            | Encrypted
            | WorkbookTooLarge { .. }
            | TooManyCells { .. }
            | TooFewColumns { .. }
            | NoSheetRead
            | KpiDefinition { .. } => Severity::Error,
            InvalidValue { .. }
            | ExtraCells { .. }
            | DuplicateKey { .. }
            | MalformedEncoding { .. }
            | MappedColumnMissing { .. }
            | DuplicateColumn { .. }
            | UnusedColumns { .. }
            | NoRows
            | TemplateNotes
            | UnknownUnit { .. }
            | UnitAssumed
            | StageDecreased { .. }
            | TotalRow { .. }
            | TotalMismatch { .. }
            | CellError { .. }
            | FormulaWithoutValue { .. }
            | HeaderRowNotFound { .. }
            | PastLastColumn { .. }
            | KpiColumnNotFound { .. }
            | KpiValueUnusable { .. } => Severity::Warning,
            AboveHeader { .. } | NoteRow | SheetSkipped | UnitFromLine { .. } | SkippedByChoice { .. } => {
                Severity::Info
            }
        }
    }

    /// The raw value at fault, where there is one.
    pub fn value(&self) -> Option<Cow<'_, str>> {
        use IssueKind::*;
        match self {
            InvalidRequired { raw, .. } | InvalidValue { raw, .. } => Some(Cow::Borrowed(raw)),
            MappedColumnMissing { header, .. } | DuplicateColumn { header, .. } => Some(Cow::Borrowed(header)),
            UnusedColumns { headers } => Some(Cow::Owned(headers.join(", "))),
            UnknownWorkspaceKey { key } => Some(Cow::Borrowed(key)),
            UnknownUnit { label } | UnitFromLine { label } | TotalRow { label } => Some(Cow::Borrowed(label)),
            CellError { error } => Some(Cow::Borrowed(error)),
            FormulaWithoutValue { formula } => Some(Cow::Borrowed(formula)),
            KpiDefinition { id, .. } => id.as_deref().map(Cow::Borrowed),
            KpiColumnNotFound { column, .. } => Some(Cow::Borrowed(column)),
            KpiValueUnusable { raw, .. } => Some(Cow::Borrowed(raw)),
            _ => None,
        }
    }

    /// For a refusal of a whole table: how many rows it had (all rejected).
    pub fn refused_rows(&self) -> Option<u64> {
        match self {
            IssueKind::TooManyRows { rows, .. } | IssueKind::TooManyColumns { rows, .. } => Some(*rows),
            _ => None,
        }
    }

    /// The message, in `lang`.
    pub fn message(&self, lang: Lang) -> Cow<'static, str> {
        use IssueKind::*;
        let ja = lang == Lang::Ja;
        let text = |ja_text: &'static str, en_text: &'static str| Cow::Borrowed(if ja { ja_text } else { en_text });
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        Cow::Owned(match self {
            MissingRequired => {
                return text(
                    "必須項目が空のため、この行は集計に使われません。",
                    "A required cell is empty; the row is not used.",
                )
            }
            InvalidRequired { expected, raw } if ja => {
                format!("必須項目「{raw}」を{}として読めないため、この行は集計に使われません。", expected.ja())
            }
            InvalidRequired { expected, raw } => {
                format!("Required cell \"{raw}\" is not {}; the row is not used.", expected.en())
            }
            InvalidValue { expected, raw } if ja => {
                format!("「{raw}」を{}として読めないため、欠測として扱いました（行は使われます）。", expected.ja())
            }
            InvalidValue { expected, raw } => {
                format!("\"{raw}\" is not {}; treated as missing (the row is used).", expected.en())
            }
            ExtraCells { header_len, found } if ja => format!(
                "見出しは{header_len}列ですが、この行には{found}個のセルがあります。余分なセルは読み込んでいません。"
            ),
            ExtraCells { header_len, found } => format!(
                "The header has {header_len} columns but this row has {found} cells; the extra cells were not read."
            ),
            DuplicateKey { key, later_source, later_row } if ja => format!(
                "同じキー（{key}）の行が {later_source} の {later_row} 行目にもあるため、この行は後の行で置き換えました。"
            ),
            DuplicateKey { key, later_source, later_row } => format!(
                "Key {key} appears again in {later_source} row {later_row}; this row was replaced by the later one."
            ),
            MalformedEncoding { encoding, count } if ja => format!(
                "{} として読めない文字が {count} 個あり、「\u{FFFD}」に置き換えました。文字コードを確認してください。",
                encoding.label()
            ),
            MalformedEncoding { encoding, count } => format!(
                "{count} byte sequences are not valid {} and became \"\u{FFFD}\"; check the file's encoding.",
                encoding.label()
            ),
            Unreadable { reason } if ja => format!("表として読み込めませんでした（{reason}）。"),
            Unreadable { reason } => format!("The file could not be read as a table ({reason})."),
            UnknownKind { headers } => {
                let shown = headers.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
                if ja {
                    format!("見出し（{shown}）がどのデータ種別にも一致しないため、このファイルは使われません。")
                } else {
                    format!("The headers ({shown}) match no known dataset kind; the file is not used.")
                }
            }
            MissingColumn { ja: name, .. } if ja => format!("必須列「{name}」がありません。"),
            MissingColumn { ja: name, key } => format!("Required column \"{key}\" ({name}) is missing."),
            UnknownWorkspaceKey { key } if ja => format!(
                "「{key}」はデータ種別の名前ではないか、値が配列ではないため、使われません（projects, trainings, satisfaction, members, hubs, reference, followup）。"
            ),
            UnknownWorkspaceKey { key } => format!(
                "\"{key}\" is not a dataset kind or its value is not an array; it is not used (projects, trainings, satisfaction, members, hubs, reference, followup)."
            ),
            NotAnObject => {
                return text(
                    "配列の要素がオブジェクトではないため、行として読めません。",
                    "This array element is not an object, so it cannot be a row.",
                )
            }
            MappedColumnMissing { key, header } if ja => format!(
                "対応付けで {key} に指定した列「{header}」がファイルにありません。列名が変わったか削除された可能性があります。"
            ),
            MappedColumnMissing { key, header } => {
                format!("The mapping assigns \"{header}\" to {key}, but the file has no such column: renamed or deleted?")
            }
            DuplicateColumn { header, position } if ja => {
                format!("列「{header}」（{position}列目）は前の列と同じ項目を指すため、読み込んでいません。")
            }
            DuplicateColumn { header, position } => {
                format!("Column \"{header}\" (column {position}) names a column already read; it was not used.")
            }
            UnusedColumns { headers } if ja => format!(
                "次の列はどの項目にも当たらないため、使っていません: {}（必要なら列の対応付けで指定できます）",
                headers.join(", ")
            ),
            UnusedColumns { headers } => format!(
                "These columns match nothing and were not used: {} (map them in the column mapping if needed).",
                headers.join(", ")
            ),
            UnterminatedQuote { lines } if ja => format!(
                "この行で始まる引用符（\"）が閉じられていないため、ファイルの終わりまで（{lines} 行分）がひとつのセルとして読まれました。引用符を確認してください。"
            ),
            UnterminatedQuote { lines } => format!(
                "A quote (\") opened in this row is never closed, so the rest of the file ({lines} lines) was read as one cell. Please check the quotes."
            ),
            NoRows => return text("見出しだけで、データの行がありません。", "The file has a header but no data rows."),
            TemplateNotes => {
                return text(
                    "テンプレートの説明行のため読み飛ばしました。",
                    "This is the template's description row; it was skipped.",
                )
            }
            FileTooLarge { bytes, limit } if ja => format!(
                "ファイルが大きすぎるため読み込みません（{:.1} MB、上限 {:.0} MB）。ファイルを分割してください。",
                mb(*bytes),
                mb(*limit)
            ),
            FileTooLarge { bytes, limit } => format!(
                "The file is too large to read ({:.1} MB; the limit is {:.0} MB). Please split it.",
                mb(*bytes),
                mb(*limit)
            ),
            TooManyRows { rows, limit } if ja => {
                format!("行数が多すぎるため読み込みません（{rows} 行、上限 {limit} 行）。ファイルを分割してください。")
            }
            TooManyRows { rows, limit } => {
                format!("Too many rows to read ({rows}; the limit is {limit}). Please split the file.")
            }
            TooManyColumns { columns, limit, .. } if ja => {
                format!("列数が多すぎるため読み込みません（{columns} 列、上限 {limit} 列）。")
            }
            TooManyColumns { columns, limit, .. } => format!("Too many columns to read ({columns}; the limit is {limit})."),
            UnknownUnit { label } if ja => format!(
                "見出しの単位「{label}」が分からないため、この列の金額は使いません（円・千円・万円・百万円・億円が使えます）。"
            ),
            UnknownUnit { label } => format!(
                "Unknown unit \"{label}\" in the header; this column's amounts are not used (円, 千円, 万円, 百万円 and 億円 are known)."
            ),
            UnitAssumed => {
                return text(
                    "見出しに単位がないため、この列の金額を円として読みました。千円などの場合は、見出しを「助成額（千円）」のようにしてください。",
                    "The header names no unit, so this column's amounts were read as yen. If they are in thousands of yen (or another unit), name it in the header, as in 助成額（千円）.",
                )
            }
            StageDecreased { at_adoption, current } if ja => format!(
                "現在ステージ（{current}）が採択時ステージ（{at_adoption}）より低くなっています。入力誤りでないか確認してください（値はそのまま使います）。"
            ),
            StageDecreased { at_adoption, current } => format!(
                "Current stage ({current}) is below the stage at adoption ({at_adoption}); please check (used as is)."
            ),
            AboveHeader { first, last } if first == last => {
                if ja {
                    format!("{first} 行目は見出しより上の行（表題・日付・単位など）のため、読み飛ばしました。")
                } else {
                    format!("Row {first} is above the header (a title, a date, a unit line): set aside.")
                }
            }
            AboveHeader { first, last } if ja => {
                format!("{first}〜{last} 行目は見出しより上の行（表題・日付・単位など）のため、読み飛ばしました。")
            }
            AboveHeader { first, last } => {
                format!("Rows {first}–{last} are above the header (a title, a date, a unit line): set aside.")
            }
            NoteRow => {
                return text(
                    "注記・出典などの行のため、読み飛ばしました。",
                    "A note (※, 注, 出典…), not data: set aside.",
                )
            }
            TotalRow { label } if ja => format!(
                "「{label}」の行は合計の行のため、データとして数えていません（上の行を二重に数えないため）。"
            ),
            TotalRow { label } => format!(
                "A \"{label}\" row is a total, not data: set aside (counting it would count the rows above it twice)."
            ),
            TotalMismatch { stated, computed } if ja => format!(
                "合計の行の値 {stated} が、合計される行の和 {computed} と一致しません。元の表を確認してください。"
            ),
            TotalMismatch { stated, computed } => format!(
                "The total row says {stated}, but the rows it totals sum to {computed}: please check the sheet."
            ),
            CellError { error } if ja => format!("セルがエラー値（{error}）のため、欠測として扱いました。"),
            CellError { error } => format!("The cell holds an error value ({error}); treated as missing."),
            FormulaWithoutValue { formula } if ja => format!(
                "数式（{formula}）の計算結果がファイルに保存されていないため、欠測として扱いました。表計算ソフトで開いて保存し直してください。"
            ),
            FormulaWithoutValue { formula } => format!(
                "The formula ({formula}) was saved without its result; treated as missing. Open and save the file in a spreadsheet program."
            ),
            Encrypted => {
                return text(
                    "パスワードで保護されたブックのため読み込めません。パスワードを外して保存してから読み込んでください。",
                    "The workbook is password-protected and cannot be read; save it without a password and try again.",
                )
            }
            WorkbookTooLarge { uncompressed, limit } if ja => format!(
                "ブックを展開すると大きすぎるため読み込みません（{:.1} MB、上限 {:.0} MB）。",
                mb(*uncompressed),
                mb(*limit)
            ),
            WorkbookTooLarge { uncompressed, limit } => format!(
                "The workbook would inflate to {:.1} MB, over the limit of {:.0} MB; it was not read.",
                mb(*uncompressed),
                mb(*limit)
            ),
            TooManyCells { cells, limit } if ja => {
                format!("このシートはセルが多すぎるため読み込みません（{cells} セル、上限 {limit} セル）。")
            }
            TooManyCells { cells, limit } => format!("This sheet has too many cells to read ({cells}; the limit is {limit})."),
            SheetSkipped => {
                return text(
                    "どのデータ種別にも当たらないシート（表紙・説明など）のため、読み込んでいません。",
                    "This sheet matches no dataset kind (a cover or instructions sheet): not read.",
                )
            }
            UnitFromLine { label } if ja => {
                format!("見出しの上の単位の行（{label}）を、単位のない金額の列に当てはめました。")
            }
            UnitFromLine { label } => {
                format!("The unit line above the header ({label}) applies to the money columns whose header names no unit.")
            }
            TooFewColumns { kind, found } if ja => format!(
                "見出しのうち「{kind}」の列に当たるのは {found} 列だけのため、行を読み込めません。見出しの行や列の対応付けを確認してください。"
            ),
            TooFewColumns { kind, found } => format!(
                "Only {found} of the headers match columns of {kind}, so no row can be read; check the header row or the column mapping."
            ),
            SkippedByChoice { recipe: None } => {
                return text("読み込まない設定のシートです。", "Set not to be read.")
            }
            SkippedByChoice { recipe: Some(recipe) } if ja => {
                format!("レシピ {recipe} で読み込まない設定のシート名です。読み込むには「読み込む」に印を付けてください。")
            }
            SkippedByChoice { recipe: Some(recipe) } => {
                format!("A sheet of this name is left out by the recipe {recipe}; tick 読み込む to read it.")
            }
            KpiDefinition { id, problem } if ja => format!(
                "KPI 定義{}は使えません: {}",
                id.as_ref().map(|id| format!(" {id} ")).unwrap_or_default(),
                problem.message(true)
            ),
            KpiDefinition { id, problem } => format!(
                "The KPI definition{} is not used: {}",
                id.as_ref().map(|id| format!(" {id}")).unwrap_or_default(),
                problem.message(false)
            ),
            KpiColumnNotFound { id, column } if ja => format!(
                "KPI {id} が使う列「{column}」は、その種別のどのファイルにもありません。この KPI の数値は出ません。"
            ),
            KpiColumnNotFound { id, column } => format!(
                "The column \"{column}\" that KPI {id} reads is in no file of its kind; the KPI has no figures."
            ),
            KpiValueUnusable { id, raw } if ja => format!(
                "「{raw}」は KPI {id} の条件・集計に使えない値です（数値、または有無: ○/×、はい/いいえ、1/0）。この行はこの KPI では不明として扱います。"
            ),
            KpiValueUnusable { id, raw } => format!(
                "\"{raw}\" is a value KPI {id} cannot use (it needs a number, or yes/no: ○/×, はい/いいえ, 1/0); the row counts as unknown for this KPI."
            ),
            PastLastColumn { limit, count } if ja => {
                format!("{limit} 列目より右にある値（このシートで {count} 個）は読み込みません。表の外に値が残っていないか確認してください。")
            }
            PastLastColumn { limit, count } => format!(
                "Values right of column {limit} ({count} in this sheet) are not read; check for values left outside the table."
            ),
            HeaderRowNotFound { row } if ja => {
                format!("見出しに指定した {row} 行目は、表の中の値のある行ではありません。見出しは自動で探しました。")
            }
            HeaderRowNotFound { row } => {
                format!("Row {row}, chosen as the header, is not a row of the table with values; the header was found as usual.")
            }
            NoSheetRead => {
                return text(
                    "どのシートもデータ種別に当たらず、何も読み込めませんでした。シートの見出し行か、種別と列の対応付けを指定してください。",
                    "No sheet matches a dataset kind, so nothing was read: choose each sheet's header row, or the kind and the column mapping.",
                )
            }
        })
    }
}

impl Diagnostic {
    pub fn code(&self) -> IssueCode {
        self.kind.code()
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn message(&self, lang: Lang) -> Cow<'static, str> {
        self.kind.message(lang)
    }

    pub fn source(&self) -> &str {
        &self.position.source
    }

    pub fn row(&self) -> Option<u64> {
        self.position.row
    }

    /// The problem as the results publish it: its messages written out in both languages.
    pub fn publish(&self) -> Issue {
        Issue {
            // The line a reader stopped at is in the message, not published apart.
            position: Position { line: None, ..self.position.clone() },
            severity: self.severity(),
            code: self.code(),
            message: self.message(Lang::Ja).into_owned(),
            message_en: self.message(Lang::En).into_owned(),
            value: self.kind.value().map(Cow::into_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_issue_read_back_equals_the_one_written_and_keeps_its_code() {
        let found = At::cell("p.csv", 4, "満足度")
            .issue(IssueKind::InvalidValue { expected: Expected::Satisfaction, raw: "とても".into() });
        let written = found.publish();
        let back: Issue = serde_json::from_str(&serde_json::to_string(&written).unwrap()).unwrap();
        assert_eq!(back, written);
        assert_eq!((back.code(), back.severity()), (IssueCode::InvalidValue, Severity::Warning));
        assert_eq!(back.message(Lang::Ja), found.message(Lang::Ja));
        assert_eq!(back.value.as_deref(), Some("とても"));
        let other = At::cell("p.csv", 5, "満足度").issue(found.kind.clone()).publish();
        assert_ne!(other, written);
    }

    #[test]
    fn every_error_rejects_and_every_warning_keeps() {
        let rejected = [
            IssueKind::MissingRequired,
            IssueKind::TooManyRows { rows: 3, limit: 2 },
            IssueKind::Unreadable { reason: "x".into() },
        ];
        assert!(rejected.iter().all(|k| k.severity() == Severity::Error));
        assert_eq!(IssueKind::TooManyColumns { columns: 9, limit: 5, rows: 4 }.refused_rows(), Some(4));
        assert_eq!(IssueKind::UnitAssumed.severity(), Severity::Warning);
    }

    #[test]
    fn a_sheets_cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(
            (column_letters(0), column_letters(25), column_letters(26), column_letters(16383)),
            ("A".into(), "Z".into(), "AA".into(), "XFD".into())
        );
        let found = At::row("b.xlsx", 12).in_sheet(Some("R6実績")).at_index(4).issue(IssueKind::NoteRow);
        assert_eq!(
            (found.position.cell.as_deref(), found.position.in_sheet()),
            (Some("E12"), Some("R6実績!E12".to_owned()))
        );
    }
}

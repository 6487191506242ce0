//! Problems found in the user's files: a [`Position`] and an [`IssueKind`] that carries its data,
//! like an error of BurntSushi's `csv` (a kind and where it happened). The code, the severity and
//! the message in either language derive from the kind.
//!
//! Nothing is dropped or coerced without one of these: they go into the results JSON (`issues`),
//! the page's problem list and the CLI's output alike. In the JSON an issue is published flat:
//! `source`, `row`, `column`, `severity`, `code`, `message` (Japanese), `message_en` and `value`.
//!
//! ```
//! use mdkpi_contract::diagnostics::{At, IssueCode, IssueKind, Severity};
//! use mdkpi_contract::lang::Lang;
//! let issue = At::cell("p.csv", 3, "採択年度").issue(IssueKind::MissingRequired);
//! assert_eq!((issue.code(), issue.severity()), (IssueCode::MissingRequired, Severity::Error));
//! assert!(issue.message(Lang::En).contains("required"));
//! assert!(issue.to_json().contains("\"row\": 3"));
//! ```

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::encoding::TextEncoding;
use crate::lang::Lang;
use crate::schema::Col;
use crate::value::Expected;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row (or file) was not used.
    Error,
    /// The row was used, but a value was dropped or something else deserves a look.
    Warning,
}

/// Stable, machine-readable reason codes (they appear in the results JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    MissingRequired,
    InvalidRequired,
    InvalidValue,
    ExtraCells,
    DuplicateKey,
    MalformedEncoding,
    Unreadable,
    UnknownKind,
    MissingColumn,
    UnknownWorkspaceKey,
    NotAnObject,
    MappedColumnMissing,
    DuplicateColumn,
    UnusedColumns,
    UnterminatedQuote,
    NoRows,
    TemplateNotes,
    FileTooLarge,
    TooManyRows,
    TooManyColumns,
    UnknownUnit,
    UnitAssumed,
    StageDecreased,
}

/// Where in the input a problem is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The file name as the user gave it (`file.json#key` for a part of a JSON workspace).
    pub source: String,
    /// Spreadsheet row (header = 1), where the problem has one.
    pub row: Option<u64>,
    /// The column as written in the file's header, where the problem has one.
    pub column: Option<String>,
    /// The line of the text where a reader stopped, where that is not a spreadsheet row (a JSON
    /// syntax error). Not published: the message says it.
    pub line: Option<u64>,
}

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
    /// An issue read back from a results document: all that is known is what was published.
    Published { code: IssueCode, severity: Severity, message: String, message_en: String, value: Option<String> },
}

/// One positioned problem.
#[derive(Debug, Clone)]
pub struct Issue {
    pub position: Position,
    pub kind: IssueKind,
}

/// Where in a file a problem is, borrowed: the way issues are made.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub source: &'a str,
    pub row: Option<u64>,
    pub column: Option<&'a str>,
}

impl<'a> At<'a> {
    pub fn file(source: &'a str) -> Self {
        At { source, row: None, column: None }
    }

    pub fn cell(source: &'a str, row: u64, column: &'a str) -> Self {
        At { source, row: Some(row), column: Some(column) }
    }

    pub fn row(source: &'a str, row: u64) -> Self {
        At { source, row: Some(row), column: None }
    }

    pub fn position(self) -> Position {
        Position { source: self.source.to_owned(), row: self.row, column: self.column.map(str::to_owned), line: None }
    }

    pub fn issue(self, kind: IssueKind) -> Issue {
        Issue { position: self.position(), kind }
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
            Published { code, .. } => *code,
        }
    }

    /// An error means the row or file was not used; a warning that it was, with a value dropped or
    /// something else worth a look.
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
            | TooManyColumns { .. } => Severity::Error,
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
            | StageDecreased { .. } => Severity::Warning,
            Published { severity, .. } => *severity,
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
            UnknownUnit { label } => Some(Cow::Borrowed(label)),
            Published { value, .. } => value.as_deref().map(Cow::Borrowed),
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
            Published { message, message_en, .. } => {
                if ja {
                    message.clone()
                } else {
                    message_en.clone()
                }
            }
        })
    }
}

impl Issue {
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

    /// The issue as the results JSON publishes it (pretty, as in a results document).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn published(&self) -> Published<'_> {
        Published {
            source: Cow::Borrowed(&self.position.source),
            row: self.position.row,
            column: self.position.column.as_deref().map(Cow::Borrowed),
            severity: self.severity(),
            code: self.code(),
            message: self.message(Lang::Ja),
            message_en: self.message(Lang::En),
            value: self.kind.value(),
        }
    }
}

/// Two issues are the same when they publish the same: an issue read back from a results document
/// equals the one that was written.
impl PartialEq for Issue {
    fn eq(&self, other: &Issue) -> bool {
        self.published() == other.published()
    }
}

/// An issue as the results JSON has it, field for field.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Published<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    row: Option<u64>,
    #[serde(borrow)]
    column: Option<Cow<'a, str>>,
    severity: Severity,
    code: IssueCode,
    #[serde(borrow)]
    message: Cow<'a, str>,
    #[serde(borrow)]
    message_en: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    value: Option<Cow<'a, str>>,
}

impl Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.published().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Issue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Issue, D::Error> {
        let p = Published::deserialize(d)?;
        Ok(Issue {
            position: Position {
                source: p.source.into_owned(),
                row: p.row,
                column: p.column.map(Cow::into_owned),
                line: None,
            },
            kind: IssueKind::Published {
                code: p.code,
                severity: p.severity,
                message: p.message.into_owned(),
                message_en: p.message_en.into_owned(),
                value: p.value.map(Cow::into_owned),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_read_back_equals_the_one_written_and_keeps_its_code() {
        let written = At::cell("p.csv", 4, "満足度")
            .issue(IssueKind::InvalidValue { expected: Expected::Satisfaction, raw: "とても".into() });
        let json = serde_json::to_string(&written).unwrap();
        let back: Issue = serde_json::from_str(&json).unwrap();
        assert_eq!(back, written);
        assert_eq!((back.code(), back.severity()), (IssueCode::InvalidValue, Severity::Warning));
        assert_eq!(back.message(Lang::Ja), written.message(Lang::Ja));
        assert_eq!(back.kind.value().as_deref(), Some("とても"));
        let other = At::cell("p.csv", 5, "満足度").issue(written.kind.clone());
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
}

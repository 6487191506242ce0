//! Problems found in the user's files, as the results publish them: where ([`Position`]), how bad
//! ([`Severity`]), a stable [`IssueCode`], and the message in Japanese and English, written out.
//! The core finds them as typed kinds (`mdkpi_core::diagnostics`) and publishes them as [`Issue`]s;
//! the page and the CLI only read these.
//!
//! In the JSON an issue is flat: `source`, `sheet`, `row`, `column`, `cell`, `severity`, `code`,
//! `message` (Japanese), `message_en` and `value`.
//!
//! ```
//! use mdkpi_contract::diagnostics::{Issue, IssueCode, Severity};
//! use mdkpi_contract::lang::Lang;
//! let json = r#"{"source": "p.csv", "row": 3, "column": "採択年度", "severity": "error",
//!   "code": "missing_required", "message": "必須項目が空です。", "message_en": "A required cell is empty."}"#;
//! let issue: Issue = serde_json::from_str(json).unwrap();
//! assert_eq!((issue.code(), issue.severity(), issue.row()), (IssueCode::MissingRequired, Severity::Error, Some(3)));
//! assert_eq!(issue.message(Lang::En), "A required cell is empty.");
//! assert!(issue.to_json().contains("\"row\": 3"));
//! ```

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row (or file) was not used.
    Error,
    /// The row was used, but a value was dropped; or something deserves a look (a total row, set
    /// aside so as not to count its rows twice).
    Warning,
    /// Nothing was lost: a row of the layout (a title, a note) or a sheet without data was set
    /// aside, as a person reading the sheet would.
    Info,
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
    AboveHeader,
    NoteRow,
    TotalRow,
    TotalMismatch,
    CellError,
    FormulaWithoutValue,
    Encrypted,
    WorkbookTooLarge,
    TooManyCells,
    SheetSkipped,
    UnitFromLine,
    TooFewColumns,
    SkippedByChoice,
    NoSheetRead,
    HeaderRowNotFound,
    PastLastColumn,
    KpiDefinition,
    KpiColumnNotFound,
    KpiValueUnusable,
}

/// Where in the input a problem is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The file name as the user gave it (`file.json#key` for a part of a JSON workspace).
    pub source: String,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// Spreadsheet row (header = 1), where the problem has one.
    pub row: Option<u64>,
    /// The column as written in the file's header, where the problem has one.
    pub column: Option<String>,
    /// The cell as a spreadsheet names it (`E12`), in a workbook's sheet.
    pub cell: Option<String>,
    /// The line of the text where a reader stopped, where that is not a spreadsheet row (a JSON
    /// syntax error). Not published: the message says it.
    pub line: Option<u64>,
}
/// One positioned problem, as published.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub position: Position,
    pub severity: Severity,
    pub code: IssueCode,
    /// In Japanese.
    pub message: String,
    pub message_en: String,
    /// The raw value at fault, where there is one.
    pub value: Option<String>,
}

/// A column's letters as a spreadsheet names them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl Position {
    /// The place in a workbook as a spreadsheet names it (`R6実績!E12`, or the sheet alone); none
    /// for a text file, whose row and column are said apart.
    pub fn in_sheet(&self) -> Option<String> {
        let sheet = self.sheet.as_ref()?;
        Some(match &self.cell {
            Some(cell) => format!("{sheet}!{cell}"),
            None => sheet.clone(),
        })
    }
}

impl IssueCode {
    /// Whether the file needs its kind or column mapping chosen by hand: its header matched no
    /// kind, lacks a required column, or gave nothing.
    pub fn asks_for_mapping(self) -> bool {
        matches!(
            self,
            IssueCode::UnknownKind
                | IssueCode::MissingColumn
                | IssueCode::TooFewColumns
                | IssueCode::NoSheetRead
                | IssueCode::MappedColumnMissing
        )
    }
}

impl Issue {
    pub fn code(&self) -> IssueCode {
        self.code
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub fn message(&self, lang: Lang) -> &str {
        if lang == Lang::Ja {
            &self.message
        } else {
            &self.message_en
        }
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
            sheet: self.position.sheet.as_deref().map(Cow::Borrowed),
            row: self.position.row,
            column: self.position.column.as_deref().map(Cow::Borrowed),
            cell: self.position.cell.as_deref().map(Cow::Borrowed),
            severity: self.severity,
            code: self.code,
            message: Cow::Borrowed(&self.message),
            message_en: Cow::Borrowed(&self.message_en),
            value: self.value.as_deref().map(Cow::Borrowed),
        }
    }
}

/// An issue as the results JSON has it, field for field.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Published<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    sheet: Option<Cow<'a, str>>,
    row: Option<u64>,
    #[serde(borrow)]
    column: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    cell: Option<Cow<'a, str>>,
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
                sheet: p.sheet.map(Cow::into_owned),
                row: p.row,
                column: p.column.map(Cow::into_owned),
                cell: p.cell.map(Cow::into_owned),
                line: None,
            },
            severity: p.severity,
            code: p.code,
            message: p.message.into_owned(),
            message_en: p.message_en.into_owned(),
            value: p.value.map(Cow::into_owned),
        })
    }
}

//! Problems found in the user's files, each with its position and a message in Japanese and English.
//!
//! Nothing is dropped or coerced without one of these: they go into the results JSON (`issues`),
//! the page's problem list and the CLI's output alike.

use serde::{Deserialize, Serialize};

use crate::model::value::Expected;

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
    /// A required cell is empty or a missing marker: the row is rejected.
    MissingRequired,
    /// A required cell holds something that is not a valid value: the row is rejected.
    InvalidRequired,
    /// An optional cell holds an invalid value: it became missing; the row stays.
    InvalidValue,
    /// A row has more cells than the header; the extra cells were not read.
    ExtraCells,
    /// A later row has the same key; this row was replaced by it.
    DuplicateKey,
    /// Bytes that are not valid in the detected encoding became U+FFFD.
    MalformedEncoding,
    /// The file could not be read as a table.
    Unreadable,
    /// The headers match no known dataset kind.
    UnknownKind,
    /// A required column is not among the headers.
    MissingColumn,
    /// A JSON workspace key that names no dataset kind, or whose value is not an array.
    UnknownWorkspaceKey,
    /// A JSON array element that is not an object cannot be a row.
    NotAnObject,
    /// A header named by the column mapping (or a recipe) is not in the file: renamed or deleted.
    MappedColumnMissing,
    /// A second column names a column already read; it is not used.
    DuplicateColumn,
    /// Columns that match no column of the dataset kind; they are not used.
    UnusedColumns,
    /// A quoted cell is never closed: the rest of the file was read into one cell.
    UnterminatedQuote,
    /// A table with a header and no data rows.
    NoRows,
    /// The description row of a downloaded template was left in; it was skipped.
    TemplateNotes,
    /// The file is larger than the configured limit and was not read.
    FileTooLarge,
    /// The file has more rows than mdkpi reads; none of them was used.
    TooManyRows,
    /// The file has more columns than mdkpi reads; none of its rows was used.
    TooManyColumns,
    /// A money column's header names a unit mdkpi does not know; its values are not used.
    UnknownUnit,
    /// A money column's header names no unit; its values were read as yen.
    UnitAssumed,
    /// A stage moved backwards between adoption and now (kept as is; might be a typo).
    StageDecreased,
}

/// One positioned problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// The file name as the user gave it.
    pub source: String,
    /// Spreadsheet row (header = 1), where the problem has one.
    pub row: Option<u64>,
    /// The column as written in the file's header, where the problem has one.
    pub column: Option<String>,
    pub severity: Severity,
    pub code: IssueCode,
    /// Japanese message.
    pub message: String,
    pub message_en: String,
    /// The raw cell value, where one is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For a refusal of a whole table: how many rows it had (all rejected).
    #[serde(skip)]
    pub refused_rows: Option<u64>,
}

/// Where in a file a problem is.
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

    fn issue(self, severity: Severity, code: IssueCode, ja: String, en: String, value: Option<&str>) -> Issue {
        Issue {
            source: self.source.to_owned(),
            row: self.row,
            column: self.column.map(str::to_owned),
            severity,
            code,
            message: ja,
            message_en: en,
            value: value.map(str::to_owned),
            refused_rows: None,
        }
    }

    pub fn missing_required(self) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::MissingRequired,
            "必須項目が空のため、この行は集計に使われません。".into(),
            "A required cell is empty; the row is not used.".into(),
            None,
        )
    }

    pub fn invalid_required(self, expected: Expected, raw: &str) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::InvalidRequired,
            format!("必須項目「{raw}」を{}として読めないため、この行は集計に使われません。", expected.ja()),
            format!("Required cell \"{raw}\" is not {}; the row is not used.", expected.en()),
            Some(raw),
        )
    }

    pub fn invalid_value(self, expected: Expected, raw: &str) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::InvalidValue,
            format!("「{raw}」を{}として読めないため、欠測として扱いました（行は使われます）。", expected.ja()),
            format!("\"{raw}\" is not {}; treated as missing (the row is used).", expected.en()),
            Some(raw),
        )
    }

    pub fn extra_cells(self, header_len: usize, found: usize) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::ExtraCells,
            format!("見出しは{header_len}列ですが、この行には{found}個のセルがあります。余分なセルは読み込んでいません。"),
            format!("The header has {header_len} columns but this row has {found} cells; the extra cells were not read."),
            None,
        )
    }

    pub fn duplicate_key(self, key: &str, later_source: &str, later_row: u64) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::DuplicateKey,
            format!("同じキー（{key}）の行が {later_source} の {later_row} 行目にもあるため、この行は後の行で置き換えました。"),
            format!("Key {key} appears again in {later_source} row {later_row}; this row was replaced by the later one."),
            None,
        )
    }

    pub fn malformed_encoding(self, encoding: &str, count: usize) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::MalformedEncoding,
            format!("{encoding} として読めない文字が {count} 個あり、「\u{FFFD}」に置き換えました。文字コードを確認してください。"),
            format!("{count} byte sequences are not valid {encoding} and became \"\u{FFFD}\"; check the file's encoding."),
            None,
        )
    }

    pub fn unreadable(self, reason: &str) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::Unreadable,
            format!("表として読み込めませんでした（{reason}）。"),
            format!("The file could not be read as a table ({reason})."),
            None,
        )
    }

    pub fn unknown_kind(self, headers: &[String]) -> Issue {
        let shown = headers.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
        self.issue(
            Severity::Error,
            IssueCode::UnknownKind,
            format!("見出し（{shown}）がどのデータ種別にも一致しないため、このファイルは使われません。"),
            format!("The headers ({shown}) match no known dataset kind; the file is not used."),
            None,
        )
    }

    pub fn missing_column(self, ja: &str, en: &str) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::MissingColumn,
            format!("必須列「{ja}」がありません。"),
            format!("Required column \"{en}\" ({ja}) is missing."),
            None,
        )
    }

    pub fn mapped_column_missing(self, key: &str, header: &str) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::MappedColumnMissing,
            format!("対応付けで {key} に指定した列「{header}」がファイルにありません。列名が変わったか削除された可能性があります。"),
            format!("The mapping assigns \"{header}\" to {key}, but the file has no such column: renamed or deleted?"),
            Some(header),
        )
    }

    pub fn duplicate_column(self, header: &str, position: usize) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::DuplicateColumn,
            format!("列「{header}」（{position}列目）は前の列と同じ項目を指すため、読み込んでいません。"),
            format!("Column \"{header}\" (column {position}) names a column already read; it was not used."),
            Some(header),
        )
    }

    pub fn unused_columns(self, headers: &[&str]) -> Issue {
        let list = headers.join(", ");
        self.issue(
            Severity::Warning,
            IssueCode::UnusedColumns,
            format!("次の列はどの項目にも当たらないため、使っていません: {list}（必要なら列の対応付けで指定できます）"),
            format!("These columns match nothing and were not used: {list} (map them in the column mapping if needed)."),
            Some(&list),
        )
    }

    pub fn unterminated_quote(self, lines: u64) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::UnterminatedQuote,
            format!("この行で始まる引用符（\"）が閉じられていないため、ファイルの終わりまで（{lines} 行分）がひとつのセルとして読まれました。引用符を確認してください。"),
            format!("A quote (\") opened in this row is never closed, so the rest of the file ({lines} lines) was read as one cell. Please check the quotes."),
            None,
        )
    }

    pub fn no_rows(self) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::NoRows,
            "見出しだけで、データの行がありません。".into(),
            "The file has a header but no data rows.".into(),
            None,
        )
    }

    pub fn template_notes(self) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::TemplateNotes,
            "テンプレートの説明行のため読み飛ばしました。".into(),
            "This is the template's description row; it was skipped.".into(),
            None,
        )
    }

    pub fn too_large(self, bytes: u64, limit: u64) -> Issue {
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        self.issue(
            Severity::Error,
            IssueCode::FileTooLarge,
            format!("ファイルが大きすぎるため読み込みません（{:.1} MB、上限 {:.0} MB）。ファイルを分割してください。", mb(bytes), mb(limit)),
            format!("The file is too large to read ({:.1} MB; the limit is {:.0} MB). Please split it.", mb(bytes), mb(limit)),
            None,
        )
    }

    pub fn too_many_rows(self, rows: u64, limit: u64) -> Issue {
        Issue {
            refused_rows: Some(rows),
            ..self.issue(
                Severity::Error,
                IssueCode::TooManyRows,
                format!("行数が多すぎるため読み込みません（{rows} 行、上限 {limit} 行）。ファイルを分割してください。"),
                format!("Too many rows to read ({rows}; the limit is {limit}). Please split the file."),
                None,
            )
        }
    }

    pub fn too_many_columns(self, columns: usize, limit: usize) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::TooManyColumns,
            format!("列数が多すぎるため読み込みません（{columns} 列、上限 {limit} 列）。"),
            format!("Too many columns to read ({columns}; the limit is {limit})."),
            None,
        )
    }

    pub fn unknown_workspace_key(self, key: &str) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::UnknownWorkspaceKey,
            format!("「{key}」はデータ種別の名前ではないか、値が配列ではないため、使われません（projects, trainings, satisfaction, members, hubs, reference, followup）。"),
            format!("\"{key}\" is not a dataset kind or its value is not an array; it is not used (projects, trainings, satisfaction, members, hubs, reference, followup)."),
            Some(key),
        )
    }

    pub fn not_an_object(self) -> Issue {
        self.issue(
            Severity::Error,
            IssueCode::NotAnObject,
            "配列の要素がオブジェクトではないため、行として読めません。".into(),
            "This array element is not an object, so it cannot be a row.".into(),
            None,
        )
    }

    pub fn unknown_unit(self, label: &str) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::UnknownUnit,
            format!("見出しの単位「{label}」が分からないため、この列の金額は使いません（円・千円・万円・百万円・億円が使えます）。"),
            format!("Unknown unit \"{label}\" in the header; this column's amounts are not used (円, 千円, 万円, 百万円 and 億円 are known)."),
            Some(label),
        )
    }

    pub fn unit_assumed(self) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::UnitAssumed,
            "見出しに単位がないため、この列の金額を円として読みました。千円などの場合は、見出しを「助成額（千円）」のようにしてください。".into(),
            "The header names no unit, so this column's amounts were read as yen. If they are in thousands of yen (or another unit), name it in the header, as in 助成額（千円）.".into(),
            None,
        )
    }

    pub fn stage_decreased(self, at_adoption: u8, current: u8) -> Issue {
        self.issue(
            Severity::Warning,
            IssueCode::StageDecreased,
            format!("現在ステージ（{current}）が採択時ステージ（{at_adoption}）より低くなっています。入力誤りでないか確認してください（値はそのまま使います）。"),
            format!("Current stage ({current}) is below the stage at adoption ({at_adoption}); please check (used as is)."),
            None,
        )
    }
}

//! Dataset kinds and their canonical columns, and the matching of a file's headers to them.
//!
//! The Japanese header is canonical; the English name and common variants are accepted too. Matching
//! ignores width (full/half), case, spaces, and a trailing unit such as `（千円）`, which is kept
//! because it scales the values.
//!
//! ```
//! use mdkpi::model::schema::{split_header, DatasetKind, ColumnMap};
//! assert_eq!(split_header("助成額（千円）"), ("助成額".to_string(), Some("千円".to_string())));
//! let headers: Vec<String> = ["年度", "課題ID", "採択年度"].iter().map(|s| s.to_string()).collect();
//! let map = ColumnMap::match_headers(DatasetKind::Projects, &headers);
//! assert_eq!(map.index("project_id"), Some(1));
//! ```

use serde::{Deserialize, Serialize};

use crate::model::value::{fold, YenUnit};

/// The kinds of input mdkpi understands. The serialised name is the `kind` in the results JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// 研究開発課題: one row per R&D project per survey year.
    Projects,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 1] = [DatasetKind::Projects];

    pub fn columns(self) -> &'static [Column] {
        match self {
            DatasetKind::Projects => PROJECT_COLUMNS,
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            DatasetKind::Projects => "研究開発課題",
        }
    }
}

/// One canonical column.
#[derive(Debug)]
pub struct Column {
    /// The English name, also the key used in code and in the results JSON.
    pub key: &'static str,
    /// The canonical Japanese header.
    pub ja: &'static str,
    /// Other headers seen in the wild, written in any width or case.
    pub aliases: &'static [&'static str],
    /// Rows without a valid value here are rejected. A required column that is absent makes the
    /// whole file unusable, except `fiscal_year`, which is required only where the column exists.
    pub required: bool,
}

pub const PROJECT_COLUMNS: &[Column] = &[
    Column { key: "fiscal_year", ja: "年度", aliases: &["調査年度", "測定年度", "survey_fy", "fy"], required: true },
    Column { key: "project_id", ja: "課題ID", aliases: &["課題番号", "課題コード", "テーマID", "課題id"], required: true },
    Column { key: "program", ja: "事業名", aliases: &["事業", "プログラム"], required: false },
    Column { key: "priority_areas", ja: "重点分野", aliases: &["重点5分野", "priority_area"], required: false },
    Column { key: "adopted_fy", ja: "採択年度", aliases: &["adoption_fy", "adopted_year"], required: true },
    Column { key: "stage_at_adoption", ja: "採択時ステージ", aliases: &["採択時のステージ", "adoption_stage"], required: false },
    Column { key: "current_stage", ja: "現在ステージ", aliases: &["現在のステージ", "現ステージ"], required: false },
    Column { key: "status", ja: "状況", aliases: &["ステータス", "状態", "進捗状況"], required: false },
    Column { key: "grant", ja: "助成額", aliases: &["交付額", "研究費", "grant_amount", "助成金額"], required: false },
];

/// Normalises a header for matching: NFKC, no spaces, lower case, the trailing unit split off.
/// `"助成額（千円）"` → `("助成額", Some("千円"))`; `"Fiscal Year"` → `("fiscal_year", None)`.
pub fn split_header(raw: &str) -> (String, Option<String>) {
    let folded: String = fold(raw).chars().filter(|c| !c.is_whitespace()).collect();
    let folded = folded.to_lowercase();
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(body) = folded.strip_suffix(close) {
            if let Some(at) = body.rfind(open) {
                let unit = body[at + open.len_utf8()..].trim_start_matches("単位:");
                return (body[..at].to_owned(), Some(unit.to_owned()));
            }
        }
    }
    (folded, None)
}

fn key_form(s: &str) -> String {
    // "Fiscal Year", "fiscal-year" and "fiscal_year" are the same column.
    split_header(s).0.replace(['-', '_'], "")
}

/// Where each canonical column sits in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// (column key, index in the file, header as written, unit from the header)
    entries: Vec<(&'static str, usize, String, Option<String>)>,
}

impl ColumnMap {
    /// Matches each header against `kind`'s columns. The first header to match a column wins.
    pub fn match_headers(kind: DatasetKind, headers: &[String]) -> ColumnMap {
        let mut entries: Vec<(&'static str, usize, String, Option<String>)> = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            if header.trim().is_empty() {
                continue;
            }
            let (_, unit) = split_header(header);
            let form = key_form(header);
            let found = kind.columns().iter().find(|c| {
                key_form(c.key) == form
                    || key_form(c.ja) == form
                    || c.aliases.iter().any(|a| key_form(a) == form)
            });
            if let Some(column) = found {
                if !entries.iter().any(|(k, ..)| *k == column.key) {
                    entries.push((column.key, index, header.clone(), unit));
                }
            }
        }
        ColumnMap { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn index(&self, key: &str) -> Option<usize> {
        self.entries.iter().find(|(k, ..)| *k == key).map(|e| e.1)
    }

    /// The header as the file wrote it, for messages.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, ..)| *k == key).map(|e| e.2.as_str())
    }

    /// The unit label written in the header, if any.
    pub fn unit_label(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, ..)| *k == key).and_then(|e| e.3.as_deref())
    }

    /// The money unit of a column: yen unless the header names another one.
    pub fn yen_unit(&self, key: &str) -> Option<YenUnit> {
        match self.unit_label(key) {
            None => Some(YenUnit::Yen),
            Some(label) => YenUnit::from_label(label),
        }
    }
}

/// The kind whose columns the headers match best, if any matches at least two columns.
pub fn detect_kind(headers: &[String]) -> Option<(DatasetKind, ColumnMap)> {
    DatasetKind::ALL
        .iter()
        .map(|&kind| (kind, ColumnMap::match_headers(kind, headers)))
        .filter(|(_, map)| map.len() >= 2)
        .max_by_key(|(_, map)| map.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn header_units_and_width() {
        assert_eq!(split_header("助成額（千円）"), ("助成額".into(), Some("千円".into())));
        assert_eq!(split_header("助成額(単位:億円)"), ("助成額".into(), Some("億円".into())));
        assert_eq!(split_header("助成額【万円】"), ("助成額".into(), Some("万円".into())));
        assert_eq!(split_header("課題ＩＤ"), ("課題id".into(), None));
        assert_eq!(split_header(" 採択 年度 "), ("採択年度".into(), None));
    }

    #[test]
    fn japanese_english_and_variants_match() {
        let ja = ColumnMap::match_headers(
            DatasetKind::Projects,
            &strings(&["年度", "課題ＩＤ", "採択時のステージ", "助成額（千円）"]),
        );
        assert_eq!(ja.index("fiscal_year"), Some(0));
        assert_eq!(ja.index("project_id"), Some(1));
        assert_eq!(ja.index("stage_at_adoption"), Some(2));
        assert_eq!(ja.yen_unit("grant"), Some(YenUnit::Thousand));
        let en = ColumnMap::match_headers(
            DatasetKind::Projects,
            &strings(&["Fiscal Year", "project-id", "ADOPTED_FY", "Current Stage"]),
        );
        assert_eq!(en.len(), 4);
        assert_eq!(en.header("current_stage"), Some("Current Stage"));
    }

    #[test]
    fn unknown_unit_is_reported_as_none() {
        let map = ColumnMap::match_headers(DatasetKind::Projects, &strings(&["助成額（ドル）"]));
        assert_eq!(map.yen_unit("grant"), None);
    }

    #[test]
    fn detection_needs_two_columns() {
        assert!(detect_kind(&strings(&["年度", "名前"])).is_none());
        assert_eq!(detect_kind(&strings(&["年度", "課題ID"])).unwrap().0, DatasetKind::Projects);
    }
}

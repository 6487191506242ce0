//! The matching of a file's headers to a dataset kind's columns ([`mdkpi_contract::schema`]).
//!
//! Matching ignores width (full/half), case, spaces, and a trailing unit such as `（千円）`, which is
//! kept because it scales the values.
//!
//! ```
//! use mdkpi_core::model::schema::{split_header, ColumnMap};
//! use mdkpi_core::contract::schema::{Col, DatasetKind};
//! assert_eq!(split_header("助成額（千円）"), ("助成額".to_string(), Some("千円".to_string())));
//! let headers: Vec<String> = ["年度", "課題ID", "採択年度"].iter().map(|s| s.to_string()).collect();
//! let map = ColumnMap::match_headers(DatasetKind::Projects, &headers);
//! assert_eq!(map.index(Col::ProjectId), Some(1));
//! ```

use mdkpi_contract::schema::{Col, Column, DatasetKind, Mapping, Required, ValueType};

use crate::model::value::{fold, YenUnit};

/// The kind named by a JSON workspace key (`"projects"`) or its Japanese name.
pub fn kind_named(name: &str) -> Option<DatasetKind> {
    let folded = fold(name).to_lowercase();
    DatasetKind::ALL.into_iter().find(|k| {
        folded == k.name_ja()
            || serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)).as_deref()
                == Some(folded.as_str())
    })
}

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

/// A kind's columns, each with the forms that name it.
type Forms = Vec<(&'static Column, Vec<String>)>;

/// Each kind's columns with the matching forms of their key, Japanese name and aliases, computed
/// once (NFKC is not free, and a wide file has thousands of headers to match).
fn forms(kind: DatasetKind) -> &'static [(&'static Column, Vec<String>)] {
    static FORMS: std::sync::OnceLock<Vec<Forms>> = std::sync::OnceLock::new();
    let all = FORMS.get_or_init(|| {
        DatasetKind::ALL
            .iter()
            .map(|k| {
                k.columns()
                    .iter()
                    .map(|c| {
                        let names = std::iter::once(c.key.as_str())
                            .chain(std::iter::once(c.ja))
                            .chain(c.aliases.iter().copied());
                        (c, names.map(key_form).collect())
                    })
                    .collect()
            })
            .collect()
    });
    let index = DatasetKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &all[index]
}

/// The column of `kind` that `header` names, by its key, Japanese name or an alias.
pub fn column_for(kind: DatasetKind, header: &str) -> Option<&'static Column> {
    column_for_form(kind, &key_form(header))
}

fn column_for_form(kind: DatasetKind, form: &str) -> Option<&'static Column> {
    forms(kind).iter().find(|(_, names)| names.iter().any(|n| n == form)).map(|(c, _)| *c)
}

/// Where each canonical column sits in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// (column key, index in the file, header as written, unit from the header)
    entries: Vec<(Col, usize, String, Option<String>)>,
    /// Columns of no canonical column kept as text, for the KPIs a definitions file gives:
    /// (index in the file, the header's [`header_form`]).
    extras: Vec<(usize, String)>,
}

/// A header as a KPI definition names it: matched ignoring width, case, spaces, `-` and `_`.
pub fn header_form(header: &str) -> String {
    key_form(header)
}

impl ColumnMap {
    /// Keeps the columns at these places in the file (with their [`header_form`]) as text.
    pub fn with_extras(self, extras: Vec<(usize, String)>) -> ColumnMap {
        ColumnMap { extras, ..self }
    }

    pub fn extras(&self) -> &[(usize, String)] {
        &self.extras
    }

    /// Matches each header against `kind`'s columns. The first header to match a column wins.
    pub fn match_headers(kind: DatasetKind, headers: &[String]) -> ColumnMap {
        let mut entries: Vec<(Col, usize, String, Option<String>)> = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            if header.trim().is_empty() {
                continue;
            }
            let (_, unit) = split_header(header);
            if let Some(column) = column_for_form(kind, &key_form(header)) {
                if !entries.iter().any(|(k, ..)| *k == column.key) {
                    entries.push((column.key, index, header.clone(), unit));
                }
            }
        }
        ColumnMap { entries, extras: Vec::new() }
    }

    /// Maps the columns named in `mapping` (key → header as written) to those headers, and the
    /// other columns as [`ColumnMap::match_headers`] would. Returns the map and the mapped headers
    /// the file does not have (renamed or deleted since the mapping was made).
    pub fn with_mapping(kind: DatasetKind, headers: &[String], mapping: &Mapping) -> (ColumnMap, Vec<(Col, String)>) {
        let auto = ColumnMap::match_headers(kind, headers);
        let mut entries = Vec::new();
        let mut missing = Vec::new();
        for column in kind.columns() {
            match mapping.get(&column.key) {
                Some(wanted) => match headers.iter().position(|h| h.trim() == wanted.trim()) {
                    Some(index) => {
                        entries.push((column.key, index, headers[index].clone(), split_header(&headers[index]).1))
                    }
                    None => missing.push((column.key, wanted.clone())),
                },
                None => {
                    if let Some(e) = auto.entries.iter().find(|e| e.0 == column.key) {
                        // A header already taken by a mapped column is not also auto-matched.
                        if !mapping.values().any(|m| m.trim() == e.2.trim()) {
                            entries.push(e.clone());
                        }
                    }
                }
            }
        }
        (ColumnMap { entries, extras: Vec::new() }, missing)
    }

    /// The file's column positions that are in use.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().map(|e| e.1)
    }

    /// (column key, header as written) for every located column.
    pub fn pairs(&self) -> impl Iterator<Item = (Col, &str)> {
        self.entries.iter().map(|e| (e.0, e.2.as_str()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn index(&self, key: Col) -> Option<usize> {
        self.entries.iter().find(|(k, ..)| *k == key).map(|e| e.1)
    }

    /// The header as the file wrote it, for messages.
    pub fn header(&self, key: Col) -> Option<&str> {
        self.entries.iter().find(|(k, ..)| *k == key).map(|e| e.2.as_str())
    }

    /// The unit label written in the header, if any.
    pub fn unit_label(&self, key: Col) -> Option<&str> {
        self.entries.iter().find(|(k, ..)| *k == key).and_then(|e| e.3.as_deref())
    }

    /// The map with `label` (a unit line's, above the header) as the unit of `kind`'s money
    /// columns whose header names none; and whether any took it.
    pub fn with_unit(mut self, kind: DatasetKind, label: &str) -> (ColumnMap, bool) {
        let mut applied = false;
        for entry in &mut self.entries {
            let money = kind.columns().iter().any(|c| c.key == entry.0 && c.value == ValueType::Yen);
            if money && entry.3.is_none() {
                entry.3 = Some(label.to_owned());
                applied = true;
            }
        }
        (self, applied)
    }

    /// The money unit of a column: yen unless the header names another one.
    pub fn yen_unit(&self, key: Col) -> Option<YenUnit> {
        match self.unit_label(key) {
            None => Some(YenUnit::Yen),
            Some(label) => YenUnit::from_label(label),
        }
    }
}

/// The kind whose columns the headers match best: most matched columns, all of the kind's
/// always-required columns present first, and at least two matched columns in any case. Ties go to
/// the kind listed first in [`DatasetKind::ALL`].
pub fn detect_kind(headers: &[String]) -> Option<(DatasetKind, ColumnMap)> {
    let mut best: Option<((bool, usize), DatasetKind, ColumnMap)> = None;
    for kind in DatasetKind::ALL {
        let map = ColumnMap::match_headers(kind, headers);
        if map.len() < 2 {
            continue;
        }
        let complete =
            kind.columns().iter().filter(|c| c.required == Required::Always).all(|c| map.index(c.key).is_some());
        let score = (complete, map.len());
        if best.as_ref().is_none_or(|(b, ..)| score > *b) {
            best = Some((score, kind, map));
        }
    }
    best.map(|(_, kind, map)| (kind, map))
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
        assert_eq!(ja.index(Col::FiscalYear), Some(0));
        assert_eq!(ja.index(Col::ProjectId), Some(1));
        assert_eq!(ja.index(Col::StageAtAdoption), Some(2));
        assert_eq!(ja.yen_unit(Col::Grant), Some(YenUnit::Thousand));
        let en = ColumnMap::match_headers(
            DatasetKind::Projects,
            &strings(&["Fiscal Year", "project-id", "ADOPTED_FY", "Current Stage"]),
        );
        assert_eq!(en.len(), 4);
        assert_eq!(en.header(Col::CurrentStage), Some("Current Stage"));
    }

    #[test]
    fn unknown_unit_is_reported_as_none() {
        let map = ColumnMap::match_headers(DatasetKind::Projects, &strings(&["助成額（ドル）"]));
        assert_eq!(map.yen_unit(Col::Grant), None);
    }

    #[test]
    fn detection_needs_two_columns() {
        assert!(detect_kind(&strings(&["年度", "名前"])).is_none());
        assert_eq!(detect_kind(&strings(&["年度", "課題ID"])).unwrap().0, DatasetKind::Projects);
    }

    #[test]
    fn every_kind_is_detected_from_its_own_headers() {
        for kind in DatasetKind::ALL {
            let ja: Vec<String> = kind.columns().iter().map(|c| c.ja.to_string()).collect();
            assert_eq!(detect_kind(&ja).map(|d| d.0), Some(kind), "{kind:?} (ja)");
            let en: Vec<String> = kind.columns().iter().map(|c| c.key.to_string()).collect();
            assert_eq!(detect_kind(&en).map(|d| d.0), Some(kind), "{kind:?} (en)");
        }
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(kind_named("members"), Some(DatasetKind::Members));
        assert_eq!(kind_named("研究開発拠点"), Some(DatasetKind::Hubs));
        assert_eq!(kind_named("other"), None);
    }
}

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

/// The kinds of input mdkpi understands. The serialised name is the `kind` in the results JSON
/// and the key of a JSON workspace file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// 研究開発課題: one row per R&D project per survey year.
    Projects,
    /// 人材育成研修: one row per course per year.
    Trainings,
    /// 受講者アンケート: one row per answer.
    Satisfaction,
    /// 加盟団体の傘下企業: one row per member company of an association per year.
    Members,
    /// 研究開発拠点: one row per hub per year.
    Hubs,
    /// 参考指標: calendar-year statistics (production, exports…), never mixed with fiscal years.
    Reference,
    /// 定性フォローアップ: status text per goal, programme and year.
    Followup,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 7] = [
        DatasetKind::Projects,
        DatasetKind::Trainings,
        DatasetKind::Satisfaction,
        DatasetKind::Members,
        DatasetKind::Hubs,
        DatasetKind::Reference,
        DatasetKind::Followup,
    ];

    /// The position of column `key` among [`DatasetKind::columns`] (and in a row's values).
    pub fn column(self, key: &str) -> Option<usize> {
        let columns = self.columns();
        // Keys are string literals, which the compiler stores once: comparing addresses first
        // saves a string comparison per column on each lookup (`Row::get` does millions).
        columns.iter().position(|c| std::ptr::eq(c.key, key)).or_else(|| columns.iter().position(|c| c.key == key))
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            DatasetKind::Projects => PROJECT_COLUMNS,
            DatasetKind::Trainings => TRAINING_COLUMNS,
            DatasetKind::Satisfaction => SATISFACTION_COLUMNS,
            DatasetKind::Members => MEMBER_COLUMNS,
            DatasetKind::Hubs => HUB_COLUMNS,
            DatasetKind::Reference => REFERENCE_COLUMNS,
            DatasetKind::Followup => FOLLOWUP_COLUMNS,
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            DatasetKind::Projects => "研究開発課題",
            DatasetKind::Trainings => "人材育成研修",
            DatasetKind::Satisfaction => "受講者アンケート",
            DatasetKind::Members => "加盟団体の傘下企業",
            DatasetKind::Hubs => "研究開発拠点",
            DatasetKind::Reference => "参考指標（暦年）",
            DatasetKind::Followup => "定性フォローアップ",
        }
    }

    /// The kind named by a JSON workspace key (`"projects"`) or its Japanese name.
    pub fn from_name(name: &str) -> Option<DatasetKind> {
        let folded = fold(name).to_lowercase();
        DatasetKind::ALL.into_iter().find(|k| {
            folded == k.name_ja() || serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)).as_deref() == Some(folded.as_str())
        })
    }

    /// Columns whose values together identify a row: a later row with the same key replaces an
    /// earlier one (and the earlier one is reported). The flag says the part must be present for
    /// the row to have a key at all. Empty: rows are never duplicates.
    pub fn key(self) -> &'static [(&'static str, bool)] {
        match self {
            DatasetKind::Projects => &[("fiscal_year", false), ("project_id", true)],
            DatasetKind::Members => &[("fiscal_year", false), ("association", false), ("company", true)],
            DatasetKind::Hubs => &[("fiscal_year", false), ("hub", true), ("program", false)],
            DatasetKind::Reference => &[("year", true), ("indicator", true)],
            DatasetKind::Satisfaction => {
                &[("fiscal_year", false), ("program", false), ("course", false), ("respondent_id", true)]
            }
            DatasetKind::Trainings | DatasetKind::Followup => &[],
        }
    }
}

/// What a column holds, and so how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    FiscalYear,
    CalendarYear,
    Count,
    Number,
    /// Money; a unit in the header (千円…) scales it to yen.
    Yen,
    Flag,
    StageAtAdoption,
    CurrentStage,
    Status,
    PriorityAreas,
    Satisfaction,
    Goal,
}

/// Whether a row can do without a column's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// The file must have the column, and a row without a valid value is rejected.
    Always,
    /// Only where the file has the column (年度: a file without it is one measurement).
    WherePresent,
    /// An invalid value becomes missing, with a warning; the row stays.
    No,
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
    pub value: ValueType,
    pub required: Required,
    /// One line for the template's description row.
    pub note: &'static str,
}

const fn col(
    key: &'static str,
    ja: &'static str,
    aliases: &'static [&'static str],
    value: ValueType,
    required: Required,
    note: &'static str,
) -> Column {
    Column { key, ja, aliases, value, required, note }
}

use Required::{Always, No, WherePresent};
use ValueType as V;

const FISCAL_YEAR: Column = col("fiscal_year", "年度", &["調査年度", "測定年度", "survey_fy", "fy"], V::FiscalYear, WherePresent, "調査年度（2023, 令和5年度, R5, FY2023）");
const PROGRAM: Column = col("program", "事業名", &["事業", "プログラム", "program_name"], V::Text, No, "事業名");

pub const PROJECT_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col("project_id", "課題ID", &["課題番号", "課題コード", "テーマID", "課題id", "id"], V::Text, Always, "課題を一意に識別するID（先頭の0も保持）"),
    PROGRAM,
    col("priority_areas", "重点分野", &["重点5分野", "priority_area"], V::PriorityAreas, No, "重点5分野の番号 1〜5（複数は ; 区切り）"),
    col("adopted_fy", "採択年度", &["adoption_fy", "adopted_year"], V::FiscalYear, Always, "採択された年度"),
    col("stage_at_adoption", "採択時ステージ", &["採択時のステージ", "adoption_stage"], V::StageAtAdoption, No, "1 基礎研究, 2 製品開発, 3 非臨床, 4 臨床"),
    col("current_stage", "現在ステージ", &["現在のステージ", "現ステージ"], V::CurrentStage, No, "1〜4、または 5 承認取得・上市"),
    col("status", "状況", &["ステータス", "状態", "進捗状況"], V::Status, No, "継続・終了・中止"),
    col("grant", "助成額", &["交付額", "研究費", "grant_amount", "助成金額"], V::Yen, No, "助成額（見出しに単位: 円, 千円, 万円, 百万円, 億円）"),
];

pub const TRAINING_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    PROGRAM,
    col("course", "研修名", &["講座名", "コース名", "研修"], V::Text, No, "研修・講座の名称"),
    col("sessions", "実施回数", &["開催回数", "回数"], V::Count, No, "実施回数（回）"),
    col("trainees", "受講者数", &["受講人数", "参加者数"], V::Count, No, "受講者数（人）"),
    col("industry_trainees", "うち企業人材数", &["企業人材数", "うち企業人材", "企業からの受講者数"], V::Count, No, "受講者のうち企業人材（人）"),
];

pub const SATISFACTION_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    PROGRAM,
    col("course", "研修名", &["講座名", "コース名", "研修"], V::Text, No, "研修・講座の名称"),
    col("respondent_id", "回答者ID", &["回答者id", "回答者番号", "respondent"], V::Text, No, "任意。同じ回答者の重複回答の検出に使用"),
    col("satisfaction", "満足度", &["満足度(5段階)", "総合満足度"], V::Satisfaction, No, "1〜5、または 大変満足・満足・どちらともいえない・不満・大変不満"),
];

pub const MEMBER_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col("association", "団体名", &["加盟団体", "加盟団体名", "所属団体"], V::Text, No, "医機連の加盟団体名"),
    col("company", "企業名", &["会社名", "社名", "company_name"], V::Text, Always, "傘下企業の名称"),
    col("venture", "ベンチャー", &["ベンチャー企業", "is_venture"], V::Flag, No, "○/×、はい/いいえ、1/0"),
    col("cross_industry", "異業種参入", &["異業種", "異業種からの参入", "is_cross_industry"], V::Flag, No, "○/×、はい/いいえ、1/0"),
    col("international", "国際展開", &["海外展開", "is_international"], V::Flag, No, "○/×、はい/いいえ、1/0"),
];

pub const HUB_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col("hub", "拠点名", &["拠点", "機関名", "hub_name"], V::Text, Always, "研究開発拠点・開発支援拠点の名称"),
    PROGRAM,
    col("joint_research_company", "企業との共同研究件数", &["企業との共同研究", "企業共同研究件数"], V::Count, No, "件"),
    col("joint_research_inter_hub", "他拠点との共同研究件数", &["他拠点との共同研究", "拠点間共同研究件数"], V::Count, No, "件"),
    col("international_trial_infra", "国際共同治験基盤", &["国際共同治験", "国際共同治験の基盤構築", "international_infra"], V::Flag, No, "有/無"),
];

pub const REFERENCE_COLUMNS: &[Column] = &[
    col("year", "年", &["暦年", "calendar_year"], V::CalendarYear, Always, "暦年（年度ではない）"),
    col("indicator", "指標", &["指標名", "項目"], V::Text, Always, "例: 生産金額, 輸出金額, 国内出荷金額"),
    col("value", "値", &["金額", "数値"], V::Number, No, "値（単位は 単位 列に）"),
    col("unit", "単位", &[], V::Text, No, "例: 億円"),
];

pub const FOLLOWUP_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col("goal", "ゴール", &["ゴール番号", "goal_no"], V::Goal, Always, "ゴール番号 1〜11"),
    PROGRAM,
    col("status_text", "状況", &["取組状況", "進捗", "status"], V::Text, No, "取組の状況（自由記述）"),
    col("assessment", "評価", &["自己評価", "所見"], V::Text, No, "評価（自由記述）"),
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
                        let names = std::iter::once(c.key).chain(std::iter::once(c.ja)).chain(c.aliases.iter().copied());
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
            if let Some(column) = column_for_form(kind, &key_form(header)) {
                if !entries.iter().any(|(k, ..)| *k == column.key) {
                    entries.push((column.key, index, header.clone(), unit));
                }
            }
        }
        ColumnMap { entries }
    }

    /// Maps the columns named in `mapping` (key → header as written) to those headers, and the
    /// other columns as [`ColumnMap::match_headers`] would. Returns the map and the mapped headers
    /// the file does not have (renamed or deleted since the mapping was made).
    pub fn with_mapping(
        kind: DatasetKind,
        headers: &[String],
        mapping: &std::collections::BTreeMap<String, String>,
    ) -> (ColumnMap, Vec<(&'static str, String)>) {
        let auto = ColumnMap::match_headers(kind, headers);
        let mut entries = Vec::new();
        let mut missing = Vec::new();
        for column in kind.columns() {
            match mapping.get(column.key) {
                Some(wanted) => match headers.iter().position(|h| h.trim() == wanted.trim()) {
                    Some(index) => entries.push((column.key, index, headers[index].clone(), split_header(&headers[index]).1)),
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
        (ColumnMap { entries }, missing)
    }

    /// The file's column positions that are in use.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().map(|e| e.1)
    }

    /// (column key, header as written) for every located column.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.entries.iter().map(|e| (e.0, e.2.as_str()))
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
        let complete = kind.columns().iter().filter(|c| c.required == Required::Always).all(|c| map.index(c.key).is_some());
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
        assert_eq!(DatasetKind::from_name("members"), Some(DatasetKind::Members));
        assert_eq!(DatasetKind::from_name("研究開発拠点"), Some(DatasetKind::Hubs));
        assert_eq!(DatasetKind::from_name("other"), None);
    }
}

//! Every switch a user can set: definitions, statistics, limits and filters. Read by the CLI from
//! `--options FILE.json`, set by the page's controls, and echoed in the results as `definitions`.
//!
//! ```
//! use mdkpi_contract::options::Filter;
//! let f = Filter { program: Some("医療機器等研究成果展開事業".into()), ..Filter::default() };
//! assert!(!f.is_empty());
//! assert!(Filter::default().is_empty());
//! ```

use serde::{Deserialize, Serialize};

use crate::catalogue::Disclosure;
use crate::schema::{Col, DatasetKind};

/// Every user-switchable definition. Read by the CLI from `--options FILE.json`; echoed in the
/// results as `definitions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    pub stage_up: StageUpOptions,
    pub statistics: StatisticsOptions,
    pub limits: Limits,
    /// The global filters (年度, program, priority area, association, hub); empty by default.
    #[serde(skip_serializing_if = "Filter::is_empty")]
    pub filter: Filter,
}

/// What mdkpi refuses to read, with a clear message instead of a crashed tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_rows: u64,
    pub max_columns: usize,
    /// A workbook's content once inflated (a zip of a few megabytes can inflate to gigabytes).
    pub max_workbook_bytes: u64,
    /// The cells of one sheet.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_rows: 1_000_000,
            max_columns: 2_000,
            max_workbook_bytes: 1024 * 1024 * 1024,
            max_cells: 50_000_000,
        }
    }
}

/// How the shared statistics are done; echoed in `definitions.statistics`.
///
/// Disclosure control counts the units behind a cell (`catalogue::Disclosure`): a cell of
/// 0 < units < the unit's threshold is hidden, with complementary cells. The defaults follow
/// official tables: 5 respondents; 3 companies or projects (x for one or two); an organisation's
/// own totals are not hidden. A threshold of 1 turns that unit's rule off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatisticsOptions {
    pub mode: StatisticsMode,
    pub min_respondents: u64,
    pub min_companies: u64,
    pub min_projects: u64,
    /// One threshold for every unit, as option files written before the per-unit thresholds say
    /// (`{"statistics": {"min_cell_size": 1}}`): when given, it is every unit's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_cell_size: Option<u64>,
}

impl Default for StatisticsOptions {
    fn default() -> Self {
        StatisticsOptions {
            mode: StatisticsMode::Publication,
            min_respondents: 5,
            min_companies: 3,
            min_projects: 3,
            min_cell_size: None,
        }
    }
}

impl StatisticsOptions {
    /// The units a cell of `disclosure` needs to be shown (1: always shown).
    pub fn threshold(&self, disclosure: Disclosure) -> u64 {
        if self.mode == StatisticsMode::Internal || disclosure == Disclosure::Aggregate {
            return 1;
        }
        self.min_cell_size.unwrap_or(match disclosure {
            Disclosure::Respondent => self.min_respondents,
            Disclosure::Company => self.min_companies,
            Disclosure::Project | Disclosure::Aggregate => self.min_projects,
        })
    }
}

/// What the figures are for: 公表用 hides what could identify a unit; 内部確認用 shows every cell,
/// for those who may see them, and says so on everything made in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatisticsMode {
    /// 公表用: disclosure control on.
    #[default]
    Publication,
    /// 内部確認用: disclosure control off.
    Internal,
}

impl StatisticsMode {
    /// The name in the JSON (`publication`, `internal`).
    pub fn slug(self) -> &'static str {
        match self {
            StatisticsMode::Publication => "publication",
            StatisticsMode::Internal => "internal",
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            StatisticsMode::Publication => "公表用",
            StatisticsMode::Internal => "内部確認用",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            StatisticsMode::Publication => "for publication",
            StatisticsMode::Internal => "for internal checking",
        }
    }
}

/// The switchable parts of the stage-up definition (see `mdkpi_core::kpi::stage_up`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StageUpOptions {
    /// Leave 中止 (discontinued) projects out of the denominator.
    pub exclude_discontinued: bool,
    /// Leave 終了 (completed) projects out of the denominator.
    pub exclude_completed: bool,
    /// Count only themes adopted at least this many years before the survey year: outcomes lag
    /// investment by 5–10 years, so recent adoptions can only dilute the rate.
    pub min_years_since_adoption: Option<u32>,
}

/// The global filters. They narrow the rows before any KPI is computed, so every figure is that of
/// the narrowed rows (`mdkpi_core::kpi::filter`); a filter applies only to the kinds that have its
/// column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// The first and last survey fiscal years kept (inclusive); files without 年度 are kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_year_from: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_year_to: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// 重点分野 1–5: a project in several areas is kept if one of them matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_area: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filters set that do not narrow rows of `kind`, as (Japanese, English) names: a kind
    /// without the filter's column (members have no program), and the reference statistics and
    /// follow-up notes, which no filter touches. A figure of that kind counts all its rows for
    /// them, and the page says so beside it.
    ///
    /// ```
    /// use mdkpi_contract::options::Filter;
    /// use mdkpi_contract::schema::DatasetKind;
    /// let f = Filter { program: Some("甲".into()), fiscal_year_from: Some(2023), ..Filter::default() };
    /// assert_eq!(f.unapplied(DatasetKind::Members), [("事業", "program")]);
    /// assert_eq!(f.unapplied(DatasetKind::Projects), []);
    /// assert_eq!(f.unapplied(DatasetKind::Reference).len(), 2);
    /// ```
    pub fn unapplied(&self, kind: DatasetKind) -> Vec<(&'static str, &'static str)> {
        let untouched = matches!(kind, DatasetKind::Reference | DatasetKind::Followup);
        let has = |col: Col| !untouched && kind.column(col).is_some();
        let set = [
            (self.fiscal_year_from.is_some() || self.fiscal_year_to.is_some(), !untouched, ("年度", "fiscal year")),
            (self.program.is_some(), has(Col::Program), ("事業", "program")),
            (self.priority_area.is_some(), has(Col::PriorityAreas), ("重点分野", "priority area")),
            (self.association.is_some(), has(Col::Association), ("団体", "association")),
            (self.hub.is_some(), has(Col::Hub), ("拠点", "hub")),
        ];
        set.into_iter().filter(|(on, applies, _)| *on && !applies).map(|(.., name)| name).collect()
    }

    /// The filter in words, for footnotes and exports: `年度 2022〜2023・事業名 甲`; empty when
    /// nothing is filtered.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (self.fiscal_year_from, self.fiscal_year_to) {
            (None, None) => {}
            (from, to) => parts.push(format!(
                "年度 {}〜{}",
                from.map(|y| format!("FY{y}")).unwrap_or_default(),
                to.map(|y| format!("FY{y}")).unwrap_or_default()
            )),
        }
        if let Some(p) = &self.program {
            parts.push(format!("事業名 {p}"));
        }
        if let Some(a) = self.priority_area {
            parts.push(format!("重点分野 {a}"));
        }
        if let Some(a) = &self.association {
            parts.push(format!("団体名 {a}"));
        }
        if let Some(h) = &self.hub {
            parts.push(format!("拠点名 {h}"));
        }
        parts.join("・")
    }

    /// [`Filter::describe`] in `lang`.
    pub fn describe_in(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Ja => self.describe(),
            crate::lang::Lang::En => self.describe_en(),
        }
    }

    /// [`Filter::describe`] in English: `fiscal year FY2022–FY2023, program 甲` (the values as
    /// written).
    pub fn describe_en(&self) -> String {
        let mut parts = Vec::new();
        match (self.fiscal_year_from, self.fiscal_year_to) {
            (None, None) => {}
            (from, to) => parts.push(format!(
                "fiscal year {}–{}",
                from.map(|y| format!("FY{y}")).unwrap_or_default(),
                to.map(|y| format!("FY{y}")).unwrap_or_default()
            )),
        }
        let named = [("program", &self.program), ("association", &self.association), ("hub", &self.hub)];
        if let Some(a) = self.priority_area {
            parts.push(format!("priority area {a}"));
        }
        parts.extend(named.iter().filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} {v}"))));
        parts.join(", ")
    }
}

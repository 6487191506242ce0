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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatisticsOptions {
    /// k: cells with 0 < n < k are suppressed, with complementary suppression. 1 turns it off.
    pub min_cell_size: u64,
}

impl Default for StatisticsOptions {
    fn default() -> Self {
        StatisticsOptions { min_cell_size: 5 }
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
}

//! The results contract, `mdkpi.results/1`: one JSON document shared by the CLI, the page's export
//! button and the tests. Identical inputs and options give byte-identical JSON everywhere, so it
//! carries no timestamps and no paths (a source is the file name, which is all a browser knows).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Dimension, Disclosure, KpiKey};
use crate::diagnostics::Issue;
use crate::encoding::TextEncoding;
use crate::kpis::KpiSpec;
use crate::options::{Filter, Options, StageUpOptions, StatisticsMode};
use crate::schema::DatasetKind;
use crate::vocabulary;

vocabulary! {
    /// The contract's name and version, the first field of every results document.
    pub enum Schema {
        ResultsV1 = "mdkpi.results/1",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub schema: Schema,
    pub generator: Generator,
    /// Some input is a file of the embedded synthetic sample (its very bytes): the figures are not
    /// real, and every export says so. Absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    pub definitions: Definitions,
    pub datasets: Vec<DatasetSummary>,
    pub issues: Vec<Issue>,
    pub kpis: Vec<Kpi>,
    /// Reference statistics by calendar year (暦年): a separate trend, never mixed with `kpis`.
    pub reference: Vec<ReferenceValue>,
    /// Qualitative follow-up per goal, for goals without a numeric KPI.
    pub followup: Vec<FollowupEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

impl Default for Generator {
    fn default() -> Self {
        Generator { name: "mdkpi".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() }
    }
}

/// Every definition in force, so that a figure is never separated from how it was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definitions {
    pub stage_up: StageUpDefinition,
    pub statistics: StatisticsDefinition,
    /// The global filters the figures were computed under; absent when nothing is filtered.
    #[serde(default, skip_serializing_if = "Filter::is_empty")]
    pub filter: Filter,
    /// The KPIs defined by `mdkpi.kpis/1` files (and recipes) that were read, valid ones only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<KpiSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsDefinition {
    /// How `ci95` is computed.
    pub interval: Interval,
    /// `small_n` is set on shares and means of fewer units than this (never on counts).
    pub small_n_below: u64,
    /// The respondents' threshold (each unit's is in `thresholds`): cells with 0 < n < this are
    /// hidden (1 = off). Kept from before the per-unit thresholds.
    pub min_cell_size: u64,
    /// 公表用 (publication) or 内部確認用 (internal: nothing hidden).
    #[serde(default)]
    pub mode: StatisticsMode,
    /// The units a cell needs to be shown, per kind of unit; an organisation's own totals
    /// (training and hub figures) are never hidden.
    #[serde(default)]
    pub thresholds: Thresholds,
    pub suppression: Suppression,
    pub change_test: ChangeTest,
    pub target_method: TargetMethod,
}

/// The units a cell needs to be shown, per kind of unit (1 = always shown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub respondent: u64,
    pub company: u64,
    pub project: u64,
}

vocabulary! {
    /// How `ci95` is computed.
    pub enum Interval {
        WilsonScore95 = "wilson_score_95",
    }
}

vocabulary! {
    /// How small cells are hidden.
    pub enum Suppression {
        PrimaryAndComplementary = "primary_and_complementary",
    }
}

vocabulary! {
    /// How a share's change from the previous year is tested.
    pub enum ChangeTest {
        TwoProportionZTestPooled = "two_proportion_z_test_pooled",
    }
}

vocabulary! {
    /// How next year's relative target is set (the plan sets no numeric targets).
    pub enum TargetMethod {
        BestOfLast3Years = "best_of_last_3_years",
    }
}

impl Definitions {
    pub fn new(options: &Options) -> Definitions {
        Definitions {
            stage_up: (&options.stage_up).into(),
            statistics: StatisticsDefinition {
                interval: Interval::WilsonScore95,
                small_n_below: SMALL_N,
                min_cell_size: options.statistics.threshold(Disclosure::Respondent),
                mode: options.statistics.mode,
                thresholds: Thresholds {
                    respondent: options.statistics.threshold(Disclosure::Respondent),
                    company: options.statistics.threshold(Disclosure::Company),
                    project: options.statistics.threshold(Disclosure::Project),
                },
                suppression: Suppression::PrimaryAndComplementary,
                change_test: ChangeTest::TwoProportionZTestPooled,
                target_method: TargetMethod::BestOfLast3Years,
            },
            filter: options.filter.clone(),
            kpis: Vec::new(),
        }
    }
}

/// One reference statistic: a calendar year (暦年), not a fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceValue {
    pub indicator: String,
    pub year: i32,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub source: String,
    pub row: u64,
}

/// One qualitative follow-up entry (status text and assessment) for a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowupEntry {
    pub goal: u8,
    pub fiscal_year: Option<i32>,
    pub program: Option<String>,
    pub status_text: Option<String>,
    pub assessment: Option<String>,
    pub source: String,
    pub row: u64,
}

/// One input file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// `null` when the headers matched no dataset kind.
    pub kind: Option<DatasetKind>,
    pub source: String,
    /// The sheet, for a table of a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// How a text file was decoded; a workbook has its `format` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<WorkbookFormat>,
    /// The header's spreadsheet row, where it is not the first (below a title, or chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u64>,
    /// Byte sequences that could not be decoded (each became U+FFFD and is reported).
    pub undecodable_chars: usize,
    /// Data rows, not counting the header, rows with no content at all, and the layout's rows.
    pub rows_read: u64,
    /// Rows that feed the KPIs.
    pub rows_used: u64,
    /// Rows not used because of an error (each is in `issues`).
    pub rows_rejected: u64,
    /// Rows replaced by a later row with the same key (each is in `issues`).
    pub rows_superseded: u64,
    /// Rows of the layout, not data: titles above the header, notes, total rows (each in `issues`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rows_skipped: u64,
    /// Where the column mapping came from when not detected: "user", or the recipe's file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapped_by: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

vocabulary! {
    /// The kind of workbook a table came from.
    pub enum WorkbookFormat {
        Xlsx = "xlsx",
        Xls = "xls",
        Ods = "ods",
    }
}

impl Results {
    /// The files read, each once and in order (a workbook has a dataset per sheet).
    /// The files that gave rows of `kind`, each once: the sources behind a figure of that kind.
    pub fn sources_of(&self, kind: DatasetKind) -> Vec<&str> {
        let mut sources: Vec<&str> = Vec::new();
        for d in self.datasets.iter().filter(|d| d.kind == Some(kind) && d.rows_used > 0) {
            if !sources.contains(&d.source.as_str()) {
                sources.push(&d.source);
            }
        }
        sources
    }

    pub fn sources(&self) -> Vec<&str> {
        let mut sources: Vec<&str> = Vec::new();
        for d in &self.datasets {
            if !sources.contains(&d.source.as_str()) {
                sources.push(&d.source);
            }
        }
        sources
    }

    /// The KPIs this document knows: the catalogue's and those it defines.
    pub fn catalogue(&self) -> Catalogue<'_> {
        Catalogue { defined: &self.definitions.kpis }
    }

    /// Whether any file contributed a row: the CLI's test for "nothing usable was given".
    pub fn has_data(&self) -> bool {
        self.datasets.iter().any(|d| d.rows_used > 0)
    }

    /// The canonical serialisation: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serialising plain structs with string keys cannot fail; say so loudly if it ever does.
            format!("{{\"schema\":\"{}\",\"error\":\"{e}\"}}", Schema::ResultsV1)
        });
        s.push('\n');
        s
    }
}

/// A breakdown coordinate: `{"adoption_stage": 2}` or `{"program": "医工連携…"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Dim {
    Int(i64),
    Text(String),
}

impl std::fmt::Display for Dim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dim::Int(n) => write!(f, "{n}"),
            Dim::Text(s) => f.write_str(s),
        }
    }
}

/// Figures with fewer units than this are flagged `small_n`: their interval is wide.
pub const SMALL_N: u64 = 10;

/// A relative target for next year, derived from history (the plan sets no numeric targets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub value: f64,
    pub method: TargetMethod,
}

/// One figure of the results contract (`kpis[]` in `mdkpi.results/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub id: KpiKey,
    /// Survey fiscal year (年度), or `None` for a file without a 年度 column.
    pub fiscal_year: Option<i32>,
    /// Empty for the total.
    pub breakdown: BTreeMap<Dimension, Dim>,
    /// `None` (null) when there is nothing to divide by, or when the cell is suppressed.
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// The units behind the figure (themes, companies, answers, rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
    /// n < 10.
    pub small_n: bool,
    /// Hidden because 0 < n < k, or to protect such a cell (complementary suppression).
    pub suppressed: bool,
    /// Units left out of the denominator, by reason, so that nothing disappears unexplained.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub excluded: BTreeMap<Exclusion, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_fiscal_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// Up, down or flat against the previous year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Whether the change is in the KPI's better direction (catalogue); flat is not an improvement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub improved: Option<bool>,
    /// Shares only: two-proportion z-test of this year against the previous one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_next: Option<Target>,
}

impl Kpi {
    /// Whether the year compared with is hidden: its year is named and no change is computed.
    pub fn previous_hidden(&self) -> bool {
        self.previous.is_none() && self.previous_fiscal_year.is_some() && !self.suppressed
    }

    /// A figure of `id` for one year and breakdown cell, with nothing measured yet.
    pub fn new(id: impl Into<KpiKey>, fiscal_year: Option<i32>, breakdown: BTreeMap<Dimension, Dim>) -> Kpi {
        Kpi {
            id: id.into(),
            fiscal_year,
            breakdown,
            value: None,
            numerator: None,
            denominator: None,
            n: None,
            ci95: None,
            small_n: false,
            suppressed: false,
            excluded: BTreeMap::new(),
            previous_fiscal_year: None,
            previous: None,
            delta: None,
            direction: None,
            improved: None,
            p_value: None,
            target_next: None,
        }
    }
}

vocabulary! {
    /// Why units are left out of a figure's denominator (`kpis[].excluded`). In the order of the
    /// names (see [`crate::vocab`]).
    pub enum Exclusion {
        AdoptedTooRecently = "adopted_too_recently",
        Completed = "completed",
        Discontinued = "discontinued",
        FlagUnknown = "flag_unknown",
        NoSurveyYear = "no_survey_year",
        UnknownStage = "unknown_stage",
    }
}

vocabulary! {
    /// A figure's change from the previous year.
    pub enum Direction {
        Up = "up",
        Down = "down",
        Flat = "flat",
    }
}

/// The definition in force, as written into the results JSON and under every figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageUpDefinition {
    pub unit: StageUpUnit,
    pub up: StageUpRule,
    pub multi_stage_jump: MultiStageJump,
    pub unknown_stage: UnknownStage,
    pub discontinued: Inclusion,
    pub completed: Inclusion,
    pub min_years_since_adoption: Option<u32>,
}

vocabulary! {
    /// What one unit of the stage-up rate is.
    pub enum StageUpUnit {
        ProjectPerSurveyFiscalYear = "project_per_survey_fiscal_year",
    }
}

vocabulary! {
    /// When a project counts as up.
    pub enum StageUpRule {
        CurrentStageGreaterThanStageAtAdoption = "current_stage_greater_than_stage_at_adoption",
    }
}

vocabulary! {
    /// How a jump of two stages or more counts.
    pub enum MultiStageJump {
        CountsOnce = "counts_once",
    }
}

vocabulary! {
    /// What happens to a project whose stage is not known.
    pub enum UnknownStage {
        ExcludedAndCounted = "excluded_and_counted",
    }
}

vocabulary! {
    /// Whether projects of a status stay in the denominator.
    pub enum Inclusion {
        Excluded = "excluded",
        Included = "included",
    }
}

impl From<&StageUpOptions> for StageUpDefinition {
    fn from(o: &StageUpOptions) -> Self {
        let inclusion = |excluded: bool| if excluded { Inclusion::Excluded } else { Inclusion::Included };
        StageUpDefinition {
            unit: StageUpUnit::ProjectPerSurveyFiscalYear,
            up: StageUpRule::CurrentStageGreaterThanStageAtAdoption,
            multi_stage_jump: MultiStageJump::CountsOnce,
            unknown_stage: UnknownStage::ExcludedAndCounted,
            discontinued: inclusion(o.exclude_discontinued),
            completed: inclusion(o.exclude_completed),
            min_years_since_adoption: o.min_years_since_adoption,
        }
    }
}

/// What the engine hands the page: the results, each input's headers (for the mapping step) and
/// the values the filters can take. The page's first screen is the sample's payload, computed at
/// build time ([`crate::sample::PAYLOAD`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub results: Results,
    pub headers: Vec<Vec<String>>,
    pub facets: Facets,
    /// The inputs' tables as they were laid out (where each header is), in input order.
    #[serde(default)]
    pub tables: Vec<TableView>,
}

/// One table of an input, as the page shows it for choosing its header row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    /// The input's place among the files read.
    #[serde(default)]
    pub input: usize,
    pub sheet: Option<String>,
    /// The header's spreadsheet row (0 for a JSON table, whose header is its keys).
    pub header_row: u64,
    /// Not read: left out by the user, or by a recipe.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub left_out: bool,
    /// The first rows from the top, each cell cut to a few dozen characters, and their
    /// spreadsheet rows. Only in the answer to a preview request (`protocol::Request::Preview`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preview: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preview_rows: Vec<u64>,
}

/// The values each filter can take, from all rows read (not the filtered ones, so that a choice
/// never disappears because another filter is set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub fiscal_years: Vec<i32>,
    pub programs: Vec<String>,
    pub priority_areas: Vec<u8>,
    pub associations: Vec<String>,
    pub hubs: Vec<String>,
}

/// A figure to trace back: a KPI id, its year and its breakdown cell, as in the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillQuery {
    pub id: KpiKey,
    pub fiscal_year: Option<i32>,
    #[serde(default)]
    pub breakdown: BTreeMap<Dimension, Dim>,
}

/// The rows behind a figure, as text, in file order. At most `limit` rows are listed; `total`
/// says how many there are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    pub query: Option<DrillQuery>,
    /// 「ファイル」, 「行」, then the kind's columns in Japanese.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: usize,
    /// What the list covers, in Japanese and English (for example how stage-up treats the rows).
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_are_in_the_order_of_their_names() {
        assert!(crate::vocab::in_name_order(&Exclusion::ALL.iter().map(|e| e.as_str()).collect::<Vec<_>>()));
    }
}

//! The results contract, `mdkpi.results/1`: one JSON document shared by the CLI, the page's export
//! button and the tests. Identical inputs and options give byte-identical JSON everywhere, so it
//! carries no timestamps and no paths (a source is the file name, which is all a browser knows).

use serde::{Deserialize, Serialize};

pub mod csv_export;
pub mod intern;
pub mod label;
pub mod safe;
pub mod template;

use crate::ingest::decode::TextEncoding;
use crate::issue::Issue;
use crate::kpi::stage_up::StageUpDefinition;
use crate::kpi::{Kpi, SMALL_N};
use crate::model::dataset::Row;
use crate::model::schema::DatasetKind;
use crate::pipeline::Options;

pub const SCHEMA: &str = "mdkpi.results/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    #[serde(deserialize_with = "intern::str")]
    pub schema: crate::report::intern::Word,
    pub generator: Generator,
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
    #[serde(deserialize_with = "intern::str")]
    pub name: crate::report::intern::Word,
    #[serde(deserialize_with = "intern::str")]
    pub version: crate::report::intern::Word,
}

impl Default for Generator {
    fn default() -> Self {
        Generator { name: "mdkpi", version: env!("CARGO_PKG_VERSION") }
    }
}

/// Every definition in force, so that a figure is never separated from how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definitions {
    pub stage_up: StageUpDefinition,
    pub statistics: StatisticsDefinition,
    /// The global filters the figures were computed under; absent when nothing is filtered.
    #[serde(default, skip_serializing_if = "crate::kpi::filter::Filter::is_empty")]
    pub filter: crate::kpi::filter::Filter,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsDefinition {
    /// How `ci95` is computed.
    #[serde(deserialize_with = "intern::str")]
    pub interval: crate::report::intern::Word,
    /// `small_n` is set below this n.
    pub small_n_below: u64,
    /// Cells with 0 < n < this are suppressed, with complementary suppression (1 = off).
    pub min_cell_size: u64,
    #[serde(deserialize_with = "intern::str")]
    pub suppression: crate::report::intern::Word,
    #[serde(deserialize_with = "intern::str")]
    pub change_test: crate::report::intern::Word,
    #[serde(deserialize_with = "intern::str")]
    pub target_method: crate::report::intern::Word,
}

impl Definitions {
    pub fn new(options: &Options) -> Definitions {
        Definitions {
            stage_up: (&options.stage_up).into(),
            statistics: StatisticsDefinition {
                interval: "wilson_score_95",
                small_n_below: SMALL_N,
                min_cell_size: options.statistics.min_cell_size,
                suppression: "primary_and_complementary",
                change_test: "two_proportion_z_test_pooled",
                target_method: crate::kpi::trend::TARGET_METHOD,
            },
            filter: options.filter.clone(),
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

impl ReferenceValue {
    /// Of every row given (the filters never drop reference statistics).
    pub fn from_rows(rows: &[&Row]) -> Vec<ReferenceValue> {
        let mut out: Vec<ReferenceValue> = rows
            .iter()
            .copied()
            .filter(|r| r.kind() == DatasetKind::Reference)
            .filter_map(|r| {
                Some(ReferenceValue {
                    indicator: r.text("indicator")?.to_owned(),
                    year: i32::try_from(r.int("year")?).ok()?,
                    value: r.number("value"),
                    unit: r.text("unit").map(str::to_owned),
                    source: r.source().to_string(),
                    row: r.row(),
                })
            })
            .collect();
        out.sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
        out
    }
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

impl FollowupEntry {
    /// Of every row given (the filters never drop follow-up notes).
    pub fn from_rows(rows: &[&Row]) -> Vec<FollowupEntry> {
        let mut out: Vec<FollowupEntry> = rows
            .iter()
            .copied()
            .filter(|r| r.kind() == DatasetKind::Followup)
            .filter_map(|r| {
                Some(FollowupEntry {
                    goal: u8::try_from(r.int("goal")?).ok()?,
                    fiscal_year: r.fiscal_year(),
                    program: r.text("program").map(str::to_owned),
                    status_text: r.text("status_text").map(str::to_owned),
                    assessment: r.text("assessment").map(str::to_owned),
                    source: r.source().to_string(),
                    row: r.row(),
                })
            })
            .collect();
        out.sort_by(|a, b| (a.goal, a.fiscal_year, &a.program).cmp(&(b.goal, b.fiscal_year, &b.program)));
        out
    }
}

/// One input file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// `null` when the headers matched no dataset kind.
    pub kind: Option<DatasetKind>,
    pub source: String,
    pub encoding: TextEncoding,
    /// Byte sequences that could not be decoded (each became U+FFFD and is reported).
    pub undecodable_chars: usize,
    /// Data rows, not counting the header and rows with no content at all.
    pub rows_read: u64,
    /// Rows that feed the KPIs.
    pub rows_used: u64,
    /// Rows not used because of an error (each is in `issues`).
    pub rows_rejected: u64,
    /// Rows replaced by a later row with the same key (each is in `issues`).
    pub rows_superseded: u64,
    /// Where the column mapping came from when not detected: "user", or the recipe's file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapped_by: Option<String>,
}

impl Results {
    /// Whether any file contributed a row: the CLI's test for "nothing usable was given".
    pub fn has_data(&self) -> bool {
        self.datasets.iter().any(|d| d.rows_used > 0)
    }

    /// The canonical serialisation: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serialising plain structs with string keys cannot fail; say so loudly if it ever does.
            format!("{{\"schema\":\"{SCHEMA}\",\"error\":\"{e}\"}}")
        });
        s.push('\n');
        s
    }
}

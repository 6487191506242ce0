//! The results contract, `mdkpi.results/1`: one JSON document shared by the CLI, the page's export
//! button and the tests. Identical inputs and options give byte-identical JSON everywhere, so it
//! carries no timestamps and no paths (a source is the file name, which is all a browser knows).

use serde::Serialize;

pub mod label;

use crate::issue::Issue;
use crate::kpi::stage_up::StageUpDefinition;
use crate::kpi::Kpi;
use crate::ingest::decode::TextEncoding;
use crate::model::schema::DatasetKind;

pub const SCHEMA: &str = "mdkpi.results/1";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub schema: &'static str,
    pub generator: Generator,
    pub definitions: Definitions,
    pub datasets: Vec<DatasetSummary>,
    pub issues: Vec<Issue>,
    pub kpis: Vec<Kpi>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generator {
    pub name: &'static str,
    pub version: &'static str,
}

impl Default for Generator {
    fn default() -> Self {
        Generator { name: "mdkpi", version: env!("CARGO_PKG_VERSION") }
    }
}

/// Every definition in force, so that a figure is never separated from how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definitions {
    /// How `ci95` is computed.
    pub interval: &'static str,
    pub stage_up: StageUpDefinition,
}

/// One input file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

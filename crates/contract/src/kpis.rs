//! KPI definitions as data, `mdkpi.kpis/1`: KPIs beyond the catalogue, on any dataset kind and any
//! column, written by the research group rather than by a developer. A definitions file is an input
//! like a recipe: dropped beside the data, given to the CLI (`--kpis FILE`, or among the files), or
//! carried by a recipe. The core checks each definition against the kinds' columns and computes
//! the valid ones ([`mdkpi_core`'s `kpi::custom`]); the results carry them in
//! `definitions.kpis`, so that a figure is never without its definition.
//!
//! ```
//! use mdkpi_contract::kpis::{KpisFile, Measure};
//! let file: KpisFile = serde_json::from_str(r#"{"schema": "mdkpi.kpis/1", "kpis": [
//!   {"id": "custom.hubs.patent_applications", "goal": 3, "name_ja": "拠点の特許出願件数",
//!    "name_en": "patent applications by hubs", "kind": "hubs", "measure": "sum",
//!    "column": "特許出願件数", "unit": "aggregate", "better": "higher", "breakdowns": ["hub"]}]}"#).unwrap();
//! assert_eq!(file.kpis[0].measure, Measure::Sum);
//! ```

use serde::{Deserialize, Serialize};

use crate::catalogue::{Better, CustomId, Dimension, Disclosure, KpiDef, KpiKey, Unit};
use crate::schema::{DatasetKind, ValueType};
use crate::vocabulary;

vocabulary! {
    /// The definitions format's name and version.
    pub enum KpisSchema {
        KpisV1 = "mdkpi.kpis/1",
    }
}

/// A definitions file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpisFile {
    pub schema: KpisSchema,
    pub kpis: Vec<KpiSpec>,
}

vocabulary! {
    /// What a defined KPI measures over the rows of its kind (of a survey year and a cell).
    pub enum Measure {
        /// The rows where `where` holds.
        Count = "count",
        /// The sum of `column` over the rows where `where` holds.
        Sum = "sum",
        /// The mean of `column` over the rows where `where` holds and `column` has a number.
        Mean = "mean",
        /// The rows where `where` holds, over the rows where its column is known (or where `of`
        /// holds).
        Share = "share",
    }
}

/// One defined KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiSpec {
    pub id: CustomId,
    /// The plan goal (1–11) it serves: its charts sit under that goal.
    pub goal: u8,
    pub name_ja: String,
    pub name_en: String,
    pub kind: DatasetKind,
    pub measure: Measure,
    /// The column summed or averaged (`sum`, `mean`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// A share's denominator, where it is not "the rows whose `where` column is known".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Condition>,
    /// What a cell's n counts, for disclosure control.
    pub unit: Disclosure,
    pub better: Better,
    #[serde(default)]
    pub breakdowns: Vec<Dimension>,
    /// How the figures read, set by the core from the measure and the column (a sum of a money
    /// column is in yen), whatever a file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reads_as: Option<Unit>,
}

/// A condition on one column of a row. Several tests in one condition must all hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// As written in the file's header, or a canonical column's key or Japanese name.
    pub column: String,
    /// `"yes"` / `"no"` (a flag in any form the reader accepts; a count above 0 is yes), a value,
    /// or a list of values (any of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<Is>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// `true`: the cell is empty; `false`: it has a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<bool>,
}

/// What a condition's `is` asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Is {
    One(Scalar),
    Any(Vec<Scalar>),
}

/// One value in a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl KpiSpec {
    /// The definition as a catalogue entry.
    pub fn def(&self) -> KpiDef<'_> {
        KpiDef {
            id: KpiKey::Custom(self.id),
            goal: self.goal,
            name_ja: &self.name_ja,
            name_en: &self.name_en,
            unit: self.reads_as.unwrap_or(match self.measure {
                Measure::Count | Measure::Sum => Unit::Count,
                Measure::Mean => Unit::Mean,
                Measure::Share => Unit::Share,
            }),
            better: self.better,
            breakdowns: &self.breakdowns,
            kind: self.kind,
            disclosure: self.unit,
        }
    }

    /// How a `sum` or `mean` of a column of `value` reads.
    pub fn unit_for(measure: Measure, value: Option<ValueType>) -> Unit {
        match (measure, value) {
            (Measure::Sum, Some(ValueType::Yen)) => Unit::Yen,
            (Measure::Count | Measure::Sum, _) => Unit::Count,
            (Measure::Mean, _) => Unit::Mean,
            (Measure::Share, _) => Unit::Share,
        }
    }
}

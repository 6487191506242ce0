//! Records → KPI values. Every figure is a [`Kpi`]: one id, one fiscal year, one breakdown cell.

pub mod stage_up;
pub mod stats;

use std::collections::BTreeMap;

use serde::Serialize;

/// A breakdown coordinate: `{"adoption_stage": 2}` or `{"program": "医工連携…"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// One figure of the results contract (`kpis[]` in `mdkpi.results/1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    pub id: &'static str,
    /// Survey fiscal year (年度), or `None` for a file without a 年度 column.
    pub fiscal_year: Option<i32>,
    /// Empty for the total.
    pub breakdown: BTreeMap<&'static str, Dim>,
    /// `None` (null) when there is nothing to divide by.
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
    /// Units left out of the denominator, by reason, so that nothing disappears unexplained.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub excluded: BTreeMap<&'static str, u64>,
}

impl Kpi {
    /// A share `numerator / denominator` with its Wilson 95% interval; n is the denominator.
    pub fn share(
        id: &'static str,
        fiscal_year: Option<i32>,
        breakdown: BTreeMap<&'static str, Dim>,
        numerator: u64,
        denominator: u64,
    ) -> Kpi {
        Kpi {
            id,
            fiscal_year,
            breakdown,
            value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
            numerator: Some(numerator),
            denominator: Some(denominator),
            n: Some(denominator),
            ci95: stats::wilson95(numerator, denominator).map(|(lo, hi)| [lo, hi]),
            excluded: BTreeMap::new(),
        }
    }

    /// A mean over `n` units.
    pub fn mean(
        id: &'static str,
        fiscal_year: Option<i32>,
        breakdown: BTreeMap<&'static str, Dim>,
        sum: f64,
        n: u64,
    ) -> Kpi {
        Kpi {
            id,
            fiscal_year,
            breakdown,
            value: (n > 0).then(|| sum / n as f64),
            numerator: None,
            denominator: None,
            n: Some(n),
            ci95: None,
            excluded: BTreeMap::new(),
        }
    }
}

/// A one-coordinate breakdown.
pub fn by(key: &'static str, value: Dim) -> BTreeMap<&'static str, Dim> {
    BTreeMap::from([(key, value)])
}

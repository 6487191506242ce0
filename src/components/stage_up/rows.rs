//! The stage-up rates as the view shows them: which rows, and each cell in words.

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::label::percent;
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Dim, Kpi, Results};

use crate::words::stage_name;

/// The rows shown: the total, then stages 1–4 at adoption, for one year.
pub fn rows_for_year(results: &Results, fy: Option<i32>) -> Vec<&Kpi> {
    let mut rows: Vec<&Kpi> = results
        .kpis
        .iter()
        .filter(|k| k.id == KpiId::RdStageUpShare && k.fiscal_year == fy)
        .filter(|k| k.breakdown.is_empty() || k.breakdown.contains_key(&Dimension::AdoptionStage))
        .collect();
    rows.sort_by_key(|k| k.breakdown.get(&Dimension::AdoptionStage).cloned());
    rows
}

/// A row's cell: the stage at adoption (`2 試作`), or the total's.
pub fn category(lang: Lang, k: &Kpi) -> String {
    match k.breakdown.get(&Dimension::AdoptionStage) {
        Some(Dim::Int(n)) => format!("{n} {}", u8::try_from(*n).map(|s| stage_name(lang, s)).unwrap_or("")),
        _ => lang.all_cell().to_owned(),
    }
}

/// The value as shown: x for a hidden cell, never a number that is not the figure.
pub fn shown(lang: Lang, k: &Kpi) -> String {
    if k.suppressed {
        lang.hidden().to_owned()
    } else {
        percent(k.value)
    }
}

/// A count, or a dash where there is none.
pub fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())
}

/// A bar's label: the share over its n, or x.
pub fn bar_label(lang: Lang, k: &Kpi) -> String {
    match k.n {
        Some(n) if !k.suppressed => format!("{}\nn={n}", percent(k.value)),
        _ => shown(lang, k),
    }
}

/// The survey years with a stage-up rate, in order.
pub fn years(results: &Results) -> Vec<Option<i32>> {
    let mut ys: Vec<Option<i32>> =
        results.kpis.iter().filter(|k| k.id == KpiId::RdStageUpShare).map(|k| k.fiscal_year).collect();
    ys.sort();
    ys.dedup();
    ys
}

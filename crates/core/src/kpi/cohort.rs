//! Cohorts by adoption year (採択年度): the mean stage reached 0, 1, 2 and 3 or more years after
//! adoption, so that the lag the research report stresses (investment reaches the market 5–10
//! years later) can be seen cohort by cohort.
//!
//! A project counts in its cohort's column once: for 0–2 years its survey of that year, for the
//! last column ([`YEARS_SINCE_LAST`] and more) its latest survey there. Projects whose stage is not
//! known are left out (counted in `excluded.unknown_stage`). Every status counts: a stopped theme
//! stays at the stage it reached. The figures span survey years, so they have none
//! (`fiscal_year` null) and no trend.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::label::YEARS_SINCE_LAST;
use mdkpi_contract::results::{Dim, Exclusion, Kpi};
use mdkpi_contract::value::Stage;

use crate::kpi::mean;
use crate::model::projects::Projects;

/// (cohort, years since adoption) → (stage sum, projects, projects of unknown stage).
type Cells = BTreeMap<(i32, i64), (f64, u64, u64)>;

pub fn cohorts(projects: &Projects) -> Vec<Kpi> {
    // (cohort, column, project) → the survey that counts: (its year, its stage).
    let mut counted: FxHashMap<(i32, i64, u32), (i32, Option<Stage>)> = FxHashMap::default();
    for p in &projects.list {
        let Some(fy) = p.fiscal_year else { continue };
        let years = i64::from(fy) - i64::from(p.adopted_fy);
        if years < 0 {
            continue;
        }
        let entry = counted.entry((p.adopted_fy, years.min(YEARS_SINCE_LAST), p.id)).or_insert((fy, p.current_stage));
        if fy > entry.0 {
            *entry = (fy, p.current_stage);
        }
    }
    let mut cells: Cells = BTreeMap::new();
    for ((cohort, years, _), (_, stage)) in counted {
        let cell = cells.entry((cohort, years)).or_default();
        match stage {
            Some(s) => {
                cell.0 += f64::from(s.number());
                cell.1 += 1;
            }
            None => cell.2 += 1,
        }
    }
    cells
        .into_iter()
        .map(|((cohort, years), (sum, n, unknown))| {
            let breakdown = BTreeMap::from([
                (Dimension::AdoptionYear, Dim::Int(cohort.into())),
                (Dimension::YearsSinceAdoption, Dim::Int(years)),
            ]);
            let mut k = mean(KpiId::RdCohortStageReached, None, breakdown, sum, n);
            if unknown > 0 {
                k.excluded.insert(Exclusion::UnknownStage, unknown);
            }
            k
        })
        .collect()
}

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

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::label::YEARS_SINCE_LAST;
use mdkpi_contract::results::{Dim, Exclusion, Kpi};
use mdkpi_contract::value::Stage;

use crate::kpi::mean;
use crate::model::projects::Projects;

/// A project's survey that counts in one (cohort, column), chained to the project's others.
struct Counted {
    cohort: i32,
    column: i64,
    fiscal_year: i32,
    stage: Option<Stage>,
    /// The project's previous entry in `counted`, or [`END`].
    next: u32,
}

const END: u32 = u32::MAX;

pub fn cohorts(projects: &Projects) -> Vec<Kpi> {
    // The surveys that count, found by each project's chain rather than by hashing a key: this
    // runs on every recompute, over every kept project. A chain is as long as the project's
    // columns (at most four per adoption year).
    let mut last = vec![END; projects.ids];
    let mut counted: Vec<Counted> = Vec::new();
    for p in &projects.list {
        let Some(fy) = p.fiscal_year else { continue };
        let years = i64::from(fy) - i64::from(p.adopted_fy);
        if years < 0 {
            continue;
        }
        let column = years.min(YEARS_SINCE_LAST);
        let head = &mut last[p.id as usize];
        let mut at = *head;
        while at != END && (counted[at as usize].cohort, counted[at as usize].column) != (p.adopted_fy, column) {
            at = counted[at as usize].next;
        }
        if at == END {
            counted.push(Counted {
                cohort: p.adopted_fy,
                column,
                fiscal_year: fy,
                stage: p.current_stage,
                next: *head,
            });
            *head = counted.len() as u32 - 1;
        } else if fy > counted[at as usize].fiscal_year {
            let c = &mut counted[at as usize];
            (c.fiscal_year, c.stage) = (fy, p.current_stage);
        }
    }
    // (stage sum, projects, projects of unknown stage) by cohort and column, in a dense array
    // over the cohorts' span.
    let Some(first) = counted.iter().map(|c| c.cohort).min() else { return Vec::new() };
    let width = YEARS_SINCE_LAST as usize + 1;
    let cell = |c: &Counted| (c.cohort - first) as usize * width + c.column as usize;
    let mut cells = vec![(0.0, 0u64, 0u64); counted.iter().map(|c| cell(c) + 1).max().unwrap_or(0)];
    for c in &counted {
        let cell = &mut cells[cell(c)];
        match c.stage {
            Some(s) => {
                cell.0 += f64::from(s.number());
                cell.1 += 1;
            }
            None => cell.2 += 1,
        }
    }
    (cells.into_iter().enumerate())
        .filter(|(_, (_, n, unknown))| n + unknown > 0)
        .map(|(i, (sum, n, unknown))| {
            let (cohort, years) = (first + (i / width) as i32, (i % width) as i64);
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::model::projects::Project;

    /// The definition, by key: (cohort, column, project) → its latest survey there.
    fn by_key(projects: &Projects) -> BTreeMap<(i32, i64), (f64, u64, u64)> {
        let mut counted: HashMap<(i32, i64, u32), (i32, Option<Stage>)> = HashMap::new();
        for p in &projects.list {
            let Some(fy) = p.fiscal_year else { continue };
            let years = i64::from(fy) - i64::from(p.adopted_fy);
            if years < 0 {
                continue;
            }
            let e = counted.entry((p.adopted_fy, years.min(YEARS_SINCE_LAST), p.id)).or_insert((fy, p.current_stage));
            if fy > e.0 {
                *e = (fy, p.current_stage);
            }
        }
        let mut cells = BTreeMap::new();
        for ((cohort, years, _), (_, stage)) in counted {
            let cell: &mut (f64, u64, u64) = cells.entry((cohort, years)).or_default();
            match stage {
                Some(s) => (cell.0, cell.1) = (cell.0 + f64::from(s.number()), cell.1 + 1),
                None => cell.2 += 1,
            }
        }
        cells
    }

    proptest! {
        /// Few ids, years and stages, so that projects repeat within a column, move between
        /// cohorts (a corrected 採択年度) and have surveys before adoption.
        #[test]
        fn chains_count_as_the_definition_by_key(
            rows in prop::collection::vec((0u32..6, 2016i32..2024, prop::option::of(2016i32..2026), prop::option::of(1u8..=5)), 0..60)
        ) {
            let list = rows
                .iter()
                .map(|&(id, adopted_fy, fiscal_year, stage)| Project {
                    fiscal_year,
                    adopted_fy,
                    id,
                    program: None,
                    areas: 0,
                    stage_at_adoption: None,
                    current_stage: stage.and_then(Stage::from_number),
                    status: None,
                    grant_yen: None,
                    patent_application: None,
                    patent_granted: None,
                    other_program: None,
                })
                .collect();
            let projects = Projects::from_list(list, Vec::new());
            let got: BTreeMap<(i32, i64), (f64, u64, u64)> = cohorts(&projects)
                .iter()
                .map(|k| {
                    let int = |d| match k.breakdown[&d] { Dim::Int(n) => n, ref other => panic!("{other:?}") };
                    let n = k.n.unwrap_or(0);
                    let unknown = k.excluded.get(&Exclusion::UnknownStage).copied().unwrap_or(0);
                    ((int(Dimension::AdoptionYear) as i32, int(Dimension::YearsSinceAdoption)), (k.value.unwrap_or(0.0) * n as f64, n, unknown))
                })
                .collect();
            let want = by_key(&projects);
            prop_assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
            for (key, (sum, n, unknown)) in &want {
                let (got_sum, got_n, got_unknown) = got[key];
                prop_assert_eq!((got_n, got_unknown), (*n, *unknown), "{:?}", key);
                prop_assert!((got_sum - sum).abs() < 1e-9, "{:?}: {} vs {}", key, got_sum, sum);
            }
        }
    }
}

//! `rd.stage_up.*`: how many R&D themes moved up a stage between adoption and the survey year.
//!
//! The published FY2023 figures (27.4% of 186 themes; 11.8 / 36.9 / 43.8 / 7.3% by stage at
//! adoption) cannot come from one integer split of 186, so the definition in force is always an
//! explicit, visible option ([`StageUpOptions`]), echoed in the results JSON as `definitions`.
//!
//! Defaults: the unit is one project as of one survey 年度; "up" means current stage > stage at
//! adoption, and a jump of two stages counts once; 中止 (discontinued) projects stay in the
//! denominator; projects with an unknown stage are left out and counted as `unknown_stage`.

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::options::StageUpOptions;
use mdkpi_contract::results::{Dim, Exclusion, Kpi};
use mdkpi_contract::value::{Stage, Status};

use crate::kpi::{by, mean, share, total, ByYear, ProjectCells};
use crate::model::projects::{Project, Projects};

/// Why a project is not in the denominator. The names appear in `kpis[].excluded`.
const REASONS: [Exclusion; 5] = [
    Exclusion::Discontinued,
    Exclusion::Completed,
    Exclusion::NoSurveyYear,
    Exclusion::AdoptedTooRecently,
    Exclusion::UnknownStage,
];

/// The reason (an index into [`REASONS`]) why `p` is not in the denominator, if it is not.
fn exclusion(p: &Project, o: &StageUpOptions) -> Option<usize> {
    match p.status {
        Some(Status::Discontinued) if o.exclude_discontinued => return Some(0),
        Some(Status::Completed) if o.exclude_completed => return Some(1),
        _ => {}
    }
    if let Some(min) = o.min_years_since_adoption {
        match p.fiscal_year {
            None => return Some(2),
            Some(fy) if i64::from(fy) - i64::from(p.adopted_fy) < i64::from(min) => return Some(3),
            Some(_) => {}
        }
    }
    match (p.stage_at_adoption, p.current_stage) {
        (Some(_), Some(_)) => None,
        _ => Some(4),
    }
}

#[derive(Default)]
struct Tally {
    up: u64,
    total: u64,
    gain: i64,
}

impl Tally {
    fn add(&mut self, at_adoption: Stage, current: Stage) {
        self.total += 1;
        self.up += u64::from(current > at_adoption);
        self.gain += i64::from(current.number()) - i64::from(at_adoption.number());
    }
}

/// Computes `rd.stage_up.share` (total, by adoption stage, program and priority area),
/// `rd.stage_up.mean_gain` (total and by adoption stage) and `rd.stage_up.transition` (counts by
/// adoption stage × current stage, over the same projects) for every survey year in `projects`.
pub fn stage_up(projects: &Projects, options: &StageUpOptions) -> Vec<Kpi> {
    /// One survey year's tallies; stages index arrays by their number (1–5).
    #[derive(Default)]
    struct Year {
        excluded: [u64; REASONS.len()],
        /// The total, and a project in several areas counts in each area (`ProjectCells::add`).
        cells: ProjectCells<Tally>,
        by_stage: [Tally; 6],
        transitions: [[u64; 6]; 6],
    }
    let mut years: ByYear<Year> = ByYear::default();
    for p in &projects.list {
        let year = years.get(p.fiscal_year);
        if let Some(reason) = exclusion(p, options) {
            year.excluded[reason] += 1;
            continue;
        }
        let (Some(a), Some(c)) = (p.stage_at_adoption, p.current_stage) else { continue };
        year.cells.add(p, |t| t.add(a, c));
        year.transitions[usize::from(a.number())][usize::from(c.number())] += 1;
        year.by_stage[usize::from(a.number())].add(a, c);
    }
    let mut kpis = Vec::new();
    for (fiscal_year, year) in years.into_sorted() {
        let all = &year.cells.total;
        let mut overall = share(KpiId::RdStageUpShare, fiscal_year, BTreeMap::new(), all.up, all.total);
        overall.excluded = REASONS.iter().zip(year.excluded).filter(|(_, n)| *n > 0).map(|(r, n)| (*r, n)).collect();
        kpis.push(overall);
        // Every stage a theme can be adopted at, counted or not.
        let by_stage: Vec<(Stage, &Tally)> = (1..=5)
            .filter_map(|n| Stage::from_number(n).map(|s| (s, &year.by_stage[usize::from(n)])))
            .filter(|(s, t)| Stage::ADOPTION_STAGES.contains(s) || t.total > 0)
            .collect();
        for &(stage, t) in &by_stage {
            let cell = by(Dimension::AdoptionStage, Dim::Int(stage.number().into()));
            kpis.push(share(KpiId::RdStageUpShare, fiscal_year, cell, t.up, t.total));
        }
        for (cell, t) in year.cells.cells(projects, |t| t.total > 0) {
            kpis.push(share(KpiId::RdStageUpShare, fiscal_year, cell, t.up, t.total));
        }
        kpis.push(mean(KpiId::RdStageUpMeanGain, fiscal_year, BTreeMap::new(), all.gain as f64, all.total));
        for &(stage, t) in &by_stage {
            let cell = by(Dimension::AdoptionStage, Dim::Int(stage.number().into()));
            kpis.push(mean(KpiId::RdStageUpMeanGain, fiscal_year, cell, t.gain as f64, t.total));
        }
        // The full matrix, zeros included, so that a reader sees every possible move.
        for a in Stage::ADOPTION_STAGES {
            for c in [Stage::Basic, Stage::ProductDevelopment, Stage::NonClinical, Stage::Clinical, Stage::Approved] {
                let n = year.transitions[usize::from(a.number())][usize::from(c.number())];
                let mut cell = by(Dimension::AdoptionStage, Dim::Int(a.number().into()));
                cell.insert(Dimension::CurrentStage, Dim::Int(c.number().into()));
                kpis.push(total(KpiId::RdStageUpTransition, fiscal_year, cell, n as f64, n));
            }
        }
    }
    kpis
}

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

use serde::{Deserialize, Serialize};

use crate::kpi::{by, ByYear, Dim, Kpi, ProjectCells};
use crate::model::projects::{Project, Projects};
use crate::model::value::{Stage, Status};

pub const SHARE: &str = "rd.stage_up.share";
pub const MEAN_GAIN: &str = "rd.stage_up.mean_gain";
pub const TRANSITION: &str = "rd.stage_up.transition";


/// The switchable parts of the stage-up definition.
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

/// The definition in force, as written into the results JSON and under every figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageUpDefinition {
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub unit: crate::report::intern::Word,
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub up: crate::report::intern::Word,
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub multi_stage_jump: crate::report::intern::Word,
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub unknown_stage: crate::report::intern::Word,
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub discontinued: crate::report::intern::Word,
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub completed: crate::report::intern::Word,
    pub min_years_since_adoption: Option<u32>,
}

impl From<&StageUpOptions> for StageUpDefinition {
    fn from(o: &StageUpOptions) -> Self {
        let inclusion = |excluded: bool| if excluded { "excluded" } else { "included" };
        StageUpDefinition {
            unit: "project_per_survey_fiscal_year",
            up: "current_stage_greater_than_stage_at_adoption",
            multi_stage_jump: "counts_once",
            unknown_stage: "excluded_and_counted",
            discontinued: inclusion(o.exclude_discontinued),
            completed: inclusion(o.exclude_completed),
            min_years_since_adoption: o.min_years_since_adoption,
        }
    }
}

/// Why a project is not in the denominator. The names appear in `kpis[].excluded`.
const REASONS: [&str; 5] = ["discontinued", "completed", "no_survey_year", "adopted_too_recently", "unknown_stage"];

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
        let total = &year.cells.total;
        let mut share = Kpi::share(SHARE, fiscal_year, BTreeMap::new(), total.up, total.total);
        share.excluded = REASONS.iter().zip(year.excluded).filter(|(_, n)| *n > 0).map(|(r, n)| (*r, n)).collect();
        kpis.push(share);
        // Every stage a theme can be adopted at, counted or not.
        let by_stage: Vec<(Stage, &Tally)> = (1..=5)
            .filter_map(|n| Stage::from_number(n).map(|s| (s, &year.by_stage[usize::from(n)])))
            .filter(|(s, t)| Stage::ADOPTION_STAGES.contains(s) || t.total > 0)
            .collect();
        for &(stage, t) in &by_stage {
            let cell = by("adoption_stage", Dim::Int(stage.number().into()));
            kpis.push(Kpi::share(SHARE, fiscal_year, cell, t.up, t.total));
        }
        for (cell, t) in year.cells.cells(projects, |t| t.total > 0) {
            kpis.push(Kpi::share(SHARE, fiscal_year, cell, t.up, t.total));
        }
        kpis.push(Kpi::mean(MEAN_GAIN, fiscal_year, BTreeMap::new(), total.gain as f64, total.total));
        for &(stage, t) in &by_stage {
            let cell = by("adoption_stage", Dim::Int(stage.number().into()));
            kpis.push(Kpi::mean(MEAN_GAIN, fiscal_year, cell, t.gain as f64, t.total));
        }
        // The full matrix, zeros included, so that a reader sees every possible move.
        for a in Stage::ADOPTION_STAGES {
            for c in [Stage::Basic, Stage::ProductDevelopment, Stage::NonClinical, Stage::Clinical, Stage::Approved] {
                let n = year.transitions[usize::from(a.number())][usize::from(c.number())];
                let mut cell = by("adoption_stage", Dim::Int(a.number().into()));
                cell.insert("current_stage", Dim::Int(c.number().into()));
                kpis.push(Kpi::total(TRANSITION, fiscal_year, cell, n as f64, n));
            }
        }
    }
    kpis
}

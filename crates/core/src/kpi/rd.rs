//! Goal ⑥: adoptions, active projects and grants in the programmes, by program and priority area;
//! and the outcomes the report proposes for early themes (patents, other programmes).
//! A project in several priority areas counts in each area's cell and once in the total.

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::results::{Dim, Kpi};

use crate::kpi::{by, share_of_known, total, ByYear, ProjectCells};
use crate::model::projects::{Project, Projects};

/// A survey year's cell: its projects, and the grants of those with an amount.
#[derive(Default)]
struct Active {
    n: u64,
    yen: i64,
    with_grant: u64,
}

/// The rule of `rd.projects.adopted`, the one place it is written (the count and its drill-down
/// both use it): each distinct 課題ID counts once, in its adoption year, as of its latest survey,
/// the first of its rows where two share that year. `projects` gives each project's id (a code
/// below `ids`) and survey year, in order; the answer is, for each id, the place of the project
/// that counts.
///
/// ```
/// use mdkpi_core::kpi::rd::adopted_once;
/// // Id 0 surveyed in 2022 and 2023, id 1 twice in 2023: the 2023 row of 0, the first of 1.
/// let counted = adopted_once(2, [(0, Some(2022)), (1, Some(2023)), (0, Some(2023)), (1, Some(2023))]);
/// assert_eq!(counted, [Some(2), Some(1)]);
/// ```
pub fn adopted_once(ids: usize, projects: impl IntoIterator<Item = (u32, Option<i32>)>) -> Vec<Option<u32>> {
    // (place, survey year) in 8 bytes, not the 16 of an `Option` of an `Option`: a recompute of a
    // million projects fills and reads one per id. No place yet is `u32::MAX`; no survey year is
    // `i32::MIN`, below every year the reader accepts.
    const NONE: u32 = u32::MAX;
    let mut latest: Vec<(u32, i32)> = vec![(NONE, i32::MIN); ids];
    for (i, (id, fiscal_year)) in projects.into_iter().enumerate() {
        let entry = &mut latest[id as usize];
        let year = fiscal_year.unwrap_or(i32::MIN);
        if entry.0 == NONE || year > entry.1 {
            *entry = (i as u32, year);
        }
    }
    // In place: the same size and alignment.
    latest.into_iter().map(|(i, _)| (i != NONE).then_some(i)).collect()
}

pub fn rd(projects: &Projects) -> Vec<Kpi> {
    let list = &projects.list;
    let mut kpis = Vec::new();
    let latest = adopted_once(projects.ids, list.iter().map(|p| (p.id, p.fiscal_year)));
    // rd.projects.active and rd.grant.amount: the rows of each survey year (one row per project
    // per year after duplicates are resolved). One pass counts all three.
    let mut adopted: ByYear<ProjectCells<u64>> = ByYear::default();
    let mut active: ByYear<ProjectCells<Active>> = ByYear::default();
    for (i, p) in list.iter().enumerate() {
        if latest[p.id as usize] == Some(i as u32) {
            adopted.get(Some(p.adopted_fy)).add(p, |n| *n += 1);
        }
        let grant = p.grant_yen;
        active.get(p.fiscal_year).add(p, |a| {
            a.n += 1;
            if let Some(yen) = grant {
                a.yen = a.yen.saturating_add(yen);
                a.with_grant += 1;
            }
        });
    }
    for (fy, cells) in &adopted.into_sorted() {
        let counted = |n: &u64| *n > 0;
        kpis.extend(cells.iter(projects, counted).map(|(b, n)| total(KpiId::RdProjectsAdopted, *fy, b, *n as f64, *n)));
    }
    let active = active.into_sorted();
    for (fy, cells) in &active {
        let counted = |a: &Active| a.n > 0;
        kpis.extend(
            cells.iter(projects, counted).map(|(b, a)| total(KpiId::RdProjectsActive, *fy, b, a.n as f64, a.n)),
        );
    }
    // Only years and cells with an amount.
    for (fy, cells) in active.iter().filter(|(_, c)| c.total.with_grant > 0) {
        let counted = |a: &Active| a.with_grant > 0;
        kpis.extend(
            cells.iter(projects, counted).map(|(b, a)| total(KpiId::RdGrantAmount, *fy, b, a.yen as f64, a.with_grant)),
        );
    }
    kpis
}

/// A share's count in one cell: yes, known, and not known.
#[derive(Default)]
struct Known {
    yes: u64,
    known: u64,
    unknown: u64,
}

impl Known {
    fn add(&mut self, value: Option<bool>) {
        match value {
            Some(v) => {
                self.known += 1;
                self.yes += u64::from(v);
            }
            None => self.unknown += 1,
        }
    }

    fn figure(&self, id: KpiId, fy: Option<i32>, breakdown: BTreeMap<Dimension, Dim>) -> Kpi {
        share_of_known(id, fy, breakdown, self.yes, self.known, self.unknown)
    }
}

/// An outcome of a project: yes, no or not known.
type Outcome = fn(&Project) -> Option<bool>;

/// The outcomes the research report proposes for themes adopted early (考察 2), where the
/// stage-up rate says little: patents applied for and granted, and adoption by another AMED
/// programme.
const OUTCOMES: [(KpiId, Outcome); 3] = [
    (KpiId::RdPatentApplicationShare, |p| p.patent_application),
    (KpiId::RdPatentGrantShare, |p| p.patent_granted),
    (KpiId::RdOtherProgramShare, |p| p.other_program),
];

/// The outcome shares: of each survey year's projects whose value is known, in total, by stage at
/// adoption, by program and by priority area. A year in which no project has the value (its
/// files lack the column) has no figures.
pub fn outcomes(projects: &Projects) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    for (id, outcome) in OUTCOMES {
        let mut years: ByYear<(ProjectCells<Known>, [Known; 5])> = ByYear::default();
        for p in &projects.list {
            let value = outcome(p);
            let (cells, stages) = years.get(p.fiscal_year);
            cells.add(p, |k| k.add(value));
            if let Some(stage) = p.stage_at_adoption {
                stages[usize::from(stage.number()).min(4)].add(value);
            }
        }
        for (fy, (cells, stages)) in years.into_sorted() {
            if cells.total.known == 0 {
                continue;
            }
            kpis.push(cells.total.figure(id, fy, BTreeMap::new()));
            for (stage, k) in stages.iter().enumerate().filter(|(_, k)| k.known + k.unknown > 0) {
                kpis.push(k.figure(id, fy, by(Dimension::AdoptionStage, Dim::Int(stage as i64))));
            }
            let counted = |k: &Known| k.known + k.unknown > 0;
            kpis.extend(cells.cells(projects, counted).map(|(b, k)| k.figure(id, fy, b)));
        }
    }
    kpis
}

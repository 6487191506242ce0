//! Goal ⑥: adoptions, active projects and grants in the programmes, by program and priority area.
//! A project in several priority areas counts in each area's cell and once in the total.

use crate::kpi::{ByYear, Kpi, ProjectCells};
use crate::model::projects::Projects;

#[derive(Default)]
struct Sum {
    yen: i64,
    n: u64,
}

pub fn rd(projects: &Projects) -> Vec<Kpi> {
    let list = &projects.list;
    let mut kpis = Vec::new();

    // rd.projects.adopted: each distinct 課題ID once, in its adoption year, as of its latest survey
    // (the first such row where two share a year).
    const NONE: u32 = u32::MAX;
    let mut latest = vec![NONE; projects.ids];
    for (i, p) in list.iter().enumerate() {
        let entry = &mut latest[p.id as usize];
        if *entry == NONE || p.fiscal_year > list[*entry as usize].fiscal_year {
            *entry = i as u32;
        }
    }
    // rd.projects.active and rd.grant.amount: the rows of each survey year (one row per project
    // per year after duplicates are resolved). One pass counts all three.
    let mut adopted: ByYear<ProjectCells<u64>> = ByYear::default();
    let mut active: ByYear<ProjectCells<u64>> = ByYear::default();
    let mut grants: ByYear<ProjectCells<Sum>> = ByYear::default();
    for (i, p) in list.iter().enumerate() {
        if latest[p.id as usize] == i as u32 {
            adopted.get(Some(p.adopted_fy)).add(p, |n| *n += 1);
        }
        active.get(p.fiscal_year).add(p, |n| *n += 1);
        if let Some(yen) = p.grant_yen {
            grants.get(p.fiscal_year).add(p, |s| {
                s.yen = s.yen.saturating_add(yen);
                s.n += 1;
            });
        }
    }
    let counted = |n: &u64| *n > 0;
    for (fy, cells) in &adopted.into_sorted() {
        kpis.extend(cells.iter(projects, counted).map(|(b, n)| Kpi::total("rd.projects.adopted", *fy, b, *n as f64, *n)));
    }
    for (fy, cells) in &active.into_sorted() {
        kpis.extend(cells.iter(projects, counted).map(|(b, n)| Kpi::total("rd.projects.active", *fy, b, *n as f64, *n)));
    }
    for (fy, cells) in &grants.into_sorted() {
        kpis.extend(cells.iter(projects, |s| s.n > 0).map(|(b, s)| Kpi::total("rd.grant.amount", *fy, b, s.yen as f64, s.n)));
    }
    kpis
}

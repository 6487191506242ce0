//! Goal ⑥: adoptions, active projects and grants in the programmes, by program and priority area.
//! A project in several priority areas counts in each area's cell and once in the total.

use crate::kpi::{ByYear, Kpi, ProjectCells};
use crate::model::projects::Projects;

/// A survey year's cell: its projects, and the grants of those with an amount.
#[derive(Default)]
struct Active {
    n: u64,
    yen: i64,
    with_grant: u64,
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
    let mut active: ByYear<ProjectCells<Active>> = ByYear::default();
    for (i, p) in list.iter().enumerate() {
        if latest[p.id as usize] == i as u32 {
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
        kpis.extend(cells.iter(projects, counted).map(|(b, n)| Kpi::total("rd.projects.adopted", *fy, b, *n as f64, *n)));
    }
    let active = active.into_sorted();
    for (fy, cells) in &active {
        let counted = |a: &Active| a.n > 0;
        kpis.extend(cells.iter(projects, counted).map(|(b, a)| Kpi::total("rd.projects.active", *fy, b, a.n as f64, a.n)));
    }
    // Only years and cells with an amount.
    for (fy, cells) in active.iter().filter(|(_, c)| c.total.with_grant > 0) {
        let counted = |a: &Active| a.with_grant > 0;
        kpis.extend(
            cells.iter(projects, counted).map(|(b, a)| Kpi::total("rd.grant.amount", *fy, b, a.yen as f64, a.with_grant)),
        );
    }
    kpis
}

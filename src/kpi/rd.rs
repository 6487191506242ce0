//! Goal ⑥: adoptions, active projects and grants in the programmes, by program and priority area.
//! A project in several priority areas counts in each area's cell and once in the total.

use std::collections::BTreeMap;

use crate::kpi::{Cells, DimRef, Kpi};
use crate::model::projects::Project;

/// A project's breakdown cells, written into `cells` (one buffer for all projects: this runs for
/// every row on each recompute).
fn cells_of<'a>(p: &Project<'a>, cells: &mut Vec<(&'static str, DimRef<'a>)>) {
    cells.clear();
    cells.extend(p.program.map(|prog| ("program", DimRef::Text(prog))));
    cells.extend(p.priority_areas.iter().map(|&a| ("priority_area", DimRef::Int(a.into()))));
}

#[derive(Default)]
struct Sum {
    yen: i64,
    n: u64,
}

pub fn rd(projects: &[Project<'_>]) -> Vec<Kpi> {
    let mut kpis = Vec::new();

    // rd.projects.adopted: each distinct 課題ID once, in its adoption year, as of its latest survey.
    // Hashed, not ordered: a national list has a million IDs, and only the counts below matter.
    let mut latest: rustc_hash::FxHashMap<&str, &Project> = rustc_hash::FxHashMap::default();
    for p in projects {
        let entry = latest.entry(p.project_id).or_insert(p);
        if p.fiscal_year > entry.fiscal_year {
            *entry = p;
        }
    }
    let mut adopted: BTreeMap<i32, Cells<u64>> = BTreeMap::new();
    let mut cells = Vec::new();
    for p in latest.values() {
        cells_of(p, &mut cells);
        adopted.entry(p.adopted_fy).or_default().add(&cells, |n| *n += 1);
    }
    for (fy, cells) in &adopted {
        kpis.extend(cells.iter().map(|(b, n)| Kpi::total("rd.projects.adopted", Some(*fy), b, *n as f64, *n)));
    }

    // rd.projects.active and rd.grant.amount: the rows of each survey year (one row per project
    // per year after duplicates are resolved).
    let mut active: BTreeMap<Option<i32>, Cells<u64>> = BTreeMap::new();
    let mut grants: BTreeMap<Option<i32>, Cells<Sum>> = BTreeMap::new();
    for p in projects {
        cells_of(p, &mut cells);
        active.entry(p.fiscal_year).or_default().add(&cells, |n| *n += 1);
        if let Some(yen) = p.grant_yen {
            grants.entry(p.fiscal_year).or_default().add(&cells, |s| {
                s.yen = s.yen.saturating_add(yen);
                s.n += 1;
            });
        }
    }
    for (fy, cells) in &active {
        kpis.extend(cells.iter().map(|(b, n)| Kpi::total("rd.projects.active", *fy, b, *n as f64, *n)));
    }
    for (fy, cells) in &grants {
        kpis.extend(cells.iter().map(|(b, s)| Kpi::total("rd.grant.amount", *fy, b, s.yen as f64, s.n)));
    }
    kpis
}

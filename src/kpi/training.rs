//! Goal ①: training record (courses, trainees, industry trainees) and trainee satisfaction.

use std::collections::BTreeMap;

use crate::kpi::{by, by_year, sums, text_cells, Cells, Dim, Kpi};
use crate::model::dataset::Row;
use crate::model::schema::DatasetKind;

/// `training.satisfaction.answers`: how many answered each level 1–5, in total and by program
/// (the diverging bars). The total is n; each level is a cell, so that small ones are suppressed
/// like any other.
fn answers(fy: Option<i32>, group: &[&Row]) -> Vec<Kpi> {
    const ID: &str = "training.satisfaction.answers";
    let mut total = 0u64;
    let mut cells: BTreeMap<BTreeMap<&'static str, Dim>, u64> = BTreeMap::new();
    for r in group {
        let Some(answer) = r.int("satisfaction") else { continue };
        total += 1;
        let level = Dim::Int(answer);
        *cells.entry(by("answer", level.clone())).or_default() += 1;
        if let Some(program) = r.text("program") {
            let key = BTreeMap::from([("answer", level), ("program", Dim::Text(program.to_owned()))]);
            *cells.entry(key).or_default() += 1;
        }
    }
    let mut kpis = vec![Kpi::total(ID, fy, BTreeMap::new(), total as f64, total)];
    kpis.extend(cells.into_iter().map(|(b, n)| Kpi::total(ID, fy, b, n as f64, n)));
    kpis
}

#[derive(Default)]
struct Answers {
    sum: u64,
    top2: u64,
    n: u64,
}

/// `training.courses`, `.trainees`, `.industry_trainees` (sums; n = rows with a value) and
/// `training.satisfaction.mean` / `.top2_share` / `.answers` (valid 1–5 answers), by program.
pub fn training(rows: &[&Row]) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    for (fy, group) in by_year(rows, DatasetKind::Trainings) {
        for (id, column) in [
            ("training.courses", "sessions"),
            ("training.trainees", "trainees"),
            ("training.industry_trainees", "industry_trainees"),
        ] {
            kpis.extend(sums(id, fy, &group, column, &[("program", "program")]));
        }
    }
    for (fy, group) in by_year(rows, DatasetKind::Satisfaction) {
        let mut cells: Cells<Answers> = Cells::default();
        for r in &group {
            if let Some(answer) = r.int("satisfaction") {
                cells.add(&text_cells(r, &[("program", "program")]), |a| {
                    a.sum += answer as u64;
                    a.top2 += u64::from(answer >= 4);
                    a.n += 1;
                });
            }
        }
        if cells.total.n == 0 {
            continue;
        }
        for (b, a) in cells.iter() {
            kpis.push(Kpi::mean("training.satisfaction.mean", fy, b.clone(), a.sum as f64, a.n));
            kpis.push(Kpi::share("training.satisfaction.top2_share", fy, b, a.top2, a.n));
        }
        kpis.extend(answers(fy, &group));
    }
    kpis
}

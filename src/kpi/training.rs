//! Goal ①: training record (courses, trainees, industry trainees) and trainee satisfaction.

use crate::kpi::{by_year, sums, text_cells, Cells, Kpi};
use crate::model::dataset::Row;
use crate::model::schema::DatasetKind;

#[derive(Default)]
struct Answers {
    sum: u64,
    top2: u64,
    n: u64,
}

/// `training.courses`, `.trainees`, `.industry_trainees` (sums; n = rows with a value) and
/// `training.satisfaction.mean` / `.top2_share` (valid 1–5 answers), by program.
pub fn training(rows: &[Row]) -> Vec<Kpi> {
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
    }
    kpis
}

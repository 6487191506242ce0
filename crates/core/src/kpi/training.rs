//! Goal ①: training record (courses, trainees, industry trainees) and trainee satisfaction.

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::results::{Dim, Kpi};

use crate::kpi::{by, by_year, mean, share, sums, text_cells, total, Cells};
use crate::model::dataset::Row;
use mdkpi_contract::schema::{Col, DatasetKind};

/// `training.satisfaction.answers`: how many answered each level 1–5, in total and by program
/// (the diverging bars). The total is n; each level is a cell, so that small ones are suppressed
/// like any other.
fn answers(fy: Option<i32>, group: &[&Row]) -> Vec<Kpi> {
    const ID: KpiId = KpiId::TrainingSatisfactionAnswers;
    let mut answered = 0u64;
    let mut cells: BTreeMap<BTreeMap<Dimension, Dim>, u64> = BTreeMap::new();
    for r in group {
        let Some(answer) = r.int(Col::Satisfaction) else { continue };
        answered += 1;
        let level = Dim::Int(answer);
        *cells.entry(by(Dimension::Answer, level.clone())).or_default() += 1;
        if let Some(program) = r.text(Col::Program) {
            let key = BTreeMap::from([(Dimension::Answer, level), (Dimension::Program, Dim::Text(program.to_owned()))]);
            *cells.entry(key).or_default() += 1;
        }
    }
    // Every level of every group, zeros included: a level left out would be known to be 0, and a
    // figure made from known cells cannot protect a hidden one.
    let programs: Vec<Dim> = cells.keys().filter_map(|b| b.get(&Dimension::Program).cloned()).collect();
    for level in 1..=5 {
        cells.entry(by(Dimension::Answer, Dim::Int(level))).or_default();
        for program in &programs {
            let key = BTreeMap::from([(Dimension::Answer, Dim::Int(level)), (Dimension::Program, program.clone())]);
            cells.entry(key).or_default();
        }
    }
    let mut kpis = vec![total(ID, fy, BTreeMap::new(), answered as f64, answered)];
    kpis.extend(cells.into_iter().map(|(b, n)| total(ID, fy, b, n as f64, n)));
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
            (KpiId::TrainingCourses, Col::Sessions),
            (KpiId::TrainingTrainees, Col::Trainees),
            (KpiId::TrainingIndustryTrainees, Col::IndustryTrainees),
        ] {
            kpis.extend(sums(id, fy, &group, column, &[(Col::Program, Dimension::Program)]));
        }
    }
    for (fy, group) in by_year(rows, DatasetKind::Satisfaction) {
        let mut cells: Cells<Answers> = Cells::default();
        for r in &group {
            if let Some(answer) = r.int(Col::Satisfaction) {
                cells.add(&text_cells(r, &[(Col::Program, Dimension::Program)]), |a| {
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
            kpis.push(mean(KpiId::TrainingSatisfactionMean, fy, b.clone(), a.sum as f64, a.n));
            kpis.push(share(KpiId::TrainingSatisfactionTop2Share, fy, b, a.top2, a.n));
        }
        kpis.extend(answers(fy, &group));
    }
    kpis
}

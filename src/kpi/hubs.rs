//! Goal ③: joint research at R&D hubs (with companies, between hubs), and the hubs that report an
//! international joint-trial infrastructure (the trial measurements found none).

use std::collections::BTreeMap;

use crate::kpi::{by_year, sums, Cells, Kpi};
use crate::model::dataset::Row;
use crate::model::schema::DatasetKind;

pub fn hubs(rows: &[&Row]) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    for (fy, group) in by_year(rows, DatasetKind::Hubs) {
        for (id, column) in [
            ("hubs.joint_research.company", "joint_research_company"),
            ("hubs.joint_research.inter_hub", "joint_research_inter_hub"),
        ] {
            kpis.extend(sums(id, fy, &group, column, &[("hub", "hub"), ("program", "program")]));
        }
        // Distinct hubs with a known answer; a hub reporting 有 in any row counts once.
        let mut infra: BTreeMap<&str, (Option<bool>, Vec<&str>)> = BTreeMap::new();
        for r in &group {
            let (Some(hub), Some(flag)) = (r.text("hub"), r.flag("international_trial_infra")) else { continue };
            let entry = infra.entry(hub).or_default();
            entry.0 = Some(entry.0.unwrap_or(false) || flag);
            if let Some(p) = r.text("program") {
                entry.1.push(p);
            }
        }
        if infra.is_empty() {
            continue;
        }
        let mut cells: Cells<(u64, u64)> = Cells::default();
        for (flag, programs) in infra.values() {
            let mut programs = programs.clone();
            programs.sort_unstable();
            programs.dedup();
            let dims: Vec<_> = programs.iter().map(|p| ("program", *p)).collect();
            let yes = u64::from(*flag == Some(true));
            cells.add(&dims, |(count, n)| {
                *count += yes;
                *n += 1;
            });
        }
        for (b, (count, n)) in cells.iter() {
            let mut k = Kpi::total("hubs.international_infra.count", fy, b, *count as f64, *n);
            k.numerator = Some(*count);
            k.denominator = Some(*n);
            kpis.push(k);
        }
    }
    kpis
}

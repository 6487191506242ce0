//! Goal ③: joint research at R&D hubs (with companies, between hubs), and the hubs that report an
//! international joint-trial infrastructure (the trial measurements found none).

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::results::Kpi;

use crate::kpi::{by_year, sums, total, Cells};
use crate::model::dataset::Row;
use mdkpi_contract::schema::{Col, DatasetKind};

pub fn hubs(rows: &[&Row]) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    for (fy, group) in by_year(rows, DatasetKind::Hubs) {
        for (id, column) in [
            (KpiId::HubsJointResearchCompany, Col::JointResearchCompany),
            (KpiId::HubsJointResearchInterHub, Col::JointResearchInterHub),
        ] {
            kpis.extend(sums(
                id,
                fy,
                &group,
                column,
                &[(Col::Hub, Dimension::Hub), (Col::Program, Dimension::Program)],
            ));
        }
        // Distinct hubs with a known answer; a hub reporting 有 in any row counts once.
        let mut infra: BTreeMap<&str, (Option<bool>, Vec<&str>)> = BTreeMap::new();
        for r in &group {
            let (Some(hub), Some(flag)) = (r.text(Col::Hub), r.flag(Col::InternationalTrialInfra)) else { continue };
            let entry = infra.entry(hub).or_default();
            entry.0 = Some(entry.0.unwrap_or(false) || flag);
            if let Some(p) = r.text(Col::Program) {
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
            let dims: Vec<_> = programs.iter().map(|p| (Dimension::Program, *p)).collect();
            let yes = u64::from(*flag == Some(true));
            cells.add(&dims, |(count, n)| {
                *count += yes;
                *n += 1;
            });
        }
        for (b, (count, n)) in cells.iter() {
            let mut k = total(KpiId::HubsInternationalInfraCount, fy, b, *count as f64, *n);
            k.numerator = Some(*count);
            k.denominator = Some(*n);
            kpis.push(k);
        }
    }
    kpis
}

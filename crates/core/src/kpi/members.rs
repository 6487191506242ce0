//! Goals ② and ⑦: member companies of the JFMDA (医機連) member associations, the venture and
//! cross-industry entrants among them, and those that expand internationally.
//!
//! A company is a distinct 企業名 (after width folding). A company listed under two associations
//! counts in each association and once in the total. Its flag is true if any of its rows says so,
//! false if its rows say only false, and unknown otherwise; shares leave unknown flags out of the
//! denominator.

use std::collections::{BTreeMap, BTreeSet};

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::results::{Dim, Kpi};

use crate::kpi::{by, by_year, share_of_known, total};
use crate::model::dataset::Row;
use mdkpi_contract::schema::{Col, DatasetKind};

const FLAGS: [(Col, KpiId, KpiId); 3] = [
    (Col::Venture, KpiId::MembersVentureCount, KpiId::MembersVentureShare),
    (Col::CrossIndustry, KpiId::MembersCrossIndustryCount, KpiId::MembersCrossIndustryShare),
    (Col::International, KpiId::MembersInternationalCount, KpiId::MembersInternationalShare),
];

/// What is known of one company's flag across its rows.
fn merge(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), _) | (_, Some(false)) => Some(false),
        (None, None) => None,
    }
}

pub fn members(rows: &[&Row]) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    for (fy, group) in by_year(rows, DatasetKind::Members) {
        // company → (associations, flags)
        let mut companies: BTreeMap<&str, (BTreeSet<&str>, [Option<bool>; 3])> = BTreeMap::new();
        for r in &group {
            let Some(company) = r.text(Col::Company) else { continue };
            let entry = companies.entry(company).or_default();
            if let Some(a) = r.text(Col::Association) {
                entry.0.insert(a);
            }
            for (i, (column, ..)) in FLAGS.iter().enumerate() {
                entry.1[i] = merge(entry.1[i], r.flag(*column));
            }
        }
        // Cells: the total (None) and each association.
        let mut cells: BTreeMap<Option<&str>, Vec<&[Option<bool>; 3]>> = BTreeMap::new();
        for (associations, flags) in companies.values() {
            cells.entry(None).or_default().push(flags);
            for a in associations {
                cells.entry(Some(a)).or_default().push(flags);
            }
        }
        for (cell, flags) in cells {
            let breakdown = || match cell {
                None => BTreeMap::new(),
                Some(a) => by(Dimension::Association, Dim::Text(a.to_owned())),
            };
            let n = flags.len() as u64;
            kpis.push(total(KpiId::MembersCompanies, fy, breakdown(), n as f64, n));
            for (i, (_, count_id, share_id)) in FLAGS.iter().enumerate() {
                let known = flags.iter().filter(|f| f[i].is_some()).count() as u64;
                let yes = flags.iter().filter(|f| f[i] == Some(true)).count() as u64;
                if known == 0 {
                    continue;
                }
                let mut count = total(*count_id, fy, breakdown(), yes as f64, known);
                count.numerator = Some(yes);
                count.denominator = Some(known);
                kpis.push(count);
                kpis.push(share_of_known(*share_id, fy, breakdown(), yes, known, n - known));
            }
        }
    }
    kpis
}

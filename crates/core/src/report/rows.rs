//! Rows that the results carry as they are, not as figures: reference statistics (calendar years,
//! never mixed with fiscal years) and qualitative follow-up per goal.

use mdkpi_contract::results::{FollowupEntry, ReferenceValue};
use mdkpi_contract::schema::{Col, DatasetKind};

use crate::model::dataset::Row;

/// The reference statistics of every row given (the filters never drop them).
pub fn reference(rows: &[&Row]) -> Vec<ReferenceValue> {
    let mut out: Vec<ReferenceValue> = rows
        .iter()
        .copied()
        .filter(|r| r.kind() == DatasetKind::Reference)
        .filter_map(|r| {
            Some(ReferenceValue {
                indicator: r.text(Col::Indicator)?.to_owned(),
                year: i32::try_from(r.int(Col::Year)?).ok()?,
                value: r.number(Col::Value),
                unit: r.text(Col::Unit).map(str::to_owned),
                source: r.source().to_string(),
                row: r.row(),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    out
}

/// The follow-up notes of every row given (the filters never drop them).
pub fn followup(rows: &[&Row]) -> Vec<FollowupEntry> {
    let mut out: Vec<FollowupEntry> = rows
        .iter()
        .copied()
        .filter(|r| r.kind() == DatasetKind::Followup)
        .filter_map(|r| {
            Some(FollowupEntry {
                goal: u8::try_from(r.int(Col::Goal)?).ok()?,
                fiscal_year: r.fiscal_year(),
                program: r.text(Col::Program).map(str::to_owned),
                status_text: r.text(Col::StatusText).map(str::to_owned),
                assessment: r.text(Col::Assessment).map(str::to_owned),
                source: r.source().to_string(),
                row: r.row(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.goal, a.fiscal_year, &a.program).cmp(&(b.goal, b.fiscal_year, &b.program)));
    out
}

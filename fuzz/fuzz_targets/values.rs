//! Every value normaliser: any string, no panic; accepted values are in range.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::model::value::*;

fuzz_target!(|s: &str| {
    if let Ok(Some(y)) = parse_fiscal_year(s) {
        assert!((MIN_FISCAL_YEAR..=MAX_FISCAL_YEAR).contains(&y));
    }
    let _ = parse_calendar_year(s);
    let _ = parse_stage(s, StageField::AtAdoption);
    let _ = parse_stage(s, StageField::Current);
    let _ = parse_status(s);
    if let Ok(Some(areas)) = parse_priority_areas(s) {
        assert!(areas.iter().all(|a| (1..=5).contains(a)));
    }
    for unit in [YenUnit::Yen, YenUnit::Thousand, YenUnit::TenThousand, YenUnit::Million, YenUnit::HundredMillion] {
        let _ = parse_yen(s, unit);
    }
    if let Ok(Some(v)) = parse_number(s) {
        assert!(v.is_finite());
    }
    let _ = parse_count(s);
    let _ = parse_flag(s);
    if let Ok(Some(n)) = parse_satisfaction(s) {
        assert!((1..=5).contains(&n));
    }
    if let Ok(Some(g)) = parse_goal(s) {
        assert!((1..=11).contains(&g));
    }
    let _ = mdkpi_core::contract::safe::csv_cell(s);
    let _ = mdkpi_core::contract::safe::file_name(s);
});

//! Property tests (proptest): nothing panics on any input, and the stage-up figures keep their
//! invariants whatever the projects are.

use std::collections::BTreeMap;

use mdkpi_core::contract::catalogue::{Dimension, KpiId};
use mdkpi_core::contract::options::{Options, StageUpOptions};
use mdkpi_core::contract::results::Dim;
use mdkpi_core::contract::value::{Stage, Status};
use mdkpi_core::kpi::stage_up::stage_up;
use mdkpi_core::kpi::suppress::suppress;
use mdkpi_core::kpi::{by, total};
use mdkpi_core::model::projects::{Project, Projects};
use mdkpi_core::model::value::{
    parse_fiscal_year, parse_priority_areas, parse_stage, parse_status, parse_yen, StageField, YenUnit,
};
use mdkpi_core::pipeline::{compute, InputFile};
use proptest::prelude::*;

proptest! {
    #[test]
    fn normalisers_never_panic(s in "\\PC{0,40}") {
        let _ = parse_fiscal_year(&s);
        let _ = parse_stage(&s, StageField::AtAdoption);
        let _ = parse_stage(&s, StageField::Current);
        let _ = parse_status(&s);
        let _ = parse_priority_areas(&s);
        for unit in [YenUnit::Yen, YenUnit::Thousand, YenUnit::HundredMillion] {
            let _ = parse_yen(&s, unit);
        }
        let cell = mdkpi_core::contract::safe::csv_cell(&s);
        prop_assert!(!cell.starts_with(['=', '@', '\t', '\r']));
        let name = mdkpi_core::contract::safe::file_name(&s);
        prop_assert!(!name.is_empty() && !name.contains(['/', '\\']));
    }

    #[test]
    fn fiscal_years_round_trip_through_every_written_form(fy in 2019i32..=2080) {
        let reiwa = fy - 2018;
        let era = if reiwa == 1 { "元".to_string() } else { reiwa.to_string() };
        for form in [fy.to_string(), format!("{fy}年度"), format!("FY{fy}"), format!("R{reiwa}"), format!("令和{era}年度")] {
            prop_assert_eq!(parse_fiscal_year(&form), Ok(Some(fy)), "{}", form);
        }
    }

    #[test]
    fn amounts_round_trip(n in -1_000_000_000i64..1_000_000_000) {
        let written = if n < 0 { format!("▲{}", -n) } else { n.to_string() };
        prop_assert_eq!(parse_yen(&written, YenUnit::Thousand), Ok(Some(n * 1000)));
    }

    #[test]
    fn suppression_leaves_no_recoverable_cell(
        cells in proptest::collection::vec(0u64..12, 1..8),
        k in 2u64..7,
    ) {
        let all: u64 = cells.iter().sum();
        // Projects: a unit that disclosure control protects.
        let mut kpis = vec![total(KpiId::RdProjectsAdopted, Some(2023), BTreeMap::new(), all as f64, all)];
        for (i, &n) in cells.iter().enumerate() {
            kpis.push(total(KpiId::RdProjectsAdopted, Some(2023), by(Dimension::Program, Dim::Int(i as i64)), n as f64, n));
        }
        let statistics = mdkpi_core::contract::options::StatisticsOptions { min_projects: k, ..Default::default() };
        suppress(&mut kpis, &statistics, &mdkpi_core::contract::catalogue::Catalogue::BUILTIN);
        let hidden_nonempty = cells.iter().zip(&kpis[1..]).filter(|(n, c)| **n > 0 && c.suppressed).count();
        // Every sensitive cell is hidden.
        for (n, c) in cells.iter().zip(&kpis[1..]) {
            prop_assert!(!(*n > 0 && *n < k) || c.suppressed);
            prop_assert_eq!(c.suppressed, c.value.is_none());
        }
        // With the total visible, never exactly one hidden non-empty cell (it would be total − rest).
        prop_assert!(kpis[0].suppressed || hidden_nonempty != 1, "{:?}", kpis.iter().map(|k| k.suppressed).collect::<Vec<_>>());
    }

    #[test]
    fn every_total_covers_each_of_its_cells(
        members in proptest::collection::vec((0u8..3, 0u8..12, 0u8..3, 0u8..3, 0u8..3, 2022i32..2025), 0..60),
        trainings in proptest::collection::vec((0u8..3, 0u32..30, 0u32..200, 2022i32..2025), 0..20),
    ) {
        let flag = |f: u8| ["○", "×", "-"][f as usize];
        let mut m = String::from("年度,団体名,企業名,ベンチャー,異業種参入,国際展開\n");
        for (a, c, v, x, i, fy) in &members {
            m += &format!("{fy},団体{a},企業{c},{},{},{}\n", flag(*v), flag(*x), flag(*i));
        }
        let mut t = String::from("年度,事業名,研修名,実施回数,受講者数,うち企業人材数\n");
        for (p, s, n, fy) in &trainings {
            t += &format!("{fy},事業{p},研修,{s},{n},{}\n", n / 2);
        }
        let options = Options { statistics: mdkpi_core::contract::options::StatisticsOptions { min_cell_size: Some(1), ..mdkpi_core::contract::options::StatisticsOptions::default() }, ..Options::default() };
        let r = compute(&[InputFile::new("m.csv", m.into_bytes()), InputFile::new("t.csv", t.into_bytes())], &options);
        for cell in r.kpis.iter().filter(|k| !k.breakdown.is_empty()) {
            let total = r.kpis.iter().find(|k| k.id == cell.id && k.fiscal_year == cell.fiscal_year && k.breakdown.is_empty()).unwrap();
            prop_assert!(total.n >= cell.n, "{} n", cell.id);
            if !cell.id.as_str().ends_with(".share") && !cell.id.as_str().ends_with(".mean") {
                prop_assert!(total.value >= cell.value, "{} {:?} < {:?}", cell.id, total.value, cell.value);
            }
            if let (Some(x), Some(d)) = (cell.numerator, cell.denominator) {
                prop_assert!(x <= d);
                prop_assert!(total.numerator >= cell.numerator && total.denominator >= cell.denominator);
            }
        }
        for k in r.kpis.iter().filter(|k| k.id.as_str().ends_with(".share")) {
            if let Some(v) = k.value { prop_assert!((0.0..=1.0).contains(&v)); }
        }
    }

    #[test]
    fn compute_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let r = compute(&[InputFile::new("x.csv", bytes)], &Options::default());
        for d in &r.datasets {
            prop_assert_eq!(d.rows_read, d.rows_used + d.rows_rejected + d.rows_superseded);
        }
    }

    #[test]
    fn stage_up_shares_keep_their_invariants(
        rows in proptest::collection::vec((0u8..=4, 0u8..=5, 0u8..=3, 2019i32..2025, 2015i32..2025, 0u8..=31), 0..80),
        exclude_discontinued in any::<bool>(),
        exclude_completed in any::<bool>(),
        min_years in proptest::option::of(0u32..6),
    ) {
        let programs: Vec<std::sync::Arc<str>> = vec!["prog0".into(), "prog1".into(), "prog2".into()];
        let list: Vec<Project> = rows.iter().enumerate().map(|(i, &(a, c, st, fy, adopted, areas))| Project {
            fiscal_year: Some(fy),
            adopted_fy: adopted,
            id: i as u32,
            program: Some(i as u32 % 3),
            // Areas 1–5, as bits 1–5.
            areas: areas << 1,
            stage_at_adoption: Stage::from_number(a).filter(|s| *s != Stage::Approved),
            current_stage: Stage::from_number(c),
            status: [None, Some(Status::Continuing), Some(Status::Completed), Some(Status::Discontinued)][st as usize],
            grant_yen: None,
            patent_application: None,
            patent_granted: None,
            other_program: None,
        }).collect();
        let projects = Projects::from_list(list, programs);
        let options = StageUpOptions { exclude_discontinued, exclude_completed, min_years_since_adoption: min_years };
        let kpis = stage_up(&projects, &options);
        for k in kpis.iter().filter(|k| k.id == KpiId::RdStageUpShare) {
            let (num, den) = (k.numerator.unwrap(), k.denominator.unwrap());
            prop_assert!(num <= den);
            if let Some(v) = k.value {
                prop_assert!((0.0..=1.0).contains(&v));
                let [lo, hi] = k.ci95.unwrap();
                prop_assert!(0.0 <= lo && lo <= v + 1e-12 && v <= hi + 1e-12 && hi <= 1.0);
            }
            let total = kpis.iter().find(|t| t.id == KpiId::RdStageUpShare && t.fiscal_year == k.fiscal_year && t.breakdown.is_empty()).unwrap();
            // A total is never less than one of its cells (a multi-area project counts in each area).
            prop_assert!(total.denominator.unwrap() >= den);
            prop_assert!(total.numerator.unwrap() >= num);
            if k.breakdown.is_empty() {
                // Every project of the year is either counted or excluded with a reason.
                let in_year = projects.list.iter().filter(|p| p.fiscal_year == k.fiscal_year).count() as u64;
                prop_assert_eq!(den + k.excluded.values().sum::<u64>(), in_year);
            }
        }
    }
}

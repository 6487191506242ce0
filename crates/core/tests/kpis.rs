//! Every KPI of the catalogue against hand-worked fixtures (see tests/fixtures/README.md for the
//! arithmetic). Suppression is off (k = 1) where figures are checked; the CLI's tests check it on.

use mdkpi_core::contract::catalogue::{KpiId, CATALOGUE};
use mdkpi_core::contract::options::{Filter, Options, StatisticsOptions};
use mdkpi_core::contract::results::{DrillQuery, Results};
use mdkpi_core::pipeline::{compute, InputFile};
use serde_json::{json, Value};

fn run(files: &[&str]) -> Value {
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|f| {
            InputFile::new(
                *f,
                std::fs::read(format!("{}/../../tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"))).expect("fixture"),
            )
        })
        .collect();
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let results: Results = compute(&inputs, &options);
    serde_json::from_str(&results.to_json()).unwrap()
}

fn kpi(r: &Value, id: KpiId, fy: i64, breakdown: Value) -> &Value {
    r["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id.as_str() && k["fiscal_year"] == fy && k["breakdown"] == breakdown)
        .unwrap_or_else(|| panic!("no {id} {fy} {breakdown}"))
}

fn value(r: &Value, id: KpiId, fy: i64, breakdown: Value) -> f64 {
    kpi(r, id, fy, breakdown)["value"].as_f64().unwrap_or_else(|| panic!("{id} has no value"))
}

fn share(r: &Value, id: KpiId, fy: i64, breakdown: Value) -> (u64, u64) {
    let k = kpi(r, id, fy, breakdown);
    (k["numerator"].as_u64().unwrap(), k["denominator"].as_u64().unwrap())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn training_record_from_cp932() {
    let r = run(&["trainings_cp932.csv"]);
    assert_eq!(r["datasets"][0]["encoding"], "cp932");
    assert_eq!(value(&r, KpiId::TrainingCourses, 2022, json!({})), 9.0);
    assert_eq!(value(&r, KpiId::TrainingTrainees, 2022, json!({})), 80.0);
    assert_eq!(value(&r, KpiId::TrainingIndustryTrainees, 2022, json!({})), 31.0);
    assert_eq!(value(&r, KpiId::TrainingCourses, 2022, json!({"program": "拠点A事業"})), 5.0);
    assert_eq!(value(&r, KpiId::TrainingTrainees, 2023, json!({})), 100.0);
    assert_eq!(value(&r, KpiId::TrainingCourses, 2023, json!({"program": "拠点B事業"})), 7.0);
    // "-" is missing, not zero: FY2023 industry trainees add up two courses, not three.
    let industry = kpi(&r, KpiId::TrainingIndustryTrainees, 2023, json!({}));
    assert_eq!((industry["value"].as_f64(), industry["n"].as_u64()), (Some(35.0), Some(2)));
    let courses = kpi(&r, KpiId::TrainingCourses, 2023, json!({}));
    assert_eq!((courses["previous"].as_f64(), courses["delta"].as_f64()), (Some(9.0), Some(2.0)));
    assert_eq!((courses["direction"].as_str(), courses["improved"].as_bool()), (Some("up"), Some(true)));
}

#[test]
fn satisfaction_from_utf16_unicode_text() {
    let r = run(&["satisfaction_utf16.txt"]);
    assert_eq!(r["datasets"][0]["encoding"], "utf16le");
    let mean = kpi(&r, KpiId::TrainingSatisfactionMean, 2023, json!({}));
    assert!(close(mean["value"].as_f64().unwrap(), 30.0 / 8.0));
    assert_eq!(mean["n"], 8);
    assert!(close(value(&r, KpiId::TrainingSatisfactionMean, 2023, json!({"program": "拠点A事業"})), 3.8));
    assert_eq!(share(&r, KpiId::TrainingSatisfactionTop2Share, 2023, json!({})), (5, 8));
    assert_eq!(share(&r, KpiId::TrainingSatisfactionTop2Share, 2023, json!({"program": "拠点B事業"})), (2, 3));
    let top2 = kpi(&r, KpiId::TrainingSatisfactionTop2Share, 2023, json!({}));
    assert_eq!(top2["previous_fiscal_year"], 2022);
    assert!(close(top2["previous"].as_f64().unwrap(), 2.0 / 3.0));
    assert_eq!((top2["direction"].as_str(), top2["improved"].as_bool()), (Some("down"), Some(false)));
    let p = top2["p_value"].as_f64().unwrap();
    assert!(p > 0.5 && p <= 1.0, "5/8 vs 2/3 is no evidence of change: p = {p}");
    assert_eq!(top2["small_n"], true);
    // The answers by level (the diverging bars): 2023 had 5,4,5,3,2 (拠点A) and 4,3,4 (拠点B).
    let answers = |b: Value| value(&r, KpiId::TrainingSatisfactionAnswers, 2023, b);
    assert_eq!(answers(json!({})), 8.0);
    for (level, n) in [(5, 2.0), (4, 3.0), (3, 2.0), (2, 1.0)] {
        assert_eq!(answers(json!({"answer": level})), n, "level {level}");
    }
    assert_eq!(answers(json!({"answer": 4, "program": "拠点B事業"})), 2.0);
    // Every level is published, zeros too: a level left out would be known to be 0, and could not
    // protect a hidden one.
    assert_eq!(answers(json!({"answer": 1})), 0.0);
    assert_eq!(answers(json!({"answer": 1, "program": "拠点B事業"})), 0.0);
    // The answer 7 is reported and left out; the row stays (with its respondent ID).
    let issue = &r["issues"][0];
    assert_eq!(
        (issue["row"].as_u64(), issue["column"].as_str(), issue["value"].as_str()),
        (Some(14), Some("満足度"), Some("7"))
    );
}

#[test]
fn members_from_utf8_bom() {
    let r = run(&["members_utf8bom.csv"]);
    let d = &r["datasets"][0];
    assert_eq!(
        (d["encoding"].as_str(), d["rows_read"].as_u64(), d["rows_used"].as_u64(), d["rows_superseded"].as_u64()),
        (Some("utf8-bom"), Some(8), Some(7), Some(1))
    );
    assert_eq!(value(&r, KpiId::MembersCompanies, 2023, json!({})), 6.0);
    assert_eq!(value(&r, KpiId::MembersCompanies, 2023, json!({"association": "団体X"})), 3.0);
    assert_eq!(value(&r, KpiId::MembersCompanies, 2023, json!({"association": "団体Y"})), 4.0);
    assert_eq!(share(&r, KpiId::MembersVentureShare, 2023, json!({})), (4, 6));
    assert_eq!(share(&r, KpiId::MembersVentureShare, 2023, json!({"association": "団体X"})), (1, 3));
    assert_eq!(share(&r, KpiId::MembersVentureShare, 2023, json!({"association": "団体Y"})), (3, 4));
    assert_eq!(value(&r, KpiId::MembersVentureCount, 2023, json!({})), 4.0);
    assert_eq!(share(&r, KpiId::MembersCrossIndustryShare, 2023, json!({})), (1, 6));
    assert_eq!(value(&r, KpiId::MembersCrossIndustryCount, 2023, json!({"association": "団体Y"})), 1.0);
    // International: unknown flags leave the denominator and are counted.
    assert_eq!(share(&r, KpiId::MembersInternationalShare, 2023, json!({})), (2, 4));
    assert_eq!(kpi(&r, KpiId::MembersInternationalShare, 2023, json!({}))["excluded"], json!({"flag_unknown": 2}));
    assert_eq!(share(&r, KpiId::MembersInternationalShare, 2023, json!({"association": "団体X"})), (2, 2));
    assert_eq!(share(&r, KpiId::MembersInternationalShare, 2023, json!({"association": "団体Y"})), (1, 3));
    assert_eq!(value(&r, KpiId::MembersInternationalCount, 2023, json!({})), 2.0);
}

#[test]
fn hubs_from_a_json_array() {
    let r = run(&["hubs.json"]);
    let d = &r["datasets"][0];
    assert_eq!(
        (d["rows_read"].as_u64(), d["rows_used"].as_u64(), d["rows_rejected"].as_u64()),
        (Some(4), Some(3), Some(1))
    );
    assert_eq!(value(&r, KpiId::HubsJointResearchCompany, 2023, json!({})), 40.0);
    assert_eq!(value(&r, KpiId::HubsJointResearchCompany, 2023, json!({"hub": "拠点B"})), 8.0);
    assert_eq!(value(&r, KpiId::HubsJointResearchCompany, 2023, json!({"program": "事業H"})), 20.0);
    let inter = kpi(&r, KpiId::HubsJointResearchInterHub, 2023, json!({}));
    assert_eq!((inter["value"].as_f64(), inter["n"].as_u64()), (Some(8.0), Some(2)));
    assert_eq!(share(&r, KpiId::HubsInternationalInfraCount, 2023, json!({})), (1, 3));
    assert_eq!(value(&r, KpiId::HubsInternationalInfraCount, 2023, json!({"program": "事業H"})), 0.0);
    assert_eq!(value(&r, KpiId::HubsInternationalInfraCount, 2023, json!({"program": "事業K"})), 1.0);
}

#[test]
fn rd_projects_grants_gain_and_transitions() {
    let r = run(&["stage_up_small.csv"]);
    // Active: multi-area A03 counts in areas 1 and 2, once in the total.
    assert_eq!(value(&r, KpiId::RdProjectsActive, 2023, json!({})), 12.0);
    assert_eq!(value(&r, KpiId::RdProjectsActive, 2023, json!({"program": "事業P"})), 7.0);
    for (area, n) in [(1, 4.0), (2, 3.0), (3, 3.0), (4, 1.0), (5, 2.0)] {
        assert_eq!(value(&r, KpiId::RdProjectsActive, 2023, json!({"priority_area": area})), n, "area {area}");
    }
    assert_eq!(value(&r, KpiId::RdProjectsActive, 2024, json!({})), 4.0);
    // Adopted: each distinct 課題ID once, in its adoption year (令和3年度 = 2021).
    for (fy, n) in [(2018, 1.0), (2019, 2.0), (2020, 3.0), (2021, 3.0), (2022, 3.0)] {
        assert_eq!(value(&r, KpiId::RdProjectsAdopted, fy, json!({})), n, "adopted {fy}");
    }
    assert_eq!(value(&r, KpiId::RdProjectsAdopted, 2020, json!({"program": "事業P"})), 2.0);
    // Grants: 助成額（千円） scales to yen.
    assert_eq!(value(&r, KpiId::RdGrantAmount, 2023, json!({})), 4_500_000.0);
    assert_eq!(value(&r, KpiId::RdGrantAmount, 2023, json!({"program": "事業Q"})), 1_300_000.0);
    assert_eq!(value(&r, KpiId::RdGrantAmount, 2024, json!({})), 2_200_000.0);
    // Mean gain over the 11 themes with known stages (the unknown one is excluded).
    assert!(close(value(&r, KpiId::RdStageUpMeanGain, 2023, json!({})), 9.0 / 11.0));
    assert!(close(value(&r, KpiId::RdStageUpMeanGain, 2023, json!({"adoption_stage": 3})), 2.0 / 3.0));
    // Transitions: the whole matrix, zeros included.
    let t =
        |a: i64, c: i64| value(&r, KpiId::RdStageUpTransition, 2023, json!({"adoption_stage": a, "current_stage": c}));
    assert_eq!(
        (t(1, 1), t(1, 2), t(1, 3), t(2, 4), t(3, 3), t(3, 5), t(4, 5), t(4, 1)),
        (1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 0.0)
    );
    let cells: f64 = (1..=4).flat_map(|a| (1..=5).map(move |c| (a, c))).map(|(a, c)| t(a, c)).sum();
    assert_eq!(cells, 11.0);
    // Stage-up by priority area: a multi-area theme counts in each area.
    assert_eq!(share(&r, KpiId::RdStageUpShare, 2023, json!({"priority_area": 2})), (2, 3));
    assert_eq!(share(&r, KpiId::RdStageUpShare, 2023, json!({"program": "事業Q"})), (3, 4));
}

#[test]
fn reference_and_followup_from_a_json_workspace() {
    let r = run(&["workspace.json"]);
    let kinds: Vec<&str> = r["datasets"].as_array().unwrap().iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["workspace.json#budgets", "workspace.json#followup", "workspace.json#reference"]);
    // Calendar years stay apart from the fiscal-year KPIs; a 年度 in the 年 column is refused.
    assert_eq!(
        r["reference"],
        json!([
            {"indicator": "生産金額", "year": 2019, "value": 25678.0, "unit": "億円", "source": "workspace.json#reference", "row": 1},
            {"indicator": "生産金額", "year": 2021, "value": 26019.0, "unit": "億円", "source": "workspace.json#reference", "row": 2},
        ])
    );
    assert!(r["kpis"].as_array().unwrap().is_empty());
    assert_eq!(r["followup"].as_array().unwrap().len(), 1);
    assert_eq!(r["followup"][0]["goal"], 8);
    let codes: Vec<&str> = r["issues"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown_workspace_key", "invalid_required", "invalid_required"]);
}

#[test]
fn every_catalogue_kpi_is_computed_by_some_fixture() {
    let r = run(&[
        "trainings_cp932.csv",
        "satisfaction_utf16.txt",
        "members_utf8bom.csv",
        "hubs.json",
        "stage_up_small.csv",
        "outcomes_small.csv",
    ]);
    for d in CATALOGUE {
        assert!(r["kpis"].as_array().unwrap().iter().any(|k| k["id"] == d.id.as_str()), "{} is never computed", d.id);
    }
}

/// A filter narrows the rows before anything is computed: the figures, their n and the
/// year-on-year change are those of the narrowed rows, kinds without the column are untouched,
/// and the filter is echoed in the definitions.
#[test]
fn filters_recompute_every_figure_and_are_echoed() {
    let files = ["stage_up_small.csv", "members_utf8bom.csv"];
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|f| {
            InputFile::new(
                *f,
                std::fs::read(format!("{}/../../tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap(),
            )
        })
        .collect();
    let plain = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let filter = Filter { program: Some("事業P".into()), ..Default::default() };
    let filtered = Options { filter: filter.clone(), ..plain.clone() };
    let all: Value = serde_json::from_str(&compute(&inputs, &plain).to_json()).unwrap();
    let only_p: Value = serde_json::from_str(&compute(&inputs, &filtered).to_json()).unwrap();
    let adopted = |r: &Value| kpi(r, KpiId::RdProjectsActive, 2023, json!({}))["value"].as_f64().unwrap();
    let by_program = kpi(&all, KpiId::RdProjectsActive, 2023, json!({"program": "事業P"}))["value"].as_f64().unwrap();
    assert!(adopted(&only_p) < adopted(&all));
    assert_eq!(adopted(&only_p), by_program, "the filtered total is the program's cell");
    assert!(only_p["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["breakdown"]["program"].is_null() || k["breakdown"]["program"] == "事業P"));
    let companies = |r: &Value| kpi(r, KpiId::MembersCompanies, 2023, json!({}))["value"].clone();
    assert_eq!(companies(&only_p), companies(&all), "members have no program: untouched");
    assert_eq!(only_p["definitions"]["filter"]["program"], "事業P");
    assert!(all["definitions"].get("filter").is_none());
    let csv = mdkpi_core::contract::csv_text::results_csv_text(&compute(&inputs, &filtered));
    assert!(csv.lines().any(|l| l == "# filter: 事業名 事業P"), "{}", &csv[..300]);
}

/// Every count-of-rows figure drills down to exactly as many rows as its n, in every year and
/// breakdown cell of the sample, with and without a filter.
#[test]
fn drill_down_lists_exactly_the_rows_counted() {
    use mdkpi_core::kpi::filter::drill;
    let inputs = mdkpi_core::sample::files();
    for filter in [Filter::default(), Filter { priority_area: Some(2), ..Filter::default() }] {
        let options = Options {
            statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
            filter: filter.clone(),
            ..Options::default()
        };
        let read = mdkpi_core::pipeline::read(&inputs, &options.limits, &mut |_, _| {});
        let results = mdkpi_core::pipeline::results_from(&read, &options);
        let mut checked = 0;
        for k in results.kpis.iter().filter(|k| {
            [
                KpiId::RdProjectsActive,
                KpiId::RdProjectsAdopted,
                KpiId::TrainingSatisfactionAnswers,
                KpiId::TrainingSatisfactionMean,
                KpiId::RdStageUpTransition,
            ]
            .iter()
            .any(|id| k.id == *id)
        }) {
            let query = DrillQuery { id: k.id, fiscal_year: k.fiscal_year, breakdown: k.breakdown.clone() };
            let d = drill(&read.rows, &filter, &query, 10, &mdkpi_core::contract::catalogue::Catalogue::BUILTIN);
            assert_eq!(Some(d.total as u64), k.n, "{} {:?} {:?}", k.id, k.fiscal_year, k.breakdown);
            checked += 1;
        }
        assert!(checked > 50, "{checked}");
    }
}

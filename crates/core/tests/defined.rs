//! The report's alternative KPIs (patents, other programmes), cohorts, and KPIs defined as data
//! (`mdkpi.kpis/1`), against figures worked by hand from the fixtures (see tests/fixtures/README.md).

use mdkpi_core::contract::diagnostics::IssueCode;
use mdkpi_core::contract::options::{Options, StatisticsOptions};
use mdkpi_core::pipeline::{compute, InputFile};
use serde_json::{json, Value};

fn fixture(name: &str) -> InputFile {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    InputFile::new(name, std::fs::read(path).expect("fixture"))
}

fn run_with(files: &[&str], options: &Options) -> Value {
    let inputs: Vec<InputFile> = files.iter().map(|f| fixture(f)).collect();
    serde_json::from_str(&compute(&inputs, options).to_json()).unwrap()
}

/// Nothing hidden (内部確認用): the figures themselves.
fn run(files: &[&str]) -> Value {
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    run_with(files, &options)
}

fn figure<'r>(r: &'r Value, id: &str, fy: Value, breakdown: Value) -> &'r Value {
    (r["kpis"].as_array().unwrap().iter())
        .find(|k| k["id"] == id && k["fiscal_year"] == fy && k["breakdown"] == breakdown)
        .unwrap_or_else(|| panic!("no {id} {fy} {breakdown}"))
}

fn ratio(k: &Value) -> (u64, u64) {
    (k["numerator"].as_u64().unwrap(), k["denominator"].as_u64().unwrap())
}

#[test]
fn patent_and_other_programme_shares_count_the_projects_whose_value_is_known() {
    let r = run(&["outcomes_small.csv"]);
    let app = |fy: i64, b: Value| ratio(figure(&r, "rd.patent.application_share", json!(fy), b));
    // FY2023: B01 有, B02 2, B04 ○ against B03 無, B05 0.
    assert_eq!(app(2023, json!({})), (3, 5));
    assert_eq!(app(2023, json!({"adoption_stage": 1})), (2, 3));
    assert_eq!(app(2023, json!({"adoption_stage": 4})), (0, 1));
    assert_eq!(app(2023, json!({"program": "事業P"})), (2, 3));
    assert_eq!(app(2024, json!({})), (4, 4));
    let grant = |fy: i64| ratio(figure(&r, "rd.patent.grant_share", json!(fy), json!({})));
    assert_eq!((grant(2023), grant(2024)), ((1, 5), (3, 4)));
    // B03's 他事業採択 is blank in FY2023: out of the denominator, and said so.
    let other = figure(&r, "rd.other_program.share", json!(2023), json!({}));
    assert_eq!(ratio(other), (1, 4));
    assert_eq!(other["excluded"], json!({"flag_unknown": 1}));
    let ci = other["ci95"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < 0.25 && ci[1].as_f64().unwrap() > 0.25);
    let other_2024 = figure(&r, "rd.other_program.share", json!(2024), json!({}));
    assert_eq!(ratio(other_2024), (2, 4));
    assert_eq!(other_2024["improved"], true);
}

#[test]
fn a_file_without_the_outcome_columns_has_no_outcome_figures() {
    let r = run(&["stage_up_small.csv"]);
    assert!(r["kpis"].as_array().unwrap().iter().all(|k| !k["id"].as_str().unwrap().starts_with("rd.patent")));
}

#[test]
fn cohorts_follow_each_adoption_year_by_years_since_adoption() {
    let r = run(&["outcomes_small.csv"]);
    let cell = |cohort: i64, years: i64| {
        let k = figure(
            &r,
            "rd.cohort.stage_reached",
            Value::Null,
            json!({"adoption_year": cohort, "years_since_adoption": years}),
        );
        (k["value"].as_f64().unwrap(), k["n"].as_u64().unwrap())
    };
    // 2021: B01 stage 1 and B04 stage 3 two years on (FY2023); 2 and 3 in FY2024 (3+ years).
    assert_eq!(cell(2021, 2), (2.0, 2));
    assert_eq!(cell(2021, 3), (2.5, 2));
    // 2022: B02 2 and B03 1, one year on and two.
    assert_eq!(cell(2022, 1), (1.5, 2));
    assert_eq!(cell(2022, 2), (1.5, 2));
    // 2020: B05 approved (5) three years on.
    assert_eq!(cell(2020, 3), (5.0, 1));
}

#[test]
fn the_last_cohort_column_counts_a_project_once_as_of_its_latest_survey() {
    // S1 surveyed 3 and 4 years after adoption: once, at its FY2024 stage.
    let csv = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\nR5,S1,2020,1,2\nR6,S1,2020,1,4\n";
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let r = compute(&[InputFile::new("p.csv", csv.as_bytes().to_vec())], &options);
    let k = r.kpis.iter().find(|k| k.id.as_str() == "rd.cohort.stage_reached").unwrap();
    assert_eq!((k.value, k.n), (Some(4.0), Some(1)));
}

#[test]
fn the_example_definitions_give_their_kpis_with_n_interval_trend_and_unknowns_said() {
    let r = run(&["members_iso.csv", "hubs_patents.csv", "kpis_example.json"]);
    let iso = |fy: i64, b: Value| figure(&r, "custom.members.iso13485.share", json!(fy), b);
    // FY2023: A, B, E 有 against C, F 無; D blank and G 取得予定 unknown.
    assert_eq!(ratio(iso(2023, json!({}))), (3, 5));
    assert_eq!(iso(2023, json!({}))["excluded"], json!({"flag_unknown": 2}));
    assert_eq!(iso(2023, json!({}))["n"], 5);
    assert!(iso(2023, json!({}))["ci95"].is_array());
    assert_eq!(ratio(iso(2023, json!({"association": "甲工業会"}))), (2, 3));
    assert_eq!(ratio(iso(2024, json!({}))), (5, 7));
    assert_eq!(iso(2024, json!({}))["improved"], true);
    let patents = |fy: i64, b: Value| figure(&r, "custom.hubs.patent_applications", json!(fy), b);
    assert_eq!(
        (patents(2023, json!({}))["value"].as_f64(), patents(2023, json!({}))["n"].as_u64()),
        (Some(4.0), Some(2))
    );
    assert_eq!(patents(2024, json!({}))["value"], 11.0);
    assert_eq!(patents(2024, json!({}))["delta"], 7.0);
    assert_eq!(patents(2024, json!({"hub": "東拠点"}))["value"], 5.0);
    // The definitions travel with the figures.
    let defined = r["definitions"]["kpis"].as_array().unwrap();
    assert_eq!(defined.len(), 2);
    assert_eq!(defined[1]["reads_as"], "count");
    // G社's 取得予定 is named at its cell; the column is read, not reported unused.
    let issues = r["issues"].as_array().unwrap();
    let unusable: Vec<&Value> = issues.iter().filter(|i| i["code"] == "kpi_value_unusable").collect();
    assert_eq!(unusable.len(), 1);
    assert_eq!(
        (&unusable[0]["row"], &unusable[0]["column"], &unusable[0]["value"]),
        (&json!(8), &json!("ISO13485認証"), &json!("取得予定"))
    );
    assert!(issues.iter().all(|i| i["code"] != "unused_columns"), "{issues:#?}");
}

#[test]
fn defined_kpis_are_hidden_by_their_unit() {
    // 公表用: companies below 3 are hidden; a hub's own count (aggregate) never is.
    let r = run_with(&["members_iso.csv", "hubs_patents.csv", "kpis_example.json"], &Options::default());
    let b = figure(&r, "custom.members.iso13485.share", json!(2023), json!({"association": "乙協会"}));
    assert_eq!((&b["suppressed"], &b["value"]), (&json!(true), &Value::Null));
    let total = figure(&r, "custom.hubs.patent_applications", json!(2023), json!({"hub": "南拠点"}));
    assert_eq!(total["suppressed"], false);
}

#[test]
fn a_definition_that_cannot_be_used_is_named_at_its_line_and_field() {
    let r = run(&["members_iso.csv", "hubs_patents.csv", "kpis_invalid.json"]);
    let issues: Vec<&Value> =
        r["issues"].as_array().unwrap().iter().filter(|i| i["code"] == "kpi_definition").collect();
    let at: Vec<(&Value, &Value, &Value)> = issues.iter().map(|i| (&i["source"], &i["row"], &i["column"])).collect();
    assert_eq!(
        at,
        [
            (&json!("kpis_invalid.json"), &json!(3), &json!("kpis[0]")),
            (&json!("kpis_invalid.json"), &json!(4), &json!("kpis[1].breakdowns")),
        ]
    );
    assert!(issues[0]["message_en"].as_str().unwrap().contains("unknown variant `avg`"));
    assert!(issues[1]["message"].as_str().unwrap().contains("hub"));
    assert_eq!(issues[0]["severity"], "error");
    // The valid one is computed.
    assert_eq!(figure(&r, "custom.hubs.patents.total", json!(2024), json!({}))["value"], 11.0);
}

#[test]
fn a_column_no_file_has_and_a_broken_file_are_said() {
    let defs = r#"{"schema": "mdkpi.kpis/1", "kpis": [{"id": "custom.x", "goal": 2, "name_ja": "x",
        "name_en": "x", "kind": "members", "measure": "count", "where": {"column": "存在しない列", "is": "yes"},
        "unit": "company", "better": "higher"}]}"#;
    let members = fixture("members_iso.csv");
    let r = compute(&[members.clone(), InputFile::new("k.json", defs.as_bytes().to_vec())], &Options::default());
    let codes: Vec<IssueCode> = r.issues.iter().map(|i| i.code()).collect();
    assert!(codes.contains(&IssueCode::KpiColumnNotFound), "{codes:?}");
    let broken = InputFile::new("k.json", br#"{"schema": "mdkpi.kpis/1", "kpis": [{"id": }]}"#.to_vec());
    let r = compute(&[members, broken], &Options::default());
    let issue = r.issues.iter().find(|i| i.code() == IssueCode::KpiDefinition).expect("said");
    assert_eq!((issue.position.source.as_str(), issue.position.row), ("k.json", Some(1)));
}

#[test]
fn a_recipe_carries_definitions() {
    let defs: Value = serde_json::from_slice(&fixture("kpis_example.json").bytes).unwrap();
    let recipe = json!({"schema": "mdkpi.recipe/1", "entries": [], "kpis": defs["kpis"]}).to_string();
    let inputs = [fixture("hubs_patents.csv"), InputFile::new("r.json", recipe.into_bytes())];
    let r = compute(&inputs, &Options::default());
    assert!(r.kpis.iter().any(|k| k.id.as_str() == "custom.hubs.patent_applications"));
}

#[test]
fn a_defined_kpi_drills_down_to_the_rows_it_counts() {
    let files = [fixture("members_iso.csv"), fixture("kpis_example.json")];
    let read = mdkpi_core::pipeline::read(&files, &Options::default().limits, &mut |_, _| {});
    let results = compute(&files, &Options::default());
    let query = serde_json::from_value(json!({"id": "custom.members.iso13485.share", "fiscal_year": 2023})).unwrap();
    let d = mdkpi_core::kpi::filter::drill(&read.rows, &Default::default(), &query, 20, &results.catalogue());
    // The share's denominator: 5 companies whose ISO 13485 is known, the kept column listed.
    assert_eq!(d.total, 5);
    assert!(d.columns.iter().any(|c| c == "ISO13485認証"), "{:?}", d.columns);
}

#[test]
fn a_recipe_made_from_the_files_keeps_the_definitions_in_force() {
    let files = [fixture("hubs_patents.csv"), fixture("kpis_example.json")];
    let recipe = mdkpi_core::pipeline::recipe_from(&files, &Options::default());
    assert_eq!(recipe.entries.len(), 1, "the definitions file is no table");
    assert_eq!(recipe.kpis.len(), 2);
    assert!(recipe.kpis.iter().all(|k| k.get("reads_as").is_none()));
    // Next year: the recipe alone brings the KPIs back.
    let again = [fixture("hubs_patents.csv"), InputFile::new("r.json", recipe.to_json().into_bytes())];
    let r = compute(&again, &Options::default());
    assert!(r.kpis.iter().any(|k| k.id.as_str() == "custom.hubs.patent_applications"));
    assert_eq!(r.definitions.kpis.len(), 2);
}

#[test]
fn a_member_company_counts_once_in_the_total_and_once_in_each_association() {
    let members = "年度,団体名,企業名,ISO13485認証\nR5,甲,A社,有\nR5,乙,A社,有\nR5,甲,B社,無\nR5,乙,C社,\nR5,甲,D社,無\nR5,乙,D社,有\n";
    let defs = std::fs::read("../../tests/fixtures/kpis_example.json").unwrap();
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let inputs = [InputFile::new("m.csv", members.as_bytes().to_vec()), InputFile::new("k.json", defs)];
    let r: Value = serde_json::from_str(&compute(&inputs, &options).to_json()).unwrap();
    let iso = |b: Value| figure(&r, "custom.members.iso13485.share", json!(2023), b);
    // A (有 twice) once; D 有 in 乙 and 無 in 甲 is certified; C unknown.
    assert_eq!(ratio(iso(json!({}))), (2, 3));
    assert_eq!(iso(json!({}))["excluded"], json!({"flag_unknown": 1}));
    assert_eq!(ratio(iso(json!({"association": "甲"}))), (2, 3));
    assert_eq!(ratio(iso(json!({"association": "乙"}))), (2, 2));
}

#[test]
fn conditions_read_statuses_stages_and_priority_areas_by_name_or_number() {
    let defs = r#"{"schema": "mdkpi.kpis/1", "kpis": [
      {"id": "custom.p.completed", "goal": 6, "name_ja": "終了課題数", "name_en": "completed", "kind": "projects",
       "measure": "count", "where": {"column": "状況", "is": "終了"}, "unit": "project", "better": "neither"},
      {"id": "custom.p.area2", "goal": 6, "name_ja": "分野2", "name_en": "area 2", "kind": "projects",
       "measure": "count", "where": {"column": "priority_areas", "is": 2}, "unit": "project", "better": "neither"},
      {"id": "custom.p.launched", "goal": 6, "name_ja": "上市", "name_en": "launched", "kind": "projects",
       "measure": "share", "where": {"column": "現在ステージ", "is": ["承認取得・上市", "5"]}, "unit": "project", "better": "higher"},
      {"id": "custom.p.late", "goal": 6, "name_ja": "後期", "name_en": "late", "kind": "projects",
       "measure": "count", "where": {"column": "採択時ステージ", "min": 2}, "unit": "project", "better": "neither"}]}"#;
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let inputs = [fixture("outcomes_small.csv"), InputFile::new("k.json", defs.as_bytes().to_vec())];
    let r: Value = serde_json::from_str(&compute(&inputs, &options).to_json()).unwrap();
    let value = |id: &str| figure(&r, id, json!(2023), json!({}))["value"].as_f64().unwrap();
    // FY2023: B05 終了; B03 and B04 in area ②; B05 approved (1 of 5 with a stage); B04, B05 adopted at 2+.
    assert_eq!(value("custom.p.completed"), 1.0);
    assert_eq!(value("custom.p.area2"), 2.0);
    assert_eq!(ratio(figure(&r, "custom.p.launched", json!(2023), json!({}))), (1, 5));
    assert_eq!(value("custom.p.late"), 2.0);
    assert!(r["issues"].as_array().unwrap().is_empty(), "{:#?}", r["issues"]);
}

#[test]
fn a_data_file_that_merely_holds_the_schemas_name_is_read_as_data() {
    let json = r#"{"members": [{"年度": 2023, "団体名": "甲", "企業名": "mdkpi.kpis/1"}]}"#;
    let r = compute(&[InputFile::new("w.json", json.as_bytes().to_vec())], &Options::default());
    assert!(r.issues.iter().all(|i| i.code() != IssueCode::KpiDefinition), "{:#?}", r.issues);
    assert_eq!(r.datasets.iter().map(|d| d.rows_used).sum::<u64>(), 1);
}

#[test]
fn a_workbook_saved_by_libreoffice_gives_the_same_figures_and_names_the_unusable_cell() {
    // tests/fixtures/workbooks/members_iso.xlsx: members_iso.csv opened and saved by LibreOffice.
    let r = run(&["workbooks/members_iso.xlsx", "kpis_example.json"]);
    let iso = |fy: i64| ratio(figure(&r, "custom.members.iso13485.share", json!(fy), json!({})));
    assert_eq!((iso(2023), iso(2024)), ((3, 5), (5, 7)));
    let unusable: Vec<&Value> =
        r["issues"].as_array().unwrap().iter().filter(|i| i["code"] == "kpi_value_unusable").collect();
    assert_eq!(unusable.len(), 1);
    assert_eq!((&unusable[0]["cell"], &unusable[0]["value"]), (&json!("E8"), &json!("取得予定")));
}

//! The CLI end to end, on the hand-computed fixture (see tests/fixtures/README.md).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn mdkpi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdkpi")).args(args).current_dir(ROOT).output().expect("the mdkpi binary runs")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("stdout is the results JSON")
}

/// The stage-up share for a year and breakdown, as (numerator, denominator).
fn share(results: &Value, fy: i64, breakdown: Value) -> (u64, u64) {
    let k = results["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "rd.stage_up.share" && k["fiscal_year"] == fy && k["breakdown"] == breakdown)
        .unwrap_or_else(|| panic!("no figure for {fy} {breakdown}"));
    (k["numerator"].as_u64().unwrap(), k["denominator"].as_u64().unwrap())
}

/// The workspace root: the commands run there, where the fixtures are.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const FIXTURE: &str = "tests/fixtures/stage_up_small.csv";
/// The fixture's cells are tiny (n = 1–11), so figures are checked with suppression off (k = 1);
/// `small_cells_are_suppressed_by_default` checks the default.
const NO_SUPPRESSION: &str = "tests/fixtures/options_no_suppression.json";

#[test]
fn computes_the_hand_worked_fixture() {
    let out = mdkpi(&["compute", FIXTURE, "--options", NO_SUPPRESSION]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let r = json(&out);
    assert_eq!(r["schema"], "mdkpi.results/1");
    assert_eq!(share(&r, 2023, json!({})), (6, 11));
    assert_eq!(share(&r, 2023, json!({"adoption_stage": 1})), (2, 3));
    assert_eq!(share(&r, 2023, json!({"adoption_stage": 2})), (2, 3));
    assert_eq!(share(&r, 2023, json!({"adoption_stage": 3})), (1, 3));
    assert_eq!(share(&r, 2023, json!({"adoption_stage": 4})), (1, 2));
    assert_eq!(share(&r, 2024, json!({})), (3, 4));
    assert_eq!(share(&r, 2024, json!({"adoption_stage": 1})), (3, 3));
    assert_eq!(share(&r, 2024, json!({"adoption_stage": 2})), (0, 1));
    let total = r["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "rd.stage_up.share" && k["fiscal_year"] == 2023 && k["breakdown"] == json!({}))
        .unwrap();
    assert_eq!(total["excluded"], json!({"unknown_stage": 1}));
    let ci = total["ci95"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < 6.0 / 11.0 && 6.0 / 11.0 < ci[1].as_f64().unwrap());

    let d = &r["datasets"][0];
    assert_eq!(d["source"], "stage_up_small.csv");
    assert_eq!(d["kind"], "projects");
    assert_eq!(d["encoding"], "utf8");
    assert_eq!(
        (d["rows_read"].as_u64(), d["rows_used"].as_u64(), d["rows_rejected"].as_u64()),
        (Some(17), Some(16), Some(1))
    );

    let issues = r["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 2, "{issues:#?}");
    assert_eq!((issues[0]["row"].as_u64(), issues[0]["column"].as_str()), (Some(13), Some("状況")));
    assert_eq!(issues[0]["severity"], "warning");
    assert_eq!(issues[0]["value"], "保留");
    assert_eq!((issues[1]["row"].as_u64(), issues[1]["column"].as_str()), (Some(14), Some("採択年度")));
    assert_eq!(issues[1]["severity"], "error");
    assert!(issues[1]["message"].as_str().unwrap().contains("必須"));
    assert!(
        issues[1]["message_en"].as_str().unwrap().contains("required")
            || issues[1]["message_en"].as_str().unwrap().contains("Required")
    );
}

#[test]
fn options_switch_the_definition_and_are_echoed() {
    let dir = std::env::temp_dir().join(format!("mdkpi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let options = dir.join("options.json");
    std::fs::write(&options, r#"{"stage_up": {"exclude_discontinued": true}, "statistics": {"min_cell_size": 1}}"#)
        .unwrap();
    let out = mdkpi(&["compute", FIXTURE, "--options", options.to_str().unwrap()]);
    assert!(out.status.success());
    let r = json(&out);
    assert_eq!(r["definitions"]["stage_up"]["discontinued"], "excluded");
    assert_eq!(share(&r, 2023, json!({})), (6, 10));
    assert_eq!(share(&r, 2023, json!({"adoption_stage": 2})), (2, 2));
    assert_eq!(share(&r, 2024, json!({})), (3, 3));
}

fn figure<'a>(results: &'a Value, id: &str, fy: i64, breakdown: Value) -> &'a Value {
    results["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id && k["fiscal_year"] == fy && k["breakdown"] == breakdown)
        .unwrap_or_else(|| panic!("no {id} {fy} {breakdown}"))
}

#[test]
fn small_cells_are_suppressed_by_default() {
    let r = json(&mdkpi(&["compute", FIXTURE]));
    let statistics = &r["definitions"]["statistics"];
    assert_eq!(
        (statistics["mode"].as_str(), statistics["thresholds"]["project"].as_u64()),
        (Some("publication"), Some(3))
    );
    // FY2023: stage 4 has two themes (hidden, with what would give it away); stages 2 and 3 have
    // three each and stay.
    let stage = |fy: i64, s: i64| figure(&r, "rd.stage_up.share", fy, json!({"adoption_stage": s}));
    let cell = stage(2023, 4);
    assert_eq!(cell["suppressed"], true);
    assert!(cell["value"].is_null() && cell.get("numerator").is_none() && cell.get("n").is_none());
    for s in [2, 3] {
        assert_eq!(
            (stage(2023, s)["suppressed"].as_bool(), stage(2023, s)["denominator"].as_u64()),
            (Some(false), Some(3))
        );
    }
    // FY2024: stage 2 has one theme and is hidden.
    assert_eq!(stage(2024, 2)["suppressed"], true);
    // Stage 3 has no themes at all (n = 0): an empty cell identifies no one and stays.
    let empty = stage(2024, 3);
    assert_eq!((empty["suppressed"].as_bool(), empty["n"].as_u64()), (Some(false), Some(0)));
    // 内部確認用: nothing hidden, and the JSON says so.
    let options = std::env::temp_dir().join("mdkpi-cli-internal.json");
    std::fs::write(&options, r#"{"statistics": {"mode": "internal"}}"#).unwrap();
    let r = json(&mdkpi(&["compute", "--options", options.to_str().unwrap(), FIXTURE]));
    assert_eq!(r["definitions"]["statistics"]["mode"], "internal");
    assert!(r["kpis"].as_array().unwrap().iter().all(|k| k["suppressed"] == false));
}

#[test]
fn output_is_deterministic() {
    let a = mdkpi(&["compute", FIXTURE]);
    let b = mdkpi(&["compute", FIXTURE]);
    assert_eq!(a.stdout, b.stdout);
}

fn assert_exit_2_one_line(out: &Output) {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "one-line reason, got: {err:?}");
    assert!(!err.contains("panicked"));
}

#[test]
fn nothing_usable_exits_2_with_one_line() {
    assert_exit_2_one_line(&mdkpi(&["compute"]));
    assert_exit_2_one_line(&mdkpi(&["compute", "tests/fixtures/does-not-exist.csv"]));
    assert_exit_2_one_line(&mdkpi(&["compute", "--bogus"]));
    assert_exit_2_one_line(&mdkpi(&[]));
    // A file whose headers match no dataset: the JSON still explains why, but the exit says "nothing".
    let out = mdkpi(&["compute", "tests/fixtures/README.md"]);
    assert_exit_2_one_line(&out);
    assert_eq!(json(&out)["issues"][0]["code"], "unknown_kind");
}

#[test]
fn bad_options_exit_2() {
    let out = mdkpi(&["compute", FIXTURE, "--options", "Cargo.toml"]);
    assert_exit_2_one_line(&out);
    assert!(Path::new(ROOT).join(FIXTURE).exists());
}

/// `--format xlsx`: the workbook on stdout, its figures the JSON's, as numbers.
#[test]
fn the_results_come_out_as_a_workbook() {
    use calamine::{Data, Reader, Xlsx};
    let results = json(&mdkpi(&["compute", FIXTURE, "--options", NO_SUPPRESSION]));
    let out = mdkpi(&["compute", FIXTURE, "--options", NO_SUPPRESSION, "--format", "xlsx", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut book = Xlsx::new(std::io::Cursor::new(out.stdout)).expect("an .xlsx");
    assert_eq!(book.sheet_names()[0], "Summary");
    let range = book.worksheet_range("rd.stage_up.share").unwrap();
    let mut checked = 0;
    for k in results["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["id"] == "rd.stage_up.share" && k["breakdown"] == json!({}))
    {
        let year = format!("FY{}", k["fiscal_year"]);
        let row =
            range.rows().find(|r| r[0] == Data::String(year.clone()) && r[1] == Data::String("All".into())).unwrap();
        assert_eq!(row[2], Data::Float(k["value"].as_f64().unwrap()), "{year}");
        checked += 1;
    }
    assert!(checked >= 2, "both years of the fixture");
    let bad = mdkpi(&["compute", FIXTURE, "--format", "xlsx", "--money", "euro"]);
    assert_exit_2_one_line(&bad);
}

#[test]
fn templates_come_out_as_excel_ready_csv() {
    let out = mdkpi(&["template", "members"]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("企業名"));
    assert_exit_2_one_line(&mdkpi(&["template", "budgets"]));
    // Every kind at once is a workbook's.
    assert_exit_2_one_line(&mdkpi(&["template", "all"]));
}

/// The workbook templates are the engine's bytes, for the fiscal year given (or today's).
#[test]
fn templates_come_out_as_workbooks_with_format_xlsx() {
    let out = mdkpi(&["template", "all", "--format", "xlsx", "--fiscal-year", "2025"]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, mdkpi_engine::xlsx::template::template_xlsx(None, 2025).unwrap());
    let today = mdkpi(&["template", "members", "--format", "xlsx"]);
    assert!(today.status.success() && today.stdout.starts_with(b"PK\x03\x04"));
    assert_exit_2_one_line(&mdkpi(&["template", "budgets", "--format", "xlsx"]));
}

/// The example definitions, given with `--kpis` or among the files: the same figures either way,
/// with the definitions in the results.
#[test]
fn kpi_definitions_are_taken_by_flag_or_among_the_files() {
    let data = ["tests/fixtures/members_iso.csv", "tests/fixtures/hubs_patents.csv"];
    let by_flag = mdkpi(&["compute", data[0], data[1], "--kpis", "tests/fixtures/kpis_example.json"]);
    let among = mdkpi(&["compute", data[0], data[1], "tests/fixtures/kpis_example.json"]);
    assert!(by_flag.status.success(), "stderr: {}", String::from_utf8_lossy(&by_flag.stderr));
    let (a, b) = (json(&by_flag), json(&among));
    assert_eq!(a["kpis"], b["kpis"]);
    let figure = |id: &str, fy: i64| {
        a["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id && k["fiscal_year"] == fy && k["breakdown"] == json!({}))
            .cloned()
    };
    let iso = figure("custom.members.iso13485.share", 2024).expect("the share");
    assert_eq!((&iso["numerator"], &iso["denominator"]), (&json!(5), &json!(7)));
    assert_eq!(figure("custom.hubs.patent_applications", 2024).expect("the sum")["value"], 11.0);
    assert_eq!(a["definitions"]["kpis"].as_array().unwrap().len(), 2);
    // A definition that cannot be used is an issue at its line; a --kpis file that is not one
    // stops the command.
    let invalid = json(&mdkpi(&["compute", data[1], "--kpis", "tests/fixtures/kpis_invalid.json"]));
    assert!(invalid["issues"].as_array().unwrap().iter().any(|i| i["code"] == "kpi_definition" && i["row"] == 3));
    let wrong = mdkpi(&["compute", data[1], "--kpis", data[0]]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("not a KPI definitions file"));
}

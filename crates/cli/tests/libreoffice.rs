//! The workbook template, filled and saved by LibreOffice, reads back with no warning (issue #23).
//!
//! `tests/fixtures/workbooks/fill_template.py` has LibreOffice (headless) open the template of
//! every kind, put the rows of `template_fill.json` under each sheet's header (values a user picks
//! from the lists: ○/×, stages, 状況, 令和N年度, counts), and save it as .xlsx. The figures are
//! worked by hand in tests/fixtures/README.md ("Workbook templates").
//!
//! Ignored by a plain `cargo test`, as it needs LibreOffice (`soffice`) and python3: `cargo xtask
//! test` installs both and runs it with `--ignored`.

use std::io::Read;
use std::process::Command;

use serde_json::{json, Value};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn figure<'r>(results: &'r Value, id: &str, fy: i64) -> &'r Value {
    results["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id && k["fiscal_year"] == fy && k["breakdown"] == json!({}))
        .unwrap_or_else(|| panic!("no figure {id} for {fy}"))
}

#[test]
#[ignore = "needs LibreOffice and python3; cargo xtask test runs it"]
fn a_template_filled_and_saved_by_libreoffice_reads_back_with_no_warning() {
    let dir = std::env::temp_dir().join(format!("mdkpi-libreoffice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (template, filled) = (dir.join("template.xlsx"), dir.join("filled.xlsx"));
    let mdkpi =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_mdkpi")).args(args).current_dir(ROOT).output().unwrap();

    let out = mdkpi(&["template", "all", "--format", "xlsx", "--fiscal-year", "2025"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(&template, &out.stdout).unwrap();
    let fill = Command::new("python3")
        .arg("tests/fixtures/workbooks/fill_template.py")
        .args([&template, &filled])
        .arg("tests/fixtures/workbooks/template_fill.json")
        .current_dir(ROOT)
        .output()
        .expect("python3 runs");
    assert!(fill.status.success(), "{}", String::from_utf8_lossy(&fill.stderr));

    // LibreOffice's file, not ours: its own parts, with the lists it kept.
    let bytes = std::fs::read(&filled).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut app = String::new();
    zip.by_name("docProps/app.xml").unwrap().read_to_string(&mut app).unwrap();
    assert!(app.contains("LibreOffice"), "{app}");
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert!(sheet.contains(r#"type="list""#) && sheet.contains("継続,終了,中止"), "the lists were lost");

    let out = mdkpi(&["compute", filled.to_str().unwrap(), "--options", "tests/fixtures/options_no_suppression.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues: Vec<(&Value, &Value)> =
        r["issues"].as_array().unwrap().iter().map(|i| (&i["code"], &i["sheet"])).collect();
    assert_eq!(issues, [(&json!("sheet_skipped"), &json!("記入方法 (Instructions)"))], "{:#}", r["issues"]);
    let used: Vec<(&str, u64, u64)> = r["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["kind"].is_null())
        .map(|d| (d["kind"].as_str().unwrap(), d["rows_used"].as_u64().unwrap(), d["rows_rejected"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        used,
        [
            ("projects", 4, 0),
            ("trainings", 2, 0),
            ("satisfaction", 3, 0),
            ("members", 4, 0),
            ("hubs", 2, 0),
            ("reference", 1, 0),
            ("followup", 1, 0)
        ]
    );
    let share = |id: &str, fy: i64| {
        let k = figure(&r, id, fy);
        (k["numerator"].as_u64().unwrap(), k["denominator"].as_u64().unwrap())
    };
    let value = |id: &str, fy: i64| figure(&r, id, fy)["value"].as_f64().unwrap();
    // 0001 went from stage 1 to 2 and 0003 from 3 to 5; 0002 stayed at 2. In 令和6年度, 0001 stayed.
    assert_eq!(share("rd.stage_up.share", 2025), (2, 3));
    assert_eq!(share("rd.stage_up.share", 2024), (0, 1));
    // 12,000 + 8,000.5 + 30,000 千円.
    assert_eq!(value("rd.grant.amount", 2025), 50_000_500.0);
    assert_eq!(value("training.trainees", 2025), 90.0);
    assert_eq!(value("training.industry_trainees", 2025), 35.0);
    // 大変満足 5, 満足 4, どちらともいえない 3.
    assert_eq!(value("training.satisfaction.mean", 2025), 4.0);
    assert_eq!(share("members.venture.share", 2025), (2, 4));
    assert_eq!(value("hubs.joint_research.company", 2025), 17.0);
    assert_eq!(share("hubs.international_infra.count", 2025), (1, 2));
    let _ = std::fs::remove_dir_all(&dir);
}

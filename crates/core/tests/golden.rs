//! Byte-for-byte outputs, committed: the results JSON of every fixture and every corpus file (alone,
//! and together under several options), the results CSV in both encodings, the rejected rows, the
//! recipe and the templates. A change that alters any byte of them fails here; one that means to
//! (a new field, a fixed figure) rewrites them with `MDKPI_BLESS=1 cargo test -p mdkpi-core --test golden` and
//! shows the difference in review. An output over 256 KB is kept as its SHA-256 (`NAME.sha256`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mdkpi_core::contract::csv_text::CsvEncoding;
use mdkpi_core::contract::options::Options;
use mdkpi_core::contract::results::DrillQuery;
use mdkpi_core::contract::schema::DatasetKind;
use mdkpi_core::contract::template::template_csv;
use mdkpi_core::pipeline::{compute, recipe_from, rejected_rows_csv, InputFile};
use mdkpi_core::report::csv_export::results_csv;

/// The workspace's root, where the fixtures and the corpus are (the end-to-end tests use them too).
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn dir(path: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(Path::new(ROOT).join(path))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .filter(|(name, _)| name != "README.md" && name != "expected.json" && !name.ends_with(".py"))
        .collect();
    files.sort();
    files
}

fn inputs(files: &[(String, Vec<u8>)]) -> Vec<InputFile> {
    files.iter().map(|(name, bytes)| InputFile::new(name.as_str(), bytes.clone())).collect()
}

fn options(json: &str) -> Options {
    serde_json::from_str(json).unwrap()
}

/// Every output, by the name of its golden file.
fn outputs() -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let fixtures: Vec<_> = dir("tests/fixtures").into_iter().filter(|(n, _)| !n.starts_with("options")).collect();
    let corpus = dir("tests/corpus/bad");
    let sample = mdkpi_core::sample::files();
    let variants = [
        ("default", Options::default()),
        ("k1", options(r#"{"statistics": {"min_cell_size": 1}}"#)),
        ("stage_up", options(r#"{"stage_up": {"exclude_discontinued": true, "min_years_since_adoption": 2}}"#)),
        (
            "filtered",
            options(
                r#"{"filter": {"fiscal_year_from": 2023, "priority_area": 2}, "statistics": {"min_cell_size": 3}}"#,
            ),
        ),
    ];
    for (name, bytes) in fixtures.iter().chain(&corpus) {
        let file = [InputFile::new(name.as_str(), bytes.clone())];
        out.insert(format!("one/{name}.json"), compute(&file, &Options::default()).to_json().into_bytes());
    }
    for (set, files) in [("fixtures", inputs(&fixtures)), ("sample", sample.clone())] {
        for (variant, options) in &variants {
            let results = compute(&files, options);
            out.insert(format!("{set}/{variant}.json"), results.to_json().into_bytes());
        }
        let results = compute(&files, &Options::default());
        out.insert(format!("{set}/results_utf8.csv"), results_csv(&results, CsvEncoding::Utf8Bom).0);
        out.insert(format!("{set}/results_cp932.csv"), results_csv(&results, CsvEncoding::Cp932).0);
        out.insert(format!("{set}/recipe.json"), recipe_from(&files, &Options::default()).to_json().into_bytes());
    }
    // The rows behind every figure of the sample's totals and first breakdown cells (as the page
    // asks for them), under a filter too.
    let read = mdkpi_core::pipeline::read(&sample, &Options::default().limits, &mut |_, _| {});
    let results = compute(&sample, &options(r#"{"statistics": {"min_cell_size": 1}}"#));
    let mut drills = Vec::new();
    for k in results.kpis.iter().filter(|k| k.breakdown.len() <= 1) {
        let query = DrillQuery { id: k.id, fiscal_year: k.fiscal_year, breakdown: k.breakdown.clone() };
        for filter in [Default::default(), options(r#"{"filter": {"priority_area": 2}}"#).filter] {
            drills.push(mdkpi_core::kpi::filter::drill(&read.rows, &filter, &query, 20, &results.catalogue()));
        }
    }
    out.insert("sample/drills.json".into(), serde_json::to_vec_pretty(&drills).unwrap());
    let corpus_files = inputs(&corpus);
    let results = compute(&corpus_files, &Options::default());
    for (name, bytes) in rejected_rows_csv(&corpus_files, &results.issues, &Options::default()) {
        out.insert(format!("rejected/{name}"), bytes);
    }
    out.insert("corpus/recipe.json".into(), recipe_from(&corpus_files, &Options::default()).to_json().into_bytes());
    for kind in DatasetKind::ALL {
        let name = serde_json::to_value(kind).unwrap().as_str().unwrap().to_owned();
        out.insert(format!("templates/{name}.csv"), template_csv(kind));
    }
    out
}

#[test]
fn every_output_is_byte_identical_to_its_golden_file() {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("MDKPI_BLESS").is_some();
    let mut differ = Vec::new();
    let outputs = outputs();
    use sha2::Digest;
    let outputs: BTreeMap<String, Vec<u8>> = outputs
        .into_iter()
        .map(|(name, bytes)| {
            if bytes.len() > 256 * 1024 {
                let digest = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
                (format!("{name}.sha256"), format!("{digest}\n").into_bytes())
            } else {
                (name, bytes)
            }
        })
        .collect();
    for (name, bytes) in &outputs {
        let path = golden.join(name);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            differ.push(name.clone());
        }
    }
    // No golden file is left over from an output that is no longer made.
    let mut stack = vec![golden.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(&golden).unwrap().to_string_lossy().replace('\\', "/");
                if !outputs.contains_key(&name) {
                    differ.push(format!("{name} (no longer made)"));
                }
            }
        }
    }
    assert!(outputs.len() > 60, "{} outputs", outputs.len());
    assert!(
        differ.is_empty(),
        "{} outputs differ from crates/core/tests/golden/ (MDKPI_BLESS=1 rewrites them): {differ:#?}",
        differ.len()
    );
}

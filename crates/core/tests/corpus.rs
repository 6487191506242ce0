//! The malformed-input corpus (tests/corpus/bad/ at the root, made by make_bad.py): every file
//! through the pipeline, against its expected outcome. Nothing may panic, no valid row may be lost,
//! and every problem must be reported in Japanese and English. (The CLI's run over the same files
//! is in the CLI's tests.)

use mdkpi_core::contract::lang::Lang;
use mdkpi_core::contract::options::Options;
use mdkpi_core::pipeline::{compute, InputFile};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/bad");

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).expect("run make_bad.py");
    serde_json::from_str::<Value>(&text).unwrap().as_object().unwrap().clone()
}

#[test]
fn the_corpus_is_large_enough() {
    assert!(expected().len() >= 30);
}

#[test]
fn every_malformed_file_gives_its_expected_outcome() {
    let mut failures = Vec::new();
    for (name, want) in expected() {
        let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
        let r = compute(&[InputFile::new(name.as_str(), bytes)], &Options::default());
        let json: Value = serde_json::from_str(&r.to_json()).unwrap();
        if let Some(datasets) = want["datasets"].as_array() {
            let got: Vec<Value> = json["datasets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| serde_json::json!([d["kind"], d["rows_read"], d["rows_used"], d["rows_rejected"]]))
                .collect();
            if &got != datasets {
                failures.push(format!("{name}: datasets {got:?}, expected {datasets:?}"));
            }
        }
        let codes: Vec<&str> = json["issues"].as_array().unwrap().iter().filter_map(|i| i["code"].as_str()).collect();
        for code in want["codes"].as_array().unwrap() {
            if !codes.contains(&code.as_str().unwrap()) {
                failures.push(format!("{name}: no {code} among {codes:?}"));
            }
        }
        for d in &r.datasets {
            if d.rows_read != d.rows_used + d.rows_rejected + d.rows_superseded {
                failures.push(format!("{name}: rows do not add up: {d:?}"));
            }
        }
        for i in &r.issues {
            let own = i.source() == name || i.source().starts_with(&format!("{name}#"));
            if i.message(Lang::Ja).is_empty() || i.message(Lang::En).is_empty() || !own {
                failures.push(format!("{name}: issue without both messages or its file: {i:?}"));
            }
        }
        let expect_usable = want["exit"] == 0;
        if r.has_data() != expect_usable {
            failures.push(format!("{name}: usable = {}, expected {expect_usable}", r.has_data()));
        }
        if !expect_usable && r.issues.is_empty() {
            failures.push(format!("{name}: nothing usable but no issue says why"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

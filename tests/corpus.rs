//! The malformed-input corpus (tests/corpus/bad/, made by make_bad.py): every file through the
//! pipeline and through the CLI, against its expected outcome. Nothing may panic or hang, no valid
//! row may be lost, and every problem must be reported in Japanese and English.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mdkpi::pipeline::{compute, InputFile, Options};
use serde_json::Value;

const DIR: &str = "tests/corpus/bad";

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
            let got: Vec<Value> = json["datasets"].as_array().unwrap().iter()
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
            let own = i.source == name || i.source.starts_with(&format!("{name}#"));
            if i.message.is_empty() || i.message_en.is_empty() || !own {
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

#[test]
fn the_cli_neither_panics_nor_hangs_on_any_of_them() {
    for (name, want) in expected() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mdkpi"))
            .args(["compute", &format!("{DIR}/{name}")])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("{name}: the CLI did not finish within a minute");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(status.code(), want["exit"].as_i64().map(|c| c as i32), "{name}: {stderr}");
    }
}

//! The CLI over the malformed-input corpus (tests/corpus/bad/ at the root): it neither panics nor
//! hangs on any file, and exits as expected.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/bad");

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).expect("run make_bad.py");
    serde_json::from_str::<Value>(&text).unwrap().as_object().unwrap().clone()
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

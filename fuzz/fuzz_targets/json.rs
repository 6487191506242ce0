//! JSON import: any text, no panic (including deep nesting).
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::ingest::json::read_json;

fuzz_target!(|text: &str| {
    let _ = read_json(text);
});

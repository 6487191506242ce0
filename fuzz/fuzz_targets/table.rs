//! The CSV/TSV reader: rows are increasing spreadsheet rows, whatever the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi::ingest::table::read_table;

fuzz_target!(|text: &str| {
    if let Ok(t) = read_table(text) {
        let mut last = t.header_row;
        for r in t.records.iter() {
            assert!(r.row > last, "rows must increase");
            last = r.row;
        }
    }
});

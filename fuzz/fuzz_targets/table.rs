//! The CSV/TSV reader: rows are increasing spreadsheet rows, whatever the text, and the quick
//! bound on the records is never below their count.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::ingest::table::read_table;

fuzz_target!(|text: &str| {
    if let Ok(t) = read_table(text) {
        let mut last = t.header_row;
        let mut records = t.records();
        while let Some(r) = records.next() {
            assert!(r.row > last, "rows must increase");
            last = r.row;
        }
        assert!(records.count() <= t.records_at_most(), "the bound must hold");
    }
});

//! The whole pipeline on one file of any bytes: no panic, and every row is accounted for.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::contract::options::Options;
use mdkpi_core::pipeline::{compute, InputFile};

fuzz_target!(|data: &[u8]| {
    let r = compute(&[InputFile::new("fuzz.csv", data.to_vec())], &Options::default());
    for d in &r.datasets {
        assert_eq!(d.rows_read, d.rows_used + d.rows_rejected + d.rows_superseded);
    }
    let _ = r.to_json();
});

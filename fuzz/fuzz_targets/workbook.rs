//! The workbook reader on any bytes: no panic, no runaway allocation (the limits hold), rows in
//! order, and every sheet it reads goes through the pipeline with every row accounted for.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::contract::options::Options;
use mdkpi_core::ingest::workbook::{read_workbook, WorkbookLimits};
use mdkpi_core::pipeline::{compute, InputFile};

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys's panic hook aborts on every panic, even one the reader catches (calamine's,
    // on damaged files: `ingest::workbook::guarded`). The default hook only prints; a panic that
    // escapes the target still ends the run as a crash.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
    });
    // Compound files (.xls) are left out: calamine 0.38 reads an .xls whole when it opens it, into
    // a dense grid per sheet sized by the cells' claimed places, so a few damaged bytes ask for
    // gigabytes before any of our code runs (upstream tafia/calamine#684). The fuzz target is for
    // our code; zip workbooks (.xlsx, .ods) reach it cell by cell.
    if data.starts_with(b"\xD0\xCF\x11\xE0") {
        return;
    }
    let limits = WorkbookLimits { max_uncompressed_bytes: 64 << 20, max_cells: 1 << 20, max_columns: 256 };
    if let Ok((_, sheets)) = read_workbook(data, &limits) {
        for sheet in &sheets {
            let cells: usize = sheet.rows.iter().map(|r| r.len()).sum();
            assert!(cells as u64 <= limits.max_cells);
            // Rows in order, each once, none wider than the columns read.
            assert!(sheet.rows.iter().all(|r| r.len() <= limits.max_columns as usize));
            let rows: Vec<u64> = sheet.rows.iter().map(|r| r.row).collect();
            assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
        }
    }
    let r = compute(&[InputFile::new("fuzz.xlsx", data.to_vec())], &Options::default());
    for d in &r.datasets {
        assert_eq!(d.rows_read, d.rows_used + d.rows_rejected + d.rows_superseded);
    }
});

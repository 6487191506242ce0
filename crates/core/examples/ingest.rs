//! The native read of FILE (decode, parse, normalise, validate), three times, in MB/s: the CLI's
//! speed, and where to profile the reader (`perf record --call-graph dwarf`).
//!
//! ```text
//! cargo run --release -p mdkpi-core --example ingest -- FILE
//! ```
use mdkpi_core::contract::options::Limits;
use mdkpi_core::pipeline::{read, InputFile};

fn main() {
    let path = std::env::args().nth(1).expect("usage: ingest FILE");
    let bytes = std::fs::read(&path).expect("FILE can be read");
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let r = read(&[InputFile::new("file.csv", bytes.clone())], &Limits::default(), &mut |_, _| {});
        let e = t.elapsed();
        let mb_s = bytes.len() as f64 / 1e6 / e.as_secs_f64();
        eprintln!("{} rows in {:.0} ms: {mb_s:.1} MB/s", r.rows.len(), e.as_secs_f64() * 1e3);
    }
}

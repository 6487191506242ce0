//! What one call costs on a small input: `compute` of FILE, N times (the fixed cost that bounds
//! the fuzzers' executions per second). For profiling; `cargo xtask bench` measures the browser.
//!
//! ```text
//! cargo run --release -p mdkpi-core --example percall -- FILE [N]
//! ```
use mdkpi_core::contract::options::Options;
use mdkpi_core::pipeline::{compute, InputFile};

fn main() {
    let path = std::env::args().nth(1).expect("usage: percall FILE [N]");
    let n: usize = std::env::args().nth(2).map_or(2000, |s| s.parse().expect("N is a number"));
    let bytes = std::fs::read(&path).expect("FILE can be read");
    let t = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        let r = compute(&[InputFile::new("fuzz.csv", bytes.clone())], &Options::default());
        total += r.to_json().len();
    }
    let e = t.elapsed();
    eprintln!("{n} calls: {:.1} µs/call ({total} bytes of results)", e.as_secs_f64() * 1e6 / n as f64);
}

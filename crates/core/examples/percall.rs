use mdkpi_core::contract::options::Options;
use mdkpi_core::pipeline::{compute, InputFile};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(2000);
    let bytes = std::fs::read(&path).unwrap();
    let t = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        let r = compute(&[InputFile::new("fuzz.csv", bytes.clone())], &Options::default());
        total += r.to_json().len();
    }
    let e = t.elapsed();
    eprintln!("{n} calls: {:.1} µs/call ({total})", e.as_secs_f64() * 1e6 / n as f64);
}

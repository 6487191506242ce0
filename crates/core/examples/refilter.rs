//! The native recompute of FILE's KPIs under another program (the engine's refilter: the rows
//! read and prepared once), five times.
//!
//! ```text
//! cargo run --release -p mdkpi-core --example refilter -- FILE
//! ```
use mdkpi_core::contract::options::{Filter, Limits, Options};
use mdkpi_core::pipeline::{payload, read, InputFile, Prepared};

fn main() {
    let path = std::env::args().nth(1).expect("usage: refilter FILE");
    let bytes = std::fs::read(&path).expect("FILE can be read");
    let r = read(&[InputFile::new("file.csv", bytes)], &Limits::default(), &mut |_, _| {});
    let t = std::time::Instant::now();
    let prepared = Prepared::of(&r);
    eprintln!("prepared in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let program = prepared.filter.facets().programs.get(1).cloned().expect("two programs or more");
    let options = Options { filter: Filter { program: Some(program), ..Filter::default() }, ..Options::default() };
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let p = payload(&r, &prepared, &options);
        eprintln!("{} figures in {:.1} ms", p.results.kpis.len(), t.elapsed().as_secs_f64() * 1e3);
    }
}

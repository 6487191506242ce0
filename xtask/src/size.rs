//! The page's size budget: what the first screen downloads, gzip -9, against fixed budgets. The
//! engine's wasm (readers, KPIs: ~400 KB gzip) slipping into the page would fail it at once, and so
//! would a first load that grows past the bench's target.

use std::path::Path;

/// The files the first screen loads (index.html and what it asks for before any user action).
pub const FIRST_LOAD: &[&str] = &[
    "index.html",
    "first-screen.js",
    "boot.js",
    "mdkpi-web.js",
    "mdkpi-web_bg.wasm.js",
    "echarts.min.js",
    "style.css",
    "icon.svg",
];

/// (what, files, budget in bytes of gzip -9)
pub const BUDGETS: &[(&str, &[&str], u64)] = &[
    // Every view's components and the sample's precomputed figures (which the first screen shows
    // without the engine). English for every word the page writes (#23) brought it to 437.6 KiB,
    // the exported tables' model (text and number per cell, for .xlsx) to 441.2 KiB; starting the
    // engine in the background (#25) to 442.3 KiB.
    ("the page's wasm", &["mdkpi-web_bg.wasm.js"], 443 * 1024),
    ("the page's JS glue", &["mdkpi-web.js", "boot.js"], 16 * 1024),
    // Over the bench's 600 KB target: the page's wasm is two thirds of it, ECharts (only the charts
    // and components used) a third, 206 KiB. A first screen that does not wait for the page's wasm
    // (#25) is the lever left. 661.4 KiB with English for every word (#23); 669.7 KiB with the
    // first screen's snapshot in index.html (~5 KiB), which paints before any of the rest runs.
    ("the first load, all files", FIRST_LOAD, 672 * 1024),
    // The whole app in one file: the page, the engine, ECharts, the style sheet. The engine's
    // workbook writer (rust_xlsxwriter: the .xlsx templates, results and tables) took it from about
    // 1,350 to 1,532 KiB, as measured here; English for every word (#23) and the first screen's
    // snapshot bring it to 1,577.1 KiB. The core compiled for speed (opt-level 3, Cargo.toml:
    // ~1.4× faster reading) to 1,700.0 KiB: a file opened from a drive, not downloaded.
    ("the one-file edition (mdkpi.html)", &["mdkpi.html"], 1_704 * 1024),
];

/// The gzip -9 size of `bytes`.
pub fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

/// Each budget as a line of a report, and the budgets exceeded.
pub fn check(dist: &Path) -> Result<(Vec<String>, Vec<String>), String> {
    let mut report = Vec::new();
    let mut over = Vec::new();
    for (what, files, budget) in BUDGETS {
        let mut total = 0;
        for file in *files {
            let bytes = std::fs::read(dist.join(file)).map_err(|e| format!("dist/{file}: {e}"))?;
            total += gzip_len(&bytes);
        }
        let line = format!("{what}: {:.1} KiB gzip (budget {:.0} KiB)", total as f64 / 1024.0, *budget as f64 / 1024.0);
        if total > *budget {
            over.push(line.clone());
        }
        report.push(line);
    }
    Ok((report, over))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_sizes_are_real_and_budgets_cover_the_first_load() {
        let text = "医療機器基本計画 ".repeat(1000);
        let gz = gzip_len(text.as_bytes());
        assert!(gz > 20 && gz < text.len() as u64 / 10, "{gz}");
        let first = BUDGETS.iter().find(|(_, files, _)| *files == FIRST_LOAD).unwrap();
        assert!(first.1.contains(&"mdkpi-web_bg.wasm.js"));
        assert!(!FIRST_LOAD.iter().any(|f| f.contains("engine")), "the engine is not part of the first load");
    }
}

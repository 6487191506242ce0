//! Workbooks (.xlsx) written by `rust_xlsxwriter`: the results and the page's tables
//! ([`tables`]). Here, not in the core: the writer is 400 KB of wasm that only the worker loads,
//! when someone asks for a workbook, and in the browser it needs JavaScript's clock.

pub mod tables;

use rust_xlsxwriter::XlsxError;

/// A workbook's error, said as the page and the CLI say it.
fn failed(e: XlsxError) -> String {
    format!("ワークブックを書けませんでした / could not write the workbook: {e}")
}

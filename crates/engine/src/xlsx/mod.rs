//! Workbooks the engine writes, with rust_xlsxwriter: the results and the page's tables
//! ([`tables`]), the survey templates ([`template`]). Here, not in the core: the writer is ~180 KB
//! gzip of wasm that only the worker loads, and in the browser it needs JavaScript's clock. What
//! every workbook shares is here: a fixed creation time where the bytes must not depend on the
//! clock, the header format, saving to bytes.

pub mod tables;
pub mod template;

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

/// A new workbook created at `created` (UTC), not at the clock's time: the same request gives the
/// same bytes, and nothing here depends on the machine's clock (which wasm32 has only through the
/// browser).
pub fn workbook(created: &ExcelDateTime) -> Workbook {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(created));
    workbook
}

/// A header cell: bold on grey, ruled below, wrapped (Japanese headers are long).
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter)
}

/// The workbook's bytes.
pub fn save(mut workbook: Workbook) -> Result<Vec<u8>, String> {
    workbook.save_to_buffer().map_err(|e| message(&e))
}

/// rust_xlsxwriter's error in words (a limit of Excel's was crossed: a bug of ours, not the user's).
pub fn message(e: &XlsxError) -> String {
    format!("the workbook could not be written: {e}")
}

//! The results as CSV bytes ([`mdkpi_contract::csv_text`] writes the text): UTF-8 with a BOM by
//! default (Excel opens it correctly; no `sep=` line, which would break that), or CP932 for older
//! tools, with a count of the characters CP932 cannot represent.
//!
//! ```
//! use mdkpi_core::contract::csv_text::CsvEncoding;
//! use mdkpi_core::contract::options::Options;
//! use mdkpi_core::pipeline::compute;
//! use mdkpi_core::report::csv_export::results_csv;
//! let r = compute(&mdkpi_core::sample::files(), &Options::default());
//! let (bytes, lost) = results_csv(&r, CsvEncoding::Utf8Bom);
//! assert!(bytes.starts_with(b"\xEF\xBB\xBF") && lost == 0);
//! ```

use encoding_rs::SHIFT_JIS;
use mdkpi_contract::csv_text::{results_csv_text, utf8_bom, CsvEncoding};
use mdkpi_contract::results::Results;

/// The CSV bytes in `encoding`, and how many characters CP932 could not represent: each became
/// `?` (encoding_rs would write an HTML character reference, which means nothing in a CSV), and
/// the count lets the page say so.
pub fn results_csv(results: &Results, encoding: CsvEncoding) -> (Vec<u8>, usize) {
    encode(&results_csv_text(results), encoding)
}

/// CSV text as bytes in `encoding` (UTF-8 with BOM for Excel, or CP932), with the number of
/// characters CP932 could not represent.
pub fn encode(text: &str, encoding: CsvEncoding) -> (Vec<u8>, usize) {
    match encoding {
        CsvEncoding::Utf8Bom => (utf8_bom(text), 0),
        CsvEncoding::Cp932 => cp932(text),
    }
}

/// CP932 (Shift_JIS as Excel writes it), with every character it cannot hold written as `?` and
/// counted.
pub fn cp932(text: &str) -> (Vec<u8>, usize) {
    let mut lost = 0;
    let mut buf = [0u8; 4];
    let representable: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() || !SHIFT_JIS.encode(c.encode_utf8(&mut buf)).2 {
                c
            } else {
                lost += 1;
                '?'
            }
        })
        .collect();
    let (bytes, _, _) = SHIFT_JIS.encode(&representable);
    (bytes.into_owned(), lost)
}

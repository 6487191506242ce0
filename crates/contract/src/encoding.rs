//! The text encodings mdkpi reads and writes, by the names the results JSON gives them.

use serde::{Deserialize, Serialize};

/// The encodings mdkpi reads. Serialised names appear in the results JSON (`datasets[].encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16le,
    Utf16be,
    /// Windows-31J. encoding_rs's `Shift_JIS` decoder is the WHATWG one, which is CP932.
    Cp932,
}

impl TextEncoding {
    /// The label a person reads in the dataset table.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16le => "UTF-16LE",
            TextEncoding::Utf16be => "UTF-16BE",
            TextEncoding::Cp932 => "Shift_JIS (CP932)",
        }
    }
}

//! Bytes → decoded text → positioned table records. Knows nothing of the domain, but for the
//! choices a user can make for a file ([`InputFile`]), which the reading honours.

use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::schema::{DatasetKind, Mapping, TableChoice};

pub mod decode;
pub mod json;
pub mod table;
pub mod workbook;

/// One file as the user gave it, with the user's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The file name (no directories: the browser knows no more, and the JSON must match).
    pub name: String,
    pub bytes: Vec<u8>,
    /// The dataset kind, when the user chose it instead of detection.
    pub kind: Option<DatasetKind>,
    /// The encoding, when the user chose it instead of detection.
    pub encoding: Option<TextEncoding>,
    /// The user's column mapping (column key → header as written), when set by hand.
    pub mapping: Option<Mapping>,
    /// The user's choices for the file's tables (a header row, a sheet left out).
    pub tables: Vec<TableChoice>,
}

impl InputFile {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        InputFile { name: name.into(), bytes, kind: None, encoding: None, mapping: None, tables: Vec::new() }
    }

    /// The user's choice for the table of `sheet` (`None`: the file's own table).
    pub fn choice(&self, sheet: Option<&str>) -> Option<&TableChoice> {
        self.tables.iter().find(|t| t.sheet.as_deref() == sheet)
    }
}

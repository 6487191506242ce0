//! The embedded sample ([`mdkpi_contract::sample`]) as input files (`tests/sample.rs` keeps its
//! precomputed payload current).

use mdkpi_contract::sample::FILES;

use crate::ingest::InputFile;

/// The sample as input files, exactly as if the user had dropped them on the page.
pub fn files() -> Vec<InputFile> {
    FILES.iter().map(|(name, text)| InputFile::new(*name, text.as_bytes().to_vec())).collect()
}

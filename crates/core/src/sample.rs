//! The embedded sample ([`mdkpi_contract::sample`]) as input files (`tests/sample.rs` keeps its
//! precomputed payload current).

use mdkpi_contract::sample::FILES;

use crate::ingest::InputFile;

/// Each sample file's length and XXH3 hash, computed when compiling: only these numbers are in a
/// binary that recognises the sample ([`is_sample`]), not the files' text.
const FINGERPRINTS: [(usize, u64); FILES.len()] = {
    let mut out = [(0, 0); FILES.len()];
    let mut i = 0;
    while i < FILES.len() {
        out[i] = (FILES[i].1.len(), xxhash_rust::const_xxh3::xxh3_64(FILES[i].1.as_bytes()));
        i += 1;
    }
    out
};

/// Whether `bytes` are one of the sample's files, under whatever name.
pub fn is_sample(bytes: &[u8]) -> bool {
    FINGERPRINTS.iter().any(|&(len, hash)| bytes.len() == len && xxhash_rust::xxh3::xxh3_64(bytes) == hash)
}

/// The sample as input files, exactly as if the user had dropped them on the page.
pub fn files() -> Vec<InputFile> {
    FILES.iter().map(|(name, text)| InputFile::new(*name, text.as_bytes().to_vec())).collect()
}

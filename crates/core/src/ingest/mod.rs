//! Bytes → decoded text → positioned table records. Knows nothing of the domain.

pub mod decode;
pub mod json;
pub mod table;

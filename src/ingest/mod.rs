//! Bytes → decoded text → positioned table records. Knows nothing of the domain.

pub mod decode;
pub mod table;

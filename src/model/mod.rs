//! Records in the domain's words: dataset kinds and columns, cell values, and typed records.

pub mod dataset;
pub mod plan;
pub mod projects;
pub mod recipe;
pub mod schema;
pub mod value;

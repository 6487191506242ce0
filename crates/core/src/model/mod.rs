//! Rows in the domain's words: cells read as values, headers matched to columns, tables loaded as
//! typed rows of a dataset kind, and the projects typed side by side for the R&D KPIs. The kinds,
//! columns and values themselves are the contract's ([`mdkpi_contract::schema`],
//! [`mdkpi_contract::value`]).

pub mod dataset;
pub mod kpis;
pub mod layout;
pub mod projects;
pub mod recipe;
pub mod schema;
pub mod value;

//! The contract of mdkpi: what the page, the engine, the CLI and the tests share, and nothing that
//! reads a file or computes a KPI.
//!
//! - the results document, `mdkpi.results/1` ([`results`]), with its diagnostics ([`diagnostics`]);
//! - the options that define the figures ([`options`]);
//! - the vocabulary: KPI ids and the catalogue ([`catalogue`]), KPIs defined as data ([`kpis`]), dataset kinds and columns
//!   ([`schema`]), stages and statuses ([`value`]), encodings ([`encoding`]);
//! - the plan itself ([`plan`]), and how figures are written for people ([`label`], [`lang`]);
//! - the exports the page writes itself ([`csv_text`], [`template`], [`safe`]), and the tables
//!   every export writes ([`table`]);
//! - the engine's protocol ([`protocol`]) and the embedded sample ([`sample`]).
//!
//! The page (a Yew app compiled to wasm) links this crate and never the core, so its download
//! carries no reader and no KPI: `cargo xtask test` checks both the crate graph and the size.

pub mod catalogue;
pub mod csv_text;
pub mod diagnostics;
pub mod encoding;
pub mod kpis;
pub mod label;
pub mod lang;
pub mod options;
pub mod plan;
pub mod protocol;
pub mod results;
pub mod safe;
pub mod sample;
pub mod schema;
pub mod table;
pub mod template;
pub mod value;
pub mod vocab;

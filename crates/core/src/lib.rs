//! The pure core of mdkpi: the KPIs of Japan's 2nd Medical Device Basic Plan (第二期医療機器基本計画)
//! from survey files. No browser crate, on any target.
//!
//! The data flows one way, a module each:
//! file bytes → [`ingest::decode`] → [`ingest::table`] / [`ingest::json`] → [`model`] rows →
//! [`kpi`] figures → [`pipeline`] (the results document of [`mdkpi_contract::results`]).
//! [`pipeline::compute`] runs the whole flow; the CLI calls it, and the engine (the page's worker)
//! keeps what it read so that a filter recomputes only the KPIs.
//!
//! What the page shares with the engine (the results contract, the options, the vocabulary) is
//! [`mdkpi_contract`], re-exported as [`contract`].

pub use mdkpi_contract as contract;

pub mod diagnostics;
pub mod ingest;
pub mod kpi;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod sample;

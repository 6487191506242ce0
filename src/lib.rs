//! mdkpi: the KPI calculator for Japan's 2nd Medical Device Basic Plan (第二期医療機器基本計画).
//!
//! The core is pure Rust with no browser dependency, and the data flows one way:
//! file bytes → [`ingest::decode`] → [`ingest::table`] → [`model`] records → [`kpi`] values →
//! [`report::Results`] (the `mdkpi.results/1` JSON). [`pipeline::compute`] runs the whole flow and
//! is the only entry point the CLI and the page use. The browser shell lives in `app` and is
//! compiled only for wasm32.

pub mod ingest;
pub mod issue;
pub mod kpi;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod sample;

#[cfg(target_arch = "wasm32")]
pub mod app;

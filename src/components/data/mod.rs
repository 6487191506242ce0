//! Getting data in: file input, drag and drop, the sample, and what was read (datasets and issues).

mod datasets;
mod downloads;
mod issues;
mod overrides;
mod panel;
mod persistence;
mod progress;
mod tables;

pub use panel::DataPanel;

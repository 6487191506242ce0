//! The page's components, by view. They render the state and dispatch actions; the rules are the
//! reducer's ([`crate::state`]) and the engine's.

mod app;
mod data;
mod drill;
mod export;
mod filters;
mod header;
mod kpi;
mod plan;
mod satisfaction;
mod stage_up;

pub use app::App;

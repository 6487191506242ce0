//! Apache ECharts, driven from Rust: typed option structs (serialised to the JSON ECharts reads) and
//! a component that owns one chart instance. ECharts itself is the npm build copied into the site
//! (never a CDN) and loaded as the global `echarts`.

mod bindings;
mod chart;
mod export;
mod option;
mod queue;

pub use chart::{ChartDrawn, EChart, EChartProps, SampleShown};
pub use option::*;

/// The colour of a hidden cell (x) in every chart: a neutral grey, apart from every data colour.
pub const HIDDEN_COLOR: &str = "#d0d0d0";

//! The stage-up view: rate by stage at adoption, per survey year, as a chart and a table with n
//! beside every figure, the definition in force as switches and as a footnote.

mod bars;
mod heatmap;
mod panel;
mod rows;
mod sankey;

pub use panel::StageUpPanel;

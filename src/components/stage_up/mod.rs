//! The stage-up view: rate by stage at adoption, per survey year, as a chart and a table with n
//! beside every figure, the definition in force as switches and as a footnote; the KPI the research
//! report recommends for each stage at adoption; and cohorts by adoption year.

mod bars;
mod by_stage;
mod cohort;
mod heatmap;
mod panel;
mod rows;
mod sankey;

pub use panel::StageUpPanel;

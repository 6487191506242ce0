//! Any KPI of the catalogue as a table: the total per year with n, interval, change and relative
//! target, then the breakdown cells. Every figure carries `data-kpi-id`, `data-fiscal-year`,
//! `data-breakdown` and `data-field`, and appears once on the page.

mod figure;
mod table;
mod trend;

pub use figure::{chart_drill, hidden_mark, query_of, unfiltered_note, HiddenRule, Value};
pub use table::KpiTable;

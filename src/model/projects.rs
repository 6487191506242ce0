//! `Project` (研究開発課題): the typed view of a loaded `projects` row, in the domain's words.
//! Required cells (課題ID, 採択年度, and 年度 where the column exists) are checked by the loader.

use serde::Serialize;

use crate::model::dataset::Row;
use crate::model::schema::DatasetKind;
use crate::model::value::{Stage, Status};

/// One R&D project as of one survey year. It borrows from its row: the KPIs type every project
/// row on each recompute, and copies would cost more than the counting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project<'a> {
    /// The file it came from, and its spreadsheet row: every figure can be traced back.
    pub source: &'a str,
    pub row: u64,
    /// Survey year (年度). `None` when the file has no 年度 column: one measurement.
    pub fiscal_year: Option<i32>,
    pub project_id: &'a str,
    pub program: Option<&'a str>,
    /// 重点分野 1–5; a project may belong to several.
    pub priority_areas: &'a [u8],
    pub adopted_fy: i32,
    pub stage_at_adoption: Option<Stage>,
    pub current_stage: Option<Stage>,
    pub status: Option<Status>,
    /// In yen, whatever unit the header named.
    pub grant_yen: Option<i64>,
}

impl<'a> Project<'a> {
    /// The project in a loaded `projects` row (`None` for a row of another kind).
    pub fn from_row(row: &'a Row) -> Option<Project<'a>> {
        if row.kind != DatasetKind::Projects {
            return None;
        }
        Some(Project {
            source: &row.source,
            row: row.row,
            fiscal_year: row.fiscal_year(),
            project_id: row.text("project_id")?,
            program: row.text("program"),
            priority_areas: row.areas("priority_areas"),
            adopted_fy: i32::try_from(row.int("adopted_fy")?).ok()?,
            stage_at_adoption: row.stage("stage_at_adoption"),
            current_stage: row.stage("current_stage"),
            status: row.status("status"),
            grant_yen: row.int("grant"),
        })
    }
}

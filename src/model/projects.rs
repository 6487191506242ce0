//! Table → `Project` records (研究開発課題), with every rejection and coercion reported.
//!
//! Required: 課題ID and 採択年度, and 年度 where that column exists. A row missing one of them is
//! rejected with an error. Any other invalid cell becomes missing with a warning, and the row stays.

use serde::Serialize;

use crate::ingest::table::{Record, Table};
use crate::issue::{At, Issue};
use crate::model::schema::ColumnMap;
use crate::model::value::{
    fold, is_missing, parse_fiscal_year, parse_priority_areas, parse_stage, parse_status, parse_yen,
    Expected, Parsed, Stage, StageField, Status,
};

/// One R&D project as of one survey year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    /// The file it came from, and its spreadsheet row: every figure can be traced back.
    pub source: String,
    pub row: u64,
    /// Survey year (年度). `None` when the file has no 年度 column: one measurement.
    pub fiscal_year: Option<i32>,
    pub project_id: String,
    pub program: Option<String>,
    /// 重点分野 1–5; a project may belong to several.
    pub priority_areas: Vec<u8>,
    pub adopted_fy: i32,
    pub stage_at_adoption: Option<Stage>,
    pub current_stage: Option<Stage>,
    pub status: Option<Status>,
    /// In yen, whatever unit the header named.
    pub grant_yen: Option<i64>,
}

/// What loading one file produced.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub projects: Vec<Project>,
    pub rows_read: u64,
    pub rows_rejected: u64,
    pub issues: Vec<Issue>,
}

/// Reads the projects in `table`, whose columns are located by `map`.
pub fn load_projects(source: &str, table: &Table, map: &ColumnMap) -> Loaded {
    let mut out = Loaded::default();
    for (key, ja) in [("project_id", "課題ID"), ("adopted_fy", "採択年度")] {
        if map.index(key).is_none() {
            out.issues.push(At::file(source).missing_column(ja, key));
        }
    }
    out.rows_read = table.records.len() as u64;
    if !out.issues.is_empty() {
        out.rows_rejected = out.rows_read;
        return out;
    }
    let grant_unit = map.yen_unit("grant");
    if let (None, Some(label)) = (grant_unit, map.unit_label("grant")) {
        out.issues.push(
            At::cell(source, table.header_row, map.header("grant").unwrap_or("助成額"))
                .invalid_value(Expected::Amount, label),
        );
    }

    for record in &table.records {
        if record.fields.iter().all(|f| f.is_empty()) {
            // A row of empty cells (Excel leaves these below a table) holds no data to lose.
            out.rows_read -= 1;
            continue;
        }
        if record.fields.len() > table.headers.len() {
            out.issues.push(
                At::row(source, record.row).extra_cells(table.headers.len(), record.fields.len()),
            );
        }
        let mut cells = Cells { source, record, map, issues: Vec::new(), rejected: false };
        let project_id = cells.required("project_id", parse_text);
        let adopted_fy = cells.required("adopted_fy", parse_fiscal_year);
        let fiscal_year = cells.required("fiscal_year", parse_fiscal_year);
        let (Some(project_id), Some(adopted_fy), false) = (project_id, adopted_fy, cells.rejected) else {
            out.rows_rejected += 1;
            out.issues.append(&mut cells.issues);
            continue;
        };
        let program = cells.optional("program", parse_text);
        let priority_areas = cells.optional("priority_areas", parse_priority_areas).unwrap_or_default();
        let stage_at_adoption = cells.optional("stage_at_adoption", |r| parse_stage(r, StageField::AtAdoption));
        let current_stage = cells.optional("current_stage", |r| parse_stage(r, StageField::Current));
        let status = cells.optional("status", parse_status);
        let grant_yen = grant_unit.and_then(|unit| cells.optional("grant", |r| parse_yen(r, unit)));
        if let (Some(a), Some(c)) = (stage_at_adoption, current_stage) {
            if c < a {
                cells.issues.push(At::row(source, record.row).stage_decreased(a.number(), c.number()));
            }
        }
        out.issues.append(&mut cells.issues);
        out.projects.push(Project {
            source: source.to_owned(),
            row: record.row,
            fiscal_year,
            project_id,
            program,
            priority_areas,
            adopted_fy,
            stage_at_adoption,
            current_stage,
            status,
            grant_yen,
        });
    }
    out
}

fn parse_text(raw: &str) -> Parsed<String> {
    let s = fold(raw);
    Ok((!is_missing(&s)).then_some(s))
}

/// The cells of one row, read through the column map, collecting that row's issues.
struct Cells<'a> {
    source: &'a str,
    record: &'a Record,
    map: &'a ColumnMap,
    issues: Vec<Issue>,
    rejected: bool,
}

impl<'a> Cells<'a> {
    fn raw(&self, key: &str) -> Option<(&'a str, At<'a>)> {
        let (record, map) = (self.record, self.map);
        let index = map.index(key)?;
        let header = map.header(key)?;
        Some((record.get(index), At::cell(self.source, record.row, header)))
    }

    /// A required cell: missing or invalid rejects the row. An absent column yields `None`
    /// without rejecting (年度 is required only where the column exists).
    fn required<T>(&mut self, key: &str, parse: impl Fn(&str) -> Parsed<T>) -> Option<T> {
        let (raw, at) = self.raw(key)?;
        let issue = match parse(raw) {
            Ok(Some(v)) => return Some(v),
            Ok(None) => at.missing_required(),
            Err(expected) => at.invalid_required(expected, raw),
        };
        self.issues.push(issue);
        self.rejected = true;
        None
    }

    /// An optional cell: invalid becomes missing, with a warning.
    fn optional<T>(&mut self, key: &str, parse: impl Fn(&str) -> Parsed<T>) -> Option<T> {
        let (raw, at) = self.raw(key)?;
        match parse(raw) {
            Ok(v) => v,
            Err(expected) => {
                let issue = at.invalid_value(expected, raw);
                self.issues.push(issue);
                None
            }
        }
    }
}

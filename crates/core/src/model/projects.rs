//! `Projects` (研究開発課題): the typed `projects` rows of a read, in the domain's words, side by
//! side and with texts as codes. Required cells (課題ID, 採択年度, and 年度 where the column exists)
//! are checked by the loader.
//!
//! The R&D KPIs count every kept project on each recompute. Typed once per read, a project is 48
//! bytes in one vector, and its 課題ID and program are numbers that index arrays: a recompute then
//! neither reaches into each row's values nor hashes a string. Over a million rows that was ~90% of
//! a refilter (see ARCHITECTURE.md, Performance).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::model::dataset::{Row, Value};
use mdkpi_contract::schema::{Col, DatasetKind};
use mdkpi_contract::value::{Stage, Status};

/// One R&D project as of one survey year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Project {
    /// Survey year (年度). `None` when the file has no 年度 column: one measurement.
    pub fiscal_year: Option<i32>,
    pub adopted_fy: i32,
    /// The 課題ID's code: equal codes, equal IDs, within one [`Projects`].
    pub id: u32,
    /// The program's code, an index into [`Projects::programs`].
    pub program: Option<u32>,
    /// 重点分野 1–5, bit `a` for area `a`; a project may belong to several.
    pub areas: u8,
    pub stage_at_adoption: Option<Stage>,
    pub current_stage: Option<Stage>,
    pub status: Option<Status>,
    /// In yen, whatever unit the header named.
    pub grant_yen: Option<i64>,
    /// 特許出願, 特許取得 and 他事業採択 (the report's KPIs for early themes), where known.
    pub patent_application: Option<bool>,
    pub patent_granted: Option<bool>,
    pub other_program: Option<bool>,
}

impl Project {
    /// The priority areas, in order.
    pub fn priority_areas(&self) -> impl Iterator<Item = u8> {
        let mut bits = self.areas;
        std::iter::from_fn(move || {
            let area = (bits != 0).then(|| bits.trailing_zeros() as u8)?;
            bits &= bits - 1;
            Some(area)
        })
    }
}

/// The projects among some rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projects {
    /// In row order.
    pub list: Vec<Project>,
    /// Program names by code.
    pub programs: Vec<Arc<str>>,
    /// How many distinct 課題IDs there are: every [`Project::id`] is below it.
    pub ids: usize,
    /// For each row they were made of, its project's index in `list`, or [`NOT_A_PROJECT`].
    at_row: Vec<u32>,
}

const NOT_A_PROJECT: u32 = u32::MAX;

impl Projects {
    /// Types the `projects` rows among `rows`. Rows of other kinds, and rows without the required
    /// cells (which the loader rejects, so only hand-made rows), are not projects.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Projects {
        let mut rows = rows.into_iter();
        let mut reader = Reader {
            columns: Columns::new(),
            ids: FxHashMap::with_capacity_and_hasher(rows.size_hint().0, Default::default()),
            codes: FxHashMap::default(),
            programs: Vec::new(),
        };
        let mut out = Projects { at_row: Vec::with_capacity(rows.size_hint().0), ..Projects::default() };
        while let Some(row) = rows.next() {
            let Some(p) = reader.project(row) else {
                out.at_row.push(NOT_A_PROJECT);
                continue;
            };
            if out.list.is_empty() {
                // Sized at the first project for the rows left (files come one kind at a time): a
                // million projects are 48 MB, and growing by doubling copies them again.
                out.list.reserve(rows.size_hint().0 + 1);
            }
            out.list.push(p);
            out.at_row.push(out.list.len() as u32 - 1);
        }
        out.list.shrink_to_fit();
        out.ids = reader.ids.len();
        out.programs = reader.programs;
        out
    }

    /// Projects made by hand (tests, other readers), programs named by code.
    pub fn from_list(list: Vec<Project>, programs: Vec<Arc<str>>) -> Projects {
        let ids = list.iter().map(|p| p.id as usize + 1).max().unwrap_or(0);
        Projects { list, programs, ids, at_row: Vec::new() }
    }

    /// The projects of the rows at `rows` (ascending positions in the rows these were made of):
    /// the codes stay the same.
    pub fn at(&self, rows: &[usize]) -> Projects {
        let mut list = Vec::with_capacity(rows.len());
        list.extend(rows.iter().filter_map(|&i| match self.at_row.get(i) {
            Some(&p) if p != NOT_A_PROJECT => Some(self.list[p as usize]),
            _ => None,
        }));
        Projects { list, programs: self.programs.clone(), ids: self.ids, at_row: Vec::new() }
    }

    /// A program's name.
    pub fn program(&self, code: u32) -> &str {
        &self.programs[code as usize]
    }
}

/// Where each field of a project is among a `projects` row's values: looked up once, not once
/// per row.
struct Columns {
    fiscal_year: usize,
    project_id: usize,
    program: usize,
    priority_areas: usize,
    adopted_fy: usize,
    stage_at_adoption: usize,
    current_stage: usize,
    status: usize,
    grant: usize,
    patent_application: usize,
    patent_granted: usize,
    other_program: usize,
}

impl Columns {
    fn new() -> Columns {
        let at = |key: Col| DatasetKind::Projects.column(key).unwrap_or_else(|| panic!("projects have a {key} column"));
        Columns {
            fiscal_year: at(Col::FiscalYear),
            project_id: at(Col::ProjectId),
            program: at(Col::Program),
            priority_areas: at(Col::PriorityAreas),
            adopted_fy: at(Col::AdoptedFy),
            stage_at_adoption: at(Col::StageAtAdoption),
            current_stage: at(Col::CurrentStage),
            status: at(Col::Status),
            grant: at(Col::Grant),
            patent_application: at(Col::PatentApplication),
            patent_granted: at(Col::PatentGranted),
            other_program: at(Col::OtherProgram),
        }
    }
}

/// Types rows one at a time, giving codes to 課題IDs and programs.
struct Reader<'a> {
    columns: Columns,
    ids: FxHashMap<&'a str, u32>,
    codes: FxHashMap<&'a Arc<str>, u32>,
    programs: Vec<Arc<str>>,
}

impl<'a> Reader<'a> {
    fn project(&mut self, row: &'a Row) -> Option<Project> {
        if row.kind() != DatasetKind::Projects {
            return None;
        }
        let c = &self.columns;
        let int = |i| row.at(i).and_then(Value::as_int);
        let stage = |i| row.at(i).and_then(Value::as_stage);
        let flag = |i| match row.at(i) {
            Some(Value::Flag(b)) => Some(*b),
            _ => None,
        };
        let id = row.at(c.project_id).and_then(Value::as_text)?;
        let adopted_fy = i32::try_from(int(c.adopted_fy)?).ok()?;
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(id).or_insert(next);
        let program = match row.at(c.program) {
            // The shared name itself: the codes keep it for the breakdown labels.
            Some(Value::Text(name)) => Some(*self.codes.entry(name).or_insert_with(|| {
                self.programs.push(name.clone());
                self.programs.len() as u32 - 1
            })),
            _ => None,
        };
        let mut areas = 0u8;
        for &a in row.at(c.priority_areas).map_or(&[][..], Value::as_areas) {
            // The reader takes 1–5 only (`value::parse_priority_areas`).
            assert!((1..8).contains(&a), "priority area {a} out of range");
            areas |= 1 << a;
        }
        Some(Project {
            fiscal_year: int(c.fiscal_year).and_then(|y| i32::try_from(y).ok()),
            adopted_fy,
            id,
            program,
            areas,
            stage_at_adoption: stage(c.stage_at_adoption),
            current_stage: stage(c.current_stage),
            status: row.at(c.status).and_then(Value::as_status),
            grant_yen: int(c.grant),
            patent_application: flag(c.patent_application),
            patent_granted: flag(c.patent_granted),
            other_program: flag(c.other_program),
        })
    }
}

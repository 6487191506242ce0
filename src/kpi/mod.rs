//! Records → KPI values. Every figure is a [`Kpi`]: one id, one fiscal year, one breakdown cell.
//!
//! The families are in their own modules (`training`, `members`, `hubs`, `rd`, `stage_up`); then
//! [`results`] applies the statistics shared by all of them: small-n flags, small-cell suppression
//! (`suppress`), and the year-on-year comparison (`trend`).

pub mod catalogue;
pub mod filter;
pub mod hubs;
pub mod members;
pub mod rd;
pub mod stage_up;
pub mod stats;
pub mod suppress;
pub mod training;
pub mod trend;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::issue::Issue;
use crate::model::dataset::Row;
use crate::model::projects::{Project, Projects};
use crate::model::schema::DatasetKind;
use crate::report::{DatasetSummary, Definitions, FollowupEntry, Generator, ReferenceValue, Results};

/// A breakdown coordinate: `{"adoption_stage": 2}` or `{"program": "医工連携…"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Dim {
    Int(i64),
    Text(String),
}

impl std::fmt::Display for Dim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dim::Int(n) => write!(f, "{n}"),
            Dim::Text(s) => f.write_str(s),
        }
    }
}

/// Figures with fewer units than this are flagged `small_n`: their interval is wide.
pub const SMALL_N: u64 = 10;

/// How the shared statistics are done; echoed in `definitions.statistics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatisticsOptions {
    /// k: cells with 0 < n < k are suppressed, with complementary suppression. 1 turns it off.
    pub min_cell_size: u64,
}

impl Default for StatisticsOptions {
    fn default() -> Self {
        StatisticsOptions { min_cell_size: 5 }
    }
}

/// A relative target for next year, derived from history (the plan sets no numeric targets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub value: f64,
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub method: crate::report::intern::Word,
}

/// One figure of the results contract (`kpis[]` in `mdkpi.results/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    #[serde(deserialize_with = "crate::report::intern::str")]
    pub id: crate::report::intern::Word,
    /// Survey fiscal year (年度), or `None` for a file without a 年度 column.
    pub fiscal_year: Option<i32>,
    /// Empty for the total.
    #[serde(deserialize_with = "crate::report::intern::keys")]
    pub breakdown: BTreeMap<crate::report::intern::Word, Dim>,
    /// `None` (null) when there is nothing to divide by, or when the cell is suppressed.
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// The units behind the figure (themes, companies, answers, rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
    /// n < 10.
    pub small_n: bool,
    /// Hidden because 0 < n < k, or to protect such a cell (complementary suppression).
    pub suppressed: bool,
    /// Units left out of the denominator, by reason, so that nothing disappears unexplained.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "crate::report::intern::keys")]
    pub excluded: BTreeMap<crate::report::intern::Word, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_fiscal_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// "up", "down" or "flat" against the previous year.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::report::intern::opt_str")]
    pub direction: Option<crate::report::intern::Word>,
    /// Whether the change is in the KPI's better direction (catalogue); flat is not an improvement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub improved: Option<bool>,
    /// Shares only: two-proportion z-test of this year against the previous one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_next: Option<Target>,
}

impl Kpi {
    fn blank(id: &'static str, fiscal_year: Option<i32>, breakdown: BTreeMap<&'static str, Dim>) -> Kpi {
        Kpi {
            id,
            fiscal_year,
            breakdown,
            value: None,
            numerator: None,
            denominator: None,
            n: None,
            ci95: None,
            small_n: false,
            suppressed: false,
            excluded: BTreeMap::new(),
            previous_fiscal_year: None,
            previous: None,
            delta: None,
            direction: None,
            improved: None,
            p_value: None,
            target_next: None,
        }
    }

    /// A share `numerator / denominator` with its Wilson 95% interval; n is the denominator.
    pub fn share(
        id: &'static str,
        fiscal_year: Option<i32>,
        breakdown: BTreeMap<&'static str, Dim>,
        numerator: u64,
        denominator: u64,
    ) -> Kpi {
        Kpi {
            value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
            numerator: Some(numerator),
            denominator: Some(denominator),
            n: Some(denominator),
            ci95: stats::wilson95(numerator, denominator).map(|(lo, hi)| [lo, hi]),
            small_n: denominator < SMALL_N,
            ..Kpi::blank(id, fiscal_year, breakdown)
        }
    }

    /// A mean over `n` units.
    pub fn mean(
        id: &'static str,
        fiscal_year: Option<i32>,
        breakdown: BTreeMap<&'static str, Dim>,
        sum: f64,
        n: u64,
    ) -> Kpi {
        Kpi {
            value: (n > 0).then(|| sum / n as f64),
            n: Some(n),
            small_n: n < SMALL_N,
            ..Kpi::blank(id, fiscal_year, breakdown)
        }
    }

    /// A count or a sum over `n` units (rows, hubs, companies).
    pub fn total(
        id: &'static str,
        fiscal_year: Option<i32>,
        breakdown: BTreeMap<&'static str, Dim>,
        value: f64,
        n: u64,
    ) -> Kpi {
        Kpi {
            value: Some(value),
            n: Some(n),
            small_n: n < SMALL_N,
            ..Kpi::blank(id, fiscal_year, breakdown)
        }
    }
}

/// A one-coordinate breakdown.
pub fn by(key: &'static str, value: Dim) -> BTreeMap<&'static str, Dim> {
    BTreeMap::from([(key, value)])
}

/// Accumulators for one KPI family in one year: the total and one per breakdown cell, a text
/// borrowed from the rows (counting a row allocates nothing; it becomes a [`Dim`] once per cell).
/// Hashed (every row looks its cells up) and put in order once, when read.
#[derive(Debug)]
pub(crate) struct Cells<'a, A> {
    pub total: A,
    pub by: rustc_hash::FxHashMap<(&'static str, &'a str), A>,
}

impl<A: Default> Default for Cells<'_, A> {
    fn default() -> Self {
        Cells { total: A::default(), by: rustc_hash::FxHashMap::default() }
    }
}

impl<'a, A: Default> Cells<'a, A> {
    /// Adds one unit to the total and to each of its cells. A unit with several values of one
    /// dimension (a project in two priority areas) counts in each, and once in the total.
    pub fn add(&mut self, cells: &[(&'static str, &'a str)], f: impl Fn(&mut A)) {
        f(&mut self.total);
        for &cell in cells {
            f(self.by.entry(cell).or_default());
        }
    }

    /// The total first, then the cells, each as (breakdown, accumulator).
    pub fn iter(&self) -> impl Iterator<Item = (BTreeMap<&'static str, Dim>, &A)> {
        let mut cells: Vec<_> = self.by.iter().collect();
        cells.sort_unstable_by_key(|(key, _)| *key);
        std::iter::once((BTreeMap::new(), &self.total)).chain(cells.into_iter().map(|((k, v), a)| (by(k, Dim::Text(v.to_string())), a)))
    }
}

/// Accumulators by survey year. A file has a handful of years, and its rows often come a year at
/// a time: the year last asked for is tried first, then the others in turn, which is cheaper than
/// a tree for every project of a recompute.
#[derive(Debug)]
pub(crate) struct ByYear<A> {
    years: Vec<(Option<i32>, A)>,
    last: usize,
}

impl<A> Default for ByYear<A> {
    fn default() -> Self {
        ByYear { years: Vec::new(), last: 0 }
    }
}

impl<A: Default> ByYear<A> {
    pub fn get(&mut self, fiscal_year: Option<i32>) -> &mut A {
        if self.years.get(self.last).is_none_or(|(y, _)| *y != fiscal_year) {
            self.last = match self.years.iter().position(|(y, _)| *y == fiscal_year) {
                Some(i) => i,
                None => {
                    self.years.push((fiscal_year, A::default()));
                    self.years.len() - 1
                }
            };
        }
        &mut self.years[self.last].1
    }

    /// The years in order (no year first).
    pub fn into_sorted(mut self) -> Vec<(Option<i32>, A)> {
        self.years.sort_by_key(|(y, _)| *y);
        self.years
    }
}

/// Accumulators for the R&D families in one year: the total, one per program and one per priority
/// area, in arrays indexed by the projects' codes (no hashing while counting a project).
#[derive(Debug)]
pub(crate) struct ProjectCells<A> {
    pub total: A,
    programs: Vec<A>,
    /// By area number (1–5; bits of [`Project::areas`]).
    areas: [A; 8],
}

impl<A: Default> Default for ProjectCells<A> {
    fn default() -> Self {
        ProjectCells { total: A::default(), programs: Vec::new(), areas: std::array::from_fn(|_| A::default()) }
    }
}

impl<A: Default> ProjectCells<A> {
    /// Adds one project to the total, to its program's cell and to each of its areas' cells: a
    /// project in two areas counts in each, and once in the total.
    pub fn add(&mut self, p: &Project, f: impl Fn(&mut A)) {
        f(&mut self.total);
        if let Some(code) = p.program {
            let code = code as usize;
            if self.programs.len() <= code {
                self.programs.resize_with(code + 1, A::default);
            }
            f(&mut self.programs[code]);
        }
        for a in p.priority_areas() {
            f(&mut self.areas[usize::from(a)]);
        }
    }

    /// The program and area cells that `counted` says hold a unit, as (breakdown, accumulator),
    /// programs named by `projects`.
    pub fn cells<'s>(
        &'s self,
        projects: &'s Projects,
        counted: impl Fn(&A) -> bool + 's,
    ) -> impl Iterator<Item = (BTreeMap<&'static str, Dim>, &'s A)> + 's {
        let programs = (self.programs.iter().enumerate())
            .map(|(code, a)| (by("program", Dim::Text(projects.program(code as u32).to_owned())), a));
        let areas = (self.areas.iter().enumerate()).map(|(area, a)| (by("priority_area", Dim::Int(area as i64)), a));
        programs.chain(areas).filter(move |(_, a)| counted(a))
    }

    /// The total, then [`ProjectCells::cells`].
    pub fn iter<'s>(
        &'s self,
        projects: &'s Projects,
        counted: impl Fn(&A) -> bool + 's,
    ) -> impl Iterator<Item = (BTreeMap<&'static str, Dim>, &'s A)> + 's {
        std::iter::once((BTreeMap::new(), &self.total)).chain(self.cells(projects, counted))
    }
}

/// The breakdown cells of a row for the given text columns (program, association, hub…).
pub(crate) fn text_cells<'a>(row: &'a Row, keys: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'a str)> {
    keys.iter().filter_map(|&(column, dim)| row.text(column).map(|t| (dim, t))).collect()
}

/// The sum of a count column over `rows`, in total and by the given text columns (`(column, dim)`):
/// `Kpi::total` figures with n = rows that have a value. None when no row has one.
pub(crate) fn sums(
    id: &'static str,
    fiscal_year: Option<i32>,
    rows: &[&Row],
    column: &str,
    dims: &[(&'static str, &'static str)],
) -> Vec<Kpi> {
    let mut cells: Cells<(u64, u64)> = Cells::default();
    for r in rows {
        if let Some(v) = r.int(column) {
            cells.add(&text_cells(r, dims), |(total, n)| {
                *total += v.unsigned_abs();
                *n += 1;
            });
        }
    }
    if cells.total.1 == 0 {
        return Vec::new();
    }
    cells.iter().map(|(b, (total, n))| Kpi::total(id, fiscal_year, b, *total as f64, *n)).collect()
}

/// Rows of one kind, grouped by survey fiscal year.
pub(crate) fn by_year<'a>(rows: &[&'a Row], kind: DatasetKind) -> BTreeMap<Option<i32>, Vec<&'a Row>> {
    let mut years: BTreeMap<Option<i32>, Vec<&Row>> = BTreeMap::new();
    for &r in rows.iter().filter(|r| r.kind() == kind) {
        years.entry(r.fiscal_year()).or_default().push(r);
    }
    years
}

/// Everything after reading: the figures with their statistics, and the results document.
/// `kept` are the rows that `options.filter` keeps (see [`filter::FilterIndex`]), and `projects`
/// the projects among them, typed: every statistic is of those rows. The R&D families count
/// `projects` only, so `kept` may leave the project rows out.
pub fn results(
    schema: &'static str,
    datasets: Vec<DatasetSummary>,
    issues: Vec<Issue>,
    kept: Vec<&Row>,
    projects: &Projects,
    options: &crate::pipeline::Options,
) -> Results {
    let mut kpis = Vec::new();
    kpis.extend(training::training(&kept));
    kpis.extend(members::members(&kept));
    kpis.extend(hubs::hubs(&kept));
    kpis.extend(rd::rd(projects));
    kpis.extend(stage_up::stage_up(projects, &options.stage_up));
    suppress::suppress(&mut kpis, options.statistics.min_cell_size);
    trend::compare_years(&mut kpis);
    kpis.sort_by(|a, b| {
        (catalogue::order(a.id), a.fiscal_year, &a.breakdown).cmp(&(catalogue::order(b.id), b.fiscal_year, &b.breakdown))
    });
    Results {
        schema,
        generator: Generator::default(),
        definitions: Definitions::new(options),
        datasets,
        issues,
        kpis,
        reference: ReferenceValue::from_rows(&kept),
        followup: FollowupEntry::from_rows(&kept),
    }
}

//! Rows → KPI figures. Every figure is a [`Kpi`]: one id, one fiscal year, one breakdown cell.
//!
//! The families are in their own modules (`training`, `members`, `hubs`, `rd`, `stage_up`); then
//! [`compute`] applies the statistics shared by all of them: small-n flags, small-cell suppression
//! (`suppress`), and the year-on-year comparison (`trend`). The KPIs know nothing of files or of
//! the results document: [`crate::pipeline`] reads the one and assembles the other.

pub mod cohort;
pub mod custom;
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

use mdkpi_contract::catalogue::{Catalogue, Dimension, KpiKey};
use mdkpi_contract::kpis::KpiSpec;
use mdkpi_contract::options::{StageUpOptions, StatisticsOptions};
use mdkpi_contract::results::{Dim, Exclusion, Kpi, SMALL_N};
use mdkpi_contract::schema::{Col, DatasetKind};

use crate::model::dataset::Row;
use crate::model::projects::{Project, Projects};
use crate::model::value::{MAX_FISCAL_YEAR, MIN_FISCAL_YEAR};

/// A share `numerator / denominator` with its Wilson 95% interval; n is the denominator.
pub fn share(
    id: impl Into<KpiKey>,
    fiscal_year: Option<i32>,
    breakdown: BTreeMap<Dimension, Dim>,
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
        ..Kpi::new(id, fiscal_year, breakdown)
    }
}

/// [`share`] of the units whose yes or no is known, those not known said in
/// `excluded.flag_unknown` (left out of the denominator, never lost).
pub fn share_of_known(
    id: impl Into<KpiKey>,
    fiscal_year: Option<i32>,
    breakdown: BTreeMap<Dimension, Dim>,
    yes: u64,
    known: u64,
    unknown: u64,
) -> Kpi {
    let mut k = share(id, fiscal_year, breakdown, yes, known);
    if unknown > 0 {
        k.excluded.insert(Exclusion::FlagUnknown, unknown);
    }
    k
}

/// A mean over `n` units.
pub fn mean(
    id: impl Into<KpiKey>,
    fiscal_year: Option<i32>,
    breakdown: BTreeMap<Dimension, Dim>,
    sum: f64,
    n: u64,
) -> Kpi {
    Kpi {
        value: (n > 0).then(|| sum / n as f64),
        n: Some(n),
        small_n: n < SMALL_N,
        ..Kpi::new(id, fiscal_year, breakdown)
    }
}

/// A count or a sum over `n` units (rows, hubs, companies). Never `small_n`: a count is not an
/// estimate.
pub fn total(
    id: impl Into<KpiKey>,
    fiscal_year: Option<i32>,
    breakdown: BTreeMap<Dimension, Dim>,
    value: f64,
    n: u64,
) -> Kpi {
    Kpi { value: Some(value), n: Some(n), ..Kpi::new(id, fiscal_year, breakdown) }
}

/// A one-coordinate breakdown.
pub fn by(key: Dimension, value: Dim) -> BTreeMap<Dimension, Dim> {
    BTreeMap::from([(key, value)])
}

/// Accumulators for one KPI family in one year: the total and one per breakdown cell, a text
/// borrowed from the rows (counting a row allocates nothing; it becomes a [`Dim`] once per cell).
/// Hashed (every row looks its cells up) and put in order once, when read.
#[derive(Debug)]
pub(crate) struct Cells<'a, A> {
    pub total: A,
    pub by: rustc_hash::FxHashMap<(Dimension, &'a str), A>,
}

impl<A: Default> Default for Cells<'_, A> {
    fn default() -> Self {
        Cells { total: A::default(), by: rustc_hash::FxHashMap::default() }
    }
}

impl<'a, A: Default> Cells<'a, A> {
    /// Adds one unit to the total and to each of its cells. A unit with several values of one
    /// dimension (a project in two priority areas) counts in each, and once in the total.
    pub fn add(&mut self, cells: &[(Dimension, &'a str)], f: impl Fn(&mut A)) {
        f(&mut self.total);
        for &cell in cells {
            f(self.by.entry(cell).or_default());
        }
    }

    /// The total first, then the cells, each as (breakdown, accumulator).
    pub fn iter(&self) -> impl Iterator<Item = (BTreeMap<Dimension, Dim>, &A)> {
        let mut cells: Vec<_> = self.by.iter().collect();
        cells.sort_unstable_by_key(|(key, _)| *key);
        std::iter::once((BTreeMap::new(), &self.total))
            .chain(cells.into_iter().map(|((k, v), a)| (by(*k, Dim::Text(v.to_string())), a)))
    }
}

/// Accumulators by survey year. A file has a handful of years, but its rows need not come a year
/// at a time (a national list sorted by 課題ID alternates them): each year the reader accepts has a
/// slot that says where its accumulator is, so that finding it costs one load for every project
/// of a recompute. Other years (hand-made projects) are looked for in turn.
/// No year, then each year the reader accepts.
const YEAR_SLOTS: usize = (MAX_FISCAL_YEAR - MIN_FISCAL_YEAR + 2) as usize;

#[derive(Debug)]
pub(crate) struct ByYear<A> {
    years: Vec<(Option<i32>, A)>,
    /// Index in `years` + 1 (0: none yet) of no year, then of each year the reader accepts.
    slots: Box<[u32; YEAR_SLOTS]>,
}

impl<A> Default for ByYear<A> {
    fn default() -> Self {
        ByYear { years: Vec::new(), slots: Box::new([0; YEAR_SLOTS]) }
    }
}

impl<A: Default> ByYear<A> {
    pub fn get(&mut self, fiscal_year: Option<i32>) -> &mut A {
        let slot = match fiscal_year {
            None => Some(0),
            Some(y) => usize::try_from(i64::from(y) - i64::from(MIN_FISCAL_YEAR) + 1)
                .ok()
                .filter(|s| (1..YEAR_SLOTS).contains(s)),
        };
        let at = match slot.map(|s| self.slots[s]) {
            Some(at) if at > 0 => at as usize - 1,
            _ => {
                let at = match self.years.iter().position(|(y, _)| *y == fiscal_year) {
                    Some(i) => i,
                    None => {
                        self.years.push((fiscal_year, A::default()));
                        self.years.len() - 1
                    }
                };
                if let Some(s) = slot {
                    self.slots[s] = at as u32 + 1;
                }
                at
            }
        };
        &mut self.years[at].1
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
    ) -> impl Iterator<Item = (BTreeMap<Dimension, Dim>, &'s A)> + 's {
        let programs = (self.programs.iter().enumerate())
            .map(|(code, a)| (by(Dimension::Program, Dim::Text(projects.program(code as u32).to_owned())), a));
        let areas =
            (self.areas.iter().enumerate()).map(|(area, a)| (by(Dimension::PriorityArea, Dim::Int(area as i64)), a));
        programs.chain(areas).filter(move |(_, a)| counted(a))
    }

    /// The total, then [`ProjectCells::cells`].
    pub fn iter<'s>(
        &'s self,
        projects: &'s Projects,
        counted: impl Fn(&A) -> bool + 's,
    ) -> impl Iterator<Item = (BTreeMap<Dimension, Dim>, &'s A)> + 's {
        std::iter::once((BTreeMap::new(), &self.total)).chain(self.cells(projects, counted))
    }
}

/// The breakdown cells of a row for the given text columns (program, association, hub…).
pub(crate) fn text_cells<'a>(row: &'a Row, keys: &[(Col, Dimension)]) -> Vec<(Dimension, &'a str)> {
    keys.iter().filter_map(|&(column, dim)| row.text(column).map(|t| (dim, t))).collect()
}

/// The sum of a count column over `rows`, in total and by the given text columns (`(column, dim)`):
/// [`total`] figures with n = rows that have a value. None when no row has one.
pub(crate) fn sums(
    id: mdkpi_contract::catalogue::KpiId,
    fiscal_year: Option<i32>,
    rows: &[&Row],
    column: Col,
    dims: &[(Col, Dimension)],
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
    cells.iter().map(|(b, (sum, n))| total(id, fiscal_year, b, *sum as f64, *n)).collect()
}

/// Rows of one kind, grouped by survey fiscal year.
pub(crate) fn by_year<'a>(rows: &[&'a Row], kind: DatasetKind) -> BTreeMap<Option<i32>, Vec<&'a Row>> {
    let mut years: BTreeMap<Option<i32>, Vec<&Row>> = BTreeMap::new();
    for &r in rows.iter().filter(|r| r.kind() == kind) {
        years.entry(r.fiscal_year()).or_default().push(r);
    }
    years
}

/// The figures of every KPI, with their statistics, from `kept` (the rows that the filter keeps;
/// see [`filter::FilterIndex`]) and `projects` (the projects among them, typed): every statistic is
/// of those rows. The R&D families count `projects` only, so `kept` may leave the project rows
/// out, unless a KPI of `defined` (checked definitions, [`custom`]) counts them. In the
/// catalogue's order, then the defined ones, each by year and breakdown.
pub fn compute(
    kept: &[&Row],
    projects: &Projects,
    stage_up: &StageUpOptions,
    statistics: &StatisticsOptions,
    defined: &[KpiSpec],
) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    kpis.extend(training::training(kept));
    kpis.extend(members::members(kept));
    kpis.extend(hubs::hubs(kept));
    kpis.extend(rd::rd(projects));
    kpis.extend(stage_up::stage_up(projects, stage_up));
    kpis.extend(rd::outcomes(projects));
    kpis.extend(cohort::cohorts(projects));
    kpis.extend(custom::custom(kept, defined));
    // Sorted first: which cell complementary suppression picks among equals follows the order,
    // and the same figures must give the same choice however they were read.
    kpis.sort_by(|a, b| (a.id, a.fiscal_year, &a.breakdown).cmp(&(b.id, b.fiscal_year, &b.breakdown)));
    let catalogue = Catalogue { defined };
    suppress::suppress(&mut kpis, statistics, &catalogue);
    trend::compare_years(&mut kpis, &catalogue);
    kpis
}

#[cfg(test)]
mod tests {
    use super::ByYear;

    /// Each year has its own accumulator, in or out of the years the reader accepts, alternating
    /// or not; and they come out sorted, no year first.
    #[test]
    fn each_year_keeps_its_own_accumulator() {
        let mut by: ByYear<u32> = ByYear::default();
        let years = [Some(2023), Some(2024), None, Some(2023), Some(i32::MIN), Some(i32::MAX), Some(2024), Some(1979)];
        for y in years {
            *by.get(y) += 1;
        }
        let counts: Vec<(Option<i32>, u32)> = by.into_sorted();
        let want = vec![
            (None, 1),
            (Some(i32::MIN), 1),
            (Some(1979), 1),
            (Some(2023), 2),
            (Some(2024), 2),
            (Some(i32::MAX), 1),
        ];
        assert_eq!(counts, want);
    }
}

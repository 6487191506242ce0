//! Disclosure control: a cell built from 0 < n < k units (respondents, companies, projects; each
//! KPI's unit is `KpiDef::disclosure`) could identify one, so it is hidden (value, numerator,
//! denominator, n and interval) and marked `suppressed`. An organisation's own reported totals
//! (training and hub figures) are not hidden: they identify nobody.
//!
//! Nothing hidden may be recoverable from what is published, so complementary figures go too:
//! - partitions: in each group of cells that add up to a total (the cells of one KPI and year that
//!   differ in one dimension, with the cell without it), one hidden figure among the cells and the
//!   total is given away by subtraction (or addition), so one more goes: the cheapest other
//!   non-empty cell (by what it leaves exposed), or the total;
//! - families: the figures made from the same cells, as linear equations — the satisfaction levels
//!   with each group's n, top-2 share and mean, each level's programs adding up to the level; the
//!   stage-up matrix with each line's and the year's n, stage-ups and gain, and a lower bound from
//!   the programs' shares. An unknown (a hidden cell, or a figure whose every publisher is hidden)
//!   that they determine, with non-negativity, is found by elimination ([`determined`]), a
//!   null-space test ([`System::movable`]) and else a linear program ([`System::pinned`]). It takes
//!   with it the least that frees it: one cell or figure, else a pair, weighted so that cells go
//!   before breakdown figures and those before headline figures; else a mean, a cell, a share.
//!
//! This repeats until nothing hidden can be worked out; `tests/disclosure.rs` audits the result
//! independently, with a linear program per hidden figure over every published one, as τ-Argus
//! audits a table.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, Variable};

use mdkpi_contract::catalogue::{Catalogue, Dimension, KpiId, KpiKey, Unit};
use mdkpi_contract::options::StatisticsOptions;
use mdkpi_contract::results::{Dim, Kpi};

fn hide(k: &mut Kpi) {
    k.value = None;
    k.numerator = None;
    k.denominator = None;
    k.n = None;
    k.ci95 = None;
    k.excluded.clear();
    k.suppressed = true;
}

/// Figures and the part of each that counts (a share's numerator or denominator).
type Parts = Vec<(usize, f64)>;

/// A figure's place: (id, year, breakdown).
type CellKey = (KpiKey, Option<i32>, Vec<(Dimension, Dim)>);

/// A group of cells that partition one total: (id, year, the varying dimension, the fixed ones).
type GroupKey = (KpiKey, Option<i32>, Dimension, Vec<(Dimension, Dim)>);

/// Hides the cells with 0 < units < their unit's threshold, then complementary cells and figures.
/// `catalogue` says each KPI's unit (a KPI it does not know is held to the strictest rule).
pub fn suppress(kpis: &mut [Kpi], statistics: &StatisticsOptions, catalogue: &Catalogue) {
    let threshold = |k: &Kpi| statistics.threshold(catalogue.disclosure(k.id));
    if kpis.iter().all(|k| threshold(k) <= 1) {
        return;
    }
    // The units behind each figure and its value, before anything is hidden.
    let n: Vec<u64> = kpis.iter().map(|k| k.n.unwrap_or(0)).collect();
    let value: Vec<f64> = kpis.iter().map(|k| k.value.unwrap_or(0.0)).collect();
    for (k, &n) in kpis.iter_mut().zip(&n) {
        if n > 0 && n < threshold(k) {
            hide(k);
        }
    }
    let at = places(kpis);
    let groups = partitions(kpis, &at);
    let mut member_of = vec![Vec::new(); kpis.len()];
    for (g, (cells, total)) in groups.iter().enumerate() {
        for &i in cells.iter().chain(total) {
            member_of[i].push(g);
        }
    }
    let families = families(kpis, &at);
    let mut t = Table { kpis, n, value, groups, member_of };
    loop {
        // Families first: their choices see every equation on a cell, and often complete the
        // partitions too.
        let changed = t.protect_families(&families) | t.complete_partitions();
        if !changed {
            break;
        }
    }
}

/// The figures being protected, with what the choice of a complementary figure needs to know.
struct Table<'a> {
    kpis: &'a mut [Kpi],
    /// The units behind each figure, before anything was hidden.
    n: Vec<u64>,
    /// Each figure's value, before anything was hidden.
    value: Vec<f64>,
    /// Cells that partition a total, and the total.
    groups: Vec<(Vec<usize>, Option<usize>)>,
    /// For each figure, the groups it is a cell or the total of.
    member_of: Vec<Vec<usize>>,
}

impl Table<'_> {
    fn hidden(&self, i: usize) -> bool {
        self.kpis[i].suppressed
    }

    /// Hidden figures in a group (an empty cell hidden counts: a reader does not know it is empty).
    fn hidden_in(&self, g: usize) -> usize {
        let (cells, total) = &self.groups[g];
        cells.iter().filter(|&&i| self.hidden(i)).count() + usize::from(total.is_some_and(|t| self.hidden(t)))
    }

    /// What hiding `i` costs in other groups: the groups it would leave with a single hidden
    /// figure (each then needs one more) less the groups it would complete. Choosing the
    /// cheapest keeps complementary suppression from spreading over the whole table.
    fn cost(&self, i: usize) -> isize {
        self.member_of[i]
            .iter()
            .map(|&g| match self.hidden_in(g) {
                0 if self.groups[g].1.is_some() => 1,
                1 => -1,
                _ => 0,
            })
            .sum()
    }

    /// The cheapest of `candidates` to hide, the smaller first among equals.
    fn cheapest(&self, candidates: impl Iterator<Item = usize>) -> Option<usize> {
        candidates.min_by_key(|&i| (self.cost(i), self.n[i] == 0, self.n[i]))
    }

    /// What hiding `i` costs a reader, to choose complementary figures by: a cell of a breakdown
    /// least (an empty one a little more: it protects less), a figure of a breakdown more, a
    /// headline figure (no breakdown) most; plus what it costs in partitions.
    fn weight(&self, i: usize, family: &Family) -> f64 {
        let own = if family.is_cell(i) {
            if self.n[i] > 0 {
                1.0
            } else {
                1.5
            }
        } else if self.kpis[i].breakdown.is_empty() {
            10.0
        } else {
            3.0
        };
        own + 0.5 * self.cost(i) as f64
    }

    /// One pass over the partitions. A group with exactly one hidden figure among its cells and
    /// its total gives it away by subtraction (or, for a hidden total, by addition), so one more
    /// goes: the cheapest other non-empty cell, or the total. Shares and means partition like
    /// counts (their numerators and denominators add up). Whether anything was hidden.
    fn complete_partitions(&mut self) -> bool {
        let mut changed = false;
        for g in 0..self.groups.len() {
            let (cells, total) = &self.groups[g];
            // Without a total, hidden cells cannot be told from the others.
            if total.is_none() || self.hidden_in(g) != 1 {
                continue;
            }
            let total_hidden = total.is_some_and(|t| self.hidden(t));
            let partner = self.cheapest(cells.iter().copied().filter(|&i| !self.hidden(i) && self.n[i] > 0));
            let next = if total_hidden { partner } else { partner.or(*total) };
            if let Some(i) = next {
                hide(&mut self.kpis[i]);
                changed = true;
            }
        }
        changed
    }
}

/// Every figure's place, for both kinds of group.
fn places(kpis: &[Kpi]) -> BTreeMap<CellKey, usize> {
    kpis.iter()
        .enumerate()
        .map(|(i, k)| ((k.id, k.fiscal_year, k.breakdown.iter().map(|(d, v)| (*d, v.clone())).collect()), i))
        .collect()
}

/// The groups of cells that partition a total: the cells of one KPI and year that differ in one
/// dimension, with the cell without that dimension (the KPI's unbroken figure for a breakdown of
/// one dimension) when it is published.
fn partitions(kpis: &[Kpi], at: &BTreeMap<CellKey, usize>) -> Vec<(Vec<usize>, Option<usize>)> {
    let mut groups: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
    for (i, k) in kpis.iter().enumerate() {
        for &varying in k.breakdown.keys() {
            let fixed: Vec<(Dimension, Dim)> =
                k.breakdown.iter().filter(|(d, _)| **d != varying).map(|(d, v)| (*d, v.clone())).collect();
            groups.entry((k.id, k.fiscal_year, varying, fixed)).or_default().push(i);
        }
    }
    groups
        .into_iter()
        .map(|((id, fy, _, fixed), cells)| {
            let total = at.get(&(id, fy, fixed)).copied();
            (cells, total)
        })
        .collect()
}

/// A published figure as a linear equation on cells: Σ coefficient × cell = the figure's value
/// (known while one of `published_by` is shown), or 0 (`published_by` empty: a relation among the
/// cells themselves, always known).
#[derive(Debug, Clone)]
struct Equation {
    terms: Vec<(usize, f64)>,
    published_by: Vec<usize>,
}

/// Cells and the figures made from them, which must be protected together.
#[derive(Debug, Clone, Default)]
struct Family {
    equations: Vec<Equation>,
    /// Lower bounds on equations' figures that other figures give while shown: (equation, each
    /// figure and its part). The programs' stage-up figures add up to at most the year's (a
    /// project may name no program).
    at_least: Vec<(usize, Parts)>,
}

/// The satisfaction answers and the stage-up matrix of each year, with the figures on them.
fn families(kpis: &[Kpi], at: &BTreeMap<CellKey, usize>) -> Vec<Family> {
    let find = |id: KpiId, fy: Option<i32>, cell: &[(Dimension, Dim)]| {
        let mut key: Vec<(Dimension, Dim)> = cell.to_vec();
        key.sort();
        at.get(&(KpiKey::Builtin(id), fy, key)).copied()
    };
    let years: Vec<Option<i32>> = {
        let mut y: Vec<_> = kpis.iter().map(|k| k.fiscal_year).collect();
        y.sort();
        y.dedup();
        y
    };
    let mut out = Vec::new();
    for &fy in &years {
        // Satisfaction: per group (all answers, or one program's), levels 1–5.
        let mut groups: Vec<Vec<(Dimension, Dim)>> = vec![Vec::new()];
        for k in kpis.iter().filter(|k| k.id == KpiId::TrainingSatisfactionAnswers && k.fiscal_year == fy) {
            if let Some(p) = k.breakdown.get(&Dimension::Program) {
                let g = vec![(Dimension::Program, p.clone())];
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
        }
        let mut family = Family::default();
        for g in &groups {
            let level = |l: i64| {
                let mut cell = g.clone();
                cell.push((Dimension::Answer, Dim::Int(l)));
                find(KpiId::TrainingSatisfactionAnswers, fy, &cell).map(|i| (i, l))
            };
            let levels: Vec<(usize, i64)> = (1..=5).filter_map(level).collect();
            if levels.is_empty() {
                continue;
            }
            let top2 = find(KpiId::TrainingSatisfactionTop2Share, fy, g);
            let mean = find(KpiId::TrainingSatisfactionMean, fy, g);
            let all = if g.is_empty() { find(KpiId::TrainingSatisfactionAnswers, fy, &[]) } else { None };
            let n_by: Vec<usize> = [top2, mean, all].into_iter().flatten().collect();
            family.push(levels.iter().map(|&(i, _)| (i, 1.0)).collect(), n_by);
            family.push(
                levels.iter().filter(|(_, l)| *l >= 4).map(|&(i, _)| (i, 1.0)).collect(),
                top2.into_iter().collect(),
            );
            family.push(levels.iter().map(|&(i, l)| (i, l as f64)).collect(), mean.into_iter().collect());
        }
        // Each level's programs add up to the level (a reader may assume every answer names its
        // program): Σ cells − the level's cell = 0, known whatever is hidden.
        for l in 1..=5i64 {
            let Some(level) = find(KpiId::TrainingSatisfactionAnswers, fy, &[(Dimension::Answer, Dim::Int(l))]) else {
                continue;
            };
            let mut terms: Vec<(usize, f64)> = groups[1..]
                .iter()
                .filter_map(|g| {
                    let mut cell = g.clone();
                    cell.push((Dimension::Answer, Dim::Int(l)));
                    find(KpiId::TrainingSatisfactionAnswers, fy, &cell).map(|i| (i, 1.0))
                })
                .collect();
            if !terms.is_empty() {
                terms.push((level, -1.0));
                family.equations.push(Equation { terms, published_by: Vec::new() });
            }
        }
        out.push(family);

        // Stage-up: the matrix, each adoption stage's line (n, stage-ups, gain) and the year's.
        let mut family = Family::default();
        let mut all_cells = Vec::new();
        for a in 1..=5i64 {
            let line: Vec<(usize, i64)> = (1..=5)
                .filter_map(|c| {
                    let cell = [(Dimension::AdoptionStage, Dim::Int(a)), (Dimension::CurrentStage, Dim::Int(c))];
                    find(KpiId::RdStageUpTransition, fy, &cell).map(|i| (i, c))
                })
                .collect();
            if line.is_empty() {
                continue;
            }
            all_cells.extend(line.iter().map(|&(i, c)| (i, c - a)));
            let stage = [(Dimension::AdoptionStage, Dim::Int(a))];
            let share = find(KpiId::RdStageUpShare, fy, &stage);
            let gain = find(KpiId::RdStageUpMeanGain, fy, &stage);
            family.push(line.iter().map(|&(i, _)| (i, 1.0)).collect(), [share, gain].into_iter().flatten().collect());
            family.push(
                line.iter().filter(|(_, c)| *c > a).map(|&(i, _)| (i, 1.0)).collect(),
                share.into_iter().collect(),
            );
            family.push(line.iter().map(|&(i, c)| (i, (c - a) as f64)).collect(), gain.into_iter().collect());
        }
        if !all_cells.is_empty() {
            let share = find(KpiId::RdStageUpShare, fy, &[]);
            let gain = find(KpiId::RdStageUpMeanGain, fy, &[]);
            let all = family.push(
                all_cells.iter().map(|&(i, _)| (i, 1.0)).collect(),
                [share, gain].into_iter().flatten().collect(),
            );
            let ups = family.push(
                all_cells.iter().filter(|(_, d)| *d > 0).map(|&(i, _)| (i, 1.0)).collect(),
                share.into_iter().collect(),
            );
            family.push(all_cells.iter().map(|&(i, d)| (i, d as f64)).collect(), gain.into_iter().collect());
            // What the programs' shares add up to: at most the year's n and stage-ups.
            let programs = kpis.iter().filter(|k| {
                k.id == KpiId::RdStageUpShare
                    && k.fiscal_year == fy
                    && k.breakdown.len() == 1
                    && k.breakdown.contains_key(&Dimension::Program)
            });
            let (n, up): (Parts, Parts) = programs
                .map(|k| {
                    let i = at[&(k.id, k.fiscal_year, k.breakdown.iter().map(|(d, v)| (*d, v.clone())).collect())];
                    ((i, k.denominator.unwrap_or(0) as f64), (i, k.numerator.unwrap_or(0) as f64))
                })
                .unzip();
            family.at_least.extend(all.map(|e| (e, n)).into_iter().chain(ups.map(|e| (e, up))));
        }
        out.push(family);
    }
    out.retain(|f| !f.equations.is_empty());
    out
}

impl Family {
    /// Whether `i` is one of the cells (not a figure made from them).
    fn is_cell(&self, i: usize) -> bool {
        self.equations.iter().any(|e| e.terms.iter().any(|&(c, _)| c == i))
    }

    /// Adds an equation; its place, when it has terms and a figure to publish it.
    fn push(&mut self, terms: Vec<(usize, f64)>, published_by: Vec<usize>) -> Option<usize> {
        if terms.is_empty() || published_by.is_empty() {
            return None;
        }
        self.equations.push(Equation { terms, published_by });
        Some(self.equations.len() - 1)
    }
}

/// An unknown of a family's equations that the published figures determine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exposed {
    /// A hidden cell.
    Cell(usize),
    /// A hidden figure: the right-hand side of this equation, with every figure publishing it
    /// hidden.
    Figure(usize),
}

impl Table<'_> {
    /// The equations of `family` on what a reader does not know, as if `also` were hidden too: the
    /// hidden cells (an empty one too: a reader does not know it is empty) and the hidden figures
    /// (the right-hand side of an equation whose every publishing figure is hidden).
    fn system(&self, family: &Family, also: &[usize]) -> System {
        let hidden = |i: usize| self.hidden(i) || also.contains(&i);
        let eqs = &family.equations;
        let published = |e: &Equation| e.published_by.is_empty() || e.published_by.iter().any(|&f| !hidden(f));
        let mut cells: Vec<usize> =
            eqs.iter().flat_map(|e| e.terms.iter().map(|&(i, _)| i)).filter(|&i| hidden(i)).collect();
        cells.sort();
        cells.dedup();
        let figures: Vec<usize> = (0..eqs.len()).filter(|&e| !published(&eqs[e])).collect();
        let rows: Vec<Vec<f64>> = eqs
            .iter()
            .enumerate()
            .map(|(j, e)| {
                let on_cells = cells.iter().map(|h| e.terms.iter().filter(|(i, _)| i == h).map(|(_, c)| c).sum());
                let on_figures = figures.iter().map(|&f| if f == j { -1.0 } else { 0.0 });
                on_cells.chain(on_figures).collect()
            })
            .collect();
        // A figure's value follows from its cells' (a reader needs no other); a gain can be below 0.
        let figure_value = |e: usize| eqs[e].terms.iter().map(|&(i, c)| c * self.value[i]).sum::<f64>();
        let truth: Vec<f64> =
            cells.iter().map(|&i| self.value[i]).chain(figures.iter().map(|&e| figure_value(e))).collect();
        let counts: Vec<bool> = cells.iter().map(|_| true).chain(figures.iter().map(|_| false)).collect();
        let at_least = family
            .at_least
            .iter()
            .filter_map(|(e, parts)| {
                let u = cells.len() + figures.iter().position(|f| f == e)?;
                Some((u, parts.iter().filter(|(i, _)| !hidden(*i)).map(|(_, v)| v).sum()))
            })
            .collect();
        let unknowns =
            cells.iter().map(|&i| Exposed::Cell(i)).chain(figures.iter().map(|&e| Exposed::Figure(e))).collect();
        System { unknowns, rows, at_least, truth, counts }
    }

    /// The unknowns of `family` that what is published determines, as if `also` were hidden too.
    /// Elimination finds most at once; a linear program settles each of the rest.
    fn exposed(&self, family: &Family, also: &[usize]) -> Vec<Exposed> {
        let system = self.system(family, also);
        let algebra = determined(system.rows.clone(), &system.truth, &system.counts);
        let movable = system.movable();
        (0..system.unknowns.len())
            .filter(|&u| algebra.contains(&u) || (!movable[u] && system.pinned(u)))
            .map(|u| system.unknowns[u])
            // An empty cell found empty gives nothing away.
            .filter(|x| !matches!(x, Exposed::Cell(i) if self.n[*i] == 0))
            .collect()
    }

    /// Whether what is published determines `target`, as if `also` were hidden too.
    fn pins(&self, family: &Family, also: &[usize], target: Exposed) -> bool {
        let system = self.system(family, also);
        let Some(u) = system.unknowns.iter().position(|x| *x == target) else { return false };
        if determined(system.rows.clone(), &system.truth, &system.counts).contains(&u) {
            return true;
        }
        !system.movable()[u] && system.pinned(u)
    }

    /// One pass over the families: for each unknown the published figures determine, one more
    /// figure or cell is hidden. The first choice is one that frees it by itself: the cheapest
    /// cell, else a mean, else a share. When none does alone: a mean first (it pins the most),
    /// then the cheapest cell, then a share. Whether anything was hidden.
    fn protect_families(&mut self, families: &[Family]) -> bool {
        let mut changed = false;
        for family in families {
            // What nothing in the family can free (a figure of nothing is no secret).
            let mut accepted: Vec<Exposed> = Vec::new();
            loop {
                let exposed = self.exposed(family, &[]);
                let Some(&first) = exposed.iter().find(|x| !accepted.contains(x)) else { break };
                let eqs = &family.equations;
                let published =
                    |e: &Equation| e.published_by.is_empty() || e.published_by.iter().any(|&f| !self.hidden(f));
                // The equations that pin it, and the cells and figures on them.
                let around: Vec<&Equation> = match first {
                    Exposed::Cell(c) => {
                        eqs.iter().filter(|e| published(e) && e.terms.iter().any(|(i, _)| *i == c)).collect()
                    }
                    // A figure, and the published equations on its cells (which pin it).
                    Exposed::Figure(e) => std::iter::once(&eqs[e])
                        .chain(eqs.iter().filter(|o| {
                            published(o) && o.terms.iter().any(|(i, _)| eqs[e].terms.iter().any(|(j, _)| i == j))
                        }))
                        .collect(),
                };
                // What could go: the shown cells and figures on those equations.
                let mut candidates: Vec<usize> = around
                    .iter()
                    .flat_map(|e| e.terms.iter().map(|&(i, _)| i).chain(e.published_by.iter().copied()))
                    .filter(|&i| !self.hidden(i))
                    .collect();
                if candidates.is_empty() {
                    // Pinned through equations whose own figures and cells are all hidden: anything
                    // shown in the family may be what pins it.
                    candidates = eqs
                        .iter()
                        .flat_map(|e| e.terms.iter().map(|&(i, _)| i).chain(e.published_by.iter().copied()))
                        .filter(|&i| !self.hidden(i))
                        .collect();
                }
                candidates.sort();
                candidates.dedup();
                // The least that frees it: one figure or cell, else two together, by what each costs a
                // reader.
                let frees = |set: &[usize]| !self.pins(family, set, first);
                let weight = |i: usize| self.weight(i, family);
                let single = candidates
                    .iter()
                    .copied()
                    .filter(|&i| frees(&[i]))
                    .min_by(|&a, &b| weight(a).total_cmp(&weight(b)));
                let pair = || {
                    // Pairs of many candidates cost more than they save: then the greedy order.
                    if candidates.len() > PAIRS_UP_TO {
                        return None;
                    }
                    let mut best: Option<(f64, [usize; 2])> = None;
                    for (x, &a) in candidates.iter().enumerate() {
                        for &b in &candidates[x + 1..] {
                            let w = weight(a) + weight(b);
                            if best.is_none_or(|(bw, _)| w < bw) && frees(&[a, b]) {
                                best = Some((w, [a, b]));
                            }
                        }
                    }
                    best.map(|(_, pair)| pair)
                };
                // When nothing frees it within two, the greedy order: a mean (it pins the most),
                // then the cheapest cell, then a share.
                let figures = |unit: Unit| {
                    candidates.iter().copied().find(|&f| {
                        // Families are the catalogue's (satisfaction, stage-up).
                        self.kpis[f].id.builtin().is_some_and(|id| id.def().unit == unit) && !family.is_cell(f)
                    })
                };
                let next: Vec<usize> = match single.map(|i| vec![i]).or_else(|| pair().map(Vec::from)) {
                    Some(set) => set,
                    None => figures(Unit::Mean)
                        .or_else(|| self.cheapest(candidates.iter().copied().filter(|&i| family.is_cell(i))))
                        .or_else(|| figures(Unit::Share))
                        .into_iter()
                        .collect(),
                };
                if next.is_empty() {
                    // Nothing shown is left in the family: what pins it is beyond it.
                    accepted.push(first);
                    continue;
                }
                for i in next {
                    hide(&mut self.kpis[i]);
                }
                changed = true;
            }
        }
        changed
    }
}

/// A family's equations on what a reader does not know: `rows × unknowns = rows × truth`.
struct System {
    unknowns: Vec<Exposed>,
    rows: Vec<Vec<f64>>,
    /// Lower bounds on unknowns: (unknown, bound).
    at_least: Vec<(usize, f64)>,
    truth: Vec<f64>,
    /// Which unknowns are counts (never below zero).
    counts: Vec<bool>,
}

impl System {
    /// The unknowns that can move: along a direction that keeps every equation (a vector of the
    /// null space's basis) and, from the true values, breaks no bound (an unknown at 0, or at its
    /// lower bound, may only grow). Cheap, and enough for most: only the others need a linear
    /// program.
    fn movable(&self) -> Vec<bool> {
        let n = self.truth.len();
        let (rows, pivots) = reduce(self.rows.clone(), n);
        let bound = |j: usize| {
            let low = self.at_least.iter().filter(|(k, _)| *k == j).map(|(_, b)| *b).fold(f64::NEG_INFINITY, f64::max);
            (self.counts[j] && self.truth[j].abs() < EPS) || self.truth[j] - low < EPS
        };
        let tight: Vec<usize> = (0..n).filter(|&j| bound(j)).collect();
        let mut movable = vec![false; n];
        for f in (0..n).filter(|f| pivots.iter().all(|(_, c)| c != f)) {
            let mut d = vec![0.0; n];
            d[f] = 1.0;
            for &(r, c) in &pivots {
                d[c] = -rows[r][f];
            }
            let up = tight.iter().all(|&j| d[j] >= -EPS);
            let down = tight.iter().all(|&j| d[j] <= EPS);
            if up || down {
                for j in (0..n).filter(|&j| d[j].abs() >= EPS) {
                    movable[j] = true;
                }
            }
        }
        movable
    }

    /// Whether the equations and non-negativity leave unknown `u` one value: its least and
    /// greatest values by linear programming, as `tests/disclosure.rs` audits. When the solver
    /// fails, it is taken as pinned: hiding more is the safe side.
    fn pinned(&self, u: usize) -> bool {
        let scale = self.truth.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        // Bounds near the problem's own scale: far wider than any value, and finite (the simplex
        // misreads free variables and very wide bounds).
        let large = 10.0 * scale + 100.0;
        let mut bounds = [0.0; 2];
        for (k, direction) in [OptimizationDirection::Minimize, OptimizationDirection::Maximize].into_iter().enumerate()
        {
            let mut lp = Problem::new(direction);
            let vars: Vec<Variable> = (0..self.truth.len())
                .map(|j| {
                    let low = if self.counts[j] { 0.0 } else { -large };
                    let low = self.at_least.iter().filter(|(k, _)| *k == j).fold(low, |l, (_, b)| l.max(*b));
                    lp.add_var(if j == u { 1.0 } else { 0.0 }, (low, large))
                })
                .collect();
            for row in &self.rows {
                if row.iter().all(|c| c.abs() < 1e-12) {
                    continue;
                }
                let mut expr = LinearExpr::empty();
                for (j, &c) in row.iter().enumerate().filter(|(_, c)| c.abs() >= 1e-12) {
                    expr.add(vars[j], c);
                }
                let rhs: f64 = row.iter().zip(&self.truth).map(|(c, t)| c * t).sum();
                lp.add_constraint(expr, ComparisonOp::Eq, rhs);
            }
            match lp.solve() {
                Ok(solution) if solution.objective().is_finite() => bounds[k] = solution.objective(),
                _ => return true,
            }
        }
        bounds[1] - bounds[0] < 1e-6 * scale.max(1.0)
    }
}

/// The unknowns (columns of `rows`, the coefficients of equations with known right-hand sides)
/// that the equations determine. `truth` holds the unknowns' values (the right-hand sides follow
/// from them) and `counts` which of them are never below zero.
///
/// Linear algebra alone misses what non-negativity gives a reader: an equation that adds unknowns
/// that cannot be negative with coefficients of one sign up to 0 makes each of them 0 (a + 2b = 0
/// gives a = b = 0). Such equations are looked for among the given and the reduced rows; what they
/// fix is fixed and the rest reduced again. After that, an unknown is determined when its pivot
/// row holds no other unknown. What this misses, [`System::pinned`] settles.
fn determined(given: Vec<Vec<f64>>, truth: &[f64], counts: &[bool]) -> Vec<usize> {
    let unknowns = truth.len();
    let mut zero = vec![false; unknowns];
    loop {
        let given: Vec<Vec<f64>> = given
            .iter()
            .map(|row| row.iter().enumerate().map(|(j, &v)| if zero[j] { 0.0 } else { v }).collect())
            .collect();
        let (rows, pivots) = reduce(given.clone(), unknowns);
        let mut more = false;
        for row in rows.iter().chain(&given) {
            let on: Vec<usize> = (0..unknowns).filter(|&j| row[j].abs() >= EPS).collect();
            let one_sign = on.iter().all(|&j| row[j] > 0.0) || on.iter().all(|&j| row[j] < 0.0);
            let rhs: f64 = on.iter().map(|&j| row[j] * truth[j]).sum();
            let scale: f64 = on.iter().map(|&j| (row[j] * truth[j]).abs()).sum::<f64>().max(1.0);
            if !on.is_empty() && one_sign && on.iter().all(|&j| counts[j]) && rhs.abs() < EPS * scale {
                for &j in &on {
                    more |= !zero[j];
                    zero[j] = true;
                }
            }
        }
        if !more {
            let mut out: Vec<usize> = pivots
                .into_iter()
                .filter(|&(r, c)| (0..unknowns).all(|j| j == c || rows[r][j].abs() < EPS))
                .map(|(_, c)| c)
                .chain((0..unknowns).filter(|&j| zero[j]))
                .collect();
            out.sort();
            out.dedup();
            return out;
        }
    }
}

const EPS: f64 = 1e-9;

/// The most candidates whose pairs are tried together.
const PAIRS_UP_TO: usize = 16;

/// Gauss–Jordan elimination: the reduced rows and each pivot (row, column).
fn reduce(mut rows: Vec<Vec<f64>>, unknowns: usize) -> (Vec<Vec<f64>>, Vec<(usize, usize)>) {
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..unknowns {
        let Some(p) = (r..rows.len()).max_by(|&a, &b| rows[a][c].abs().total_cmp(&rows[b][c].abs())) else { break };
        if rows[p][c].abs() < EPS {
            continue;
        }
        rows.swap(r, p);
        let lead = rows[r][c];
        for v in rows[r].iter_mut() {
            *v /= lead;
        }
        for i in 0..rows.len() {
            if i != r && rows[i][c].abs() >= EPS {
                let f = rows[i][c];
                let pivot_row = rows[r].clone();
                for (v, p) in rows[i].iter_mut().zip(pivot_row) {
                    *v -= f * p;
                }
            }
        }
        pivots.push((r, c));
        r += 1;
    }
    (rows, pivots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{by, mean, share, total};
    use std::collections::BTreeMap;

    /// A KPI of projects: hidden below 3 by default.
    const X: KpiId = KpiId::RdProjectsAdopted;

    fn count(id: KpiId, b: BTreeMap<Dimension, Dim>, n: u64) -> Kpi {
        total(id, Some(2023), b, n as f64, n)
    }

    fn program(p: &str) -> BTreeMap<Dimension, Dim> {
        by(Dimension::Program, Dim::Text(p.into()))
    }

    fn at(k: u64) -> StatisticsOptions {
        StatisticsOptions { min_cell_size: Some(k), ..StatisticsOptions::default() }
    }

    #[test]
    fn one_small_cell_takes_the_next_smallest_with_it() {
        let mut k = vec![
            count(X, BTreeMap::new(), 30),
            count(X, program("a"), 2),
            count(X, program("b"), 8),
            count(X, program("c"), 20),
        ];
        suppress(&mut k, &StatisticsOptions::default(), &Catalogue::BUILTIN);
        let hidden: Vec<bool> = k.iter().map(|k| k.suppressed).collect();
        assert_eq!(hidden, [false, true, true, false]);
        assert_eq!((k[1].value, k[1].n), (None, None));
        assert_eq!(k[3].value, Some(20.0));
    }

    #[test]
    fn a_lone_small_cell_hides_the_total() {
        let mut k = vec![count(X, BTreeMap::new(), 2), count(X, program("a"), 2)];
        suppress(&mut k, &StatisticsOptions::default(), &Catalogue::BUILTIN);
        assert!(k.iter().all(|k| k.suppressed));
        let mut k = vec![count(X, BTreeMap::new(), 7), count(X, program("a"), 2), count(X, program("b"), 0)];
        suppress(&mut k, &StatisticsOptions::default(), &Catalogue::BUILTIN);
        // b is empty (n = 0): not sensitive, and no partner; so the total goes.
        assert_eq!(k.iter().map(|k| k.suppressed).collect::<Vec<_>>(), [true, true, false]);
    }

    #[test]
    fn each_unit_has_its_threshold_and_an_organisations_own_totals_are_shown() {
        // Three projects are shown; three respondents are not; four trainees' courses always are.
        let mut k = vec![
            count(X, BTreeMap::new(), 3),
            count(KpiId::TrainingSatisfactionAnswers, BTreeMap::new(), 3),
            count(KpiId::TrainingTrainees, BTreeMap::new(), 4),
        ];
        suppress(&mut k, &StatisticsOptions::default(), &Catalogue::BUILTIN);
        assert_eq!(k.iter().map(|k| k.suppressed).collect::<Vec<_>>(), [false, true, false]);
        // One threshold for all, as older option files give it; 1 is off; internal mode is off.
        let mut k = vec![count(X, BTreeMap::new(), 3), count(X, program("a"), 3)];
        suppress(&mut k, &at(5), &Catalogue::BUILTIN);
        assert!(k.iter().all(|k| k.suppressed));
        let mut k = vec![count(X, BTreeMap::new(), 2), count(X, program("a"), 2)];
        suppress(&mut k, &at(1), &Catalogue::BUILTIN);
        assert!(k.iter().all(|k| !k.suppressed));
        let internal = StatisticsOptions {
            mode: mdkpi_contract::options::StatisticsMode::Internal,
            ..StatisticsOptions::default()
        };
        suppress(&mut k, &internal, &Catalogue::BUILTIN);
        assert!(k.iter().all(|k| !k.suppressed));
    }

    /// The leak: 「2 不満」 hidden, 1, 3, 4 shown, 満足以上 64% of 50 and the mean 3.84 shown
    /// gave 5 = 13 and 2 = 3.
    #[test]
    fn a_hidden_answer_cannot_be_worked_out_from_the_share_and_the_mean() {
        const A: KpiId = KpiId::TrainingSatisfactionAnswers;
        let level = |l: i64, n: u64| count(A, by(Dimension::Answer, Dim::Int(l)), n);
        let mut k = vec![
            count(A, BTreeMap::new(), 50),
            level(1, 0),
            level(2, 3),
            level(3, 15),
            level(4, 19),
            level(5, 13),
            share(KpiId::TrainingSatisfactionTop2Share, Some(2023), BTreeMap::new(), 32, 50),
            mean(KpiId::TrainingSatisfactionMean, Some(2023), BTreeMap::new(), 192.0, 50),
        ];
        let n: Vec<u64> = k.iter().map(|k| k.n.unwrap_or(0)).collect();
        let value: Vec<f64> = k.iter().map(|k| k.value.unwrap_or(0.0)).collect();
        suppress(&mut k, &StatisticsOptions::default(), &Catalogue::BUILTIN);
        let hidden: Vec<usize> = (0..k.len()).filter(|&i| k[i].suppressed).collect();
        assert!(hidden.contains(&2), "{hidden:?}");
        // What is left determines no hidden answer.
        let families = families(&k, &places(&k));
        let mut copy = k.clone();
        let t = Table { kpis: &mut copy, n, value, groups: Vec::new(), member_of: vec![Vec::new(); 8] };
        assert!(families.iter().all(|f| t.exposed(f, &[]).is_empty()));
        // The least that does it: the empty 1 and the 3 beside it (1 + 2 + 3 = 18, and with the
        // mean 1 + 2×2 + 3×3 = 51: two equations, three unknowns). Not the 5, which the top-2
        // share would pin; not the mean, a headline.
        assert_eq!(hidden, [1, 2, 3]);
        // The group's n, its top-2 share and its mean stay: the headlines survive.
        assert!(!k[0].suppressed && !k[6].suppressed && !k[7].suppressed, "{hidden:?}");
    }

    #[test]
    fn elimination_tells_determined_unknowns_from_free_ones() {
        // x + y = a, y = b: both determined. x + y = a alone: neither.
        assert_eq!(determined(vec![vec![1.0, 1.0], vec![0.0, 1.0]], &[1.0, 2.0], &[true; 2]), [0, 1]);
        assert!(determined(vec![vec![1.0, 1.0]], &[1.0, 2.0], &[true; 2]).is_empty());
        // x + y + z = a, y + z = b: x determined, y and z not.
        assert_eq!(determined(vec![vec![1.0, 1.0, 1.0], vec![0.0, 1.0, 1.0]], &[1.0, 2.0, 3.0], &[true; 3]), [0]);
        // Counts: x + y + z = 1 and x + 2y + 3z = 1 leave y + 2z = 0, so y = z = 0 and x = 1.
        let rows = vec![vec![1.0, 1.0, 1.0], vec![1.0, 2.0, 3.0]];
        assert_eq!(determined(rows.clone(), &[1.0, 0.0, 0.0], &[true; 3]), [0, 1, 2]);
        // Not when y may be negative, nor when the sum is not 0.
        assert!(determined(rows.clone(), &[1.0, 0.0, 0.0], &[true, false, true]).is_empty());
        assert!(determined(rows, &[2.0, -2.0, 1.0], &[true, false, true]).is_empty());
    }
}

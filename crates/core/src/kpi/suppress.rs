//! Small-cell suppression: figures built from a few units can identify a company, a hub or a
//! respondent, so cells with 0 < n < k are hidden (value, numerator, denominator, n and interval),
//! and marked `suppressed`.
//!
//! Suppression is complementary: in each group of cells that add up to a published total (the
//! cells of one breakdown dimension of one KPI and year, or one line of the transition matrix), a
//! single hidden cell could be recovered by subtraction, so the next-smallest non-empty cell is
//! hidden too, or, when there is none, the total. This repeats until no group has exactly one.

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Dimension, KpiId};
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

/// A group of cells that partition one total: (id, year, the varying dimension, the fixed ones).
type GroupKey = (KpiId, Option<i32>, Dimension, Vec<(Dimension, Dim)>);

/// Hides the cells with 0 < n < `min_cell_size`, then complementary cells. `min_cell_size` ≤ 1
/// turns suppression off.
pub fn suppress(kpis: &mut [Kpi], min_cell_size: u64) {
    if min_cell_size <= 1 {
        return;
    }
    // The units behind each figure, before anything is hidden.
    let n: Vec<u64> = kpis.iter().map(|k| k.n.unwrap_or(0)).collect();
    for (k, &n) in kpis.iter_mut().zip(&n) {
        if n > 0 && n < min_cell_size {
            hide(k);
        }
    }
    let mut totals: BTreeMap<(KpiId, Option<i32>), usize> = BTreeMap::new();
    let mut groups: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
    for (i, k) in kpis.iter().enumerate() {
        if k.breakdown.is_empty() {
            totals.insert((k.id, k.fiscal_year), i);
            continue;
        }
        for &varying in k.breakdown.keys() {
            let fixed: Vec<(Dimension, Dim)> =
                k.breakdown.iter().filter(|(d, _)| **d != varying).map(|(d, v)| (*d, v.clone())).collect();
            groups.entry((k.id, k.fiscal_year, varying, fixed)).or_default().push(i);
        }
    }
    loop {
        let mut changed = false;
        for ((id, fy, _, fixed), cells) in &groups {
            let hidden = cells.iter().filter(|&&i| kpis[i].suppressed && n[i] > 0).count();
            if hidden != 1 {
                continue;
            }
            // A line of the matrix has no total of its own here, but its total is published
            // elsewhere (the stage-up denominator), so it is protected as if it had one.
            let total = if fixed.is_empty() { totals.get(&(*id, *fy)).copied() } else { None };
            if total.is_some_and(|t| kpis[t].suppressed) {
                continue;
            }
            let partner = cells.iter().copied().filter(|&i| !kpis[i].suppressed && n[i] > 0).min_by_key(|&i| n[i]);
            match partner.or(total) {
                Some(i) => {
                    hide(&mut kpis[i]);
                    changed = true;
                }
                None => continue,
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{by, total};
    use std::collections::BTreeMap;

    const X: KpiId = KpiId::TrainingTrainees;

    fn count(id: KpiId, b: BTreeMap<Dimension, Dim>, n: u64) -> Kpi {
        total(id, Some(2023), b, n as f64, n)
    }

    fn program(p: &str) -> BTreeMap<Dimension, Dim> {
        by(Dimension::Program, Dim::Text(p.into()))
    }

    #[test]
    fn one_small_cell_takes_the_next_smallest_with_it() {
        let mut k = vec![
            count(X, BTreeMap::new(), 30),
            count(X, program("a"), 2),
            count(X, program("b"), 8),
            count(X, program("c"), 20),
        ];
        suppress(&mut k, 5);
        let hidden: Vec<bool> = k.iter().map(|k| k.suppressed).collect();
        assert_eq!(hidden, [false, true, true, false]);
        assert_eq!((k[1].value, k[1].n), (None, None));
        assert_eq!(k[3].value, Some(20.0));
    }

    #[test]
    fn a_lone_small_cell_hides_the_total() {
        let mut k = vec![count(X, BTreeMap::new(), 3), count(X, program("a"), 3)];
        suppress(&mut k, 5);
        assert!(k.iter().all(|k| k.suppressed));
        let mut k = vec![count(X, BTreeMap::new(), 7), count(X, program("a"), 3), count(X, program("b"), 0)];
        suppress(&mut k, 5);
        // b is empty (n = 0): not sensitive, and no partner; so the total goes.
        assert_eq!(k.iter().map(|k| k.suppressed).collect::<Vec<_>>(), [true, true, false]);
    }

    #[test]
    fn two_small_cells_protect_each_other_and_k_1_is_off() {
        let mut k = vec![
            count(X, BTreeMap::new(), 40),
            count(X, program("a"), 2),
            count(X, program("b"), 3),
            count(X, program("c"), 35),
        ];
        suppress(&mut k, 5);
        assert_eq!(k.iter().map(|k| k.suppressed).collect::<Vec<_>>(), [false, true, true, false]);
        let mut k = vec![count(X, BTreeMap::new(), 3), count(X, program("a"), 3)];
        suppress(&mut k, 1);
        assert!(k.iter().all(|k| !k.suppressed));
    }
}

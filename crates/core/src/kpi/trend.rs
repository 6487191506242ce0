//! Year on year. The plan sets no numeric targets: the aim is a KPI that improves each year, and
//! the research report recommends relative targets built from several years of results. For each
//! series (one KPI id and breakdown cell) with two or more years: the previous value, the delta,
//! the direction, whether that is an improvement (by the catalogue's better direction), for shares
//! a two-proportion test, and a target for next year: the best of the last three years.

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Better, Catalogue, Dimension, KpiKey, Unit};
use mdkpi_contract::results::{Dim, Direction, Kpi, Target, TargetMethod};

/// Two-sided p value of the pooled two-proportion z-test.
pub fn two_proportion_p(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<f64> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    if se == 0.0 {
        // Both years 0% or both 100%: no difference to test.
        return Some(1.0);
    }
    let z = (p2 - p1) / se;
    Some(statrs::function::erf::erfc(z.abs() / std::f64::consts::SQRT_2))
}

/// One series: a KPI id and one breakdown cell, across years.
type SeriesKey = (KpiKey, Vec<(Dimension, Dim)>);

/// `catalogue` says each KPI's better direction; a KPI it does not know is not compared.
pub fn compare_years(kpis: &mut [Kpi], catalogue: &Catalogue) {
    let mut series: BTreeMap<SeriesKey, Vec<usize>> = BTreeMap::new();
    for (i, k) in kpis.iter().enumerate() {
        if k.fiscal_year.is_some() {
            let cell: Vec<(Dimension, Dim)> = k.breakdown.iter().map(|(d, v)| (*d, v.clone())).collect();
            series.entry((k.id, cell)).or_default().push(i);
        }
    }
    for ((id, _), mut idx) in series {
        idx.sort_by_key(|&i| kpis[i].fiscal_year);
        let Some(def) = catalogue.def(id) else { continue };
        let (better, is_share) = (def.better, def.unit == Unit::Share);
        // A change is made only with the year just before in the series. When that year is hidden,
        // its year is named and nothing else: a delta across it, or with the year before it, would
        // let a reader work the hidden value out (or read "前年" as two years back).
        for w in 1..idx.len() {
            let (prev_i, cur_i) = (idx[w - 1], idx[w]);
            let (prev, cur) = (kpis[prev_i].clone(), &mut kpis[cur_i]);
            let Some(c) = cur.value else { continue };
            cur.previous_fiscal_year = prev.fiscal_year;
            let Some(p) = prev.value else { continue };
            let delta = c - p;
            let direction = if delta.abs() <= 1e-12 * p.abs().max(1.0) {
                Direction::Flat
            } else if delta > 0.0 {
                Direction::Up
            } else {
                Direction::Down
            };
            cur.previous = Some(p);
            cur.delta = Some(delta);
            cur.direction = Some(direction);
            cur.improved = match better {
                Better::Higher => Some(direction == Direction::Up),
                Better::Lower => Some(direction == Direction::Down),
                Better::Neither => None,
            };
            if is_share {
                if let (Some(x1), Some(n1), Some(x2), Some(n2)) =
                    (prev.numerator, prev.denominator, cur.numerator, cur.denominator)
                {
                    cur.p_value = two_proportion_p(x1, n1, x2, n2);
                }
            }
        }
        // The target is the best visible value: hidden years take no part.
        let visible: Vec<usize> = idx.into_iter().filter(|&i| kpis[i].value.is_some()).collect();
        for w in 1..visible.len() {
            let recent = &visible[w.saturating_sub(2)..=w];
            let values = recent.iter().filter_map(|&i| kpis[i].value);
            let best = match better {
                Better::Higher => values.fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.max(v)))),
                Better::Lower => values.fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.min(v)))),
                Better::Neither => None,
            };
            kpis[visible[w]].target_next = best.map(|value| Target { value, method: TargetMethod::BestOfLast3Years });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::share;
    use mdkpi_contract::catalogue::KpiId;
    use std::collections::BTreeMap;

    #[test]
    fn two_proportion_test_matches_reference_values() {
        // 30/100 vs 45/100: z = 2.191, p = 0.0285 (R: prop.test(c(30,45), c(100,100), correct=FALSE)).
        let p = two_proportion_p(30, 100, 45, 100).unwrap();
        assert!((p - 0.028_45).abs() < 1e-4, "{p}");
        assert_eq!(two_proportion_p(0, 10, 0, 12), Some(1.0));
        assert_eq!(two_proportion_p(1, 0, 1, 2), None);
    }

    #[test]
    fn series_get_previous_delta_direction_and_target() {
        let year = |fy, x, n| share(KpiId::RdStageUpShare, Some(fy), BTreeMap::new(), x, n);
        let mut k = vec![year(2021, 30, 100), year(2022, 45, 100), year(2023, 40, 100), year(2024, 40, 100)];
        compare_years(&mut k, &Catalogue::BUILTIN);
        assert_eq!(k[0].previous, None);
        assert_eq!(k[1].previous, Some(0.30));
        assert_eq!(k[1].direction, Some(Direction::Up));
        assert_eq!(k[1].improved, Some(true));
        assert!((k[1].delta.unwrap() - 0.15).abs() < 1e-12);
        assert_eq!(k[2].direction, Some(Direction::Down));
        assert_eq!(k[2].improved, Some(false));
        assert_eq!(k[3].direction, Some(Direction::Flat));
        assert_eq!(k[3].improved, Some(false));
        assert!(k[1].p_value.unwrap() < 0.05);
        // Best of the last three years: 2022's 45% still leads in 2024.
        assert_eq!(k[3].target_next.as_ref().map(|t| t.value), Some(0.45));
        assert_eq!(k[3].target_next.as_ref().map(|t| t.method), Some(TargetMethod::BestOfLast3Years));
    }

    #[test]
    fn a_hidden_previous_year_is_named_and_nothing_is_compared_across_it() {
        let year = |fy, x, n| share(KpiId::RdStageUpShare, Some(fy), BTreeMap::new(), x, n);
        let mut k = vec![year(2021, 30, 100), year(2022, 45, 100), year(2023, 40, 100)];
        k[1].value = None;
        compare_years(&mut k, &Catalogue::BUILTIN);
        assert_eq!(k[2].previous_fiscal_year, Some(2022));
        assert_eq!((k[2].previous, k[2].delta, k[2].direction, k[2].improved), (None, None, None, None));
        assert_eq!(k[2].p_value, None);
        // A hidden year gets no comparison either.
        assert_eq!((k[1].previous_fiscal_year, k[1].delta), (None, None));
    }
}

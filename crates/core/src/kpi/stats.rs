//! Interval estimates for shares.

/// z for a two-sided 95% interval (the normal quantile at 0.975).
const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score interval for `successes` of `trials` at 95%. `None` when there are no trials.
///
/// Wilson rather than the textbook Wald interval because our groups are small (a stage with a
/// dozen themes) and shares near 0 or 1 are common: Wald collapses to zero width there.
///
/// ```
/// use mdkpi_core::kpi::stats::wilson95;
/// let (lo, hi) = wilson95(51, 186).unwrap();
/// assert!((lo - 0.2151).abs() < 1e-4 && (hi - 0.3424).abs() < 1e-4);
/// assert_eq!(wilson95(0, 0), None);
/// ```
pub fn wilson95(successes: u64, trials: u64) -> Option<(f64, f64)> {
    if trials == 0 || successes > trials {
        return None;
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // Clamp the rounding error at the ends: with 0 successes the lower bound is exactly 0.
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_published_values() {
        // Reference values from the closed form (e.g. R's prop.test without continuity correction).
        let (lo, hi) = wilson95(5, 10).unwrap();
        assert!((lo - 0.236_593).abs() < 1e-6, "{lo}");
        assert!((hi - 0.763_407).abs() < 1e-6, "{hi}");
        let (lo, hi) = wilson95(0, 20).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.161_125).abs() < 1e-6, "{hi}");
        let (lo, hi) = wilson95(20, 20).unwrap();
        assert!((lo - 0.838_875).abs() < 1e-6, "{lo}");
        assert_eq!(hi, 1.0);
    }

    #[test]
    fn no_interval_without_trials() {
        assert_eq!(wilson95(0, 0), None);
        assert_eq!(wilson95(3, 2), None);
    }
}

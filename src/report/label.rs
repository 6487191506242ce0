//! How figures are written for people: 和暦 fiscal-year labels and percentages. Pure functions, so the
//! page, exports and tests all write a figure the same way.
//!
//! ```
//! use mdkpi::report::label::{fiscal_year_label, percent};
//! assert_eq!(fiscal_year_label(Some(2023)), "令和5年度 (FY2023)");
//! assert_eq!(fiscal_year_label(Some(2019)), "令和元年度 (FY2019)");
//! assert_eq!(percent(Some(0.2742)), "27.4%");
//! ```

use std::collections::BTreeMap;

use crate::kpi::Dim;

/// 令和5年度 for 2023. Fiscal years start in April, so FY2019 (from April 2019) is wholly 令和.
pub fn fiscal_year_ja(fy: i32) -> String {
    let (era, n) = match fy {
        2019.. => ("令和", fy - 2018),
        1989..=2018 => ("平成", fy - 1988),
        _ => return format!("{fy}年度"),
    };
    if n == 1 {
        format!("{era}元年度")
    } else {
        format!("{era}{n}年度")
    }
}

/// `令和5年度 (FY2023)`, or the label for a measurement without a survey year.
pub fn fiscal_year_label(fy: Option<i32>) -> String {
    match fy {
        Some(fy) => format!("{} (FY{fy})", fiscal_year_ja(fy)),
        None => "年度なし (single measurement)".to_owned(),
    }
}

/// A share as a percentage with one decimal, as the research report writes them; "—" for none.
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "—".to_owned(),
    }
}

/// `12.3–45.6%` for an interval of shares.
pub fn percent_range(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("{:.1}–{:.1}%", lo * 100.0, hi * 100.0),
        None => "—".to_owned(),
    }
}

/// The `data-breakdown` attribute of a displayed figure: the breakdown as compact JSON (`{}` for the
/// total), exactly as in the results JSON, so tests can join the two.
pub fn breakdown_attr(breakdown: &BTreeMap<&'static str, Dim>) -> String {
    serde_json::to_string(breakdown).unwrap_or_else(|_| "{}".to_owned())
}

/// The `data-fiscal-year` attribute: the year, or empty for `null`.
pub fn fiscal_year_attr(fy: Option<i32>) -> String {
    fy.map(|y| y.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::by;

    #[test]
    fn era_labels() {
        assert_eq!(fiscal_year_ja(2018), "平成30年度");
        assert_eq!(fiscal_year_ja(1989), "平成元年度");
        assert_eq!(fiscal_year_ja(2019), "令和元年度");
        assert_eq!(fiscal_year_ja(2024), "令和6年度");
        assert_eq!(fiscal_year_ja(1985), "1985年度");
        assert_eq!(fiscal_year_label(None), "年度なし (single measurement)");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(Some(0.118)), "11.8%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(None), "—");
        assert_eq!(percent_range(Some([0.0, 0.16112])), "0.0–16.1%");
    }

    #[test]
    fn attributes_match_results_json() {
        assert_eq!(breakdown_attr(&BTreeMap::new()), "{}");
        assert_eq!(breakdown_attr(&by("adoption_stage", Dim::Int(2))), r#"{"adoption_stage":2}"#);
        assert_eq!(fiscal_year_attr(Some(2023)), "2023");
        assert_eq!(fiscal_year_attr(None), "");
    }
}

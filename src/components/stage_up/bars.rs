//! The stage-up rates by stage at adoption as bars, a series per survey year, and their description.

use mdkpi_contract::label::{fiscal_year_in, fiscal_year_label, percent, percent_range};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Kpi, Results};
use yew::AttrValue;

use super::rows::{bar_label, category, count, rows_for_year, shown};
use crate::charts::{Axis, AxisLabel, BarDatum, BarSeries, ChartOption, DatumText, NameTextStyle, Series, SeriesLabel};
use crate::components::kpi::query_of;

/// The chart's words and its description (`summary`) follow `lang`.
pub fn chart_option(results: &Results, lang: Lang, years: &[Option<i32>]) -> (AttrValue, AttrValue) {
    let categories: Vec<String> = years
        .last()
        .map(|fy| rows_for_year(results, *fy).into_iter().map(|k| category(lang, k)).collect())
        .unwrap_or_default();
    let series = years
        .iter()
        .map(|&fy| {
            let label = fiscal_year_in(lang, fy);
            let data = rows_for_year(results, fy)
                .into_iter()
                .map(|k| BarDatum {
                    drill: serde_json::to_string(&query_of(k)).ok(),
                    value: k.value.map(|v| (v * 1000.0).round() / 10.0),
                    label: DatumText { formatter: bar_label(lang, k) },
                    tooltip: DatumText {
                        formatter: format!(
                            "{label}\n{}: {} ({}/{})\n95%CI {}",
                            category(lang, k),
                            shown(lang, k),
                            count(k.numerator),
                            count(k.denominator),
                            percent_range(k.ci95)
                        ),
                    },
                })
                .collect();
            Series::Bar(BarSeries {
                kind: "bar",
                name: label,
                data,
                label: SeriesLabel { show: true, position: "top" },
                stack: None,
                color: None,
            })
        })
        .collect();
    let summary = summary(results, lang, years);
    let y = Axis {
        kind: "value",
        name: Some(lang.t("ステージアップ率 (%)", "stage-up rate (%)").into()),
        name_text_style: Some(NameTextStyle { align: "left" }),
        min: Some(0.0),
        max: Some(100.0),
        axis_label: Some(AxisLabel { formatter: "{value}%".into(), ..AxisLabel::default() }),
        ..Axis::default()
    };
    let option = ChartOption::bars(summary.clone(), categories, y, series);
    (option.to_json(), AttrValue::from(summary))
}

/// The chart's text alternative: the latest year's total, and the highest and lowest stage.
fn summary(results: &Results, lang: Lang, years: &[Option<i32>]) -> String {
    let Some(&fy) = years.last() else {
        return lang.t("ステージアップ率: データがありません。", "Stage-up rate: no data.").to_owned();
    };
    let rows = rows_for_year(results, fy);
    let mut text = lang.t(
        format!("ステージアップ率、{}。", fiscal_year_label(fy)),
        format!("Stage-up rate, {}.", fiscal_year_in(lang, fy)),
    );
    if let Some(total) = rows.iter().find(|k| k.breakdown.is_empty()) {
        let (value, n) = (shown(lang, total), count(total.n));
        text += &lang.t(format!("全体 {value}（n={n}）。"), format!(" All {value} (n={n})."));
    }
    let stages: Vec<&Kpi> = rows.iter().copied().filter(|k| !k.breakdown.is_empty() && k.value.is_some()).collect();
    let by_value = |a: &&&Kpi, b: &&&Kpi| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal);
    if let (Some(hi), Some(lo)) = (stages.iter().max_by(by_value), stages.iter().min_by(by_value)) {
        let (hi, hi_value, lo, lo_value) =
            (category(lang, hi), percent(hi.value), category(lang, lo), percent(lo.value));
        text += &lang.t(
            format!("採択時ステージ別の最高は {hi}（{hi_value}）、最低は {lo}（{lo_value}）。"),
            format!(" By stage at adoption, the highest is {hi} ({hi_value}), the lowest {lo} ({lo_value})."),
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use mdkpi_contract::catalogue::{Dimension, KpiId};
    use mdkpi_contract::results::Dim;
    use mdkpi_contract::sample;

    use super::super::rows::years;
    use super::*;

    fn rate(fy: i32, stage: Option<i64>, value: Option<f64>, n: Option<u64>) -> Kpi {
        let breakdown: BTreeMap<Dimension, Dim> =
            stage.map(|s| (Dimension::AdoptionStage, Dim::Int(s))).into_iter().collect();
        Kpi { value, n, suppressed: value.is_none(), ..Kpi::new(KpiId::RdStageUpShare, Some(fy), breakdown) }
    }

    fn results(kpis: Vec<Kpi>) -> Results {
        Results { kpis, ..sample::payload().results }
    }

    #[test]
    fn the_latest_year_gives_the_total_and_the_highest_and_lowest_stage() {
        let r = results(vec![
            rate(2022, None, Some(0.9), Some(10)),
            rate(2022, Some(1), Some(0.9), Some(5)),
            rate(2023, Some(2), Some(0.5), Some(10)),
            rate(2023, None, Some(0.25), Some(40)),
            rate(2023, Some(1), Some(0.1), Some(10)),
            rate(2023, Some(3), None, None),
            rate(2023, Some(4), Some(0.3), Some(10)),
        ]);
        assert_eq!(
            summary(&r, Lang::Ja, &years(&r)),
            "ステージアップ率、令和5年度 (FY2023)。全体 25.0%（n=40）。\
             採択時ステージ別の最高は 2 製品開発（50.0%）、最低は 1 基礎研究（10.0%）。"
        );
        assert_eq!(
            summary(&r, Lang::En, &years(&r)),
            "Stage-up rate, FY2023. All 25.0% (n=40). By stage at adoption, the highest is 2 product \
             development (50.0%), the lowest 1 basic research (10.0%)."
        );
    }

    #[test]
    fn a_hidden_total_says_so() {
        let r = results(vec![rate(2023, None, None, None)]);
        assert_eq!(summary(&r, Lang::Ja, &years(&r)), "ステージアップ率、令和5年度 (FY2023)。全体 x（n=—）。");
    }

    #[test]
    fn no_rate_says_there_is_no_data() {
        let r = results(Vec::new());
        assert_eq!(summary(&r, Lang::Ja, &years(&r)), "ステージアップ率: データがありません。");
    }

    #[test]
    fn the_samples_description_is_of_its_latest_total() {
        let r = sample::payload().results;
        let ys = years(&r);
        let latest = ys.last().copied().flatten();
        let total = r
            .kpis
            .iter()
            .find(|k| k.id == KpiId::RdStageUpShare && k.fiscal_year == latest && k.breakdown.is_empty())
            .expect("the sample has a stage-up total");
        let text = summary(&r, Lang::Ja, &ys);
        assert!(text.starts_with(&format!("ステージアップ率、{}。", fiscal_year_label(latest))), "{text}");
        assert!(text.contains(&format!("全体 {}（n={}）。", percent(total.value), count(total.n))), "{text}");
        assert!(text.contains("採択時ステージ別の最高は "), "{text}");
    }
}

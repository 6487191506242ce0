//! The stage-up rates by stage at adoption as bars, a series per survey year, and their description.

use mdkpi_contract::label::{fiscal_year_label, percent, percent_range};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Kpi, Results};
use yew::AttrValue;

use super::rows::{bar_label, category, count, rows_for_year, shown};
use crate::charts::{Axis, AxisLabel, BarDatum, BarSeries, ChartOption, DatumText, NameTextStyle, Series, SeriesLabel};
use crate::components::kpi::query_of;

/// The chart's own words follow `lang`; its description (`summary`) is Japanese.
pub fn chart_option(results: &Results, lang: Lang, years: &[Option<i32>]) -> (AttrValue, AttrValue) {
    let categories: Vec<String> = years
        .last()
        .map(|fy| rows_for_year(results, *fy).into_iter().map(|k| category(lang, k)).collect())
        .unwrap_or_default();
    let series = years
        .iter()
        .map(|&fy| {
            let label = fiscal_year_label(fy);
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
    let summary = summary(results, years);
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

/// The chart's text alternative (Japanese): the latest year's total, and the highest and lowest
/// stage.
fn summary(results: &Results, years: &[Option<i32>]) -> String {
    let Some(&fy) = years.last() else {
        return "ステージアップ率: データがありません。".to_owned();
    };
    let rows = rows_for_year(results, fy);
    let mut text = format!("ステージアップ率、{}。", fiscal_year_label(fy));
    if let Some(total) = rows.iter().find(|k| k.breakdown.is_empty()) {
        text += &format!("全体 {}（n={}）。", shown(Lang::Ja, total), count(total.n));
    }
    let stages: Vec<&Kpi> = rows.iter().copied().filter(|k| !k.breakdown.is_empty() && k.value.is_some()).collect();
    let by_value = |a: &&&Kpi, b: &&&Kpi| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal);
    if let (Some(hi), Some(lo)) = (stages.iter().max_by(by_value), stages.iter().min_by(by_value)) {
        text += &format!(
            "採択時ステージ別の最高は {}（{}）、最低は {}（{}）。",
            category(Lang::Ja, hi),
            percent(hi.value),
            category(Lang::Ja, lo),
            percent(lo.value)
        );
    }
    text
}

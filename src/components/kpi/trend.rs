//! The trend chart of a KPI's totals, and its description.

use mdkpi_contract::catalogue::{KpiDef, KpiId, Unit};
use mdkpi_contract::label::{self, fiscal_year_in, Money};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Direction, Kpi, Results};
use yew::prelude::*;

use crate::charts::{AreaStyle, Axis, ChartOption, EChart, LineSeries, LineStyle, Series, SeriesLabel};

/// The trend of a KPI's totals across years: the value, the 95% interval as a band (shares), and
/// next year's relative target as a dashed step. Shares are drawn in %, yen in the money unit chosen.
/// Its words, its description (`trend_summary`) and its footnote follow `lang`.
pub fn trend_chart(results: &Results, lang: Lang, def: &KpiDef, totals: &[&Kpi], money: Money) -> Option<Html> {
    let (unit, name) = (def.unit, lang.t(def.name_ja, def.name_en));
    let years: Vec<&Kpi> = totals.iter().copied().filter(|k| k.fiscal_year.is_some()).collect();
    if years.iter().filter(|k| k.value.is_some()).count() < 2 {
        return None;
    }
    let axis_name = match unit {
        Unit::Share => "%",
        Unit::Yen => lang.t(money.label().0, money.label().1),
        Unit::Count | Unit::Mean => "",
    };
    let (divisor, decimals) = money.scale();
    // Exactly the digits the table shows (same arithmetic and format), so chart and table agree.
    let round = |v: f64| -> f64 {
        let shown = match unit {
            Unit::Share => format!("{:.1}", v * 100.0),
            Unit::Yen => format!("{:.*}", decimals, v / divisor),
            Unit::Mean => format!("{v:.2}"),
            Unit::Count => format!("{:.0}", v),
        };
        shown.parse().unwrap_or(f64::NAN)
    };
    let mut categories: Vec<String> = years.iter().map(|k| fiscal_year_in(lang, k.fiscal_year)).collect();
    let mut values: Vec<Option<f64>> = years.iter().map(|k| k.value.map(round)).collect();
    let last = years.last()?;
    let mut target: Vec<Option<f64>> = vec![None; years.len()];
    if let (Some(t), Some(v), Some(fy)) = (&last.target_next, last.value, last.fiscal_year) {
        categories.push(format!("{}{}", fiscal_year_in(lang, Some(fy + 1)), lang.t("（目安）", " (guide)")));
        values.push(None);
        target[years.len() - 1] = Some(round(v));
        target.push(Some(round(t.value)));
    }
    let mut series = Vec::new();
    if unit == Unit::Share {
        let lo: Vec<Option<f64>> = years.iter().map(|k| k.ci95.map(|c| round(c[0]))).collect();
        let width: Vec<Option<f64>> = years.iter().map(|k| k.ci95.map(|c| round(c[1]) - round(c[0]))).collect();
        let hidden = || Some(LineStyle { opacity: 0.0, kind: "solid" });
        series.push(Series::Line(LineSeries {
            kind: "line",
            name: "95%CI下限".into(),
            data: lo,
            stack: Some("ci"),
            line_style: hidden(),
            symbol: Some("none"),
            ..LineSeries::default()
        }));
        series.push(Series::Line(LineSeries {
            kind: "line",
            name: lang.t("95%信頼区間", "95% CI").into(),
            data: width,
            stack: Some("ci"),
            area_style: Some(AreaStyle { opacity: 0.2 }),
            line_style: hidden(),
            symbol: Some("none"),
            ..LineSeries::default()
        }));
    }
    series.push(Series::Line(LineSeries {
        kind: "line",
        name: name.to_owned(),
        data: values,
        label: Some(SeriesLabel { show: true, position: "top" }),
        ..LineSeries::default()
    }));
    if target.iter().any(Option::is_some) {
        series.push(Series::Line(LineSeries {
            kind: "line",
            name: lang.t("次年度の目安（過去3年度の最良値）", "Next year's guide (best of the last 3 years)").into(),
            data: target,
            line_style: Some(LineStyle { opacity: 1.0, kind: "dashed" }),
            connect_nulls: true,
            ..LineSeries::default()
        }));
    }
    let summary = trend_summary(lang, unit, name, &years, money);
    // A mean on the 5-point satisfaction scale is drawn on that scale: from 0 it would flatten
    // every change and suggest a floor that no answer can reach.
    let (min, max) = if def.id == KpiId::TrainingSatisfactionMean { (Some(1.0), Some(5.0)) } else { (None, None) };
    let y = Axis {
        kind: "value",
        name: (!axis_name.is_empty()).then(|| axis_name.to_owned()),
        min,
        max,
        ..Axis::default()
    };
    let mut option = ChartOption::lines(summary.clone(), categories, y, series);
    // The band's invisible lower edge is drawing machinery, not a series to toggle.
    option.legend.data = Some(
        option
            .series
            .iter()
            .filter_map(|s| match s {
                Series::Line(l) if l.name != "95%CI下限" => Some(l.name.clone()),
                _ => None,
            })
            .collect(),
    );
    let option = option.to_json();
    let first = years.first()?;
    let (from, to) = (fiscal_year_in(lang, first.fiscal_year), fiscal_year_in(lang, last.fiscal_year));
    let mut detail = lang.t(format!("{from}〜{to}"), format!("{from}–{to}"));
    let sep = lang.t("・", " · ");
    if let Some(n) = last.n {
        let counts = label::n_counts_in(lang, def.kind);
        detail += &lang.t(format!("・n={n}（{to}）・{counts}"), format!(" · n={n} ({to}) · {counts}"));
    }
    if unit == Unit::Share {
        detail += sep;
        detail += lang.t("帯は95%信頼区間（Wilson）", "the band is the 95% CI (Wilson)");
    }
    if last.target_next.is_some() {
        detail += sep;
        detail += lang.t("目安は過去3年度の最良値", "the guide is the best of the last 3 years");
    }
    let footnote = label::footnote_in(lang, results, def.kind, &detail);
    // The unit in the title, so that a chart pasted on a slide says what it counts.
    let title = match label::measure_unit(def, money.label()) {
        Some((ja, en)) => lang.t(format!("{name}（{ja}）の推移"), format!("{name} ({en}): trend")),
        None => lang.t(format!("{name}の推移"), format!("{name}: trend")),
    };
    Some(html! {
        <EChart option={option} summary={AttrValue::from(summary)} name={AttrValue::from(format!("trend-{}", last.id))}
                title={AttrValue::from(title)} footnote={AttrValue::from(footnote)} />
    })
}

/// A trend in words, for the chart's description: first and last value, the highest and lowest
/// years, the change from last year and the years whose figure is hidden.
pub fn trend_summary(lang: Lang, unit: Unit, name: &str, years: &[&Kpi], money: Money) -> String {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return lang.t(format!("{name}: データがありません。"), format!("{name}: no data."));
    };
    let fy = |k: &Kpi| fiscal_year_in(lang, k.fiscal_year);
    let value = |k: &Kpi| label::value_lang(lang, unit, k.value, money);
    let mut text = lang.t(
        format!("{name}の推移: {} {} から {} {}。", fy(first), value(first), fy(last), value(last)),
        format!("{name}, trend: from {} in {} to {} in {}. ", value(first), fy(first), value(last), fy(last)),
    );
    let shown: Vec<&&Kpi> = years.iter().filter(|k| k.value.is_some()).collect();
    let by_value = |a: &&&Kpi, b: &&&Kpi| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal);
    if let (Some(hi), Some(lo)) = (shown.iter().copied().max_by(by_value), shown.iter().copied().min_by(by_value)) {
        if shown.len() > 2 {
            text += &lang.t(
                format!("最高は {}（{}）、最低は {}（{}）。", value(hi), fy(hi), value(lo), fy(lo)),
                format!("Highest {} ({}), lowest {} ({}). ", value(hi), fy(hi), value(lo), fy(lo)),
            );
        }
    }
    if let Some(d) = last.delta {
        let d = label::delta_lang(lang, unit, d, money);
        text += &lang.t(format!("前年度比 {d}"), format!("Change on the year before {d}"));
        text += match last.improved {
            Some(true) => lang.t("（改善）。", " (better). "),
            Some(false) if last.direction != Some(Direction::Flat) => lang.t("（悪化）。", " (worse). "),
            _ => lang.t("。", ". "),
        };
    }
    let hidden: Vec<String> = years.iter().filter(|k| k.suppressed).map(|k| fy(k)).collect();
    if !hidden.is_empty() {
        text += &lang.t(
            format!("{}（非表示）: {}。", label::HIDDEN, hidden.join("、")),
            format!("{} (hidden): {}.", label::HIDDEN, hidden.join(", ")),
        );
    }
    lang.t(text.clone(), text.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdkpi_contract::catalogue::KpiId;

    fn year(fy: i32, value: Option<f64>) -> Kpi {
        Kpi { value, ..Kpi::new(KpiId::RdStageUpShare, Some(fy), Default::default()) }
    }

    fn changed(k: Kpi, delta: f64, direction: Direction, improved: bool) -> Kpi {
        Kpi { delta: Some(delta), direction: Some(direction), improved: Some(improved), ..k }
    }

    #[test]
    fn no_year_says_there_is_no_data() {
        assert_eq!(trend_summary(Lang::Ja, Unit::Share, "率", &[], Money::Auto), "率: データがありません。");
    }

    #[test]
    fn one_year_goes_from_and_to_its_value() {
        let k = year(2023, Some(0.5));
        assert_eq!(
            trend_summary(Lang::Ja, Unit::Share, "率", &[&k], Money::Auto),
            "率の推移: 令和5年度 (FY2023) 50.0% から 令和5年度 (FY2023) 50.0%。"
        );
    }

    #[test]
    fn two_years_give_the_change_without_highest_and_lowest() {
        let (a, b) = (year(2022, Some(10.0)), changed(year(2023, Some(12.0)), 2.0, Direction::Up, true));
        assert_eq!(
            trend_summary(Lang::Ja, Unit::Count, "数", &[&a, &b], Money::Auto),
            "数の推移: 令和4年度 (FY2022) 10 から 令和5年度 (FY2023) 12。前年度比 +2（改善）。"
        );
    }

    #[test]
    fn several_years_give_the_highest_the_lowest_and_a_worse_change() {
        let (a, b) = (year(2021, Some(0.4)), year(2022, Some(0.6)));
        let c = changed(year(2023, Some(0.5)), -0.1, Direction::Down, false);
        assert_eq!(
            trend_summary(Lang::Ja, Unit::Share, "率", &[&a, &b, &c], Money::Auto),
            "率の推移: 令和3年度 (FY2021) 40.0% から 令和5年度 (FY2023) 50.0%。\
             最高は 60.0%（令和4年度 (FY2022)）、最低は 40.0%（令和3年度 (FY2021)）。前年度比 −10.0pt（悪化）。"
        );
    }

    #[test]
    fn in_english_the_years_are_fiscal_years_and_the_words_english() {
        let (a, b) = (year(2022, Some(10.0)), changed(year(2023, Some(12.0)), 2.0, Direction::Up, true));
        assert_eq!(
            trend_summary(Lang::En, Unit::Count, "Count", &[&a, &b], Money::Auto),
            "Count, trend: from 10 in FY2022 to 12 in FY2023. Change on the year before +2 (better)."
        );
    }

    #[test]
    fn a_flat_change_is_neither_better_nor_worse() {
        let (a, b) = (year(2022, Some(3.0)), changed(year(2023, Some(3.0)), 0.0, Direction::Flat, false));
        assert!(trend_summary(Lang::Ja, Unit::Mean, "平均", &[&a, &b], Money::Auto).ends_with("前年度比 ±0.00。"));
    }

    #[test]
    fn hidden_years_are_named_and_left_out_of_highest_and_lowest() {
        let (a, c) = (year(2021, Some(0.4)), year(2023, Some(0.5)));
        let b = Kpi { suppressed: true, ..year(2022, None) };
        assert_eq!(
            trend_summary(Lang::Ja, Unit::Share, "率", &[&a, &b, &c], Money::Auto),
            "率の推移: 令和3年度 (FY2021) 40.0% から 令和5年度 (FY2023) 50.0%。x（非表示）: 令和4年度 (FY2022)。"
        );
    }
}

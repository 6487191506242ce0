//! Any KPI of the catalogue as a table: the total per year with n, interval, change and relative
//! target, then the breakdown cells. Every figure carries `data-kpi-id`, `data-fiscal-year`,
//! `data-breakdown` and `data-field`, and appears once on the page.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::charts::{AreaStyle, Axis, ChartOption, EChart, LineSeries, LineStyle, Series, SeriesLabel};
use crate::hooks::use_first_screen;
use crate::lang::{use_lang, Lang};
use crate::OnDrill;
use mdkpi_contract::catalogue::{Dimension, KpiDef, KpiId, Unit};
use mdkpi_contract::label::{self, breakdown_attr, fiscal_year_attr, fiscal_year_label, percent_range};
use mdkpi_contract::results::DrillQuery;
use mdkpi_contract::results::Results;
use mdkpi_contract::results::{Direction, Kpi};

/// One figure with its data attributes.
pub fn figure(k: &Kpi, field: &'static str, text: String) -> Html {
    html! {
        <span data-kpi-id={k.id.as_str()} data-fiscal-year={fiscal_year_attr(k.fiscal_year)}
              data-breakdown={breakdown_attr(&k.breakdown)} data-field={field}>{text}</span>
    }
}

/// The drill-down query of a figure.
pub fn query_of(k: &Kpi) -> DrillQuery {
    DrillQuery { id: k.id, fiscal_year: k.fiscal_year, breakdown: k.breakdown.clone() }
}

/// A figure in words: `採択課題数・令和5年度 (FY2023)・② 治療機器`.
pub fn title_of(k: &Kpi) -> String {
    let name = k.id.def().name_ja;
    format!("{name}・{}・{}", fiscal_year_label(k.fiscal_year), label::breakdown_label(&k.breakdown))
}

/// A chart's click handler for drill-downs: the datum's `drill` JSON becomes the query, titled
/// like the figure it belongs to. `None` where no drill-down is provided.
pub fn chart_drill(results: &Rc<Results>, on_drill: Option<OnDrill>) -> Option<Callback<String>> {
    let results = results.clone();
    on_drill.map(|on_drill| {
        Callback::from(move |json: String| {
            let Ok(query) = serde_json::from_str::<DrillQuery>(&json) else { return };
            let title = results.kpis.iter().find(|k| query_of(k) == query).map(title_of).unwrap_or_default();
            on_drill.emit((query, title));
        })
    })
}

#[derive(Properties, PartialEq)]
pub struct ValueProps {
    pub kpi: Kpi,
    pub unit: Unit,
}

/// A value: the figure (a button that lists the rows behind it), or 秘匿 for a suppressed cell,
/// with the small-n badge.
#[component]
pub fn Value(props: &ValueProps) -> Html {
    let k = &props.kpi;
    let on_drill = use_context::<OnDrill>();
    let lang = use_lang();
    if k.suppressed {
        return figure(k, "value", lang.hidden().to_owned());
    }
    let text = label::value(props.unit, k.value);
    let badge = k.small_n.then(|| html! { <span class="small-n" title="n < 10">{lang.t("少数", "small n")}</span> });
    match on_drill {
        Some(on_drill) => {
            let (query, title) = (query_of(k), title_of(k));
            let label = format!("{title}: {text}。元の行を見る / show the rows");
            let onclick = Callback::from(move |_: MouseEvent| on_drill.emit((query.clone(), title.clone())));
            html! {
                <>
                    <button type="button" class="figure-button" data-action="drill" aria-label={label} {onclick}>
                        {figure(k, "value", text)}
                    </button>
                    {badge}
                </>
            }
        }
        _ => html! { <>{figure(k, "value", text)}{badge}</> },
    }
}

/// The value cell of a table.
pub fn value_cell(unit: Unit, k: &Kpi) -> Html {
    html! { <td class="num"><Value kpi={k.clone()} {unit} /></td> }
}

fn n_cell(k: &Kpi) -> Html {
    match (k.numerator, k.denominator, k.n) {
        (Some(x), Some(d), _) => html! {
            <td class="num">{figure(k, "numerator", x.to_string())}{" / "}{figure(k, "denominator", d.to_string())}</td>
        },
        (_, _, Some(n)) => html! { <td class="num">{figure(k, "n", n.to_string())}</td> },
        _ => html! { <td class="num">{"—"}</td> },
    }
}

fn trend_cell(lang: Lang, unit: Unit, k: &Kpi) -> Html {
    let class = match k.improved {
        Some(true) => "improved",
        Some(false) if k.direction != Some(Direction::Flat) => "worse",
        _ => "",
    };
    let text = match lang {
        Lang::Ja => label::trend(unit, k),
        Lang::En => label::trend_en(unit, k),
    };
    html! { <td class={classes!("trend", class)}>{text}</td> }
}

fn row(lang: Lang, unit: Unit, k: &Kpi, first_of_year: bool) -> Html {
    // A breakdown's cell names its data (a program, a stage), which stays as written.
    let cell = if k.breakdown.is_empty() { lang.all_cell().to_owned() } else { label::breakdown_label(&k.breakdown) };
    html! {
        <tr class={classes!(k.breakdown.is_empty().then_some("total"))}>
            <td>{if first_of_year { fiscal_year_label(k.fiscal_year) } else { String::new() }}</td>
            <td>{cell}</td>
            {value_cell(unit, k)}
            {n_cell(k)}
            <td class="num">{if unit == Unit::Share { percent_range(k.ci95) } else { String::new() }}</td>
            {trend_cell(lang, unit, k)}
            <td class="num">{k.target_next.as_ref().map(|t| label::value(unit, Some(t.value))).unwrap_or_default()}</td>
        </tr>
    }
}

fn head(lang: Lang) -> Html {
    html! {
        <thead><tr>
            <th>{lang.t("年度", "Fiscal year")}</th><th>{lang.t("区分", "Cell")}</th><th class="num">{lang.t("値", "Value")}</th><th class="num">{"n"}</th>
            <th class="num">{lang.t("95%信頼区間", "95% interval")}</th><th>{lang.t("前年比", "Change")}</th>
            <th class="num" title="過去3年度の最良値 / best of the last three years">{lang.t("次年度の目安", "Next year's target")}</th>
        </tr></thead>
    }
}

/// The trend of a KPI's totals across years: the value, the 95% interval as a band (shares), and
/// next year's relative target as a dashed step. Shares are drawn in %, yen in 億円.
/// The chart's own words follow `lang`; its description (`trend_summary`) and footnote are Japanese
/// first, with the KPI's Japanese name.
fn trend_chart(results: &Results, lang: Lang, def: &KpiDef, totals: &[&Kpi]) -> Option<Html> {
    let (unit, name) = (def.unit, lang.t(def.name_ja, def.name_en));
    let years: Vec<&Kpi> = totals.iter().copied().filter(|k| k.fiscal_year.is_some()).collect();
    if years.iter().filter(|k| k.value.is_some()).count() < 2 {
        return None;
    }
    let axis_name = match unit {
        Unit::Share => "%",
        Unit::Yen => lang.t("億円", "100M yen"),
        Unit::Count | Unit::Mean => "",
    };
    // Exactly the digits the table shows (same arithmetic and format), so chart and table agree.
    let round = |v: f64| -> f64 {
        let shown = match unit {
            Unit::Share => format!("{:.1}", v * 100.0),
            Unit::Yen => format!("{:.2}", v / 1e8),
            Unit::Mean => format!("{v:.2}"),
            Unit::Count => format!("{:.0}", v),
        };
        shown.parse().unwrap_or(f64::NAN)
    };
    let mut categories: Vec<String> = years.iter().map(|k| fiscal_year_label(k.fiscal_year)).collect();
    let mut values: Vec<Option<f64>> = years.iter().map(|k| k.value.map(round)).collect();
    let last = years.last()?;
    let mut target: Vec<Option<f64>> = vec![None; years.len()];
    if let (Some(t), Some(v), Some(fy)) = (&last.target_next, last.value, last.fiscal_year) {
        categories.push(format!("{}{}", fiscal_year_label(Some(fy + 1)), lang.t("（目安）", " (target)")));
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
            name: lang.t("95%信頼区間", "95% interval").into(),
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
            name: lang.t("次年度の目安（過去3年度の最良値）", "Next year's target (best of the last 3 years)").into(),
            data: target,
            line_style: Some(LineStyle { opacity: 1.0, kind: "dashed" }),
            connect_nulls: true,
            ..LineSeries::default()
        }));
    }
    let summary = trend_summary(unit, def.name_ja, &years);
    let y = Axis { kind: "value", name: (!axis_name.is_empty()).then(|| axis_name.to_owned()), ..Axis::default() };
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
    let mut detail = format!("{}〜{}", fiscal_year_label(first.fiscal_year), fiscal_year_label(last.fiscal_year));
    if let Some(n) = last.n {
        detail += &format!("・n={n}（{}）", fiscal_year_label(last.fiscal_year));
    }
    if unit == Unit::Share {
        detail += "・帯は95%信頼区間（Wilson）";
    }
    if last.target_next.is_some() {
        detail += "・目安は過去3年度の最良値";
    }
    let footnote = label::footnote(results, &detail);
    Some(html! {
        <EChart option={option} summary={AttrValue::from(summary)} name={AttrValue::from(format!("trend-{}", last.id))}
                title={AttrValue::from(match lang { Lang::Ja => format!("{name}の推移"), Lang::En => format!("{name}: trend") })} footnote={AttrValue::from(footnote)} />
    })
}

/// A trend in words, for the chart's description: first and last value, the highest and lowest
/// years, the change from last year and the years whose figure is hidden.
pub fn trend_summary(unit: Unit, name: &str, years: &[&Kpi]) -> String {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return format!("{name}: データがありません。");
    };
    let mut text = format!(
        "{name}の推移: {} {} から {} {}。",
        fiscal_year_label(first.fiscal_year),
        label::value(unit, first.value),
        fiscal_year_label(last.fiscal_year),
        label::value(unit, last.value)
    );
    let shown: Vec<&&Kpi> = years.iter().filter(|k| k.value.is_some()).collect();
    let by_value = |a: &&&Kpi, b: &&&Kpi| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal);
    if let (Some(hi), Some(lo)) = (shown.iter().copied().max_by(by_value), shown.iter().copied().min_by(by_value)) {
        if shown.len() > 2 {
            text += &format!(
                "最高は {}（{}）、最低は {}（{}）。",
                label::value(unit, hi.value),
                fiscal_year_label(hi.fiscal_year),
                label::value(unit, lo.value),
                fiscal_year_label(lo.fiscal_year)
            );
        }
    }
    if let Some(d) = last.delta {
        text += &format!("前年度比 {}", label::delta(unit, d));
        text += match last.improved {
            Some(true) => "（改善）。",
            Some(false) if last.direction != Some(Direction::Flat) => "（悪化）。",
            _ => "。",
        };
    }
    let hidden: Vec<String> = years.iter().filter(|k| k.suppressed).map(|k| fiscal_year_label(k.fiscal_year)).collect();
    if !hidden.is_empty() {
        text += &format!("秘匿: {}。", hidden.join("、"));
    }
    text
}

#[derive(Properties, PartialEq)]
pub struct KpiTableProps {
    pub results: Rc<Results>,
    pub id: KpiId,
    /// Show the totals (false where another view shows them).
    #[prop_or(true)]
    pub totals: bool,
    /// Breakdown dimensions not to list here (shown by another view).
    #[prop_or_default]
    pub skip: &'static [Dimension],
}

#[component]
pub fn KpiTable(props: &KpiTableProps) -> Html {
    let lang = use_lang();
    // A closed breakdown's table is made after the first screen (see `use_first_screen`).
    let first = use_first_screen();
    let def = props.id.def();
    let name = lang.t(def.name_ja, def.name_en);
    let kpis: Vec<&Kpi> = props.results.kpis.iter().filter(|k| k.id == props.id).collect();
    if kpis.is_empty() {
        return html! {
            <section class="kpi" data-kpi={props.id.as_str()}>
                <h4>{name}{" "}<span class="kpi-id">{def.id.as_str()}</span></h4>
                <p class="footnote">{"データがありません（該当する種別のファイルを読み込んでください）。"}</p>
            </section>
        };
    }
    let totals: Vec<&Kpi> = kpis.iter().copied().filter(|k| k.breakdown.is_empty()).collect();
    // Breakdown rows grouped by dimension, then year.
    let mut groups: BTreeMap<Vec<Dimension>, Vec<&Kpi>> = BTreeMap::new();
    for k in kpis.iter().copied().filter(|k| !k.breakdown.is_empty()) {
        let dims: Vec<Dimension> = k.breakdown.keys().copied().collect();
        if dims.iter().any(|d| props.skip.contains(d)) {
            continue;
        }
        groups.entry(dims).or_default().push(k);
    }
    let rows = |list: &[&Kpi]| -> Html {
        let mut last_year: Option<Option<i32>> = None;
        list.iter()
            .map(|k| {
                let first = last_year != Some(k.fiscal_year);
                last_year = Some(k.fiscal_year);
                row(lang, def.unit, k, first)
            })
            .collect()
    };
    html! {
        <section class="kpi" data-kpi={props.id.as_str()}>
            <h4>{name}{" "}<span class="kpi-id">{def.id.as_str()}</span></h4>
            if props.totals {
                { trend_chart(&props.results, lang, def, &totals).unwrap_or_default() }
            }
            if props.totals && !totals.is_empty() {
                <div class="table-wrap"><table data-kpi-table={props.id.as_str()}>{head(lang)}<tbody>{rows(&totals)}</tbody></table></div>
            }
            { for groups.iter().map(|(dims, list)| {
                let name = dims.iter().map(|d| label::dimension_ja(*d)).collect::<Vec<_>>().join("×");
                let keys = dims.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(" × ");
                html! {
                    <details class="breakdown">
                        <summary>{format!("{name}別の内訳（{}件） / by {keys}", list.len())}</summary>
                        if !first {
                        <div class="table-wrap"><table>{head(lang)}<tbody>{rows(list)}</tbody></table></div>
                        }
                        if !first && dims.contains(&Dimension::PriorityArea) {
                            <p class="footnote">{"複数の重点分野に属する課題は、各分野に1件ずつ数え、全体には1件として数えます（分野の合計は全体を上回ることがあります）。 / A project in several priority areas counts in each area and once in the total."}</p>
                        }
                    </details>
                }
            }) }
        </section>
    }
}

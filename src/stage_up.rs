//! The stage-up view: rate by stage at adoption, per survey year, as a chart and a table with n
//! beside every figure, the definition in force as switches and as a footnote.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::lang::{use_lang, Lang};

use crate::charts::{
    Axis, AxisLabel, BarDatum, BarSeries, ChartOption, DatumText, EChart, Emphasis, HeatmapCell, HeatmapSeries,
    InRange, ItemColor, NameTextStyle, SankeyLink, SankeyNode, SankeySeries, Series, SeriesLabel, VisualMap,
};
use crate::kpi_table::{chart_drill, query_of, KpiTable, Value};
use crate::state::{Action, AppState};
use crate::OnDrill;
use mdkpi_contract::catalogue::Unit;
use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::label::{self, breakdown_attr, fiscal_year_attr, fiscal_year_label, percent, percent_range};
use mdkpi_contract::options::Options;
use mdkpi_contract::results::Results;
use mdkpi_contract::results::{Dim, Kpi};
use mdkpi_contract::results::{Exclusion, Inclusion, StageUpDefinition};
use mdkpi_contract::value::Stage;

#[derive(Properties, PartialEq)]
pub struct StageUpProps {
    pub results: Rc<Results>,
    pub options: Options,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// The rows shown: the total, then stages 1–4 at adoption, for one year.
fn rows_for_year(results: &Results, fy: Option<i32>) -> Vec<&Kpi> {
    let mut rows: Vec<&Kpi> = results
        .kpis
        .iter()
        .filter(|k| k.id == KpiId::RdStageUpShare && k.fiscal_year == fy)
        .filter(|k| k.breakdown.is_empty() || k.breakdown.contains_key(&Dimension::AdoptionStage))
        .collect();
    rows.sort_by_key(|k| k.breakdown.get(&Dimension::AdoptionStage).cloned());
    rows
}

/// A stage's name in `lang`.
fn stage_name(lang: Lang, s: u8) -> &'static str {
    Stage::from_number(s).map(|st| lang.t(st.name_ja(), st.name_en())).unwrap_or("")
}

fn category(lang: Lang, k: &Kpi) -> String {
    match k.breakdown.get(&Dimension::AdoptionStage) {
        Some(Dim::Int(n)) => format!("{n} {}", u8::try_from(*n).map(|s| stage_name(lang, s)).unwrap_or("")),
        _ => lang.all_cell().to_owned(),
    }
}

/// The value as shown: 秘匿 for a suppressed cell, never a number that is not the figure.
fn shown(lang: Lang, k: &Kpi) -> String {
    if k.suppressed {
        lang.hidden().to_owned()
    } else {
        percent(k.value)
    }
}

fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())
}

fn bar_label(lang: Lang, k: &Kpi) -> String {
    match k.n {
        Some(n) if !k.suppressed => format!("{}\nn={n}", percent(k.value)),
        _ => shown(lang, k),
    }
}

fn years(results: &Results) -> Vec<Option<i32>> {
    let mut ys: Vec<Option<i32>> =
        results.kpis.iter().filter(|k| k.id == KpiId::RdStageUpShare).map(|k| k.fiscal_year).collect();
    ys.sort();
    ys.dedup();
    ys
}

/// The chart's own words follow `lang`; its description (`summary`) is Japanese.
fn chart_option(results: &Results, lang: Lang, years: &[Option<i32>]) -> (AttrValue, AttrValue) {
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

/// The value a hidden cell takes in the heatmap, which is not a count (ECharts draws no cell at all
/// for a missing value). Hidden cells are a series of their own, grey and labelled 秘匿: below the
/// colour scale's minimum they were drawn in its lightest colour, like a 0, since a continuous
/// visual map counts values past its ends as in range while its handles sit at the ends.
const HIDDEN: f64 = -1.0;
const HIDDEN_COLOR: &str = "#d0d0d0";

/// The adoption × current stage matrix of the latest year as a heatmap; hidden cells say 秘匿.
fn transition_heatmap(results: &Results, lang: Lang, fy: Option<i32>) -> Option<Html> {
    let cells: Vec<&Kpi> =
        results.kpis.iter().filter(|k| k.id == KpiId::RdStageUpTransition && k.fiscal_year == fy).collect();
    if cells.is_empty() {
        return None;
    }
    let stage = |k: &Kpi, dim: Dimension| match k.breakdown.get(&dim) {
        Some(Dim::Int(n)) => usize::try_from(*n).ok(),
        _ => None,
    };
    let max = cells.iter().filter_map(|k| k.value).fold(1.0_f64, f64::max);
    let (hidden, shown): (Vec<HeatmapCell>, Vec<HeatmapCell>) = cells
        .iter()
        .filter_map(|k| {
            let (a, c) = (stage(k, Dimension::AdoptionStage)?, stage(k, Dimension::CurrentStage)?);
            let (value, text) = match (k.suppressed, k.value) {
                (false, Some(v)) => (v, label::value(Unit::Count, Some(v))),
                _ => (HIDDEN, lang.hidden().to_owned()),
            };
            let tooltip = if value == HIDDEN {
                format!("採択時 {a} → 現在 {c}: 秘匿（少数のため非表示） / hidden (small cell)")
            } else {
                format!("採択時 {a} → 現在 {c}: {text}件")
            };
            Some(HeatmapCell {
                value: (c.checked_sub(1)?, a.checked_sub(1)?, value),
                label: DatumText { formatter: text },
                tooltip: DatumText { formatter: tooltip },
            })
        })
        .partition(|cell| cell.value.2 == HIDDEN);
    let name = |s: u8| format!("{s} {}", stage_name(lang, s));
    let x: Vec<String> = (1..=5).map(name).collect();
    let y = Axis {
        kind: "category",
        data: Some((1..=4).map(name).collect()),
        name: Some(lang.t("採択時", "at adoption").into()),
        ..Axis::default()
    };
    let summary =
        format!("採択時ステージ×現在ステージの課題数（{}）。対角線より右がステージアップ。", fiscal_year_label(fy));
    let mut option = ChartOption::bars(
        summary.clone(),
        x,
        y,
        std::iter::once(Series::Heatmap(HeatmapSeries {
            kind: "heatmap",
            name: lang.t("課題数", "projects").into(),
            data: shown,
            label: SeriesLabel { show: true, position: "inside" },
            item_style: None,
        }))
        .chain((!hidden.is_empty()).then(|| {
            Series::Heatmap(HeatmapSeries {
                kind: "heatmap",
                name: "秘匿（少数） / hidden".into(),
                data: hidden,
                label: SeriesLabel { show: true, position: "inside" },
                item_style: Some(ItemColor { color: HIDDEN_COLOR }),
            })
        }))
        .collect(),
    );
    let x = option.x();
    x.name = Some(lang.t("現在のステージ", "current stage").into());
    x.name_location = Some("middle");
    x.name_gap = Some(28);
    option.visual_map = Some(VisualMap {
        min: 0.0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        in_range: InRange { color: ["#f1f6fb", "#0b4f8a"] },
        series_index: 0,
    });
    // A sequential scale, hidden cells grey, every cell labelled: decal patterns would only add noise.
    option.aria.decal.show = false;
    if let Some(grid) = option.grid.as_mut() {
        grid.bottom = 64;
    }
    let n: f64 = cells.iter().filter_map(|k| k.value).sum();
    let footnote = label::footnote(results, &format!("{}・表示されている課題 {n}件", fiscal_year_label(fy)));
    Some(html! {
        <EChart option={option.to_json()} summary={AttrValue::from(summary)} name="stage-up-transitions"
                title={AttrValue::from(match lang {
                    Lang::Ja => format!("採択時×現在ステージの課題数（{}）", fiscal_year_label(fy)),
                    Lang::En => format!("Projects by stage at adoption × current stage ({})", fiscal_year_label(fy)),
                })} footnote={AttrValue::from(footnote)} />
    })
}

/// The same matrix as flows: stage at adoption (left) → current stage (right). Hidden cells are
/// left out and counted in the description, so the flows never show a figure the table hides.
fn transition_sankey(results: &Results, lang: Lang, fy: Option<i32>) -> Option<Html> {
    let cells: Vec<&Kpi> =
        results.kpis.iter().filter(|k| k.id == KpiId::RdStageUpTransition && k.fiscal_year == fy).collect();
    if cells.is_empty() {
        return None;
    }
    let stage = |k: &Kpi, dim: Dimension| match k.breakdown.get(&dim) {
        Some(Dim::Int(n)) => u8::try_from(*n).ok(),
        _ => None,
    };
    let left = |s: u8| format!("{} {s} {}", lang.t("採択時", "adoption:"), stage_name(lang, s));
    let right = |s: u8| format!("{} {s} {}", lang.t("現在", "now:"), stage_name(lang, s));
    let mut links = Vec::new();
    let mut hidden = 0;
    let (mut up, mut total) = (0.0, 0.0);
    for k in &cells {
        let (Some(a), Some(c)) = (stage(k, Dimension::AdoptionStage), stage(k, Dimension::CurrentStage)) else {
            continue;
        };
        match (k.suppressed, k.value) {
            (true, _) => hidden += 1,
            (false, Some(v)) if v > 0.0 => {
                total += v;
                if c > a {
                    up += v;
                }
                links.push(SankeyLink {
                    source: left(a),
                    target: right(c),
                    value: v,
                    tooltip: DatumText {
                        formatter: format!("{} → {}: {}件", left(a), right(c), label::value(Unit::Count, Some(v))),
                    },
                });
            }
            _ => {}
        }
    }
    let used = |s: &String| links.iter().any(|l| &l.source == s || &l.target == s);
    let nodes: Vec<SankeyNode> = (1..=4)
        .map(left)
        .chain((1..=5).map(right))
        .filter(used)
        .map(|n| SankeyNode { label: DatumText { formatter: n.clone() }, name: n })
        .collect();
    let mut summary = format!(
        "採択時ステージから現在ステージへの課題の流れ（{}）。表示した{total}件のうち{up}件がステージアップ。",
        fiscal_year_label(fy)
    );
    if hidden > 0 {
        summary += &format!("少数のため{hidden}セルを秘匿（流れに含めていません）。");
    }
    let series = Series::Sankey(SankeySeries {
        kind: "sankey",
        name: lang.t("課題数", "projects").into(),
        data: nodes,
        links,
        label: SeriesLabel { show: true, position: "right" },
        emphasis: Emphasis { focus: "adjacency" },
        node_gap: 12,
        left: 16,
        // Room for the right-hand labels, which are longer in English.
        right: match lang {
            Lang::Ja => 160,
            Lang::En => 200,
        },
    });
    let mut option = ChartOption::flows(summary.clone(), vec![series]);
    option.aria.decal.show = false;
    let footnote = label::footnote(results, &format!("{}・秘匿セルは流れから除外", fiscal_year_label(fy)));
    Some(html! {
        <EChart option={option.to_json()} summary={AttrValue::from(summary)} name="stage-up-flows"
                title={AttrValue::from(match lang {
                    Lang::Ja => format!("ステージの移動（{}）", fiscal_year_label(fy)),
                    Lang::En => format!("Stage moves ({})", fiscal_year_label(fy)),
                })} footnote={AttrValue::from(footnote)} />
    })
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

fn definition_note(d: &StageUpDefinition) -> String {
    let inclusion = |i: Inclusion| match i {
        Inclusion::Excluded => "分母から除外",
        Inclusion::Included => "分母に含める",
    };
    let recency = match d.min_years_since_adoption {
        Some(n) => format!("採択から{n}年以上の課題のみ"),
        None => "採択からの年数による限定なし".to_owned(),
    };
    format!(
        "定義: 単位は調査年度ごとの課題。ステージアップは「現在ステージ ＞ 採択時ステージ」（2段階以上の上昇も1件）。\
         ステージ不明の課題は除外し、件数を示す。中止: {}。終了: {}。{}。区間は Wilson の95%信頼区間。\
         n は分母（対象課題数）。複数の重点分野に属する課題は各分野に1件ずつ、全体には1件として数える。",
        inclusion(d.discontinued),
        inclusion(d.completed),
        recency
    )
}

fn excluded_note(k: &Kpi) -> String {
    let name = |r: Exclusion| match r {
        Exclusion::UnknownStage => "ステージ不明",
        Exclusion::Discontinued => "中止",
        Exclusion::Completed => "終了",
        Exclusion::AdoptedTooRecently => "採択から年数不足",
        Exclusion::NoSurveyYear => "調査年度なし",
        Exclusion::FlagUnknown => "不明",
    };
    k.excluded.iter().map(|(r, n)| format!("{} {n}件", name(*r))).collect::<Vec<_>>().join("、")
}

#[component]
pub fn StageUpPanel(props: &StageUpProps) -> Html {
    let lang = use_lang();
    let results = &props.results;
    let years = years(results);
    let (option, summary) = chart_option(results, lang, &years);

    let set = |update: fn(&mut Options, &web_sys::Event)| {
        let (dispatch, options) = (props.dispatch.clone(), props.options.clone());
        Callback::from(move |e: Event| {
            let mut o = options.clone();
            update(&mut o, &e);
            dispatch.dispatch(Action::SetOptions(o));
        })
    };
    let on_discontinued =
        set(|o, e| o.stage_up.exclude_discontinued = e.target_unchecked_into::<HtmlInputElement>().checked());
    let on_completed =
        set(|o, e| o.stage_up.exclude_completed = e.target_unchecked_into::<HtmlInputElement>().checked());
    let on_recency = set(|o, e| {
        o.stage_up.min_years_since_adoption = e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()
    });
    let min_years = props.options.stage_up.min_years_since_adoption;
    let on_bar = chart_drill(results, use_context::<OnDrill>());
    let latest = years.last().copied().flatten();
    let footnote = label::footnote(
        results,
        &format!(
            "{}・n は各年度・採択時ステージの対象課題数・{}",
            years.iter().map(|y| fiscal_year_label(*y)).collect::<Vec<_>>().join("、"),
            definition_note(&results.definitions.stage_up)
        ),
    );
    let table_rows =
        years.iter().flat_map(|&fy| {
            let rows = rows_for_year(results, fy);
            let excluded = rows.iter().find(|k| k.breakdown.is_empty()).map(|k| excluded_note(k)).unwrap_or_default();
            let n_rows = rows.len();
            rows.into_iter().enumerate().map(move |(i, k)| {
            let attrs = (KpiId::RdStageUpShare, fiscal_year_attr(fy), breakdown_attr(&k.breakdown));
            let figure = |field: &'static str, text: String| {
                html! {
                    <td class="num" data-kpi-id={attrs.0.as_str()} data-fiscal-year={attrs.1.clone()}
                        data-breakdown={attrs.2.clone()} data-field={field}>{text}</td>
                }
            };
            html! {
                <tr>
                    if i == 0 {
                        <th scope="rowgroup" rowspan={n_rows.to_string()}>
                            {fiscal_year_label(fy)}
                            if !excluded.is_empty() { <div class="footnote">{format!("除外: {excluded}")}</div> }
                        </th>
                    }
                    <td>{category(lang, k)}</td>
                    {figure("numerator", count(k.numerator))}
                    {figure("denominator", count(k.denominator))}
                    <td class="num"><Value kpi={k.clone()} unit={Unit::Share} /></td>
                    {figure("ci95", percent_range(k.ci95))}
                </tr>
            }
        }).collect::<Vec<_>>()
        });

    html! {
        <section class="panel stage-up" aria-labelledby="stage-up-heading" data-view="stage-up">
            <h2 id="stage-up-heading">{lang.t("研究開発テーマのステージアップ率 ", "Stage-up rate of R&D themes ")}<span class="kpi-id">{KpiId::RdStageUpShare.as_str()}</span></h2>
            <p class="footnote">{"ゴール⑥: 採択時のステージから調査時点のステージへ上がった課題の割合（採択時ステージ別）。 / Share of R&D themes whose stage rose between adoption and the survey year."}</p>
            <div class="options" role="group" aria-label="定義の切り替え / Definition options">
                <label><input type="checkbox" data-option="exclude_discontinued"
                    checked={props.options.stage_up.exclude_discontinued} onchange={on_discontinued} />{lang.t("中止を分母から除外", "Leave discontinued themes out of n")}</label>
                <label><input type="checkbox" data-option="exclude_completed"
                    checked={props.options.stage_up.exclude_completed} onchange={on_completed} />{lang.t("終了を分母から除外", "Leave completed themes out of n")}</label>
                <label>{lang.t("採択からの年数", "Years since adoption")}
                    <select data-option="min_years_since_adoption" onchange={on_recency}>
                        <option value="" selected={min_years.is_none()}>{lang.t("限定なし", "any")}</option>
                        { for (1..=10u32).map(|n| html! {
                            <option value={n.to_string()} selected={min_years == Some(n)}>{match lang { Lang::Ja => format!("{n}年以上"), Lang::En => format!("{n}+ years") }}</option>
                        }) }
                    </select>
                </label>
            </div>
            <EChart option={option} summary={summary} name="stage-up-by-adoption-stage" on_drill={on_bar}
                    title={lang.t("ステージアップ率（採択時ステージ別）", "Stage-up rate by stage at adoption")} footnote={AttrValue::from(footnote)} />
            <div class="chart-pair">
                { transition_heatmap(results, lang, latest).unwrap_or_default() }
                { transition_sankey(results, lang, latest).unwrap_or_default() }
            </div>
            <div class="table-wrap">
                <table data-testid="stage-up-table">
                    <caption class="visually-hidden">{"ステージアップ率（採択時ステージ別） / Stage-up rate by stage at adoption"}</caption>
                    <thead><tr>
                        <th>{lang.t("調査年度", "Survey year")}</th><th>{lang.t("採択時ステージ", "Stage at adoption")}</th>
                        <th class="num">{lang.t("ステージアップ数", "Stepped up")}</th><th class="num">{lang.t("対象課題数 (n)", "Themes (n)")}</th>
                        <th class="num">{lang.t("割合", "Share")}</th><th class="num">{lang.t("95%信頼区間", "95% interval")}</th>
                    </tr></thead>
                    <tbody>{for table_rows}</tbody>
                </table>
            </div>
            <KpiTable results={results.clone()} id={KpiId::RdStageUpShare} totals={false} skip={&[Dimension::AdoptionStage][..]} />
            <p class="footnote" data-testid="stage-up-definition">{definition_note(&results.definitions.stage_up)}</p>
        </section>
    }
}

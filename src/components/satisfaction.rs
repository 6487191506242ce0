//! The satisfaction view: answers by level as diverging stacked bars centred on the neutral
//! answer (the dissatisfied to the left, the satisfied to the right), with the top-2 share and n
//! beside each bar; then the table of counts and the trends of the mean and the top-2 share.

use std::collections::BTreeMap;
use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, Disclosure, KpiId, KpiKey, Unit};
use mdkpi_contract::label::{self, fiscal_year_in, fiscal_year_label, percent};
use mdkpi_contract::results::{Dim, Kpi, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use super::drill::OnDrill;
use super::kpi::{chart_drill, query_of, unfiltered_note, KpiTable, Value};
use crate::charts::{
    Axis, AxisLabel, BarDatum, BarSeries, ChartOption, DatumText, EChart, Series, SeriesLabel, HIDDEN_COLOR,
};
use crate::lang::{use_lang, Lang};
use crate::words;

const ANSWERS: KpiId = KpiId::TrainingSatisfactionAnswers;
const TOP2: KpiId = KpiId::TrainingSatisfactionTop2Share;

/// Diverging colours (Okabe–Ito orange to blue, grey in the middle): distinguishable with the
/// common colour-vision deficiencies and in greyscale print.
const LEVEL_COLOURS: [&str; 5] = ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"];

/// One bar: everyone (program `None`) or one program, in one year.
struct Bar<'a> {
    program: Option<&'a str>,
    /// The answers' cell per level 1–5 (absent when nobody gave that answer).
    levels: [Option<&'a Kpi>; 5],
    /// Valid answers, when published (not suppressed).
    n: Option<u64>,
    top2: Option<&'a Kpi>,
}

/// A level's name in `lang`: `4 満足`, `4 satisfied`.
fn level_name(lang: Lang, level: i64) -> String {
    format!("{level} {}", words::likert(lang, level))
}

impl Bar<'_> {
    /// The program (data, as written), or everyone.
    fn name(&self, lang: Lang) -> String {
        self.program.unwrap_or(lang.all_cell()).to_owned()
    }

    /// The share of level `i` (0-based) in %, when both the count and n are published.
    fn percent(&self, i: usize) -> Option<f64> {
        let n = self.n.filter(|n| *n > 0)? as f64;
        match self.levels[i] {
            Some(k) if !k.suppressed => k.value.map(|v| v / n * 100.0),
            Some(_) => None,
            None => Some(0.0),
        }
    }

    /// The share of the bar that reads x, in %, as (left, right): on the side its levels belong
    /// to when the top-2 share tells it, else on the right. So every bar adds up to 100%.
    fn hidden_share(&self) -> (f64, f64) {
        match self.n {
            // n itself hidden: the whole bar is.
            None => return (0.0, 100.0),
            Some(0) => return (0.0, 0.0),
            Some(_) => {}
        }
        let shown: f64 = (0..5).filter_map(|i| self.percent(i)).sum();
        let hidden = (100.0 - shown).max(0.0);
        if hidden < 0.05 {
            return (0.0, 0.0);
        }
        let right = match self.top2 {
            Some(k) if !k.suppressed => {
                let top2 = k.value.unwrap_or(0.0) * 100.0;
                (top2 - self.percent(3).unwrap_or(0.0) - self.percent(4).unwrap_or(0.0)).clamp(0.0, hidden)
            }
            _ => hidden,
        };
        (hidden - right, right)
    }

    fn category(&self, lang: Lang) -> String {
        let n = self.n.map_or_else(|| format!("n={}", lang.hidden()), |n| format!("n={n}"));
        let top2 = match self.top2 {
            Some(k) if !k.suppressed => {
                format!("{}{}", lang.t("・満足以上 ", ", satisfied or better "), percent(k.value))
            }
            _ => String::new(),
        };
        let name = self.name(lang);
        lang.t(format!("{name}（{n}{top2}）"), format!("{name} ({n}{top2})"))
    }
}

fn program_of(k: &Kpi) -> Option<&str> {
    match k.breakdown.get(&Dimension::Program) {
        Some(Dim::Text(p)) => Some(p),
        _ => None,
    }
}

fn bars(results: &Results, fy: Option<i32>) -> Vec<Bar<'_>> {
    let cells: Vec<&Kpi> = results.kpis.iter().filter(|k| k.id == ANSWERS && k.fiscal_year == fy).collect();
    let mut programs: BTreeMap<Option<&str>, Bar> = BTreeMap::new();
    for k in &cells {
        let program = program_of(k);
        let bar = programs.entry(program).or_insert_with(|| Bar { program, levels: [None; 5], n: None, top2: None });
        match k.breakdown.get(&Dimension::Answer) {
            Some(Dim::Int(level @ 1..=5)) => bar.levels[*level as usize - 1] = Some(k),
            None => bar.n = k.n,
            _ => {}
        }
    }
    for k in results.kpis.iter().filter(|k| k.fiscal_year == fy && k.breakdown.keys().all(|d| *d == Dimension::Program))
    {
        let Some(bar) = programs.get_mut(&program_of(k)) else { continue };
        match k.id.builtin() {
            Some(TOP2) => {
                bar.top2 = Some(k);
                // The share's denominator is n too, when the mean is hidden.
                bar.n = bar.n.or(k.denominator);
            }
            // A program's n is the mean's n (the same valid answers); the answers KPI has no
            // per-program total.
            Some(KpiId::TrainingSatisfactionMean) if bar.program.is_some() => bar.n = k.n,
            _ => {}
        }
    }
    programs.into_values().collect()
}

/// The chart's words, its description and its footnote follow `lang`.
fn chart(results: &Results, lang: Lang, fy: Option<i32>, bars: &[Bar]) -> (String, String) {
    // Series nearest the centre first: ECharts stacks each sign outwards in series order.
    let order: [(usize, f64); 6] = [(2, -0.5), (1, -1.0), (0, -1.0), (2, 0.5), (3, 1.0), (4, 1.0)];
    let series = order
        .iter()
        .map(|&(level, side)| {
            let data = bars
                .iter()
                .map(|bar| {
                    let pct = bar.percent(level);
                    let count = bar.levels[level];
                    let shown = match count {
                        Some(k) if k.suppressed => lang.hidden().to_owned(),
                        Some(k) => format!("{}{}", label::value(Unit::Count, k.value), lang.t("人", "")),
                        None => format!("0{}", lang.t("人", "")),
                    };
                    // The neutral share is labelled once, on its right half.
                    let label = match pct {
                        Some(p) if p >= 5.0 && !(level == 2 && side < 0.0) => format!("{p:.0}%"),
                        _ => String::new(),
                    };
                    BarDatum {
                        value: pct.map(|p| (p * side * 10.0).round() / 10.0),
                        label: DatumText { formatter: label },
                        tooltip: DatumText {
                            formatter: format!(
                                "{}\n{}: {shown}{}{}{}",
                                bar.name(lang),
                                level_name(lang, level as i64 + 1),
                                lang.t("（", " ("),
                                pct.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
                                lang.t("）", ")")
                            ),
                        },
                        drill: count.filter(|k| !k.suppressed).and_then(|k| serde_json::to_string(&query_of(k)).ok()),
                    }
                })
                .collect();
            Series::Bar(BarSeries {
                kind: "bar",
                name: level_name(lang, level as i64 + 1),
                data,
                label: SeriesLabel { show: true, position: "inside" },
                stack: Some("likert"),
                color: Some(LEVEL_COLOURS[level]),
            })
        })
        .chain([-1.0, 1.0].map(|side: f64| {
            // The hidden share, grey, outermost on its side.
            let data = bars
                .iter()
                .map(|bar| {
                    let (left, right) = bar.hidden_share();
                    let pct = if side < 0.0 { left } else { right };
                    BarDatum {
                        value: (pct > 0.0).then(|| (pct * side * 10.0).round() / 10.0),
                        label: DatumText {
                            formatter: if pct >= 5.0 { format!("{} {pct:.0}%", label::HIDDEN) } else { String::new() },
                        },
                        tooltip: DatumText {
                            formatter: format!(
                                "{}\n{}",
                                bar.name(lang),
                                label::hidden_reason_in(lang, &results.definitions.statistics, Disclosure::Respondent)
                            ),
                        },
                        drill: None,
                    }
                })
                .collect();
            Series::Bar(BarSeries {
                kind: "bar",
                name: hidden_name(lang),
                data,
                label: SeriesLabel { show: true, position: "inside" },
                stack: Some("likert"),
                color: Some(HIDDEN_COLOR),
            })
        }))
        .collect();
    let y = Axis {
        kind: "category",
        data: Some(bars.iter().map(|b| b.category(lang)).collect()),
        inverse: Some(true),
        ..Axis::default()
    };
    let mut option = ChartOption::bars(summary(lang, fy, bars), Vec::new(), y, series);
    option.x_axis = Some(Axis {
        kind: "value",
        min: Some(-100.0),
        max: Some(100.0),
        axis_label: Some(AxisLabel { show: Some(false), ..AxisLabel::default() }),
        ..Axis::default()
    });
    // The neutral halves share a name: one legend entry toggles both (and so do the hidden ones).
    // On a phone, each programme's name goes above its bar: beside it, the names took the width
    // and left the bars ~15 px.
    let thin = serde_json::json!({ "barWidth": 14 });
    option.media = Some(serde_json::json!([{
        "query": { "maxWidth": 560 },
        "option": {
            "grid": { "left": 4, "right": 4, "containLabel": false },
            "yAxis": {
                "axisLine": { "onZero": false },
                "axisTick": { "show": false },
                "axisLabel": {
                    "inside": true, "verticalAlign": "bottom", "padding": [0, 0, 10, 0], "color": "#1a1f29",
                    "width": 340, "overflow": "truncate"
                }
            },
            "series": vec![thin; option.series.len()]
        }
    }]));
    let hidden = bars.iter().any(|b| b.hidden_share() != (0.0, 0.0));
    option.legend.data = Some((1..=5).map(|l| level_name(lang, l)).chain(hidden.then(|| hidden_name(lang))).collect());
    let detail = lang.t(
        format!("{}・中央が「どちらともいえない」・n は有効回答数・満足以上は 4・5 の割合", fiscal_year_label(fy)),
        format!(
            "{} · the neutral answer in the middle · n is the number of valid answers · satisfied or better is the share of 4 and 5",
            fiscal_year_in(lang, fy)
        ),
    );
    let footnote = label::footnote_in(lang, results, DatasetKind::Satisfaction, &detail);
    (option.to_json().to_string(), footnote)
}

/// The legend entry of the hidden share.
fn hidden_name(lang: Lang) -> String {
    format!("{} {}", label::HIDDEN, lang.t("非表示", "hidden"))
}

fn summary(lang: Lang, fy: Option<i32>, bars: &[Bar]) -> String {
    let mut text = lang.t(
        format!("研修の満足度（{}）、5段階の回答の分布。", fiscal_year_label(fy)),
        format!("Trainee satisfaction ({}), answers on a 5-point scale. ", fiscal_year_in(lang, fy)),
    );
    for bar in bars {
        let top2 = match bar.top2 {
            Some(k) if !k.suppressed => percent(k.value),
            _ => label::HIDDEN.to_owned(),
        };
        let low = match (bar.percent(0), bar.percent(1)) {
            (Some(a), Some(b)) => format!("{:.0}%", a + b),
            _ => label::HIDDEN.to_owned(),
        };
        let name = bar.name(lang);
        text += &lang.t(
            format!("{name}: 満足以上 {top2}、不満以下 {low}。"),
            format!("{name}: satisfied or better {top2}, dissatisfied or worse {low}. "),
        );
    }
    let hidden = bars.iter().flat_map(|b| b.levels.iter()).filter(|k| k.is_some_and(|k| k.suppressed)).count();
    if hidden > 0 {
        text += &lang.t(
            format!("{}（非表示）のセル {hidden}。", label::HIDDEN),
            format!("{} (hidden) cells: {hidden}.", label::HIDDEN),
        );
    }
    text.trim_end().to_owned()
}

#[derive(Properties, PartialEq)]
pub struct SatisfactionProps {
    pub results: Rc<Results>,
}

#[component]
pub fn SatisfactionPanel(props: &SatisfactionProps) -> Html {
    let lang = use_lang();
    let results = &props.results;
    let latest = results.kpis.iter().filter(|k| k.id == ANSWERS).map(|k| k.fiscal_year).max();
    let on_drill = use_context::<OnDrill>();
    let body = match latest {
        None => {
            html! { <p class="footnote">{lang.t("データがありません（満足度アンケートのファイルを読み込んでください）。", "No data (load a satisfaction survey file).")}</p> }
        }
        Some(fy) => {
            let bars = bars(results, fy);
            let (option, footnote) = chart(results, lang, fy, &bars);
            let on_bar = chart_drill(lang, results, on_drill);
            html! {
                <>
                    <EChart option={AttrValue::from(option)} summary={AttrValue::from(summary(lang, fy, &bars))} name="satisfaction-likert"
                            title={AttrValue::from(lang.t(
                                format!("研修の満足度（回答の割合, %・{}）", fiscal_year_label(fy)),
                                format!("Trainee satisfaction (share of answers, %, {})", fiscal_year_in(lang, fy)),
                            ))}
                            footnote={AttrValue::from(footnote)} on_drill={on_bar} />
                    <details class="as-table" open=true>
                        <summary>{lang.t("表で見る", "As a table")}</summary>
                        <div class="table-wrap"><table data-testid="likert-table">
                            <caption class="visually-hidden">{lang.t("満足度の回答数（人）", "Answers by level")}</caption>
                            <thead><tr>
                                <th>{lang.t("区分", "Cell")}</th>
                                { for (1..=5).map(|l| html! { <th class="num">{level_name(lang, l)}</th> }) }
                                <th class="num">{"n"}</th><th class="num">{lang.t("満足以上", "Satisfied or better")}</th>
                            </tr></thead>
                            <tbody>{ for bars.iter().map(|bar| html! {
                                <tr>
                                    <td>{words::data(bar.name(lang))}</td>
                                    { for bar.levels.iter().map(|k| match k {
                                        Some(k) => html! { <td class="num"><Value kpi={(*k).clone()} unit={Unit::Count} /></td> },
                                        None => html! { <td class="num">{"0"}</td> },
                                    }) }
                                    <td class="num">{bar.n.map_or_else(|| lang.hidden().to_owned(), |n| n.to_string())}</td>
                                    <td class="num">{match bar.top2 { Some(k) if !k.suppressed => percent(k.value), _ => lang.hidden().to_owned() }}</td>
                                </tr>
                            }) }</tbody>
                        </table></div>
                    </details>
                </>
            }
        }
    };
    html! {
        <section class="panel satisfaction" aria-labelledby="satisfaction-heading" data-view="satisfaction">
            <h2 id="satisfaction-heading">{lang.t("研修の受講者満足度 ", "Trainee satisfaction ")}<span class="kpi-id">{"training.satisfaction"}</span></h2>
            {unfiltered_note(lang, &results.definitions.filter, DatasetKind::Satisfaction)}
            <p class="footnote">{lang.t("ゴール①: 研修受講者の満足度（5段階）。中央の「どちらともいえない」を境に、左が不満、右が満足。", "Trainee satisfaction on a 5-point scale, centred on the neutral answer.")}</p>
            {body}
            <KpiTable results={results.clone()} id={KpiKey::from(TOP2)} />
            <KpiTable results={results.clone()} id={KpiKey::from(KpiId::TrainingSatisfactionMean)} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use mdkpi_contract::sample;

    use super::*;

    fn cell(id: KpiId, program: Option<&str>, level: Option<i64>) -> Kpi {
        let mut breakdown = BTreeMap::new();
        if let Some(p) = program {
            breakdown.insert(Dimension::Program, Dim::Text(p.to_owned()));
        }
        if let Some(l) = level {
            breakdown.insert(Dimension::Answer, Dim::Int(l));
        }
        Kpi::new(id, Some(2023), breakdown)
    }

    fn count(program: Option<&str>, level: i64, value: Option<f64>) -> Kpi {
        Kpi { value, suppressed: value.is_none(), ..cell(ANSWERS, program, Some(level)) }
    }

    /// Everyone (20 answers, 5 of them dissatisfied or worse) and one program with a hidden cell.
    fn results() -> Results {
        let kpis = vec![
            Kpi { n: Some(20), ..cell(ANSWERS, None, None) },
            count(None, 1, Some(2.0)),
            count(None, 2, Some(3.0)),
            count(None, 3, Some(4.0)),
            count(None, 4, Some(5.0)),
            count(None, 5, Some(6.0)),
            Kpi { value: Some(0.55), ..cell(TOP2, None, None) },
            count(Some("研修A"), 1, None),
            count(Some("研修A"), 4, Some(7.0)),
            Kpi { n: Some(8), ..cell(KpiId::TrainingSatisfactionMean, Some("研修A"), None) },
            Kpi { suppressed: true, ..cell(TOP2, Some("研修A"), None) },
        ];
        Results { kpis, ..sample::payload().results }
    }

    #[test]
    fn the_description_gives_each_bars_satisfied_and_dissatisfied_shares_and_the_hidden_cells() {
        let r = results();
        let bars = bars(&r, Some(2023));
        assert_eq!(
            bars.iter().map(|b| (b.program, b.n)).collect::<Vec<_>>(),
            [(None, Some(20)), (Some("研修A"), Some(8))]
        );
        assert_eq!(
            summary(Lang::Ja, Some(2023), &bars),
            "研修の満足度（令和5年度 (FY2023)）、5段階の回答の分布。全体: 満足以上 55.0%、不満以下 25%。\
             研修A: 満足以上 x、不満以下 x。x（非表示）のセル 1。"
        );
        assert_eq!(
            summary(Lang::En, Some(2023), &bars),
            "Trainee satisfaction (FY2023), answers on a 5-point scale. All: satisfied or better 55.0%, \
             dissatisfied or worse 25%. 研修A: satisfied or better x, dissatisfied or worse x. x (hidden) cells: 1."
        );
    }

    #[test]
    fn every_bar_adds_up_to_100_with_its_hidden_share_grey() {
        let r = results();
        let bars = bars(&r, Some(2023));
        // Everyone: nothing hidden. 研修A: level 1 hidden, 4 is 7 of 8 (87.5%): 12.5% grey, on the
        // right, as the top-2 share is hidden too.
        assert_eq!(bars[0].hidden_share(), (0.0, 0.0));
        let (left, right) = bars[1].hidden_share();
        assert!((left + right - 12.5).abs() < 1e-9, "{left} {right}");
        let shown: f64 = (0..5).filter_map(|i| bars[1].percent(i)).sum();
        assert!((shown + left + right - 100.0).abs() < 1e-9);
        // n itself hidden: the whole bar is grey.
        let hidden_n = Bar { program: Some("B"), levels: [None; 5], n: None, top2: None };
        assert_eq!(hidden_n.hidden_share(), (0.0, 100.0));
    }

    #[test]
    fn a_level_nobody_gave_counts_as_none() {
        let r = results();
        let bars = bars(&r, Some(2023));
        assert_eq!((bars[1].percent(1), bars[1].percent(3)), (Some(0.0), Some(87.5)));
    }

    #[test]
    fn the_samples_description_names_every_bar() {
        let r = sample::payload().results;
        let latest = r.kpis.iter().filter(|k| k.id == ANSWERS).map(|k| k.fiscal_year).max().expect("answers");
        let bars = bars(&r, latest);
        let text = summary(Lang::Ja, latest, &bars);
        assert!(text.starts_with(&format!("研修の満足度（{}）", fiscal_year_label(latest))), "{text}");
        for bar in &bars {
            assert!(text.contains(&format!("{}: 満足以上 ", bar.name(Lang::Ja))), "{text}");
        }
    }
}

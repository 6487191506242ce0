//! The adoption × current stage matrix as flows.

use mdkpi_contract::catalogue::{Dimension, Disclosure, KpiId, Unit};
use mdkpi_contract::label::{self, fiscal_year_in, fiscal_year_label};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Dim, Kpi, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use crate::charts::{
    ChartOption, DatumText, EChart, Emphasis, ItemColor, SankeyLink, SankeyNode, SankeySeries, Series, SeriesLabel,
    HIDDEN_COLOR,
};
use crate::words::stage_name;

/// The same matrix as flows: stage at adoption (left) → current stage (right). Hidden cells never
/// show their destination: the projects they hold flow to one grey node, x, and the description
/// says how many, so the flows never show a figure the table hides and never drop one unsaid.
pub fn transition_sankey(results: &Results, lang: Lang, fy: Option<i32>) -> Option<Html> {
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
                        formatter: format!(
                            "{} → {}: {}{}",
                            left(a),
                            right(c),
                            label::value(Unit::Count, Some(v)),
                            lang.t("件", "")
                        ),
                    },
                });
            }
            _ => {}
        }
    }
    // The projects of each adoption stage that the shown flows leave out (hidden cells) flow to
    // one grey node, x, so that every stage keeps its size and nothing disappears unsaid. A stage
    // whose n is hidden too cannot be drawn; it is named.
    let hidden_node = format!("{} {}", label::HIDDEN, lang.t("非表示", "hidden"));
    let (mut left_out, mut unknown) = (0.0, Vec::new());
    for a in 1..=4u8 {
        let line: f64 = links.iter().filter(|l| l.source == left(a)).map(|l| l.value).sum();
        let n = results.kpis.iter().find(|k| {
            k.id == KpiId::RdStageUpShare
                && k.fiscal_year == fy
                && k.breakdown.len() == 1
                && k.breakdown.get(&Dimension::AdoptionStage) == Some(&Dim::Int(a.into()))
        });
        match n {
            Some(k) if k.suppressed => unknown.push(left(a)),
            Some(k) => {
                let rest = k.denominator.unwrap_or(0) as f64 - line;
                if rest > 0.0 {
                    left_out += rest;
                    links.push(SankeyLink {
                        source: left(a),
                        target: hidden_node.clone(),
                        value: rest,
                        tooltip: DatumText {
                            formatter: format!(
                                "{} → {hidden_node}: {}{}\n{}",
                                left(a),
                                label::value(Unit::Count, Some(rest)),
                                lang.t("件", ""),
                                label::hidden_reason_in(lang, &results.definitions.statistics, Disclosure::Project)
                            ),
                        },
                    });
                }
            }
            None => {}
        }
    }
    let used = |s: &String| links.iter().any(|l| &l.source == s || &l.target == s);
    let nodes: Vec<SankeyNode> = (1..=4)
        .map(left)
        .chain((1..=5).map(right))
        .chain(std::iter::once(hidden_node.clone()))
        .filter(used)
        .map(|n| SankeyNode {
            label: DatumText { formatter: n.clone() },
            item_style: (n == hidden_node).then_some(ItemColor { color: HIDDEN_COLOR }),
            name: n,
        })
        .collect();
    let mut summary = lang.t(
        format!(
            "採択時ステージから現在ステージへの課題の流れ（{}）。表示した{total}件のうち{up}件がステージアップ。",
            fiscal_year_label(fy)
        ),
        format!(
            "Projects flowing from their stage at adoption to their current stage ({}). Of the {total} shown, {up} rose.",
            fiscal_year_in(lang, fy)
        ),
    );
    if hidden > 0 {
        let x = label::HIDDEN;
        summary += &lang.t(
            format!("{x}（非表示）のセル{hidden}個の{left_out}件は、行き先を示さず灰色の「{hidden_node}」へ流しています。"),
            format!(
                " The {left_out} projects of {hidden} hidden ({x}) cells flow to the grey node \"{hidden_node}\", their destination not shown."
            ),
        );
    }
    if !unknown.is_empty() {
        summary += &lang.t(
            format!("{}は課題数も非表示のため、流れを描けません。", unknown.join("・")),
            format!(" {}: the number of projects is hidden too, so no flows are drawn.", unknown.join("; ")),
        );
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
        right: lang.t(160, 200),
    });
    let mut option = ChartOption::flows(summary.clone(), vec![series]);
    option.aria.decal.show = false;
    let detail = lang.t(
        format!("{}・{} の流れは非表示のセル（行き先を示さない）", fiscal_year_label(fy), label::HIDDEN),
        format!(
            "{} · the flows to {} are hidden cells (destination not shown)",
            fiscal_year_in(lang, fy),
            label::HIDDEN
        ),
    );
    let footnote = label::footnote_in(lang, results, DatasetKind::Projects, &detail);
    Some(html! {
        <EChart option={option.to_json()} summary={AttrValue::from(summary)} name="stage-up-flows"
                title={AttrValue::from(lang.t(
                    format!("ステージの移動（課題数, 件・{}）", fiscal_year_label(fy)),
                    format!("Stage moves (projects, {})", fiscal_year_in(lang, fy)),
                ))} footnote={AttrValue::from(footnote)} />
    })
}

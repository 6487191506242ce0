//! The adoption × current stage matrix as flows.

use mdkpi_contract::catalogue::{Dimension, KpiId, Unit};
use mdkpi_contract::label::{self, fiscal_year_label};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Dim, Kpi, Results};
use yew::prelude::*;

use crate::charts::{
    ChartOption, DatumText, EChart, Emphasis, SankeyLink, SankeyNode, SankeySeries, Series, SeriesLabel,
};
use crate::words::stage_name;

/// The same matrix as flows: stage at adoption (left) → current stage (right). Hidden cells are
/// left out and counted in the description, so the flows never show a figure the table hides.
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
        right: lang.t(160, 200),
    });
    let mut option = ChartOption::flows(summary.clone(), vec![series]);
    option.aria.decal.show = false;
    let footnote = label::footnote(results, &format!("{}・秘匿セルは流れから除外", fiscal_year_label(fy)));
    Some(html! {
        <EChart option={option.to_json()} summary={AttrValue::from(summary)} name="stage-up-flows"
                title={AttrValue::from(lang.t(
                    format!("ステージの移動（{}）", fiscal_year_label(fy)),
                    format!("Stage moves ({})", fiscal_year_label(fy)),
                ))} footnote={AttrValue::from(footnote)} />
    })
}

//! The adoption × current stage matrix as a heatmap.

use mdkpi_contract::catalogue::{Dimension, Disclosure, KpiId, Unit};
use mdkpi_contract::label::{self, fiscal_year_in, fiscal_year_label};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Dim, Kpi, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use crate::charts::{
    Axis, ChartOption, DatumText, EChart, HeatmapCell, HeatmapSeries, InRange, ItemColor, Series, SeriesLabel,
    VisualMap, HIDDEN_COLOR,
};
use crate::words::stage_name;

/// The value a hidden cell takes in the heatmap, which is not a count (ECharts draws no cell at all
/// for a missing value). Hidden cells are a series of their own, grey and labelled x: below the
/// colour scale's minimum they were drawn in its lightest colour, like a 0, since a continuous
/// visual map counts values past its ends as in range while its handles sit at the ends.
const HIDDEN_VALUE: f64 = -1.0;

/// The adoption × current stage matrix of the latest year as a heatmap; hidden cells say x.
pub fn transition_heatmap(results: &Results, lang: Lang, fy: Option<i32>) -> Option<Html> {
    let rule = &results.definitions.statistics;
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
                _ => (HIDDEN_VALUE, lang.hidden().to_owned()),
            };
            let cell = lang.t(format!("採択時 {a} → 現在 {c}"), format!("adoption {a} → now {c}"));
            let tooltip = if value == HIDDEN_VALUE {
                format!("{cell}: {}", label::hidden_reason_in(lang, rule, Disclosure::Project))
            } else {
                format!("{cell}: {text}{}", lang.t("件", ""))
            };
            Some(HeatmapCell {
                value: (c.checked_sub(1)?, a.checked_sub(1)?, value),
                label: DatumText { formatter: text },
                tooltip: DatumText { formatter: tooltip },
            })
        })
        .partition(|cell| cell.value.2 == HIDDEN_VALUE);
    let name = |s: u8| format!("{s} {}", stage_name(lang, s));
    let x: Vec<String> = (1..=5).map(name).collect();
    let y = Axis {
        kind: "category",
        data: Some((1..=4).map(name).collect()),
        name: Some(lang.t("採択時", "at adoption").into()),
        ..Axis::default()
    };
    let summary = lang.t(
        format!("採択時ステージ×現在ステージの課題数（{}）。対角線より右がステージアップ。", fiscal_year_label(fy)),
        format!(
            "Projects by stage at adoption × current stage ({}). Right of the diagonal, the stage rose.",
            fiscal_year_in(lang, fy)
        ),
    );
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
                name: format!("{} {}", label::HIDDEN, lang.t("非表示", "hidden")),
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
    let detail = lang.t(
        format!("{}・表示されている課題 {n}件", fiscal_year_label(fy)),
        format!("{} · {n} projects shown", fiscal_year_in(lang, fy)),
    );
    let footnote = label::footnote_in(lang, results, DatasetKind::Projects, &detail);
    Some(html! {
        <EChart option={option.to_json()} summary={AttrValue::from(summary)} name="stage-up-transitions"
                title={AttrValue::from(lang.t(
                    format!("採択時×現在ステージの課題数（件・{}）", fiscal_year_label(fy)),
                    format!("Projects by stage at adoption × current stage ({})", fiscal_year_in(lang, fy)),
                ))} footnote={AttrValue::from(footnote)} />
    })
}

//! Apache ECharts, driven from Rust: typed option structs (serialised to the JSON ECharts reads) and
//! a component that owns one chart instance. ECharts itself is the npm build copied into the site
//! (never a CDN) and loaded as the global `echarts`.
//!
//! Tooltips use `renderMode: "richText"`: they are drawn on the canvas, because ECharts' HTML
//! tooltips carry inline `style` attributes that the page's CSP blocks.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    pub type ECharts;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init(el: &HtmlElement, theme: JsValue, opts: &JsValue) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(method, catch, js_name = setOption)]
    fn set_option(this: &ECharts, option: &JsValue, not_merge: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    fn resize(this: &ECharts);

    #[wasm_bindgen(method)]
    fn dispose(this: &ECharts);
}

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print.
pub const PALETTE: &[&str] = &["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];
const FONT: &str = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic UI', Meiryo, sans-serif";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartOption {
    pub animation: bool,
    pub aria: Aria,
    pub color: &'static [&'static str],
    pub text_style: TextStyle,
    pub tooltip: Tooltip,
    pub legend: Legend,
    pub grid: Grid,
    pub x_axis: Axis,
    pub y_axis: Axis,
    pub series: Vec<Series>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visual_map: Option<VisualMap>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum Series {
    Bar(BarSeries),
    Line(LineSeries),
    Heatmap(HeatmapSeries),
}

/// A heatmap over two category axes; each cell is `[x index, y index, value]` (value null when
/// hidden), with its own label text.
#[derive(Serialize)]
pub struct HeatmapSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<HeatmapCell>,
    pub label: SeriesLabel,
}

#[derive(Serialize)]
pub struct HeatmapCell {
    pub value: (usize, usize, f64),
    pub label: DatumText,
    pub tooltip: DatumText,
}

/// The colour scale of a heatmap (single-hue, readable in greyscale print).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VisualMap {
    pub min: f64,
    pub max: f64,
    pub calculable: bool,
    pub orient: &'static str,
    pub left: &'static str,
    pub bottom: u32,
    pub in_range: InRange,
    /// Cells below `min` (hidden ones) are drawn in this colour.
    pub out_of_range: OutOfRange,
}

#[derive(Serialize)]
pub struct OutOfRange {
    pub color: &'static str,
}

#[derive(Serialize)]
pub struct InRange {
    pub color: [&'static str; 2],
}

/// A line; with `stack` and `area_style` two of them draw a band (the interval).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LineSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_style: Option<AreaStyle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_style: Option<LineStyle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<SeriesLabel>,
    pub connect_nulls: bool,
}

#[derive(Serialize)]
pub struct AreaStyle {
    pub opacity: f64,
}

#[derive(Serialize)]
pub struct LineStyle {
    pub opacity: f64,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct Aria {
    pub enabled: bool,
    pub label: AriaLabel,
    pub decal: Decal,
}

#[derive(Serialize)]
pub struct AriaLabel {
    pub description: String,
}

#[derive(Serialize)]
pub struct Decal {
    pub show: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextStyle {
    pub font_family: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tooltip {
    pub trigger: &'static str,
    pub render_mode: &'static str,
}

#[derive(Serialize)]
pub struct Legend {
    pub top: &'static str,
    /// The series listed (all when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grid {
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
    pub contain_label: bool,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Axis {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_text_style: Option<NameTextStyle>,
    /// "middle" puts the name under a horizontal axis instead of past its end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_location: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_gap: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_label: Option<AxisLabel>,
}

/// Where an axis name sits: "left" keeps a long Japanese name inside the canvas.
#[derive(Serialize)]
pub struct NameTextStyle {
    pub align: &'static str,
}

#[derive(Serialize)]
pub struct AxisLabel {
    pub formatter: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BarSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<BarDatum>,
    pub label: SeriesLabel,
}

#[derive(Serialize)]
pub struct SeriesLabel {
    pub show: bool,
    pub position: &'static str,
}

/// One bar, with its own label and tooltip text (so that n and the interval travel with the value).
#[derive(Serialize)]
pub struct BarDatum {
    pub value: Option<f64>,
    pub label: DatumText,
    pub tooltip: DatumText,
}

#[derive(Serialize)]
pub struct DatumText {
    pub formatter: String,
}

impl ChartOption {
    /// A line chart with the house style (axis tooltips).
    pub fn lines(description: String, categories: Vec<String>, y: Axis, series: Vec<Series>) -> Self {
        ChartOption {
            tooltip: Tooltip { trigger: "axis", render_mode: "richText" },
            ..ChartOption::bars(description, categories, y, series)
        }
    }

    /// A vertical bar chart with the house style.
    pub fn bars(description: String, categories: Vec<String>, y: Axis, series: Vec<Series>) -> Self {
        ChartOption {
            animation: false,
            aria: Aria { enabled: true, label: AriaLabel { description }, decal: Decal { show: true } },
            color: PALETTE,
            text_style: TextStyle { font_family: FONT },
            tooltip: Tooltip { trigger: "item", render_mode: "richText" },
            legend: Legend { top: "top", data: None },
            grid: Grid { left: 16, right: 16, top: 48, bottom: 16, contain_label: true },
            x_axis: Axis { kind: "category", data: Some(categories), ..Axis::default() },
            y_axis: y,
            series,
            visual_map: None,
        }
    }

    pub fn to_json(&self) -> AttrValue {
        AttrValue::from(serde_json::to_string(self).unwrap_or_default())
    }
}

#[derive(Properties, PartialEq)]
pub struct EChartProps {
    /// The option as JSON: comparing strings is how the component knows to redraw.
    pub option: AttrValue,
    /// The chart's text alternative (also set as ECharts' aria description).
    pub summary: AttrValue,
    /// A stable name, for tests and exports (`data-chart`).
    pub name: AttrValue,
}

/// One ECharts instance in a `<div>`, resized with the window and disposed with the component.
#[component]
pub fn EChart(props: &EChartProps) -> Html {
    let node = use_node_ref();
    let chart: Rc<RefCell<Option<ECharts>>> = use_mut_ref(|| None);
    let failed = use_state(|| false);
    {
        let (node, chart, failed) = (node.clone(), chart.clone(), failed.clone());
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<HtmlElement>() {
                match echarts_init(&el, JsValue::NULL, &JsValue::UNDEFINED) {
                    Ok(instance) => *chart.borrow_mut() = Some(instance),
                    Err(_) => failed.set(true),
                }
            }
            let resize_chart = chart.clone();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                if let Some(c) = resize_chart.borrow().as_ref() {
                    c.resize();
                }
            });
            move || {
                drop(listener);
                if let Some(c) = chart.borrow_mut().take() {
                    c.dispose();
                }
            }
        });
    }
    {
        let (chart, failed) = (chart.clone(), failed.clone());
        use_effect_with(props.option.clone(), move |option| {
            if let Some(c) = chart.borrow().as_ref() {
                let ok = js_sys::JSON::parse(option).and_then(|o| c.set_option(&o, true)).is_ok();
                if !ok {
                    failed.set(true);
                }
            }
        });
    }
    html! {
        <figure class="chart">
            <div ref={node} class="chart-canvas" role="img" aria-label={props.summary.clone()}
                 data-chart={props.name.clone()}></div>
            if *failed {
                <p class="chart-fallback">{"グラフを表示できませんでした。下の表をご覧ください。 / The chart could not be drawn; see the table below."}</p>
            }
            <figcaption class="visually-hidden">{props.summary.clone()}</figcaption>
        </figure>
    }
}

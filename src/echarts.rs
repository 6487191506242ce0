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

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init_ssr(el: &JsValue, theme: JsValue, opts: &JsValue) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(method)]
    fn resize(this: &ECharts);

    #[wasm_bindgen(method, js_name = getDataURL)]
    fn get_data_url(this: &ECharts, opts: &JsValue) -> String;

    #[wasm_bindgen(method, js_name = renderToSVGString)]
    fn render_to_svg_string(this: &ECharts) -> String;

    #[wasm_bindgen(method)]
    fn on(this: &ECharts, event: &str, handler: &js_sys::Function);

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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_axis: Option<Axis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_axis: Option<Axis>,
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
    Sankey(SankeySeries),
}

/// Flows between named nodes (stage at adoption → current stage).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SankeySeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<SankeyNode>,
    pub links: Vec<SankeyLink>,
    pub label: SeriesLabel,
    pub emphasis: Emphasis,
    pub node_gap: u32,
    pub left: u32,
    pub right: u32,
}

#[derive(Serialize)]
pub struct SankeyNode {
    pub name: String,
    pub label: DatumText,
}

#[derive(Serialize)]
pub struct SankeyLink {
    pub source: String,
    pub target: String,
    pub value: f64,
    pub tooltip: DatumText,
}

#[derive(Serialize)]
pub struct Emphasis {
    pub focus: &'static str,
}

/// A heatmap over two category axes; each cell is `[x index, y index, value]`, with its own label
/// text. Coloured by the chart's [`VisualMap`], or in one colour (`item_style`) by a series the
/// visual map does not govern.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatmapSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<HeatmapCell>,
    pub label: SeriesLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_style: Option<ItemColor>,
}

#[derive(Serialize)]
pub struct ItemColor {
    pub color: &'static str,
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
    /// The series it colours (the others keep their own colour).
    pub series_index: usize,
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
    /// Categories top to bottom on a vertical axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inverse: Option<bool>,
}

/// Where an axis name sits: "left" keeps a long Japanese name inside the canvas.
#[derive(Serialize)]
pub struct NameTextStyle {
    pub align: &'static str,
}

#[derive(Serialize, Default)]
pub struct AxisLabel {
    pub formatter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BarSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<BarDatum>,
    pub label: SeriesLabel,
    /// Bars with the same stack sit end to end (negative values to the left of zero).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<&'static str>,
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
    /// The drill-down query (JSON) a click on the bar asks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drill: Option<String>,
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
            grid: Some(Grid { left: 16, right: 16, top: 48, bottom: 16, contain_label: true }),
            x_axis: Some(Axis { kind: "category", data: Some(categories), ..Axis::default() }),
            y_axis: Some(y),
            series,
            visual_map: None,
        }
    }

    /// A chart without axes (a Sankey diagram).
    pub fn flows(description: String, series: Vec<Series>) -> Self {
        ChartOption {
            grid: None,
            x_axis: None,
            y_axis: None,
            ..ChartOption::bars(description, Vec::new(), Axis::default(), series)
        }
    }

    /// The x axis (every chart built here has one unless it is [`ChartOption::flows`]).
    pub fn x(&mut self) -> &mut Axis {
        self.x_axis.get_or_insert_with(Axis::default)
    }

    /// The option as ECharts reads it, each series with its decal pattern (see [`decal`]).
    pub fn to_json(&self) -> AttrValue {
        let mut option = serde_json::to_value(self).unwrap_or_default();
        if let Some(series) = option.get_mut("series").and_then(|s| s.as_array_mut()) {
            // Bars and lines only: a heatmap's colour is its value (a pattern over it is noise), and
            // a Sankey diagram's patterns go by node within its chart, which ECharts keeps stable.
            // By name, as ECharts picks a series' colour: the two halves of a split bar (the
            // neutral answer of the satisfaction chart) are one series to the reader.
            let mut names: Vec<serde_json::Value> = Vec::new();
            for s in series.iter_mut().filter(|s| s["type"] == "bar" || s["type"] == "line") {
                let place = names.iter().position(|n| *n == s["name"]).unwrap_or_else(|| {
                    names.push(s["name"].clone());
                    names.len() - 1
                });
                s["itemStyle"]["decal"] = decal(place);
            }
        }
        AttrValue::from(option.to_string())
    }
}

/// The `i`th of ECharts' own decal patterns (its `globalDefault` `aria.decal.decals`), given to a
/// series by the place of its name in its chart, as its colour is. Left to ECharts, a series gets
/// the pattern of its name from one scope shared by every chart of the page: which pattern (and so
/// which colour and pattern pair) a year got depended on which chart had been made first.
fn decal(i: usize) -> serde_json::Value {
    use serde_json::json;
    use std::f64::consts::PI;
    let color = "rgba(0, 0, 0, 0.2)";
    // Every property given, so that nothing of ECharts' own choice is merged in.
    let (symbol, x, y, size, rotation) = match i % 6 {
        0 => ("rect", json!([1, 0]), json!([2, 5]), 1.0, PI / 6.0),
        1 => ("circle", json!([[8, 8], [0, 8, 8, 0]]), json!([6, 0]), 0.8, 0.0),
        2 => ("rect", json!([1, 0]), json!([4, 3]), 1.0, -PI / 4.0),
        3 => ("rect", json!([[6, 6], [0, 6, 6, 0]]), json!([6, 0]), 1.0, 0.0),
        4 => ("rect", json!([[1, 0], [1, 6]]), json!([1, 0, 6, 0]), 1.0, PI / 4.0),
        _ => ("triangle", json!([[9, 9], [0, 9, 9, 0]]), json!([7, 2]), 0.75, 0.0),
    };
    json!({ "color": color, "symbol": symbol, "dashArrayX": x, "dashArrayY": y, "symbolSize": size, "rotation": rotation })
}

#[derive(Properties, PartialEq)]
pub struct EChartProps {
    /// The option as JSON: comparing strings is how the component knows to redraw.
    pub option: AttrValue,
    /// The chart's text alternative in words: the trend, the highest and lowest, the change, the
    /// hidden cells. Set as the chart's ARIA description and shown on request.
    pub summary: AttrValue,
    /// A stable name, for tests and exports (`data-chart`, the file name).
    pub name: AttrValue,
    /// The title an exported image carries.
    #[prop_or_default]
    pub title: AttrValue,
    /// Sources, 年度, n and definitions: printed under an exported image.
    #[prop_or_default]
    pub footnote: AttrValue,
    /// Called with a datum's `drill` (JSON) when it is clicked.
    #[prop_or_default]
    pub on_drill: Option<Callback<String>>,
}

/// Exports are 16:9, the shape of a slide.
const EXPORT_SIZE: (u32, u32) = (1280, 720);

/// The option of an exported image: the title on top, the footnote at the bottom, a white
/// background, and room made for both.
fn export_option(option: &str, title: &str, footnote: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    let mut o: serde_json::Value = serde_json::from_str(option).ok()?;
    o["title"] = json!({"text": title, "left": 16, "top": 12, "textStyle": {"fontSize": 20, "fontFamily": FONT}});
    o["legend"]["top"] = json!(48);
    o["backgroundColor"] = json!("#ffffff");
    if let Some(grid) = o.get_mut("grid").and_then(|g| g.as_object_mut()) {
        let add = |v: Option<&serde_json::Value>, by: u64| json!(v.and_then(|v| v.as_u64()).unwrap_or(0) + by);
        let (top, bottom) = (add(grid.get("top"), 48), add(grid.get("bottom"), 64));
        grid.insert("top".into(), top);
        grid.insert("bottom".into(), bottom);
    }
    if let Some(vm) = o.get_mut("visualMap").and_then(|v| v.as_object_mut()) {
        vm.insert("bottom".into(), json!(56));
    }
    for series in o["series"].as_array_mut().into_iter().flatten() {
        if series["type"] == "sankey" {
            series["top"] = json!(96);
            series["bottom"] = json!(72);
        }
    }
    o["graphic"] = json!([{
        "type": "text", "left": 16, "bottom": 12,
        "style": {"text": footnote, "fontSize": 12, "fill": "#333333", "width": EXPORT_SIZE.0 - 32, "overflow": "break", "fontFamily": FONT}
    }]);
    Some(o)
}

fn init_options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// The chart as a PNG at 2× (for slides), drawn off-screen at slide size with its title and
/// footnote. The page's fonts draw it, so Japanese glyphs are the page's Japanese ones.
fn png(option: &serde_json::Value) -> Result<Vec<u8>, JsValue> {
    let el: HtmlElement = gloo::utils::document().create_element("div")?.unchecked_into();
    let opts = init_options(&[("width", EXPORT_SIZE.0.into()), ("height", EXPORT_SIZE.1.into())]);
    let chart = echarts_init(&el, JsValue::NULL, &opts)?;
    let parsed = js_sys::JSON::parse(&option.to_string())?;
    let result = chart.set_option(&parsed, true).map(|_| {
        chart.get_data_url(&init_options(&[
            ("type", "png".into()),
            ("pixelRatio", 2.into()),
            ("backgroundColor", "#ffffff".into()),
        ]))
    });
    chart.dispose();
    let url = result?;
    let base64 = url.split_once(',').map(|(_, b)| b).ok_or_else(|| JsValue::from_str("no image"))?;
    let binary = gloo::utils::window().atob(base64)?;
    Ok(binary.chars().map(|c| c as u8).collect())
}

/// The chart as SVG text (ECharts' SVG renderer, server-side mode: no element needed).
fn svg(option: &serde_json::Value) -> Result<String, JsValue> {
    let opts = init_options(&[
        ("renderer", "svg".into()),
        ("ssr", true.into()),
        ("width", EXPORT_SIZE.0.into()),
        ("height", EXPORT_SIZE.1.into()),
    ]);
    let chart = echarts_init_ssr(&JsValue::NULL, JsValue::NULL, &opts)?;
    let parsed = js_sys::JSON::parse(&option.to_string())?;
    let result = chart.set_option(&parsed, true).map(|_| chart.render_to_svg_string());
    chart.dispose();
    result
}

/// The chart's click handler, kept alive while the chart lives.
type ClickHandler = Rc<RefCell<Option<Closure<dyn Fn(JsValue)>>>>;

/// A chart waiting to be created: its place in the page, and whether it is in sight (unknown until
/// the observer has said).
struct Queued {
    seq: u64,
    node: web_sys::Element,
    in_sight: Option<bool>,
    create: Box<dyn FnOnce()>,
}

/// The charts waiting, whether a task to make the next is scheduled, and the observer that says
/// which are in sight.
#[derive(Default)]
struct ChartQueue {
    waiting: Vec<Queued>,
    seq: u64,
    scheduled: bool,
    sight: Option<Sight>,
}

/// The observer, with its callback kept alive beside it.
type Sight = (web_sys::IntersectionObserver, Closure<dyn Fn(js_sys::Array)>);

impl ChartQueue {
    /// The next chart to make: those in sight first, then the others in page order. A chart the
    /// observer has not reported yet waits (it reports right after the layout it needs anyway).
    fn next(&mut self) -> Option<Queued> {
        let i = (0..self.waiting.len())
            .filter(|&i| self.waiting[i].in_sight.is_some())
            .min_by_key(|&i| (self.waiting[i].in_sight != Some(true), self.waiting[i].seq))?;
        Some(self.waiting.swap_remove(i))
    }

    fn ready(&self) -> bool {
        self.waiting.iter().any(|q| q.in_sight.is_some())
    }
}

thread_local! {
    static QUEUE: RefCell<ChartQueue> = RefCell::new(ChartQueue::default());
}

/// Queues the creation of the chart in `node`: one chart per task, those in sight first, then the
/// others in the order their effects ran (the page's order). An `IntersectionObserver` says which
/// are in sight, after the page's next layout: asking each chart for its position instead forced
/// a layout per chart while the page was being built (~60 ms before the first chart). A chart of
/// the first screen does not wait for that report: it is the screen's only chart, with nothing to
/// be ordered against, and the report comes a frame later.
fn queue_chart(node: web_sys::Element, first_screen: bool, create: Box<dyn FnOnce()>) {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.seq += 1;
        let seq = q.seq;
        if q.sight.is_none() {
            let seen = Closure::<dyn Fn(js_sys::Array)>::new(seen);
            match web_sys::IntersectionObserver::new(seen.as_ref().unchecked_ref()) {
                Ok(observer) => q.sight = Some((observer, seen)),
                Err(_) => {
                    // No observer: page order only.
                    q.waiting.push(Queued { seq, node, in_sight: Some(false), create });
                    return;
                }
            }
        }
        if let Some((observer, _)) = &q.sight {
            observer.observe(&node);
        }
        q.waiting.push(Queued { seq, node, in_sight: first_screen.then_some(false), create });
    });
    schedule_chart();
}

/// The observer's report: each chart's node, in sight or not, once.
fn seen(entries: js_sys::Array) {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        for entry in entries.iter().filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()) {
            let target = entry.target();
            if let Some((observer, _)) = &q.sight {
                observer.unobserve(&target);
            }
            if let Some(queued) = q.waiting.iter_mut().find(|w| w.node == target) {
                queued.in_sight = Some(entry.is_intersecting());
            }
        }
    });
    schedule_chart();
}

/// Schedules the task that makes the next chart, unless one is scheduled or none is ready.
fn schedule_chart() {
    let schedule = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let schedule = !q.scheduled && q.ready();
        q.scheduled |= schedule;
        schedule
    });
    if schedule {
        next_chart();
    }
}

fn next_chart() {
    // www/boot.js evaluates ECharts while the page's wasm compiles, rather than before it starts:
    // it may still be on its way. Once its promise settles (loaded or not), charts are made; one
    // that cannot be shows its fallback.
    let global = js_sys::global();
    let loaded = js_sys::Reflect::has(&global, &"echarts".into()).unwrap_or(false);
    let pending =
        js_sys::Reflect::get(&global, &"mdkpiEcharts".into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match pending {
        Some(pending) if !loaded => {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(pending).await;
                make_next_chart();
            });
        }
        _ => make_next_chart(),
    }
}

fn make_next_chart() {
    gloo::timers::callback::Timeout::new(0, || {
        let next = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            q.scheduled = false;
            q.next()
        });
        if let Some(Queued { create, .. }) = next {
            create();
        }
        schedule_chart();
    })
    .forget();
}

/// Told each time a chart has been drawn (a context of [`crate::App`], which renders the
/// views below the first screen once the first chart is on screen).
#[derive(Clone, PartialEq)]
pub struct ChartDrawn(pub Callback<()>);

/// One ECharts instance in a `<div>`, resized with the window and disposed with the component,
/// with its summary on request and PNG/SVG exports.
#[component]
pub fn EChart(props: &EChartProps) -> Html {
    let node = use_node_ref();
    let chart: Rc<RefCell<Option<ECharts>>> = use_mut_ref(|| None);
    let failed = use_state(|| false);
    // The click handler reads the latest callback, so the chart is not re-initialised for it.
    let on_drill: Rc<RefCell<Option<Callback<String>>>> = use_mut_ref(|| None);
    *on_drill.borrow_mut() = props.on_drill.clone();
    // The option to draw, read when the chart is created (which may be after the option changed).
    let latest: Rc<RefCell<AttrValue>> = use_mut_ref(AttrValue::default);
    *latest.borrow_mut() = props.option.clone();
    let drawn = use_context::<ChartDrawn>();
    let first_screen = crate::use_first_screen();
    let draw = {
        let failed = failed.clone();
        move |c: &ECharts, option: &str| {
            if js_sys::JSON::parse(option).and_then(|o| c.set_option(&o, true)).is_err() {
                failed.set(true);
            } else if let Some(ChartDrawn(drawn)) = &drawn {
                drawn.emit(());
            }
        }
    };
    {
        let (node, chart, failed, on_drill, latest, draw) =
            (node.clone(), chart.clone(), failed.clone(), on_drill.clone(), latest.clone(), draw.clone());
        use_effect_with((), move |_| {
            let click: ClickHandler = Rc::new(RefCell::new(None));
            // Each chart is created in a task of its own, not in the render's effects: a view has
            // up to two dozen charts. Those in sight come first, then the others in order down the
            // page, a task each, so that the browser paints in between and stays responsive.
            let cancelled = Rc::new(std::cell::Cell::new(false));
            if let Some(el) = node.cast::<web_sys::Element>() {
                let (chart, click, cancelled) = (chart.clone(), click.clone(), cancelled.clone());
                queue_chart(
                    el,
                    first_screen,
                    Box::new(move || {
                        if cancelled.get() {
                            return;
                        }
                        let Some(el) = node.cast::<HtmlElement>() else { return };
                        match echarts_init(&el, JsValue::NULL, &JsValue::UNDEFINED) {
                            Ok(instance) => {
                                let handler = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
                                    let data =
                                        js_sys::Reflect::get(&params, &"data".into()).unwrap_or(JsValue::UNDEFINED);
                                    let drill =
                                        js_sys::Reflect::get(&data, &"drill".into()).ok().and_then(|d| d.as_string());
                                    if let (Some(drill), Some(cb)) = (drill, on_drill.borrow().as_ref()) {
                                        cb.emit(drill);
                                    }
                                });
                                instance.on("click", handler.as_ref().unchecked_ref());
                                *click.borrow_mut() = Some(handler);
                                draw(&instance, &latest.borrow());
                                *chart.borrow_mut() = Some(instance);
                            }
                            Err(_) => failed.set(true),
                        }
                    }),
                );
            }
            let resize_chart = chart.clone();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                if let Some(c) = resize_chart.borrow().as_ref() {
                    c.resize();
                }
            });
            move || {
                cancelled.set(true);
                drop(listener);
                if let Some(c) = chart.borrow_mut().take() {
                    c.dispose();
                }
                drop(click);
            }
        });
    }
    {
        let chart = chart.clone();
        use_effect_with(props.option.clone(), move |option| {
            if let Some(c) = chart.borrow().as_ref() {
                draw(c, option);
            }
        });
    }
    let export = |kind: &'static str| {
        let (option, name) = (props.option.clone(), props.name.clone());
        let title = if props.title.is_empty() { props.summary.clone() } else { props.title.clone() };
        let footnote = props.footnote.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(o) = export_option(&option, &title, &footnote) else { return };
            let file = mdkpi_contract::safe::file_name(&format!("mdkpi_{name}.{kind}"));
            let result = match kind {
                "png" => png(&o).map(|bytes| crate::files::offer(&file, "image/png", &bytes)),
                _ => svg(&o).map(|text| crate::files::offer(&file, "image/svg+xml", text.as_bytes())),
            };
            if let Err(e) = result {
                gloo::console::error!(e);
            }
        })
    };
    let summary_id = format!("summary-{}", props.name);
    let label = if props.title.is_empty() { props.summary.clone() } else { props.title.clone() };
    html! {
        <figure class="chart" data-chart-figure={props.name.clone()}>
            <div ref={node} class="chart-canvas" role="img" aria-label={label}
                 aria-describedby={summary_id.clone()} data-chart={props.name.clone()}></div>
            if *failed {
                <p class="chart-fallback">{"グラフを表示できませんでした。下の表をご覧ください。 / The chart could not be drawn; see the table below."}</p>
            }
            <figcaption>
                <details class="chart-summary">
                    <summary>{"グラフの説明 / Description"}</summary>
                    <p id={summary_id} data-testid="chart-summary">{props.summary.clone()}</p>
                </details>
                if !props.footnote.is_empty() { <p class="footnote chart-footnote">{props.footnote.clone()}</p> }
                <span class="chart-exports no-print">
                    <button type="button" data-action="export-png" onclick={export("png")}>{"PNG（2倍）"}</button>
                    <button type="button" data-action="export-svg" onclick={export("svg")}>{"SVG"}</button>
                </span>
            </figcaption>
        </figure>
    }
}

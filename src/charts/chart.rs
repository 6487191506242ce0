//! The chart component: one ECharts instance in a `<div>`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::bindings::{echarts_init, ECharts};
use super::export::Shape;
use super::queue::queue_chart;

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

/// The chart's click handler, kept alive while the chart lives.
type ClickHandler = Rc<RefCell<Option<Closure<dyn Fn(JsValue)>>>>;

/// Whether the figures shown are the embedded synthetic sample: every exported image then says so.
#[derive(Clone, Copy, PartialEq)]
pub struct SampleShown(pub bool);

/// Told each time a chart has been drawn (a context of [`crate::App`], which renders the
/// views below the first screen once the first chart is on screen).
#[derive(Clone, PartialEq)]
pub struct ChartDrawn(pub Callback<()>);

/// One ECharts instance in a `<div>`, resized with its box and disposed with the component,
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
    let first_screen = crate::hooks::use_first_screen();
    let lang = crate::lang::use_lang();
    // ECharts makes its description the chart's aria-label. An attribute cannot mark a part of it
    // as Japanese, so on an English page the label is the title (our words only) and the
    // description, with the data's values marked lang="ja", is read from aria-describedby.
    let aria_label: Rc<RefCell<Option<AttrValue>>> = use_mut_ref(|| None);
    *aria_label.borrow_mut() = (lang == crate::lang::Lang::En && !props.title.is_empty()).then(|| props.title.clone());
    let draw = {
        let failed = failed.clone();
        move |c: &ECharts, option: &str| {
            let parsed = js_sys::JSON::parse(option).inspect(|o| {
                if let Some(label) = aria_label.borrow().as_ref() {
                    let aria_label = js_sys::Reflect::get(o, &"aria".into())
                        .and_then(|aria| js_sys::Reflect::get(&aria, &"label".into()))
                        .ok()
                        .filter(JsValue::is_object);
                    if let Some(l) = aria_label {
                        let _ = js_sys::Reflect::set(&l, &"description".into(), &label.as_str().into());
                    }
                }
            });
            if parsed.and_then(|o| c.set_option(&o, true)).is_err() {
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
            let element = node.cast::<web_sys::Element>();
            if let Some(el) = element.clone() {
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
            // Resized with its box, not only the window: a chart made while its view was hidden
            // (0×0) is laid out when the view is shown, and print and a phone's rotation resize it.
            let resize_chart = chart.clone();
            let on_resize = Closure::<dyn Fn()>::new(move || {
                if let Some(c) = resize_chart.borrow().as_ref() {
                    c.resize();
                }
            });
            let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(observer), Some(el)) = (&observer, &element) {
                observer.observe(el);
            }
            // Printing lays the page out anew (two charts to a row) without telling the observer
            // before the page is printed; the print media query's change comes while the print
            // layout is in force, and a resize then draws the chart for the paper.
            let print_chart = chart.clone();
            let printing = gloo::utils::window().match_media("print").ok().flatten().map(|query| {
                gloo::events::EventListener::new(&query, "change", move |_| {
                    if let Some(c) = print_chart.borrow().as_ref() {
                        c.resize();
                    }
                })
            });
            move || {
                cancelled.set(true);
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(on_resize);
                drop(printing);
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
    let sample = use_context::<SampleShown>().is_some_and(|s| s.0).then(|| mdkpi_contract::label::sample_mark(lang));
    let shape = use_state_eq(Shape::default);
    let copied = use_state_eq(|| None::<Result<(), String>>);
    let title = if props.title.is_empty() { props.summary.clone() } else { props.title.clone() };
    let export = |kind: &'static str| {
        let (option, name, title, footnote, shape) =
            (props.option.clone(), props.name.clone(), title.clone(), props.footnote.clone(), *shape);
        Callback::from(move |_: MouseEvent| super::export::save(kind, &option, &name, &title, &footnote, sample, shape))
    };
    let copy = {
        let (option, title, footnote, shape, copied) =
            (props.option.clone(), title.clone(), props.footnote.clone(), *shape, copied.clone());
        Callback::from(move |_: MouseEvent| {
            let (option, title, footnote, copied) = (option.clone(), title.clone(), footnote.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(super::export::copy(lang, &option, &title, &footnote, sample, shape).await));
            });
        })
    };
    let on_shape = {
        let shape = shape.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            shape.set(if value == Shape::Standard.slug() { Shape::Standard } else { Shape::Wide });
        })
    };
    let summary_id = format!("summary-{}", props.name);
    let label = if props.title.is_empty() { props.summary.clone() } else { props.title.clone() };
    html! {
        <figure class="chart" data-chart-figure={props.name.clone()}>
            <div ref={node} class="chart-canvas" role="img" aria-label={label}
                 aria-describedby={summary_id.clone()} data-chart={props.name.clone()}></div>
            if *failed {
                <p class="chart-fallback">{lang.t("グラフを表示できませんでした。下の表をご覧ください。", "The chart could not be drawn; see the table below.")}</p>
            }
            <figcaption>
                <details class="chart-summary">
                    <summary>{lang.t("グラフの説明", "Description")}</summary>
                    <p id={summary_id} data-testid="chart-summary">{crate::words::marked(lang, &props.summary)}</p>
                </details>
                if !props.footnote.is_empty() { <p class="footnote chart-footnote">{crate::words::marked(lang, &props.footnote)}</p> }
                <span class="chart-exports no-print">
                    <label>
                        <span class="visually-hidden">{lang.t("画像の縦横比", "Image shape")}</span>
                        <select data-option="shape" onchange={on_shape}>
                            { for [Shape::Wide, Shape::Standard].into_iter().map(|s| html! {
                                <option value={s.slug()} selected={s == *shape}>{s.slug()}</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" data-action="export-png" onclick={export("png")}>{lang.t("PNG（2倍）", "PNG (2×)")}</button>
                    <button type="button" data-action="export-svg" onclick={export("svg")}>{"SVG"}</button>
                    <button type="button" data-action="copy-png" onclick={copy}>{lang.t("コピー", "Copy")}</button>
                    if let Some(outcome) = &*copied {
                        <span class="footnote" role="status" data-testid="copied">{match outcome {
                            Ok(()) => lang.t("画像をコピーしました", "Copied as an image").to_owned(),
                            Err(e) => e.clone(),
                        }}</span>
                    }
                </span>
            </figcaption>
        </figure>
    }
}

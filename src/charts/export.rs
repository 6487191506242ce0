//! A chart as an image for slides: PNG at 2× or SVG, at slide size, with its title and footnote.

use mdkpi_contract::lang::Lang;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use super::bindings::{echarts_init, echarts_init_ssr, init_options};
use super::option::FONT;

/// The shape of an exported image: a slide's, 16:9 (today's default) or 4:3 (older templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    #[default]
    Wide,
    Standard,
}

impl Shape {
    /// Its size in CSS pixels (the PNG is twice this).
    fn size(self) -> (u32, u32) {
        match self {
            Shape::Wide => (1280, 720),
            Shape::Standard => (1024, 768),
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Shape::Wide => "16:9",
            Shape::Standard => "4:3",
        }
    }
}

/// The option of an exported image: the title on top, the footnote at the bottom, the sample's
/// mark (top right) if it is the sample (`sample`, in the page's language), a white background, and
/// room made for them.
fn export_option(
    option: &str,
    title: &str,
    footnote: &str,
    sample: Option<&str>,
    shape: Shape,
) -> Option<serde_json::Value> {
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
    let mut graphic = vec![json!({
        "type": "text", "left": 16, "bottom": 12,
        "style": {"text": footnote, "fontSize": 12, "fill": "#333333", "width": shape.size().0 - 32, "overflow": "break", "fontFamily": FONT}
    })];
    if let Some(mark) = sample {
        graphic.push(json!({
            "type": "text", "right": 16, "top": 14,
            "style": {"text": mark, "fontSize": 18, "fontWeight": "bold", "fill": "#b42318", "fontFamily": FONT}
        }));
    }
    o["graphic"] = json!(graphic);
    Some(o)
}

/// The chart as a PNG at 2× (for slides), drawn off-screen at slide size with its title and
/// footnote. The page's fonts draw it, so Japanese glyphs are the page's Japanese ones.
fn png(option: &serde_json::Value, shape: Shape) -> Result<Vec<u8>, JsValue> {
    let (width, height) = shape.size();
    let el: HtmlElement = gloo::utils::document().create_element("div")?.unchecked_into();
    let opts = init_options(&[("width", width.into()), ("height", height.into())]);
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
fn svg(option: &serde_json::Value, shape: Shape) -> Result<String, JsValue> {
    let (width, height) = shape.size();
    let opts = init_options(&[
        ("renderer", "svg".into()),
        ("ssr", true.into()),
        ("width", width.into()),
        ("height", height.into()),
    ]);
    let chart = echarts_init_ssr(&JsValue::NULL, JsValue::NULL, &opts)?;
    let parsed = js_sys::JSON::parse(&option.to_string())?;
    let result = chart.set_option(&parsed, true).map(|_| chart.render_to_svg_string());
    chart.dispose();
    result
}

/// Offers the chart of `option` (its JSON) as `mdkpi_{name}.{kind}`, `kind` being `png` or `svg`.
pub fn save(kind: &str, option: &str, name: &str, title: &str, footnote: &str, sample: Option<&str>, shape: Shape) {
    let Some(o) = export_option(option, title, footnote, sample, shape) else { return };
    let file = mdkpi_contract::safe::file_name(&format!("mdkpi_{name}.{kind}"));
    let result = match kind {
        "png" => png(&o, shape).map(|bytes| crate::files::offer(&file, "image/png", &bytes)),
        _ => svg(&o, shape).map(|text| crate::files::offer(&file, "image/svg+xml", text.as_bytes())),
    };
    if let Err(e) = result {
        gloo::console::error!(e);
    }
}

/// Puts the chart's PNG (as [`save`] makes it) on the clipboard, where the browser allows a page
/// to write images there (the Clipboard API's `ClipboardItem`; Chromium and Safari do, Firefox
/// from 127). Nothing leaves the browser: the clipboard is the user's own.
pub async fn copy(
    lang: Lang,
    option: &str,
    title: &str,
    footnote: &str,
    sample: Option<&str>,
    shape: Shape,
) -> Result<(), String> {
    // A refusal is a DOMException: its message says why (permission, focus).
    let text = |e: JsValue| {
        let message = js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
        let why = e.as_string().or(message).unwrap_or_default();
        lang.t(format!("コピーできませんでした: {why}"), format!("Could not copy: {why}"))
    };
    let o = export_option(option, title, footnote, sample, shape).ok_or("no chart")?;
    let bytes = png(&o, shape).map_err(text)?;
    let get =
        |target: &JsValue, key: &str| js_sys::Reflect::get(target, &key.into()).ok().filter(|v| !v.is_undefined());
    let unsupported = || lang.t("このブラウザでは画像をコピーできません", "This browser cannot copy images").to_owned();
    let constructor: js_sys::Function =
        get(&js_sys::global(), "ClipboardItem").ok_or_else(unsupported)?.unchecked_into();
    let clipboard = get(&gloo::utils::window().navigator(), "clipboard").ok_or_else(unsupported)?;
    let write: js_sys::Function = get(&clipboard, "write").ok_or_else(unsupported)?.unchecked_into();
    let blob = gloo::file::Blob::new_with_options(&bytes[..], Some("image/png"));
    let items = js_sys::Object::new();
    js_sys::Reflect::set(&items, &"image/png".into(), blob.as_ref()).map_err(text)?;
    let item = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&items)).map_err(text)?;
    let promise: js_sys::Promise = write.call1(&clipboard, &js_sys::Array::of1(&item)).map_err(text)?.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(text)
}

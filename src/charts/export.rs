//! A chart as an image for slides: PNG at 2× or SVG, at slide size, with its title and footnote.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use super::bindings::{echarts_init, echarts_init_ssr, init_options};
use mdkpi_contract::label::SAMPLE_MARK;

use super::option::FONT;

/// Exports are 16:9, the shape of a slide.
const EXPORT_SIZE: (u32, u32) = (1280, 720);

/// The option of an exported image: the title on top, the footnote at the bottom, the sample's
/// mark (top right) if it is the sample, a white background, and room made for them.
fn export_option(option: &str, title: &str, footnote: &str, sample: bool) -> Option<serde_json::Value> {
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
        "style": {"text": footnote, "fontSize": 12, "fill": "#333333", "width": EXPORT_SIZE.0 - 32, "overflow": "break", "fontFamily": FONT}
    })];
    if sample {
        graphic.push(json!({
            "type": "text", "right": 16, "top": 14,
            "style": {"text": SAMPLE_MARK, "fontSize": 18, "fontWeight": "bold", "fill": "#b42318", "fontFamily": FONT}
        }));
    }
    o["graphic"] = json!(graphic);
    Some(o)
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

/// Offers the chart of `option` (its JSON) as `mdkpi_{name}.{kind}`, `kind` being `png` or `svg`.
pub fn save(kind: &str, option: &str, name: &str, title: &str, footnote: &str, sample: bool) {
    let Some(o) = export_option(option, title, footnote, sample) else { return };
    let file = mdkpi_contract::safe::file_name(&format!("mdkpi_{name}.{kind}"));
    let result = match kind {
        "png" => png(&o).map(|bytes| crate::files::offer(&file, "image/png", &bytes)),
        _ => svg(&o).map(|text| crate::files::offer(&file, "image/svg+xml", text.as_bytes())),
    };
    if let Err(e) = result {
        gloo::console::error!(e);
    }
}

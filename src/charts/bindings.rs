//! The calls into ECharts (the global `echarts`): create a chart, set its option, resize it, listen
//! to its events, export it, dispose of it.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen]
extern "C" {
    pub type ECharts;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    pub(crate) fn echarts_init(el: &HtmlElement, theme: JsValue, opts: &JsValue) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(method, catch, js_name = setOption)]
    pub(crate) fn set_option(this: &ECharts, option: &JsValue, not_merge: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    pub(crate) fn echarts_init_ssr(el: &JsValue, theme: JsValue, opts: &JsValue) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(method)]
    pub(crate) fn resize(this: &ECharts);

    #[wasm_bindgen(method, js_name = getDataURL)]
    pub(crate) fn get_data_url(this: &ECharts, opts: &JsValue) -> String;

    #[wasm_bindgen(method, js_name = renderToSVGString)]
    pub(crate) fn render_to_svg_string(this: &ECharts) -> String;

    #[wasm_bindgen(method)]
    pub(crate) fn on(this: &ECharts, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method)]
    pub(crate) fn dispose(this: &ECharts);
}

/// A JS object of `pairs`, as ECharts takes its init and export options.
pub(crate) fn init_options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

//! The browser app's entry point, built by Trunk. The same wasm runs in two places: on the page,
//! where `main` mounts the UI, and in the engine's Web Worker (`www/worker.js`), which has no window
//! and calls [`engine_compute`].

#[cfg(target_arch = "wasm32")]
fn main() {
    if web_sys::window().is_some() {
        mdkpi::app::start();
    }
}

/// The worker's entry: `files` is an array of `{meta, bytes}` (see `app::engine`), or null to
/// recompute the files it already read; `options` is the
/// options JSON; `progress(label, fraction)` is called as the work goes on. Returns
/// `{"results": …, "headers": […]}` as JSON.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_compute(
    files: wasm_bindgen::JsValue,
    options: &str,
    progress: &js_sys::Function,
) -> Result<String, wasm_bindgen::JsValue> {
    mdkpi::app::engine::compute_request(files, options, progress)
}

/// The worker's drill-down: the rows behind the figure `query` (JSON), as JSON. `files` and
/// `options` are as for [`engine_compute`].
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_drill(
    files: wasm_bindgen::JsValue,
    options: &str,
    query: &str,
    progress: &js_sys::Function,
) -> Result<String, wasm_bindgen::JsValue> {
    mdkpi::app::engine::drill_request(files, options, query, progress)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mdkpi-web is the browser app: run `cargo xtask serve`. The CLI is `mdkpi`.");
    std::process::exit(2);
}

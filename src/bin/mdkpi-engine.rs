//! The browser app's engine, built by Trunk as a wasm of its own and run by the engine's Web
//! Worker (`www/worker.js`): reading, checking and computing, off the page and out of the page's
//! download. The page's side is `mdkpi::app::engine::EngineClient`.

/// Answers one request of the page: `request` and `options` are JSON, `files` an array of
/// `{meta, blob}` whose bytes were received (`engine_receive_file`, `engine_receive_chunk`), or
/// null (the files already read); `progress(label, fraction)` is called as the work goes on. See
/// `mdkpi::app::engine::Request` for the answers.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_request(
    request: &str,
    files: wasm_bindgen::JsValue,
    options: &str,
    progress: &js_sys::Function,
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    mdkpi::app::engine::answer(request, files, options, progress)
}

/// Starts receiving file `index` (of `size` bytes) of the next request; 0 forgets earlier ones.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_receive_file(index: u32, size: f64) {
    mdkpi::app::engine::receive_file(index, size)
}

/// Appends a chunk of its bytes to the file being received.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_receive_chunk(chunk: &js_sys::Uint8Array) -> Result<(), wasm_bindgen::JsValue> {
    mdkpi::app::engine::receive_chunk(chunk)
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mdkpi-engine is the browser app's engine: run `cargo xtask serve`. The CLI is `mdkpi`.");
    std::process::exit(2);
}

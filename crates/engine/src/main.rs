//! The engine's wasm, run by the page's Web Worker (`www/worker.js`): a thin wasm-bindgen layer
//! over [`mdkpi_engine::Engine`]. The worker relays; every message is the protocol's JSON
//! (`mdkpi_core::contract::protocol`), and bytes travel beside it as `Uint8Array`s.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::cell::RefCell;

    use mdkpi_engine::Engine;
    use wasm_bindgen::prelude::*;

    thread_local! {
        static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
    }

    fn json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    /// Starts on a call (its JSON); its files' bytes come next.
    #[wasm_bindgen]
    pub fn engine_begin(call: &str) -> Result<(), JsValue> {
        ENGINE.with(|e| e.borrow_mut().begin(call)).map_err(|e| JsValue::from_str(&e))
    }

    /// Starts receiving file `index` of the call; returns the progress reply to post (JSON).
    #[wasm_bindgen]
    pub fn engine_receive_file(index: u32) -> String {
        json(&ENGINE.with(|e| e.borrow_mut().receive_file(index as usize)))
    }

    /// Appends a chunk of the file being received.
    #[wasm_bindgen]
    pub fn engine_receive_chunk(chunk: &js_sys::Uint8Array) -> Result<(), JsValue> {
        // Copied out whole, then appended: growing the file first (zeroing what is then
        // overwritten) was ~0.37 s of a 107 MB read in a profile of the size-optimised wasm.
        let chunk = chunk.to_vec();
        ENGINE.with(|e| e.borrow_mut().receive_chunk(&chunk)).map_err(|e| JsValue::from_str(&e))
    }

    /// Answers the call: `{reply, bytes}`, the reply's JSON and the byte buffers it names.
    /// `progress(reply)` is called with each progress reply's JSON as the work goes on.
    #[wasm_bindgen]
    pub fn engine_answer(progress: &js_sys::Function) -> Result<JsValue, JsValue> {
        let mut report = |reply: &mdkpi_core::contract::protocol::Reply| {
            // A failed progress message must not stop the work.
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&json(reply)));
        };
        let (reply, bytes) = ENGINE.with(|e| e.borrow_mut().answer(&mut report));
        let buffers = js_sys::Array::new();
        for b in bytes {
            buffers.push(&js_sys::Uint8Array::from(b.as_slice()));
        }
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"reply".into(), &JsValue::from_str(&json(&reply)))?;
        js_sys::Reflect::set(&out, &"bytes".into(), &buffers)?;
        Ok(out.into())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mdkpi-engine is the page's engine, run by its worker: run `cargo xtask serve`. The CLI is `mdkpi`.");
    std::process::exit(2);
}

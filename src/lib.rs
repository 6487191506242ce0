//! The browser shell: Yew function components over the pure core. One reducer ([`state`]) holds
//! the state; components render it and dispatch actions, and hold no business rules.
//!
//! `state.rs` (the reducer) and `route.rs` (the URL hash) are plain Rust; `hooks/` holds the
//! effects (the engine, storage, the hash, the first screen, the language), `components/` the
//! views, `charts/` ECharts.

pub mod charts;
mod components;
pub mod engine;
pub mod files;
mod hooks;
pub mod lang;
pub mod route;
pub mod state;
pub mod storage;
mod words;

use wasm_bindgen::JsCast;

pub use components::App;

/// Shows a fatal error in a panel built with plain DOM calls (the UI may be what failed), with the
/// details selectable and a button that copies them. Nothing is sent anywhere.
pub fn show_fatal(details: &str) {
    let document = gloo::utils::document();
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_class_name("fatal");
    panel.set_id("fatal");
    let _ = panel.set_attribute("role", "alert");
    let message = document.create_element("p");
    let area = document.create_element("textarea");
    let button = document.create_element("button");
    let (Ok(message), Ok(area), Ok(button)) = (message, area, button) else { return };
    message.set_text_content(Some(
        "予期しないエラーが発生しました。ページを再読み込みしてください。データはどこにも送信されていません。 / \
         Something went wrong. Please reload the page. No data was sent anywhere.",
    ));
    area.set_text_content(Some(details));
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-label", "エラーの詳細 / Error details");
    button.set_text_content(Some("詳細をコピー / Copy details"));
    let _ = button.set_attribute("data-action", "copy-error-details");
    let text = details.to_owned();
    let copy = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let clipboard = js_sys::Reflect::get(&gloo::utils::window().navigator(), &"clipboard".into());
        if let Ok(clipboard) = clipboard {
            if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
                if let Ok(write) = write.dyn_into::<js_sys::Function>() {
                    let _ = write.call1(&clipboard, &text.as_str().into());
                }
            }
        }
    });
    let _ = button.add_event_listener_with_callback("click", copy.as_ref().unchecked_ref());
    copy.forget();
    let _ = panel.append_child(&message);
    let _ = panel.append_child(&area);
    let _ = panel.append_child(&button);
    let _ = gloo::utils::body().prepend_with_node_1(&panel);
}

/// Mounts the app into `#app` (replacing the loading message and the first screen's snapshot), or
/// into `<body>`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    let document = gloo::utils::document();
    let root = match document.get_element_by_id("app") {
        Some(root) => {
            root.set_inner_html("");
            root
        }
        None => gloo::utils::body().into(),
    };
    yew::Renderer::<App>::with_root(root).render();
    // The build's snapshot of the first screen (xtask/snapshot.mjs) goes once the app has rendered
    // its own, in the same task: the browser paints one or the other, never neither.
    if let Some(snapshot) = document.get_element_by_id("snapshot") {
        snapshot.remove();
    }
}

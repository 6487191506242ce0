use yew::prelude::*;

use crate::lang::{self, Lang};

/// The page's language (the browser's at first) and the callback that switches it. `<html lang>`
/// follows, so that fonts and screen readers do.
#[hook]
pub fn use_language() -> (Lang, Callback<MouseEvent>) {
    let lang = use_state(lang::from_browser);
    {
        let code = lang.code();
        use_effect_with(code, |code| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", code);
            }
        });
    }
    let toggle = {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(lang.other()))
    };
    (*lang, toggle)
}

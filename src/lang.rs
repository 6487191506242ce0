//! The page language ([`Lang`], the contract's): Japanese first, English on request. The default
//! follows the browser (Japanese unless the browser asks for English); the choice sets
//! `<html lang>` so that fonts and screen readers follow it.

pub use mdkpi_contract::lang::Lang;
use yew::prelude::*;

/// The language the browser asks for.
pub fn from_browser() -> Lang {
    let language = gloo::utils::window().navigator().language().unwrap_or_default();
    if language.starts_with("en") {
        Lang::En
    } else {
        Lang::Ja
    }
}

/// The language in force (Japanese where no provider is mounted, as in component tests).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

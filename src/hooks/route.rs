use yew::prelude::*;

use crate::route::Route;
use crate::state::{Action, AppState};

/// The location's hash, and a way to set it without a history entry or a `hashchange`.
fn location_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

fn replace_hash(hash: &str) {
    if location_hash() != hash {
        if let Ok(history) = gloo::utils::window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
        }
    }
}

/// The URL hash: read at start and whenever it changes (back button, a pasted link), and kept in
/// step with the view and the filters; a view asked for is scrolled to.
#[hook]
pub fn use_route(dispatch: UseReducerDispatcher<AppState>, state: &AppState) {
    use_effect_with((), move |_| {
        if let Some(route) = Route::from_hash(&location_hash()) {
            dispatch.dispatch(Action::Navigate(route));
        }
        let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            if let Some(route) = Route::from_hash(&location_hash()) {
                dispatch.dispatch(Action::Navigate(route));
            }
        });
        move || drop(listener)
    });
    let route = Route { view: state.view, filter: state.options.filter.clone() };
    use_effect_with((route, state.scrolls), |(route, scrolls)| {
        // The first screen keeps a plain URL (or the anchor it was opened with) until the user
        // navigates or filters.
        if *scrolls > 0 || *route != Route::default() || Route::from_hash(&location_hash()).is_some() {
            replace_hash(&route.to_hash());
        }
    });
    let view = state.view;
    use_effect_with(state.scrolls, move |&scrolls| {
        if scrolls > 0 {
            if let Some(el) = gloo::utils::document().get_element_by_id(&view.element_id()) {
                el.scroll_into_view();
            }
        }
    });
}

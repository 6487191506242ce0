use yew::prelude::*;

use crate::lang::Lang;
use crate::route::{Route, View};
use crate::state::{Action, AppState};

/// The location's hash, and a way to set it without a `hashchange`.
fn location_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Sets the hash: a new history entry when `push` (another view, so that Back returns to the one
/// before), else in place (a filter changed).
fn set_hash(hash: &str, push: bool) {
    if location_hash() != hash {
        if let Ok(history) = gloo::utils::window().history() {
            let _ = if push {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash))
            } else {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash))
            };
        }
    }
}

/// The URL hash: read at start and whenever it changes (back button, a pasted link), and kept in
/// step with the view and the filters (another view is a new history entry); a view asked for opens
/// at its top, or at the goal's section asked for.
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
    let route = Route { view: state.view, filter: state.options.filter.clone(), goal: state.goal, money: state.money };
    let shown = use_mut_ref(|| None);
    use_effect_with((route, state.scrolls), move |(route, scrolls)| {
        let before = shown.replace(Some(route.view));
        // The first screen keeps a plain URL (or the anchor it was opened with) until the user
        // navigates or filters.
        if *scrolls > 0 || *route != Route::default() || Route::from_hash(&location_hash()).is_some() {
            set_hash(&route.to_hash(), before.is_some_and(|v| v != route.view));
        }
    });
    let goal = state.goal;
    use_effect_with(state.scrolls, move |&scrolls| {
        if scrolls > 0 {
            let section = goal.and_then(|g| gloo::utils::document().get_element_by_id(&format!("goal-{g}")));
            match section {
                Some(el) => el.scroll_into_view(),
                None => gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0),
            }
        }
    });
}

/// The document's title names the view shown (WCAG 2.4.2): a tab, a bookmark and the history list
/// say which view they hold.
#[hook]
pub fn use_title(view: View, lang: Lang) {
    use_effect_with((view, lang), |(view, lang)| {
        let app = lang.t("医療機器基本計画 KPI ダッシュボード", "Medical Device Basic Plan KPI dashboard");
        gloo::utils::document().set_title(&format!("{} — {app}", view.label(*lang)));
    });
}

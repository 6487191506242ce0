//! The first screen is the data panel, the overview and the first goal's KPIs (where the first
//! chart is). The rest (the other goals, stage-up, satisfaction, reference: some twenty charts and
//! their tables) is rendered once the first chart has been painted, or after 2 s if none is, so
//! that the first chart does not wait for it; at once when a view is asked for.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::charts::ChartDrawn;
use crate::route::View;

/// True while the page renders its first screen only: a view may then leave out what is far below
/// the fold.
#[derive(Clone, Copy, PartialEq)]
pub struct FirstScreen(pub bool);

/// True while the first screen is rendered. What it leaves out is below the first chart or inside
/// a closed `<details>`, so that nothing the user can see moves when the rest follows.
#[hook]
pub fn use_first_screen() -> bool {
    use_context::<FirstScreen>().is_some_and(|f| f.0)
}

/// Calls `then` after the browser has painted twice from now, in a task of its own.
pub(crate) fn after_two_paints(then: impl FnOnce() + 'static) {
    let window = gloo::utils::window();
    let second = move || {
        let task = wasm_bindgen::closure::Closure::once_into_js(move || {
            gloo::timers::callback::Timeout::new(0, then).forget()
        });
        let _ = gloo::utils::window().request_animation_frame(task.unchecked_ref());
    };
    let first = wasm_bindgen::closure::Closure::once_into_js(second);
    let _ = window.request_animation_frame(first.unchecked_ref());
}

/// Whether the rest is rendered (with `view` shown), and the [`ChartDrawn`] the charts report to.
#[hook]
pub fn use_rest(view: View) -> (bool, ChartDrawn) {
    let rest = use_state_eq(|| false);
    {
        let rest = rest.setter();
        use_effect_with((), move |_| {
            let fallback = gloo::timers::callback::Timeout::new(2_000, move || rest.set(true));
            move || drop(fallback)
        });
    }
    let chart_drawn = {
        let (rest, asked) = (rest.setter(), use_mut_ref(|| false));
        use_memo((), move |_| {
            ChartDrawn(Callback::from(move |()| {
                if !std::mem::replace(&mut *asked.borrow_mut(), true) {
                    let rest = rest.clone();
                    after_two_paints(move || rest.set(true));
                }
            }))
        })
    };
    (*rest || !matches!(view, View::Data | View::Overview), (*chart_drawn).clone())
}

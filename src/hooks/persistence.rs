use std::rc::Rc;

use yew::prelude::*;

use crate::files::Blobs;
use crate::state::{Action, AppState};
use crate::storage;

/// Data kept on this browser (only if the user switched persistence on) comes back at start; while
/// persistence is on, every computed state is kept.
#[hook]
pub fn use_persistence(dispatch: UseReducerDispatcher<AppState>, blobs: &Blobs, state: &AppState) {
    {
        let (dispatch, blobs) = (dispatch.clone(), blobs.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match storage::load(&blobs).await {
                    Ok(Some((files, options, saved_at))) => {
                        dispatch.dispatch(Action::Restore { files, options, saved_at })
                    }
                    Ok(None) => {}
                    Err(e) => dispatch.dispatch(Action::Notice(format!(
                        "保存したデータを読めませんでした / Could not read saved data: {e}"
                    ))),
                }
            });
        });
    }
    let blobs = blobs.clone();
    let on = state.persisted.is_some() && state.job.is_none();
    let (inputs, options) = (state.inputs.clone(), state.options.clone());
    use_effect_with((Rc::as_ptr(&state.results) as usize, on), move |&(_, on)| {
        if on {
            wasm_bindgen_futures::spawn_local(async move {
                match storage::save(&inputs, &blobs, &options).await {
                    Ok(saved_at) => dispatch.dispatch(Action::Persisted(Some(saved_at))),
                    Err(e) => dispatch.dispatch(Action::Notice(format!("保存できませんでした / Could not save: {e}"))),
                }
            });
        }
    });
}

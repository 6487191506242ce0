use std::rc::Rc;

use yew::prelude::*;

use crate::files::Blobs;
use crate::state::{Action, AppState, Notice};
use crate::storage;

/// Why storage may be refused where the page was opened from a file (the one-file edition): some
/// browsers give such a page no storage of its own. (Japanese page's words, English page's words.)
fn opaque_origin_hint() -> (&'static str, &'static str) {
    if storage::opened_from_file() {
        (
            "（ファイルから直接開いたページには、ブラウザによって保存が許されません。保存が必要なら、社内のウェブサーバーに置いたダッシュボードをお使いください / some browsers allow no storage to a page opened from a file: use the dashboard from an internal web server to keep data）",
            " (some browsers allow no storage to a page opened from a file: use the dashboard from an internal web server to keep data)",
        )
    } else {
        ("", "")
    }
}

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
                    Err(e) => dispatch.dispatch(Action::Notice(Notice::both(
                        "保存したデータを読めませんでした",
                        format!("Could not read saved data: {e}"),
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
                    Err(e) => {
                        // The switch goes back off: it never says "kept" while nothing is.
                        dispatch.dispatch(Action::Persisted(None));
                        let (ja, en) = opaque_origin_hint();
                        dispatch.dispatch(Action::Notice(Notice::new(
                            format!("保存できませんでした / Could not save: {e}{ja}"),
                            format!("Could not save: {e}{en}"),
                        )));
                    }
                }
            });
        }
    });
}

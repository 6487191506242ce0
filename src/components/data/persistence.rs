//! Keeping the data on this browser (opt-in), and wiping everything.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, AppState, Notice};

/// The switch that keeps the data on this browser, when it was last kept (`persisted`), and the
/// button that clears all data, kept or not.
pub fn persistence(
    lang: crate::lang::Lang,
    persisted: Option<&String>,
    dispatch: &UseReducerDispatcher<AppState>,
) -> Html {
    let on_persist = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                // The save itself follows (`use_persistence` keeps every computed state while this is on).
                dispatch.dispatch(Action::Persisted(Some(String::new())));
            } else {
                let dispatch = dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = crate::storage::wipe().await;
                    dispatch.dispatch(Action::Persisted(None));
                });
            }
        })
    };
    let clear_all = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = crate::storage::wipe().await;
                dispatch.dispatch(Action::ClearAll);
                dispatch.dispatch(Action::Notice(match result {
                    Ok(()) => Notice::new(
                        "すべてのデータを消去しました（このブラウザの保存分も含む）。",
                        "All data cleared, including what this browser kept.",
                    ),
                    Err(e) => Notice::new(
                        format!("保存分を消去できませんでした: {e}"),
                        format!("Could not clear stored data: {e}"),
                    ),
                }));
            });
        })
    };
    html! {
        <div class="options" role="group" aria-label={lang.t("データの保存", "Keeping data")}>
            <label><input type="checkbox" data-option="persist" checked={persisted.is_some()} onchange={on_persist} />
                {lang.t("このブラウザにデータを保存する（既定はオフ。保存先はこのブラウザの中だけです）", "Keep the data in this browser")}</label>
            if let Some(at) = persisted.filter(|at| !at.is_empty()) {
                <span class="footnote" data-testid="persisted-at">{lang.t(format!("保存日時: {at}"), format!("Saved: {at}"))}</span>
            }
            if crate::storage::opened_from_file() {
                // Chrome and Edge keep one storage for every page opened from a file.
                <p class="footnote" data-testid="file-storage-warning">{lang.t("ファイルから直接開いているため、保存したデータは、このブラウザで開く他のローカル HTML ファイルからも読める場合があります。", "Opened from a file: what is kept here may be readable by other local HTML files opened in this browser.")}</p>
            }
            <button type="button" data-action="clear-all" onclick={clear_all}>{lang.t("すべてのデータを消去", "Clear all data")}</button>
        </div>
    }
}

//! The engine's work under way.

use yew::prelude::*;

use crate::state::{Action, AppState, Job};

#[derive(Properties, PartialEq)]
pub struct JobProps {
    pub job: Job,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Progress of the engine's work, with a cancel button.
#[component]
pub fn JobProgress(props: &JobProps) -> Html {
    let lang = crate::lang::use_lang();
    let percent = (props.job.fraction * 100.0).clamp(0.0, 100.0).round();
    let cancel = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Cancel))
    };
    html! {
        <div class="job" data-testid="progress">
            <label for="job-progress">{lang.t("処理中: ", "Working: ")}{props.job.label.clone()}</label>
            <progress id="job-progress" max="100" value={percent.to_string()}>{format!("{percent}%")}</progress>
            <button type="button" data-action="cancel-import" onclick={cancel}>{lang.t("中止", "Cancel")}</button>
        </div>
    }
}

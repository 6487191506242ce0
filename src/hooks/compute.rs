use mdkpi_contract::protocol::{Answer, Request};
use yew::prelude::*;

use crate::engine::{Answered, EngineClient, EngineError, Files};
use crate::hooks::first_screen::after_two_paints;
use crate::state::{Action, AppState};

/// A cancel, or a failure (after which the wasm cannot be trusted): a fresh worker next time.
#[hook]
pub fn use_cancel(engine: &EngineClient, cancels: u64) {
    let engine = engine.clone();
    use_effect_with(cancels, move |&cancels| {
        if cancels > 0 {
            engine.cancel();
        }
    });
}

/// Each new request (`state.request`) that starts a job: the engine computes the inputs under the
/// options, reporting progress, and the results (or the failure) come back as an action.
#[hook]
pub fn use_compute(engine: &EngineClient, dispatch: UseReducerDispatcher<AppState>, state: &AppState) {
    let engine = engine.clone();
    let job = state.job.as_ref().map(|j| j.id);
    let (inputs, options) = (state.inputs.clone(), state.options.clone());
    use_effect_with(state.request, move |&id| {
        if job != Some(id) {
            return;
        }
        let progress = {
            let dispatch = dispatch.clone();
            Callback::from(move |(label, fraction)| dispatch.dispatch(Action::Progress { id, label, fraction }))
        };
        let answer = engine.ask(Request::Compute, Files::Read(&inputs), &options, Some(progress));
        wasm_bindgen_futures::spawn_local(async move {
            match answer.await {
                // A newer request or a cancel replaced this one: nothing to report.
                Err(EngineError::Cancelled) => {}
                Err(EngineError::Failed(message)) => dispatch.dispatch(Action::Failed { id, message }),
                Ok(Answered { answer: Answer::Computed { payload }, .. }) => {
                    dispatch.dispatch(Action::Computed { id, payload })
                }
                Ok(_) => dispatch.dispatch(Action::Failed { id, message: "the engine gave another answer".to_owned() }),
            }
        });
    });
}

/// Once the page is complete (`rest`: every view rendered) and painted, the engine is started in
/// the background on the sample shown ([`EngineClient::warm_up`]), so that the user's first drop
/// or filter does not wait for its worker to start and its code to compile (`cargo xtask bench`,
/// the typical drop). Its answer changes no figure. Nothing starts when the page opened on other
/// data (a request has started the engine already).
#[hook]
pub fn use_warm_up(engine: &EngineClient, dispatch: UseReducerDispatcher<AppState>, state: &AppState, rest: bool) {
    let engine = engine.clone();
    let (inputs, options) = (state.inputs.clone(), state.options.clone());
    use_effect_with(rest, move |&rest| {
        if rest {
            after_two_paints(move || {
                let Some(answer) = engine.warm_up(&inputs, &options) else { return };
                wasm_bindgen_futures::spawn_local(async move {
                    // A failure is the next request's to report, in its context.
                    if answer.await.is_ok() {
                        dispatch.dispatch(Action::EngineWarm);
                    }
                });
            });
        }
    });
}

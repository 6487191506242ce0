use mdkpi_contract::protocol::{Answer, Request};
use yew::prelude::*;

use crate::engine::{Answered, EngineClient, EngineError, Files};
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

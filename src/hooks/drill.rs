use std::rc::Rc;

use mdkpi_contract::protocol::{Answer, Request};
use yew::prelude::*;

use crate::engine::{Answered, EngineClient, Files};
use crate::state::{Action, AppState};

/// A drill-down asked for: the engine walks the rows it has read (those of the shown results).
#[hook]
pub fn use_drill(engine: &EngineClient, dispatch: UseReducerDispatcher<AppState>, state: &AppState) {
    let engine = engine.clone();
    let pending =
        state.drill.as_ref().filter(|d| d.drill.is_none() && d.error.is_none()).map(|d| (d.id, d.query.clone()));
    let (inputs, options) = (state.committed_inputs(), state.committed_options());
    use_effect_with(pending.as_ref().map(|p| p.0), move |_| {
        if let Some((id, query)) = pending {
            let answer = engine.ask(Request::Drill { query }, Files::Read(&inputs), &options, None);
            wasm_bindgen_futures::spawn_local(async move {
                // A cancelled drill-down says so, rather than leave its dialog waiting.
                let drill = match answer.await {
                    Err(e) => Err(e.to_string()),
                    Ok(Answered { answer: Answer::Drilled { drill }, .. }) => Ok(*drill),
                    Ok(_) => Err("the engine gave another answer".to_owned()),
                };
                match drill {
                    Ok(drill) => dispatch.dispatch(Action::Drilled { id, drill: Rc::new(drill) }),
                    Err(message) => dispatch.dispatch(Action::DrillFailed { id, message }),
                }
            });
        }
    });
}

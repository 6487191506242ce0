//! The browser shell: Yew function components over the pure core. One reducer ([`state`]) holds
//! the state; components render it and dispatch actions, and hold no business rules.

mod data_panel;
pub mod echarts;
pub mod engine;
mod files;
mod kpi_table;
mod plan_view;
pub mod state;
mod storage;
mod stage_up;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::pipeline::{InputFile, Options};
use data_panel::DataPanel;
use engine::{Engine, EngineMessage};
use plan_view::{GoalSections, PlanOverview, ReferencePanel};
use stage_up::StageUpPanel;
use state::{Action, AppState};

/// Shows a fatal error in a panel built with plain DOM calls (the UI may be what failed), with the
/// details selectable and a button that copies them. Nothing is sent anywhere.
pub fn show_fatal(details: &str) {
    let document = gloo::utils::document();
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_class_name("fatal");
    panel.set_id("fatal");
    let _ = panel.set_attribute("role", "alert");
    let message = document.create_element("p");
    let area = document.create_element("textarea");
    let button = document.create_element("button");
    let (Ok(message), Ok(area), Ok(button)) = (message, area, button) else { return };
    message.set_text_content(Some(
        "予期しないエラーが発生しました。ページを再読み込みしてください。データはどこにも送信されていません。 / \
         Something went wrong. Please reload the page. No data was sent anywhere.",
    ));
    area.set_text_content(Some(details));
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-label", "エラーの詳細 / Error details");
    button.set_text_content(Some("詳細をコピー / Copy details"));
    let _ = button.set_attribute("data-action", "copy-error-details");
    let text = details.to_owned();
    let copy = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let clipboard = js_sys::Reflect::get(&gloo::utils::window().navigator(), &"clipboard".into());
        if let Ok(clipboard) = clipboard {
            if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
                if let Ok(write) = write.dyn_into::<js_sys::Function>() {
                    let _ = write.call1(&clipboard, &text.as_str().into());
                }
            }
        }
    });
    let _ = button.add_event_listener_with_callback("click", copy.as_ref().unchecked_ref());
    copy.forget();
    let _ = panel.append_child(&message);
    let _ = panel.append_child(&area);
    let _ = panel.append_child(&button);
    let _ = gloo::utils::body().prepend_with_node_1(&panel);
}

/// Mounts the app into `#app` (replacing the loading message), or into `<body>`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    let document = gloo::utils::document();
    let root = match document.get_element_by_id("app") {
        Some(root) => {
            root.set_inner_html("");
            root
        }
        None => gloo::utils::body().into(),
    };
    yew::Renderer::<App>::with_root(root).render();
}

/// The line a printed handout carries: the date (和暦), the data sources, and whether it is the
/// synthetic sample.
fn print_meta(results: &crate::report::Results, is_sample: bool) -> String {
    let format = js_sys::Object::new();
    for (key, value) in [("era", "long"), ("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&format, &key.into(), &value.into());
    }
    // 令和8年11月21日: the Japanese calendar, as committee papers are dated.
    let date: String = js_sys::Date::new_0().to_locale_date_string("ja-JP-u-ca-japanese", &format).into();
    let sources = results.datasets.iter().map(|d| d.source.as_str()).collect::<Vec<_>>().join("、");
    let sample = if is_sample { "【合成サンプルデータ（架空）】" } else { "" };
    format!("{sample}作成日: {date} ・ データ: {sources} ・ mdkpi {}（{}）", results.generator.version, results.schema)
}

/// The engine and the latest request, kept across renders.
#[derive(Default)]
struct Runner {
    engine: Option<Engine>,
    latest: Option<(u64, Rc<Vec<InputFile>>, Options)>,
    /// The files the current worker has read (by identity), so that they are not sent again when
    /// only the definitions change.
    sent: Option<Rc<Vec<InputFile>>>,
}

/// Computes a request on the page (no worker) and reports it like the worker would.
fn compute_here(dispatch: &UseReducerDispatcher<AppState>, id: u64, inputs: &[InputFile], options: &Options) {
    let payload = engine::run(inputs, options, &mut |_, _| {});
    dispatch.dispatch(Action::Computed { id, payload: Rc::new(payload) });
}

fn start_engine(runner: &Rc<RefCell<Runner>>, dispatch: &UseReducerDispatcher<AppState>) {
    let (r, d) = (runner.clone(), dispatch.clone());
    let on_message = Callback::from(move |message: EngineMessage| match message {
        EngineMessage::Progress { id, label, fraction } => d.dispatch(Action::Progress { id, label, fraction }),
        EngineMessage::Done { id, payload } => d.dispatch(Action::Computed { id, payload }),
        EngineMessage::Failed { id, message } => d.dispatch(Action::Failed { id, message }),
        EngineMessage::Unavailable => {
            // No worker here: compute on the page from now on, starting with the pending request.
            let latest = {
                let mut runner = r.borrow_mut();
                runner.engine = None;
                runner.latest.clone()
            };
            if let Some((id, inputs, options)) = latest {
                compute_here(&d, id, &inputs, &options);
            }
        }
    });
    let engine = Engine::start(on_message);
    let mut r = runner.borrow_mut();
    r.engine = engine;
    r.sent = None;
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::with_sample);
    let runner: Rc<RefCell<Runner>> = use_mut_ref(Runner::default);
    {
        let (runner, dispatch) = (runner.clone(), state.dispatcher());
        use_effect_with(state.cancels, move |_| start_engine(&runner, &dispatch));
    }
    {
        // Data kept on this browser (only if the user switched persistence on) comes back.
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match storage::load().await {
                    Ok(Some((files, options, saved_at))) => dispatch.dispatch(Action::Restore { files, options, saved_at }),
                    Ok(None) => {}
                    Err(e) => dispatch.dispatch(Action::Notice(format!("保存したデータを読めませんでした / Could not read saved data: {e}"))),
                }
            });
        });
    }
    {
        // While persistence is on, every computed state is kept.
        let dispatch = state.dispatcher();
        let on = state.persisted.is_some() && state.job.is_none();
        let (inputs, options) = (state.inputs.clone(), state.options.clone());
        use_effect_with((Rc::as_ptr(&state.results) as usize, on), move |&(_, on)| {
            if on {
                wasm_bindgen_futures::spawn_local(async move {
                    match storage::save(&inputs, &options).await {
                        Ok(saved_at) => dispatch.dispatch(Action::Persisted(Some(saved_at))),
                        Err(e) => dispatch.dispatch(Action::Notice(format!("保存できませんでした / Could not save: {e}"))),
                    }
                });
            }
        });
    }
    {
        let (runner, dispatch) = (runner.clone(), state.dispatcher());
        let job = state.job.as_ref().map(|j| j.id);
        let (inputs, options) = (state.inputs.clone(), state.options.clone());
        use_effect_with(state.request, move |&id| {
            if job != Some(id) {
                return;
            }
            let posted = {
                let mut r = runner.borrow_mut();
                r.latest = Some((id, inputs.clone(), options.clone()));
                let fresh = !r.sent.as_ref().is_some_and(|s| Rc::ptr_eq(s, &inputs));
                let files = fresh.then_some(inputs.as_slice());
                let posted = r.engine.as_ref().is_some_and(|e| e.post(id, files, &options).is_ok());
                if posted {
                    r.sent = Some(inputs.clone());
                }
                posted
            };
            if !posted {
                compute_here(&dispatch, id, &inputs, &options);
            }
        });
    }
    html! {
        <>
            <header class="app-header">
                <div>
                    <h1>{"医療機器基本計画 KPI ダッシュボード"}</h1>
                    <p class="subtitle">{"第二期医療機器基本計画の重要業績評価指標（KPI） / KPIs of Japan's 2nd Medical Device Basic Plan"}</p>
                </div>
                <div class="header-actions">
                    <span class="privacy-badge" data-testid="privacy-badge">
                        {"データはこのブラウザの外に送信されません / Your data never leaves this browser"}
                    </span>
                    <button type="button" class="print-button" data-action="print" onclick={Callback::from(|_: MouseEvent| {
                        let _ = gloo::utils::window().print();
                    })}>{"印刷 / PDF"}</button>
                </div>
            </header>
            <p class="print-only print-meta" data-testid="print-meta">{print_meta(&state.results, state.is_sample)}</p>
            <main data-request={state.request.to_string()} data-busy={state.job.is_some().to_string()}>
                <DataPanel results={state.results.clone()} inputs={state.inputs.clone()} headers={state.headers.clone()} options={state.options.clone()} job={state.job.clone()} persisted={state.persisted.clone()}
                           is_sample={state.is_sample} notice={state.notice.clone()} dispatch={state.dispatcher()} />
                <PlanOverview results={state.results.clone()} />
                <GoalSections results={state.results.clone()} stage_up={html! {
                    <StageUpPanel results={state.results.clone()} options={state.options.clone()}
                                  dispatch={state.dispatcher()} />
                }} />
                <ReferencePanel results={state.results.clone()} />
            </main>
        </>
    }
}

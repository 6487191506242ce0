//! The browser shell: Yew function components over the pure core. One reducer ([`state`]) holds
//! the state; components render it and dispatch actions, and hold no business rules.

mod data_panel;
pub mod echarts;
mod files;
mod kpi_table;
mod plan_view;
pub mod state;
mod stage_up;

use yew::prelude::*;

use data_panel::DataPanel;
use plan_view::{GoalSections, PlanOverview, ReferencePanel};
use stage_up::StageUpPanel;
use state::AppState;

/// Mounts the app into `#app` (replacing the loading message), or into `<body>`.
pub fn start() {
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

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::with_sample);
    html! {
        <>
            <header class="app-header">
                <div>
                    <h1>{"医療機器基本計画 KPI ダッシュボード"}</h1>
                    <p class="subtitle">{"第二期医療機器基本計画の重要業績評価指標（KPI） / KPIs of Japan's 2nd Medical Device Basic Plan"}</p>
                </div>
                <span class="privacy-badge" data-testid="privacy-badge">
                    {"データはこのブラウザの外に送信されません / Your data never leaves this browser"}
                </span>
            </header>
            <main>
                <DataPanel results={state.results.clone()} inputs={state.inputs.clone()} headers={state.headers.clone()} options={state.options.clone()}
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

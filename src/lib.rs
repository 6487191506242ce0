//! The browser shell: Yew function components over the pure core. One reducer ([`state`]) holds
//! the state; components render it and dispatch actions, and hold no business rules.

pub mod charts;
mod data_panel;
mod drill;
pub mod engine;
mod export;
pub mod files;
mod filters;
mod hooks;
mod kpi_table;
pub mod lang;
mod plan_view;
pub mod route;
mod satisfaction;
mod stage_up;
pub mod state;
pub mod storage;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use charts::ChartDrawn;
use data_panel::DataPanel;
use drill::DrillDialog;
use engine::EngineClient;
use files::Blobs;
use filters::{FilterBar, OnView, ViewNav};
use hooks::{
    use_cancel, use_compute, use_drill, use_engine, use_language, use_persistence, use_rest, use_route, FirstScreen,
};
use lang::Lang;
use mdkpi_contract::results::DrillQuery;
use plan_view::{GoalSections, PlanOverview, ReferencePanel};
use route::{Route, View};
use satisfaction::SatisfactionPanel;
use stage_up::StageUpPanel;
use state::{Action, AppState};

/// How a figure asks for its rows: the query, and the figure in words. Provided by [`App`].
pub type OnDrill = Callback<(DrillQuery, String)>;

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
fn print_meta(results: &mdkpi_contract::results::Results, is_sample: bool) -> String {
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

fn view_id(view: View) -> String {
    format!("view-{}", view.slug())
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::with_sample);
    let (blobs, engine) = use_engine();
    use_cancel(&engine, state.cancels);
    use_persistence(state.dispatcher(), &blobs, &state);
    use_compute(&engine, state.dispatcher(), &state);
    use_drill(&engine, state.dispatcher(), &state);
    use_route(state.dispatcher(), &state);
    let (rest, chart_drawn) = use_rest(state.view);
    let on_drill: OnDrill = {
        let dispatch = state.dispatcher();
        Callback::from(move |(query, title)| dispatch.dispatch(Action::Drill(query, title)))
    };
    let (l, toggle_lang) = use_language();
    let on_view: OnView = {
        let (dispatch, filter) = (state.dispatcher(), state.options.filter.clone());
        Callback::from(move |view| dispatch.dispatch(Action::Navigate(Route { view, filter: filter.clone() })))
    };
    html! {
        <>
            <ContextProvider<Lang> context={l}>
            <ContextProvider<EngineClient> context={engine}>
            <ContextProvider<Blobs> context={blobs}>
            <header class="app-header">
                <div>
                    <h1>{l.t("医療機器基本計画 KPI ダッシュボード", "Medical Device Basic Plan KPI dashboard")}</h1>
                    <p class="subtitle">{l.t("第二期医療機器基本計画の重要業績評価指標（KPI）", "KPIs of Japan's 2nd Medical Device Basic Plan (第二期医療機器基本計画)")}</p>
                </div>
                <div class="header-actions">
                    <a class="privacy-badge" data-testid="privacy-badge" href="privacy.html" target="_blank" rel="noopener">
                        // A drawn lock, not the 🔒 emoji: a machine without a colour emoji font
                        // showed an empty box there (as the README's screenshots did).
                        <svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
                            <path fill="currentColor" d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" />
                        </svg>
                        {l.t("データはこのブラウザの外に送信されません", "Your data never leaves this browser")}
                    </a>
                    <button type="button" class="lang-button" data-action="toggle-lang" lang={l.other().code()} onclick={toggle_lang}>
                        {l.t("English", "日本語")}
                    </button>
                    <export::ResultsExport results={state.results.clone()} dispatch={state.dispatcher()} />
                    <button type="button" class="print-button" data-action="print" onclick={Callback::from(|_: MouseEvent| {
                        let _ = gloo::utils::window().print();
                    })}>{l.t("印刷 / PDF", "Print / PDF")}</button>
                </div>
            </header>
            if rest {
                // After the first screen: Intl's Japanese calendar takes ~70 ms to start.
                <p class="print-only print-meta" data-testid="print-meta">{print_meta(&state.results, state.is_sample)}</p>
            }
            <nav class="toolbar no-print" aria-label={l.t("表示と絞り込み", "Views and filters")}>
                <ViewNav view={state.view} filter={state.options.filter.clone()} dispatch={state.dispatcher()} />
                <FilterBar facets={state.facets.clone()} filter={state.options.filter.clone()} dispatch={state.dispatcher()} />
            </nav>
            <main data-request={state.request.to_string()} data-busy={state.job.is_some().to_string()}>
                if !state.options.filter.is_empty() {
                    <p class="filter-note" data-testid="filter-note">
                        {match l {
                            Lang::Ja => format!("絞り込み中: {} ・ すべての数値・信頼区間・前年比は絞り込んだ行で計算しています。", state.options.filter.describe()),
                            Lang::En => format!("Filtered ({}): every figure, interval and change is computed on the filtered rows.", state.options.filter.describe()),
                        }}
                    </p>
                }
                <ContextProvider<OnDrill> context={on_drill}>
                <ContextProvider<OnView> context={on_view}>
                <ContextProvider<ChartDrawn> context={chart_drawn}>
                <ContextProvider<FirstScreen> context={FirstScreen(!rest)}>
                    <div class="view" id={view_id(View::Data)}>
                        <DataPanel results={state.results.clone()} inputs={state.inputs.clone()} headers={state.headers.clone()} options={state.options.clone()} job={state.job.clone()} persisted={state.persisted.clone()}
                                   is_sample={state.is_sample} notice={state.notice.clone()} dispatch={state.dispatcher()} />
                    </div>
                    <div class="view" id={view_id(View::Overview)}>
                        <PlanOverview results={state.results.clone()} />
                    </div>
                    <div class="view" id={view_id(View::Kpis)}>
                        <GoalSections results={state.results.clone()} />
                    </div>
                    if rest {
                        <div class="view" id={view_id(View::StageUp)}>
                            <StageUpPanel results={state.results.clone()} options={state.options.clone()} dispatch={state.dispatcher()} />
                        </div>
                        <div class="view" id={view_id(View::Satisfaction)}>
                            <SatisfactionPanel results={state.results.clone()} />
                        </div>
                        <div class="view" id={view_id(View::Reference)}>
                            <ReferencePanel results={state.results.clone()} />
                        </div>
                    }
                </ContextProvider<FirstScreen>>
                </ContextProvider<ChartDrawn>>
                </ContextProvider<OnView>>
                </ContextProvider<OnDrill>>
            </main>
            <DrillDialog drill={state.drill.clone()} dispatch={state.dispatcher()} />
            </ContextProvider<Blobs>>
            </ContextProvider<EngineClient>>
            </ContextProvider<Lang>>
        </>
    }
}

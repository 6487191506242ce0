//! The page: the state, the effects (as hooks), the contexts the views read, and the views in the
//! order of the page.

use std::rc::Rc;

use mdkpi_contract::label::{disclosure_rule_in, Money};
use yew::prelude::*;

use super::data::DataPanel;
use super::drill::{DrillDialog, OnDrill};
use super::filters::{filter_chips, FilterBar, OnView, ViewNav};
use super::header::{header, print_meta};
use super::kpi::HiddenRule;
use super::plan::{GoalSections, PlanOverview, ReferencePanel};
use super::satisfaction::SatisfactionPanel;
use super::stage_up::StageUpPanel;
use crate::charts::{ChartDrawn, SampleShown};
use crate::engine::EngineClient;
use crate::files::Blobs;
use crate::hooks::{
    use_cancel, use_compute, use_drill, use_engine, use_language, use_persistence, use_rest, use_route, use_title,
    use_warm_up, FirstScreen,
};
use crate::lang::Lang;
use crate::route::{Route, View};
use crate::state::{Action, AppState};

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
    use_warm_up(&engine, state.dispatcher(), &state, rest);
    let on_drill: OnDrill = {
        let dispatch = state.dispatcher();
        Callback::from(move |(query, title)| dispatch.dispatch(Action::Drill(query, title)))
    };
    let (l, toggle_lang) = use_language();
    use_title(state.view, l);
    let on_view: OnView = {
        let (dispatch, filter, money) = (state.dispatcher(), state.options.filter.clone(), state.money);
        Callback::from(move |(view, goal)| {
            dispatch.dispatch(Action::Navigate(Route { view, filter: filter.clone(), goal, money }))
        })
    };
    html! {
        <>
            <ContextProvider<Lang> context={l}>
            <ContextProvider<Money> context={state.money}>
            <ContextProvider<EngineClient> context={engine}>
            <ContextProvider<Blobs> context={blobs}>
            <a class="skip-link" href="#content" onclick={Callback::from(skip_to_content)}>{l.t("本文へ移動", "Skip to content")}</a>
            {header(l, &state, toggle_lang)}
            if rest {
                // After the first screen: Intl's Japanese calendar takes ~70 ms to start.
                <p class="print-only print-meta" data-testid="print-meta">{print_meta(l, &state.results, state.is_sample)}</p>
            }
            <nav class="toolbar no-print" aria-label={l.t("表示と絞り込み", "Views and filters")}>
                <ViewNav view={state.view} filter={state.options.filter.clone()} money={state.money} dispatch={state.dispatcher()} />
                if state.shows_sample() {
                    <a class="sample-badge" data-testid="sample-badge" href="#view=data"
                       title={l.t("架空の値です。実際の調査結果ではありません。", "Made-up values, not real survey results.")}>
                        {l.t("合成サンプル表示中", "SAMPLE data")}
                    </a>
                }
                <FilterBar facets={state.facets.clone()} filter={state.options.filter.clone()} money={state.money} dispatch={state.dispatcher()} />
            </nav>
            <main id="content" tabindex="-1" data-request={state.request.to_string()} data-busy={state.job.is_some().to_string()} data-engine={state.engine_warm.then_some("warm")}>
                if let Some(notice) = &state.notice {
                    <p class="notice sev-error" role="alert" data-testid="notice">{crate::words::marked(l, notice.text(l))}</p>
                }
                {filter_chips(l, &state.options.filter, &state.dispatcher())}
                <p class="mode-note" data-testid="mode" data-mode={state.results.definitions.statistics.mode.slug()}>
                    {disclosure_rule_in(l, &state.results.definitions.statistics)}
                </p>
                <ContextProvider<OnDrill> context={on_drill}>
                <ContextProvider<OnView> context={on_view}>
                <ContextProvider<ChartDrawn> context={chart_drawn}>
                <ContextProvider<SampleShown> context={SampleShown(state.shows_sample())}>
                <ContextProvider<FirstScreen> context={FirstScreen(!rest)}>
                <ContextProvider<HiddenRule> context={HiddenRule(Rc::new(state.results.definitions.clone()))}>
                    <div class="view" id={View::Data.element_id()} hidden={state.view != View::Data}>
                        <DataPanel results={state.results.clone()} inputs={state.inputs.clone()} headers={state.headers.clone()} tables={state.tables.clone()}
                                   options={state.options.clone()} job={state.job.clone()} persisted={state.persisted.clone()}
                                   is_sample={state.is_sample} dispatch={state.dispatcher()} />
                    </div>
                    <div class="view" id={View::Overview.element_id()} hidden={state.view != View::Overview}>
                        <PlanOverview results={state.results.clone()} />
                    </div>
                    <div class="view" id={View::Kpis.element_id()} hidden={state.view != View::Kpis}>
                        <GoalSections results={state.results.clone()} />
                    </div>
                    if rest {
                        <div class="view" id={View::StageUp.element_id()} hidden={state.view != View::StageUp}>
                            <StageUpPanel results={state.results.clone()} options={state.options.clone()} dispatch={state.dispatcher()} />
                        </div>
                        <div class="view" id={View::Satisfaction.element_id()} hidden={state.view != View::Satisfaction}>
                            <SatisfactionPanel results={state.results.clone()} />
                        </div>
                        <div class="view" id={View::Reference.element_id()} hidden={state.view != View::Reference}>
                            <ReferencePanel results={state.results.clone()} />
                        </div>
                    }
                </ContextProvider<HiddenRule>>
                </ContextProvider<FirstScreen>>
                </ContextProvider<SampleShown>>
                </ContextProvider<ChartDrawn>>
                </ContextProvider<OnView>>
                </ContextProvider<OnDrill>>
            </main>
            <DrillDialog drill={state.drill.clone()} dispatch={state.dispatcher()} />
            </ContextProvider<Blobs>>
            </ContextProvider<EngineClient>>
            </ContextProvider<Money>>
            </ContextProvider<Lang>>
        </>
    }
}

/// The skip link moves the focus to the figures, past the header and the bar (WCAG 2.4.1), without
/// putting an anchor in the URL's hash, which holds the route.
fn skip_to_content(e: MouseEvent) {
    e.prevent_default();
    if let Some(main) = gloo::utils::document().get_element_by_id("content") {
        if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
            let _ = main.focus();
        }
    }
}

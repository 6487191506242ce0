//! The navigation bar (one link per view, kept in the URL hash) and the global filters.

use std::rc::Rc;

use mdkpi_contract::label::fiscal_year_label;
use mdkpi_contract::options::Filter;
use mdkpi_contract::plan::PRIORITY_AREAS;
use mdkpi_contract::results::Facets;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::lang::{use_lang, Lang};
use crate::route::{Route, View};
use crate::state::{Action, AppState};

#[derive(Properties, PartialEq)]
pub struct ViewNavProps {
    pub view: View,
    pub filter: Filter,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Links to the views. Each is a real link to its route (it can be opened in a new tab, or
/// copied); a click navigates in place.
#[component]
pub fn ViewNav(props: &ViewNavProps) -> Html {
    let lang = use_lang();
    html! {
        <ul class="views" data-testid="views">
            { for View::ALL.into_iter().map(|view| {
                let route = Route { view, filter: props.filter.clone() };
                let href = route.to_hash();
                let dispatch = props.dispatch.clone();
                let onclick = Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    dispatch.dispatch(Action::Navigate(route.clone()));
                });
                let current = (view == props.view).then_some("page");
                html! {
                    <li><a href={href} {onclick} aria-current={current} data-view-link={view.slug()}>
                        {view.label(lang)}
                    </a></li>
                }
            }) }
        </ul>
    }
}

/// How a link inside a view moves to another view, keeping the filters. Provided by the app.
pub type OnView = Callback<View>;

#[derive(Properties, PartialEq)]
pub struct ViewLinkProps {
    pub view: View,
    pub children: Html,
}

#[component]
pub fn ViewLink(props: &ViewLinkProps) -> Html {
    let on_view = use_context::<OnView>();
    let view = props.view;
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(on_view) = &on_view {
            e.prevent_default();
            on_view.emit(view);
        }
    });
    html! { <a href={format!("#view={}", view.slug())} {onclick} data-view-link-inline={view.slug()}>{props.children.clone()}</a> }
}

#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    pub facets: Rc<Facets>,
    pub filter: Filter,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// One `<select>`: "all" (empty) or one of `choices` (value, label).
fn select(
    lang: Lang,
    name: &'static str,
    label: &str,
    current: Option<String>,
    choices: Vec<(String, String)>,
    onchange: Callback<Option<String>>,
) -> Html {
    let on = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        onchange.emit((!value.is_empty()).then_some(value));
    });
    let disabled = choices.is_empty() && current.is_none();
    html! {
        <label class="filter">
            <span>{label.to_owned()}</span>
            <select name={name} data-filter={name} onchange={on} {disabled}>
                <option value="" selected={current.is_none()}>{lang.t("すべて", "all")}</option>
                { for choices.into_iter().map(|(value, text)| {
                    let selected = current.as_deref() == Some(value.as_str());
                    html! { <option value={value} {selected}>{text}</option> }
                }) }
            </select>
        </label>
    }
}

/// The global filters. Their choices are every value in the files read, so none disappears when
/// another filter is set.
#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let lang = use_lang();
    let f = &props.filter;
    let set = |change: fn(&mut Filter, Option<String>)| {
        let (dispatch, filter) = (props.dispatch.clone(), f.clone());
        Callback::from(move |value: Option<String>| {
            let mut next = filter.clone();
            change(&mut next, value);
            dispatch.dispatch(Action::SetFilter(next));
        })
    };
    let years: Vec<(String, String)> =
        props.facets.fiscal_years.iter().map(|y| (y.to_string(), fiscal_year_label(Some(*y)))).collect();
    let texts = |list: &[String]| list.iter().map(|v| (v.clone(), v.clone())).collect::<Vec<_>>();
    let areas: Vec<(String, String)> = props
        .facets
        .priority_areas
        .iter()
        .map(|a| {
            let short = PRIORITY_AREAS.iter().find(|(n, ..)| n == a).map(|(_, _, s)| *s).unwrap_or("");
            (a.to_string(), format!("{} {short}", char::from_u32(0x2460 + u32::from(*a) - 1).unwrap_or('?')))
        })
        .collect();
    let clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetFilter(Filter::default())))
    };
    html! {
        <div class="filters" role="group" aria-label={lang.t("絞り込み", "Filters")} data-testid="filters">
            { select(lang, "fy_from", lang.t("年度（から）", "Fiscal year from"), f.fiscal_year_from.map(|y| y.to_string()), years.clone(),
                     set(|f, v| f.fiscal_year_from = v.and_then(|v| v.parse().ok()))) }
            { select(lang, "fy_to", lang.t("年度（まで）", "Fiscal year to"), f.fiscal_year_to.map(|y| y.to_string()), years,
                     set(|f, v| f.fiscal_year_to = v.and_then(|v| v.parse().ok()))) }
            { select(lang, "program", lang.t("事業", "Program"), f.program.clone(), texts(&props.facets.programs), set(|f, v| f.program = v)) }
            { select(lang, "priority_area", lang.t("重点分野", "Priority area"), f.priority_area.map(|a| a.to_string()), areas,
                     set(|f, v| f.priority_area = v.and_then(|v| v.parse().ok()))) }
            { select(lang, "association", lang.t("団体", "Association"), f.association.clone(), texts(&props.facets.associations), set(|f, v| f.association = v)) }
            { select(lang, "hub", lang.t("拠点", "Hub"), f.hub.clone(), texts(&props.facets.hubs), set(|f, v| f.hub = v)) }
            <button type="button" class="filter-clear" data-action="clear-filters" onclick={clear} disabled={f.is_empty()}>
                {lang.t("絞り込みを解除", "Clear filters")}
            </button>
        </div>
    }
}

/// While filters are set: which, and that every figure is of the filtered rows.
pub fn filter_note(l: Lang, filter: &Filter) -> Html {
    if filter.is_empty() {
        return Html::default();
    }
    let set = filter.describe();
    html! {
        <p class="filter-note" data-testid="filter-note">
            {l.t(
                format!("絞り込み中: {set} ・ すべての数値・信頼区間・前年比は絞り込んだ行で計算しています。"),
                format!("Filtered ({set}): every figure, interval and change is computed on the filtered rows."),
            )}
        </p>
    }
}

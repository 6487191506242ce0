//! The navigation bar (one link per view, kept in the URL hash) and the global filters.

use std::rc::Rc;

use mdkpi_contract::label::{fiscal_year_in, Money};
use mdkpi_contract::options::Filter;
use mdkpi_contract::plan::{priority_area_short_en, PRIORITY_AREAS};
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
    pub money: Money,
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
                let route = Route { view, filter: props.filter.clone(), goal: None, money: props.money };
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

/// How a link inside a view moves to another view (at a goal's section), keeping the filters.
/// Provided by the app.
pub type OnView = Callback<(View, Option<u8>)>;

#[derive(Properties, PartialEq)]
pub struct ViewLinkProps {
    pub view: View,
    /// The goal's section the view opens at.
    #[prop_or_default]
    pub goal: Option<u8>,
    pub children: Html,
}

#[component]
pub fn ViewLink(props: &ViewLinkProps) -> Html {
    let on_view = use_context::<OnView>();
    let (view, goal) = (props.view, props.goal);
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(on_view) = &on_view {
            e.prevent_default();
            on_view.emit((view, goal));
        }
    });
    let href = Route { view, filter: Filter::default(), goal, ..Route::default() }.to_hash();
    html! { <a {href} {onclick} data-view-link-inline={view.slug()}>{props.children.clone()}</a> }
}

#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    pub facets: Rc<Facets>,
    pub filter: Filter,
    pub money: Money,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// A priority area as the filters show it: `② 治療機器`, `② therapeutic devices`.
fn area_label(lang: Lang, area: u8) -> String {
    let short = match lang {
        Lang::Ja => PRIORITY_AREAS.iter().find(|(n, ..)| *n == area).map_or("", |(_, _, s)| *s),
        Lang::En => priority_area_short_en(area.into()).unwrap_or(""),
    };
    format!("{} {short}", char::from_u32(0x2460 + u32::from(area.max(1)) - 1).unwrap_or('?'))
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
                    // A program, an association or a hub is the data's, as written.
                    let ja = crate::words::has_japanese(&text).then_some("ja");
                    html! { <option value={value} {selected} lang={ja}>{text}</option> }
                }) }
            </select>
        </label>
    }
}

/// The unit yen amounts are shown in, beside the filters (it narrows nothing: the chips leave it out).
fn money_select(lang: Lang, money: Money, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let dispatch = dispatch.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        dispatch.dispatch(Action::SetMoney(Money::from_slug(&value).unwrap_or_default()));
    });
    html! {
        <label class="filter">
            <span>{lang.t("金額の単位", "Money in")}</span>
            <select name="money" data-option="money" {onchange}>
                { for Money::ALL.into_iter().map(|m| {
                    let (ja, en) = m.label();
                    let text = if m == Money::Auto { lang.t("自動（億円・万円）", "auto (100M / 10k yen)").to_owned() } else { lang.t(ja, en).to_owned() };
                    html! { <option value={m.slug()} selected={m == money}>{text}</option> }
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
        props.facets.fiscal_years.iter().map(|y| (y.to_string(), fiscal_year_in(lang, Some(*y)))).collect();
    let texts = |list: &[String]| list.iter().map(|v| (v.clone(), v.clone())).collect::<Vec<_>>();
    let areas: Vec<(String, String)> =
        props.facets.priority_areas.iter().map(|a| (a.to_string(), area_label(lang, *a))).collect();
    let clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetFilter(Filter::default())))
    };
    // On a narrow screen the filters fold behind one button (CSS shows it there only).
    let open = use_state_eq(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let toggle_label = match set_filters(lang, f).len() {
        0 => lang.t("絞り込み", "Filters").to_owned(),
        n => lang.t(format!("絞り込み（{n}）"), format!("Filters ({n})")),
    };
    html! {
        <>
        <button type="button" class="filters-toggle" aria-expanded={open.to_string()} aria-controls="filters"
                data-action="toggle-filters" onclick={toggle}>{toggle_label}</button>
        <div id="filters" class={classes!("filters", open.then_some("open"))} role="group" aria-label={lang.t("絞り込み", "Filters")} data-testid="filters">
            { select(lang, "fy_from", lang.t("年度（から）", "Fiscal year from"), f.fiscal_year_from.map(|y| y.to_string()), years.clone(),
                     set(|f, v| f.fiscal_year_from = v.and_then(|v| v.parse().ok()))) }
            { select(lang, "fy_to", lang.t("年度（まで）", "Fiscal year to"), f.fiscal_year_to.map(|y| y.to_string()), years,
                     set(|f, v| f.fiscal_year_to = v.and_then(|v| v.parse().ok()))) }
            { select(lang, "program", lang.t("事業", "Program"), f.program.clone(), texts(&props.facets.programs), set(|f, v| f.program = v)) }
            { select(lang, "priority_area", lang.t("重点分野", "Priority area"), f.priority_area.map(|a| a.to_string()), areas,
                     set(|f, v| f.priority_area = v.and_then(|v| v.parse().ok()))) }
            { select(lang, "association", lang.t("団体", "Association"), f.association.clone(), texts(&props.facets.associations), set(|f, v| f.association = v)) }
            { select(lang, "hub", lang.t("拠点", "Hub"), f.hub.clone(), texts(&props.facets.hubs), set(|f, v| f.hub = v)) }
            { money_select(lang, props.money, &props.dispatch) }
            <button type="button" class="filter-clear" data-action="clear-filters" onclick={clear} disabled={f.is_empty()}>
                {lang.t("絞り込みを解除", "Clear filters")}
            </button>
        </div>
        </>
    }
}

/// How a filter set takes itself away.
type Clear = fn(&mut Filter);

/// The filters set, in the bar's order: (Japanese name, English name, the value as shown, how to
/// take it away). The chips show them; the folded bar's button counts them.
fn set_filters(lang: Lang, filter: &Filter) -> Vec<(&'static str, &'static str, String, Clear)> {
    let year = |y: Option<i32>| y.map(|y| format!("FY{y}")).unwrap_or_default();
    let years = (filter.fiscal_year_from.is_some() || filter.fiscal_year_to.is_some())
        .then(|| format!("{}〜{}", year(filter.fiscal_year_from), year(filter.fiscal_year_to)));
    let all: [(&str, &str, Option<String>, Clear); 5] = [
        ("年度", "Fiscal years", years, |f| (f.fiscal_year_from, f.fiscal_year_to) = (None, None)),
        ("事業", "Program", filter.program.clone(), |f| f.program = None),
        ("重点分野", "Priority area", filter.priority_area.map(|a| area_label(lang, a)), |f| {
            f.priority_area = None
        }),
        ("団体", "Association", filter.association.clone(), |f| f.association = None),
        ("拠点", "Hub", filter.hub.clone(), |f| f.hub = None),
    ];
    all.into_iter().filter_map(|(ja, en, value, clear)| Some((ja, en, value?, clear))).collect()
}

/// While filters are set, above the figures of every view: a chip per filter, each with a button
/// that removes it, and that every figure is of the filtered rows.
pub fn filter_chips(l: Lang, filter: &Filter, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    if filter.is_empty() {
        return Html::default();
    }
    html! {
        <div class="filter-chips" data-testid="filter-note" role="status">
            <span class="chips-label">{l.t("絞り込み中:", "Filtered:")}</span>
            { for set_filters(l, filter).into_iter().map(|(ja, en, value, clear)| {
                let name = l.t(ja, en);
                let (dispatch, filter) = (dispatch.clone(), filter.clone());
                let remove = Callback::from(move |_: MouseEvent| {
                    let mut next = filter.clone();
                    clear(&mut next);
                    dispatch.dispatch(Action::SetFilter(next));
                });
                html! {
                    <span class="chip" data-chip={en.to_lowercase()}>
                        {name}{" "}{crate::words::data(value)}
                        <button type="button" class="chip-remove" onclick={remove}
                                aria-label={l.t(format!("{name}の絞り込みを外す"), format!("Remove the {} filter", en.to_lowercase()))}>{"×"}</button>
                    </span>
                }
            }) }
            <span class="chips-note">{l.t("すべての数値・信頼区間・前年比は絞り込んだ行で計算しています（適用されない KPI にはその旨を表示）。",
                "Every figure, interval and change is computed on the filtered rows (a KPI the filter does not apply to says so).")}</span>
        </div>
    }
}

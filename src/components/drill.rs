//! The drill-down: a modal dialog listing the rows behind a figure, with sorting, search and a
//! CSV of what is listed. Sorting and search are presentation only: the rows are the engine's.

use std::cmp::Ordering;
use std::rc::Rc;

use mdkpi_contract::results::DrillQuery;
use mdkpi_contract::table::{Cell, Table};
use web_sys::{HtmlDialogElement, HtmlInputElement};
use yew::prelude::*;

use super::export::CsvButtons;
use crate::state::{Action, AppState, DrillView};

/// How a figure asks for its rows: the query, and the figure in words. Provided by
/// [`App`](super::App), which opens the dialog.
pub type OnDrill = Callback<(DrillQuery, String)>;

#[derive(Properties, PartialEq)]
pub struct DrillDialogProps {
    pub drill: Option<DrillView>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Numbers compare as numbers ("1,234" included), everything else as text.
fn compare(a: &str, b: &str) -> Ordering {
    let number = |s: &str| s.replace(',', "").parse::<f64>().ok();
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

#[component]
pub fn DrillDialog(props: &DrillDialogProps) -> Html {
    let lang = crate::lang::use_lang();
    let node = use_node_ref();
    let search = use_state(String::new);
    // (column, ascending)
    let sort = use_state(|| None::<(usize, bool)>);
    let open = props.drill.as_ref().map(|d| d.id);
    {
        let (node, search, sort) = (node.clone(), search.clone(), sort.clone());
        use_effect_with(open, move |open| {
            if let Some(dialog) = node.cast::<HtmlDialogElement>() {
                match open {
                    Some(_) if !dialog.open() => {
                        let _ = dialog.show_modal();
                    }
                    None if dialog.open() => dialog.close(),
                    _ => {}
                }
            }
            search.set(String::new());
            sort.set(None);
        });
    }
    let on_close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(Action::CloseDrill))
    };
    let close = {
        let node = node.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = node.cast::<HtmlDialogElement>() {
                dialog.close();
            }
        })
    };
    let body = match &props.drill {
        None => Html::default(),
        Some(DrillView { error: Some(e), .. }) => {
            html! { <p class="error" role="alert">{lang.t(format!("行を取り出せませんでした: {e}"), format!("Could not list the rows: {e}"))}</p> }
        }
        Some(DrillView { drill: None, .. }) => {
            html! { <p role="status">{lang.t("行を探しています…", "Finding the rows…")}</p> }
        }
        Some(DrillView { drill: Some(d), title, .. }) => {
            let needle = search.to_lowercase();
            let mut rows: Vec<&Vec<String>> = d
                .rows
                .iter()
                .filter(|r| needle.is_empty() || r.iter().any(|c| c.to_lowercase().contains(&needle)))
                .collect();
            if let Some((column, ascending)) = *sort {
                rows.sort_by(|a, b| {
                    let o = compare(a.get(column).map_or("", String::as_str), b.get(column).map_or("", String::as_str));
                    if ascending {
                        o
                    } else {
                        o.reverse()
                    }
                });
            }
            let table = Rc::new(Table {
                title: title.clone(),
                notes: vec![d.note.clone()],
                header: d.columns.clone(),
                rows: rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect(),
            });
            let on_search = {
                let search = search.clone();
                Callback::from(move |e: InputEvent| search.set(e.target_unchecked_into::<HtmlInputElement>().value()))
            };
            html! {
                <>
                    <p class="footnote">{d.note.clone()}</p>
                    <div class="drill-tools">
                        <label>{lang.t("検索", "Search ")}
                            <input type="search" value={(*search).clone()} oninput={on_search} data-testid="drill-search" />
                        </label>
                        <span role="status" data-testid="drill-count">{
                            if d.total > d.rows.len() {
                                lang.t(format!("{}行のうち先頭{}行から {}行を表示", d.total, d.rows.len(), rows.len()), format!("{} of the first {} of {} rows", rows.len(), d.rows.len(), d.total))
                            } else {
                                lang.t(format!("{}行中 {}行を表示", d.total, rows.len()), format!("{} of {} rows", rows.len(), d.total))
                            }
                        }</span>
                        <CsvButtons name="mdkpi_rows" table={table} />
                    </div>
                    <div class="table-wrap drill-table">
                        <table data-testid="drill-table">
                            <thead><tr>{ for d.columns.iter().enumerate().map(|(i, c)| {
                                let state = sort.clone();
                                let (aria, mark) = match *sort {
                                    Some((col, true)) if col == i => ("ascending", " ▲"),
                                    Some((col, false)) if col == i => ("descending", " ▼"),
                                    _ => ("none", ""),
                                };
                                let onclick = Callback::from(move |_: MouseEvent| {
                                    let ascending = !matches!(*state, Some((col, true)) if col == i);
                                    state.set(Some((i, ascending)));
                                });
                                html! { <th aria-sort={aria}><button type="button" class="sort" {onclick}>{c.clone()}{mark}</button></th> }
                            }) }</tr></thead>
                            <tbody>{ for rows.iter().map(|r| html! {
                                <tr>{ for r.iter().map(|c| html! { <td>{c.clone()}</td> }) }</tr>
                            }) }</tbody>
                        </table>
                    </div>
                </>
            }
        }
    };
    let title = props.drill.as_ref().map(|d| d.title.clone()).unwrap_or_default();
    html! {
        <dialog ref={node} class="drill" aria-labelledby="drill-title" onclose={on_close} data-testid="drill">
            <div class="drill-head">
                <h2 id="drill-title">{lang.t("この数値の元の行", "Rows behind: ")}{crate::words::marked(lang, &title)}</h2>
                <button type="button" onclick={close} data-action="close-drill">{lang.t("閉じる", "Close")}</button>
            </div>
            {body}
        </dialog>
    }
}

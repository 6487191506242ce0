//! A file's tables (a workbook's sheets, or the file itself): which row is the header, which
//! sheets to leave out, and the first rows to choose from.

use std::rc::Rc;

use mdkpi_contract::options::Options;
use mdkpi_contract::protocol::{Answer, Request};
use mdkpi_contract::results::TableView;
use mdkpi_contract::schema::TableChoice;
use yew::prelude::*;

use crate::engine::{EngineClient, Files};
use crate::state::{Action, AppState, FileId, Notice, SourceFile};

#[derive(Properties, PartialEq)]
pub struct TablesProps {
    pub index: usize,
    pub file: SourceFile,
    /// Every input's tables as last read (where each header was found, or put); this file's are
    /// those of its `index`.
    pub tables: Rc<Vec<TableView>>,
    pub options: Options,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// One line per table: its header row (found, or chosen by hand), whether it is read, and on
/// demand its first rows, where a click on a row number makes that row the header.
#[component]
pub fn TableChoices(props: &TablesProps) -> Html {
    let lang = crate::lang::use_lang();
    // The first rows do not change with the choices, so they stay until the file does.
    let previews = use_state(|| None::<(FileId, Vec<TableView>)>);
    let engine = use_context::<EngineClient>().unwrap_or_default();
    let (index, file) = (props.index, &props.file);
    let choose = {
        let dispatch = props.dispatch.clone();
        move |choice: TableChoice| dispatch.dispatch(Action::ChooseTable { index, choice })
    };
    let show_rows = {
        let (previews, file, options, dispatch) =
            (previews.clone(), file.clone(), props.options.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (previews, id, failed) = (previews.clone(), file.id, dispatch.clone());
            engine.answer_then(
                Request::Preview,
                Files::Once(std::slice::from_ref(&file)),
                &options,
                move |answered| {
                    if let Answer::Previews { tables } = answered.answer {
                        previews.set(Some((id, tables)));
                    }
                },
                move |e| {
                    failed.dispatch(Action::Notice(Notice::new(
                        format!("先頭の行を読めませんでした: {e}"),
                        format!("Could not read the first rows: {e}"),
                    )))
                },
            );
        })
    };
    let shown = previews.as_ref().filter(|(id, _)| *id == file.id).map(|(_, tables)| tables);
    let rows = props.tables.iter().filter(|v| v.input == index).map(move |view| {
        let choice = file.choice(view.sheet.as_deref());
        // A sheet a recipe left out shows so until the user says otherwise.
        let skip = choice.map_or(view.left_out, |c| c.skip);
        let chosen = choice.and_then(|c| c.header_row);
        let sheet = view.sheet.clone();
        let with = move |header_row: Option<u64>, skip: bool| TableChoice { sheet: sheet.clone(), header_row, skip };
        let on_row = {
            let (choose, with) = (choose.clone(), with.clone());
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                if let Ok(row) = v.trim().parse::<u64>() {
                    choose(with(Some(row.max(1)), skip));
                }
            })
        };
        let on_read = {
            let (choose, with) = (choose.clone(), with.clone());
            Callback::from(move |e: Event| {
                let read = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                choose(with(chosen, !read));
            })
        };
        let automatic = {
            let (choose, with) = (choose.clone(), with.clone());
            Callback::from(move |_: MouseEvent| choose(with(None, skip)))
        };
        let choose_row = {
            let choose = choose.clone();
            move |row: u64| choose(with(Some(row), skip))
        };
        let name = view.sheet.as_deref().unwrap_or(lang.t("（ファイル全体）", "(whole file)"));
        let preview = shown.and_then(|t| t.iter().find(|t| t.sheet == view.sheet)).filter(|t| !t.preview.is_empty());
        html! {
            <li data-table={view.sheet.clone().unwrap_or_default()}>
                <span class="table-name">{crate::words::data(name.to_owned())}</span>
                if view.sheet.is_some() {
                    <label><input type="checkbox" data-choose="read" checked={!skip} onchange={on_read} />{lang.t(" 読み込む", "read")}</label>
                }
                <label>{lang.t("見出しの行", "header row ")}
                    <input type="number" min="1" data-choose="header-row" value={view.header_row.to_string()}
                           disabled={skip} onchange={on_row} aria-label={lang.t(format!("{name} の見出しの行"), format!("Header row of {name}"))} />
                </label>
                if chosen.is_some() {
                    <button type="button" data-choose="automatic" onclick={automatic}>{lang.t("自動に戻す", "automatic")}</button>
                } else if !skip {
                    <span class="footnote">{lang.t(" 自動", "found")}</span>
                }
                if let Some(preview) = preview {
                    { preview_table(lang, preview, view.header_row, skip, &choose_row) }
                }
            </li>
        }
    });
    html! {
        <div class="tables" data-testid="tables">
            <h5>{lang.t("表と見出しの行", "Tables and header rows")}</h5>
            <ul>{ for rows }</ul>
            <button type="button" data-action="preview" onclick={show_rows}>{lang.t("先頭の行を見る", "Show the first rows")}</button>
        </div>
    }
}

/// The first rows of a table, its header row marked; each row number makes that row the header
/// (`choose_row`).
fn preview_table(
    lang: crate::lang::Lang,
    view: &TableView,
    header_row: u64,
    skip: bool,
    choose_row: &(impl Fn(u64) + Clone + 'static),
) -> Html {
    let rows = view.preview_rows.iter().zip(&view.preview).map(|(&row, cells)| {
        let onclick = {
            let choose_row = choose_row.clone();
            Callback::from(move |_: MouseEvent| choose_row(row))
        };
        let is_header = row == header_row;
        html! {
            <tr class={classes!(is_header.then_some("header-row"))} aria-current={is_header.then_some("true")}>
                <th scope="row">
                    <button type="button" data-choose="row" data-row={row.to_string()} {onclick} disabled={skip}
                            aria-label={lang.t(format!("{row} 行目を見出しにする"), format!("Make row {row} the header"))}>{row}</button>
                </th>
                { for cells.iter().map(|c| html! { <td>{crate::words::data(c.clone())}</td> }) }
            </tr>
        }
    });
    html! {
        <div class="preview-wrap">
            <table class="preview" data-testid="preview">
                <caption class="footnote">{lang.t("行番号を押すと、その行を見出しにします。", "Click a row number to make it the header.")}</caption>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

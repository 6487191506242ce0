//! The data panel: file input, drag and drop, the sample, the settings, and what was read.

use std::rc::Rc;

use gloo::file::File;
use mdkpi_contract::label;
use mdkpi_contract::options::{Options, StatisticsMode, StatisticsOptions};
use mdkpi_contract::results::{Results, TableView};
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use super::datasets::DatasetsTable;
use super::downloads::{RejectedDownloads, Templates};
use super::issues::IssuesList;
use super::overrides::FileOverrides;
use super::persistence::persistence;
use super::progress::JobProgress;
use crate::files::{from_list, Blobs};
use crate::lang::Lang;
use crate::state::{Action, AppState, Job, Notice, SourceFile};

/// The files the file buttons offer.
const ACCEPT: &str = ".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.json,text/csv,text/tab-separated-values";

/// The user's files, in the order given, each with a button that takes it away.
fn loaded_files(lang: crate::lang::Lang, inputs: &[SourceFile], dispatch: &UseReducerDispatcher<AppState>) -> Html {
    html! {
        <div class="loaded-files">
            <h3>{lang.t(format!("読み込んだファイル {} 件", inputs.len()), format!("{} files loaded", inputs.len()))}</h3>
            <ul data-testid="loaded-files">
                { for inputs.iter().map(|f| {
                    let (dispatch, id) = (dispatch.clone(), f.id);
                    let remove = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::RemoveFile(id)));
                    html! {
                        <li data-file={f.name.clone()}>
                            <span class="file-name">{&f.name}</span>
                            <span class="footnote">{format!(" {}", label::bytes(f.size))}</span>
                            <button type="button" class="remove-file" data-action="remove-file" onclick={remove}
                                    aria-label={lang.t(format!("削除: {}", f.name), format!("Remove {}", f.name))}>{lang.t("削除", "Remove")}</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DataPanelProps {
    pub results: Rc<Results>,
    pub inputs: Rc<Vec<SourceFile>>,
    pub headers: Rc<Vec<Vec<String>>>,
    pub tables: Rc<Vec<TableView>>,
    pub options: Options,
    pub is_sample: bool,
    pub job: Option<Job>,
    pub persisted: Option<String>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn DataPanel(props: &DataPanelProps) -> Html {
    let lang = crate::lang::use_lang();
    let dragging = use_state(|| false);
    let blobs = use_context::<Blobs>().unwrap_or_default();
    // Files chosen or dropped are added to those loaded; the second button replaces them all.
    let read = |replace: bool| {
        let (dispatch, blobs) = (props.dispatch.clone(), blobs.clone());
        let limit = props.options.limits.max_file_bytes;
        Callback::from(move |files: Vec<File>| {
            // Refuse what is over the limit before reading it, so that a huge file cannot exhaust
            // the tab's memory.
            let (files, refused): (Vec<File>, Vec<File>) = files.into_iter().partition(|f| f.size() <= limit);
            if !refused.is_empty() {
                let names = refused.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
                let mb = limit / (1024 * 1024);
                dispatch.dispatch(Action::Notice(Notice::new(
                    format!("大きすぎるため読み込みませんでした（上限 {mb} MB）: {names}"),
                    format!("Too large to read (limit {mb} MB): {names}"),
                )));
            }
            if files.is_empty() {
                return;
            }
            // Not read here: the engine reads them, in its worker.
            let files = files.iter().map(|f| blobs.add_file(f)).collect();
            dispatch.dispatch(if replace { Action::ReplaceFiles(files) } else { Action::AddFiles(files) });
        })
    };
    let load = read(false);
    let chosen = |load: Callback<Vec<File>>| {
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            load.emit(from_list(input.files()));
            // Choosing the same file again must reload it.
            input.set_value("");
        })
    };
    let onchange = chosen(load.clone());
    let on_replace = chosen(read(true));
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            load.emit(from_list(e.data_transfer().and_then(|d| d.files())));
        })
    };
    // Each control sets one part of the statistics options; the page's choices are per unit, so a
    // single threshold from an older options file gives way to them.
    let on_statistics = |apply: fn(&mut StatisticsOptions, &str)| {
        let (dispatch, options) = (props.dispatch.clone(), props.options.clone());
        Callback::from(move |e: Event| {
            let mut o = options.clone();
            apply(&mut o.statistics, &e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
            o.statistics.min_cell_size = None;
            dispatch.dispatch(Action::SetOptions(o));
        })
    };
    let statistics = &props.options.statistics;
    let threshold = |name: &'static str,
                     key: &'static str,
                     current: u64,
                     choices: &[u64],
                     apply: fn(&mut StatisticsOptions, &str)| {
        html! {
            <label>{name}
                <select data-option={key} onchange={on_statistics(apply)}>
                    { for choices.iter().map(|&v| html! { <option value={v.to_string()} selected={current == v}>{v}</option> }) }
                </select>
            </label>
        }
    };
    let use_sample = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::UseSample))
    };
    html! {
        <section class="panel" aria-labelledby="data-heading">
            <h2 id="data-heading">{lang.t("データ", "Data")}</h2>
            if props.is_sample {
                <p class="sample-banner" data-testid="sample-banner">
                    {lang.t("表示中: 合成サンプルデータ（架空の値です。実際の調査結果ではありません） / Showing SYNTHETIC sample data, not real survey results.", "Showing SYNTHETIC sample data, not real survey results.")}
                </p>
            }
            <div class={classes!("dropzone", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}
                 data-testid="dropzone">
                if lang == Lang::Ja {
                    <p>{"調査ファイル（Excel・ODS・CSV・TSV・JSON）をここにドロップするか、選択してください。ファイルはこのブラウザの中だけで処理されます。"}</p>
                }
                <p class={classes!((lang == Lang::Ja).then_some("issue-en"))}>{"Drop survey files (Excel, ODS, CSV, TSV, JSON) here or choose them. They are processed in this browser only."}</p>
                <div class="actions">
                    <label class="button file-button">
                        {if props.is_sample { lang.t("ファイルを選択", "Choose files") } else { lang.t("ファイルを追加", "Add files") }}
                        <input type="file" multiple=true class="visually-hidden" data-testid="file-input" accept={ACCEPT} {onchange} />
                    </label>
                    if !props.is_sample {
                        <label class="button file-button">
                            {lang.t("すべて置き換える", "Replace all")}
                            <input type="file" multiple=true class="visually-hidden" data-testid="replace-input" accept={ACCEPT} onchange={on_replace} />
                        </label>
                    }
                    <button type="button" onclick={use_sample} data-action="use-sample">
                        {lang.t("サンプル（合成データ）を表示", "Show the sample")}
                    </button>
                </div>
            </div>
            if !props.is_sample { {loaded_files(lang, &props.inputs, &props.dispatch)} }
            {persistence(lang, props.persisted.as_ref(), &props.dispatch)}
            <div class="options" role="group" aria-label={lang.t("集計の設定", "Settings")}>
                <label>{lang.t("用途", "Mode ")}
                    <select data-option="mode" onchange={on_statistics(|s, v| {
                        s.mode = if v == "internal" { StatisticsMode::Internal } else { StatisticsMode::Publication };
                    })}>
                        <option value="publication" selected={statistics.mode == StatisticsMode::Publication}>
                            {lang.t("公表用（少数の回答者・企業・課題の値を秘匿）", "for publication")}</option>
                        <option value="internal" selected={statistics.mode == StatisticsMode::Internal}>
                            {lang.t("内部確認用（秘匿しない）", "for internal checking (nothing hidden)")}</option>
                    </select>
                </label>
                if statistics.mode == StatisticsMode::Publication {
                    <span class="footnote">{lang.t("秘匿する人数・件数の下限（これ未満を x）", "shown from: ")}</span>
                    { threshold(lang.t("回答者", "respondents"), "min_respondents", statistics.min_respondents, &[5, 3, 10], |s, v| s.min_respondents = v.parse().unwrap_or(5)) }
                    { threshold(lang.t("企業", "companies"), "min_companies", statistics.min_companies, &[3, 2, 5], |s, v| s.min_companies = v.parse().unwrap_or(3)) }
                    { threshold(lang.t("課題", "projects"), "min_projects", statistics.min_projects, &[3, 2, 5], |s, v| s.min_projects = v.parse().unwrap_or(3)) }
                }
            </div>
            if let Some(job) = &props.job {
                <JobProgress job={job.clone()} dispatch={props.dispatch.clone()} />
            }
            <DatasetsTable results={props.results.clone()} open={!props.is_sample} />
            <RejectedDownloads results={props.results.clone()} inputs={props.inputs.clone()} options={props.options.clone()} dispatch={props.dispatch.clone()} />
            <Templates dispatch={props.dispatch.clone()} />
            <FileOverrides inputs={props.inputs.clone()} headers={props.headers.clone()} tables={props.tables.clone()} results={props.results.clone()}
                           options={props.options.clone()} dispatch={props.dispatch.clone()} />
            <IssuesList results={props.results.clone()} />
        </section>
    }
}

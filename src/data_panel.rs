//! Getting data in: file input, drag and drop, the sample, and what was read (datasets and issues).

use std::rc::Rc;

use gloo::file::File;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::engine::{EngineClient, Files};
use crate::files::{from_list, offer, Blobs};
use crate::hooks::use_first_screen;
use crate::state::SourceFile;
use crate::state::{Action, AppState, Job};
use mdkpi_contract::diagnostics::Severity;
use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::label;
use mdkpi_contract::lang::Lang;
use mdkpi_contract::options::Options;
use mdkpi_contract::protocol::{Answer, Request};
use mdkpi_contract::results::Results;
use mdkpi_contract::schema::DatasetKind;
use mdkpi_contract::template::{template_csv, template_name};

const ENCODINGS: [TextEncoding; 5] =
    [TextEncoding::Utf8, TextEncoding::Utf8Bom, TextEncoding::Cp932, TextEncoding::Utf16le, TextEncoding::Utf16be];

/// Issues listed on the page; all of them are in the exported JSON.
const SHOWN_ISSUES: usize = 500;

#[derive(Properties, PartialEq)]
pub struct DataPanelProps {
    pub results: Rc<Results>,
    pub inputs: Rc<Vec<SourceFile>>,
    pub headers: Rc<Vec<Vec<String>>>,
    pub options: Options,
    pub is_sample: bool,
    pub notice: Option<String>,
    pub job: Option<Job>,
    pub persisted: Option<String>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn DataPanel(props: &DataPanelProps) -> Html {
    let dragging = use_state(|| false);
    let blobs = use_context::<Blobs>().unwrap_or_default();
    let load = {
        let dispatch = props.dispatch.clone();
        let limit = props.options.limits.max_file_bytes;
        Callback::from(move |files: Vec<File>| {
            // Refuse what is over the limit before reading it, so that a huge file cannot exhaust
            // the tab's memory.
            let (files, refused): (Vec<File>, Vec<File>) = files.into_iter().partition(|f| f.size() <= limit);
            if !refused.is_empty() {
                let names = refused.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
                dispatch.dispatch(Action::Notice(format!(
                    "大きすぎるため読み込みませんでした（上限 {} MB）: {names} / Too large to read (limit {} MB): {names}",
                    limit / (1024 * 1024),
                    limit / (1024 * 1024)
                )));
            }
            if files.is_empty() {
                return;
            }
            // Not read here: the engine reads them, in its worker.
            dispatch.dispatch(Action::LoadFiles(files.iter().map(|f| blobs.add_file(f)).collect()));
        })
    };
    let onchange = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            load.emit(from_list(input.files()));
            // Choosing the same file again must reload it.
            input.set_value("");
        })
    };
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
    let on_min_cell = {
        let (dispatch, options) = (props.dispatch.clone(), props.options.clone());
        Callback::from(move |e: Event| {
            let mut o = options.clone();
            if let Ok(k) = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse() {
                o.statistics.min_cell_size = k;
                dispatch.dispatch(Action::SetOptions(o));
            }
        })
    };
    let k = props.options.statistics.min_cell_size;
    let on_persist = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                // The save itself follows (App keeps every computed state while this is on).
                dispatch.dispatch(Action::Persisted(Some(String::new())));
            } else {
                let dispatch = dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = crate::storage::wipe().await;
                    dispatch.dispatch(Action::Persisted(None));
                });
            }
        })
    };
    let clear_all = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = crate::storage::wipe().await;
                dispatch.dispatch(Action::ClearAll);
                dispatch.dispatch(Action::Notice(match result {
                    Ok(()) => "すべてのデータを消去しました（このブラウザの保存分も含む）。 / All data cleared, including what this browser kept.".to_owned(),
                    Err(e) => format!("保存分を消去できませんでした / Could not clear stored data: {e}"),
                }));
            });
        })
    };
    let use_sample = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::UseSample))
    };
    html! {
        <section class="panel" aria-labelledby="data-heading">
            <h2 id="data-heading">{"データ "}<span class="kpi-id">{"Data"}</span></h2>
            if props.is_sample {
                <p class="sample-banner" data-testid="sample-banner">
                    {"表示中: 合成サンプルデータ（架空の値です。実際の調査結果ではありません） / Showing SYNTHETIC sample data, not real survey results."}
                </p>
            }
            <div class={classes!("dropzone", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}
                 data-testid="dropzone">
                <p>{"調査ファイル（CSV・TSV）をここにドロップするか、選択してください。ファイルはこのブラウザの中だけで処理されます。"}</p>
                <p class="issue-en">{"Drop survey files (CSV, TSV) here or choose them. They are processed in this browser only."}</p>
                <div class="actions">
                    <label class="button">
                        {"ファイルを選択 / Choose files"}
                        <input type="file" multiple=true class="visually-hidden" data-testid="file-input"
                               accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" {onchange} />
                    </label>
                    <button type="button" onclick={use_sample} data-action="use-sample">
                        {"サンプル（合成データ）を表示 / Show the sample"}
                    </button>
                </div>
            </div>
            <div class="options" role="group" aria-label="データの保存 / Keeping data">
                <label><input type="checkbox" data-option="persist" checked={props.persisted.is_some()} onchange={on_persist} />
                    {"このブラウザにデータを保存する（既定はオフ。保存先はこのブラウザの中だけです） / Keep the data in this browser"}</label>
                if let Some(at) = props.persisted.as_ref().filter(|at| !at.is_empty()) {
                    <span class="footnote" data-testid="persisted-at">{format!("保存日時: {at}")}</span>
                }
                <button type="button" data-action="clear-all" onclick={clear_all}>{"すべてのデータを消去 / Clear all data"}</button>
            </div>
            <div class="options" role="group" aria-label="集計の設定 / Settings">
                <label>{"小さいセルの秘匿（n が k 未満を非表示）k = "}
                    <select data-option="min_cell_size" onchange={on_min_cell}>
                        { for [(5u64, "5（既定）"), (3, "3"), (10, "10"), (1, "1（秘匿しない・内部確認用）")].into_iter().map(|(v, text)| html! {
                            <option value={v.to_string()} selected={k == v}>{text}</option>
                        }) }
                    </select>
                </label>
            </div>
            if let Some(job) = &props.job {
                <JobProgress job={job.clone()} dispatch={props.dispatch.clone()} />
            }
            if let Some(notice) = &props.notice {
                <p class="sev-error" role="alert">{notice.clone()}</p>
            }
            <DatasetsTable results={props.results.clone()} open={!props.is_sample} />
            <RejectedDownloads results={props.results.clone()} inputs={props.inputs.clone()} options={props.options.clone()} dispatch={props.dispatch.clone()} />
            <Templates />
            <FileOverrides inputs={props.inputs.clone()} headers={props.headers.clone()} results={props.results.clone()}
                           options={props.options.clone()} dispatch={props.dispatch.clone()} />
            <IssuesList results={props.results.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub results: Rc<Results>,
}

#[derive(Properties, PartialEq)]
struct DatasetsProps {
    results: Rc<Results>,
    open: bool,
}

#[component]
fn DatasetsTable(props: &DatasetsProps) -> Html {
    // Closed, the table is made after the first screen (see `use_first_screen`).
    let shown = props.open || !use_first_screen();
    let rows = props.results.datasets.iter().map(|d| {
        let kind = match d.kind {
            Some(k) => k.name_ja().to_owned(),
            None => "不明 / unknown".to_owned(),
        };
        html! {
            <tr data-source={d.source.clone()}>
                <td>{&d.source}</td>
                <td>{kind}</td>
                <td data-field="encoding">{d.encoding.label()}
                    if let Some(by) = &d.mapped_by {
                        <div class="footnote" data-field="mapped_by">{if by == "user" { "対応付け: 手動".to_owned() } else { format!("レシピ適用: {by}") }}</div>
                    }
                    if d.undecodable_chars > 0 {
                        <span class="sev-warning">{format!(" （読めない文字 {}）", d.undecodable_chars)}</span>
                    }
                </td>
                <td class="num" data-field="rows_read">{d.rows_read}</td>
                <td class="num" data-field="rows_used">{d.rows_used}</td>
                <td class="num" data-field="rows_rejected">{d.rows_rejected}</td>
                <td class="num" data-field="rows_superseded">{d.rows_superseded}</td>
            </tr>
        }
    });
    let datasets = &props.results.datasets;
    let read: u64 = datasets.iter().map(|d| d.rows_read).sum();
    let used: u64 = datasets.iter().map(|d| d.rows_used).sum();
    let summary = format!(
        "読み込んだファイル {} 件・{} 行（使用 {} 行） / {} files, {} rows read, {} used",
        datasets.len(),
        label::grouped(read as i64),
        label::grouped(used as i64),
        datasets.len(),
        label::grouped(read as i64),
        label::grouped(used as i64)
    );
    // Closed for the sample, so that the plan is on the first screen; open for the user's files.
    html! {
        <details class="datasets" open={props.open}>
            <summary data-testid="datasets-summary">{summary}</summary>
            if shown {
            <div class="table-wrap">
                <table data-testid="datasets">
                    <caption class="visually-hidden">{"読み込んだファイル / Files read"}</caption>
                    <thead><tr>
                        <th>{"ファイル"}</th><th>{"種別"}</th><th>{"文字コード"}</th>
                        <th class="num">{"読込行"}</th><th class="num">{"使用"}</th>
                        <th class="num">{"除外"}</th><th class="num">{"重複で置換"}</th>
                    </tr></thead>
                    <tbody>{for rows}</tbody>
                </table>
            </div>
            }
        </details>
    }
}

#[component]
fn IssuesList(props: &ResultsProps) -> Html {
    let issues = &props.results.issues;
    let errors = issues.iter().filter(|i| i.severity() == Severity::Error).count();
    let warnings = issues.len() - errors;
    if issues.is_empty() {
        return html! {
            <p class="ok-note" data-testid="issues-summary">{"問題は見つかりませんでした。 / No problems found."}</p>
        };
    }
    let rows = issues.iter().take(SHOWN_ISSUES).map(|i| {
        let (class, label) = match i.severity() {
            Severity::Error => ("sev-error", "エラー"),
            Severity::Warning => ("sev-warning", "警告"),
        };
        html! {
            <tr data-severity={label}>
                <td>{i.source()}</td>
                <td class="num">{i.row().map(|r| r.to_string()).unwrap_or_default()}</td>
                <td>{i.position.column.clone().unwrap_or_default()}</td>
                <td class={class}>{label}</td>
                <td>{i.message(Lang::Ja)}<br/><span class="issue-en">{i.message(Lang::En)}</span></td>
            </tr>
        }
    });
    html! {
        <details class="issues" open={errors > 0}>
            <summary data-testid="issues-summary">
                {format!("エラー {errors} 件・警告 {warnings} 件 / {errors} errors, {warnings} warnings")}
            </summary>
            <table data-testid="issues">
                <thead><tr><th>{"ファイル"}</th><th class="num">{"行"}</th><th>{"列"}</th><th>{"種類"}</th><th>{"内容"}</th></tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            if issues.len() > SHOWN_ISSUES {
                <p class="footnote">{format!("ほか {} 件は結果 JSON に含まれます。 / {} more are in the results JSON.", issues.len() - SHOWN_ISSUES, issues.len() - SHOWN_ISSUES)}</p>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct OverridesProps {
    inputs: Rc<Vec<SourceFile>>,
    headers: Rc<Vec<Vec<String>>>,
    results: Rc<Results>,
    options: Options,
    dispatch: UseReducerDispatcher<AppState>,
}

/// Per file: the dataset kind and encoding when detection guessed wrong, and the column mapping
/// when the headers match no known column. The mapping can be kept as a recipe for next year.
#[component]
fn FileOverrides(props: &OverridesProps) -> Html {
    // A file whose headers matched no kind, or lack a required column, needs mapping: open the form.
    let unmapped = |name: &str| {
        props.results.datasets.iter().any(|d| d.source == name && d.kind.is_none())
            || props
                .results
                .issues
                .iter()
                .any(|i| i.source() == name && i.code() == mdkpi_contract::diagnostics::IssueCode::MissingColumn)
    };
    // Stays open while any file has a manual choice, so that it never closes under the user's hands.
    let needs_mapping = props.inputs.iter().any(|f| unmapped(&f.name) || f.kind.is_some() || f.mapping.is_some());
    // Each file's controls are made when the section is open: closed, they were 640 of the first
    // screen's 1,419 elements (the sample's seven files, a select per column), built and laid out
    // before the first chart for nothing.
    let opened = use_state_eq(|| false);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            opened.set(e.target_dyn_into::<web_sys::Element>().is_some_and(|d| d.has_attribute("open")))
        })
    };
    let shown = *opened || needs_mapping;
    let files = props.inputs.iter().enumerate().map(|(index, file)| {
        let (kind, encoding, mapping) = (file.kind, file.encoding, file.mapping.clone());
        let detected = props.results.datasets.iter().find(|d| d.source == file.name).and_then(|d| d.kind);
        let shown_kind = kind.or(detected);
        let dispatch = props.dispatch.clone();
        let on_kind = {
            let mapping = mapping.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                let kind = DatasetKind::ALL.into_iter().find(|k| format!("{k:?}") == v);
                dispatch.dispatch(Action::Override { index, kind, encoding, mapping: mapping.clone() });
            })
        };
        let dispatch = props.dispatch.clone();
        let on_encoding = {
            let mapping = mapping.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                let encoding = ENCODINGS.into_iter().find(|enc| format!("{enc:?}") == v);
                dispatch.dispatch(Action::Override { index, kind, encoding, mapping: mapping.clone() });
            })
        };
        let headers = props.headers.get(index).cloned().unwrap_or_default();
        let columns = shown_kind.map(|k| k.columns()).unwrap_or_default();
        let column_rows = columns.iter().map(|c| {
            let current = mapping.as_ref().and_then(|m| m.get(&c.key).cloned());
            let dispatch = props.dispatch.clone();
            let base = mapping.clone().unwrap_or_default();
            let key = c.key;
            let onchange = Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                let mut m = base.clone();
                if v.is_empty() { m.remove(&key); } else { m.insert(key, v); }
                dispatch.dispatch(Action::Override { index, kind: shown_kind, encoding, mapping: Some(m) });
            });
            let required = c.required != mdkpi_contract::schema::Required::No;
            html! {
                <tr>
                    <td>{c.ja}{" / "}{c.key}{if required { " *" } else { "" }}</td>
                    <td><select data-map-column={c.key.as_str()} {onchange} aria-label={format!("{} の列", c.ja)}>
                        <option value="" selected={current.is_none()}>{"（自動 / なし）"}</option>
                        { for headers.iter().filter(|h| !h.is_empty()).map(|h| html! {
                            <option value={h.clone()} selected={current.as_deref() == Some(h.as_str())}>{h.clone()}</option>
                        }) }
                    </select></td>
                </tr>
            }
        });
        html! {
            <div class="file-override" data-file={file.name.clone()}>
                <h4>{&file.name}
                    if unmapped(&file.name) { <span class="sev-error">{" 列の対応付けが必要です / needs mapping"}</span> }
                </h4>
                <div class="options">
                    <label>{"種別 "}<select data-override="kind" onchange={on_kind}>
                        <option value="" selected={kind.is_none()}>{"自動判定"}</option>
                        { for DatasetKind::ALL.into_iter().map(|k| html! {
                            <option value={format!("{k:?}")} selected={kind == Some(k)}>{k.name_ja()}</option>
                        }) }
                    </select></label>
                    <label>{"文字コード "}<select data-override="encoding" onchange={on_encoding}>
                        <option value="" selected={encoding.is_none()}>{"自動判定"}</option>
                        { for ENCODINGS.into_iter().map(|enc| html! {
                            <option value={format!("{enc:?}")} selected={encoding == Some(enc)}>{enc.label()}</option>
                        }) }
                    </select></label>
                </div>
                if !columns.is_empty() {
                    <details class="mapping" open={unmapped(&file.name) || mapping.is_some()}>
                        <summary>{"列の対応付け / Column mapping"}</summary>
                        <table data-testid="mapping"><tbody>{ for column_rows }</tbody></table>
                    </details>
                } else if unmapped(&file.name) {
                    <p class="footnote">{"まず種別を選んでください。 / Choose the kind first."}</p>
                }
            </div>
        }
    });
    let engine = use_context::<EngineClient>().unwrap_or_default();
    let save_recipe = {
        let (inputs, options, dispatch) = (props.inputs.clone(), props.options.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            engine.answer_then(
                Request::Recipe,
                Files::Once(&inputs),
                &options,
                |answered| {
                    if let Answer::Recipe { json } = answered.answer {
                        offer("mdkpi-recipe.json", "application/json", json.as_bytes());
                    }
                },
                move |e| {
                    dispatch
                        .dispatch(Action::Notice(format!("レシピを作れませんでした / Could not make the recipe: {e}")))
                },
            );
        })
    };
    html! {
        <details class="overrides" open={needs_mapping} {ontoggle}>
            <summary>{"種別・文字コード・列の対応付け / Kind, encoding, column mapping"}</summary>
            if shown {
                <div data-testid="overrides">{ for files }</div>
            }
            <div class="actions">
                <button type="button" data-action="export-recipe" onclick={save_recipe}>
                    {"対応付けをレシピとして保存（データは含みません） / Save the mapping as a recipe (no data)"}
                </button>
            </div>
            <p class="footnote">{"レシピ（mdkpi-recipe.json）を翌年度のファイルと一緒に読み込むと、同じ対応付けが適用されます。 / Drop the recipe with next year's files to apply it."}</p>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct RejectedProps {
    results: Rc<Results>,
    inputs: Rc<Vec<SourceFile>>,
    options: Options,
    dispatch: UseReducerDispatcher<AppState>,
}

/// Rejected rows as CSV files to fix and upload again.
#[component]
fn RejectedDownloads(props: &RejectedProps) -> Html {
    let engine = use_context::<EngineClient>().unwrap_or_default();
    if props.results.datasets.iter().all(|d| d.rows_rejected == 0) {
        return Html::default();
    }
    let onclick = {
        let (inputs, options, dispatch) = (props.inputs.clone(), props.options.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            engine.answer_then(
                Request::RejectedRows,
                Files::Once(&inputs),
                &options,
                |mut answered| {
                    if let Answer::Files { files } = answered.answer.clone() {
                        for (name, place) in files {
                            offer(&name, "text/csv;charset=utf-8", &answered.take(place));
                        }
                    }
                },
                move |e| {
                    dispatch.dispatch(Action::Notice(format!(
                        "除外された行を書き出せませんでした / Could not write the rejected rows: {e}"
                    )))
                },
            );
        })
    };
    html! {
        <div class="actions">
            <button type="button" data-action="export-rejected-rows" {onclick}>
                {"除外された行をCSVで保存（修正して再読込できます） / Save rejected rows as CSV"}
            </button>
        </div>
    }
}

/// One CSV template per dataset kind.
#[component]
fn Templates() -> Html {
    html! {
        <details class="overrides">
            <summary>{"入力用テンプレート（CSV, Excel 用 UTF-8 BOM 付き） / Templates"}</summary>
            <div class="actions">
                { for DatasetKind::ALL.into_iter().map(|kind| {
                    let onclick = Callback::from(move |_: MouseEvent| {
                        offer(&template_name(kind), "text/csv;charset=utf-8", &template_csv(kind));
                    });
                    html! {
                        <button type="button" data-action="download-template" data-kind={template_name(kind)} {onclick}>
                            {kind.name_ja()}
                        </button>
                    }
                }) }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct JobProps {
    job: Job,
    dispatch: UseReducerDispatcher<AppState>,
}

/// Progress of the engine's work, with a cancel button.
#[component]
fn JobProgress(props: &JobProps) -> Html {
    let percent = (props.job.fraction * 100.0).clamp(0.0, 100.0).round();
    let cancel = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Cancel))
    };
    html! {
        <div class="job" data-testid="progress">
            <label for="job-progress">{format!("処理中 / Working: {}", props.job.label)}</label>
            <progress id="job-progress" max="100" value={percent.to_string()}>{format!("{percent}%")}</progress>
            <button type="button" data-action="cancel-import" onclick={cancel}>{"中止 / Cancel"}</button>
        </div>
    }
}

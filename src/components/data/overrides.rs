//! The user's choices per file: dataset kind, encoding, header rows and sheets, column mapping; and
//! the mapping as a recipe.

use std::rc::Rc;

use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::options::Options;
use mdkpi_contract::protocol::{Answer, Request};
use mdkpi_contract::results::{Results, TableView};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use super::tables::TableChoices;
use crate::engine::{EngineClient, Files};
use crate::files::offer;
use crate::lang::Lang;
use crate::state::{Action, AppState, Notice, SourceFile};

const ENCODINGS: [TextEncoding; 5] =
    [TextEncoding::Utf8, TextEncoding::Utf8Bom, TextEncoding::Cp932, TextEncoding::Utf16le, TextEncoding::Utf16be];

#[derive(Properties, PartialEq)]
pub struct OverridesProps {
    pub inputs: Rc<Vec<SourceFile>>,
    pub headers: Rc<Vec<Vec<String>>>,
    pub tables: Rc<Vec<TableView>>,
    pub results: Rc<Results>,
    pub options: Options,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Per file: the dataset kind and encoding when detection guessed wrong, and the column mapping
/// when the headers match no known column. The mapping can be kept as a recipe for next year.
#[component]
pub fn FileOverrides(props: &OverridesProps) -> Html {
    let lang = crate::lang::use_lang();
    // A file whose headers matched no kind, lack a required column or give nothing needs mapping:
    // open the form. (A workbook's cover sheet, set aside, is no such thing.)
    let unmapped = |name: &str| props.results.issues.iter().any(|i| i.source() == name && i.code().asks_for_mapping());
    // Stays open while any file has a manual choice, so that it never closes under the user's hands.
    let needs_mapping = props
        .inputs
        .iter()
        .any(|f| unmapped(&f.name) || f.kind.is_some() || f.mapping.is_some() || !f.tables.is_empty());
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
                    <td>{match lang {
                        Lang::Ja => html! { <>{c.ja}{" / "}{c.key}</> },
                        // The files' header: Japanese, marked so, beside our name for the column.
                        Lang::En => html! { <>{c.key}{" / "}<span lang="ja">{c.ja}</span></> },
                    }}{if required { " *" } else { "" }}</td>
                    <td><select data-map-column={c.key.as_str()} {onchange} aria-label={lang.t(format!("{} の列", c.ja), format!("Column for {}", c.key.as_str()))}>
                        <option value="" selected={current.is_none()}>{lang.t("（自動 / なし）", "(automatic / none)")}</option>
                        { for headers.iter().filter(|h| !h.is_empty()).map(|h| html! {
                            <option value={h.clone()} selected={current.as_deref() == Some(h.as_str())}
                                    lang={crate::words::has_japanese(h).then_some("ja")}>{h.clone()}</option>
                        }) }
                    </select></td>
                </tr>
            }
        });
        html! {
            <div class="file-override" data-file={file.name.clone()}>
                <h4>{crate::words::data(file.name.clone())}
                    if unmapped(&file.name) { <span class="sev-error">{lang.t(" 列の対応付けが必要です", "needs mapping")}</span> }
                </h4>
                <div class="options">
                    <label>{lang.t("種別 ", "Kind ")}<select data-override="kind" onchange={on_kind}>
                        <option value="" selected={kind.is_none()}>{lang.t("自動判定", "Detect")}</option>
                        { for DatasetKind::ALL.into_iter().map(|k| html! {
                            <option value={format!("{k:?}")} selected={kind == Some(k)}>{k.name(lang)}</option>
                        }) }
                    </select></label>
                    <label>{lang.t("文字コード ", "Encoding ")}<select data-override="encoding" onchange={on_encoding}>
                        <option value="" selected={encoding.is_none()}>{lang.t("自動判定", "Detect")}</option>
                        { for ENCODINGS.into_iter().map(|enc| html! {
                            <option value={format!("{enc:?}")} selected={encoding == Some(enc)}>{enc.label()}</option>
                        }) }
                    </select></label>
                </div>
                if props.tables.iter().any(|v| v.input == index && v.header_row > 0) {
                    <TableChoices {index} file={file.clone()} tables={props.tables.clone()} options={props.options.clone()}
                                  dispatch={props.dispatch.clone()} />
                }
                if !columns.is_empty() {
                    <details class="mapping" open={unmapped(&file.name) || mapping.is_some()}>
                        <summary>{lang.t("列の対応付け", "Column mapping")}</summary>
                        <table data-testid="mapping"><tbody>{ for column_rows }</tbody></table>
                    </details>
                } else if unmapped(&file.name) {
                    <p class="footnote">{lang.t("まず種別を選んでください。", "Choose the kind first.")}</p>
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
                    dispatch.dispatch(Action::Notice(Notice::new(
                        format!("レシピを作れませんでした: {e}"),
                        format!("Could not make the recipe: {e}"),
                    )))
                },
            );
        })
    };
    html! {
        <details class="overrides" data-section="overrides" open={needs_mapping} {ontoggle}>
            <summary>{lang.t("種別・文字コード・列の対応付け", "Kind, encoding, column mapping")}</summary>
            if shown {
                <div data-testid="overrides">{ for files }</div>
            }
            <div class="actions">
                <button type="button" data-action="export-recipe" onclick={save_recipe}>
                    {lang.t("対応付けをレシピとして保存（データは含みません）", "Save the mapping as a recipe (no data)")}
                </button>
            </div>
            <p class="footnote">{lang.t("レシピ（mdkpi-recipe.json）を翌年度のファイルと一緒に読み込むと、同じ対応付けが適用されます。", "Drop the recipe with next year's files to apply it.")}</p>
        </details>
    }
}

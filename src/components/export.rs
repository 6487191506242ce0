//! Table exports: a CSV for Excel (UTF-8 with a BOM, the default) or Shift_JIS (CP932), which says
//! how many characters it could not hold. Footnotes (sources, 年度, n, definitions) travel first.

use std::rc::Rc;

use mdkpi_contract::csv_text::{utf8_bom, CsvEncoding};
use mdkpi_contract::label::Money;
use mdkpi_contract::options::Options;
use mdkpi_contract::protocol::{Answer, Request};
use mdkpi_contract::safe::file_name;
use mdkpi_contract::table::Table;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::{EngineClient, Files};
use crate::files::offer;
use crate::lang::use_lang;
use crate::state::{Action, AppState, Notice, SourceFile};

/// Offers `text` as a CSV named `name` in `encoding`, then calls `lost` with the number of
/// characters CP932 could not hold (0 for UTF-8), or `failed` when the engine could not encode it.
fn save_csv(
    engine: &EngineClient,
    text: String,
    encoding: CsvEncoding,
    name: String,
    mime: &'static str,
    lost: impl FnOnce(usize) + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    match encoding {
        CsvEncoding::Utf8Bom => {
            offer(&name, mime, &utf8_bom(&text));
            lost(0);
        }
        CsvEncoding::Cp932 => engine.answer_then(
            Request::Cp932 { text },
            Files::None,
            &Options::default(),
            move |mut answered| {
                if let Answer::Encoded { bytes, lost: count } = answered.answer {
                    offer(&name, mime, &answered.take(bytes));
                    lost(count);
                }
            },
            failed,
        ),
    }
}

#[derive(Properties, PartialEq)]
pub struct CsvButtonsProps {
    /// The file name without extension.
    pub name: AttrValue,
    pub table: Rc<Table>,
}

/// The MIME type of an .xlsx workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Offers the workbooks of an engine's answer.
fn offer_files(answered: crate::engine::Answered) {
    for (name, bytes) in answered.files() {
        offer(&name, XLSX, &bytes);
    }
}

#[component]
pub fn CsvButtons(props: &CsvButtonsProps) -> Html {
    let lang = use_lang();
    let lost = use_state(|| None::<Result<usize, String>>);
    let engine = use_context::<EngineClient>().unwrap_or_default();
    let save = |encoding: CsvEncoding| {
        let (table, name, lost, engine) = (props.table.clone(), props.name.clone(), lost.clone(), engine.clone());
        Callback::from(move |_: MouseEvent| {
            let text = table.csv_text();
            let suffix = if encoding == CsvEncoding::Cp932 { "_sjis" } else { "" };
            let (shown, failed) = (lost.clone(), lost.clone());
            let cp932 = encoding == CsvEncoding::Cp932;
            save_csv(
                &engine,
                text,
                encoding,
                file_name(&format!("{name}{suffix}.csv")),
                "text/csv",
                move |n| shown.set(cp932.then_some(Ok(n))),
                move |e| failed.set(Some(Err(e))),
            );
        })
    };
    // The workbook is written by the engine: the page carries no .xlsx writer.
    let save_xlsx = {
        let (table, name, lost, engine) = (props.table.clone(), props.name.clone(), lost.clone(), engine.clone());
        Callback::from(move |_: MouseEvent| {
            let failed = lost.clone();
            engine.answer_then(
                Request::TableXlsx { name: name.to_string(), table: (*table).clone() },
                Files::None,
                &Options::default(),
                offer_files,
                move |e| failed.set(Some(Err(e))),
            );
        })
    };
    html! {
        <span class="csv-buttons no-print">
            <button type="button" data-action="table-csv" onclick={save(CsvEncoding::Utf8Bom)}>{lang.t("この表を CSV（Excel用）", "This table as CSV (for Excel)")}</button>
            <button type="button" data-action="table-csv-sjis" onclick={save(CsvEncoding::Cp932)}>{lang.t("CSV（Shift_JIS）", "CSV (Shift_JIS)")}</button>
            <button type="button" data-action="table-xlsx" onclick={save_xlsx}>{lang.t("Excel（.xlsx）", "Excel (.xlsx)")}</button>
            if let Some(outcome) = &*lost {
                <span class="footnote" role="status">{
                    match outcome {
                        Ok(0) => lang.t("Shift_JIS で保存しました。", "Saved as Shift_JIS.").to_owned(),
                        Ok(n) => lang.t(format!("Shift_JIS で表せない文字 {n} 字を「?」にしました。"), format!("{n} characters Shift_JIS cannot hold became '?'.")),
                        Err(e) => lang.t(format!("保存できませんでした: {e}"), format!("Could not save: {e}")),
                    }
                }</span>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsExportProps {
    /// The files and options the results shown are of: the engine writes them again from these.
    pub inputs: Rc<Vec<SourceFile>>,
    pub options: Options,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// The whole results: the `mdkpi.results/1` JSON, or the CSV (one row per figure, definitions
/// and filter first) in the encoding picked; both written by the engine, as the CLI writes them.
#[component]
pub fn ResultsExport(props: &ResultsExportProps) -> Html {
    let lang = use_lang();
    let engine = use_context::<EngineClient>().unwrap_or_default();
    // Written by the engine from what it read, byte for byte the CLI's document: the page has no
    // serializer of its own to drift from it (nor its weight in the first load).
    let export_json = {
        let (inputs, options, dispatch, engine) =
            (props.inputs.clone(), props.options.clone(), props.dispatch.clone(), engine.clone());
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            engine.answer_then(
                Request::ResultsJson,
                Files::Read(&inputs),
                &options,
                |answered| {
                    for (name, bytes) in answered.files() {
                        offer(&name, "application/json", &bytes);
                    }
                },
                move |e| {
                    dispatch.dispatch(Action::Notice(Notice::new(
                        format!("保存できませんでした: {e}"),
                        format!("Could not save: {e}"),
                    )))
                },
            );
        })
    };
    let money = use_context::<Money>().unwrap_or_default();
    let export_xlsx = {
        let (inputs, options, dispatch, engine) =
            (props.inputs.clone(), props.options.clone(), props.dispatch.clone(), engine.clone());
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            engine.answer_then(
                Request::ResultsXlsx { lang, money },
                Files::Read(&inputs),
                &options,
                offer_files,
                move |e| {
                    dispatch.dispatch(Action::Notice(Notice::new(
                        format!("保存できませんでした: {e}"),
                        format!("Could not save: {e}"),
                    )))
                },
            );
        })
    };
    let csv_encoding = use_state(|| CsvEncoding::Utf8Bom);
    let on_csv_encoding = {
        let csv_encoding = csv_encoding.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            csv_encoding.set(if v == "cp932" { CsvEncoding::Cp932 } else { CsvEncoding::Utf8Bom });
        })
    };
    let export_csv = {
        let (inputs, options, encoding, dispatch) =
            (props.inputs.clone(), props.options.clone(), *csv_encoding, props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (name, mime) = match encoding {
                CsvEncoding::Utf8Bom => ("mdkpi-results.csv", "text/csv;charset=utf-8"),
                CsvEncoding::Cp932 => ("mdkpi-results-sjis.csv", "text/csv;charset=shift_jis"),
            };
            let (shown, failed) = (dispatch.clone(), dispatch.clone());
            engine.answer_then(
                Request::ResultsCsv { encoding },
                Files::Read(&inputs),
                &options,
                move |mut answered| {
                    let Answer::Encoded { bytes, lost } = answered.answer else { return };
                    offer(name, mime, &answered.take(bytes));
                    if lost > 0 {
                        shown.dispatch(Action::Notice(Notice::new(
                            format!("Shift_JIS で表せない文字が {lost} 個あり、「?」に置き換えました。UTF-8 での書き出しをお勧めします。"),
                            format!("{lost} characters cannot be written in Shift_JIS and became \"?\"; UTF-8 is recommended."),
                        )));
                    }
                },
                move |e| failed.dispatch(Action::Notice(Notice::new(format!("保存できませんでした: {e}"), format!("Could not save: {e}")))),
            );
        })
    };
    html! {
        <div class="results-export" role="group" aria-label={lang.t("結果の書き出し", "Export results")}>
            <button type="button" data-action="export-results-json" onclick={export_json}>{lang.t("結果データ（JSON）", "Results (JSON)")}</button>
            <button type="button" data-action="export-results-xlsx" onclick={export_xlsx}>{lang.t("結果データ（Excel）", "Results (Excel)")}</button>
            <button type="button" data-action="export-results-csv" onclick={export_csv}>{lang.t("結果データ（CSV）", "Results (CSV)")}</button>
            <label class="csv-encoding">
                <span>{lang.t("CSV の文字コード", "CSV encoding")}</span>
                <select data-option="csv_encoding" onchange={on_csv_encoding}>
                    <option value="utf8-bom" selected={*csv_encoding == CsvEncoding::Utf8Bom}>{lang.t("Excel用（UTF-8 BOM付き）", "For Excel (UTF-8 with BOM)")}</option>
                    <option value="cp932" selected={*csv_encoding == CsvEncoding::Cp932}>{"Shift_JIS（CP932）"}</option>
                </select>
            </label>
        </div>
    }
}

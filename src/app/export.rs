//! Table exports: a CSV for Excel (UTF-8 with a BOM, the default) or Shift_JIS (CP932), which says
//! how many characters it could not hold. Footnotes (sources, 年度, n, definitions) travel first.

use std::rc::Rc;

use yew::prelude::*;

use web_sys::HtmlSelectElement;

use crate::app::files::offer;
use crate::app::state::{Action, AppState};
use crate::report::csv_export::{encode, results_csv, table_csv_text, CsvEncoding};
use crate::report::safe::file_name;
use crate::report::Results;

/// A table as it is exported: footnotes, header, rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableData {
    pub notes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Properties, PartialEq)]
pub struct CsvButtonsProps {
    /// The file name without extension.
    pub name: AttrValue,
    pub table: Rc<TableData>,
}

#[component]
pub fn CsvButtons(props: &CsvButtonsProps) -> Html {
    let lost = use_state(|| None::<usize>);
    let save = |encoding: CsvEncoding| {
        let (table, name, lost) = (props.table.clone(), props.name.clone(), lost.clone());
        Callback::from(move |_: MouseEvent| {
            let text = table_csv_text(&table.notes, &table.header, &table.rows);
            let (bytes, n) = encode(&text, encoding);
            let suffix = if encoding == CsvEncoding::Cp932 { "_sjis" } else { "" };
            offer(&file_name(&format!("{name}{suffix}.csv")), "text/csv", &bytes);
            lost.set((encoding == CsvEncoding::Cp932).then_some(n));
        })
    };
    html! {
        <span class="csv-buttons no-print">
            <button type="button" data-action="table-csv" onclick={save(CsvEncoding::Utf8Bom)}>{"CSV（Excel用・UTF-8 BOM付き）"}</button>
            <button type="button" data-action="table-csv-sjis" onclick={save(CsvEncoding::Cp932)}>{"CSV（Shift_JIS）"}</button>
            if let Some(n) = *lost {
                <span class="footnote" role="status">{
                    if n == 0 { "Shift_JIS で保存しました。 / Saved as Shift_JIS.".to_owned() }
                    else { format!("Shift_JIS で表せない文字 {n} 字を「?」にしました。 / {n} characters Shift_JIS cannot hold became '?'.") }
                }</span>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsExportProps {
    pub results: Rc<Results>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// The whole results: the `mdkpi.results/1` JSON, or the CSV (one row per figure, definitions
/// and filter first) in the encoding picked.
#[component]
pub fn ResultsExport(props: &ResultsExportProps) -> Html {
    let export_json = {
        let results = props.results.clone();
        Callback::from(move |_: MouseEvent| offer("mdkpi-results.json", "application/json", results.to_json().as_bytes()))
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
        let (results, encoding, dispatch) = (props.results.clone(), *csv_encoding, props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (bytes, lost) = results_csv(&results, encoding);
            let (name, mime) = match encoding {
                CsvEncoding::Utf8Bom => ("mdkpi-results.csv", "text/csv;charset=utf-8"),
                CsvEncoding::Cp932 => ("mdkpi-results-sjis.csv", "text/csv;charset=shift_jis"),
            };
            offer(name, mime, &bytes);
            if lost > 0 {
                dispatch.dispatch(Action::Notice(format!(
                    "Shift_JIS で表せない文字が {lost} 個あり、「?」に置き換えました。UTF-8 での書き出しをお勧めします。 / {lost} characters cannot be written in Shift_JIS and became \"?\"; UTF-8 is recommended."
                )));
            }
        })
    };
    html! {
        <div class="results-export" role="group" aria-label="結果の書き出し / Export results">
            <button type="button" data-action="export-results-json" onclick={export_json}>{"JSON"}</button>
            <button type="button" data-action="export-results-csv" onclick={export_csv}>{"CSV"}</button>
            <label>
                <span class="visually-hidden">{"CSVの文字コード / CSV encoding"}</span>
                <select data-option="csv_encoding" onchange={on_csv_encoding}>
                    <option value="utf8-bom" selected={*csv_encoding == CsvEncoding::Utf8Bom}>{"Excel用（UTF-8 BOM付き）"}</option>
                    <option value="cp932" selected={*csv_encoding == CsvEncoding::Cp932}>{"Shift_JIS（CP932）"}</option>
                </select>
            </label>
        </div>
    }
}

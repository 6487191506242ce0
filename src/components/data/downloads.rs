//! Downloads for fixing the files: the rejected rows as CSV, and a template per dataset kind.

use std::rc::Rc;

use mdkpi_contract::options::Options;
use mdkpi_contract::protocol::Request;
use mdkpi_contract::results::Results;
use mdkpi_contract::schema::DatasetKind;
use mdkpi_contract::template::{template_csv, template_name};
use yew::prelude::*;

use crate::engine::{EngineClient, Files};
use crate::files::offer;
use crate::lang::use_lang;
use crate::state::{Action, AppState, Notice, SourceFile};

#[derive(Properties, PartialEq)]
pub struct RejectedProps {
    pub results: Rc<Results>,
    pub inputs: Rc<Vec<SourceFile>>,
    pub options: Options,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Rejected rows as CSV files to fix and upload again.
#[component]
pub fn RejectedDownloads(props: &RejectedProps) -> Html {
    let lang = crate::lang::use_lang();
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
                |answered| {
                    for (name, bytes) in answered.files() {
                        offer(&name, "text/csv;charset=utf-8", &bytes);
                    }
                },
                move |e| {
                    dispatch.dispatch(Action::Notice(Notice::new(
                        format!("除外された行を書き出せませんでした: {e}"),
                        format!("Could not write the rejected rows: {e}"),
                    )))
                },
            );
        })
    };
    html! {
        <div class="actions">
            <button type="button" data-action="export-rejected-rows" {onclick}>
                {lang.t("除外された行をCSVで保存（修正して再読込できます）", "Save rejected rows as CSV")}
            </button>
        </div>
    }
}

/// The fiscal year (April to March) of today, by the browser's clock: the latest year the
/// workbook template's 年度 lists offer. The engine reads no clock of its own.
fn current_fiscal_year() -> i32 {
    let today = js_sys::Date::new_0();
    let year = today.get_full_year() as i32;
    // get_month counts from 0: 3 is April.
    if today.get_month() >= 3 {
        year
    } else {
        year - 1
    }
}

#[derive(Properties, PartialEq)]
pub struct TemplatesProps {
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// A template per dataset kind: a CSV (the page writes it), or a workbook with lists to pick from
/// (the engine writes it), and one workbook with every kind.
#[component]
pub fn Templates(props: &TemplatesProps) -> Html {
    let lang = use_lang();
    let engine = use_context::<EngineClient>().unwrap_or_default();
    let workbook = |kind: Option<DatasetKind>| {
        let (engine, dispatch) = (engine.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            engine.answer_then(
                Request::TemplateXlsx { kind, fiscal_year: current_fiscal_year() },
                Files::None,
                &Options::default(),
                |answered| {
                    for (name, bytes) in answered.files() {
                        offer(&name, XLSX, &bytes);
                    }
                },
                move |e| {
                    dispatch.dispatch(Action::Notice(Notice::new(
                        format!("テンプレートを作れませんでした: {e}"),
                        format!("Could not make the template: {e}"),
                    )))
                },
            );
        })
    };
    html! {
        <details class="overrides">
            <summary>{lang.t("入力用テンプレート（CSV・Excel）", "Templates (CSV, Excel)")}</summary>
            <div class="actions">
                { for DatasetKind::ALL.into_iter().map(|kind| {
                    let onclick = Callback::from(move |_: MouseEvent| {
                        offer(&template_name(kind), "text/csv;charset=utf-8", &template_csv(kind));
                    });
                    let key = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                    html! {
                        <span class="template">
                            <button type="button" data-action="download-template" data-kind={template_name(kind)} {onclick}>
                                {kind.name(lang)}
                            </button>
                            <button type="button" data-action="download-template-xlsx" data-kind={key}
                                    aria-label={format!("{} {}", kind.name(lang), lang.t("Excel（.xlsx）", "Excel (.xlsx)"))} onclick={workbook(Some(kind))}>
                                {lang.t("Excel（.xlsx）", "Excel (.xlsx)")}
                            </button>
                        </span>
                    }
                }) }
                <button type="button" data-action="download-template-xlsx" data-kind="all" onclick={workbook(None)}>
                    {lang.t("すべての種別（.xlsx）", "Every kind (.xlsx)")}
                </button>
            </div>
        </details>
    }
}

/// The media type of an .xlsx workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

/// One CSV template per dataset kind.
#[component]
pub fn Templates() -> Html {
    let lang = crate::lang::use_lang();
    html! {
        <details class="overrides">
            <summary>{lang.t("入力用テンプレート（CSV, Excel 用 UTF-8 BOM 付き）", "Templates")}</summary>
            <div class="actions">
                { for DatasetKind::ALL.into_iter().map(|kind| {
                    let onclick = Callback::from(move |_: MouseEvent| {
                        offer(&template_name(kind), "text/csv;charset=utf-8", &template_csv(kind));
                    });
                    html! {
                        <button type="button" data-action="download-template" data-kind={template_name(kind)} {onclick}>
                            {kind.name(lang)}
                        </button>
                    }
                }) }
            </div>
        </details>
    }
}

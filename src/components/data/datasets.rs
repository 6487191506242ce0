//! What was read: a row per file (kind, encoding, rows read, used, rejected, superseded).

use std::rc::Rc;

use mdkpi_contract::label;
use mdkpi_contract::results::Results;
use yew::prelude::*;

use crate::hooks::use_first_screen;

#[derive(Properties, PartialEq)]
pub struct DatasetsProps {
    pub results: Rc<Results>,
    pub open: bool,
}

#[component]
pub fn DatasetsTable(props: &DatasetsProps) -> Html {
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

//! The problems found in the files, each with its place: in Japanese and English on a Japanese
//! page, in English on an English one.

use std::rc::Rc;

use mdkpi_contract::diagnostics::Severity;
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::Results;
use yew::prelude::*;

/// Issues listed on the page; all of them are in the exported JSON.
const SHOWN_ISSUES: usize = 500;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub results: Rc<Results>,
}

#[component]
pub fn IssuesList(props: &ResultsProps) -> Html {
    let lang = crate::lang::use_lang();
    let issues = &props.results.issues;
    let count = |s: Severity| issues.iter().filter(|i| i.severity() == s).count();
    let (errors, warnings, notes) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    if issues.is_empty() {
        return html! {
            <p class="ok-note" data-testid="issues-summary">{lang.t("問題は見つかりませんでした。", "No problems found.")}</p>
        };
    }
    let rows = issues.iter().take(SHOWN_ISSUES).map(|i| {
        let (class, label) = match i.severity() {
            Severity::Error => ("sev-error", lang.t("エラー", "Error")),
            Severity::Warning => ("sev-warning", lang.t("警告", "Warning")),
            Severity::Info => ("sev-info", lang.t("情報", "Note")),
        };
        let place = i.position.in_sheet();
        html! {
            <tr data-severity={label}>
                <td>{crate::words::data(i.source().to_owned())}
                    if let Some(place) = place { <div class="footnote" data-field="cell">{crate::words::marked(lang, &place)}</div> }
                </td>
                <td class="num">{i.row().map(|r| r.to_string()).unwrap_or_default()}</td>
                <td>{crate::words::data(i.position.column.clone().unwrap_or_default())}</td>
                <td class={class}>{label}</td>
                <td>{match lang {
                    Lang::Ja => html! { <>{i.message(Lang::Ja)}<br/><span class="issue-en">{i.message(Lang::En)}</span></> },
                    // The message names the data's values as written: those are marked.
                    Lang::En => crate::words::marked(lang, i.message(Lang::En)),
                }}</td>
            </tr>
        }
    });
    html! {
        <details class="issues" open={errors > 0}>
            <summary data-testid="issues-summary">
                {lang.t(format!("エラー {errors} 件・警告 {warnings} 件"), format!("{errors} errors, {warnings} warnings"))}
                if notes > 0 { {lang.t(format!("（ほか情報 {notes} 件）"), format!(" (and {notes} notes)"))} }
            </summary>
            <table data-testid="issues">
                <thead><tr><th>{lang.t("ファイル", "File")}</th><th class="num">{lang.t("行", "Row")}</th><th>{lang.t("列", "Column")}</th><th>{lang.t("種類", "Kind")}</th><th>{lang.t("内容", "Message")}</th></tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            if issues.len() > SHOWN_ISSUES {
                <p class="footnote">{match lang {
                    Lang::Ja => format!("ほか {} 件は結果 JSON に含まれます。 / {} more are in the results JSON.", issues.len() - SHOWN_ISSUES, issues.len() - SHOWN_ISSUES),
                    Lang::En => format!("{} more are in the results JSON.", issues.len() - SHOWN_ISSUES),
                }}</p>
            }
        </details>
    }
}

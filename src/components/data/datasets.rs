//! What was read: a row per table (a file, or a workbook's sheet): kind, encoding or format, rows
//! read, used, rejected, superseded, and the layout's rows set aside.

use std::rc::Rc;

use mdkpi_contract::catalogue::Disclosure;
use mdkpi_contract::label;
use mdkpi_contract::results::{Results, WorkbookFormat};
use yew::prelude::*;

use crate::hooks::use_first_screen;
use crate::lang::Lang;

/// How a workbook's format is named in the table.
fn format_label(format: WorkbookFormat) -> &'static str {
    match format {
        WorkbookFormat::Xlsx => "Excel (.xlsx)",
        WorkbookFormat::Xls => "Excel 97-2003 (.xls)",
        WorkbookFormat::Ods => "OpenDocument (.ods)",
    }
}

#[derive(Properties, PartialEq)]
pub struct DatasetsProps {
    pub results: Rc<Results>,
    pub open: bool,
}

#[component]
pub fn DatasetsTable(props: &DatasetsProps) -> Html {
    let lang = crate::lang::use_lang();
    // Closed, the table is made after the first screen (see `use_first_screen`).
    let shown = props.open || !use_first_screen();
    let rows = props.results.datasets.iter().map(|d| {
        let kind = match d.kind {
            Some(k) => k.name(lang).to_owned(),
            None => lang.t("不明", "unknown").to_owned(),
        };
        let read_as = match (d.encoding, d.format) {
            (Some(encoding), _) => encoding.label().to_owned(),
            (None, Some(format)) => format_label(format).to_owned(),
            (None, None) => "—".to_owned(),
        };
        html! {
            <tr data-source={d.source.clone()} data-sheet={d.sheet.clone()}>
                <td>{crate::words::data(d.source.clone())}
                    if let Some(sheet) = &d.sheet { <div class="footnote" data-field="sheet">{lang.t("シート: ", "Sheet: ")}{crate::words::data(sheet.clone())}</div> }
                    if let Some(row) = d.header_row { <div class="footnote" data-field="header_row">{lang.t(format!("見出し {row} 行目"), format!("Header row {row}"))}</div> }
                </td>
                <td>{kind}</td>
                <td data-field="encoding">{read_as}
                    if let Some(by) = &d.mapped_by {
                        <div class="footnote" data-field="mapped_by">{if by == "user" { lang.t("対応付け: 手動", "Mapping: by hand").to_owned() } else { lang.t(format!("レシピ適用: {by}"), format!("Recipe applied: {by}")) }}</div>
                    }
                    if d.undecodable_chars > 0 {
                        <span class="sev-warning">{lang.t(format!(" （読めない文字 {}）", d.undecodable_chars), format!(" ({} unreadable characters)", d.undecodable_chars))}</span>
                    }
                </td>
                <td class="num" data-field="rows_read">{d.rows_read}</td>
                <td class="num" data-field="rows_used">{d.rows_used}</td>
                <td class="num" data-field="rows_rejected">{d.rows_rejected}</td>
                <td class="num" data-field="rows_superseded">{d.rows_superseded}</td>
                <td class="num" data-field="rows_skipped">{d.rows_skipped}</td>
            </tr>
        }
    });
    let datasets = &props.results.datasets;
    let read: u64 = datasets.iter().map(|d| d.rows_read).sum();
    let used: u64 = datasets.iter().map(|d| d.rows_used).sum();
    let (files, read, used) = (datasets.len(), label::grouped(read as i64), label::grouped(used as i64));
    let summary = lang.t(
        format!("読み込んだファイル {files} 件・{read} 行（使用 {used} 行）"),
        format!("{files} files, {read} rows read, {used} used"),
    );
    // Closed for the sample, so that the plan is on the first screen; open for the user's files.
    html! {
        <details class="datasets" open={props.open}>
            <summary data-testid="datasets-summary">{summary}</summary>
            if shown {
            <div class="table-wrap">
                <table data-testid="datasets">
                    <caption class="visually-hidden">{lang.t("読み込んだファイル", "Files read")}</caption>
                    <thead><tr>
                        <th>{lang.t("ファイル", "File")}</th><th>{lang.t("種別", "Kind")}</th><th>{lang.t("文字コード・形式", "Encoding, format")}</th>
                        <th class="num">{lang.t("読込行", "Rows read")}</th><th class="num">{lang.t("使用", "Used")}</th>
                        <th class="num">{lang.t("除外", "Rejected")}</th><th class="num">{lang.t("重複で置換", "Replaced as duplicates")}</th>
                        <th class="num" title={lang.t("表題・注記・合計の行など、データではない行", "Titles, notes, totals: not data")}>{lang.t("表の外の行", "Rows outside the table")}</th>
                    </tr></thead>
                    <tbody>{for rows}</tbody>
                </table>
            </div>
            <DefinedKpis results={props.results.clone()} open={true} />
            }
        </details>
    }
}

/// The KPIs a definitions file gave (`mdkpi.kpis/1`), so that a user sees they were read: each
/// with its goal, kind, measure and disclosure unit. Those that could not be used are among the
/// problems below, at their line.
#[component]
fn DefinedKpis(props: &DatasetsProps) -> Html {
    let lang = crate::lang::use_lang();
    let defined = &props.results.definitions.kpis;
    if defined.is_empty() {
        return Html::default();
    }
    let unit = |d: Disclosure| match d {
        Disclosure::Respondent => lang.t("回答者", "respondents"),
        Disclosure::Company => lang.t("企業", "companies"),
        Disclosure::Project => lang.t("課題", "projects"),
        Disclosure::Aggregate => lang.t("組織の集計（秘匿なし）", "aggregates"),
    };
    html! {
        <div class="table-wrap">
            <table data-testid="defined-kpis">
                <caption>{lang.t(format!("定義ファイルの KPI {} 件", defined.len()), format!("KPIs defined by file: {}", defined.len()))}</caption>
                <thead><tr>
                    <th>{"KPI"}</th><th>{lang.t("ゴール", "Goal")}</th><th>{lang.t("種別", "Kind")}</th><th>{lang.t("集計", "Measure")}</th><th>{lang.t("秘匿の単位", "Disclosure unit")}</th>
                </tr></thead>
                <tbody>{ for defined.iter().map(|k| html! {
                    <tr data-kpi={k.id.as_str()}>
                        <td>{match lang {
                            Lang::Ja => html! { {&k.name_ja} },
                            Lang::En => html! { {&k.name_en} },
                        }}{" "}<span class="kpi-id">{k.id.as_str()}</span></td>
                        <td>{k.goal}</td>
                        <td>{k.kind.name(lang)}</td>
                        <td>{k.measure.as_str()}</td>
                        <td>{unit(k.unit)}</td>
                    </tr>
                }) }</tbody>
            </table>
        </div>
    }
}

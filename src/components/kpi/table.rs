//! The KPI table: the totals (with the trend chart) and the breakdowns, a table each.

use std::collections::BTreeMap;
use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, KpiKey, Unit};
use mdkpi_contract::label::{self, fiscal_year_in, Money};
use mdkpi_contract::results::{Direction, Kpi, Results};
use mdkpi_contract::table::{interval_change_target, kpi_columns, kpi_table};
use yew::prelude::*;

use super::figure::{figure, unfiltered_note, value_cell};
use super::trend::trend_chart;
use crate::components::export::CsvButtons;
use crate::hooks::use_first_screen;
use crate::lang::{use_lang, Lang};
use crate::words;

fn n_cell(k: &Kpi) -> Html {
    match (k.numerator, k.denominator, k.n) {
        (Some(x), Some(d), _) => html! {
            <td class="num">{figure(k, "numerator", x.to_string())}{" / "}{figure(k, "denominator", d.to_string())}</td>
        },
        (_, _, Some(n)) => html! { <td class="num">{figure(k, "n", n.to_string())}</td> },
        _ if k.suppressed => html! { <td class="num">{figure(k, "n", mdkpi_contract::label::HIDDEN.to_owned())}</td> },
        _ => html! { <td class="num">{"—"}</td> },
    }
}

fn trend_class(k: &Kpi) -> &'static str {
    match k.improved {
        Some(true) => "improved",
        Some(false) if k.direction != Some(Direction::Flat) => "worse",
        _ => "",
    }
}

fn row(lang: Lang, unit: Unit, k: &Kpi, first_of_year: bool, money: Money) -> Html {
    // A breakdown's cell names its data (a program, a stage), which stays as written.
    let cell = label::breakdown_label_in(lang, &k.breakdown);
    let [interval, change, target] = interval_change_target(lang, unit, k, money).map(|c| c.text);
    html! {
        <tr class={classes!(k.breakdown.is_empty().then_some("total"))}>
            <td>{if first_of_year { fiscal_year_in(lang, k.fiscal_year) } else { String::new() }}</td>
            <td>{words::data(cell)}</td>
            {value_cell(unit, k)}
            {n_cell(k)}
            <td class="num">{interval}</td>
            <td class={classes!("trend", trend_class(k))}>{change}</td>
            <td class="num">{target}</td>
        </tr>
    }
}

fn head(lang: Lang) -> Html {
    let [year, cell, value, n, interval, change, target] = kpi_columns(lang);
    html! {
        <thead><tr>
            <th>{year}</th><th>{cell}</th><th class="num">{value}</th><th class="num">{n}</th>
            <th class="num">{interval}</th><th>{change}</th>
            <th class="num" title={lang.t("過去3年度の最良値", "The best of the last three fiscal years")}>{target}</th>
        </tr></thead>
    }
}

#[derive(Properties, PartialEq)]
pub struct KpiTableProps {
    pub results: Rc<Results>,
    pub id: KpiKey,
    /// Show the totals (false where another view shows them).
    #[prop_or(true)]
    pub totals: bool,
    /// Breakdown dimensions not to list here (shown by another view).
    #[prop_or_default]
    pub skip: &'static [Dimension],
}

#[component]
pub fn KpiTable(props: &KpiTableProps) -> Html {
    let lang = use_lang();
    let money = use_context::<Money>().unwrap_or_default();
    // A closed breakdown's table is made after the first screen (see `use_first_screen`).
    let first = use_first_screen();
    let Some(def) = props.results.catalogue().def(props.id) else { return Html::default() };
    let def = &def;
    let name = lang.t(def.name_ja, def.name_en);
    let kpis: Vec<&Kpi> = props.results.kpis.iter().filter(|k| k.id == props.id).collect();
    if kpis.is_empty() {
        return html! {
            <section class="kpi" data-kpi={props.id.as_str()}>
                <h4>{name}{" "}<span class="kpi-id">{def.id.as_str()}</span></h4>
                <p class="footnote">{lang.t("データがありません（該当する種別のファイルを読み込んでください）。", "No data (load a file of the kind it is computed from).")}</p>
            </section>
        };
    }
    let totals: Vec<&Kpi> = kpis.iter().copied().filter(|k| k.breakdown.is_empty()).collect();
    // Breakdown rows grouped by dimension, then year.
    let mut groups: BTreeMap<Vec<Dimension>, Vec<&Kpi>> = BTreeMap::new();
    for k in kpis.iter().copied().filter(|k| !k.breakdown.is_empty()) {
        let dims: Vec<Dimension> = k.breakdown.keys().copied().collect();
        if dims.iter().any(|d| props.skip.contains(d)) {
            continue;
        }
        groups.entry(dims).or_default().push(k);
    }
    let rows = |list: &[&Kpi]| -> Html {
        let mut last_year: Option<Option<i32>> = None;
        list.iter()
            .map(|k| {
                let first = last_year != Some(k.fiscal_year);
                last_year = Some(k.fiscal_year);
                row(lang, def.unit, k, first, money)
            })
            .collect()
    };
    // The KPI's tables as one table to export, as shown: its title and unit, sources and rules.
    let export = (!first).then(|| Rc::new(kpi_table(&props.results, def, lang, money, props.skip)));
    html! {
        <section class="kpi" data-kpi={props.id.as_str()}>
            <h4>{name}{" "}<span class="kpi-id">{def.id.as_str()}</span></h4>
            {unfiltered_note(lang, &props.results.definitions.filter, def.kind)}
            if props.totals {
                { trend_chart(&props.results, lang, def, &totals, money).unwrap_or_default() }
            }
            if props.totals && !totals.is_empty() {
                <div class="table-wrap"><table data-kpi-table={props.id.as_str()}>{head(lang)}<tbody>{rows(&totals)}</tbody></table></div>
            }
            if let Some(table) = export {
                <CsvButtons name={format!("mdkpi_{}", def.id.as_str())} {table} />
            }
            { for groups.iter().map(|(dims, list)| {
                let name = dims.iter().map(|d| label::dimension_in(lang, *d)).collect::<Vec<_>>();
                let summary = lang.t(
                    format!("{}別の内訳（{}件）", name.join("×"), list.len()),
                    format!("By {} ({} rows)", name.join(" × ").to_lowercase(), list.len()),
                );
                html! {
                    <details class="breakdown">
                        <summary>{summary}</summary>
                        if !first {
                        <div class="table-wrap"><table>{head(lang)}<tbody>{rows(list)}</tbody></table></div>
                        }
                        if !first && dims.contains(&Dimension::PriorityArea) {
                            <p class="footnote">{lang.t("複数の重点分野に属する課題は、各分野に1件ずつ数え、全体には1件として数えます（分野の合計は全体を上回ることがあります）。", "A project in several priority areas counts once in each area and once in the total (the areas may add up to more than the total).")}</p>
                        }
                    </details>
                }
            }) }
        </section>
    }
}

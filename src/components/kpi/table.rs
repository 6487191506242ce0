//! The KPI table: the totals (with the trend chart) and the breakdowns, a table each.

use std::collections::BTreeMap;
use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, KpiKey, Unit};
use mdkpi_contract::label::{self, fiscal_year_in, percent_range, Money};
use mdkpi_contract::results::{Direction, Kpi, Results};
use yew::prelude::*;

use super::figure::{figure, unfiltered_note, value_cell};
use super::trend::trend_chart;
use crate::charts::SampleShown;
use crate::components::export::{CsvButtons, TableData};
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

/// A row's last three columns as text, the same on the page and in the CSV: the interval (shares),
/// the change from the year before, next year's target.
fn interval_change_target(lang: Lang, unit: Unit, k: &Kpi, money: Money) -> [String; 3] {
    [
        if unit == Unit::Share { percent_range(k.ci95) } else { String::new() },
        words::trend(lang, unit, k, money),
        k.target_next.as_ref().map(|t| label::value_lang(lang, unit, Some(t.value), money)).unwrap_or_default(),
    ]
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
    let [interval, change, target] = interval_change_target(lang, unit, k, money);
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

/// The columns of a KPI's tables, on the page and in their CSV.
fn columns(lang: Lang) -> [&'static str; 7] {
    [
        lang.t("年度", "Fiscal year"),
        lang.t("区分", "Breakdown"),
        lang.t("値", "Value"),
        "n",
        lang.t("95%信頼区間", "95% CI"),
        lang.t("前年比", "Change"),
        lang.t("次年度の目安", "Next year's guide"),
    ]
}

fn head(lang: Lang) -> Html {
    let [year, cell, value, n, interval, change, target] = columns(lang);
    html! {
        <thead><tr>
            <th>{year}</th><th>{cell}</th><th class="num">{value}</th><th class="num">{n}</th>
            <th class="num">{interval}</th><th>{change}</th>
            <th class="num" title={lang.t("過去3年度の最良値", "The best of the last three fiscal years")}>{target}</th>
        </tr></thead>
    }
}

/// A row of a KPI's CSV, as the page shows it: its texts, x for a hidden cell. The year is on
/// every row (a spreadsheet filters by it); a breakdown's cell is named with its dimension.
fn csv_row(lang: Lang, unit: Unit, k: &Kpi, group: Option<&str>, money: Money) -> Vec<String> {
    let hidden = || label::HIDDEN.to_owned();
    let cell = match group {
        Some(group) => format!("{group}: {}", label::breakdown_label_in(lang, &k.breakdown)),
        None => lang.all_cell().to_owned(),
    };
    let value = if k.suppressed { hidden() } else { label::value_lang(lang, unit, k.value, money) };
    let n = match (k.numerator, k.denominator, k.n) {
        (Some(x), Some(d), _) => format!("{x} / {d}"),
        (_, _, Some(n)) => n.to_string(),
        _ if k.suppressed => hidden(),
        _ => String::new(),
    };
    let [interval, change, target] = interval_change_target(lang, unit, k, money);
    vec![fiscal_year_in(lang, k.fiscal_year), cell, value, n, interval, change, target]
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
    let sample = use_context::<SampleShown>().is_some_and(|s| s.0);
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
    // The KPI's tables as one CSV, as shown: its title and unit, sources and rules first.
    let csv = (!first).then(|| {
        let mut rows: Vec<Vec<String>> = totals.iter().map(|k| csv_row(lang, def.unit, k, None, money)).collect();
        for (dims, list) in &groups {
            let group = dims.iter().map(|d| label::dimension_in(lang, *d)).collect::<Vec<_>>().join(lang.t("×", " × "));
            rows.extend(list.iter().map(|k| csv_row(lang, def.unit, k, Some(&group), money)));
        }
        let title = match label::measure_unit(def, money.label()) {
            Some((ja, en)) => lang.t(format!("{name}（{ja}）"), format!("{name} ({en})")),
            None => name.to_owned(),
        };
        let detail = label::n_counts_in(lang, def.kind);
        let mut notes = vec![title, label::footnote_in(lang, &props.results, def.kind, detail)];
        if sample {
            notes.insert(0, label::sample_mark(lang).to_owned());
        }
        Rc::new(TableData { notes, header: columns(lang).map(str::to_owned).to_vec(), rows })
    });
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
            if let Some(table) = csv {
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

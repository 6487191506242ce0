//! The stage-up panel: the definition's switches, the charts, the table and the footnote.

use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, KpiId, KpiKey, Unit};
use mdkpi_contract::label::{self, breakdown_attr, fiscal_year_attr, fiscal_year_in, percent_range};
use mdkpi_contract::options::Options;
use mdkpi_contract::results::{Exclusion, Inclusion, Kpi, Results, StageUpDefinition};
use mdkpi_contract::schema::DatasetKind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::lang::Lang;

use super::bars::chart_option;
use super::by_stage::ByStage;
use super::cohort::Cohorts;
use super::heatmap::transition_heatmap;
use super::rows::{category, count, rows_for_year, years};
use super::sankey::transition_sankey;
use crate::charts::EChart;
use crate::components::drill::OnDrill;
use crate::components::kpi::{chart_drill, unfiltered_note, KpiTable, Value};
use crate::lang::use_lang;
use crate::state::{Action, AppState};

#[derive(Properties, PartialEq)]
pub struct StageUpProps {
    pub results: Rc<Results>,
    pub options: Options,
    pub dispatch: UseReducerDispatcher<AppState>,
}

fn definition_note(lang: Lang, d: &StageUpDefinition) -> String {
    let inclusion = |i: Inclusion| match i {
        Inclusion::Excluded => lang.t("分母から除外", "left out of the denominator"),
        Inclusion::Included => lang.t("分母に含める", "counted in the denominator"),
    };
    let recency = match d.min_years_since_adoption {
        Some(n) => lang.t(format!("採択から{n}年以上の課題のみ"), format!("only projects adopted {n}+ years before")),
        None => lang.t("採択からの年数による限定なし", "no limit by years since adoption").to_owned(),
    };
    let (discontinued, completed) = (inclusion(d.discontinued), inclusion(d.completed));
    lang.t(
        format!(
            "定義: 単位は調査年度ごとの課題。ステージアップは「現在ステージ ＞ 採択時ステージ」（2段階以上の上昇も1件）。\
             ステージ不明の課題は除外し、件数を示す。中止: {discontinued}。終了: {completed}。{recency}。区間は Wilson の95%信頼区間。\
             n は分母（対象課題数）。複数の重点分野に属する課題は各分野に1件ずつ、全体には1件として数える。"
        ),
        format!(
            "Definition: the unit is a project in a survey year. A stage-up is a current stage above the stage at \
             adoption (a rise of two or more stages counts once). Projects of unknown stage are left out and counted. \
             Discontinued: {discontinued}. Completed: {completed}. {recency}. The interval is Wilson's 95% CI. n is the \
             denominator (projects counted). A project in several priority areas counts once in each area and once in \
             the total."
        ),
    )
}

fn excluded_note(lang: Lang, k: &Kpi) -> String {
    let name = |r: Exclusion| match r {
        Exclusion::UnknownStage => lang.t("ステージ不明", "unknown stage"),
        Exclusion::Discontinued => lang.t("中止", "discontinued"),
        Exclusion::Completed => lang.t("終了", "completed"),
        Exclusion::AdoptedTooRecently => lang.t("採択から年数不足", "adopted too recently"),
        Exclusion::NoSurveyYear => lang.t("調査年度なし", "no survey year"),
        Exclusion::FlagUnknown => lang.t("不明", "unknown"),
    };
    let parts = k.excluded.iter().map(|(r, n)| lang.t(format!("{} {n}件", name(*r)), format!("{} {n}", name(*r))));
    parts.collect::<Vec<_>>().join(lang.t("、", ", "))
}

#[component]
pub fn StageUpPanel(props: &StageUpProps) -> Html {
    let lang = use_lang();
    let results = &props.results;
    let years = years(results);
    let (option, summary) = chart_option(results, lang, &years);

    let set = |update: fn(&mut Options, &web_sys::Event)| {
        let (dispatch, options) = (props.dispatch.clone(), props.options.clone());
        Callback::from(move |e: Event| {
            let mut o = options.clone();
            update(&mut o, &e);
            dispatch.dispatch(Action::SetOptions(o));
        })
    };
    let on_discontinued =
        set(|o, e| o.stage_up.exclude_discontinued = e.target_unchecked_into::<HtmlInputElement>().checked());
    let on_completed =
        set(|o, e| o.stage_up.exclude_completed = e.target_unchecked_into::<HtmlInputElement>().checked());
    let on_recency = set(|o, e| {
        o.stage_up.min_years_since_adoption = e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()
    });
    let min_years = props.options.stage_up.min_years_since_adoption;
    let on_bar = chart_drill(lang, results, use_context::<OnDrill>());
    let latest = years.last().copied().flatten();
    let shown_years = years.iter().map(|y| fiscal_year_in(lang, *y)).collect::<Vec<_>>().join(lang.t("、", ", "));
    let definition = definition_note(lang, &results.definitions.stage_up);
    let detail = lang.t(
        format!("{shown_years}・n は各年度・採択時ステージの対象課題数・{definition}"),
        format!("{shown_years} · n is the projects counted per year and stage at adoption · {definition}"),
    );
    let footnote = label::footnote_in(lang, results, DatasetKind::Projects, &detail);
    let table_rows = years.iter().flat_map(|&fy| {
        let rows = rows_for_year(results, fy);
        let excluded = rows.iter().find(|k| k.breakdown.is_empty()).map(|k| excluded_note(lang, k)).unwrap_or_default();
        let n_rows = rows.len();
        rows.into_iter().enumerate().map(move |(i, k)| {
            let attrs = (KpiId::RdStageUpShare, fiscal_year_attr(fy), breakdown_attr(&k.breakdown));
            let figure = |field: &'static str, text: String| {
                html! {
                    <td class="num" data-kpi-id={attrs.0.as_str()} data-fiscal-year={attrs.1.clone()}
                        data-breakdown={attrs.2.clone()} data-field={field}>{text}</td>
                }
            };
            html! {
                <tr>
                    if i == 0 {
                        <th scope="rowgroup" rowspan={n_rows.to_string()}>
                            {fiscal_year_in(lang, fy)}
                            if !excluded.is_empty() { <div class="footnote">{lang.t("除外: ", "Left out: ")}{excluded.clone()}</div> }
                        </th>
                    }
                    <td>{category(lang, k)}</td>
                    {figure("numerator", if k.suppressed { lang.hidden().to_owned() } else { count(k.numerator) })}
                    {figure("denominator", if k.suppressed { lang.hidden().to_owned() } else { count(k.denominator) })}
                    <td class="num"><Value kpi={k.clone()} unit={Unit::Share} /></td>
                    {figure("ci95", percent_range(k.ci95))}
                </tr>
            }
        }).collect::<Vec<_>>()
    });

    html! {
        <section class="panel stage-up" aria-labelledby="stage-up-heading" data-view="stage-up">
            <h2 id="stage-up-heading">{lang.t("研究開発テーマのステージアップ率 ", "Stage-up rate of R&D themes ")}<span class="kpi-id">{KpiId::RdStageUpShare.as_str()}</span></h2>
            {unfiltered_note(lang, &results.definitions.filter, DatasetKind::Projects)}
            <p class="footnote">{lang.t("ゴール⑥: 採択時のステージから調査時点のステージへ上がった課題の割合（採択時ステージ別）。", "Share of R&D themes whose stage rose between adoption and the survey year.")}</p>
            <div class="options" role="group" aria-label={lang.t("定義の切り替え", "Definition options")}>
                <label><input type="checkbox" data-option="exclude_discontinued"
                    checked={props.options.stage_up.exclude_discontinued} onchange={on_discontinued} />{lang.t("中止を分母から除外", "Leave discontinued themes out of n")}</label>
                <label><input type="checkbox" data-option="exclude_completed"
                    checked={props.options.stage_up.exclude_completed} onchange={on_completed} />{lang.t("終了を分母から除外", "Leave completed themes out of n")}</label>
                <label>{lang.t("採択からの年数", "Years since adoption")}
                    <select data-option="min_years_since_adoption" onchange={on_recency}>
                        <option value="" selected={min_years.is_none()}>{lang.t("限定なし", "any")}</option>
                        { for (1..=10u32).map(|n| html! {
                            <option value={n.to_string()} selected={min_years == Some(n)}>{lang.t(format!("{n}年以上"), format!("{n}+ years"))}</option>
                        }) }
                    </select>
                </label>
            </div>
            <EChart option={option} summary={summary} name="stage-up-by-adoption-stage" on_drill={on_bar}
                    title={lang.t("ステージアップ率（採択時ステージ別, %）", "Stage-up rate by stage at adoption (%)")} footnote={AttrValue::from(footnote)} />
            <div class="chart-pair">
                { transition_heatmap(results, lang, latest).unwrap_or_default() }
                { transition_sankey(results, lang, latest).unwrap_or_default() }
            </div>
            <div class="table-wrap">
                <table data-testid="stage-up-table">
                    <caption class="visually-hidden">{lang.t("ステージアップ率（採択時ステージ別）", "Stage-up rate by stage at adoption")}</caption>
                    <thead><tr>
                        <th>{lang.t("調査年度", "Survey year")}</th><th>{lang.t("採択時ステージ", "Stage at adoption")}</th>
                        <th class="num">{lang.t("ステージアップ数", "Stepped up")}</th><th class="num">{lang.t("対象課題数 (n)", "Themes (n)")}</th>
                        <th class="num">{lang.t("割合", "Share")}</th><th class="num">{lang.t("95%信頼区間", "95% interval")}</th>
                    </tr></thead>
                    <tbody>{for table_rows}</tbody>
                </table>
            </div>
            <KpiTable results={results.clone()} id={KpiKey::from(KpiId::RdStageUpShare)} totals={false} skip={&[Dimension::AdoptionStage][..]} />
            <p class="footnote" data-testid="stage-up-definition">{definition_note(lang, &results.definitions.stage_up)}</p>
            <ByStage results={results.clone()} />
            <Cohorts results={results.clone()} />
        </section>
    }
}

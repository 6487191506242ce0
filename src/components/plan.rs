//! The plan view: mission → 3 visions → 11 goal cards with each goal's headline KPI (latest value,
//! n, change, small-n) or, for goals without a numeric KPI, the latest follow-up; then a section
//! per goal with all its KPIs; then the reference statistics, which are calendar years and so kept
//! apart from every fiscal-year figure.

use std::collections::BTreeSet;
use std::rc::Rc;

use mdkpi_contract::catalogue::{KpiDef, KpiId};
use mdkpi_contract::label::{self, fiscal_year_label};
use mdkpi_contract::plan::{Goal, GOALS, MISSION, PLATFORMS, PRIORITY_AREAS, VISIONS};
use mdkpi_contract::results::{Direction, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use super::filters::ViewLink;
use super::kpi::{hidden_mark, unfiltered_note, KpiTable};
use crate::hooks::use_first_screen;
use crate::lang::use_lang;
use crate::route::View;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub results: Rc<Results>,
}

#[component]
pub fn PlanOverview(props: &ResultsProps) -> Html {
    let lang = use_lang();
    let first = use_first_screen();
    html! {
        <section class="panel plan" aria-labelledby="plan-heading" data-view="plan">
            <h2 id="plan-heading">{lang.t("計画の全体像と KPI ", "The plan and its KPIs ")}<span class="kpi-id">{"Mission → visions → goals"}</span></h2>
            <p class="mission"><strong>{"ミッション: "}</strong>{MISSION}</p>
            { for VISIONS.iter().map(|v| html! {
                <div class="vision" data-vision={v.number.to_string()}>
                    <h3>{format!("ビジョン{}: {}", v.number, v.text)}</h3>
                    <div class="goal-grid">
                        { for GOALS.iter().filter(|g| g.vision == v.number).map(|g| html! {
                            <GoalCard results={props.results.clone()} goal={g.number} />
                        }) }
                    </div>
                </div>
            }) }
            <details class="areas">
                <summary>{"重点5分野と重要プラットフォーム / Priority areas and platforms"}</summary>
                if !first {
                <ol class="areas">{ for PRIORITY_AREAS.iter().map(|(n, text, short)| html! {
                    <li data-priority-area={n.to_string()}><strong>{*short}</strong>{"："}{*text}</li>
                }) }</ol>
                <p>{"重点分野を支える重要プラットフォーム："}</p>
                <ul>{ for PLATFORMS.iter().map(|p| html! { <li>{*p}</li> }) }</ul>
                }
            </details>
            <p class="footnote">{"第二期基本計画は数値目標を定めていません。矢印は前年度からの改善（▲緑）・悪化（▼赤）を示し、目安は過去3年度の最良値です。ゴール8〜11のビジョンへの対応は計画の施策の順序による推定です。"}</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GoalProps {
    results: Rc<Results>,
    goal: u8,
}

fn goal(n: u8) -> &'static Goal {
    &GOALS[usize::from(n.clamp(1, 11)) - 1]
}

#[component]
fn GoalCard(props: &GoalProps) -> Html {
    let lang = use_lang();
    let money = use_context::<label::Money>().unwrap_or_default();
    let g = goal(props.goal);
    let r = &props.results;
    // The catalogue's headline KPI; for a goal without one, the first KPI a definitions file gives it.
    let catalogue = r.catalogue();
    let headline = match g.headline_kpi {
        Some(id) => Some(*id.def()),
        None => catalogue.of_goal(g.number).next(),
    };
    let headline = headline.and_then(|def| {
        r.kpis
            .iter()
            .filter(|k| k.id == def.id && k.breakdown.is_empty() && k.fiscal_year.is_some())
            .max_by_key(|k| k.fiscal_year)
            .map(|k| (def, k))
    });
    let followup = r.followup.iter().filter(|f| f.goal == g.number).max_by_key(|f| f.fiscal_year);
    let body = match (headline, followup) {
        (Some((def, k)), _) => {
            let unit = def.unit;
            let (arrow, class) = match (k.direction, k.improved) {
                (Some(Direction::Up), Some(true)) => ("▲", "improved"),
                (Some(Direction::Down), Some(true)) => ("▼", "improved"),
                (Some(Direction::Up), _) => ("▲", "worse"),
                (Some(Direction::Down), _) => ("▼", "worse"),
                (Some(Direction::Flat), _) => ("→", ""),
                (None, _) => ("", ""),
            };
            let value = if k.suppressed {
                hidden_mark(k, "headline", &r.definitions)
            } else {
                html! { {label::value_in(unit, k.value, money)} }
            };
            html! {
                <>
                    <p class="headline" data-headline-kpi={k.id.as_str()} data-fiscal-year={k.fiscal_year.map(|y| y.to_string())}>
                        {value}
                        if !arrow.is_empty() { <span class={classes!("arrow", class)} title="前年度比">{arrow}</span> }
                        if k.small_n && !k.suppressed { <span class="small-n">{"少数"}</span> }
                    </p>
                    <p class="headline-label">
                        {def.name_ja}{"・"}{fiscal_year_label(k.fiscal_year)}
                        {k.n.map(|n| format!("・n={n}")).unwrap_or_default()}
                        {k.delta.map(|d| format!("・前年比 {}", label::delta_in(unit, d, money))).unwrap_or_default()}
                        if k.previous_hidden() { {format!("・前年 {}", label::HIDDEN)} }
                    </p>
                    {unfiltered_note(lang, &r.definitions.filter, def.kind)}
                    <ViewLink view={View::Kpis} goal={Some(g.number)}>{"詳しく見る / Details"}</ViewLink>
                </>
            }
        }
        (None, Some(f)) => html! {
            <>
                <p class="followup" data-followup-goal={g.number.to_string()}>{f.status_text.clone().unwrap_or_default()}</p>
                <p class="headline-label">
                    {f.assessment.as_ref().map(|a| format!("評価: {a}・")).unwrap_or_default()}
                    {fiscal_year_label(f.fiscal_year)}
                    {f.program.as_ref().map(|p| format!("・{p}")).unwrap_or_default()}
                </p>
                {unfiltered_note(lang, &r.definitions.filter, DatasetKind::Followup)}
            </>
        },
        (None, None) => html! { <p class="no-data">{"データなし / no data"}</p> },
    };
    html! {
        <article class="goal-card" data-goal={g.number.to_string()}>
            <h4><span class="goal-no">{g.circled()}</span>{g.text}</h4>
            {body}
        </article>
    }
}

/// KPIs shown in a view of their own (stage-up, satisfaction) rather than in their goal's section:
/// the catalogue's; a defined KPI always has its goal's section.
fn has_own_view(def: &KpiDef) -> bool {
    let own = [KpiId::RdStageUpShare, KpiId::RdCohortStageReached];
    def.id.builtin().is_some_and(|id| own.contains(&id) || def.kind == DatasetKind::Satisfaction)
}

/// The detail section of each goal with numeric KPIs.
#[component]
pub fn GoalSections(props: &ResultsProps) -> Html {
    let catalogue = props.results.catalogue();
    let goals: BTreeSet<u8> =
        GOALS.iter().filter(|g| catalogue.of_goal(g.number).next().is_some()).map(|g| g.number).collect();
    // On the first screen, the first goal's first KPI only (it holds the first chart); the rest
    // of the goals and KPIs is below it and follows.
    let first = use_first_screen();
    let (shown, kpis_shown) = if first { (1, 1) } else { (goals.len(), usize::MAX) };
    html! {
        { for goals.into_iter().take(shown).map(|n| {
            let g = goal(n);
            html! {
                <section class="panel goal-detail" id={format!("goal-{n}")} data-view={format!("goal-{n}")}>
                    <h2>{format!("{} {}", g.circled(), g.text)}</h2>
                    if n == 6 {
                        <p class="see-also"><ViewLink view={View::StageUp}>{"ステージアップ率は「ステージアップ」ビューへ / Stage-up rate: see the Stage-up view"}</ViewLink></p>
                    }
                    if n == 1 {
                        <p class="see-also"><ViewLink view={View::Satisfaction}>{"受講者満足度は「研修満足度」ビューへ / Satisfaction: see the Satisfaction view"}</ViewLink></p>
                    }
                    { for catalogue.of_goal(n).filter(|d| !has_own_view(d)).take(kpis_shown).map(|d| html! {
                        <KpiTable results={props.results.clone()} id={d.id} />
                    }) }
                </section>
            }
        }) }
    }
}

#[component]
pub fn ReferencePanel(props: &ResultsProps) -> Html {
    let lang = use_lang();
    let reference = &props.results.reference;
    let years: BTreeSet<i32> = reference.iter().map(|v| v.year).collect();
    let indicators: BTreeSet<(&str, Option<&str>)> =
        reference.iter().map(|v| (v.indicator.as_str(), v.unit.as_deref())).collect();
    html! {
        <section class="panel" aria-labelledby="reference-heading" data-view="reference">
            <h2 id="reference-heading">{lang.t("参考指標（暦年） ", "Reference statistics (calendar years) ")}<span class="kpi-id">{"reference, calendar years"}</span></h2>
            {unfiltered_note(lang, &props.results.definitions.filter, DatasetKind::Reference)}
            <p class="footnote">{"薬事工業生産動態統計などの参考情報です。暦年（1〜12月）の値であり、年度（4〜3月）の KPI とは混ぜずに示します。2019年に調査方法が変わったため、それ以前とは比較できません。"}</p>
            if reference.is_empty() {
                <p class="footnote">{"データがありません。"}</p>
            } else {
                <div class="table-wrap"><table data-testid="reference-table">
                    <thead><tr><th>{"指標"}</th>{ for years.iter().map(|y| html! { <th class="num">{format!("{y}年")}</th> }) }</tr></thead>
                    <tbody>{ for indicators.iter().map(|(name, unit)| html! {
                        <tr>
                            <td>{*name}{unit.map(|u| format!("（{u}）")).unwrap_or_default()}</td>
                            { for years.iter().map(|y| {
                                let v = reference.iter().find(|v| v.indicator == *name && v.year == *y).and_then(|v| v.value);
                                html! { <td class="num" data-reference={name.to_string()} data-year={y.to_string()}>
                                    {v.map(|v| label::grouped(v.round() as i64)).unwrap_or_else(|| "—".into())}
                                </td> }
                            }) }
                        </tr>
                    }) }</tbody>
                </table></div>
            }
        </section>
    }
}

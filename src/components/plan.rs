//! The plan view: mission → 3 visions → 11 goal cards with each goal's headline KPI (latest value,
//! n, change, small-n) or, for goals without a numeric KPI, the latest follow-up; then a section
//! per goal with all its KPIs; then the reference statistics, which are calendar years and so kept
//! apart from every fiscal-year figure.

use std::collections::BTreeSet;
use std::rc::Rc;

use mdkpi_contract::catalogue::{KpiDef, KpiId};
use mdkpi_contract::label::{self, fiscal_year_in};
use mdkpi_contract::plan::{
    Goal, GOALS, MISSION, MISSION_EN, PLATFORMS, PLATFORMS_EN, PRIORITY_AREAS, PRIORITY_AREAS_EN, VISIONS,
};
use mdkpi_contract::results::{Direction, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use super::filters::ViewLink;
use super::kpi::{hidden_mark, unfiltered_note, KpiTable};
use crate::hooks::use_first_screen;
use crate::lang::use_lang;
use crate::route::View;
use crate::words::{data, official};

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
            <p class="mission"><strong>{lang.t("ミッション: ", "Mission: ")}</strong>{official(lang, MISSION, MISSION_EN)}</p>
            { for VISIONS.iter().map(|v| html! {
                <div class="vision" data-vision={v.number.to_string()}>
                    <h3>{lang.t(format!("ビジョン{}: ", v.number), format!("Vision {}: ", v.number))}{official(lang, v.text, v.text_en)}</h3>
                    <div class="goal-grid">
                        { for GOALS.iter().filter(|g| g.vision == v.number).map(|g| html! {
                            <GoalCard results={props.results.clone()} goal={g.number} />
                        }) }
                    </div>
                </div>
            }) }
            <details class="areas">
                <summary>{lang.t("重点5分野と重要プラットフォーム", "The 5 priority areas and the platforms")}</summary>
                if !first {
                <ol class="areas">{ for PRIORITY_AREAS.iter().zip(PRIORITY_AREAS_EN).map(|((n, text, short), (text_en, short_en))| html! {
                    <li data-priority-area={n.to_string()}><strong>{official(lang, short, short_en)}</strong>{lang.t("：", ": ")}{official(lang, text, text_en)}</li>
                }) }</ol>
                <p>{lang.t("重点分野を支える重要プラットフォーム：", "The platforms that support the priority areas:")}</p>
                <ul>{ for PLATFORMS.iter().zip(PLATFORMS_EN).map(|(p, en)| html! { <li>{official(lang, p, en)}</li> }) }</ul>
                }
            </details>
            <p class="footnote">{lang.t("第二期基本計画は数値目標を定めていません。矢印は前年度からの改善（▲緑）・悪化（▼赤）を示し、目安は過去3年度の最良値です。ゴール8〜11のビジョンへの対応は計画の施策の順序による推定です。", "The 2nd Basic Plan sets no numeric targets. Arrows show an improvement (▲ green) or a worsening (▼ red) on the fiscal year before; the guide is the best of the last three fiscal years. Which vision goals 8–11 serve is inferred from the order of the plan's measures.")}</p>
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
                hidden_mark(lang, k, "headline", &r.definitions)
            } else {
                html! { {label::value_lang(lang, unit, k.value, money)} }
            };
            html! {
                <>
                    <p class="headline" data-headline-kpi={k.id.as_str()} data-fiscal-year={k.fiscal_year.map(|y| y.to_string())}>
                        {value}
                        if !arrow.is_empty() { <span class={classes!("arrow", class)} title={lang.t("前年度比", "Change on the fiscal year before")}>{arrow}</span> }
                        if k.small_n && !k.suppressed { <span class="small-n">{lang.t("少数", "small n")}</span> }
                    </p>
                    <p class="headline-label">
                        {lang.t(def.name_ja, def.name_en)}{lang.t("・", " · ")}{fiscal_year_in(lang, k.fiscal_year)}
                        {k.n.map(|n| lang.t(format!("・n={n}"), format!(" · n={n}"))).unwrap_or_default()}
                        {k.delta.map(|d| {
                            let d = label::delta_lang(lang, unit, d, money);
                            lang.t(format!("・前年比 {d}"), format!(" · change {d}"))
                        }).unwrap_or_default()}
                        if k.previous_hidden() { {lang.t(format!("・前年 {}", label::HIDDEN), format!(" · prev. {}", label::HIDDEN))} }
                    </p>
                    {unfiltered_note(lang, &r.definitions.filter, def.kind)}
                    <ViewLink view={View::Kpis} goal={Some(g.number)}>{lang.t("詳しく見る", "Details")}</ViewLink>
                </>
            }
        }
        (None, Some(f)) => html! {
            <>
                <p class="followup" data-followup-goal={g.number.to_string()}>{data(f.status_text.clone().unwrap_or_default())}</p>
                <p class="headline-label">
                    if let Some(a) = &f.assessment { {lang.t("評価: ", "Assessment: ")}{data(a.clone())}{lang.t("・", " · ")} }
                    {fiscal_year_in(lang, f.fiscal_year)}
                    if let Some(p) = &f.program { {lang.t("・", " · ")}{data(p.clone())} }
                </p>
                {unfiltered_note(lang, &r.definitions.filter, DatasetKind::Followup)}
            </>
        },
        (None, None) => html! { <p class="no-data">{lang.t("データなし", "No data")}</p> },
    };
    html! {
        <article class="goal-card" data-goal={g.number.to_string()}>
            <h4><span class="goal-no">{g.circled()}</span>{official(lang, g.text, g.text_en)}</h4>
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
    let lang = use_lang();
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
                    <h2>{format!("{} ", g.circled())}{official(lang, g.text, g.text_en)}</h2>
                    if n == 6 {
                        <p class="see-also"><ViewLink view={View::StageUp}>{lang.t("ステージアップ率は「ステージアップ」ビューへ", "Stage-up rate: see the Stage-up view")}</ViewLink></p>
                    }
                    if n == 1 {
                        <p class="see-also"><ViewLink view={View::Satisfaction}>{lang.t("受講者満足度は「研修満足度」ビューへ", "Trainee satisfaction: see the Satisfaction view")}</ViewLink></p>
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
            <p class="footnote">{lang.t("薬事工業生産動態統計などの参考情報です。暦年（1〜12月）の値であり、年度（4〜3月）の KPI とは混ぜずに示します。2019年に調査方法が変わったため、それ以前とは比較できません。", "Reference information such as the Statistics of Production by Pharmaceutical Industry. The values are of calendar years (January–December) and are kept apart from the fiscal-year (April–March) KPIs. The survey method changed in 2019, so earlier years cannot be compared.")}</p>
            if reference.is_empty() {
                <p class="footnote">{lang.t("データがありません。", "No data.")}</p>
            } else {
                <div class="table-wrap"><table data-testid="reference-table">
                    <thead><tr><th>{lang.t("指標", "Indicator")}</th>{ for years.iter().map(|y| html! { <th class="num">{lang.t(format!("{y}年"), y.to_string())}</th> }) }</tr></thead>
                    <tbody>{ for indicators.iter().map(|(name, unit)| html! {
                        <tr>
                            <td>{data(name.to_string())}{unit.map(|u| html! { <>{lang.t("（", " (")}{data(u.to_owned())}{lang.t("）", ")")}</> }).unwrap_or_default()}</td>
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

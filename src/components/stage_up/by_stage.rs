//! The KPI the research report recommends for each stage at adoption (考察 2): for themes adopted
//! in basic research the stage-up rate says little, and patents and adoption by another AMED
//! programme say more; for stages 2–3 the stage-up rate; for themes adopted in clinical studies
//! the goal is approval and launch, which is their stage-up (4 → 5).

use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, KpiId, Unit};
use mdkpi_contract::label;
use mdkpi_contract::results::{Dim, Kpi, Results};
use yew::prelude::*;

use crate::lang::{use_lang, Lang};
use crate::words::stage_name;

/// A KPI as this table names it: (KPI, in Japanese, in English).
type Named = (KpiId, &'static str, &'static str);

/// What each stage at adoption is measured by.
pub const RECOMMENDED: [(u8, &[Named]); 4] = [
    (
        1,
        &[
            (KpiId::RdPatentApplicationShare, "特許出願のある課題の割合", "with a patent application"),
            (KpiId::RdPatentGrantShare, "特許取得のある課題の割合", "with a granted patent"),
            (KpiId::RdOtherProgramShare, "AMED 他事業に採択された割合", "adopted by another AMED programme"),
        ],
    ),
    (2, &[(KpiId::RdStageUpShare, "ステージアップ率", "stage-up rate")]),
    (3, &[(KpiId::RdStageUpShare, "ステージアップ率", "stage-up rate")]),
    (4, &[(KpiId::RdStageUpShare, "承認取得・上市に至った割合", "reached approval and launch")]),
];

/// The latest survey year with any of these figures.
pub fn latest(results: &Results) -> Option<i32> {
    let ids: Vec<KpiId> = RECOMMENDED.iter().flat_map(|(_, kpis)| kpis.iter().map(|k| k.0)).collect();
    results
        .kpis
        .iter()
        .filter(|k| k.id.builtin().is_some_and(|id| ids.contains(&id)))
        .filter_map(|k| k.fiscal_year)
        .max()
}

/// The figure of `id` for one stage at adoption in `fy`.
pub fn figure(results: &Results, id: KpiId, stage: u8, fy: Option<i32>) -> Option<&Kpi> {
    let cell = Dim::Int(stage.into());
    results.kpis.iter().find(|k| {
        k.id == id
            && k.fiscal_year == fy
            && k.breakdown.len() == 1
            && k.breakdown.get(&Dimension::AdoptionStage) == Some(&cell)
    })
}

#[derive(Properties, PartialEq)]
pub struct ByStageProps {
    pub results: Rc<Results>,
}

#[component]
pub fn ByStage(props: &ByStageProps) -> Html {
    let lang = use_lang();
    let results = &props.results;
    let Some(fy) = latest(results) else { return Html::default() };
    let rows = RECOMMENDED.iter().flat_map(|(stage, kpis)| {
        let n_rows = kpis.len();
        kpis.iter().enumerate().map(move |(i, (id, ja, en))| {
            let k = figure(results, *id, *stage, Some(fy));
            html! {
                <tr data-stage={stage.to_string()}>
                    if i == 0 {
                        <th scope="rowgroup" rowspan={n_rows.to_string()}>{format!("{stage} {}", stage_name(lang, *stage))}</th>
                    }
                    <td>{lang.t(ja, en)}{" "}<span class="kpi-id">{id.as_str()}</span></td>
                    // Each figure is also in its own table (with its drill-down and data attributes,
                    // which a figure carries once on the page): here it is text.
                    { match k {
                        Some(k) if k.suppressed => html! {
                            <><td class="num">{lang.hidden()}</td><td class="num">{lang.hidden()}</td></>
                        },
                        Some(k) => html! {
                            <>
                                <td class="num">{label::value(Unit::Share, k.value)}</td>
                                <td class="num">{k.n.map(|n| n.to_string()).unwrap_or_default()}</td>
                            </>
                        },
                        None => html! { <><td class="num">{"—"}</td><td class="num">{"—"}</td></> },
                    } }
                </tr>
            }
        })
    });
    let empty_outcomes = RECOMMENDED[0].1.iter().all(|(id, ..)| figure(results, *id, 1, Some(fy)).is_none());
    html! {
        <section class="kpi by-stage" data-testid="by-stage">
            <h3>{lang.t("採択時ステージ別に見る KPI（", "The KPI for each stage at adoption (")}{label::fiscal_year_in(lang, Some(fy))}{lang.t("）", ")")}</h3>
            <p class="footnote">{lang.t(
                "研究報告書（考察2）の提案: 基礎研究で採択された課題はステージアップ率では測りにくいため、特許と AMED 他事業への採択で見ます。臨床で採択された課題の目標は承認取得・上市（ステージ4→5）で、薬事審査の期間にも左右されます。",
                "As the research report proposes: themes adopted in basic research are measured by patents and adoption by another AMED programme, not by stage-up; for themes adopted in clinical studies the goal is approval and launch (stage 4 → 5), which also depends on regulatory review.",
            )}</p>
            <div class="table-wrap">
                <table data-testid="by-stage-table">
                    <thead><tr>
                        <th scope="col">{lang.t("採択時ステージ", "Stage at adoption")}</th>
                        <th scope="col">{lang.t("KPI", "KPI")}</th>
                        <th scope="col" class="num">{lang.t("割合", "Share")}</th>
                        <th scope="col" class="num">{lang.t("対象課題数 (n)", "Themes (n)")}</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if empty_outcomes {
                <p class="footnote">{match lang {
                    Lang::Ja => html! { "特許・他事業採択の列（特許出願・特許取得・他事業採択）のある課題ファイルで、基礎研究の行が埋まります。" },
                    // The columns' names are the files' own words: Japanese, marked so.
                    Lang::En => html! { <>
                        {"Projects files with the columns "}<span lang="ja">{"特許出願"}</span>{", "}
                        <span lang="ja">{"特許取得"}</span>{" and "}<span lang="ja">{"他事業採択"}</span>
                        {" fill in the basic-research rows."}
                    </> },
                }}</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use mdkpi_contract::sample;

    use super::*;

    #[test]
    fn the_sample_fills_every_recommended_kpi_of_its_latest_year() {
        let results = sample::payload().results;
        let fy = latest(&results);
        assert_eq!(fy, Some(2024));
        for (stage, kpis) in RECOMMENDED {
            for (id, ..) in kpis {
                assert!(figure(&results, *id, stage, fy).is_some(), "{id} at stage {stage}");
            }
        }
    }
}

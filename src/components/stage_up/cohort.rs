//! Cohorts by adoption year: the mean stage reached 0, 1, 2 and 3 or more years after adoption, a
//! line per cohort and a table with n beside each figure. The lag between adoption and the market
//! that the research report stresses shows as the lines' slope.

use std::collections::BTreeMap;
use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, KpiId, Unit};
use mdkpi_contract::label::{self, fiscal_year_ja, years_since_en, years_since_ja, YEARS_SINCE_LAST};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::{Dim, Kpi, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use crate::charts::{Axis, AxisLabel, ChartOption, EChart, LineSeries, NameTextStyle, Series};
use crate::components::kpi::Value;
use crate::lang::use_lang;

const ID: KpiId = KpiId::RdCohortStageReached;

/// The cohorts' figures: adoption year → (years since adoption → figure).
pub fn cohorts(results: &Results) -> BTreeMap<i64, BTreeMap<i64, &Kpi>> {
    let mut out: BTreeMap<i64, BTreeMap<i64, &Kpi>> = BTreeMap::new();
    for k in results.kpis.iter().filter(|k| k.id == ID) {
        if let (Some(Dim::Int(cohort)), Some(Dim::Int(years))) =
            (k.breakdown.get(&Dimension::AdoptionYear), k.breakdown.get(&Dimension::YearsSinceAdoption))
        {
            out.entry(*cohort).or_default().insert(*years, k);
        }
    }
    out
}

fn years_label(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Ja => years_since_ja(n),
        Lang::En => years_since_en(n),
    }
}

fn cohort_label(lang: Lang, cohort: i64) -> String {
    let fy = i32::try_from(cohort).unwrap_or_default();
    match lang {
        Lang::Ja => format!("{}採択", fiscal_year_ja(fy)),
        Lang::En => format!("adopted FY{fy}"),
    }
}

/// The chart's text alternative: each cohort's latest column, hidden ones said so.
pub fn summary(results: &Results, lang: Lang) -> String {
    let cohorts = cohorts(results);
    if cohorts.is_empty() {
        return lang
            .t("採択年度別の平均到達ステージ: データがありません。", "Mean stage reached by adoption year: no data.")
            .to_owned();
    }
    let mut text = lang
        .t(
            "採択年度別・採択後年数別の平均到達ステージ（1 基礎研究〜5 承認取得・上市）。",
            "Mean stage reached by adoption year and years since adoption (1 basic research to 5 approved / launched).",
        )
        .to_owned();
    for (cohort, cells) in &cohorts {
        let Some((years, k)) = cells.iter().next_back() else { continue };
        let shown = match (k.suppressed, lang) {
            (true, Lang::Ja) => format!("{}（少数のため非表示）", label::HIDDEN),
            (true, Lang::En) => format!("{} (hidden: too few)", label::HIDDEN),
            (false, Lang::Ja) => format!("{}（n={}）", label::value(Unit::Mean, k.value), k.n.unwrap_or(0)),
            (false, Lang::En) => format!("{} (n={})", label::value(Unit::Mean, k.value), k.n.unwrap_or(0)),
        };
        text += &match lang {
            Lang::Ja => format!("{}は{}に {shown}。", cohort_label(lang, *cohort), years_since_ja(*years)),
            Lang::En => format!(" {} ({}): {shown}.", cohort_label(lang, *cohort), years_since_en(*years)),
        };
    }
    text
}

fn option(results: &Results, lang: Lang) -> AttrValue {
    let columns: Vec<i64> = (0..=YEARS_SINCE_LAST).collect();
    let series = cohorts(results)
        .into_iter()
        .map(|(cohort, cells)| {
            let data = (columns.iter())
                .map(|y| {
                    cells.get(y).filter(|k| !k.suppressed).and_then(|k| k.value).map(|v| (v * 100.0).round() / 100.0)
                })
                .collect();
            // No labels: the cohorts' points meet in the same columns, and the table below gives
            // every figure with its n.
            Series::Line(LineSeries { kind: "line", name: cohort_label(lang, cohort), data, ..LineSeries::default() })
        })
        .collect();
    let y = Axis {
        kind: "value",
        name: Some(lang.t("平均到達ステージ", "mean stage reached").into()),
        name_text_style: Some(NameTextStyle { align: "left" }),
        // The stages run from 1 to 5: an axis from 0 would draw a stage that does not exist.
        min: Some(1.0),
        max: Some(5.0),
        axis_label: Some(AxisLabel { formatter: "{value}".into(), ..AxisLabel::default() }),
        ..Axis::default()
    };
    let categories = columns.iter().map(|&y| years_label(lang, y)).collect();
    ChartOption::lines(summary(results, lang), categories, y, series).to_json()
}

#[derive(Properties, PartialEq)]
pub struct CohortProps {
    pub results: Rc<Results>,
}

#[component]
pub fn Cohorts(props: &CohortProps) -> Html {
    let lang = use_lang();
    let results = &props.results;
    let cohorts = cohorts(results);
    if cohorts.is_empty() {
        return Html::default();
    }
    let def = ID.def();
    let columns: Vec<i64> = (0..=YEARS_SINCE_LAST).collect();
    let footnote = label::footnote_in(
        lang,
        results,
        DatasetKind::Projects,
        lang.t(
            "採択年度ごとの平均現在ステージ・n は課題数・各課題は各列に1回（3年以上の列は最新の調査で）・ステージ不明は除外・中止や終了の課題も到達したステージで数える",
            "Mean current stage per adoption year · n is the number of projects · each project once per column (the 3+ years column from its latest survey) · unknown stages left out · discontinued and completed projects count at the stage they reached",
        ),
    );
    html! {
        <section class="kpi cohorts" data-kpi={ID.as_str()}>
            <h3>{lang.t(def.name_ja, def.name_en)}{" "}<span class="kpi-id">{ID.as_str()}</span></h3>
            <p class="footnote">{lang.t(
                "研究報告書（考察2）のとおり、投資が上市に届くまで5〜10年かかります。採択年度ごとの線で、その時間差を見ます。",
                "As the research report notes, investment reaches the market 5–10 years later: each adoption cohort's line shows the lag.",
            )}</p>
            <EChart option={option(results, lang)} summary={AttrValue::from(summary(results, lang))} name="cohort-stage-reached"
                    title={lang.t(format!("{}（ステージ 1〜5 の平均）", def.name_ja), format!("{} (mean stage, 1–5)", def.name_en))} footnote={AttrValue::from(footnote)} />
            <div class="table-wrap">
                <table data-testid="cohort-table">
                    <caption class="visually-hidden">{lang.t(def.name_ja, def.name_en)}</caption>
                    <thead><tr>
                        <th scope="col">{lang.t("採択年度", "Adopted")}</th>
                        { for columns.iter().map(|&y| html! { <th scope="col" class="num">{years_label(lang, y)}</th> }) }
                    </tr></thead>
                    <tbody>{ for cohorts.iter().map(|(cohort, cells)| html! {
                        <tr>
                            <th scope="row">{cohort_label(lang, *cohort)}</th>
                            { for columns.iter().map(|y| match cells.get(y) {
                                Some(k) => html! {
                                    <td class="num">
                                        <Value kpi={(*k).clone()} unit={Unit::Mean} />
                                        if !k.suppressed { <span class="n">{format!(" n={}", k.n.unwrap_or(0))}</span> }
                                    </td>
                                },
                                None => html! { <td class="num">{"—"}</td> },
                            }) }
                        </tr>
                    }) }</tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use mdkpi_contract::sample;

    use super::*;

    fn cell(cohort: i64, years: i64, value: Option<f64>, n: u64) -> Kpi {
        let breakdown = BTreeMap::from([
            (Dimension::AdoptionYear, Dim::Int(cohort)),
            (Dimension::YearsSinceAdoption, Dim::Int(years)),
        ]);
        Kpi { value, n: Some(n), suppressed: value.is_none(), ..Kpi::new(ID, None, breakdown) }
    }

    #[test]
    fn the_description_gives_each_cohorts_latest_column_and_says_what_is_hidden() {
        let results = Results {
            kpis: vec![cell(2020, 2, Some(2.0), 8), cell(2020, 3, Some(2.5), 12), cell(2022, 1, None, 2)],
            ..sample::payload().results
        };
        let text = summary(&results, Lang::Ja);
        assert!(text.contains("令和2年度採択は3年以上に 2.50（n=12）"), "{text}");
        assert!(text.contains("令和4年度採択は1年後に x（少数のため非表示）"), "{text}");
        assert!(!text.contains("2.00"), "only the latest column: {text}");
        let text = summary(&results, Lang::En);
        assert!(text.contains("adopted FY2020 (3+ years): 2.50 (n=12)."), "{text}");
        assert!(text.contains("adopted FY2022 (1 year): x (hidden: too few)."), "{text}");
    }

    #[test]
    fn the_sample_has_cohorts() {
        let results = sample::payload().results;
        assert!(cohorts(&results).len() >= 5);
        assert!(summary(&results, Lang::Ja).contains("採択"));
    }
}

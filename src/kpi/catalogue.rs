//! The KPI catalogue: every KPI's stable id, the plan goal it serves, its unit, which direction is
//! better, and its breakdowns. Ids appear in the results JSON, in `data-kpi-id` and in exports.

use serde::Serialize;

/// How a KPI's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 件, 人, 回, 社: a count or a sum of counts.
    Count,
    /// A share in [0, 1], with numerator, denominator and a Wilson interval.
    Share,
    /// A mean on a scale (satisfaction 1–5, stage gain).
    Mean,
    /// Yen.
    Yen,
}

/// Which way is an improvement. The plan sets no numeric targets: a KPI should improve each year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
    /// Descriptive figures (a transition matrix cell) are not judged.
    Neither,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct KpiDef {
    pub id: &'static str,
    /// The plan goal (1–11) the KPI serves.
    pub goal: u8,
    pub name_ja: &'static str,
    pub name_en: &'static str,
    pub unit: Unit,
    pub better: Better,
    pub breakdowns: &'static [&'static str],
}

const fn def(
    id: &'static str,
    goal: u8,
    name_ja: &'static str,
    name_en: &'static str,
    unit: Unit,
    better: Better,
    breakdowns: &'static [&'static str],
) -> KpiDef {
    KpiDef { id, goal, name_ja, name_en, unit, better, breakdowns }
}

use Better::{Higher, Neither};
use Unit::{Count, Mean, Share, Yen};

pub const CATALOGUE: &[KpiDef] = &[
    def("training.courses", 1, "研修の実施回数", "training sessions held", Count, Higher, &["program"]),
    def("training.trainees", 1, "受講者数", "trainees", Count, Higher, &["program"]),
    def("training.industry_trainees", 1, "受講者のうち企業人材", "trainees from industry", Count, Higher, &["program"]),
    def("training.satisfaction.mean", 1, "受講者満足度（平均, 1〜5）", "trainee satisfaction (mean, 1–5)", Mean, Higher, &["program"]),
    def("training.satisfaction.top2_share", 1, "満足以上の割合（4・5）", "satisfied or very satisfied (4–5)", Share, Higher, &["program"]),
    def("training.satisfaction.answers", 1, "満足度の回答分布（人）", "satisfaction answers by level", Count, Neither, &["answer", "program"]),
    def("members.companies", 2, "加盟団体の傘下企業数", "member companies", Count, Higher, &["association"]),
    def("members.venture.count", 2, "ベンチャー企業数", "venture companies", Count, Higher, &["association"]),
    def("members.venture.share", 2, "ベンチャー企業の割合", "share of venture companies", Share, Higher, &["association"]),
    def("members.cross_industry.count", 2, "異業種参入企業数", "cross-industry entrants", Count, Higher, &["association"]),
    def("members.cross_industry.share", 2, "異業種参入企業の割合", "share of cross-industry entrants", Share, Higher, &["association"]),
    def("hubs.joint_research.company", 3, "拠点と企業の共同研究件数", "hub–company joint research", Count, Higher, &["hub", "program"]),
    def("hubs.joint_research.inter_hub", 3, "拠点間の共同研究件数", "joint research between hubs", Count, Higher, &["hub", "program"]),
    def("hubs.international_infra.count", 3, "国際共同治験基盤のある拠点数", "hubs with international joint-trial infrastructure", Count, Higher, &["program"]),
    def("rd.projects.adopted", 6, "採択課題数", "projects adopted", Count, Higher, &["program", "priority_area"]),
    def("rd.projects.active", 6, "実施中の課題数", "projects active", Count, Higher, &["program", "priority_area"]),
    def("rd.grant.amount", 6, "助成額", "grant amount", Yen, Higher, &["program", "priority_area"]),
    def("rd.stage_up.share", 6, "ステージアップ率", "stage-up rate", Share, Higher, &["adoption_stage", "program", "priority_area"]),
    def("rd.stage_up.mean_gain", 6, "平均ステージ上昇", "mean stage gain", Mean, Higher, &["adoption_stage"]),
    def("rd.stage_up.transition", 6, "採択時×現在ステージの課題数", "projects by stage at adoption × current stage", Count, Neither, &["adoption_stage", "current_stage"]),
    def("members.international.count", 7, "国際展開企業数", "internationally active companies", Count, Higher, &["association"]),
    def("members.international.share", 7, "国際展開企業の割合", "share of internationally active companies", Share, Higher, &["association"]),
];

/// The catalogue entry for `id`.
pub fn lookup(id: &str) -> Option<&'static KpiDef> {
    CATALOGUE.iter().find(|d| d.id == id)
}

/// The position of `id` in the catalogue: the order KPIs appear in the results.
pub fn order(id: &str) -> usize {
    CATALOGUE.iter().position(|d| d.id == id).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_goals_exist() {
        for (i, d) in CATALOGUE.iter().enumerate() {
            assert!(CATALOGUE[..i].iter().all(|e| e.id != d.id), "{} twice", d.id);
            assert!((1..=11).contains(&d.goal), "{}", d.id);
        }
    }
}

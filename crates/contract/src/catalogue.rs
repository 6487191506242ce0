//! The KPI catalogue: every KPI's stable id, the plan goal it serves, its unit, which direction is
//! better, its breakdowns and the rows it is computed from. Ids appear in the results JSON, in
//! `data-kpi-id` and in exports.

use serde::Serialize;

use crate::schema::DatasetKind;
use crate::vocabulary;

vocabulary! {
    /// A KPI's stable id. Declared in the catalogue's order, which is the order of the results.
    pub enum KpiId {
    TrainingCourses = "training.courses",
    TrainingTrainees = "training.trainees",
    TrainingIndustryTrainees = "training.industry_trainees",
    TrainingSatisfactionMean = "training.satisfaction.mean",
    TrainingSatisfactionTop2Share = "training.satisfaction.top2_share",
    TrainingSatisfactionAnswers = "training.satisfaction.answers",
    MembersCompanies = "members.companies",
    MembersVentureCount = "members.venture.count",
    MembersVentureShare = "members.venture.share",
    MembersCrossIndustryCount = "members.cross_industry.count",
    MembersCrossIndustryShare = "members.cross_industry.share",
    HubsJointResearchCompany = "hubs.joint_research.company",
    HubsJointResearchInterHub = "hubs.joint_research.inter_hub",
    HubsInternationalInfraCount = "hubs.international_infra.count",
    RdProjectsAdopted = "rd.projects.adopted",
    RdProjectsActive = "rd.projects.active",
    RdGrantAmount = "rd.grant.amount",
    RdStageUpShare = "rd.stage_up.share",
    RdStageUpMeanGain = "rd.stage_up.mean_gain",
    RdStageUpTransition = "rd.stage_up.transition",
    MembersInternationalCount = "members.international.count",
    MembersInternationalShare = "members.international.share",
    }
}

impl KpiId {
    /// The catalogue's entry.
    pub fn def(self) -> &'static KpiDef {
        &CATALOGUE[self as usize]
    }
}

vocabulary! {
    /// A breakdown dimension: the key of a figure's `breakdown` (`{"adoption_stage": 2}`). In the
    /// order of the names (see [`crate::vocab`]).
    pub enum Dimension {
        AdoptionStage = "adoption_stage",
        Answer = "answer",
        Association = "association",
        CurrentStage = "current_stage",
        Hub = "hub",
        PriorityArea = "priority_area",
        Program = "program",
    }
}

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

/// What stands behind a figure's cells, for disclosure control: persons and companies can be
/// identified from a cell of one or two; an organisation's own reported totals cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disclosure {
    /// A survey's respondents (satisfaction answers).
    Respondent,
    /// A member association's companies.
    Company,
    /// R&D projects (themes).
    Project,
    /// Figures an organisation reports about itself (its courses and trainees, its hub's
    /// contracts): not suppressed.
    Aggregate,
}

impl KpiDef {
    /// The unit a cell's n counts, and the disclosure rule that applies to it: by the rows the KPI
    /// is computed from.
    pub fn disclosure(&self) -> Disclosure {
        match self.kind {
            DatasetKind::Satisfaction => Disclosure::Respondent,
            DatasetKind::Members => Disclosure::Company,
            DatasetKind::Projects => Disclosure::Project,
            DatasetKind::Trainings | DatasetKind::Hubs | DatasetKind::Reference | DatasetKind::Followup => {
                Disclosure::Aggregate
            }
        }
    }
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

/// One KPI of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct KpiDef {
    pub id: KpiId,
    /// The plan goal (1–11) the KPI serves.
    pub goal: u8,
    pub name_ja: &'static str,
    pub name_en: &'static str,
    pub unit: Unit,
    pub better: Better,
    pub breakdowns: &'static [Dimension],
    /// The kind of rows it is computed from (a drill-down lists them).
    pub kind: DatasetKind,
}

/// One row of the catalogue's table below, written the way the table reads.
#[allow(clippy::too_many_arguments)]
const fn def(
    id: KpiId,
    goal: u8,
    name_ja: &'static str,
    name_en: &'static str,
    unit: Unit,
    better: Better,
    breakdowns: &'static [Dimension],
    kind: DatasetKind,
) -> KpiDef {
    KpiDef { id, goal, name_ja, name_en, unit, better, breakdowns, kind }
}

use Better::{Higher, Neither};
use DatasetKind::{Hubs, Members, Projects, Satisfaction, Trainings};
use Dimension::*;
use KpiId::*;
use Unit::{Count, Mean, Share, Yen};

pub const CATALOGUE: &[KpiDef] = &[
    def(TrainingCourses, 1, "研修の実施回数", "training sessions held", Count, Higher, &[Program], Trainings),
    def(TrainingTrainees, 1, "受講者数", "trainees", Count, Higher, &[Program], Trainings),
    def(
        TrainingIndustryTrainees,
        1,
        "受講者のうち企業人材",
        "trainees from industry",
        Count,
        Higher,
        &[Program],
        Trainings,
    ),
    def(
        TrainingSatisfactionMean,
        1,
        "受講者満足度（平均, 1〜5）",
        "trainee satisfaction (mean, 1–5)",
        Mean,
        Higher,
        &[Program],
        Satisfaction,
    ),
    def(
        TrainingSatisfactionTop2Share,
        1,
        "満足以上の割合（4・5）",
        "satisfied or very satisfied (4–5)",
        Share,
        Higher,
        &[Program],
        Satisfaction,
    ),
    def(
        TrainingSatisfactionAnswers,
        1,
        "満足度の回答分布（人）",
        "satisfaction answers by level",
        Count,
        Neither,
        &[Answer, Program],
        Satisfaction,
    ),
    def(MembersCompanies, 2, "加盟団体の傘下企業数", "member companies", Count, Higher, &[Association], Members),
    def(MembersVentureCount, 2, "ベンチャー企業数", "venture companies", Count, Higher, &[Association], Members),
    def(
        MembersVentureShare,
        2,
        "ベンチャー企業の割合",
        "share of venture companies",
        Share,
        Higher,
        &[Association],
        Members,
    ),
    def(
        MembersCrossIndustryCount,
        2,
        "異業種参入企業数",
        "cross-industry entrants",
        Count,
        Higher,
        &[Association],
        Members,
    ),
    def(
        MembersCrossIndustryShare,
        2,
        "異業種参入企業の割合",
        "share of cross-industry entrants",
        Share,
        Higher,
        &[Association],
        Members,
    ),
    def(
        HubsJointResearchCompany,
        3,
        "拠点と企業の共同研究件数",
        "hub–company joint research",
        Count,
        Higher,
        &[Hub, Program],
        Hubs,
    ),
    def(
        HubsJointResearchInterHub,
        3,
        "拠点間の共同研究件数",
        "joint research between hubs",
        Count,
        Higher,
        &[Hub, Program],
        Hubs,
    ),
    def(
        HubsInternationalInfraCount,
        3,
        "国際共同治験基盤のある拠点数",
        "hubs with international joint-trial infrastructure",
        Count,
        Higher,
        &[Program],
        Hubs,
    ),
    def(RdProjectsAdopted, 6, "採択課題数", "projects adopted", Count, Higher, &[Program, PriorityArea], Projects),
    def(RdProjectsActive, 6, "実施中の課題数", "projects active", Count, Higher, &[Program, PriorityArea], Projects),
    def(RdGrantAmount, 6, "助成額", "grant amount", Yen, Higher, &[Program, PriorityArea], Projects),
    def(
        RdStageUpShare,
        6,
        "ステージアップ率",
        "stage-up rate",
        Share,
        Higher,
        &[AdoptionStage, Program, PriorityArea],
        Projects,
    ),
    def(RdStageUpMeanGain, 6, "平均ステージ上昇", "mean stage gain", Mean, Higher, &[AdoptionStage], Projects),
    def(
        RdStageUpTransition,
        6,
        "採択時×現在ステージの課題数",
        "projects by stage at adoption × current stage",
        Count,
        Neither,
        &[AdoptionStage, CurrentStage],
        Projects,
    ),
    def(
        MembersInternationalCount,
        7,
        "国際展開企業数",
        "internationally active companies",
        Count,
        Higher,
        &[Association],
        Members,
    ),
    def(
        MembersInternationalShare,
        7,
        "国際展開企業の割合",
        "share of internationally active companies",
        Share,
        Higher,
        &[Association],
        Members,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_its_entry_and_a_goal() {
        assert_eq!(CATALOGUE.len(), KpiId::ALL.len());
        for (d, id) in CATALOGUE.iter().zip(KpiId::ALL) {
            assert_eq!(d.id, *id);
            assert!((1..=11).contains(&d.goal), "{}", d.id);
        }
    }

    #[test]
    fn dimensions_are_in_the_order_of_their_names() {
        assert!(crate::vocab::in_name_order(&Dimension::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>()));
    }
}

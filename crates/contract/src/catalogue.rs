//! The KPI catalogue: every KPI's stable id, the plan goal it serves, its unit, which direction is
//! better, its breakdowns and the rows it is computed from. Ids appear in the results JSON, in
//! `data-kpi-id` and in exports.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::kpis::KpiSpec;
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
    RdPatentApplicationShare = "rd.patent.application_share",
    RdPatentGrantShare = "rd.patent.grant_share",
    RdOtherProgramShare = "rd.other_program.share",
    RdCohortStageReached = "rd.cohort.stage_reached",
    }
}

impl KpiId {
    /// The catalogue's entry.
    pub fn def(self) -> &'static KpiDef<'static> {
        &CATALOGUE[self as usize]
    }
}

/// A figure's KPI: one of the catalogue's, or one a `mdkpi.kpis/1` file defines
/// ([`crate::kpis`]). Written in the JSON as its id either way. The catalogue's come first, in
/// its order, then the defined ones by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KpiKey {
    Builtin(KpiId),
    Custom(CustomId),
}

impl KpiKey {
    pub fn as_str(self) -> &'static str {
        match self {
            KpiKey::Builtin(id) => id.as_str(),
            KpiKey::Custom(id) => id.as_str(),
        }
    }

    /// The catalogue's KPI, if it is one.
    pub fn builtin(self) -> Option<KpiId> {
        match self {
            KpiKey::Builtin(id) => Some(id),
            KpiKey::Custom(_) => None,
        }
    }

    /// The KPI named `name`: the catalogue's, or a well-formed defined id ([`CustomId::new`]).
    pub fn from_name(name: &str) -> Option<KpiKey> {
        KpiId::from_name(name).map(KpiKey::Builtin).or_else(|| CustomId::new(name).map(KpiKey::Custom))
    }
}

impl From<KpiId> for KpiKey {
    fn from(id: KpiId) -> Self {
        KpiKey::Builtin(id)
    }
}

impl PartialEq<KpiId> for KpiKey {
    fn eq(&self, other: &KpiId) -> bool {
        *self == KpiKey::Builtin(*other)
    }
}

impl std::fmt::Display for KpiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for KpiKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for KpiKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(d)?;
        KpiKey::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("no KPI is called {name:?}")))
    }
}

/// The id of a KPI a definitions file gives: `custom.` and then lower-case ASCII letters, digits,
/// `.`, `_` or `-`, at most 64 characters in all, so that it can never take a catalogue id, now
/// or later.
///
/// Ids are interned, so that a figure's KPI stays a `Copy` value as the catalogue's are: the set
/// grows by the distinct ids of the definitions read (a handful a file), never by the data.
///
/// ```
/// use mdkpi_contract::catalogue::CustomId;
/// assert_eq!(CustomId::new("custom.hubs.patents").map(|id| id.as_str()), Some("custom.hubs.patents"));
/// assert!(CustomId::new("hubs.patents").is_none() && CustomId::new("custom.特許").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomId(&'static str);

impl CustomId {
    pub const PREFIX: &'static str = "custom.";

    pub fn new(id: &str) -> Option<CustomId> {
        let rest = id.strip_prefix(Self::PREFIX)?;
        let well_formed = !rest.is_empty()
            && id.len() <= 64
            && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        well_formed.then(|| CustomId(intern(id)))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl Serialize for CustomId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for CustomId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = std::borrow::Cow::<str>::deserialize(d)?;
        CustomId::new(&id).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{id:?}: an id is \"custom.\" then lower-case letters, digits, \".\", \"_\" or \"-\" (64 characters at most)"
            ))
        })
    }
}

fn intern(id: &str) -> &'static str {
    static IDS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut ids = IDS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&known) = ids.get(id) {
        return known;
    }
    let id: &'static str = Box::leak(id.into());
    ids.insert(id);
    id
}

/// The KPIs a results document knows: the catalogue's and those its definitions file gave.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue<'a> {
    pub defined: &'a [KpiSpec],
}

impl<'a> Catalogue<'a> {
    /// The catalogue alone.
    pub const BUILTIN: Catalogue<'static> = Catalogue { defined: &[] };

    /// `id`'s entry; `None` for a defined id this catalogue does not hold.
    pub fn def(&self, id: KpiKey) -> Option<KpiDef<'a>> {
        match id {
            KpiKey::Builtin(id) => Some(*id.def()),
            KpiKey::Custom(id) => self.defined.iter().find(|d| d.id == id).map(KpiSpec::def),
        }
    }

    /// What a cell of `id` counts, for disclosure control; a KPI this catalogue does not know is
    /// held to the strictest rule (respondents).
    pub fn disclosure(&self, id: KpiKey) -> Disclosure {
        self.def(id).map_or(Disclosure::Respondent, |d| d.disclosure())
    }

    /// Every KPI of `goal`: the catalogue's in its order, then the defined ones in theirs.
    pub fn of_goal(&self, goal: u8) -> impl Iterator<Item = KpiDef<'a>> + 'a {
        let defined = self.defined;
        (CATALOGUE.iter().copied().filter(move |d| d.goal == goal))
            .chain(defined.iter().filter(move |d| d.goal == goal).map(KpiSpec::def))
    }
}

vocabulary! {
    /// A breakdown dimension: the key of a figure's `breakdown` (`{"adoption_stage": 2}`). In the
    /// order of the names (see [`crate::vocab`]).
    pub enum Dimension {
        AdoptionStage = "adoption_stage",
        AdoptionYear = "adoption_year",
        Answer = "answer",
        Association = "association",
        CurrentStage = "current_stage",
        Hub = "hub",
        PriorityArea = "priority_area",
        Program = "program",
        YearsSinceAdoption = "years_since_adoption",
    }
}

/// How a KPI's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

impl Disclosure {
    /// The unit of the rows of `kind`: what a catalogue KPI computed from them counts.
    pub const fn of_rows(kind: DatasetKind) -> Disclosure {
        match kind {
            DatasetKind::Satisfaction => Disclosure::Respondent,
            DatasetKind::Members => Disclosure::Company,
            DatasetKind::Projects => Disclosure::Project,
            DatasetKind::Trainings | DatasetKind::Hubs | DatasetKind::Reference | DatasetKind::Followup => {
                Disclosure::Aggregate
            }
        }
    }
}

impl KpiDef<'_> {
    /// The unit a cell's n counts, and the disclosure rule that applies to it.
    pub fn disclosure(&self) -> Disclosure {
        self.disclosure
    }
}

/// Which way is an improvement. The plan sets no numeric targets: a KPI should improve each year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
    /// Descriptive figures (a transition matrix cell) are not judged.
    Neither,
}

/// One KPI: of the catalogue (`'static`), or defined by a file (borrowed from its definition).
#[derive(Debug, Clone, Copy)]
pub struct KpiDef<'a> {
    pub id: KpiKey,
    /// The plan goal (1–11) the KPI serves.
    pub goal: u8,
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub unit: Unit,
    pub better: Better,
    pub breakdowns: &'a [Dimension],
    /// The kind of rows it is computed from (a drill-down lists them).
    pub kind: DatasetKind,
    /// What a cell's n counts, for disclosure control.
    pub disclosure: Disclosure,
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
) -> KpiDef<'static> {
    KpiDef {
        id: KpiKey::Builtin(id),
        goal,
        name_ja,
        name_en,
        unit,
        better,
        breakdowns,
        kind,
        disclosure: Disclosure::of_rows(kind),
    }
}

use Better::{Higher, Neither};
use DatasetKind::{Hubs, Members, Projects, Satisfaction, Trainings};
use Dimension::*;
use KpiId::*;
use Unit::{Count, Mean, Share, Yen};

pub const CATALOGUE: &[KpiDef<'static>] = &[
    def(TrainingCourses, 1, "研修の実施回数", "Training sessions held", Count, Higher, &[Program], Trainings),
    def(TrainingTrainees, 1, "受講者数", "Trainees", Count, Higher, &[Program], Trainings),
    def(
        TrainingIndustryTrainees,
        1,
        "受講者のうち企業人材",
        "Trainees from industry",
        Count,
        Higher,
        &[Program],
        Trainings,
    ),
    def(
        TrainingSatisfactionMean,
        1,
        "受講者満足度（平均, 1〜5）",
        "Trainee satisfaction (mean, 1–5)",
        Mean,
        Higher,
        &[Program],
        Satisfaction,
    ),
    def(
        TrainingSatisfactionTop2Share,
        1,
        "満足以上の割合（4・5）",
        "Satisfied or very satisfied (4–5)",
        Share,
        Higher,
        &[Program],
        Satisfaction,
    ),
    def(
        TrainingSatisfactionAnswers,
        1,
        "満足度の回答分布（人）",
        "Satisfaction answers by level",
        Count,
        Neither,
        &[Answer, Program],
        Satisfaction,
    ),
    def(MembersCompanies, 2, "加盟団体の傘下企業数", "Member companies", Count, Higher, &[Association], Members),
    def(MembersVentureCount, 2, "ベンチャー企業数", "Venture companies", Count, Higher, &[Association], Members),
    def(
        MembersVentureShare,
        2,
        "ベンチャー企業の割合",
        "Share of venture companies",
        Share,
        Higher,
        &[Association],
        Members,
    ),
    def(
        MembersCrossIndustryCount,
        2,
        "異業種参入企業数",
        "Cross-industry entrants",
        Count,
        Higher,
        &[Association],
        Members,
    ),
    def(
        MembersCrossIndustryShare,
        2,
        "異業種参入企業の割合",
        "Share of cross-industry entrants",
        Share,
        Higher,
        &[Association],
        Members,
    ),
    def(
        HubsJointResearchCompany,
        3,
        "拠点と企業の共同研究件数",
        "Hub–company joint research",
        Count,
        Higher,
        &[Hub, Program],
        Hubs,
    ),
    def(
        HubsJointResearchInterHub,
        3,
        "拠点間の共同研究件数",
        "Joint research between hubs",
        Count,
        Higher,
        &[Hub, Program],
        Hubs,
    ),
    def(
        HubsInternationalInfraCount,
        3,
        "国際共同治験基盤のある拠点数",
        "Hubs with international joint-trial infrastructure",
        Count,
        Higher,
        &[Program],
        Hubs,
    ),
    def(RdProjectsAdopted, 6, "採択課題数", "Projects adopted", Count, Higher, &[Program, PriorityArea], Projects),
    def(RdProjectsActive, 6, "実施中の課題数", "Projects active", Count, Higher, &[Program, PriorityArea], Projects),
    def(RdGrantAmount, 6, "助成額", "Grant amount", Yen, Higher, &[Program, PriorityArea], Projects),
    def(
        RdStageUpShare,
        6,
        "ステージアップ率",
        "Stage-up rate",
        Share,
        Higher,
        &[AdoptionStage, Program, PriorityArea],
        Projects,
    ),
    def(RdStageUpMeanGain, 6, "平均ステージ上昇", "Mean stage gain", Mean, Higher, &[AdoptionStage], Projects),
    def(
        RdStageUpTransition,
        6,
        "採択時×現在ステージの課題数",
        "Projects by stage at adoption × current stage",
        Count,
        Neither,
        &[AdoptionStage, CurrentStage],
        Projects,
    ),
    def(
        MembersInternationalCount,
        7,
        "国際展開企業数",
        "Internationally active companies",
        Count,
        Higher,
        &[Association],
        Members,
    ),
    def(
        MembersInternationalShare,
        7,
        "国際展開企業の割合",
        "Share of internationally active companies",
        Share,
        Higher,
        &[Association],
        Members,
    ),
    def(
        RdPatentApplicationShare,
        6,
        "特許出願のある課題の割合",
        "Share of projects with a patent application",
        Share,
        Higher,
        &[AdoptionStage, Program, PriorityArea],
        Projects,
    ),
    def(
        RdPatentGrantShare,
        6,
        "特許取得のある課題の割合",
        "Share of projects with a granted patent",
        Share,
        Higher,
        &[AdoptionStage, Program, PriorityArea],
        Projects,
    ),
    def(
        RdOtherProgramShare,
        6,
        "AMED 他事業に採択された課題の割合",
        "Share of projects adopted by another AMED programme",
        Share,
        Higher,
        &[AdoptionStage, Program, PriorityArea],
        Projects,
    ),
    def(
        RdCohortStageReached,
        6,
        "採択年度別・採択後年数別の平均到達ステージ",
        "Mean stage reached by adoption cohort and years since adoption",
        Mean,
        Neither,
        &[AdoptionYear, YearsSinceAdoption],
        Projects,
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
            assert_eq!(d.disclosure, Disclosure::of_rows(d.kind));
            assert!((1..=11).contains(&d.goal), "{}", d.id);
        }
    }

    #[test]
    fn dimensions_are_in_the_order_of_their_names() {
        assert!(crate::vocab::in_name_order(&Dimension::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>()));
    }
}

//! The dataset kinds and their canonical columns: what each column is called (the Japanese header is
//! canonical; the English key and common variants are accepted too), what it holds and whether a
//! row needs it. Matching a file's headers to them is the core's (`mdkpi_core::model::schema`).

use serde::{Deserialize, Serialize};

use crate::vocabulary;

vocabulary! {
    /// A canonical column's key: its English name, as recipes and column mappings write it. In the
    /// order of the names (a mapping is a map keyed by them; see [`crate::vocab`]).
    pub enum Col {
        AdoptedFy = "adopted_fy",
        Assessment = "assessment",
        Association = "association",
        Company = "company",
        Course = "course",
        CrossIndustry = "cross_industry",
        CurrentStage = "current_stage",
        FiscalYear = "fiscal_year",
        Goal = "goal",
        Grant = "grant",
        Hub = "hub",
        Indicator = "indicator",
        IndustryTrainees = "industry_trainees",
        International = "international",
        InternationalTrialInfra = "international_trial_infra",
        JointResearchCompany = "joint_research_company",
        JointResearchInterHub = "joint_research_inter_hub",
        OtherProgram = "other_program",
        PatentApplication = "patent_application",
        PatentGranted = "patent_granted",
        PriorityAreas = "priority_areas",
        Program = "program",
        ProjectId = "project_id",
        RespondentId = "respondent_id",
        Satisfaction = "satisfaction",
        Sessions = "sessions",
        StageAtAdoption = "stage_at_adoption",
        Status = "status",
        StatusText = "status_text",
        Trainees = "trainees",
        Unit = "unit",
        Value = "value",
        Venture = "venture",
        Year = "year",
    }
}

/// A column mapping chosen by the user (or a recipe): each column's key and the header, as written
/// in the file, that holds it.
pub type Mapping = std::collections::BTreeMap<Col, String>;

/// The user's choices for one table of a file: a workbook's sheet (named), or the file itself
/// (`sheet` empty). Kept in recipes' spirit: a header row chosen by hand, or a sheet left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableChoice {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The spreadsheet row of the header, instead of the one found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u64>,
    /// Not to be read at all.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skip: bool,
}

/// The kinds of input mdkpi understands. The serialised name is the `kind` in the results JSON
/// and the key of a JSON workspace file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// 研究開発課題: one row per R&D project per survey year.
    Projects,
    /// 人材育成研修: one row per course per year.
    Trainings,
    /// 受講者アンケート: one row per answer.
    Satisfaction,
    /// 加盟団体の傘下企業: one row per member company of an association per year.
    Members,
    /// 研究開発拠点: one row per hub per year.
    Hubs,
    /// 参考指標: calendar-year statistics (production, exports…), never mixed with fiscal years.
    Reference,
    /// 定性フォローアップ: status text per goal, programme and year.
    Followup,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 7] = [
        DatasetKind::Projects,
        DatasetKind::Trainings,
        DatasetKind::Satisfaction,
        DatasetKind::Members,
        DatasetKind::Hubs,
        DatasetKind::Reference,
        DatasetKind::Followup,
    ];

    /// The position of column `key` among [`DatasetKind::columns`] (and in a row's values).
    pub fn column(self, key: Col) -> Option<usize> {
        self.columns().iter().position(|c| c.key == key)
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            DatasetKind::Projects => PROJECT_COLUMNS,
            DatasetKind::Trainings => TRAINING_COLUMNS,
            DatasetKind::Satisfaction => SATISFACTION_COLUMNS,
            DatasetKind::Members => MEMBER_COLUMNS,
            DatasetKind::Hubs => HUB_COLUMNS,
            DatasetKind::Reference => REFERENCE_COLUMNS,
            DatasetKind::Followup => FOLLOWUP_COLUMNS,
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            DatasetKind::Projects => "研究開発課題",
            DatasetKind::Trainings => "人材育成研修",
            DatasetKind::Satisfaction => "受講者アンケート",
            DatasetKind::Members => "加盟団体の傘下企業",
            DatasetKind::Hubs => "研究開発拠点",
            DatasetKind::Reference => "参考指標（暦年）",
            DatasetKind::Followup => "定性フォローアップ",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            DatasetKind::Projects => "R&D projects",
            DatasetKind::Trainings => "Training courses",
            DatasetKind::Satisfaction => "Trainee survey",
            DatasetKind::Members => "Member associations' companies",
            DatasetKind::Hubs => "R&D hubs",
            DatasetKind::Reference => "Reference indicators (calendar years)",
            DatasetKind::Followup => "Qualitative follow-up",
        }
    }

    /// Its name in `lang`.
    pub fn name(self, lang: crate::lang::Lang) -> &'static str {
        lang.t(self.name_ja(), self.name_en())
    }

    /// Columns whose values together identify a row: a later row with the same key replaces an
    /// earlier one (and the earlier one is reported). The flag says the part must be present for
    /// the row to have a key at all. Empty: rows are never duplicates.
    pub fn key(self) -> &'static [(Col, bool)] {
        match self {
            DatasetKind::Projects => &[(Col::FiscalYear, false), (Col::ProjectId, true)],
            DatasetKind::Members => &[(Col::FiscalYear, false), (Col::Association, false), (Col::Company, true)],
            DatasetKind::Hubs => &[(Col::FiscalYear, false), (Col::Hub, true), (Col::Program, false)],
            DatasetKind::Reference => &[(Col::Year, true), (Col::Indicator, true)],
            DatasetKind::Satisfaction => {
                &[(Col::FiscalYear, false), (Col::Program, false), (Col::Course, false), (Col::RespondentId, true)]
            }
            DatasetKind::Trainings | DatasetKind::Followup => &[],
        }
    }
}

/// What a column holds, and so how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    FiscalYear,
    CalendarYear,
    Count,
    Number,
    /// Money; a unit in the header (千円…) scales it to yen.
    Yen,
    Flag,
    /// Yes or no as a flag is written, or a count (above 0 is yes): 特許出願 「有」 or 「2」.
    FlagOrCount,
    StageAtAdoption,
    CurrentStage,
    Status,
    PriorityAreas,
    Satisfaction,
    Goal,
}

/// Whether a row can do without a column's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// The file must have the column, and a row without a valid value is rejected.
    Always,
    /// Only where the file has the column (年度: a file without it is one measurement).
    WherePresent,
    /// An invalid value becomes missing, with a warning; the row stays.
    No,
}

/// One canonical column.
#[derive(Debug)]
pub struct Column {
    /// The English name, also the key used in code, in recipes and in the results JSON.
    pub key: Col,
    /// The canonical Japanese header.
    pub ja: &'static str,
    /// Other headers seen in the wild, written in any width or case.
    pub aliases: &'static [&'static str],
    pub value: ValueType,
    pub required: Required,
    /// One line for the template's description row.
    pub note: &'static str,
}

const fn col(
    key: Col,
    ja: &'static str,
    aliases: &'static [&'static str],
    value: ValueType,
    required: Required,
    note: &'static str,
) -> Column {
    Column { key, ja, aliases, value, required, note }
}

use Required::{Always, No, WherePresent};
use ValueType as V;

const FISCAL_YEAR: Column = col(
    Col::FiscalYear,
    "年度",
    &["調査年度", "測定年度", "survey_fy", "fy"],
    V::FiscalYear,
    WherePresent,
    "調査年度（2023, 令和5年度, R5, FY2023）",
);
const PROGRAM: Column = col(Col::Program, "事業名", &["事業", "プログラム", "program_name"], V::Text, No, "事業名");

pub const PROJECT_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col(
        Col::ProjectId,
        "課題ID",
        &["課題番号", "課題コード", "テーマID", "課題id", "id"],
        V::Text,
        Always,
        "課題を一意に識別するID（先頭の0も保持）",
    ),
    PROGRAM,
    col(
        Col::PriorityAreas,
        "重点分野",
        &["重点5分野", "priority_area"],
        V::PriorityAreas,
        No,
        "重点5分野の番号 1〜5（複数は ; 区切り）",
    ),
    col(Col::AdoptedFy, "採択年度", &["adoption_fy", "adopted_year"], V::FiscalYear, Always, "採択された年度"),
    col(
        Col::StageAtAdoption,
        "採択時ステージ",
        &["採択時のステージ", "adoption_stage"],
        V::StageAtAdoption,
        No,
        "1 基礎研究, 2 製品開発, 3 非臨床, 4 臨床",
    ),
    col(
        Col::CurrentStage,
        "現在ステージ",
        &["現在のステージ", "現ステージ"],
        V::CurrentStage,
        No,
        "1〜4、または 5 承認取得・上市",
    ),
    col(Col::Status, "状況", &["ステータス", "状態", "進捗状況"], V::Status, No, "継続・終了・中止"),
    col(
        Col::Grant,
        "助成額",
        &["交付額", "研究費", "grant_amount", "助成金額"],
        V::Yen,
        No,
        "助成額（見出しに単位: 円, 千円, 万円, 百万円, 億円）",
    ),
    col(
        Col::PatentApplication,
        "特許出願",
        &["特許出願の有無", "特許出願件数", "特許出願数"],
        V::FlagOrCount,
        No,
        "任意。特許出願の有無（○/×、有/無、1/0）または件数（1以上は有）",
    ),
    col(
        Col::PatentGranted,
        "特許取得",
        &["特許取得の有無", "特許取得件数", "特許登録", "patent_grant"],
        V::FlagOrCount,
        No,
        "任意。特許取得（登録）の有無または件数",
    ),
    col(
        Col::OtherProgram,
        "他事業採択",
        &["AMED他事業採択", "他事業への採択", "amed_other_program"],
        V::FlagOrCount,
        No,
        "任意。AMED の別事業に採択されたか（有/無）",
    ),
];

pub const TRAINING_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    PROGRAM,
    col(Col::Course, "研修名", &["講座名", "コース名", "研修"], V::Text, No, "研修・講座の名称"),
    col(Col::Sessions, "実施回数", &["開催回数", "回数"], V::Count, No, "実施回数（回）"),
    col(Col::Trainees, "受講者数", &["受講人数", "参加者数"], V::Count, No, "受講者数（人）"),
    col(
        Col::IndustryTrainees,
        "うち企業人材数",
        &["企業人材数", "うち企業人材", "企業からの受講者数"],
        V::Count,
        No,
        "受講者のうち企業人材（人）",
    ),
];

pub const SATISFACTION_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    PROGRAM,
    col(Col::Course, "研修名", &["講座名", "コース名", "研修"], V::Text, No, "研修・講座の名称"),
    col(
        Col::RespondentId,
        "回答者ID",
        &["回答者id", "回答者番号", "respondent"],
        V::Text,
        No,
        "任意。同じ回答者の重複回答の検出に使用",
    ),
    col(
        Col::Satisfaction,
        "満足度",
        &["満足度(5段階)", "総合満足度"],
        V::Satisfaction,
        No,
        "1〜5、または 大変満足・満足・どちらともいえない・不満・大変不満",
    ),
];

pub const MEMBER_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col(Col::Association, "団体名", &["加盟団体", "加盟団体名", "所属団体"], V::Text, No, "医機連の加盟団体名"),
    col(Col::Company, "企業名", &["会社名", "社名", "company_name"], V::Text, Always, "傘下企業の名称"),
    col(Col::Venture, "ベンチャー", &["ベンチャー企業", "is_venture"], V::Flag, No, "○/×、はい/いいえ、1/0"),
    col(
        Col::CrossIndustry,
        "異業種参入",
        &["異業種", "異業種からの参入", "is_cross_industry"],
        V::Flag,
        No,
        "○/×、はい/いいえ、1/0",
    ),
    col(Col::International, "国際展開", &["海外展開", "is_international"], V::Flag, No, "○/×、はい/いいえ、1/0"),
];

pub const HUB_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col(Col::Hub, "拠点名", &["拠点", "機関名", "hub_name"], V::Text, Always, "研究開発拠点・開発支援拠点の名称"),
    PROGRAM,
    col(
        Col::JointResearchCompany,
        "企業との共同研究件数",
        &["企業との共同研究", "企業共同研究件数"],
        V::Count,
        No,
        "件",
    ),
    col(
        Col::JointResearchInterHub,
        "他拠点との共同研究件数",
        &["他拠点との共同研究", "拠点間共同研究件数"],
        V::Count,
        No,
        "件",
    ),
    col(
        Col::InternationalTrialInfra,
        "国際共同治験基盤",
        &["国際共同治験", "国際共同治験の基盤構築", "international_infra"],
        V::Flag,
        No,
        "有/無",
    ),
];

pub const REFERENCE_COLUMNS: &[Column] = &[
    col(Col::Year, "年", &["暦年", "calendar_year"], V::CalendarYear, Always, "暦年（年度ではない）"),
    col(Col::Indicator, "指標", &["指標名", "項目"], V::Text, Always, "例: 生産金額, 輸出金額, 国内出荷金額"),
    col(Col::Value, "値", &["金額", "数値"], V::Number, No, "値（単位は 単位 列に）"),
    col(Col::Unit, "単位", &[], V::Text, No, "例: 億円"),
];

pub const FOLLOWUP_COLUMNS: &[Column] = &[
    FISCAL_YEAR,
    col(Col::Goal, "ゴール", &["ゴール番号", "goal_no"], V::Goal, Always, "ゴール番号 1〜11"),
    PROGRAM,
    col(Col::StatusText, "状況", &["取組状況", "進捗", "status"], V::Text, No, "取組の状況（自由記述）"),
    col(Col::Assessment, "評価", &["自己評価", "所見"], V::Text, No, "評価（自由記述）"),
];

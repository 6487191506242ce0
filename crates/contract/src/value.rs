//! The domain's values that figures and messages name: R&D stages, project statuses, and what a
//! cell should have held (for the message that says it did not).

use serde::{Deserialize, Serialize};

/// What a cell should have held; the dataset layer turns it into a bilingual message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    FiscalYear,
    CalendarYear,
    Count,
    Number,
    Flag,
    Satisfaction,
    Goal,
    Stage,
    StageAtAdoption,
    Status,
    PriorityAreas,
    Amount,
}

impl Expected {
    pub fn ja(self) -> &'static str {
        match self {
            Expected::FiscalYear => "年度（例: 2023, 令和5年度, R5, FY2023）",
            Expected::CalendarYear => "暦年（例: 2021, 2021年, 令和3年）",
            Expected::Count => "0以上の整数（例: 1,234）",
            Expected::Number => "数値（例: 1,234.5、▲5 は負の値）",
            Expected::Flag => "有無（○/×、はい/いいえ、有/無、1/0、TRUE/FALSE、Y/N）",
            Expected::Satisfaction => "満足度（1〜5、または 大変満足・満足・どちらともいえない・不満・大変不満）",
            Expected::Goal => "ゴール番号（1〜11 または ①〜⑪）",
            Expected::Stage => "ステージ（1〜4、基礎研究・製品開発・非臨床・臨床、または 5/承認取得・上市）",
            Expected::StageAtAdoption => "採択時ステージ（1〜4、基礎研究・製品開発・非臨床・臨床）",
            Expected::Status => "状況（継続・終了・中止）",
            Expected::PriorityAreas => "重点分野（1〜5 または ①〜⑤、複数は ; や 、 で区切る）",
            Expected::Amount => "金額（例: 1,234、▲5 は負の値）",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Expected::FiscalYear => "a fiscal year (e.g. 2023, 令和5年度, R5, FY2023)",
            Expected::CalendarYear => "a calendar year (e.g. 2021, 2021年, 令和3年)",
            Expected::Count => "a whole number of 0 or more (e.g. 1,234)",
            Expected::Number => "a number (e.g. 1,234.5; ▲5 is negative)",
            Expected::Flag => "yes or no (○/×, はい/いいえ, 有/無, 1/0, TRUE/FALSE, Y/N)",
            Expected::Satisfaction => "a satisfaction answer (1–5 or 大変満足 … 大変不満)",
            Expected::Goal => "a goal number (1–11 or ①–⑪)",
            Expected::Stage => "a stage (1–4 or its name, or 5 = approved/launched)",
            Expected::StageAtAdoption => "a stage at adoption (1–4 or its name)",
            Expected::Status => "a status (継続 continuing, 終了 completed, 中止 discontinued)",
            Expected::PriorityAreas => "priority areas (1–5 or ①–⑤, several separated by ; or 、)",
            Expected::Amount => "an amount (e.g. 1,234; ▲5 is negative)",
        }
    }
}

/// R&D stage. 1–4 are AMED's development stages between its stage gates; 5 exists only as a current
/// stage, when the device is approved or on the market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Stage {
    /// 基礎研究
    Basic = 1,
    /// 製品開発
    ProductDevelopment = 2,
    /// 非臨床
    NonClinical = 3,
    /// 臨床
    Clinical = 4,
    /// 承認取得・上市
    Approved = 5,
}

impl Stage {
    pub const ADOPTION_STAGES: [Stage; 4] =
        [Stage::Basic, Stage::ProductDevelopment, Stage::NonClinical, Stage::Clinical];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Stage> {
        Some(match n {
            1 => Stage::Basic,
            2 => Stage::ProductDevelopment,
            3 => Stage::NonClinical,
            4 => Stage::Clinical,
            5 => Stage::Approved,
            _ => return None,
        })
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Stage::Basic => "基礎研究",
            Stage::ProductDevelopment => "製品開発",
            Stage::NonClinical => "非臨床",
            Stage::Clinical => "臨床",
            Stage::Approved => "承認取得・上市",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Stage::Basic => "basic research",
            Stage::ProductDevelopment => "product development",
            Stage::NonClinical => "non-clinical",
            Stage::Clinical => "clinical",
            Stage::Approved => "approved / launched",
        }
    }
}

impl From<Stage> for u8 {
    fn from(s: Stage) -> u8 {
        s.number()
    }
}

impl TryFrom<u8> for Stage {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Stage::from_number(n).ok_or_else(|| format!("no stage {n}"))
    }
}

/// A project's status in the survey year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 継続
    Continuing,
    /// 終了
    Completed,
    /// 中止
    Discontinued,
}

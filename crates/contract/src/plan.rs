//! The 2nd Medical Device Basic Plan (第二期医療機器基本計画, cabinet decision May 2022, to FY2026):
//! mission → 3 visions → 11 goals, the 5 priority areas and the 3 supporting platforms, as in the
//! plan overview and the research report (see shared/reference/facts.md). Which KPI serves which
//! goal comes from the KPI catalogue; the goal-to-vision grouping for goals 8–11 follows the order
//! of the plan's action items (inferred, as facts.md notes).

use serde::Serialize;

use crate::catalogue::{KpiDef, KpiId, CATALOGUE};

pub const MISSION: &str =
    "医療機器の研究開発及び普及を促進し、有効で安全な医療機器の迅速な実用化等により国民が受ける医療の質の向上を図る";

/// [`MISSION`] in English (our translation; the Japanese is the official text).
pub const MISSION_EN: &str =
    "Promote the research, development and diffusion of medical devices and, through the rapid \
     practical use of effective and safe medical devices, improve the quality of the medical care people receive";

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Vision {
    pub number: u8,
    pub text: &'static str,
    /// The text in English (our translation).
    pub text_en: &'static str,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Goal {
    pub number: u8,
    pub vision: u8,
    pub text: &'static str,
    /// The text in English (our translation).
    pub text_en: &'static str,
    /// The KPI shown on the goal's card: the one the research group measured first.
    pub headline_kpi: Option<KpiId>,
}

pub const VISIONS: [Vision; 3] = [
    Vision { number: 1, text: "医療機器研究開発の中心地としての我が国の地位の確立", text_en: "Establishing Japan's position as a centre of medical device research and development" },
    Vision {
        number: 2, text: "革新的な医療機器が世界に先駆けて我が国に上市される魅力的な環境の構築", text_en: "Building an attractive environment in which innovative medical devices reach the Japanese market ahead of the rest of the world"
    },
    Vision {
        number: 3, text: "あらゆる状況下での国民の必要な医療機器へのアクセシビリティの確保", text_en: "Ensuring people's access to the medical devices they need under all circumstances"
    },
];

pub const GOALS: [Goal; 11] = [
    Goal {
        number: 1,
        vision: 1,
        text: "臨床ニーズを見出し、研究開発から事業化までけん引可能な医療従事者・企業人材・アカデミア人材の増加",
        text_en: "More healthcare professionals, industry and academic people who find clinical needs and can lead from research and development to commercialisation",

        headline_kpi: Some(KpiId::TrainingTrainees),
    },
    Goal {
        number: 2,
        vision: 1,
        text: "死の谷を克服するベンチャー企業や異業種からの参入企業の増加",
        text_en: "More venture companies that overcome the valley of death, and more companies entering from other industries",

        headline_kpi: Some(KpiId::MembersVentureShare),
    },
    Goal {
        number: 3,
        vision: 1,
        text: "研究開発拠点、開発支援拠点や企業の連携強化",
        text_en: "Stronger collaboration between R&D hubs, development support hubs and companies",

        headline_kpi: Some(KpiId::HubsJointResearchCompany),
    },
    Goal {
        number: 4,
        vision: 1,
        text: "First in Humanを含めた治験をより安全かつ効果的に実施するための非臨床の実験系・評価系の構築",
        text_en: "Non-clinical experimental and evaluation systems for conducting clinical trials, First in Human included, more safely and effectively",

        headline_kpi: None,
    },
    Goal {
        number: 5,
        vision: 1,
        text: "企業による医療機器の研究開発やアカデミアでの研究等への活用をあらかじめ念頭においた医療情報の集約",
        text_en: "Medical information gathered with its use in companies' medical device R&D and in academic research in mind from the start",

        headline_kpi: None,
    },
    Goal {
        number: 6,
        vision: 1,
        text: "解決すべき医療上・社会上の課題を踏まえた重点分野における研究開発の活性化",
        text_en: "More research and development in the priority areas, based on the medical and social problems to be solved",

        headline_kpi: Some(KpiId::RdStageUpShare),
    },
    Goal {
        number: 7,
        vision: 1,
        text: "国際展開に積極的に取り組む日本企業の増加",
        text_en: "More Japanese companies actively expanding internationally",

        headline_kpi: Some(KpiId::MembersInternationalShare),
    },
    Goal {
        number: 8,
        vision: 2,
        text: "規制調和の促進や日本を参照国制度の対象とする国の充実などによる日本の薬事承認の国際的な意義の向上",
        text_en: "A greater international significance of Japan's regulatory approval, through regulatory harmonisation and more countries that take Japan as a reference country",

        headline_kpi: None,
    },
    Goal {
        number: 9, vision: 2, text: "早期実用化に向けた薬事承認制度・審査体制の構築",
        text_en: "An approval system and review structure for early practical use",
 headline_kpi: None
    },
    Goal {
        number: 10, vision: 2, text: "医療保険制度におけるイノベーションの適切な評価の実施",
        text_en: "An appropriate evaluation of innovation in the health insurance system",
 headline_kpi: None
    },
    Goal {
        number: 11, vision: 3, text: "自然災害やパンデミック等の有事における安定供給の確保",
        text_en: "A stable supply in emergencies such as natural disasters and pandemics",
 headline_kpi: None
    },
];

impl Goal {
    /// Every KPI of the catalogue that serves this goal.
    pub fn kpis(&self) -> impl Iterator<Item = &'static KpiDef<'static>> + '_ {
        CATALOGUE.iter().filter(move |d| d.goal == self.number)
    }

    /// ①…⑪, as the plan numbers its goals.
    pub fn circled(&self) -> char {
        char::from_u32(0x2460 + u32::from(self.number) - 1).unwrap_or('?')
    }
}

/// 重点5分野: numbered as in the projects file's 重点分野 column.
pub const PRIORITY_AREAS: [(u8, &str, &str); 5] = [
    (1, "日常生活における健康無関心層の疾病予防、重症化予防に資する医療機器", "予防・重症化予防"),
    (2, "予後改善につながる診断の一層の早期化に資する医療機器", "早期診断"),
    (3, "臨床的なアウトカムの最大化に向けた診断と治療が一体化した医療機器", "診断・治療の一体化／個別化医療"),
    (4, "高齢者等の身体機能の補完・向上に関する医療機器", "機能の補完・向上"),
    (5, "医療従事者の業務の効率化・負担軽減に資する医療機器", "医療従事者の負担軽減"),
];

/// [`PRIORITY_AREAS`] in English (our translation): (long, short).
pub const PRIORITY_AREAS_EN: [(&str, &str); 5] = [
    (
        "Medical devices that help people indifferent to their health prevent disease and its worsening in daily life",
        "Prevention",
    ),
    ("Medical devices that bring diagnosis still earlier, for better prognoses", "Early diagnosis"),
    (
        "Medical devices that integrate diagnosis and treatment to maximise clinical outcomes",
        "Integrated diagnosis and treatment / personalised medicine",
    ),
    (
        "Medical devices that compensate for or improve the physical functions of older people and others",
        "Supporting body functions",
    ),
    (
        "Medical devices that make healthcare workers' work more efficient and lighten their load",
        "Lighter load on healthcare workers",
    ),
];

/// [`PLATFORMS`] in English (our translation).
pub const PLATFORMS_EN: [&str; 3] = [
    "A data platform for developing AI medical devices and others",
    "A platform for international standards and regulatory science, non-clinical test methods included; training and development hubs",
    "A base for developing and manufacturing the parts and materials of medical devices",
];

/// 重点分野を支える重要プラットフォーム.
pub const PLATFORMS: [&str; 3] = [
    "AI医療機器等開発のためのデータ利活用基盤",
    "非臨床試験法開発を含めた国際規格・RS開発基盤、人材育成・開発拠点整備",
    "医療機器開発・生産に資する部品・部材の開発、製造基盤",
];

/// The short name of priority area `n` (1–5).
pub fn priority_area_short(n: i64) -> Option<&'static str> {
    PRIORITY_AREAS.iter().find(|(k, ..)| i64::from(*k) == n).map(|(_, _, short)| *short)
}

/// [`priority_area_short`] in English.
pub fn priority_area_short_en(n: i64) -> Option<&'static str> {
    let i = usize::try_from(n).ok()?.checked_sub(1)?;
    PRIORITY_AREAS_EN.get(i).map(|(_, short)| *short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_goal_has_a_vision_and_every_headline_kpi_serves_its_goal() {
        for g in GOALS {
            assert!(VISIONS.iter().any(|v| v.number == g.vision));
            if let Some(id) = g.headline_kpi {
                assert!(g.kpis().any(|d| d.id == id), "goal {}: {id}", g.number);
            }
        }
        assert_eq!(GOALS[10].circled(), '⑪');
        assert!(CATALOGUE.iter().all(|d| GOALS.iter().any(|g| g.number == d.goal)));
    }
}

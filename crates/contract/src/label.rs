//! How figures are written for people: 和暦 fiscal-year labels and percentages. Pure functions, so the
//! page, exports and tests all write a figure the same way.
//!
//! ```
//! use mdkpi_contract::label::{fiscal_year_label, percent};
//! assert_eq!(fiscal_year_label(Some(2023)), "令和5年度 (FY2023)");
//! assert_eq!(fiscal_year_label(Some(2019)), "令和元年度 (FY2019)");
//! assert_eq!(percent(Some(0.2742)), "27.4%");
//! ```

use std::collections::BTreeMap;

use thousands::Separable;

use crate::catalogue::{Dimension, Disclosure, KpiDef, Unit};
use crate::lang::Lang;
use crate::options::StatisticsMode;
use crate::plan::priority_area_short;
use crate::results::{Dim, Direction, Kpi, Results, StatisticsDefinition};
use crate::schema::DatasetKind;
use crate::value::Stage;

/// 令和5年度 for 2023. Fiscal years start in April, so FY2019 (from April 2019) is wholly 令和.
pub fn fiscal_year_ja(fy: i32) -> String {
    let (era, n) = match fy {
        2019.. => ("令和", fy - 2018),
        1989..=2018 => ("平成", fy - 1988),
        _ => return format!("{fy}年度"),
    };
    if n == 1 {
        format!("{era}元年度")
    } else {
        format!("{era}{n}年度")
    }
}

/// `令和5年度 (FY2023)`, or the label for a measurement without a survey year.
pub fn fiscal_year_label(fy: Option<i32>) -> String {
    match fy {
        Some(fy) => format!("{} (FY{fy})", fiscal_year_ja(fy)),
        None => "年度なし (single measurement)".to_owned(),
    }
}

/// [`fiscal_year_label`] in `lang`: English has no era, so `FY2023` alone.
pub fn fiscal_year_in(lang: Lang, fy: Option<i32>) -> String {
    match (lang, fy) {
        (Lang::Ja, _) => fiscal_year_label(fy),
        (Lang::En, Some(fy)) => format!("FY{fy}"),
        (Lang::En, None) => "single measurement".to_owned(),
    }
}

/// [`SAMPLE_MARK`] in `lang`: the Japanese mark is the results' own (bilingual, as the CLI writes
/// it); an English page's exports say it in English only.
pub fn sample_mark(lang: Lang) -> &'static str {
    lang.t(SAMPLE_MARK, "SAMPLE: synthetic data, not real figures")
}

/// A share as a percentage with one decimal, as the research report writes them; "—" for none.
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "—".to_owned(),
    }
}

/// `12.3–45.6%` for an interval of shares.
pub fn percent_range(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("{:.1}–{:.1}%", lo * 100.0, hi * 100.0),
        None => "—".to_owned(),
    }
}

/// `1,234,567`: digits grouped by thousands, as Japanese documents write them.
pub fn grouped(n: i64) -> String {
    n.separate_with_commas()
}

/// The mark everything exported from the synthetic sample carries (images, tables, results), so
/// that it is never taken for real figures.
pub const SAMPLE_MARK: &str = "合成データ / SAMPLE";

/// A file's size as a file list shows it, in decimal units (as browsers show downloads):
/// `512 B`, `3.4 KB`, `107.0 MB`.
///
/// ```
/// use mdkpi_contract::label::bytes;
/// assert_eq!((bytes(512), bytes(3_400), bytes(107_000_000)), ("512 B".into(), "3.4 KB".into(), "107.0 MB".into()));
/// ```
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// The unit yen amounts are shown in: chosen on the page (and kept in its URL), so that a
/// secretariat's slides use one unit throughout. `Auto` picks per amount ([`yen`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Money {
    #[default]
    Auto,
    Yen,
    Thousand,
    Million,
    #[serde(rename = "100m")]
    HundredMillion,
}

impl Money {
    pub const ALL: [Money; 5] = [Money::Auto, Money::Yen, Money::Thousand, Money::Million, Money::HundredMillion];

    /// Its name in a URL.
    pub fn slug(self) -> &'static str {
        match self {
            Money::Auto => "auto",
            Money::Yen => "yen",
            Money::Thousand => "thousand",
            Money::Million => "million",
            Money::HundredMillion => "100m",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Money> {
        Money::ALL.into_iter().find(|m| m.slug() == slug)
    }

    /// (Japanese, English) name of the unit, as a title or an axis says it; `Auto` draws charts in 億円.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Money::Yen => ("円", "yen"),
            Money::Thousand => ("千円", "thousand yen"),
            Money::Million => ("百万円", "million yen"),
            Money::Auto | Money::HundredMillion => ("億円", "100M yen"),
        }
    }

    /// Yen per unit, and the decimals a figure keeps: a chart's values are `v / divisor`.
    pub fn scale(self) -> (f64, usize) {
        match self {
            Money::Yen => (1.0, 0),
            Money::Thousand => (1e3, 0),
            Money::Million => (1e6, 1),
            Money::Auto | Money::HundredMillion => (1e8, 2),
        }
    }

    /// `v` yen written in this unit: `2,398,000千円`, `2,398.0百万円`, `23.98億円`.
    ///
    /// ```
    /// use mdkpi_contract::label::Money;
    /// let v = 2_398_000_000.0;
    /// assert_eq!(Money::Thousand.format(v), "2,398,000千円");
    /// assert_eq!(Money::Million.format(v), "2,398.0百万円");
    /// assert_eq!(Money::HundredMillion.format(v), "23.98億円");
    /// assert_eq!(Money::Yen.format(4_500_000.0), "4,500,000円");
    /// assert_eq!(Money::Auto.format(4_500_000.0), "450万円");
    /// ```
    pub fn format(self, v: f64) -> String {
        if self == Money::Auto {
            return yen(v);
        }
        let (divisor, decimals) = self.scale();
        // Rounded by the formatter, then the whole part grouped by thousands.
        let fixed = format!("{:.*}", decimals, v / divisor);
        let (whole, fraction) = fixed.split_once('.').map_or((fixed.as_str(), None), |(w, f)| (w, Some(f)));
        let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
        let digits = digits.parse::<i64>().map_or_else(|_| digits.to_owned(), grouped);
        let text = match fraction {
            Some(f) => format!("{sign}{digits}.{f}"),
            None => format!("{sign}{digits}"),
        };
        format!("{text}{}", self.label().0)
    }
}

impl Money {
    /// [`Money::format`] in `lang`. English has no 万 or 億: a chosen unit is written out
    /// (`2,398.0 million yen`, `23.98 × 100M yen`), and `Auto` picks millions or billions.
    pub fn format_in(self, lang: Lang, v: f64) -> String {
        if lang == Lang::Ja {
            return self.format(v);
        }
        if self == Money::Auto {
            return match v.abs() {
                a if a >= 1e9 => format!("¥{:.2} billion", v / 1e9),
                a if a >= 1e6 => format!("¥{:.1} million", v / 1e6),
                _ => format!("¥{}", grouped(v.round() as i64)),
            };
        }
        let ja = self.format(v);
        let number = ja.trim_end_matches(self.label().0);
        match self {
            Money::HundredMillion => format!("{number} × 100M yen"),
            _ => format!("{number} {}", self.label().1),
        }
    }
}

/// A yen amount in the unit committee slides use: 億円 from 1億, 万円 from 1万, else 円.
pub fn yen(v: f64) -> String {
    if v.abs() >= 1e8 {
        format!("{:.2}億円", v / 1e8)
    } else if v.abs() >= 1e4 {
        format!("{}万円", grouped((v / 1e4).round() as i64))
    } else {
        format!("{}円", grouped(v.round() as i64))
    }
}

/// A KPI value written for its unit; "—" when there is none.
pub fn value(unit: Unit, v: Option<f64>) -> String {
    value_in(unit, v, Money::Auto)
}

/// [`value`], a yen amount in `money`.
pub fn value_in(unit: Unit, v: Option<f64>, money: Money) -> String {
    let Some(v) = v.filter(|v| v.is_finite()) else { return "—".to_owned() };
    match unit {
        Unit::Count => grouped(v.round() as i64),
        Unit::Share => percent(Some(v)),
        Unit::Mean => format!("{v:.2}"),
        Unit::Yen => money.format(v),
    }
}

/// [`value_in`] in `lang` (only yen amounts differ).
pub fn value_lang(lang: Lang, unit: Unit, v: Option<f64>, money: Money) -> String {
    match (unit, v.filter(|v| v.is_finite())) {
        (Unit::Yen, Some(v)) => money.format_in(lang, v),
        _ => value_in(unit, v, money),
    }
}

/// [`delta_in`] in `lang` (only yen amounts differ).
pub fn delta_lang(lang: Lang, unit: Unit, d: f64, money: Money) -> String {
    if unit != Unit::Yen || lang == Lang::Ja {
        return delta_in(unit, d, money);
    }
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        "±"
    };
    format!("{sign}{}", money.format_in(lang, d.abs()))
}

/// The change against the previous year, written for the unit: `+2`, `−3.1pt`, `+0.15`.
pub fn delta(unit: Unit, d: f64) -> String {
    delta_in(unit, d, Money::Auto)
}

/// [`delta`], a yen amount in `money`.
pub fn delta_in(unit: Unit, d: f64, money: Money) -> String {
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        "±"
    };
    let a = d.abs();
    match unit {
        Unit::Count => format!("{sign}{}", grouped(a.round() as i64)),
        Unit::Share => format!("{sign}{:.1}pt", a * 100.0),
        Unit::Mean => format!("{sign}{a:.2}"),
        Unit::Yen => format!("{sign}{}", money.format(a)),
    }
}

/// A breakdown cell in words: `全体`, `1 基礎研究`, `③ 診断・治療の一体化／個別化医療`, `拠点A`.
pub fn breakdown_label(breakdown: &BTreeMap<Dimension, Dim>) -> String {
    breakdown_label_in(Lang::Ja, breakdown)
}

/// [`breakdown_label`] in `lang`: the plan's and the survey's words translated, the data's values
/// (a program, a hub) as written.
pub fn breakdown_label_in(lang: Lang, breakdown: &BTreeMap<Dimension, Dim>) -> String {
    if breakdown.is_empty() {
        return lang.all_cell().to_owned();
    }
    breakdown
        .iter()
        .map(|(dim, v)| match (*dim, v) {
            (Dimension::AdoptionStage | Dimension::CurrentStage, Dim::Int(n)) => {
                let stage = u8::try_from(*n).ok().and_then(Stage::from_number);
                format!("{n} {}", stage.map(|s| lang.t(s.name_ja(), s.name_en())).unwrap_or(""))
            }
            (Dimension::PriorityArea, Dim::Int(n)) => {
                let circled = u32::try_from(*n).ok().and_then(|n| char::from_u32(0x2460 + n - 1)).unwrap_or('?');
                let short = match lang {
                    Lang::Ja => priority_area_short(*n),
                    Lang::En => crate::plan::priority_area_short_en(*n),
                };
                format!("{circled} {}", short.unwrap_or(""))
            }
            (Dimension::Answer, Dim::Int(n)) => format!("{n} {}", lang.t(likert_ja(*n), likert_en(*n))),
            (Dimension::AdoptionYear, Dim::Int(n)) => match lang {
                Lang::Ja => i32::try_from(*n).map(fiscal_year_ja).unwrap_or_default(),
                Lang::En => format!("FY{n}"),
            },
            (Dimension::YearsSinceAdoption, Dim::Int(n)) => match lang {
                Lang::Ja => years_since_ja(*n),
                Lang::En => years_since_en(*n),
            },
            (_, v) => v.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" × ")
}

/// The footnote every exported figure carries: the files behind it (those that gave rows of
/// `kind`), what the figure covers (`detail`: its 年度, n, definitions), the filter, the
/// suppression rule and the generator.
///
/// ```
/// use mdkpi_contract::schema::DatasetKind;
/// let r = mdkpi_contract::sample::payload().results;
/// let note = mdkpi_contract::label::footnote(&r, DatasetKind::Trainings, "令和5年度 (FY2023)・n=120");
/// assert!(note.starts_with("データ: sample_trainings_synthetic.csv ・ "), "{note}");
/// assert!(note.contains("n=120") && note.contains("公表用"));
/// ```
pub fn footnote(results: &Results, kind: DatasetKind, detail: &str) -> String {
    footnote_in(Lang::Ja, results, kind, detail)
}

/// [`footnote`] in `lang`.
pub fn footnote_in(lang: Lang, results: &Results, kind: DatasetKind, detail: &str) -> String {
    let sources = results.sources_of(kind).join(lang.t("、", ", "));
    let filter = results.definitions.filter.describe_in(lang);
    let mut parts = vec![format!("{}{sources}", lang.t("データ: ", "Data: "))];
    if !detail.is_empty() {
        parts.push(detail.to_owned());
    }
    if !filter.is_empty() {
        parts.push(format!("{}{filter}", lang.t("絞り込み: ", "Filter: ")));
    }
    parts.push(disclosure_rule_in(lang, &results.definitions.statistics));
    let (version, schema) = (&results.generator.version, &results.schema);
    parts.push(match lang {
        Lang::Ja => format!("mdkpi {version}（{schema}）"),
        Lang::En => format!("mdkpi {version} ({schema})"),
    });
    parts.join(lang.t(" ・ ", " · "))
}

/// [`n_counts`] in `lang`.
pub fn n_counts_in(lang: Lang, kind: DatasetKind) -> &'static str {
    if lang == Lang::Ja {
        return n_counts(kind);
    }
    match kind {
        DatasetKind::Trainings => "n is the number of report rows (per course and program)",
        DatasetKind::Satisfaction => "n is the number of valid answers",
        DatasetKind::Members => "n is the number of companies (each counted once across associations)",
        DatasetKind::Hubs => "n is the number of hub report rows",
        DatasetKind::Projects => "n is the number of projects",
        DatasetKind::Reference | DatasetKind::Followup => "",
    }
}

/// [`disclosure_rule`] in `lang`.
pub fn disclosure_rule_in(lang: Lang, statistics: &StatisticsDefinition) -> String {
    if lang == Lang::Ja {
        return disclosure_rule(statistics);
    }
    let t = statistics.thresholds;
    if statistics.mode == StatisticsMode::Internal {
        return "For internal checking (nothing hidden; do not publish)".to_owned();
    }
    let rules: Vec<String> = [("respondents", t.respondent), ("companies", t.company), ("projects", t.project)]
        .into_iter()
        .filter(|(_, k)| *k > 1)
        .map(|(unit, k)| format!("fewer than {k} {unit}"))
        .collect();
    if rules.is_empty() {
        return "For publication (nothing hidden)".to_owned();
    }
    format!("For publication: cells of {} read x (with secondary suppression)", rules.join(", "))
}

/// What a figure's n counts, for rows of `kind`: the units behind it.
pub fn n_counts(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::Trainings => "n は集計した報告の行数（研修・事業ごと）",
        DatasetKind::Satisfaction => "n は有効回答数",
        DatasetKind::Members => "n は企業数（団体をまたぐ重複を除く）",
        DatasetKind::Hubs => "n は集計した拠点の報告の行数",
        DatasetKind::Projects => "n は課題数",
        DatasetKind::Reference | DatasetKind::Followup => "",
    }
}

/// What a KPI's figures are measured in, for a chart's title (Japanese, English): `延べ人数, 人`,
/// `社`, `%`; a yen figure in `yen` (the money unit chosen). `None` where the name says it
/// (`満足度の回答分布（人）`, `受講者満足度（平均, 1〜5）`).
///
/// ```
/// use mdkpi_contract::catalogue::KpiId;
/// use mdkpi_contract::label::measure_unit;
/// assert_eq!(measure_unit(KpiId::TrainingTrainees.def(), ("億円", "100M yen")), Some(("延べ人数, 人", "people, counted per course")));
/// assert_eq!(measure_unit(KpiId::RdStageUpShare.def(), ("億円", "100M yen")), Some(("%", "%")));
/// assert_eq!(measure_unit(KpiId::TrainingSatisfactionAnswers.def(), ("億円", "100M yen")), None);
/// ```
pub fn measure_unit(def: &KpiDef, yen: (&'static str, &'static str)) -> Option<(&'static str, &'static str)> {
    use crate::catalogue::KpiId::*;
    if matches!(def.id.builtin(), Some(TrainingSatisfactionAnswers | TrainingSatisfactionMean)) {
        return None;
    }
    let by_id = def.id.builtin().and_then(|id| match id {
        TrainingCourses => Some(("回", "sessions")),
        TrainingTrainees | TrainingIndustryTrainees => Some(("延べ人数, 人", "people, counted per course")),
        HubsInternationalInfraCount => Some(("拠点", "hubs")),
        RdStageUpMeanGain => Some(("段階", "stages")),
        _ => None,
    });
    by_id.or(Some(match def.unit {
        Unit::Share => ("%", "%"),
        Unit::Yen => yen,
        Unit::Mean => ("平均", "mean"),
        Unit::Count => match def.disclosure() {
            Disclosure::Company => ("社", "companies"),
            Disclosure::Respondent => ("人", "people"),
            Disclosure::Project | Disclosure::Aggregate => ("件", "count"),
        },
    }))
}

/// The disclosure rule in force, as every figure's footnote states it: the mode, and per unit the
/// fewest units a cell is shown with.
pub fn disclosure_rule(statistics: &StatisticsDefinition) -> String {
    let t = statistics.thresholds;
    if statistics.mode == StatisticsMode::Internal {
        return "内部確認用（秘匿なし・公表しないこと）".to_owned();
    }
    let rules: Vec<String> = [("回答者", "人", t.respondent), ("企業", "社", t.company), ("課題", "件", t.project)]
        .into_iter()
        .filter(|(_, _, k)| *k > 1)
        .map(|(unit, counter, k)| format!("{unit}{k}{counter}未満"))
        .collect();
    if rules.is_empty() {
        return "公表用（秘匿なし）".to_owned();
    }
    format!("公表用: {}のセルは x（補完秘匿あり）", rules.join("・"))
}

/// The mark of a hidden cell, everywhere (page, charts, images, CSV, print): `x`, as Japanese
/// statistical tables (工業統計 and others) mark figures kept confidential.
pub const HIDDEN: &str = "x";

/// Why a figure of `disclosure`'s unit reads [`HIDDEN`], for its tooltip and screen readers: the
/// rule in force, and that a cell may also be hidden because it could be worked out from others.
///
/// ```
/// use mdkpi_contract::catalogue::Disclosure;
/// let r = mdkpi_contract::sample::payload().results;
/// let why = mdkpi_contract::label::hidden_reason(&r.definitions.statistics, Disclosure::Respondent);
/// assert!(why.starts_with("x: 回答者5人未満"));
/// ```
pub fn hidden_reason(statistics: &StatisticsDefinition, disclosure: Disclosure) -> String {
    let t = statistics.thresholds;
    let rule = match disclosure {
        Disclosure::Respondent => format!("回答者{}人未満", t.respondent),
        Disclosure::Company => format!("企業{}社未満", t.company),
        Disclosure::Project => format!("課題{}件未満", t.project),
        Disclosure::Aggregate => "少数".to_owned(),
    };
    let en = match disclosure {
        Disclosure::Respondent => format!("fewer than {} respondents", t.respondent),
        Disclosure::Company => format!("fewer than {} companies", t.company),
        Disclosure::Project => format!("fewer than {} projects", t.project),
        Disclosure::Aggregate => "few units".to_owned(),
    };
    format!(
        "{HIDDEN}: {rule}のため、またはほかの公表値から計算できてしまうため非表示（公表用の設定） / hidden: {en}, or it could be worked out from other figures"
    )
}

/// [`hidden_reason`] in one language, for the page.
pub fn hidden_reason_in(lang: Lang, statistics: &StatisticsDefinition, disclosure: Disclosure) -> String {
    let both = hidden_reason(statistics, disclosure);
    match both.split_once(" / hidden: ") {
        Some((ja, en)) => lang.t(ja.to_owned(), format!("{HIDDEN}: hidden: {en}")),
        None => both,
    }
}

/// The words of a satisfaction level (1–5), as the survey form reads.
pub fn likert_ja(level: i64) -> &'static str {
    match level {
        5 => "大変満足",
        4 => "満足",
        3 => "どちらともいえない",
        2 => "不満",
        1 => "大変不満",
        _ => "",
    }
}

/// [`likert_ja`] in English.
pub fn likert_en(level: i64) -> &'static str {
    match level {
        5 => "very satisfied",
        4 => "satisfied",
        3 => "neutral",
        2 => "dissatisfied",
        1 => "very dissatisfied",
        _ => "",
    }
}

pub fn dimension_ja(dim: Dimension) -> &'static str {
    match dim {
        Dimension::Program => "事業",
        Dimension::Association => "団体",
        Dimension::Hub => "拠点",
        Dimension::PriorityArea => "重点分野",
        Dimension::AdoptionStage => "採択時ステージ",
        Dimension::CurrentStage => "現在ステージ",
        Dimension::Answer => "満足度",
        Dimension::AdoptionYear => "採択年度",
        Dimension::YearsSinceAdoption => "採択後の年数",
    }
}

/// [`dimension_ja`] in `lang`.
pub fn dimension_in(lang: Lang, dim: Dimension) -> &'static str {
    if lang == Lang::Ja {
        return dimension_ja(dim);
    }
    match dim {
        Dimension::Program => "Program",
        Dimension::Association => "Association",
        Dimension::Hub => "Hub",
        Dimension::PriorityArea => "Priority area",
        Dimension::AdoptionStage => "Stage at adoption",
        Dimension::CurrentStage => "Current stage",
        Dimension::Answer => "Satisfaction",
        Dimension::AdoptionYear => "Adoption year",
        Dimension::YearsSinceAdoption => "Years since adoption",
    }
}

/// Years since adoption as a cohort table heads them: `採択年度`, `1年後`, `2年後`, `3年以上`
/// ([`YEARS_SINCE_LAST`] and more are one column).
pub fn years_since_ja(n: i64) -> String {
    match n {
        0 => "採択年度".to_owned(),
        n if n >= YEARS_SINCE_LAST => format!("{YEARS_SINCE_LAST}年以上"),
        n => format!("{n}年後"),
    }
}

/// [`years_since_ja`] in English.
pub fn years_since_en(n: i64) -> String {
    match n {
        0 => "adoption year".to_owned(),
        n if n >= YEARS_SINCE_LAST => format!("{YEARS_SINCE_LAST}+ years"),
        1 => "1 year".to_owned(),
        n => format!("{n} years"),
    }
}

/// The last column of a cohort table: this many years since adoption, or more.
pub const YEARS_SINCE_LAST: i64 = 3;

/// The trend in words for a table cell: `▲ +2（前年 9）`, with the p value for shares. The year
/// compared with is named when it is not the fiscal year before (`（令和3年度 9）`); when it is
/// hidden, nothing is computed across it: `前年 x`.
pub fn trend(unit: Unit, k: &Kpi) -> String {
    trend_in(unit, k, Lang::Ja, Money::Auto)
}

/// [`trend`] in English: `▲ +2 (prev. 9)`, `(FY2021 9)`, `prev. x`.
pub fn trend_en(unit: Unit, k: &Kpi) -> String {
    trend_in(unit, k, Lang::En, Money::Auto)
}

/// The change against the year before in `lang`, a yen amount in `money`.
pub fn trend_in(unit: Unit, k: &Kpi, lang: Lang, money: Money) -> String {
    let named = match (k.fiscal_year, k.previous_fiscal_year) {
        (Some(fy), Some(prev)) if prev != fy - 1 => Some(prev),
        _ => None,
    };
    let (open, close) = match (lang, named) {
        (Lang::Ja, None) => ("（前年 ".to_owned(), "）"),
        (Lang::Ja, Some(prev)) => (format!("（{} ", fiscal_year_ja(prev)), "）"),
        (Lang::En, None) => (" (prev. ".to_owned(), ")"),
        (Lang::En, Some(prev)) => (format!(" (FY{prev} "), ")"),
    };
    if k.previous_hidden() {
        return format!("{}{HIDDEN}{close}", open.trim_start());
    }
    let (Some(dir), Some(d), Some(prev)) = (k.direction, k.delta, k.previous) else { return String::new() };
    let arrow = match dir {
        Direction::Up => "▲",
        Direction::Down => "▼",
        Direction::Flat => "→",
    };
    let mut s = format!(
        "{arrow} {}{open}{}{close}",
        delta_lang(lang, unit, d, money),
        value_lang(lang, unit, Some(prev), money)
    );
    if let Some(p) = k.p_value {
        s += &format!(" p={p:.2}");
    }
    s
}

/// The `data-breakdown` attribute of a displayed figure: the breakdown as compact JSON (`{}` for the
/// total), exactly as in the results JSON, so tests can join the two.
pub fn breakdown_attr(breakdown: &BTreeMap<Dimension, Dim>) -> String {
    serde_json::to_string(breakdown).unwrap_or_else(|_| "{}".to_owned())
}

/// The `data-fiscal-year` attribute: the year, or empty for `null`.
pub fn fiscal_year_attr(fy: Option<i32>) -> String {
    fy.map(|y| y.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::KpiId;

    fn by(dim: Dimension, value: Dim) -> BTreeMap<Dimension, Dim> {
        BTreeMap::from([(dim, value)])
    }

    fn total(value: f64) -> Kpi {
        Kpi { value: Some(value), n: Some(30), ..Kpi::new(KpiId::TrainingTrainees, Some(2024), BTreeMap::new()) }
    }

    #[test]
    fn era_labels() {
        assert_eq!(fiscal_year_ja(2018), "平成30年度");
        assert_eq!(fiscal_year_ja(1989), "平成元年度");
        assert_eq!(fiscal_year_ja(2019), "令和元年度");
        assert_eq!(fiscal_year_ja(2024), "令和6年度");
        assert_eq!(fiscal_year_ja(1985), "1985年度");
        assert_eq!(fiscal_year_label(None), "年度なし (single measurement)");
    }

    #[test]
    fn trends_in_japanese_and_english() {
        let k = Kpi { previous: Some(9.0), delta: Some(2.0), direction: Some(Direction::Up), ..total(11.0) };
        assert_eq!(trend(Unit::Count, &k), "▲ +2（前年 9）");
        // Two years back (the year between has no data): the year is named.
        let k2 = Kpi { fiscal_year: Some(2023), previous_fiscal_year: Some(2021), ..k.clone() };
        assert_eq!(trend(Unit::Count, &k2), "▲ +2（令和3年度 9）");
        assert_eq!(trend_en(Unit::Count, &k2), "▲ +2 (FY2021 9)");
        // The year before hidden: nothing computed across it.
        let hidden = Kpi {
            fiscal_year: Some(2023),
            previous_fiscal_year: Some(2022),
            previous: None,
            delta: None,
            direction: None,
            ..k.clone()
        };
        assert_eq!(trend(Unit::Count, &hidden), "（前年 x）");
        assert_eq!(trend_en(Unit::Count, &hidden), "(prev. x)");
        assert_eq!(trend_en(Unit::Count, &k), "▲ +2 (prev. 9)");
        assert_eq!(trend_en(Unit::Count, &total(11.0)), "");
    }

    #[test]
    fn likert_levels_in_both_languages() {
        assert_eq!((likert_ja(1), likert_en(1)), ("大変不満", "very dissatisfied"));
        assert_eq!((likert_ja(3), likert_en(3)), ("どちらともいえない", "neutral"));
        assert_eq!((likert_ja(5), likert_en(5)), ("大変満足", "very satisfied"));
        assert_eq!(likert_en(6), "");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(Some(0.118)), "11.8%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(None), "—");
        assert_eq!(percent_range(Some([0.0, 0.16112])), "0.0–16.1%");
    }

    #[test]
    fn numbers_for_slides() {
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(grouped(-1234), "-1,234");
        assert_eq!(grouped(999), "999");
        assert_eq!(yen(4_500_000.0), "450万円");
        assert_eq!(yen(2_003_500_000.0), "20.04億円");
        assert_eq!(yen(5_000.0), "5,000円");
        assert_eq!(value(Unit::Count, Some(1234.0)), "1,234");
        assert_eq!(value(Unit::Mean, Some(3.75)), "3.75");
        assert_eq!(value(Unit::Share, None), "—");
        assert_eq!(delta(Unit::Share, -0.031), "−3.1pt");
        assert_eq!(delta(Unit::Count, 2.0), "+2");
    }

    #[test]
    fn breakdown_words() {
        assert_eq!(breakdown_label(&BTreeMap::new()), "全体");
        assert_eq!(breakdown_label(&by(Dimension::AdoptionStage, Dim::Int(3))), "3 非臨床");
        assert_eq!(breakdown_label(&by(Dimension::PriorityArea, Dim::Int(3))), "③ 診断・治療の一体化／個別化医療");
        let mut m = by(Dimension::AdoptionStage, Dim::Int(1));
        m.insert(Dimension::CurrentStage, Dim::Int(5));
        assert_eq!(breakdown_label(&m), "1 基礎研究 × 5 承認取得・上市");
    }

    #[test]
    fn attributes_match_results_json() {
        assert_eq!(breakdown_attr(&BTreeMap::new()), "{}");
        assert_eq!(breakdown_attr(&by(Dimension::AdoptionStage, Dim::Int(2))), r#"{"adoption_stage":2}"#);
        assert_eq!(fiscal_year_attr(Some(2023)), "2023");
        assert_eq!(fiscal_year_attr(None), "");
    }
}

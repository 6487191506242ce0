//! Cell text → domain values. Each parser takes a raw cell and returns `Ok(None)` for a missing
//! value, `Ok(Some(v))` for a value, and `Err(expected)` naming what the cell should have held, so
//! that the dataset layer can report the cell with its position.
//!
//! Every parser first applies Unicode NFKC, which folds full-width digits and letters (`２０２３`,
//! `ＦＹ`), full-width punctuation (`，`) and circled numbers (`①` → `1`) the way a person reads them.
//!
//! ```
//! use mdkpi_core::model::value::{parse_fiscal_year, parse_stage, StageField};
//! assert_eq!(parse_fiscal_year("令和元年度"), Ok(Some(2019)));
//! assert_eq!(parse_fiscal_year("ＦＹ２０２３"), Ok(Some(2023)));
//! assert_eq!(parse_fiscal_year("-"), Ok(None));
//! assert_eq!(parse_stage("第２ステージ", StageField::AtAdoption).unwrap().unwrap().number(), 2);
//! ```

use std::borrow::Cow;

use mdkpi_contract::value::{Expected, Stage, Status};
use serde::Serialize;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

pub type Parsed<T> = Result<Option<T>, Expected>;

/// NFKC-folds and trims a cell.
///
/// Most cells are already NFKC (plain ASCII always is), and then they are only trimmed, without a
/// copy: this runs for every cell of every file, so the copy would be the largest cost of a read.
///
/// ```
/// use mdkpi_core::model::value::fold;
/// assert_eq!(fold(" ２０２３ "), "2023");
/// assert!(matches!(fold(" 2023 "), std::borrow::Cow::Borrowed("2023")));
/// ```
pub fn fold(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        return Cow::Borrowed(raw.trim());
    }
    match plain_folded(raw) {
        Some(Cow::Borrowed(plain)) => Cow::Borrowed(plain.trim()),
        Some(Cow::Owned(folded)) => Cow::Owned(trimmed(folded)),
        None if is_nfkc_quick(raw.chars()) == IsNormalized::Yes => Cow::Borrowed(raw.trim()),
        None => Cow::Owned(trimmed(raw.nfkc().collect())),
    }
}

/// `s` trimmed, in place when there is nothing at its start to remove.
fn trimmed(mut s: String) -> String {
    if s.starts_with(char::is_whitespace) {
        return s.trim().to_owned();
    }
    s.truncate(s.trim_end().len());
    s
}

/// Whether `c` is ASCII, kana or a common kanji: NFKC as it stands, and not composed with what
/// follows it. (The combining sound marks U+3099–U+309C, ゟ and ヿ are outside these ranges: they
/// do change under NFKC.)
fn plain(c: char) -> bool {
    c.is_ascii() || matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// NFKC of `s`, in one pass and without the library's table lookups, when `s` is [`plain`] but for
/// full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space (U+3000), which NFKC maps one
/// for one to ASCII. Borrowed when `s` is plain throughout, as most Japanese cells are; copied from
/// the first full-width character on (`１３，４４６`, `令和５年度`). `None` for anything else, which
/// the library folds. (A property test checks this against the library.)
fn plain_folded(s: &str) -> Option<Cow<'_, str>> {
    let mut out: Option<String> = None;
    for (at, c) in s.char_indices() {
        let folded = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0)?,
            '\u{3000}' => ' ',
            c if plain(c) => c,
            _ => return None,
        };
        match &mut out {
            Some(out) => out.push(folded),
            None if folded != c => {
                let mut copy = String::with_capacity(s.len());
                copy.push_str(&s[..at]);
                copy.push(folded);
                out = Some(copy);
            }
            None => {}
        }
    }
    Some(out.map_or(Cow::Borrowed(s), Cow::Owned))
}

/// `s` without any of the ASCII characters `ascii`, copied only when it has one. Folded text
/// needs no others (NFKC has made a full-width space a space), and bytes are quicker to search
/// than characters: amounts and IDs are read cell by cell, uncached.
fn without<'a>(s: &'a str, ascii: &[u8]) -> Cow<'a, str> {
    if s.bytes().any(|b| ascii.contains(&b)) {
        Cow::Owned(s.replace(|c: char| u8::try_from(c).is_ok_and(|b| ascii.contains(&b)), ""))
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` in lower case, copied only when it has a letter that is not (ASCII lower case is the rule).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Markers that statistical tables use for "no value". They are missing, never zero.
pub fn is_missing(folded: &str) -> bool {
    // NFKC has already turned － into - and … into "...".
    matches!(folded, "" | "-" | "--" | "―" | "—" | "..." | "x" | "X" | "*" | "不明" | "N/A" | "n/a" | "NA" | "#N/A")
}

/// The first fiscal year mdkpi accepts: the medical device law dates from 2014, but older
/// programmes' adoption years reach back. Anything earlier is a typo, not data.
pub const MIN_FISCAL_YEAR: i32 = 1980;
pub const MAX_FISCAL_YEAR: i32 = 2100;

/// A fiscal year (年度, April–March) as its starting calendar year: 令和5年度 = FY2023.
pub fn parse_fiscal_year(raw: &str) -> Parsed<i32> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    let s = without(&s, b" ");
    let body = s.strip_suffix("年度").unwrap_or(&s);
    let year = if let Some((y, m, _)) = date(body) {
        // A date (a workbook's date cell, or a date typed in a CSV) is in the fiscal year that
        // contains it: April to March.
        Some(if m >= 4 { y } else { y - 1 })
    } else if let Some(n) = strip_prefix_ci(body, "FY") {
        parse_digits(n).filter(|_| n.len() == 4)
    } else if let Some(n) = body.strip_prefix("令和").or_else(|| strip_prefix_ci(body, "R")) {
        era_year(n, 2018, 1..=(MAX_FISCAL_YEAR - 2018))
    } else if let Some(n) = body.strip_prefix("平成").or_else(|| strip_prefix_ci(body, "H")) {
        // 平成31年度 is the same April-2019 year as 令和元年度; both are in use.
        era_year(n, 1988, 1..=31)
    } else if body.len() == 4 {
        parse_digits(body)
    } else {
        None
    };
    match year {
        Some(y) if (MIN_FISCAL_YEAR..=MAX_FISCAL_YEAR).contains(&y) => Ok(Some(y)),
        _ => Err(Expected::FiscalYear),
    }
}

/// A date written `2023-04-01` or `2023/4/1` (as a workbook's date cell reads): (year, month, day).
fn date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.split(['-', '/']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let (y, m, d) = (parse_digits(y)?, parse_digits(m)? as u32, parse_digits(d)? as u32);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    // 2023-02-30 is no day: a typing slip, not a date to guess the year of.
    ((1..=12).contains(&m) && (1..=days).contains(&d)).then_some((y, m, d))
}

fn era_year(n: &str, offset: i32, valid: std::ops::RangeInclusive<i32>) -> Option<i32> {
    let n = if n == "元" { Some(1) } else { parse_digits(n).filter(|_| n.len() <= 2) };
    n.filter(|n| valid.contains(n)).map(|n| n + offset)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

fn parse_digits(s: &str) -> Option<i32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Which stage column a cell is from: only the current stage may be 5 (approved / launched).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageField {
    AtAdoption,
    Current,
}

/// A stage: `1`–`4`, `第1ステージ`, `1st`, `ステージ1`, the stage's name, or a number with its name
/// (`1 基礎研究`). For the current stage, also 5 / 承認 / 承認取得 / 上市 / 実用化.
pub fn parse_stage(raw: &str, field: StageField) -> Parsed<Stage> {
    let expected = match field {
        StageField::AtAdoption => Expected::StageAtAdoption,
        StageField::Current => Expected::Stage,
    };
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    let s = without(&s, b" ");
    let s = lower(&s);
    let (number, rest) = split_stage_number(&s);
    let by_name = stage_by_name(rest.trim_start_matches([':', '.', '-', '_', ')', '・']));
    let stage = match (number, by_name) {
        (Some(n), Some(named)) if named.number() != n => None,
        (Some(n), _) => Stage::from_number(n),
        (None, named) => named,
    };
    match stage {
        Some(Stage::Approved) if field == StageField::AtAdoption => Err(expected),
        Some(stage) => Ok(Some(stage)),
        None => Err(expected),
    }
}

/// Splits a leading or trailing stage number off, with its decorations: 第1ステージ, ステージ1, 1st,
/// stage 1, 1. Returns the number and what is left (a name, or nothing).
fn split_stage_number(s: &str) -> (Option<u8>, &str) {
    let s = s.strip_prefix("第").unwrap_or(s);
    let s = s.strip_prefix("ステージ").or_else(|| s.strip_prefix("stage")).unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 1 {
        return (None, s);
    }
    let n = s.as_bytes()[0] - b'0';
    let rest = &s[digits..];
    let rest = ["st", "nd", "rd", "th"].iter().find_map(|suf| rest.strip_prefix(suf)).unwrap_or(rest);
    let rest = rest.strip_prefix("ステージ").or_else(|| rest.strip_prefix("stage")).unwrap_or(rest);
    (Some(n), rest)
}

fn stage_by_name(name: &str) -> Option<Stage> {
    Some(match name {
        "" => return None,
        "基礎研究" | "基礎" | "basic" | "basicresearch" => Stage::Basic,
        "製品開発" | "開発" | "productdevelopment" => Stage::ProductDevelopment,
        "非臨床" | "非臨床試験" | "nonclinical" | "non-clinical" | "preclinical" => Stage::NonClinical,
        "臨床" | "臨床試験" | "治験" | "clinical" => Stage::Clinical,
        "承認" | "承認取得" | "上市" | "実用化" | "承認取得・上市" | "承認取得/上市" | "approved" | "launched" => {
            Stage::Approved
        }
        _ => return None,
    })
}

pub fn parse_status(raw: &str) -> Parsed<Status> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    Ok(Some(match lower(&s).as_ref() {
        "継続" | "継続中" | "実施中" | "continuing" | "ongoing" | "active" => Status::Continuing,
        "終了" | "完了" | "completed" | "finished" | "ended" => Status::Completed,
        "中止" | "中断" | "discontinued" | "terminated" | "stopped" => Status::Discontinued,
        _ => return Err(Expected::Status),
    }))
}

/// Priority areas (重点5分野) 1–5, written as digits or ①–⑤, several in one cell. Returned sorted and
/// without repeats; an empty list is missing.
pub fn parse_priority_areas(raw: &str) -> Parsed<Vec<u8>> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    let mut areas = Vec::new();
    for token in s.split([';', '、', '・', '/', ',', ' ', '　']) {
        let token = token.trim();
        if token.is_empty() {
            continue;
        }
        let n = token.strip_prefix("分野").unwrap_or(token).trim_end_matches("分野");
        match n.parse::<u8>() {
            Ok(n @ 1..=5) => areas.push(n),
            _ => return Err(Expected::PriorityAreas),
        }
    }
    areas.sort_unstable();
    areas.dedup();
    Ok((!areas.is_empty()).then_some(areas))
}

/// A calendar year (暦年), for reference statistics that are not fiscal: `2021`, `2021年`, `令和3年`,
/// `R3`, `平成30年`. The era year is the calendar year it mostly covers (令和元年 = 2019).
pub fn parse_calendar_year(raw: &str) -> Parsed<i32> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    if s.ends_with("年度") || strip_prefix_ci(&s, "FY").is_some() {
        // A fiscal year where a calendar year belongs: mixing the two is exactly the mistake to catch.
        return Err(Expected::CalendarYear);
    }
    let s = without(&s, b" ");
    let body = s.strip_suffix('年').unwrap_or(&s);
    let year = if let Some((y, _, _)) = date(body) {
        Some(y)
    } else if let Some(n) = body.strip_prefix("令和").or_else(|| strip_prefix_ci(body, "R")) {
        era_year(n, 2018, 1..=(MAX_FISCAL_YEAR - 2018))
    } else if let Some(n) = body.strip_prefix("平成").or_else(|| strip_prefix_ci(body, "H")) {
        era_year(n, 1988, 1..=31)
    } else if body.len() == 4 {
        parse_digits(body)
    } else {
        None
    };
    match year {
        Some(y) if (MIN_FISCAL_YEAR..=MAX_FISCAL_YEAR).contains(&y) => Ok(Some(y)),
        _ => Err(Expected::CalendarYear),
    }
}

/// A decimal number: `1,234.5`, `１，２３４`, `▲5` / `△5` / `-5` negative, `12%` is 12.
/// Missing markers are missing. Infinite or unparseable values are refused.
pub fn parse_number(raw: &str) -> Parsed<f64> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    let s = without(&s, b", ");
    let s = s.strip_suffix('%').unwrap_or(&s);
    let (negative, digits) = match s.strip_prefix(['▲', '△', '-']) {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !plain {
        return Err(Expected::Number);
    }
    match digits.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(if negative { -v } else { v })),
        _ => Err(Expected::Number),
    }
}

/// A count: a whole number of 0 or more (件, 人, 回). `1,234` and full width are fine; `12.0` is 12.
pub fn parse_count(raw: &str) -> Parsed<u64> {
    match parse_number(raw) {
        Ok(Some(v)) if v >= 0.0 && v.fract() == 0.0 && v <= 9.0e15 => Ok(Some(v as u64)),
        Ok(Some(_)) | Err(_) => Err(Expected::Count),
        Ok(None) => Ok(None),
    }
}

/// Yes / no: ○ はい 有 1 TRUE Y are true; × いいえ 無 0 FALSE N are false.
pub fn parse_flag(raw: &str) -> Parsed<bool> {
    let s = fold(raw);
    // "-" means "no value" in statistical tables, never "no".
    if is_missing(&s) {
        return Ok(None);
    }
    Ok(Some(match lower(&s).as_ref() {
        "○" | "〇" | "◯" | "はい" | "有" | "あり" | "有り" | "1" | "true" | "y" | "yes" => true,
        "×" | "✕" | "いいえ" | "無" | "なし" | "無し" | "0" | "false" | "n" | "no" => false,
        _ => return Err(Expected::Flag),
    }))
}

/// A satisfaction answer on the 5-point scale: 1–5 or its label.
pub fn parse_satisfaction(raw: &str) -> Parsed<u8> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    Ok(Some(match without(&s, b" ").as_ref() {
        "5" | "大変満足" | "とても満足" | "非常に満足" => 5,
        "4" | "満足" | "やや満足" => 4,
        "3" | "どちらともいえない" | "どちらとも言えない" | "普通" => 3,
        "2" | "不満" | "やや不満" => 2,
        "1" | "大変不満" | "とても不満" | "非常に不満" => 1,
        _ => return Err(Expected::Satisfaction),
    }))
}

/// A goal of the plan, 1–11 (①–⑪ fold to digits under NFKC), optionally written `ゴール3`.
pub fn parse_goal(raw: &str) -> Parsed<u8> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    let s = without(&s, b" ");
    let n = s.strip_prefix("ゴール").or_else(|| strip_prefix_ci(&s, "goal")).unwrap_or(&s);
    match n.parse::<u8>() {
        Ok(n @ 1..=11) => Ok(Some(n)),
        _ => Err(Expected::Goal),
    }
}

/// A monetary unit found in a header such as `助成額（千円）`. Values are scaled to yen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum YenUnit {
    Yen,
    Thousand,
    TenThousand,
    Million,
    HundredMillion,
}

impl YenUnit {
    pub fn from_label(label: &str) -> Option<YenUnit> {
        Some(match fold(label).as_ref() {
            "円" => YenUnit::Yen,
            "千円" => YenUnit::Thousand,
            "万円" => YenUnit::TenThousand,
            "百万円" => YenUnit::Million,
            "億円" => YenUnit::HundredMillion,
            _ => return None,
        })
    }

    pub fn multiplier(self) -> i128 {
        match self {
            YenUnit::Yen => 1,
            YenUnit::Thousand => 1_000,
            YenUnit::TenThousand => 10_000,
            YenUnit::Million => 1_000_000,
            YenUnit::HundredMillion => 100_000_000,
        }
    }
}

/// An amount in `unit`, returned in whole yen. Accepts `1,234`, `１，２３４`, `1234.5`, and `▲5` / `△5`
/// / `-5` for negatives. A value that is not a whole number of yen after scaling is refused rather
/// than rounded, since a grant total must add up.
pub fn parse_yen(raw: &str, unit: YenUnit) -> Parsed<i64> {
    let s = fold(raw);
    if is_missing(&s) {
        return Ok(None);
    }
    let s = without(&s, b", ");
    let s = s.strip_prefix('¥').or_else(|| s.strip_prefix('\\')).unwrap_or(&s);
    let s = s.strip_suffix('円').unwrap_or(s);
    let (negative, digits) = match s.strip_prefix(['▲', '△', '-']) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(Expected::Amount);
    }
    let frac_part = frac_part.trim_end_matches('0');
    if int_part.len() + frac_part.len() > 30 {
        return Err(Expected::Amount);
    }
    // At most 30 digits: no overflow.
    let mantissa = int_part.bytes().chain(frac_part.bytes()).fold(0i128, |m, d| m * 10 + i128::from(d - b'0'));
    let scale = 10i128.pow(frac_part.len() as u32);
    let scaled = mantissa.checked_mul(unit.multiplier()).ok_or(Expected::Amount)?;
    if scaled % scale != 0 {
        return Err(Expected::Amount);
    }
    let yen = i64::try_from(scaled / scale).map_err(|_| Expected::Amount)?;
    Ok(Some(if negative { -yen } else { yen }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_in_their_fiscal_and_calendar_years() {
        assert_eq!(parse_fiscal_year("2023-04-01"), Ok(Some(2023)));
        assert_eq!(parse_fiscal_year("2024-03-31"), Ok(Some(2023)));
        assert_eq!(parse_fiscal_year("2023/7/1"), Ok(Some(2023)));
        assert_eq!(parse_fiscal_year("２０２２－０１－１５"), Ok(Some(2021)));
        assert_eq!(parse_fiscal_year("2023-13-01"), Err(Expected::FiscalYear));
        assert_eq!(parse_fiscal_year("2023-02-30"), Err(Expected::FiscalYear));
        assert_eq!(parse_fiscal_year("2023-04-31"), Err(Expected::FiscalYear));
        assert_eq!(parse_fiscal_year("2024-02-29"), Ok(Some(2023)));
        assert_eq!(parse_fiscal_year("2023-02-29"), Err(Expected::FiscalYear));
        assert_eq!(parse_calendar_year("2024-03-31"), Ok(Some(2024)));
    }

    // proptest is a native dev-dependency (Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// `fold` is NFKC and a trim, whichever path it takes: ASCII, plain, full-width forms (its
        /// own mapping) or the library's.
        #[test]
        fn fold_is_nfkc_then_trim(chars in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'Z', '0', '9', ' ', ',', '-', '(', '~', '\u{3000}', '\u{FF01}', '\u{FF0C}', '\u{FF10}', '\u{FF19}',
            '\u{FF21}', '\u{FF5E}', '\u{FF5F}', '\u{FF61}', '\u{FF76}', '\u{FF9E}', '\u{FFE5}', 'あ', 'か',
            '\u{3099}', '\u{309B}', 'ア', 'カ', 'ー', '\u{30FF}', '令', '和', '年', '①', 'Ⅻ', '㈱', 'é', '\u{0301}',
            '\t', '\u{00A0}',
        ]), 0..8)) {
            let s: String = chars.into_iter().collect();
            let library: String = s.nfkc().collect();
            let folded = fold(&s);
            proptest::prop_assert_eq!(folded.as_ref(), library.trim());
        }
    }

    #[test]
    fn the_fast_nfkc_ranges_are_nfkc() {
        // Every character the fast path accepts, alone and after a kana it could combine with.
        for c in (0..0x11_0000u32).filter_map(char::from_u32).filter(|&c| plain(c)) {
            let pair: String = ['か', c].into_iter().collect();
            assert_eq!(pair.nfkc().collect::<String>(), pair, "U+{:04X}", c as u32);
        }
        assert!(!"か\u{3099}".chars().all(plain), "a combining voiced mark must take the slow path");
        assert_eq!(fold("ｶﾞ"), "ガ");
    }

    #[test]
    fn full_width_spaces_inside_stages_and_amounts_go_as_spaces_do() {
        assert_eq!(parse_stage("2\u{3000}製品開発", StageField::AtAdoption), Ok(Some(Stage::ProductDevelopment)));
        assert_eq!(parse_yen("１２\u{3000}３４５", YenUnit::Yen), Ok(Some(12_345)));
        assert_eq!(parse_yen("1,234.5", YenUnit::Thousand), Ok(Some(1_234_500)));
    }

    #[test]
    fn fiscal_year_forms() {
        for (raw, fy) in [
            ("2023", 2023),
            ("2023年度", 2023),
            ("FY2023", 2023),
            ("fy 2023", 2023),
            ("R5", 2023),
            ("r5年度", 2023),
            ("令和5年度", 2023),
            ("令和元年度", 2019),
            ("R1", 2019),
            ("H30", 2018),
            ("平成30年度", 2018),
            ("平成31年度", 2019),
            ("平成元年度", 1989),
            ("２０２３年度", 2023),
            ("令和５年度", 2023),
            ("ＦＹ２０２３", 2023),
        ] {
            assert_eq!(parse_fiscal_year(raw), Ok(Some(fy)), "{raw}");
        }
    }

    #[test]
    fn fiscal_year_missing_and_invalid() {
        for raw in ["", " ", "-", "－", "―", "…", "x", "*", "不明"] {
            assert_eq!(parse_fiscal_year(raw), Ok(None), "{raw:?}");
        }
        for raw in ["23", "FY23", "令和", "平成32年度", "R0", "1899", "3000", "2023.5", "昭和60年度", "abc"] {
            assert_eq!(parse_fiscal_year(raw), Err(Expected::FiscalYear), "{raw:?}");
        }
    }

    #[test]
    fn stage_forms() {
        use StageField::*;
        for (raw, n) in [
            ("1", 1),
            ("４", 4),
            ("第1ステージ", 1),
            ("第２ステージ", 2),
            ("1st", 1),
            ("2nd", 2),
            ("3rd stage", 3),
            ("4th", 4),
            ("ステージ3", 3),
            ("Stage 2", 2),
            ("基礎研究", 1),
            ("製品開発", 2),
            ("非臨床", 3),
            ("臨床", 4),
            ("1 基礎研究", 1),
            ("3:非臨床", 3),
        ] {
            assert_eq!(parse_stage(raw, AtAdoption).map(|s| s.map(Stage::number)), Ok(Some(n)), "{raw}");
            assert_eq!(parse_stage(raw, Current).map(|s| s.map(Stage::number)), Ok(Some(n)), "{raw}");
        }
    }

    #[test]
    fn approved_only_as_current_stage() {
        for raw in ["5", "承認", "承認取得", "上市", "実用化", "承認取得・上市"] {
            assert_eq!(parse_stage(raw, StageField::Current), Ok(Some(Stage::Approved)), "{raw}");
            assert_eq!(parse_stage(raw, StageField::AtAdoption), Err(Expected::StageAtAdoption), "{raw}");
        }
    }

    #[test]
    fn stage_contradictions_and_junk_are_invalid() {
        for raw in ["0", "6", "12", "1 臨床", "第ステージ", "研究"] {
            assert!(parse_stage(raw, StageField::Current).is_err(), "{raw}");
        }
        assert_eq!(parse_stage("-", StageField::Current), Ok(None));
    }

    #[test]
    fn statuses() {
        assert_eq!(parse_status("継続"), Ok(Some(Status::Continuing)));
        assert_eq!(parse_status("終了"), Ok(Some(Status::Completed)));
        assert_eq!(parse_status("中止"), Ok(Some(Status::Discontinued)));
        assert_eq!(parse_status(""), Ok(None));
        assert_eq!(parse_status("保留"), Err(Expected::Status));
    }

    #[test]
    fn priority_areas() {
        assert_eq!(parse_priority_areas("1"), Ok(Some(vec![1])));
        assert_eq!(parse_priority_areas("①;③"), Ok(Some(vec![1, 3])));
        assert_eq!(parse_priority_areas("5、2・2"), Ok(Some(vec![2, 5])));
        assert_eq!(parse_priority_areas("4/1,３"), Ok(Some(vec![1, 3, 4])));
        assert_eq!(parse_priority_areas(""), Ok(None));
        assert_eq!(parse_priority_areas("6"), Err(Expected::PriorityAreas));
        assert_eq!(parse_priority_areas("1;がん"), Err(Expected::PriorityAreas));
    }

    #[test]
    fn amounts_scale_to_yen() {
        use YenUnit::*;
        assert_eq!(parse_yen("1,234", Yen), Ok(Some(1234)));
        assert_eq!(parse_yen("１，２３４", Thousand), Ok(Some(1_234_000)));
        assert_eq!(parse_yen("▲5", TenThousand), Ok(Some(-50_000)));
        assert_eq!(parse_yen("△5", Yen), Ok(Some(-5)));
        assert_eq!(parse_yen("-5", Yen), Ok(Some(-5)));
        assert_eq!(parse_yen("12.5", HundredMillion), Ok(Some(1_250_000_000)));
        assert_eq!(parse_yen("1.5", Million), Ok(Some(1_500_000)));
        assert_eq!(parse_yen("¥1,000円", Yen), Ok(Some(1000)));
        assert_eq!(parse_yen("-", Yen), Ok(None));
        assert_eq!(parse_yen("1.5", Yen), Err(Expected::Amount));
        assert_eq!(parse_yen("1e6", Yen), Err(Expected::Amount));
        assert_eq!(parse_yen("99999999999999999999", Thousand), Err(Expected::Amount));
    }

    #[test]
    fn calendar_years_refuse_fiscal_forms() {
        assert_eq!(parse_calendar_year("2021"), Ok(Some(2021)));
        assert_eq!(parse_calendar_year("2021年"), Ok(Some(2021)));
        assert_eq!(parse_calendar_year("令和3年"), Ok(Some(2021)));
        assert_eq!(parse_calendar_year("令和元年"), Ok(Some(2019)));
        assert_eq!(parse_calendar_year("H30"), Ok(Some(2018)));
        assert_eq!(parse_calendar_year("2021年度"), Err(Expected::CalendarYear));
        assert_eq!(parse_calendar_year("FY2021"), Err(Expected::CalendarYear));
        assert_eq!(parse_calendar_year("-"), Ok(None));
    }

    #[test]
    fn numbers_and_counts() {
        assert_eq!(parse_number("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("１，２３４"), Ok(Some(1234.0)));
        assert_eq!(parse_number("▲5"), Ok(Some(-5.0)));
        assert_eq!(parse_number("△0.5"), Ok(Some(-0.5)));
        assert_eq!(parse_number("12%"), Ok(Some(12.0)));
        assert_eq!(parse_number("…"), Ok(None));
        assert_eq!(parse_number("x"), Ok(None));
        for bad in ["1e5", "1.2.3", "inf", "NaN", "abc", ".", "--5"] {
            assert_eq!(parse_number(bad), Err(Expected::Number), "{bad}");
        }
        assert_eq!(parse_count("1,234"), Ok(Some(1234)));
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
        assert_eq!(parse_count("-"), Ok(None));
        assert_eq!(parse_count("▲1"), Err(Expected::Count));
        assert_eq!(parse_count("1.5"), Err(Expected::Count));
    }

    #[test]
    fn flags() {
        for t in ["○", "〇", "はい", "有", "1", "TRUE", "true", "Y", "ｙ"] {
            assert_eq!(parse_flag(t), Ok(Some(true)), "{t}");
        }
        for f in ["×", "いいえ", "無", "0", "FALSE", "N", "no"] {
            assert_eq!(parse_flag(f), Ok(Some(false)), "{f}");
        }
        for m in ["", "-", "－", "不明", "*"] {
            assert_eq!(parse_flag(m), Ok(None), "{m}");
        }
        assert_eq!(parse_flag("たぶん"), Err(Expected::Flag));
    }

    #[test]
    fn satisfaction_labels() {
        assert_eq!(parse_satisfaction("大変満足"), Ok(Some(5)));
        assert_eq!(parse_satisfaction("満足"), Ok(Some(4)));
        assert_eq!(parse_satisfaction("どちらともいえない"), Ok(Some(3)));
        assert_eq!(parse_satisfaction("普通"), Ok(Some(3)));
        assert_eq!(parse_satisfaction("不満"), Ok(Some(2)));
        assert_eq!(parse_satisfaction("大変不満"), Ok(Some(1)));
        assert_eq!(parse_satisfaction("５"), Ok(Some(5)));
        assert_eq!(parse_satisfaction("6"), Err(Expected::Satisfaction));
        assert_eq!(parse_satisfaction(""), Ok(None));
    }

    #[test]
    fn goals() {
        assert_eq!(parse_goal("3"), Ok(Some(3)));
        assert_eq!(parse_goal("⑪"), Ok(Some(11)));
        assert_eq!(parse_goal("ゴール⑥"), Ok(Some(6)));
        assert_eq!(parse_goal("12"), Err(Expected::Goal));
    }

    #[test]
    fn units_from_header_labels() {
        assert_eq!(YenUnit::from_label("千円"), Some(YenUnit::Thousand));
        assert_eq!(YenUnit::from_label("億円"), Some(YenUnit::HundredMillion));
        assert_eq!(YenUnit::from_label("件"), None);
    }
}

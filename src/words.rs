//! Words the contract gives as a function per language, as one function that takes the [`Lang`]:
//! on the page, every visible text is chosen by [`Lang::t`] or by a function that takes a `Lang`.

use mdkpi_contract::label;
use mdkpi_contract::lang::Lang;
use mdkpi_contract::value::Stage;

/// A satisfaction level (1–5) as the survey form reads: `満足`, `satisfied`.
pub fn likert(lang: Lang, level: i64) -> &'static str {
    lang.t(label::likert_ja(level), label::likert_en(level))
}

/// A stage's name (1–5): `製品開発`, `product development`; nothing for another number.
pub fn stage_name(lang: Lang, stage: u8) -> &'static str {
    Stage::from_number(stage).map(|s| lang.t(s.name_ja(), s.name_en())).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_is_in_the_language_asked_for() {
        assert_eq!((likert(Lang::Ja, 4), likert(Lang::En, 4)), ("満足", "satisfied"));
        assert_eq!((stage_name(Lang::Ja, 2), stage_name(Lang::En, 2)), ("製品開発", "product development"));
        assert_eq!(stage_name(Lang::En, 9), "");
    }
}

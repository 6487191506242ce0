//! Words the contract gives as a function per language, as one function that takes the [`Lang`]:
//! on the page, every visible text is chosen by [`Lang::t`] or by a function that takes a `Lang`.

use mdkpi_contract::label;
use mdkpi_contract::lang::Lang;
use mdkpi_contract::value::Stage;
use yew::prelude::*;

/// Whether `text` has Japanese in it: kana, kanji, CJK punctuation or full-width forms.
pub fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}'))
}

/// A value of the data (a program, a hub, a file name, a cell), as written: marked `lang="ja"`
/// when it has Japanese in it, so that a screen reader on an English page reads it with a Japanese
/// voice (WCAG 3.1.2).
pub fn data(text: impl Into<AttrValue>) -> Html {
    let text = text.into();
    if has_japanese(&text) {
        html! { <span lang="ja">{text}</span> }
    } else {
        html! { {text} }
    }
}

/// A text of ours in `lang` that names the data's values (a description, a footnote): on an
/// English page the only Japanese in it is theirs, so each word with Japanese in it is marked
/// `lang="ja"`, neighbours together (`研修 A` is one span), the punctuation after it left out.
pub fn marked(lang: Lang, text: &str) -> Html {
    if lang == Lang::Ja || !has_japanese(text) {
        return html! { {text.to_owned()} };
    }
    runs(text)
        .into_iter()
        .map(|(run, japanese)| {
            if japanese {
                html! { <span lang="ja">{run}</span> }
            } else {
                html! { {run} }
            }
        })
        .collect()
}

/// `text` cut into runs, each with whether it is Japanese (see [`marked`]).
fn runs(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |piece: &str, japanese: bool| match out.last_mut() {
        Some((run, j)) if *j == japanese => run.push_str(piece),
        _ => out.push((piece.to_owned(), japanese)),
    };
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            // A space between two Japanese words belongs to their run; settled below.
            push(" ", false);
        }
        if has_japanese(word) {
            let core = word.trim_end_matches([',', '.', ':', ';']);
            push(core, true);
            push(&word[core.len()..], false);
        } else {
            push(word, false);
        }
    }
    // A lone space between two Japanese runs joins them.
    let mut joined: Vec<(String, bool)> = Vec::new();
    for (run, japanese) in out.into_iter().filter(|(r, _)| !r.is_empty()) {
        match joined.as_mut_slice() {
            [.., (a, true), (space, false)] if japanese && space == " " => {
                a.push(' ');
                a.push_str(&run);
                joined.pop();
            }
            [.., (a, j)] if *j == japanese => a.push_str(&run),
            _ => joined.push((run, japanese)),
        }
    }
    joined
}

/// One of the plan's texts: the official Japanese alone on a Japanese page; on an English page
/// the translation, with the official Japanese beside it.
pub fn official(lang: Lang, ja: &'static str, en: &'static str) -> Html {
    match lang {
        Lang::Ja => html! { {ja} },
        Lang::En => html! { <>{en}{" "}<span lang="ja" class="official">{ja}</span></> },
    }
}

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

    #[test]
    fn only_the_japanese_words_of_an_english_text_are_marked() {
        let r = |t: &str| {
            runs(t).into_iter().map(|(r, j)| format!("{}{r}", if j { "ja:" } else { "" })).collect::<Vec<_>>()
        };
        assert_eq!(r("Everyone: 54.9%. 研修A: 60%."), ["Everyone: 54.9%. ", "ja:研修A", ": 60%."]);
        assert_eq!(r("Data: 研修 実績.xlsx, b.csv"), ["Data: ", "ja:研修 実績.xlsx", ", b.csv"]);
        assert_eq!(r("支援(架空) and 拠点"), ["ja:支援(架空)", " and ", "ja:拠点"]);
    }

    #[test]
    fn japanese_is_found_in_kana_kanji_and_full_width_forms() {
        assert!(has_japanese("拠点A") && has_japanese("ｶﾅ") && has_japanese("（") && has_japanese("か"));
        assert!(!has_japanese("Program A (2024) – x") && !has_japanese("① ▲ +2"));
    }
}

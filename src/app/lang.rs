//! The page language: Japanese first, English on request. The default follows the browser
//! (Japanese unless the browser asks for English); the choice sets `<html lang>` so that fonts
//! and screen readers follow it. Figures, file contents and the domain's Japanese names (事業名,
//! 団体名) are never translated.

use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn from_browser() -> Lang {
        let language = gloo::utils::window().navigator().language().unwrap_or_default();
        if language.starts_with("en") { Lang::En } else { Lang::Ja }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The text in this language.
    pub fn t(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// The word for a suppressed cell (n < k), the same on every view.
    pub fn hidden(self) -> &'static str {
        self.t("秘匿", "hidden")
    }

    /// The word for a total's cell (no breakdown), the same on every view.
    pub fn all_cell(self) -> &'static str {
        self.t("全体", "All")
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }
}

/// The language in force (Japanese where no provider is mounted, as in component tests).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

//! The language of everything a person reads: Japanese first, English on request. Every visible
//! text is chosen by [`Lang::t`] (or a function that takes a `Lang`), so that the page, its charts
//! and its exports are in one language at a time. Figures, file contents and the domain's
//! Japanese names (事業名, 団体名) are never translated.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// The BCP 47 code, for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The text in this language.
    pub fn t<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// The mark of a hidden cell, the same on every view and in both languages
    /// ([`crate::label::HIDDEN`]).
    pub fn hidden(self) -> &'static str {
        crate::label::HIDDEN
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

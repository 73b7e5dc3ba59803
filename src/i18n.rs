//! Labels in English and Indonesian. Rating and rubric names are never translated: they are
//! the official terms the rubric gives.

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

impl Lang {
    /// Indonesian when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one set) starts with `id`.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if !v.is_empty() {
                    return if v.to_lowercase().starts_with("id") { Lang::Id } else { Lang::En };
                }
            }
        }
        Lang::En
    }

    /// Pick the label for this language.
    pub fn t(self, en: &'static str, id: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Id => id,
        }
    }
}

/// A message the library can say in either language: errors are typed where they are made and
/// rendered once, at the edge, in the language of the run. Their `Display` is the English one.
/// There is no global language: whoever renders a message is handed the `Lang` (from `App`).
pub trait Localized {
    /// The message in `lang`.
    fn message(&self, lang: Lang) -> String;
}

impl Lang {
    /// The `lang` attribute of an HTML page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }
}

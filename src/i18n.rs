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
pub trait Localized {
    /// The message in `lang`.
    fn message(&self, lang: Lang) -> String;
}

static CURRENT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

impl Lang {
    /// Make this the language of messages raised deep in the library (readers, output), which
    /// are not handed a language. Set once by the command line before a command runs.
    pub fn set_current(self) {
        CURRENT.store(self as u8, std::sync::atomic::Ordering::Relaxed);
    }

    /// The language set by [`Lang::set_current`] (English until then).
    pub fn current() -> Lang {
        match CURRENT.load(std::sync::atomic::Ordering::Relaxed) {
            1 => Lang::Id,
            _ => Lang::En,
        }
    }

    /// The `lang` attribute of an HTML page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }
}

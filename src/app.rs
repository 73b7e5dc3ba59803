//! The application every command runs in: the rubric asked for, the language, and the one
//! channel for warnings and failed checks (`--quiet`, `--strict`, `--error-format`).

use crate::i18n::Lang;
use crate::problem::{code, ErrorFormat, Problem, Problems, Severity};

/// What every command shares, resolved from the global flags: the rubric asked for, the
/// language, and the one channel warnings go through.
pub struct App {
    pub rubric_spec: String,
    /// Language of messages and of output for people.
    pub lang: Lang,
    /// `--lang` as given: the language of machine formats' headers (English without it).
    pub lang_given: Option<Lang>,
    /// `--strict`: every warning is an error.
    pub strict: bool,
    /// Warnings printed so far (for `--strict`).
    pub warnings: std::sync::atomic::AtomicUsize,
    pub quiet: bool,
    pub error_format: ErrorFormat,
    pub rubric_from_env: bool,
    /// The rubric was chosen (`--rubric` or SPBE_RUBRIC): a file naming another is an error.
    pub rubric_given: bool,
}

impl App {
    /// An app for this rubric and language, with every other global option at its default
    /// (warnings printed as text, not errors).
    pub fn new(rubric_spec: impl Into<String>, lang: Lang) -> App {
        App {
            rubric_spec: rubric_spec.into(),
            lang,
            lang_given: None,
            strict: false,
            warnings: Default::default(),
            quiet: false,
            error_format: ErrorFormat::Text,
            rubric_from_env: false,
            rubric_given: false,
        }
    }

    /// A warning on stderr (none with `--quiet`).
    pub fn warn(&self, msg: &str) {
        self.warn_problem(&Problem::general(code::WARNING, msg));
    }

    /// A warning with a code (for `--error-format json`).
    pub fn warn_with(&self, code: &'static str, msg: &str) {
        self.warn_problem(&Problem::general(code, msg));
    }

    /// A warning about a place in an input; with `--strict`, an error (the run ends with
    /// exit 2 before any output is written: [`App::check_strict`]).
    pub fn warn_problem(&self, p: &Problem) {
        self.warnings.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.strict {
            print_diagnostic(p, Severity::Error, self.error_format, self.lang);
        } else if !self.quiet {
            print_diagnostic(p, Severity::Warning, self.error_format, self.lang);
        }
    }

    /// With `--strict`, fail when any warning was given.
    pub fn check_strict(&self) -> anyhow::Result<()> {
        let n = self.warnings.load(std::sync::atomic::Ordering::Relaxed);
        if self.strict && n > 0 {
            let msg = match self.lang {
                Lang::En => format!("--strict: {n} warning(s) above are errors; nothing was written"),
                Lang::Id => format!("--strict: {n} peringatan di atas adalah galat; tidak ada yang ditulis"),
            };
            return Err(Problems(vec![Problem::general(code::STRICT, msg)]).into());
        }
        Ok(())
    }

    /// The language of labels in output of this format: for people, the language in effect;
    /// for machine formats (CSV, TSV, JSON), only `--lang` as given, else English, so that a
    /// pipeline reads the same headers on every machine.
    pub fn labels(&self, format: crate::output::Format) -> Lang {
        use crate::output::Format;
        match format {
            Format::Csv | Format::Tsv | Format::Json => self.lang_given.unwrap_or(Lang::En),
            _ => self.lang,
        }
    }

    /// A failed check (e.g. `--fail-below`): printed unless `--quiet`; the exit code is 1.
    pub fn check_failed(&self, p: &Problem) {
        if !self.quiet {
            print_diagnostic(p, Severity::Error, self.error_format, self.lang);
        }
    }

    /// Status lines for people (e.g. `validate`'s "ok"): not with `--quiet` or JSON errors.
    pub fn chatty(&self) -> bool {
        !self.quiet && self.error_format == ErrorFormat::Text
    }

    /// Load the rubric in effect, warning once if it is provisional.
    pub fn rubric(&self) -> anyhow::Result<crate::rubric::Rubric> {
        self.load_rubric(&self.rubric_spec).map_err(|e| {
            if !self.rubric_from_env {
                return e;
            }
            match e.downcast::<Problems>() {
                Ok(mut problems) => {
                    for p in &mut problems.0 {
                        p.message.push_str(" (the rubric set by the SPBE_RUBRIC environment variable)");
                    }
                    problems.into()
                }
                Err(e) => e.context("the rubric set by the SPBE_RUBRIC environment variable"),
            }
        })
    }

    /// The rubric to read these inputs with: the one chosen, else the one the first input names
    /// in its `rubric` column (a form from `spbe template`), else the default.
    pub fn rubric_for(
        &self,
        inputs: &[String],
        sheet: Option<&str>,
    ) -> anyhow::Result<crate::rubric::Rubric> {
        if !self.rubric_given {
            let inputs = crate::assessment::expand_inputs(inputs).map(|e| e.inputs).unwrap_or_default();
            if let Some(named) = crate::assessment::declared_rubric(&inputs, sheet) {
                if crate::rubric::embedded(&named).is_some() && !named.eq_ignore_ascii_case(&self.rubric_spec)
                {
                    return self.load_rubric(&named.to_lowercase());
                }
            }
        }
        self.rubric()
    }

    pub fn load_rubric(&self, spec: &str) -> anyhow::Result<crate::rubric::Rubric> {
        let r = crate::rubric::Rubric::resolve(spec)?;
        for w in &r.warnings {
            self.warn_problem(w);
        }
        if let Some(w) = r.provisional_warning() {
            self.warn_with(code::RUBRIC_PROVISIONAL, &w);
        }
        Ok(r)
    }
}

/// Print one diagnostic on stderr in the chosen format.
pub fn print_diagnostic(p: &Problem, severity: Severity, format: ErrorFormat, lang: Lang) {
    match format {
        ErrorFormat::Json => eprintln!("{}", p.json_line(severity)),
        ErrorFormat::Text => {
            let label = match severity {
                Severity::Error => lang.t("error", "galat"),
                Severity::Warning => lang.t("warning", "peringatan"),
            };
            eprintln!("{label}: {p}");
        }
    }
}

/// The error and its causes, once each.
pub fn chain(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

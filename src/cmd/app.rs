//! The application every command runs in: the rubric asked for, the language, and the one
//! channel for warnings and failed checks (`--quiet`, `--strict`, `--error-format`).

use std::path::PathBuf;

use super::args::InputArgs;
use crate::assessment::{Assessments, Input};
use crate::i18n::{Lang, Localized};
use crate::output::{check_destination, inside_input_folder, Destination};
use crate::problem::{code, ErrorFormat, Hint, Problem, Problems, Severity};
use crate::rubric::Rubric;
use crate::score::{self, RegionScore};

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
    /// The rubric last loaded: the one the command used, which a workbook's About sheet names
    /// (a file naming pemdi-2026 is read with it without --rubric; the About sheet must say so).
    pub used: std::sync::Mutex<Option<Rubric>>,
    /// The process exits when the command returns (`main` runs one command and ends), so its
    /// big structures are left to the exit to take back (see [`App::discard`]).
    pub exits_after: bool,
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
            used: Default::default(),
            exits_after: false,
        }
    }

    /// Let go of a command's last big structures (hundreds of thousands of allocations on a
    /// large input). When the process exits next ([`App::exits_after`]), they are leaked on
    /// purpose: the exit takes the memory back at once, where freeing them one by one is a
    /// serial tail of the run. A library caller running commands in one process frees them.
    pub fn discard<T>(&self, big: T) {
        if self.exits_after {
            std::mem::forget(big);
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

    /// The warnings about regions scored over part of the rubric (code `incomplete`), each
    /// followed by `note` (English, Indonesian) where the command has one.
    pub fn warn_incomplete(
        &self,
        rubric: &Rubric,
        scores: &[RegionScore],
        note: Option<(&'static str, &'static str)>,
    ) {
        for w in score::incomplete_warnings(rubric, scores) {
            let mut w = w.message(self.lang);
            if let Some((en, id)) = note {
                w = format!("{w}; {}", self.lang.t(en, id));
            }
            self.warn_with(code::INCOMPLETE, &w);
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
    pub fn rubric(&self) -> anyhow::Result<Rubric> {
        self.load_rubric(&self.rubric_spec).map_err(|e| {
            if !self.rubric_from_env {
                return e;
            }
            match e.downcast::<Problems>() {
                Ok(mut problems) => {
                    for p in &mut problems.0 {
                        let said = p.message.in_lang(self.lang);
                        p.message =
                            format!("{said} (the rubric set by the SPBE_RUBRIC environment variable)").into();
                    }
                    problems.into()
                }
                Err(e) => e.context("the rubric set by the SPBE_RUBRIC environment variable"),
            }
        })
    }

    /// The rubric to read these inputs with: the one chosen, else the one the first input names
    /// in its `rubric` column (a form from `spbe template`), else the default.
    pub fn rubric_for(&self, input: &InputArgs) -> anyhow::Result<Rubric> {
        if !self.rubric_given {
            let inputs =
                crate::assessment::expand_inputs(&input.inputs).map(|e| e.inputs).unwrap_or_default();
            if let Some(named) = crate::assessment::declared_rubric(&inputs, input.read.sheet.as_deref()) {
                if crate::rubric::embedded(&named).is_some() && !named.eq_ignore_ascii_case(&self.rubric_spec)
                {
                    return self.load_rubric(&named.to_lowercase());
                }
            }
        }
        self.rubric()
    }

    pub fn load_rubric(&self, spec: &str) -> anyhow::Result<Rubric> {
        let r = Rubric::resolve(spec)?;
        for w in &r.warnings {
            self.warn_problem(w);
        }
        if let Some(w) = r.provisional_warning(self.lang) {
            self.warn_with(code::RUBRIC_PROVISIONAL, &w);
        }
        if let Ok(mut used) = self.used.lock() {
            *used = Some(r.clone());
        }
        Ok(r)
    }
    /// The one way a command loads its data: read the inputs with the rubric (printing the
    /// readers' warnings), check the destination against them (never overwrite an input),
    /// keep one stage where the command compares regions, score every region and warn about
    /// those scored over part of the rubric.
    /// The rubric the command loaded last, without loading (nor warning about) it again.
    pub fn used_rubric(&self) -> Option<Rubric> {
        self.used.lock().ok().and_then(|u| u.clone())
    }

    pub fn load(&self, rubric: &Rubric, input: &InputArgs, how: Load<'_>) -> anyhow::Result<Loaded> {
        let (inputs, mut set) = super::read_inputs(self, rubric, input)?;
        if let Some(dest) = how.dest {
            check_destination(dest, &inputs)?;
            let folders: Vec<PathBuf> =
                input.inputs.iter().map(PathBuf::from).filter(|p| p.is_dir()).collect();
            if let Some(w) = inside_input_folder(dest, &folders) {
                self.warn_with(code::OUTPUT_IN_INPUT_FOLDER, &w.message(self.lang));
            }
        }
        if let Some(stage) = how.stage {
            // Worded once, where every SelectError is: `chain`.
            crate::select::select_stage(&mut set, stage)?;
        }
        let scores = match how.score {
            true => self.score(rubric, &set, input.read.allow_missing, how.incomplete_note)?,
            false => Vec::new(),
        };
        Ok(Loaded { inputs, set, scores })
    }

    /// Score every region (an error names each that cannot be scored), warning about those
    /// scored over part of the rubric, with `note` (English, Indonesian) added to the warning,
    /// and about a published index that differs from the recomputed one.
    pub fn score(
        &self,
        rubric: &Rubric,
        set: &Assessments,
        allow_missing: bool,
        note: Option<(&'static str, &'static str)>,
    ) -> anyhow::Result<Vec<RegionScore>> {
        let scores = score::score_all(rubric, set, allow_missing, self.lang)?;
        self.warn_incomplete(rubric, &scores, note);
        score::published_differences(rubric, &scores).iter().for_each(|p| self.warn_problem(p));
        Ok(scores)
    }
}

/// How [`App::load`] loads: what it checks and whether it scores.
#[derive(Debug, Clone, Copy)]
pub struct Load<'a> {
    /// Where the output goes: checked against the inputs before any work.
    pub dest: Option<&'a Destination>,
    /// Keep one stage: `Some(--stage)` for the commands that compare regions at one stage.
    pub stage: Option<Option<&'a str>>,
    /// Score the regions (a command that streams rows scores them itself).
    pub score: bool,
    /// What the warning about regions scored over part of the rubric adds (English, Indonesian).
    pub incomplete_note: Option<(&'static str, &'static str)>,
}

impl<'a> Load<'a> {
    /// Read and score, writing to `dest`.
    pub fn to(dest: &'a Destination) -> Load<'a> {
        Load { dest: Some(dest), stage: None, score: true, incomplete_note: None }
    }

    /// Read and score, writing nothing.
    pub fn checking() -> Load<'a> {
        Load { dest: None, stage: None, score: true, incomplete_note: None }
    }

    /// Keep the stage `--stage` names (or the only one there is).
    pub fn at_stage(self, stage: Option<&'a str>) -> Load<'a> {
        Load { stage: Some(stage), ..self }
    }
}

/// What [`App::load`] gives: the inputs read, their assessments and (when scored) the scores.
pub struct Loaded {
    pub inputs: Vec<Input>,
    pub set: Assessments,
    pub scores: Vec<RegionScore>,
}

/// Print one diagnostic on stderr in the chosen format.
pub fn print_diagnostic(p: &Problem, severity: Severity, format: ErrorFormat, lang: Lang) {
    match format {
        ErrorFormat::Json => eprintln!("{}", shown(p, lang).json_line(severity, lang)),
        ErrorFormat::Text => {
            let label = match severity {
                Severity::Error => lang.t("error", "galat"),
                Severity::Warning => lang.t("warning", "peringatan"),
            };
            eprintln!("{label}: {}", shown(p, lang).render(lang));
        }
    }
}

/// The flag that does what a problem's [`Hint`] says would help, as the end of its message.
pub fn hint_text(hint: &Hint, lang: Lang) -> std::borrow::Cow<'static, str> {
    let text = match hint {
        Hint::AllowMissing => lang.t(
            "; fill them in, or pass --allow-missing to score over what is given",
            "; isi, atau tambahkan --allow-missing untuk menilai atas yang ada",
        ),
        Hint::ExternalMissing => lang.t(
            "; give the value when that index is out, or pass --external-missing to treat them as missing",
            "; isi nilainya bila indeks itu terbit, atau tambahkan --external-missing agar dianggap belum diisi",
        ),
        // The reader's message is English in both languages, and so is its hint.
        Hint::Region => ": fill it in, or pass --region NAME",
        Hint::Replace => lang.t("; pass --force to replace it", "; tambahkan --force untuk menggantinya"),
        Hint::ReplaceReadOnly => lang.t(
            "; pass --force to replace it (it keeps its mode)",
            "; tambahkan --force untuk menggantinya (mode berkas tetap)",
        ),
        Hint::WriteDevice => {
            lang.t("; pass --force to write onto it", "; tambahkan --force untuk menulis ke sana")
        }
        Hint::Rubric { named, rubric } => {
            return match lang {
                Lang::En => format!(": give --rubric {named} (or remove the rubric column to read it with {rubric})"),
                Lang::Id => {
                    format!(": berikan --rubric {named} (atau hapus kolom rubrik agar dibaca dengan {rubric})")
                }
            }
            .into()
        }
    };
    text.into()
}

/// A problem as shown to the user: its message, then the flag that helps, if any.
pub fn shown(p: &Problem, lang: Lang) -> std::borrow::Cow<'_, Problem> {
    match &p.hint {
        None => std::borrow::Cow::Borrowed(p),
        Some(h) => std::borrow::Cow::Owned(Problem {
            message: format!("{}{}", p.message.in_lang(lang), hint_text(h, lang)).into(),
            hint: None,
            ..p.clone()
        }),
    }
}

/// The error and its causes, once each, in `lang`: problems as [`shown`], a region, stage or
/// years that could not be picked as [`super::select_message`] words them.
pub fn chain(e: &anyhow::Error, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = if let Some(ps) = cause.downcast_ref::<Problems>() {
            Problems(ps.0.iter().map(|p| shown(p, lang).into_owned()).collect()).render(lang)
        } else if let Some(e) = cause.downcast_ref::<crate::select::SelectError>() {
            super::select_message(e, lang)
        } else {
            cause.to_string()
        };
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

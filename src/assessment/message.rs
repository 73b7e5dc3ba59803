//! What the readers say in the language of the run: finding the inputs, opening them, the
//! rubric a file names, values below the regulated scale and pending indicators. Kept as data
//! in a [`Problem`](crate::problem::Problem) and worded when the command line shows it. (The
//! other reader messages quote the file and read alike in both languages.)

use crate::i18n::{Lang, Localized};
use crate::rubric::Kind;

use super::INPUT_EXTENSIONS;

/// At most this many names of files left out of a folder are listed in its warning.
const SKIPPED_NAMES: usize = 10;

/// The entries of a folder that are not read: the first few names (quoted safely) and how
/// many there are.
#[derive(Debug, Clone)]
pub(crate) struct Entries {
    first: Vec<String>,
    count: usize,
}

impl Entries {
    /// The entries named in `skipped`, in order.
    pub fn new(skipped: &[String]) -> Entries {
        let first = skipped.iter().take(SKIPPED_NAMES).map(|n| crate::problem::snippet(n)).collect();
        Entries { first, count: skipped.len() }
    }

    /// The first names, then how many more there are.
    fn names(&self, lang: Lang) -> String {
        let mut names = self.first.join(", ");
        if self.count > SKIPPED_NAMES {
            names.push_str(&format!(", … ({} {})", self.count - SKIPPED_NAMES, lang.t("more", "lagi")));
        }
        names
    }
}

/// A reader's message, said in the language it is shown in.
#[derive(Debug, Clone)]
pub(crate) enum ReadMessage {
    /// `-` given more than once.
    StdinTwice,
    /// `-` given, and standard input is a terminal.
    StdinTerminal,
    /// Standard input is empty or closed.
    StdinEmpty,
    /// A folder cannot be listed (the system's error).
    CannotReadDir(String),
    /// A folder holds no file that is read, and these entries.
    NoInputFiles(Entries),
    /// A folder's entries that are not read (a warning).
    Skipped(Entries),
    /// An input path that does not exist.
    NoSuchInput,
    /// No input at all.
    NoInputs,
    /// A file cannot be opened (the system's error).
    CannotOpen(String),
    /// The inputs hold no assessments.
    NoAssessments,
    /// A file's `rubric` column names another rubric than the one it is read with.
    RubricMismatch {
        /// The rubric the file names (quoted safely).
        named: String,
        /// The rubric it is read with.
        rubric: String,
    },
    /// A value below the regulated scale (but not below the rubric's floor).
    BelowScale {
        kind: Kind,
        id: String,
        /// The value as written (quoted safely).
        raw: String,
        /// The regulated scale and the floor.
        min: f64,
        max: f64,
        floor: f64,
    },
    /// Indicators fed by another agency's index left blank: scored the lowest level, pending.
    Pending {
        /// The first regions.
        regions: Vec<String>,
        /// How many more regions.
        more: usize,
        /// The indicators ([`crate::rubric::id_runs`]).
        ids: String,
        /// The level they score.
        min: f64,
        /// The indices they come from.
        sources: Vec<String>,
    },
}

fn extension_list() -> String {
    INPUT_EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
}

impl Localized for ReadMessage {
    fn message(&self, lang: Lang) -> String {
        let t = |en, id| lang.t(en, id).to_string();
        match self {
            ReadMessage::StdinTwice => t(
                "`-` (standard input) is given twice; it can be read only once",
                "`-` (masukan standar) diberikan dua kali; hanya dapat dibaca sekali",
            ),
            ReadMessage::StdinTerminal => t(
                "`-` reads standard input, which is a terminal: pipe or redirect a file into spbe (spbe score - < kerinci.csv)",
                "`-` membaca masukan standar, yang berupa terminal: alirkan berkas ke spbe (spbe score - < kerinci.csv)",
            ),
            ReadMessage::StdinEmpty => t(
                "standard input is empty or closed: pipe or redirect the data into spbe (spbe score - < kerinci.csv)",
                "masukan standar kosong atau tertutup: alirkan data ke spbe (spbe score - < kerinci.csv)",
            ),
            ReadMessage::CannotReadDir(e) => {
                format!("{}: {e}", lang.t("cannot read directory", "folder tidak dapat dibaca"))
            }
            ReadMessage::NoInputFiles(skipped) => {
                let mut msg = format!(
                    "{} ({} {})",
                    lang.t("directory holds no input files", "folder tidak berisi berkas masukan"),
                    lang.t("expected", "diharapkan"),
                    extension_list()
                );
                if skipped.count > 0 {
                    msg.push_str(&format!("; {}: {}", lang.t("it holds", "isinya"), skipped.names(lang)));
                }
                msg
            }
            ReadMessage::Skipped(skipped) => {
                let (n, names) = (skipped.count, skipped.names(lang));
                match lang {
                    Lang::Id => format!(
                        "{n} entri tidak dibaca (hanya {} yang dibaca, subfolder tidak): {names}",
                        extension_list()
                    ),
                    Lang::En => format!(
                        "{n} {} not read (only {} files are, and no subfolders): {names}",
                        if n == 1 { "entry is" } else { "entries are" },
                        extension_list()
                    ),
                }
            }
            ReadMessage::NoSuchInput => t("no such file or directory", "berkas atau folder tidak ada"),
            ReadMessage::NoInputs => t("no inputs given", "tidak ada masukan"),
            ReadMessage::CannotOpen(e) => format!("{}: {e}", lang.t("cannot open", "tidak dapat dibuka")),
            ReadMessage::NoAssessments => t("no assessments found", "tidak ada penilaian"),
            ReadMessage::RubricMismatch { named, rubric } => match lang {
                Lang::En => format!(
                    "the file is for rubric `{named}`, but it is read with {rubric}: give --rubric {named} (or remove the rubric column to read it with {rubric})"
                ),
                Lang::Id => format!(
                    "berkas ini untuk rubrik `{named}`, tetapi dibaca dengan {rubric}: berikan --rubric {named} (atau hapus kolom rubrik agar dibaca dengan {rubric})"
                ),
            },
            ReadMessage::BelowScale { kind, id, raw, min, max, floor } => format!(
                "{}{} {id} {} {raw}, {} {min}..{max}; {} {floor})",
                lang.t("", "nilai "),
                kind.as_str(),
                lang.t("is", "adalah"),
                lang.t("below the regulated scale", "di bawah skala resmi"),
                lang.t(
                    "it scores as given (published results go down to",
                    "dinilai apa adanya (hasil resmi bisa sampai"
                ),
            ),
            ReadMessage::Pending { regions, more, ids, min, sources } => {
                let more = match (more, lang) {
                    (0, _) => String::new(),
                    (k, Lang::En) => format!(" and {k} more"),
                    (k, Lang::Id) => format!(" dan {k} lainnya"),
                };
                let (names, sources) = (regions.join(", "), sources.join("; "));
                match lang {
                    Lang::En => format!(
                        "{names}{more}: indicator(s) {ids} left blank score {min} and are pending ({sources}): they are scored from another agency's index"
                    ),
                    Lang::Id => format!(
                        "{names}{more}: indikator {ids} yang kosong bernilai {min} dan menunggu indeks lain ({sources})"
                    ),
                }
            }
        }
    }
}

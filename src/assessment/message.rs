//! What the readers say in the language of the run: finding the inputs, opening them, what is
//! wrong with a header, title and summary rows, the rubric a file names, values below the
//! regulated scale and pending indicators. Kept as data
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
        /// The node's kind and id.
        kind: Kind,
        id: String,
        /// The value as written (quoted safely).
        raw: String,
        /// The regulated scale (`min..max`) and the rubric's floor.
        min: f64,
        max: f64,
        floor: f64,
    },
    /// Rows above the header read as the table's title (a warning).
    Titles {
        /// Their filled cells, joined (quoted safely).
        text: String,
        /// How many rows.
        count: usize,
        /// The header's line (or sheet row).
        header: usize,
        /// In a worksheet (rows), not a text file (lines).
        sheet: bool,
    },
    /// A header names a column twice: the name (quoted safely) and its first column (1-based).
    DuplicateColumn { name: String, first: usize },
    /// A header's column that is neither a node nor a known column; the first of a header
    /// also says what is expected: the rubric's id and a summary of its ids.
    UnknownColumn { name: String, expected: Option<(String, String)> },
    /// A header's column meaning the same as an earlier one (1-based, with its name).
    SameColumn { name: String, other: usize, other_name: String },
    /// A long file's header without its level column (`level`), or its indicator column.
    MissingColumn { level: bool },
    /// A header naming no value columns: the rubric's id and a summary of its ids.
    NoValueColumns { rubric: String, ids: String },
    /// A header problem of a `.tsv` file whose header has commas but no tab.
    CsvNamedTsv(Box<ReadMessage>),
    /// Rows whose region cell is a summary label (`Rata-rata`, `Jumlah`), not scored (a warning).
    SummaryRows {
        /// The first few distinct labels (quoted safely).
        labels: Vec<String>,
        /// More labels than these.
        more_labels: bool,
        /// How many rows.
        rows: usize,
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
                Lang::En => format!("the file is for rubric `{named}`, but it is read with {rubric}"),
                Lang::Id => format!("berkas ini untuk rubrik `{named}`, tetapi dibaca dengan {rubric}"),
            },
            ReadMessage::BelowScale { kind, id, raw, min, max, floor } => format!(
                "{}{} {id} {} {raw}, {} {min}..{max}; {} {floor})",
                lang.t("", "nilai "),
                kind.label(lang),
                lang.t("is", "adalah"),
                lang.t("below the regulated scale", "di bawah skala resmi"),
                lang.t(
                    "it scores as given (published results go down to",
                    "dinilai apa adanya (hasil resmi bisa sampai"
                ),
            ),
            ReadMessage::Titles { text, count, header, sheet } => match (lang, count) {
                (Lang::En, 1) => format!(
                    "`{text}` is read as the table's title above the header ({} {header}), not as data",
                    if *sheet { "row" } else { "line" }
                ),
                (Lang::En, n) => format!(
                    "{n} rows above the header ({} {header}) are read as the table's title, not as data: `{text}`, …",
                    if *sheet { "row" } else { "line" }
                ),
                (Lang::Id, 1) => format!("`{text}` dibaca sebagai judul tabel di atas header (baris {header}), bukan data"),
                (Lang::Id, n) => format!(
                    "{n} baris di atas header (baris {header}) dibaca sebagai judul tabel, bukan data: `{text}`, …"
                ),
            },
            ReadMessage::DuplicateColumn { name, first } => match lang {
                Lang::En => format!("duplicate column `{name}` (also column {first})"),
                Lang::Id => format!("kolom `{name}` ganda (juga kolom {first})"),
            },
            ReadMessage::UnknownColumn { name, expected: None } => match lang {
                Lang::En => format!("unknown column `{name}`"),
                Lang::Id => format!("kolom `{name}` tidak dikenal"),
            },
            ReadMessage::UnknownColumn { name, expected: Some((rubric, ids)) } => match lang {
                Lang::En => format!(
                    "unknown column `{name}`: a wide file has a region column and one column per node id of rubric {rubric} ({ids}); a long file has columns region, indicator, level"
                ),
                Lang::Id => format!(
                    "kolom `{name}` tidak dikenal: berkas lebar berisi kolom wilayah dan satu kolom per id simpul rubrik {rubric} ({ids}); berkas panjang berisi kolom wilayah, indikator, tingkat"
                ),
            },
            ReadMessage::SameColumn { name, other, other_name } => match lang {
                Lang::En => format!("column `{name}` means the same as column {other} (`{other_name}`)"),
                Lang::Id => format!("kolom `{name}` sama artinya dengan kolom {other} (`{other_name}`)"),
            },
            ReadMessage::MissingColumn { level: false } => t(
                "missing column `indicator` (or `indikator`): a long file needs region, indicator, level",
                "kolom `indikator` (atau `indicator`) tidak ada: berkas panjang memerlukan wilayah, indikator, tingkat",
            ),
            ReadMessage::MissingColumn { level: true } => t(
                "missing column `level` (or `nilai`, `tingkat`): a long file needs region, indicator, level",
                "kolom `tingkat` (atau `nilai`, `level`) tidak ada: berkas panjang memerlukan wilayah, indikator, tingkat",
            ),
            ReadMessage::NoValueColumns { rubric, ids } => match lang {
                Lang::En => format!(
                    "no value columns: expected a long file (region, indicator, level) or a wide one (region, then node ids of rubric {rubric}: {ids})"
                ),
                Lang::Id => format!(
                    "tidak ada kolom nilai: diharapkan berkas panjang (wilayah, indikator, tingkat) atau lebar (wilayah, lalu id simpul rubrik {rubric}: {ids})"
                ),
            },
            ReadMessage::CsvNamedTsv(inner) => format!(
                "{}; {}",
                inner.message(lang),
                lang.t(
                    "the header has commas but no tab: is this a CSV file named .tsv? Rename it .csv, or save it tab-separated",
                    "header berisi koma tetapi tanpa tab: apakah ini berkas CSV bernama .tsv? Ganti namanya menjadi .csv, atau simpan dengan pemisah tab"
                )
            ),
            ReadMessage::SummaryRows { labels, more_labels, rows } => {
                let mut quoted = labels.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ");
                if *more_labels {
                    quoted.push_str(", …");
                }
                match (lang, rows) {
                    (Lang::En, 1) => format!("{quoted} is a summary row, not a region: it is not scored"),
                    (Lang::En, n) => {
                        format!("{n} summary rows ({quoted}) are not regions: they are not scored")
                    }
                    (Lang::Id, 1) => format!("{quoted} adalah baris ringkasan, bukan wilayah: tidak dinilai"),
                    (Lang::Id, n) => format!("{n} baris ringkasan ({quoted}) bukan wilayah: tidak dinilai"),
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The message in English and in Indonesian.
    fn both(m: &ReadMessage) -> (String, String) {
        (m.message(Lang::En), m.message(Lang::Id))
    }

    #[test]
    fn skipped_entries_are_counted_and_the_first_ten_named() {
        let one = ReadMessage::Skipped(Entries::new(&["notes.doc".to_string()]));
        let ext = ".csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls, .ods";
        assert_eq!(
            both(&one),
            (
                format!("1 entry is not read (only {ext} files are, and no subfolders): notes.doc"),
                format!("1 entri tidak dibaca (hanya {ext} yang dibaca, subfolder tidak): notes.doc")
            )
        );
        // 12 entries: 10 named, 2 counted.
        let names: Vec<String> = (1..=12).map(|i| format!("f{i}.doc")).collect();
        let (en, id) = both(&ReadMessage::NoInputFiles(Entries::new(&names)));
        assert!(
            en.starts_with(&format!("directory holds no input files (expected {ext}); it holds: f1.doc, "))
        );
        assert!(en.ends_with("f10.doc, … (2 more)"), "{en}");
        assert!(
            id.starts_with(&format!("folder tidak berisi berkas masukan (diharapkan {ext}); isinya: f1.doc"))
        );
        assert!(id.ends_with("f10.doc, … (2 lagi)"), "{id}");
        let (en, _) = both(&ReadMessage::NoInputFiles(Entries::new(&[])));
        assert_eq!(en, format!("directory holds no input files (expected {ext})"));
    }

    #[test]
    fn values_below_the_scale_and_pending_indicators_in_both_languages() {
        let m = ReadMessage::BelowScale {
            kind: Kind::Domain,
            id: "D4".into(),
            raw: "0.30".into(),
            min: 1.0,
            max: 5.0,
            floor: 0.0,
        };
        assert_eq!(
            both(&m),
            (
                "domain D4 is 0.30, below the regulated scale 1..5; it scores as given (published results go down to 0)".into(),
                "nilai domain D4 adalah 0.30, di bawah skala resmi 1..5; dinilai apa adanya (hasil resmi bisa sampai 0)".into()
            )
        );
        // The kind word is the one the rest of the Indonesian output uses (Kind::label).
        let below = |kind, id: &str| ReadMessage::BelowScale {
            kind,
            id: id.into(),
            raw: "0.30".into(),
            min: 1.0,
            max: 5.0,
            floor: 0.0,
        };
        let m = below(Kind::Indicator, "1");
        let (en, id) = both(&m);
        assert!(en.starts_with("indicator 1 is 0.30, below the regulated scale"), "{en}");
        assert!(id.starts_with("nilai indikator 1 adalah 0.30, di bawah skala resmi"), "{id}");
        let m = below(Kind::Aspect, "A2");
        assert!(m.message(Lang::Id).starts_with("nilai aspek A2 adalah"), "{}", m.message(Lang::Id));
        let m = ReadMessage::Pending {
            regions: vec!["Kab. A".into(), "Kab. B".into()],
            more: 3,
            ids: "I5–I7".into(),
            min: 1.0,
            sources: vec!["IPP, Kemenkominfo".into()],
        };
        assert_eq!(
            both(&m),
            (
                "Kab. A, Kab. B and 3 more: indicator(s) I5–I7 left blank score 1 and are pending (IPP, Kemenkominfo): they are scored from another agency's index".into(),
                "Kab. A, Kab. B dan 3 lainnya: indikator I5–I7 yang kosong bernilai 1 dan menunggu indeks lain (IPP, Kemenkominfo)".into()
            )
        );
        // Summary rows: one quoted, or counted with their first labels.
        let m = ReadMessage::SummaryRows { labels: vec!["Rata-rata".into()], more_labels: false, rows: 1 };
        assert_eq!(
            both(&m),
            (
                "`Rata-rata` is a summary row, not a region: it is not scored".into(),
                "`Rata-rata` adalah baris ringkasan, bukan wilayah: tidak dinilai".into()
            )
        );
        let m = ReadMessage::SummaryRows {
            labels: vec!["Rata-rata".into(), "Tertinggi".into(), "Terendah".into()],
            more_labels: true,
            rows: 4,
        };
        assert_eq!(
            both(&m),
            (
                "4 summary rows (`Rata-rata`, `Tertinggi`, `Terendah`, …) are not regions: they are not scored"
                    .into(),
                "4 baris ringkasan (`Rata-rata`, `Tertinggi`, `Terendah`, …) bukan wilayah: tidak dinilai".into()
            )
        );
        // The library says what is wrong; the flag that helps is the command line's (Hint::Rubric).
        let m = ReadMessage::RubricMismatch { named: "spbe-2018".into(), rubric: "spbe-2020".into() };
        assert_eq!(
            both(&m),
            (
                "the file is for rubric `spbe-2018`, but it is read with spbe-2020".into(),
                "berkas ini untuk rubrik `spbe-2018`, tetapi dibaca dengan spbe-2020".into()
            )
        );
    }
}

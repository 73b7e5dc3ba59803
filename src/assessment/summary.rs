//! Summary rows: the `Rata-rata`, `Jumlah` or `Tertinggi` row an office's table ends with. Its
//! region cell names no region, so it is not scored (its values are means or sums, not levels);
//! the reader says so once per file (`summary-rows`).

/// Summary labels, in words (see [`is_summary`]). A label followed by a qualifier (`Rata-rata
/// Nasional`, `Total Kab/Kota`) is one too.
const LABELS: &[&[&str]] = &[
    &["rata", "rata"],
    &["rata2"],
    &["rerata"],
    &["nilai", "rata", "rata"],
    &["nilai", "rerata"],
    &["jumlah"],
    &["total"],
    &["average"],
    &["mean"],
    &["median"],
    &["min"],
    &["max"],
    &["maks"],
    &["minimum"],
    &["maksimum"],
    &["maximum"],
    &["tertinggi"],
    &["terendah"],
];

/// Whether a region cell is a summary label, alone or followed by a qualifier. Compared by
/// words, case-folded, split at anything but a letter or digit (`Rata-rata:` is `rata rata`,
/// `Total Kab/Kota` is `total kab kota`). Every row's region is looked at: nothing allocated.
pub(crate) fn is_summary(cell: &str) -> bool {
    // Nearly every cell is a name (`Pemerintah Kab. …`, `Kota …`): its first letter, which no
    // label starts with, settles it before any word is split off (the fast path asks per region).
    let Some(initial) = cell.chars().find(|c| c.is_alphanumeric()) else { return false };
    let initial = initial.to_ascii_lowercase();
    if !LABELS.iter().any(|label| label[0].starts_with(initial)) {
        return false;
    }
    let mut words = cell.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let Some(first) = words.next() else { return false };
    LABELS.iter().any(|label| {
        let mut rest = words.clone();
        label[0].eq_ignore_ascii_case(first)
            && label[1..].iter().all(|l| rest.next().is_some_and(|w| w.eq_ignore_ascii_case(l)))
    })
}

/// At most this many distinct labels are quoted in a file's warning.
pub(crate) const QUOTED: usize = 3;

/// The summary rows of one file: where the first is (line or sheet row, 1-based column), the
/// first few distinct labels (quoted safely), whether there are more, and how many rows.
pub(crate) struct Summaries {
    pub line: usize,
    pub column: usize,
    pub labels: Vec<String>,
    pub more_labels: bool,
    pub rows: usize,
}

impl Summaries {
    /// The first summary row of a file.
    pub fn new(label: &str, line: usize, column: usize) -> Summaries {
        Summaries { line, column, labels: vec![crate::problem::snippet(label)], more_labels: false, rows: 1 }
    }

    /// Another summary row of the file.
    pub fn add(&mut self, label: &str) {
        self.rows += 1;
        let label = crate::problem::snippet(label);
        if !self.labels.contains(&label) {
            if self.labels.len() < QUOTED {
                self.labels.push(label);
            } else {
                self.more_labels = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_labels_are_known_in_every_spelling() {
        for cell in [
            "Rata-rata",
            "RATA-RATA",
            "Rata rata",
            " rata-rata: ",
            "Rata2",
            "Rerata",
            "Nilai rata-rata",
            "Nilai Rata-Rata Provinsi",
            "Jumlah",
            "TOTAL",
            "Total Kab/Kota",
            "Average",
            "Mean",
            "Median",
            "Min",
            "Max.",
            "Minimum",
            "Maksimum",
            "Tertinggi",
            "Terendah",
            "Rata-rata Nasional",
            "Rata-rata Provinsi",
        ] {
            assert!(is_summary(cell), "{cell}");
        }
        // Names that begin like a label but are other words, or hold one later on.
        for cell in [
            "Kab. Minahasa",
            "Minahasa",
            "Kota Tomohon",
            "Kabupaten Mentawai",
            "Ratarata",
            "Totalitas",
            "Kab. Total",
            "Pemerintah Kab. Rata",
            "",
            "  ",
        ] {
            assert!(!is_summary(cell), "{cell}");
        }
    }

    /// No province or kabupaten/kota of the vendored Kemendagri registry reads as a summary
    /// row: not its name (`Kabupaten Bungo`), not as the ministry's tables write it
    /// (`Provinsi Jambi`), not without its kind (`Bungo`, as `regions resolve` takes it).
    #[test]
    fn no_region_of_the_registry_is_a_summary_row() {
        let registry = crate::region::registry();
        let mut seen = 0;
        for r in registry.iter() {
            let bare = r.name.trim_start_matches("Kabupaten ").trim_start_matches("Kota ");
            for name in [r.name.as_str(), r.full_name().as_str(), bare] {
                assert!(!is_summary(name), "{} ({name})", r.code);
            }
            seen += 1;
        }
        // 38 provinces and 514 kabupaten/kota (the registry's own count, tested in region).
        assert!(seen > 500, "{seen}");
    }

    /// A long CSV of 200 regions (9,400 rows, read in parts) ending with a `Rata-rata
    /// Provinsi` region: the fast reader gives up on it, the general reader passes it over with
    /// one warning, and the regions read are those of the file without it.
    #[test]
    fn a_long_file_for_the_fast_path_passes_its_summary_rows_over() {
        use super::super::fast::{self, Parallel};
        use super::super::{read_with, Assessments, Input, ReadOptions};
        let rubric = crate::rubric::embedded("spbe-2020").unwrap().load().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut plain = String::from("region,indicator,level\n");
        for k in 0..200 {
            for i in 1..=47 {
                plain.push_str(&format!("Kab. R{k},{i},{}\n", 1 + (k + i) % 5));
            }
        }
        let mut summary = plain.clone();
        for i in 1..=47 {
            summary.push_str(&format!("Rata-rata Provinsi,{i},3\n"));
        }
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            Input::Path(path)
        };
        let (plain, summary) = (write("plain.csv", &plain), write("summary.csv", &summary));
        let parts = Parallel::split(2, 1);
        let opts = ReadOptions::default();
        // The file without the summary takes the fast path; the one with it does not, and the
        // assessments stay untouched.
        let mut set = Assessments::default();
        assert!(fast::read_file(&rubric, &plain, &opts, &mut set, 0, false, parts));
        let mut set = Assessments::default();
        assert!(!fast::read_file(&rubric, &summary, &opts, &mut set, 0, false, parts));
        assert!(set.is_empty());
        // Through `read`: the same 200 regions, with the same values, and one warning at the
        // first summary row (line 1 + 200 × 47 + 1 = 9402, column 1) counting its 47 rows.
        let want = read_with(&rubric, std::slice::from_ref(&plain), &opts, Some(parts)).unwrap();
        for path in [Some(parts), None] {
            let got = read_with(&rubric, std::slice::from_ref(&summary), &opts, path).unwrap();
            assert_eq!(got.items, want.items);
            assert_eq!(got.len(), 200);
            let warnings: Vec<String> = got.warnings.iter().map(|w| w.to_string()).collect();
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert_eq!(got.warnings[0].code, crate::problem::code::SUMMARY_ROWS);
            assert!(
                warnings[0].ends_with(
                    "summary.csv:9402:1: 47 summary rows (`Rata-rata Provinsi`) are not regions: they are not scored"
                ),
                "{warnings:?}"
            );
        }
    }
}

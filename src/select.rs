//! Picking what a command works on, the same way in every command: a region by the name the
//! user typed (`--baseline`, `--focus`), one stage of the input (`--stage`), and the years
//! compared. Messages are in the language given.

use crate::assessment::{Assessments, Key};
use crate::i18n::{Lang, Localized};

/// Collapse case and runs of white space, for matching names typed on the command line.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Why no region or stage could be picked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum SelectError {
    /// No region has the name typed.
    NoRegion {
        /// The name typed.
        want: String,
        /// The regions there are (the first [`LISTED_NAMES`]).
        names: Vec<String>,
        /// How many regions there are.
        count: usize,
    },
    /// The name typed matches several regions.
    SeveralRegions {
        /// The name typed.
        want: String,
        /// The regions it matches (the first [`LISTED_NAMES`]).
        names: Vec<String>,
        /// How many it matches.
        count: usize,
    },
    /// No assessment has the stage asked for.
    NoSuchStage {
        /// The stage asked for, folded to lower case.
        want: String,
        /// The stages in the input (`(none)` for assessments without one).
        stages: Vec<Option<String>>,
    },
    /// The input has several stages and none was asked for.
    SeveralStages {
        /// The stages in the input (`None` for assessments without one).
        stages: Vec<Option<String>>,
    },
    /// Some assessments have a year and some do not.
    MixedYears {
        /// The regions without a year (the first [`LISTED_NAMES`]).
        without: Vec<String>,
        /// How many regions have no year.
        count: usize,
    },
}

impl SelectError {
    fn names(want: &str, idx: &[usize], names: &[&str], several: bool) -> SelectError {
        let (want, count) = (want.to_string(), idx.len());
        let names = idx.iter().take(LISTED_NAMES).map(|&i| names[i].to_string()).collect();
        match several {
            true => SelectError::SeveralRegions { want, names, count },
            false => SelectError::NoRegion { want, names, count },
        }
    }
}

impl Localized for SelectError {
    fn message(&self, lang: Lang) -> String {
        let list = |names: &[String], count| name_list(names.iter().map(String::as_str), count, lang);
        let stage_list = |stages: &[Option<String>]| {
            let names: Vec<&str> =
                stages.iter().map(|s| s.as_deref().unwrap_or(lang.t("(none)", "(tanpa tahap)"))).collect();
            names.join(", ")
        };
        match (self, lang) {
            (SelectError::NoRegion { want, names, count }, Lang::En) => {
                format!("no region `{want}`; the regions are: {}", list(names, *count))
            }
            (SelectError::NoRegion { want, names, count }, Lang::Id) => {
                format!("tidak ada wilayah `{want}`; wilayahnya: {}", list(names, *count))
            }
            (SelectError::SeveralRegions { want, names, count }, Lang::En) => {
                format!("`{want}` matches several regions ({}); give more of the name", list(names, *count))
            }
            (SelectError::SeveralRegions { want, names, count }, Lang::Id) => format!(
                "`{want}` cocok dengan beberapa wilayah ({}); tulis lebih banyak dari namanya",
                list(names, *count)
            ),
            (SelectError::NoSuchStage { want, stages }, Lang::En) => format!(
                "--stage {want}: no assessment has that stage (stages in the input: {})",
                stage_list(stages)
            ),
            (SelectError::NoSuchStage { want, stages }, Lang::Id) => format!(
                "--stage {want}: tidak ada penilaian pada tahap itu (tahap dalam masukan: {})",
                stage_list(stages)
            ),
            (SelectError::SeveralStages { stages }, Lang::En) => {
                format!("the input has several stages ({})", stage_list(stages))
            }
            (SelectError::SeveralStages { stages }, Lang::Id) => {
                format!("masukan berisi beberapa tahap ({})", stage_list(stages))
            }
            (SelectError::MixedYears { without, count }, Lang::En) => {
                format!("some assessments have a year and some do not ({})", list(without, *count))
            }
            (SelectError::MixedYears { without, count }, Lang::Id) => {
                format!("sebagian penilaian bertahun dan sebagian tidak ({})", list(without, *count))
            }
        }
    }
}

/// The position in `names` of the region a user means by `want`: the name written exactly so,
/// else the one equal to it ignoring case and extra spaces, else the only one containing it
/// (`--baseline "Provinsi Jambi"`). A name that occurs several times in `names` (several years)
/// is one region: its first position is returned.
pub fn find_region(names: &[&str], want: &str) -> Result<usize, SelectError> {
    if let Some(i) = names.iter().position(|n| *n == want) {
        return Ok(i);
    }
    // Distinct names, each at its first position, folded once: one pass, however many regions.
    let mut seen: std::collections::HashSet<&str, foldhash::fast::RandomState> =
        std::collections::HashSet::with_capacity_and_hasher(names.len(), Default::default());
    let distinct: Vec<usize> = (0..names.len()).filter(|&i| seen.insert(names[i])).collect();
    let w = fold(want);
    let (mut same, mut containing) = (Vec::new(), Vec::new());
    for &i in &distinct {
        let f = fold(names[i]);
        if f == w {
            same.push(i);
        } else if !w.is_empty() && f.contains(&w) {
            containing.push(i);
        }
    }
    let found = match same.as_slice() {
        [one] => return Ok(*one),
        [] => containing,
        _ => same,
    };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(SelectError::names(want, &distinct, names, false)),
        many => Err(SelectError::names(want, many, names, true)),
    }
}

/// Most names a message lists; the rest are counted.
pub const LISTED_NAMES: usize = 20;

/// `A, B, C`, or with more than [`LISTED_NAMES`] of them the first ones and `… and 12 more`:
/// a message about 200,000 regions stays one line.
fn name_list<'a>(names: impl Iterator<Item = &'a str>, count: usize, lang: Lang) -> String {
    let mut out = names.take(LISTED_NAMES).collect::<Vec<_>>().join(", ");
    if count > LISTED_NAMES {
        let more = count - LISTED_NAMES;
        out.push_str(&match lang {
            Lang::En => format!(", … and {more} more"),
            Lang::Id => format!(", … dan {more} lainnya"),
        });
    }
    out
}

/// Keep the assessments of one stage: `stage` (any case), or the only one there is. An input
/// with several stages (or staged and unstaged assessments) is refused without one: regions
/// are compared at one stage, never a self-assessment against another region's final result.
pub fn select_stage(set: &mut Assessments, stage: Option<&str>) -> Result<(), SelectError> {
    let stages = set.stages();
    let unstaged = set.iter().any(|a| a.key.stage.is_none());
    let listed = || {
        let mut names: Vec<Option<String>> = stages.iter().cloned().map(Some).collect();
        if unstaged {
            names.push(None);
        }
        names
    };
    match stage {
        Some(want) => {
            let want = want.trim().to_lowercase();
            if !stages.contains(&want) {
                return Err(SelectError::NoSuchStage { want, stages: listed() });
            }
            set.retain(|a| a.key.stage.as_deref() == Some(want.as_str()));
        }
        None if stages.len() + usize::from(unstaged && !stages.is_empty()) > 1 => {
            return Err(SelectError::SeveralStages { stages: listed() })
        }
        None => {}
    }
    Ok(())
}

/// The distinct years of `keys`, ascending; the last is the year compared. Refused when some
/// assessments have a year and some do not: they could be neither ranked together nor placed
/// in the trend.
pub fn years<'a>(keys: impl IntoIterator<Item = &'a Key>) -> Result<Vec<i32>, SelectError> {
    let keys: Vec<&Key> = keys.into_iter().collect();
    let mut years: Vec<i32> = keys.iter().filter_map(|k| k.year).collect();
    years.sort_unstable();
    years.dedup();
    if !years.is_empty() && keys.iter().any(|k| k.year.is_none()) {
        let mut seen = std::collections::HashSet::new();
        let without: Vec<&str> = keys
            .iter()
            .filter(|k| k.year.is_none() && seen.insert(&k.region))
            .map(|k| k.region.as_str())
            .collect();
        let count = without.len();
        let without = without.into_iter().take(LISTED_NAMES).map(str::to_string).collect();
        return Err(SelectError::MixedYears { without, count });
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error as the command line shows it (with the flag that helps).
    fn said<T: std::fmt::Debug>(r: Result<T, SelectError>, lang: Lang) -> String {
        crate::cmd::select_message(&r.unwrap_err(), lang)
    }

    #[test]
    fn regions_are_found_by_full_or_unique_partial_name() {
        let names = ["Pemerintah Provinsi Jambi", "Pemerintah Kota Jambi", "Pemerintah Kab. Kerinci"];
        let en = Lang::En;
        assert_eq!(find_region(&names, "Pemerintah Kota Jambi"), Ok(1));
        // Case and runs of spaces do not matter.
        assert_eq!(find_region(&names, "pemerintah  kota jambi"), Ok(1));
        assert_eq!(find_region(&names, "provinsi jambi"), Ok(0));
        assert_eq!(find_region(&names, "kerinci"), Ok(2));
        let e = said(find_region(&names, "jambi"), en);
        assert_eq!(
            e,
            "`jambi` matches several regions (Pemerintah Provinsi Jambi, Pemerintah Kota Jambi); give more of the name"
        );
        let e = said(find_region(&names, "Bungo"), en);
        assert_eq!(
            e,
            "no region `Bungo`; the regions are: Pemerintah Provinsi Jambi, Pemerintah Kota Jambi, Pemerintah Kab. Kerinci"
        );
        let e = said(find_region(&names, "Bungo"), Lang::Id);
        assert!(e.starts_with("tidak ada wilayah `Bungo`; wilayahnya: Pemerintah Provinsi Jambi"), "{e}");
        // Nothing typed matches nothing.
        assert!(find_region(&names, " ").is_err());
    }

    #[test]
    fn a_long_list_of_regions_is_cut_and_counted() {
        // 30,000 regions, each given in two years: the lookup is one pass over them, and the
        // message lists the first 20 distinct names and counts the other 29,980.
        let owned: Vec<String> = (0..60_000).map(|i| format!("Kab. Wilayah {:06}", i % 30_000)).collect();
        let names: Vec<&str> = owned.iter().map(String::as_str).collect();
        assert_eq!(find_region(&names, "wilayah 029999"), Ok(29_999));
        let e = said(find_region(&names, "Bungo"), Lang::En);
        assert!(
            e.starts_with("no region `Bungo`; the regions are: Kab. Wilayah 000000, Kab. Wilayah 000001,"),
            "{e}"
        );
        assert!(e.ends_with("Kab. Wilayah 000019, … and 29980 more"), "{e}");
        let e = said(find_region(&names, "wilayah 00000"), Lang::Id);
        // 000000 to 000009: ten names, all listed.
        assert!(e.contains("(Kab. Wilayah 000000, Kab. Wilayah 000001,"), "{e}");
        assert!(e.contains("Kab. Wilayah 000009); tulis lebih banyak"), "{e}");
        let e = said(find_region(&names, "wilayah 0"), Lang::Id);
        assert!(e.contains(", … dan 29980 lainnya); tulis"), "{e}");
    }

    #[test]
    fn a_name_given_in_several_years_is_one_region() {
        let names = ["A", "Kab B", "A", "Kab B"];
        assert_eq!(find_region(&names, "kab"), Ok(1));
        assert_eq!(find_region(&names, "a"), Ok(0));
    }

    #[test]
    fn the_exact_spelling_wins_over_names_equal_but_for_case() {
        let names = ["Kota Jambi", "KOTA JAMBI"];
        assert_eq!(find_region(&names, "KOTA JAMBI"), Ok(1));
        let e = said(find_region(&names, "kota jambi"), Lang::En);
        assert!(e.contains("matches several regions (Kota Jambi, KOTA JAMBI)"), "{e}");
    }

    fn key(region: &str, year: Option<i32>) -> Key {
        Key { region: region.into(), year, stage: None, code: None }
    }

    fn staged(items: &[(&str, Option<&str>)]) -> Assessments {
        let mut set = Assessments::default();
        for (region, stage) in items {
            let k =
                Key { region: region.to_string(), year: None, stage: stage.map(str::to_string), code: None };
            set.insert(crate::assessment::Assessment::new(k, 1));
        }
        set
    }

    #[test]
    fn one_stage_is_kept_and_several_need_a_choice() {
        let mut set = staged(&[("A", Some("mandiri")), ("A", Some("final")), ("B", Some("final"))]);
        let e = said(select_stage(&mut set.clone(), None), Lang::En);
        assert_eq!(e, "the input has several stages (mandiri, final): pick one with --stage STAGE");
        let e = said(select_stage(&mut set.clone(), Some("visitasi")), Lang::En);
        assert!(e.starts_with(
            "--stage visitasi: no assessment has that stage (stages in the input: mandiri, final)"
        ));
        select_stage(&mut set, Some(" Final ")).unwrap();
        let kept: Vec<&str> = set.iter().map(|a| a.region()).collect();
        assert_eq!(kept, ["A", "B"]);
        // A staged and an unstaged assessment are two stages too.
        let mut mixed = staged(&[("A", Some("final")), ("B", None)]);
        let e = said(select_stage(&mut mixed, None), Lang::Id);
        assert_eq!(
            e,
            "masukan berisi beberapa tahap (final, (tanpa tahap)): pilih satu dengan --stage TAHAP"
        );
        // One stage, or none: nothing to choose.
        let mut one = staged(&[("A", Some("final")), ("B", Some("final"))]);
        select_stage(&mut one, None).unwrap();
        assert_eq!(one.len(), 2);
        let mut none = staged(&[("A", None), ("B", None)]);
        select_stage(&mut none, None).unwrap();
        assert_eq!(none.len(), 2);
    }

    #[test]
    fn years_ascending_and_never_mixed_with_none() {
        let k = [key("A", Some(2024)), key("B", Some(2023)), key("A", Some(2023))];
        assert_eq!(years(&k), Ok(vec![2023, 2024]));
        assert_eq!(years(&[key("A", None)]), Ok(vec![]));
        let k = [key("A", Some(2024)), key("B", None), key("C", None), key("B", None)];
        assert_eq!(
            said(years(&k), Lang::Id),
            "sebagian penilaian bertahun dan sebagian tidak (B, C): berikan --year untuk masukan tanpa kolom tahun"
        );
        let e = said(years(&k), Lang::En);
        assert!(e.starts_with("some assessments have a year and some do not (B, C):"), "{e}");
    }
}

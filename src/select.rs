//! Picking what a command works on, the same way in every command: a region by the name the
//! user typed (`--baseline`, `--focus`), one stage of the input (`--stage`), and the years
//! compared. Messages are in the language given.

use crate::assessment::{Assessments, Key};
use crate::i18n::Lang;

/// Collapse case and runs of white space, for matching names typed on the command line.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The position in `names` of the region a user means by `want`: the name written exactly so,
/// else the one equal to it ignoring case and extra spaces, else the only one containing it
/// (`--baseline "Provinsi Jambi"`). A name that occurs several times in `names` (several years)
/// is one region: its first position is returned.
pub fn find_region(names: &[&str], want: &str, lang: Lang) -> Result<usize, String> {
    if let Some(i) = names.iter().position(|n| *n == want) {
        return Ok(i);
    }
    // Distinct names, each at its first position.
    let mut distinct: Vec<usize> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if !distinct.iter().any(|&d| names[d] == *n) {
            distinct.push(i);
        }
    }
    let w = fold(want);
    let same: Vec<usize> = distinct.iter().copied().filter(|&i| fold(names[i]) == w).collect();
    let found = match same.as_slice() {
        [one] => return Ok(*one),
        [] => distinct.iter().copied().filter(|&i| !w.is_empty() && fold(names[i]).contains(&w)).collect(),
        _ => same,
    };
    let list = |idx: &[usize]| idx.iter().map(|&i| names[i]).collect::<Vec<_>>().join(", ");
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(match lang {
            Lang::En => format!("no region `{want}`; the regions are: {}", list(&distinct)),
            Lang::Id => format!("tidak ada wilayah `{want}`; wilayahnya: {}", list(&distinct)),
        }),
        many => Err(match lang {
            Lang::En => format!("`{want}` matches several regions ({}); give more of the name", list(many)),
            Lang::Id => {
                format!(
                    "`{want}` cocok dengan beberapa wilayah ({}); tulis lebih banyak dari namanya",
                    list(many)
                )
            }
        }),
    }
}

/// Keep the assessments of one stage: `stage` (any case), or the only one there is. An input
/// with several stages (or staged and unstaged assessments) needs `--stage`: regions are
/// compared at one stage, never a self-assessment against another region's final result.
pub fn select_stage(set: &mut Assessments, stage: Option<&str>, lang: Lang) -> Result<(), String> {
    let stages = set.stages();
    let unstaged = set.iter().any(|a| a.key.stage.is_none());
    let listed = || {
        let mut names = stages.clone();
        if unstaged {
            names.push(lang.t("(none)", "(tanpa tahap)").to_string());
        }
        names.join(", ")
    };
    match stage {
        Some(want) => {
            let want = want.trim().to_lowercase();
            if !stages.contains(&want) {
                return Err(match lang {
                    Lang::En => format!(
                        "--stage {want}: no assessment has that stage (stages in the input: {})",
                        listed()
                    ),
                    Lang::Id => format!(
                        "--stage {want}: tidak ada penilaian pada tahap itu (tahap dalam masukan: {})",
                        listed()
                    ),
                });
            }
            set.retain(|a| a.key.stage.as_deref() == Some(want.as_str()));
        }
        None if stages.len() + usize::from(unstaged && !stages.is_empty()) > 1 => {
            return Err(match lang {
                Lang::En => {
                    format!("the input has several stages ({}): pick one with --stage STAGE", listed())
                }
                Lang::Id => {
                    format!("masukan berisi beberapa tahap ({}): pilih satu dengan --stage TAHAP", listed())
                }
            })
        }
        None => {}
    }
    Ok(())
}

/// The distinct years of `keys`, ascending; the last is the year compared. Refused when some
/// assessments have a year and some do not: they could be neither ranked together nor placed
/// in the trend.
pub fn years<'a>(keys: impl IntoIterator<Item = &'a Key>, lang: Lang) -> Result<Vec<i32>, String> {
    let keys: Vec<&Key> = keys.into_iter().collect();
    let mut years: Vec<i32> = keys.iter().filter_map(|k| k.year).collect();
    years.sort_unstable();
    years.dedup();
    if !years.is_empty() && keys.iter().any(|k| k.year.is_none()) {
        let mut without: Vec<&str> = Vec::new();
        for k in keys.iter().filter(|k| k.year.is_none()) {
            if !without.contains(&k.region.as_str()) {
                without.push(&k.region);
            }
        }
        let without = without.join(", ");
        return Err(match lang {
            Lang::En => format!(
                "some assessments have a year and some do not ({without}): give --year for the inputs without a year column"
            ),
            Lang::Id => format!(
                "sebagian penilaian bertahun dan sebagian tidak ({without}): berikan --year untuk masukan tanpa kolom tahun"
            ),
        });
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_found_by_full_or_unique_partial_name() {
        let names = ["Pemerintah Provinsi Jambi", "Pemerintah Kota Jambi", "Pemerintah Kab. Kerinci"];
        let en = Lang::En;
        assert_eq!(find_region(&names, "Pemerintah Kota Jambi", en), Ok(1));
        // Case and runs of spaces do not matter.
        assert_eq!(find_region(&names, "pemerintah  kota jambi", en), Ok(1));
        assert_eq!(find_region(&names, "provinsi jambi", en), Ok(0));
        assert_eq!(find_region(&names, "kerinci", en), Ok(2));
        let e = find_region(&names, "jambi", en).unwrap_err();
        assert_eq!(
            e,
            "`jambi` matches several regions (Pemerintah Provinsi Jambi, Pemerintah Kota Jambi); give more of the name"
        );
        let e = find_region(&names, "Bungo", en).unwrap_err();
        assert_eq!(
            e,
            "no region `Bungo`; the regions are: Pemerintah Provinsi Jambi, Pemerintah Kota Jambi, Pemerintah Kab. Kerinci"
        );
        let e = find_region(&names, "Bungo", Lang::Id).unwrap_err();
        assert!(e.starts_with("tidak ada wilayah `Bungo`; wilayahnya: Pemerintah Provinsi Jambi"), "{e}");
        // Nothing typed matches nothing.
        assert!(find_region(&names, " ", en).is_err());
    }

    #[test]
    fn a_name_given_in_several_years_is_one_region() {
        let names = ["A", "Kab B", "A", "Kab B"];
        assert_eq!(find_region(&names, "kab", Lang::En), Ok(1));
        assert_eq!(find_region(&names, "a", Lang::En), Ok(0));
    }

    #[test]
    fn the_exact_spelling_wins_over_names_equal_but_for_case() {
        let names = ["Kota Jambi", "KOTA JAMBI"];
        assert_eq!(find_region(&names, "KOTA JAMBI", Lang::En), Ok(1));
        let e = find_region(&names, "kota jambi", Lang::En).unwrap_err();
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
        let e = select_stage(&mut set.clone(), None, Lang::En).unwrap_err();
        assert_eq!(e, "the input has several stages (mandiri, final): pick one with --stage STAGE");
        let e = select_stage(&mut set.clone(), Some("visitasi"), Lang::En).unwrap_err();
        assert!(e.starts_with(
            "--stage visitasi: no assessment has that stage (stages in the input: mandiri, final)"
        ));
        select_stage(&mut set, Some(" Final "), Lang::En).unwrap();
        let kept: Vec<&str> = set.iter().map(|a| a.region()).collect();
        assert_eq!(kept, ["A", "B"]);
        // A staged and an unstaged assessment are two stages too.
        let mut mixed = staged(&[("A", Some("final")), ("B", None)]);
        let e = select_stage(&mut mixed, None, Lang::Id).unwrap_err();
        assert_eq!(
            e,
            "masukan berisi beberapa tahap (final, (tanpa tahap)): pilih satu dengan --stage TAHAP"
        );
        // One stage, or none: nothing to choose.
        let mut one = staged(&[("A", Some("final")), ("B", Some("final"))]);
        select_stage(&mut one, None, Lang::En).unwrap();
        assert_eq!(one.len(), 2);
        let mut none = staged(&[("A", None), ("B", None)]);
        select_stage(&mut none, None, Lang::En).unwrap();
        assert_eq!(none.len(), 2);
    }

    #[test]
    fn years_ascending_and_never_mixed_with_none() {
        let k = [key("A", Some(2024)), key("B", Some(2023)), key("A", Some(2023))];
        assert_eq!(years(&k, Lang::En), Ok(vec![2023, 2024]));
        assert_eq!(years(&[key("A", None)], Lang::En), Ok(vec![]));
        let k = [key("A", Some(2024)), key("B", None), key("C", None), key("B", None)];
        let e = years(&k, Lang::En).unwrap_err();
        assert!(e.starts_with("some assessments have a year and some do not (B, C):"), "{e}");
    }
}

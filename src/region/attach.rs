//! Codes for the regions read: each assessment's name (or code column) resolved to the
//! registry, the spellings of one government made one name, and `--province` applied.

use std::collections::HashMap;

use rayon::prelude::*;

use super::message::{Named, RegistryMessage};
use super::resolve::{resolve, says_pemda};
use super::{Region, Resolution};
use crate::assessment::{Assessment, Assessments, Key};
use crate::problem::{code, snippet, Message, Problem, Problems};
use crate::rubric::Rubric;

/// At most this many names are listed in the warning about unresolved names.
const MAX_LISTED: usize = 20;
/// Assessments a thread takes at least, in the passes over all of them.
const CHUNK: usize = 1 << 14;

/// Give every assessment the code its name resolves to (a code column, read earlier, wins),
/// then name every government by its latest spelling (the latest year's; the last read in
/// that year), so that one government is one region across years and inputs. Assessments of
/// one government, year and stage spelled two ways are merged. Returns the warnings: ambiguous
/// names, near spellings, names not in the registry.
///
/// A generated input may have hundreds of thousands of regions: every pass over all of them
/// runs in parallel chunks, and what a pass finds worth a word is gathered per chunk, in order.
pub fn attach_codes(rubric: &Rubric, set: &mut Assessments) -> Result<Vec<Problem>, Problems> {
    let mut warnings = Vec::new();
    let items = &set.items;
    // One look at every key: whether any has a year or a stage, or a code column's code.
    let (plain, any_code) = items
        .par_chunks(CHUNK)
        .map(|c| {
            let plain = c.iter().all(|a| a.key.year.is_none() && a.key.stage.is_none());
            (plain, c.iter().any(|a| a.key.code.is_some()))
        })
        .reduce(|| (true, false), |a, b| (a.0 && b.0, a.1 || b.1));
    // Each distinct name once (a national table repeats them every year), with where each
    // assessment's name is in `distinct` (`None`: at its own position). Keys are distinct (the
    // set's index holds each once), so without years and stages the names are.
    let (slots, distinct): (Option<Vec<usize>>, Vec<(&str, u32)>) = if plain {
        (None, items.par_iter().with_min_len(CHUNK).map(|a| (a.key.region.as_str(), a.file)).collect())
    } else {
        // foldhash, not SipHash: names are hashed once each, hundreds of thousands of them.
        let mut first: HashMap<&str, usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(items.len(), Default::default());
        let mut distinct = Vec::new();
        let slots = items
            .iter()
            .map(|a| {
                *first.entry(a.key.region.as_str()).or_insert_with(|| {
                    distinct.push((a.key.region.as_str(), a.file));
                    distinct.len() - 1
                })
            })
            .collect();
        (Some(slots), distinct)
    };
    let slot = |i: usize| slots.as_ref().map_or(i, |s| s[i]);
    // A code column wins over the name: the code given with each name (the last one given), and
    // the assessment that gave it first (warned about below where the name says otherwise).
    let mut given: HashMap<usize, &'static Region> = HashMap::new();
    let mut first_given: Vec<(usize, &'static Region)> = Vec::new();
    if any_code {
        for (i, a) in items.iter().enumerate() {
            let Some(code) = a.key.code else { continue };
            if given.insert(slot(i), code).is_none() {
                first_given.push((i, code));
            }
        }
    }
    let file_of = |f: u32| set.files.get(f as usize).cloned().unwrap_or_default();
    // Each distinct name resolved, in parallel chunks that note what is worth a warning.
    let size = distinct.len().div_ceil(4 * crate::parallel::threads()).max(4096);
    let found: Vec<Found> = distinct
        .par_chunks(size)
        .enumerate()
        .map(|(k, chunk)| {
            let mut f = Found { regions: Vec::with_capacity(chunk.len()), ..Found::default() };
            for (j, &(name, file)) in chunk.iter().enumerate() {
                let r = resolve(name);
                f.regions.push(r.region());
                match r {
                    Resolution::Found(_) => f.any_resolved = true,
                    Resolution::Near(r) => {
                        f.any_resolved = true;
                        f.near.push((snippet(name), Named::of(r)));
                    }
                    Resolution::Ambiguous(candidates) => f.ambiguous.push(Problem::file(
                        file_of(file),
                        code::REGION_AMBIGUOUS,
                        Message::said(RegistryMessage::Ambiguous {
                            name: snippet(name),
                            candidates: candidates.iter().map(|r| Named::of(r)).collect(),
                        }),
                    )),
                    Resolution::Central => {}
                    // A name with a code column somewhere is not unresolved.
                    Resolution::Unknown if given.contains_key(&(k * size + j)) => {}
                    Resolution::Unknown => {
                        f.unknown[0].add(name);
                        if says_pemda(name) {
                            f.unknown[1].add(name);
                        }
                    }
                }
            }
            f
        })
        .collect();
    let mut regions: Vec<Option<&'static Region>> = Vec::with_capacity(distinct.len());
    let mut near = Vec::new();
    let mut unknown = [Unknown::default(), Unknown::default()];
    let mut any_resolved = !given.is_empty();
    for f in found {
        regions.extend(f.regions);
        warnings.extend(f.ambiguous);
        near.extend(f.near);
        any_resolved |= f.any_resolved;
        for (all, part) in unknown.iter_mut().zip(f.unknown) {
            all.count += part.count;
            all.first.extend(part.first.into_iter().take(MAX_LISTED - all.first.len()));
        }
    }
    // One warning per name whose code column and name disagree.
    for (i, code) in first_given {
        let a = &items[i];
        if let Some(other) = regions[slot(i)].filter(|r| *r != code) {
            warnings.push(Problem::file(
                file_of(a.file),
                code::REGION_CODE_NAME,
                Message::said(RegistryMessage::CodeName {
                    region: snippet(&a.key.region),
                    code: Named::of(code),
                    name: Named::of(other),
                }),
            ));
        }
    }
    if !near.is_empty() {
        warnings.push(Problem::general(code::REGION_NEAR, Message::said(RegistryMessage::Near(near))));
    }
    // Names of a file that has nothing to do with the registry ("A", "Region 7") are not worth
    // a word; names that say they are a pemda, or sit beside names that resolved, are.
    let [all, pemda] = unknown;
    let unknown = if any_resolved { all } else { pemda };
    if unknown.count > 0 {
        let names = unknown.first.iter().map(|n| snippet(n)).collect();
        warnings.push(Problem::general(
            code::REGION_UNRESOLVED,
            Message::said(RegistryMessage::Unresolved { names, count: unknown.count }),
        ));
    }
    if !any_resolved {
        // No name resolved and no code given: no assessment has a code, nothing to rename.
        return Ok(warnings);
    }

    let mut items = std::mem::take(&mut set.items);
    items.par_iter_mut().enumerate().with_min_len(CHUNK).for_each(|(i, a)| {
        let s = slot(i);
        a.key.code = a.key.code.or_else(|| given.get(&s).copied()).or(regions[s]);
    });

    // The latest spelling of each government: the latest year's, the last read within it (the
    // greatest year and position, found per chunk, then across them).
    let latest = items
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(k, chunk)| {
            let mut latest: HashMap<&'static str, (Option<i32>, usize)> = HashMap::new();
            for (j, a) in chunk.iter().enumerate() {
                if let Some(r) = a.key.code {
                    let e = latest.entry(r.code.as_str()).or_insert((a.key.year, k * CHUNK + j));
                    *e = (*e).max((a.key.year, k * CHUNK + j));
                }
            }
            latest
        })
        .reduce(HashMap::new, |mut a, b| {
            for (code, at) in b {
                let e = a.entry(code).or_insert(at);
                *e = (*e).max(at);
            }
            a
        });
    let names: HashMap<&'static str, String> =
        latest.into_iter().map(|(code, (_, i))| (code, items[i].key.region.clone())).collect();
    let latest_name = |a: &Assessment| a.key.code.and_then(|r| names.get(r.code.as_str()));
    if items.par_iter().with_min_len(CHUNK).all(|a| latest_name(a).is_none_or(|n| *n == a.key.region)) {
        // Every government is spelled one way: the keys (and the index) stay as they are.
        set.items = items;
        return Ok(warnings);
    }
    let files = &set.files;
    let mut problems = Problems::default();
    let mut merged: Vec<Assessment> = Vec::with_capacity(items.len());
    let mut at: HashMap<Key, usize> = HashMap::new();
    for mut a in items {
        let spelled = a.key.region.clone();
        if let Some(name) = latest_name(&a) {
            if *name != a.key.region {
                a.key.region = name.clone();
            }
        }
        match at.get(&a.key) {
            None => {
                at.insert(a.key.clone(), merged.len());
                merged.push(a);
            }
            Some(&i) => merge(rubric, &mut merged[i], a, &spelled, files, &mut problems),
        }
    }
    set.items = merged;
    set.reindex();
    problems.into_result(warnings)
}

/// What resolving a chunk of the distinct names found: each one's region, and what is worth a
/// warning, in order.
#[derive(Default)]
struct Found<'n> {
    regions: Vec<Option<&'static Region>>,
    any_resolved: bool,
    near: Vec<(String, Named)>,
    ambiguous: Vec<Problem>,
    /// Names not in the registry (and without a code column): all, and those that say they
    /// are a pemda.
    unknown: [Unknown<'n>; 2],
}

/// Names not in the registry: how many, and the first [`MAX_LISTED`].
#[derive(Default)]
struct Unknown<'n> {
    count: usize,
    first: Vec<&'n str>,
}

impl<'n> Unknown<'n> {
    fn add(&mut self, name: &'n str) {
        self.count += 1;
        if self.first.len() < MAX_LISTED {
            self.first.push(name);
        }
    }
}

/// Merge `b` (spelled `spelled`) into `a`, one government in the same year and stage.
fn merge(
    rubric: &Rubric,
    a: &mut Assessment,
    mut b: Assessment,
    spelled: &str,
    files: &[String],
    problems: &mut Problems,
) {
    for node in b.values.given().collect::<Vec<_>>() {
        if a.values[node].is_some() {
            let file = files.get(b.file as usize).cloned().unwrap_or_default();
            problems.push(Problem::file(
                file,
                code::REGION_MERGED,
                Message::said(RegistryMessage::Merged {
                    spelled: snippet(spelled),
                    kept: snippet(&a.key.region),
                    region: a.key.code.map_or(Named { name: String::new(), code: String::new() }, Named::of),
                    kind: rubric.node(node).kind,
                    id: rubric.node(node).id.clone(),
                    year: a.key.year,
                }),
            ));
            return;
        }
        a.values.set(node, b.values[node]);
    }
    a.take_notes(&mut b, false);
}

/// Keep only the province and its kabupaten/kota.
pub fn keep_province(set: &mut Assessments, province: &Region) {
    set.retain(|a| a.key.province() == Some(province.code.as_str()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn set_of(names: &[(String, Option<i32>)]) -> Assessments {
        let mut set = Assessments::default();
        set.files.push("in.csv".into());
        for (name, year) in names {
            set.insert(Assessment::new(Key::new(name.clone(), *year, None), 59));
        }
        set
    }

    fn messages(warnings: &[Problem]) -> Vec<(&'static str, String)> {
        warnings.iter().map(|p| (p.code, p.message.in_lang(Lang::En).into_owned())).collect()
    }

    /// 20,000 names (five chunks or more, whatever the threads): the warnings and codes are
    /// those of the names one by one, in input order.
    #[test]
    fn names_over_many_chunks_are_warned_about_in_order() {
        let rubric = crate::rubric::embedded("spbe-2020").unwrap().load().unwrap();
        // Every third name says nothing of a pemda ("Region 0", "Region 3", …); the others do.
        let name = |k: usize| match k {
            7000 => "Bandung".to_string(),
            12000 => "Kabupaten Batu".to_string(),
            15000 => "Pemerintah Jambi".to_string(),
            19000 => "Kab. Kerinci".to_string(),
            k if k % 3 == 0 => format!("Region {k}"),
            k => format!("Kab. Wilayah {k:05}"),
        };
        let names: Vec<(String, Option<i32>)> = (0..20_000).map(|k| (name(k), None)).collect();
        let mut set = set_of(&names);
        let warnings = attach_codes(&rubric, &mut set).unwrap();
        let got = messages(&warnings);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0].0, code::REGION_AMBIGUOUS);
        assert!(got[0].1.starts_with("region `Bandung` fits"), "{}", got[0].1);
        assert_eq!(got[1].0, code::REGION_AMBIGUOUS);
        assert!(got[1].1.starts_with("region `Pemerintah Jambi` fits"), "{}", got[1].1);
        assert_eq!(got[2].0, code::REGION_NEAR);
        assert!(got[2].1.contains("`Kabupaten Batu`"), "{}", got[2].1);
        // A name resolved, so every unknown name is listed: 20,000 less the four above; the
        // first 20 in input order, the rest counted.
        assert_eq!(got[3].0, code::REGION_UNRESOLVED);
        let first: Vec<String> = (0..20).map(|k| format!("`{}`", name(k))).collect();
        assert!(got[3].1.starts_with("19996 region names are not in"), "{}", got[3].1);
        assert!(got[3].1.ends_with(&format!("{}, … and 19976 more", first.join(", "))), "{}", got[3].1);
        let code_at = |k: usize| set.items[k].key.code();
        assert_eq!((code_at(12000), code_at(19000)), (Some("35.79"), Some("15.01")));
        assert_eq!(set.items.iter().filter(|a| a.key.code.is_some()).count(), 2);
        assert_eq!(set.items[7000].key.region, "Bandung");

        // Without a name that resolves, only the names that say they are a pemda are worth a
        // word: 13,333 of the 20,000 (k not a multiple of 3), less 7,000 and 19,000 replaced
        // above (12,000 and 15,000 are multiples of 3), and no code is given.
        let names: Vec<(String, Option<i32>)> =
            (0..20_000).filter(|&k| k != 12000 && k != 19000).map(|k| (name(k), None)).collect();
        let mut set = set_of(&names);
        let got = messages(&attach_codes(&rubric, &mut set).unwrap());
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[2].1.starts_with("13331 region names are not in"), "{}", got[2].1);
        assert!(got[2].1.contains("`Kab. Wilayah 00001`, `Kab. Wilayah 00002`, `Kab. Wilayah 00004`"));
        assert!(set.items.iter().all(|a| a.key.code.is_none()));
    }

    /// With years, one government spelled two ways is named by its latest year's spelling,
    /// across chunks of assessments.
    #[test]
    fn the_latest_spelling_names_a_government_across_chunks() {
        let rubric = crate::rubric::embedded("spbe-2020").unwrap().load().unwrap();
        // Kerinci in 2024 read first, then 2023 (near the end): the 2024 spelling wins; Jambi
        // (the city) twice in 2024: the one read last wins.
        let mut names: Vec<(String, Option<i32>)> =
            vec![("Kabupaten Kerinci".into(), Some(2024)), ("Kota Jambi".into(), Some(2024))];
        names.extend((0..40_000).map(|k| (format!("Region {k}"), Some(2023))));
        names.push(("Kab. Kerinci".into(), Some(2023)));
        names.push(("Pemerintah Kota Jambi".into(), Some(2023)));
        names.push(("Kota Jambi ".into(), Some(2024)));
        let mut set = set_of(&names);
        attach_codes(&rubric, &mut set).unwrap();
        let named = |code: &str| -> Vec<(String, Option<i32>)> {
            let of = set.items.iter().filter(|a| a.key.code() == Some(code));
            of.map(|a| (a.key.region.clone(), a.key.year)).collect()
        };
        assert_eq!(
            named("15.01"),
            [("Kabupaten Kerinci".into(), Some(2024)), ("Kabupaten Kerinci".into(), Some(2023))]
        );
        assert_eq!(
            named("15.71"),
            [("Kota Jambi ".into(), Some(2024)), ("Kota Jambi ".into(), Some(2023))],
            "the two 2024 spellings merged into the last one read"
        );
    }
}

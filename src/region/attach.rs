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
pub fn attach_codes(rubric: &Rubric, set: &mut Assessments) -> Result<Vec<Problem>, Problems> {
    let mut warnings = Vec::new();
    // Each distinct name once (a national table repeats them every year), in parallel: a
    // generated input may have hundreds of thousands. Keys are distinct (the set's index holds
    // each once), so without years and stages the names are, and need no looking up.
    let items = &set.items;
    let (slots, distinct): (Vec<usize>, Vec<(&str, u32)>) =
        if items.par_iter().with_min_len(CHUNK).all(|a| a.key.year.is_none() && a.key.stage.is_none()) {
            let distinct = items.par_iter().with_min_len(CHUNK).map(|a| (a.key.region.as_str(), a.file));
            ((0..items.len()).collect(), distinct.collect())
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
            (slots, distinct)
        };
    // With each unknown name, whether it says it is a pemda (see below), found in parallel too.
    let (resolved, pemda): (Vec<Resolution>, Vec<bool>) =
        crate::parallel::map_chunks(&distinct, crate::parallel::threads(), 4096, |chunk| {
            chunk
                .iter()
                .map(|(name, _)| {
                    let r = resolve(name);
                    let pemda = r == Resolution::Unknown && says_pemda(name);
                    (r, pemda)
                })
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .unzip();
    let file_of = |f: u32| set.files.get(f as usize).cloned().unwrap_or_default();
    let mut near: Vec<(&str, &'static Region)> = Vec::new();
    // Unknown names with their slot in `distinct`.
    let mut unknown: Vec<(&str, usize)> = Vec::new();
    let mut any_resolved = false;
    for (slot, (&(name, file), resolution)) in distinct.iter().zip(&resolved).enumerate() {
        match resolution {
            Resolution::Found(_) => any_resolved = true,
            Resolution::Near(r) => {
                any_resolved = true;
                near.push((name, r));
            }
            Resolution::Ambiguous(candidates) => {
                warnings.push(Problem::file(
                    file_of(file),
                    code::REGION_AMBIGUOUS,
                    Message::said(RegistryMessage::Ambiguous {
                        name: snippet(name),
                        candidates: candidates.iter().map(|r| Named::of(r)).collect(),
                    }),
                ));
            }
            Resolution::Central => {}
            Resolution::Unknown => unknown.push((name, slot)),
        }
    }
    // A code column wins over the name (one warning per name where they disagree).
    let mut given: HashMap<usize, &'static Region> = HashMap::new();
    for (a, &slot) in set.items.iter().zip(&slots) {
        let Some(code) = a.key.code else { continue };
        any_resolved = true;
        if given.insert(slot, code).is_some() {
            continue;
        }
        if let Some(other) = resolved[slot].region().filter(|r| *r != code) {
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
    // A name with a code column somewhere is not unresolved.
    unknown.retain(|(_, slot)| !given.contains_key(slot));
    if !near.is_empty() {
        let list = near.iter().map(|(n, r)| (snippet(n), Named::of(r))).collect();
        warnings.push(Problem::general(code::REGION_NEAR, Message::said(RegistryMessage::Near(list))));
    }
    // Names of a file that has nothing to do with the registry ("A", "Region 7") are not worth
    // a word; names that say they are a pemda, or sit beside names that resolved, are.
    unknown.retain(|&(_, slot)| any_resolved || pemda[slot]);
    if !unknown.is_empty() {
        let names = unknown.iter().take(MAX_LISTED).map(|(n, _)| snippet(n)).collect();
        warnings.push(Problem::general(
            code::REGION_UNRESOLVED,
            Message::said(RegistryMessage::Unresolved { names, count: unknown.len() }),
        ));
    }

    let mut items = std::mem::take(&mut set.items);
    // Passes over every assessment run in parallel chunks: there may be hundreds of thousands.
    items.par_iter_mut().zip(&slots).with_min_len(CHUNK).for_each(|(a, slot)| {
        a.key.code = a.key.code.or_else(|| given.get(slot).copied()).or(resolved[*slot].region());
    });

    // The latest spelling of each government: the latest year's, the last read within it.
    let mut latest: HashMap<&'static str, (Option<i32>, usize)> = HashMap::new();
    for (i, a) in items.iter().enumerate() {
        if let Some(r) = a.key.code {
            let e = latest.entry(r.code.as_str()).or_insert((a.key.year, i));
            if a.key.year >= e.0 {
                *e = (a.key.year, i);
            }
        }
    }
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

/// Merge `b` (spelled `spelled`) into `a`, one government in the same year and stage.
fn merge(
    rubric: &Rubric,
    a: &mut Assessment,
    b: Assessment,
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
    a.notes.extend(b.notes);
}

/// Keep only the province and its kabupaten/kota.
pub fn keep_province(set: &mut Assessments, province: &Region) {
    set.retain(|a| a.key.province() == Some(province.code.as_str()));
}

//! Codes for the regions read: each assessment's name (or code column) resolved to the
//! registry, the spellings of one government made one name, and `--province` applied.

use std::collections::HashMap;

use super::resolve::{resolve, says_pemda};
use super::{Region, Resolution};
use crate::assessment::{Assessment, Assessments, Key};
use crate::problem::{code, snippet, Problem, Problems};
use crate::rubric::Rubric;

/// At most this many names are listed in the warning about unresolved names.
const MAX_LISTED: usize = 20;

/// Give every assessment the code its name resolves to (a code column, read earlier, wins),
/// then name every government by its latest spelling (the latest year's; the last read in
/// that year), so that one government is one region across years and inputs. Assessments of
/// one government, year and stage spelled two ways are merged. Returns the warnings: ambiguous
/// names, near spellings, names not in the registry.
pub fn attach_codes(rubric: &Rubric, set: &mut Assessments) -> Result<Vec<Problem>, Problems> {
    let mut warnings = Vec::new();
    let mut cache: HashMap<String, Resolution> = HashMap::new();
    let mut ambiguous: Vec<String> = Vec::new();
    let mut near: Vec<(String, &'static Region)> = Vec::new();
    let mut unknown: Vec<(String, bool)> = Vec::new();
    let mut any_resolved = false;
    let files = set.files.clone();
    let mut items = std::mem::take(&mut set.items);
    for a in &mut items {
        let name = a.key.region.clone();
        let resolution = cache.entry(name.clone()).or_insert_with(|| resolve(&name));
        let file = files.get(a.file as usize).cloned().unwrap_or_default();
        if let Some(given) = a.key.code {
            any_resolved = true;
            if let Some(other) = resolution.region().filter(|r| *r != given) {
                warnings.push(Problem::file(
                    file,
                    code::REGION_CODE_NAME,
                    format!(
                        "region `{}` is given code {} ({}), but its name reads as {} ({}); the code wins",
                        snippet(&name),
                        given.code,
                        given.full_name(),
                        other.full_name(),
                        other.code
                    ),
                ));
                // Once per name.
                *resolution = Resolution::Found(given);
            }
            continue;
        }
        match resolution {
            Resolution::Found(r) => {
                a.key.code = Some(r);
                any_resolved = true;
            }
            Resolution::Near(r) => {
                a.key.code = Some(r);
                any_resolved = true;
                if !near.iter().any(|(n, _)| *n == name) {
                    near.push((name, r));
                }
            }
            Resolution::Ambiguous(candidates) => {
                if !ambiguous.contains(&name) {
                    let list: Vec<String> =
                        candidates.iter().map(|r| format!("{} ({})", r.full_name(), r.code)).collect();
                    warnings.push(Problem::file(
                        file,
                        code::REGION_AMBIGUOUS,
                        format!(
                            "region `{}` fits {}; it gets no code: write Kabupaten, Kota or Provinsi in the name, or give a code column",
                            snippet(&name),
                            list.join(", ")
                        ),
                    ));
                    ambiguous.push(name);
                }
            }
            Resolution::Central => {}
            Resolution::Unknown => {
                if !unknown.iter().any(|(n, _)| *n == name) {
                    let pemda = says_pemda(&name);
                    unknown.push((name, pemda));
                }
            }
        }
    }
    if !near.is_empty() {
        let list: Vec<String> =
            near.iter().map(|(n, r)| format!("`{}` as {} ({})", snippet(n), r.full_name(), r.code)).collect();
        warnings.push(Problem::general(
            code::REGION_NEAR,
            format!("region names taken by a near spelling (check them): {}", list.join("; ")),
        ));
    }
    // Names of a file that has nothing to do with the registry ("A", "Region 7") are not worth
    // a word; names that say they are a pemda, or sit beside names that resolved, are.
    let unknown: Vec<&str> =
        unknown.iter().filter(|(_, pemda)| *pemda || any_resolved).map(|(n, _)| n.as_str()).collect();
    if !unknown.is_empty() {
        let mut list: Vec<String> =
            unknown.iter().take(MAX_LISTED).map(|n| format!("`{}`", snippet(n))).collect();
        if unknown.len() > MAX_LISTED {
            list.push(format!("… and {} more", unknown.len() - MAX_LISTED));
        }
        warnings.push(Problem::general(
            code::REGION_UNRESOLVED,
            format!(
                "{} region {} not in the Kemendagri registry and {} no code (`spbe regions resolve` says why): {}",
                unknown.len(),
                if unknown.len() == 1 { "name is" } else { "names are" },
                if unknown.len() == 1 { "gets" } else { "get" },
                list.join(", ")
            ),
        ));
    }

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
    let mut problems = Problems::default();
    let mut merged: Vec<Assessment> = Vec::with_capacity(items.len());
    let mut at: HashMap<Key, usize> = HashMap::new();
    for mut a in items {
        let spelled = a.key.region.clone();
        if let Some(name) = a.key.code.and_then(|r| names.get(r.code.as_str())) {
            if *name != a.key.region {
                a.key.region = name.clone();
            }
        }
        match at.get(&a.key) {
            None => {
                at.insert(a.key.clone(), merged.len());
                merged.push(a);
            }
            Some(&i) => merge(rubric, &mut merged[i], a, &spelled, &files, &mut problems),
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
                format!(
                    "`{}` and `{}` are one government ({}, code {}), and both give {} {}{}: keep one of them",
                    snippet(spelled),
                    snippet(&a.key.region),
                    a.key.code.map_or(String::new(), Region::full_name),
                    a.key.code().unwrap_or_default(),
                    rubric.node(node).kind.as_str(),
                    rubric.node(node).id,
                    a.key.year.map_or(String::new(), |y| format!(" in {y}"))
                ),
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

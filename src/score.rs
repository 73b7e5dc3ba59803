//! The engine: indicator → aspect → domain → index, exactly as PermenPANRB 59/2020 Lampiran
//! B.3–B.4 computes it. A group's score is Σ(score × weight) / Σ(weight) over its children;
//! a node given a value in the input keeps that value. Full precision throughout.

use crate::assessment::{Assessment, Assessments, Key};
use crate::problem::{Problem, Problems};
use crate::rubric::Rubric;

/// The scores of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionScore {
    pub key: Key,
    /// One entry per rubric node; `None` where neither given nor computable.
    pub scores: Vec<Option<f64>>,
    /// Unrounded index.
    pub index: f64,
    /// Index into `rubric.bands`.
    pub band: usize,
    /// Every indicator was covered (given, or under a given node).
    pub complete: bool,
    /// Indicators neither given nor under a given node.
    pub missing: Vec<usize>,
}

impl RegionScore {
    pub fn region(&self) -> &str {
        &self.key.region
    }

    pub fn rating<'r>(&self, rubric: &'r Rubric) -> &'r str {
        &rubric.bands[self.band].name
    }
}

/// Scores of every node, the index, and the indicators left uncovered. Where children are
/// missing, the group's weights are renormalised over those present.
pub fn compute(rubric: &Rubric, values: &[Option<f64>]) -> (Vec<Option<f64>>, Option<f64>, Vec<usize>) {
    let mut scores = values.to_vec();
    // Reverse pre-order visits children before parents.
    for i in (0..rubric.nodes.len()).rev() {
        if scores[i].is_some() || rubric.nodes[i].children.is_empty() {
            continue;
        }
        scores[i] = weighted_mean(rubric, &rubric.nodes[i].children, &scores);
    }
    let index = weighted_mean(rubric, &rubric.roots, &scores);
    let missing = rubric.indicators.iter().copied().filter(|&i| !covered(rubric, values, i)).collect();
    (scores, index, missing)
}

fn weighted_mean(rubric: &Rubric, nodes: &[usize], scores: &[Option<f64>]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for &c in nodes {
        if let Some(s) = scores[c] {
            let w = rubric.nodes[c].weight;
            sum += s * w;
            weight += w;
        }
    }
    (weight > 0.0).then(|| sum / weight)
}

/// An indicator is covered when it or one of its ancestors has a value.
fn covered(rubric: &Rubric, values: &[Option<f64>], mut node: usize) -> bool {
    loop {
        if values[node].is_some() {
            return true;
        }
        match rubric.nodes[node].parent {
            Some(p) => node = p,
            None => return false,
        }
    }
}

/// Score one assessment. Without `allow_missing`, an uncovered indicator is a problem.
pub fn score_one(rubric: &Rubric, a: &Assessment, allow_missing: bool) -> Result<RegionScore, String> {
    let (scores, index, missing) = compute(rubric, &a.values);
    if !missing.is_empty() && !allow_missing {
        return Err(format!(
            "{}: missing {} ({}); fill them in, or pass --allow-missing to score over what is given",
            a.label(),
            plural(missing.len(), "indicator", "indicators"),
            id_list(rubric, &missing)
        ));
    }
    let index = index.ok_or_else(|| format!("{}: no values given", a.label()))?;
    Ok(RegionScore {
        key: a.key.clone(),
        band: rubric.rating_index(index),
        complete: missing.is_empty(),
        scores,
        index,
        missing,
    })
}

/// Score every assessment, in input order. All regions' problems are reported together.
pub fn score_all(
    rubric: &Rubric,
    set: &Assessments,
    allow_missing: bool,
) -> Result<Vec<RegionScore>, Problems> {
    let mut out = Vec::with_capacity(set.len());
    let mut problems = Problems::default();
    for a in set.iter() {
        match score_one(rubric, a, allow_missing) {
            Ok(s) => out.push(s),
            Err(msg) => problems.push(Problem::file(source_file(set, a), msg)),
        }
    }
    problems.into_result(out)
}

/// The file an assessment's first value came from.
pub fn source_file(set: &Assessments, a: &Assessment) -> String {
    let first = a.values.iter().position(Option::is_some).map(|n| a.origin(n).file as usize).unwrap_or(0);
    set.files.get(first).cloned().unwrap_or_default()
}

/// Warnings for regions scored over part of the rubric.
pub fn incomplete_warnings(rubric: &Rubric, scores: &[RegionScore]) -> Vec<String> {
    scores
        .iter()
        .filter(|s| !s.complete)
        .map(|s| {
            format!(
                "{}: incomplete, scored over what was given; missing {} ({})",
                label(&s.key),
                plural(s.missing.len(), "indicator", "indicators"),
                id_list(rubric, &s.missing)
            )
        })
        .collect()
}

pub fn label(key: &Key) -> String {
    let mut extra = Vec::new();
    if let Some(y) = key.year {
        extra.push(y.to_string());
    }
    if let Some(s) = &key.stage {
        extra.push(s.clone());
    }
    if extra.is_empty() {
        key.region.clone()
    } else {
        format!("{} ({})", key.region, extra.join(", "))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1, 2, 5..9` style list of node ids; runs of consecutive indicators are folded.
pub fn id_list(rubric: &Rubric, nodes: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < nodes.len() {
        let mut j = i;
        while j + 1 < nodes.len()
            && nodes[j + 1] == nodes[j] + 1
            && rubric.nodes[nodes[j + 1]].kind == rubric.nodes[nodes[i]].kind
        {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}–{}", rubric.nodes[nodes[i]].id, rubric.nodes[nodes[j]].id));
        } else {
            parts.extend((i..=j).map(|k| rubric.nodes[nodes[k]].id.clone()));
        }
        i = j + 1;
    }
    parts.join(", ")
}

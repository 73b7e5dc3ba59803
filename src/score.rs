//! The engine: indicator → aspect → domain → index, exactly as PermenPANRB 59/2020 Lampiran
//! B.3–B.4 computes it. A group's score is Σ(score × weight) / Σ(weight) over its children;
//! a node given a value in the input keeps that value. Full precision throughout.

use crate::assessment::{Assessment, Assessments, Key};
use crate::i18n::{Lang, Localized};
use crate::problem::{code, Message, Problem, Problems};
use crate::rubric::Rubric;

/// The scores of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionScore {
    /// The region, year and stage scored.
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
    /// External indicators left blank that score the scale's lowest level, pending the other
    /// agency's index (see [`crate::assessment::fill_pending`]).
    pub pending: Vec<usize>,
    /// The assessors' findings and recommendations read with the values.
    pub findings: Vec<crate::assessment::Finding>,
    /// The index a published table gave beside the values, if any.
    pub published: Option<crate::assessment::Published>,
}

impl RegionScore {
    /// The region's name, as the input gives it.
    pub fn region(&self) -> &str {
        &self.key.region
    }

    /// The official name of its rating band (predikat).
    pub fn rating<'r>(&self, rubric: &'r Rubric) -> &'r str {
        &rubric.bands[self.band].name
    }

    /// The rating as people read it (in `lang`), flagged when the index is below the official
    /// scale.
    pub fn rating_label(&self, rubric: &Rubric, lang: Lang) -> String {
        rubric.rating_label(self.index, lang)
    }

    /// The finding and recommendation given for a node, if any.
    pub fn finding(&self, node: usize) -> Option<&crate::assessment::Finding> {
        self.findings.iter().find(|f| f.node == node)
    }

    /// The index lies below the lowest band's bound.
    pub fn below_bands(&self, rubric: &Rubric) -> bool {
        rubric.below_bands(self.index)
    }
}

/// Scores of every node, the index, and the indicators left uncovered. Where children are
/// missing, the group's weights are renormalised over those present.
/// `values` is a slice or a [`Values`](crate::assessment::Values), one per node.
pub fn compute<V>(rubric: &Rubric, values: &V) -> (Vec<Option<f64>>, Option<f64>, Vec<usize>)
where
    V: NodeValues + ?Sized,
{
    let mut scorer = Scorer::new(rubric);
    let (index, _) = scorer.score(values);
    let missing = scorer.missing().collect();
    (scorer.scores, index, missing)
}

/// Values given one per rubric node, as the engine reads them: a slice, or the compact
/// [`Values`](crate::assessment::Values) of an assessment.
pub trait NodeValues {
    /// Append the value of every node, in node order.
    fn copy_to(&self, out: &mut Vec<Option<f64>>);
}

impl NodeValues for [Option<f64>] {
    fn copy_to(&self, out: &mut Vec<Option<f64>>) {
        out.extend_from_slice(self);
    }
}

impl NodeValues for Vec<Option<f64>> {
    fn copy_to(&self, out: &mut Vec<Option<f64>>) {
        out.extend_from_slice(self);
    }
}

impl NodeValues for crate::assessment::Values {
    fn copy_to(&self, out: &mut Vec<Option<f64>>) {
        self.append_to(out);
    }
}

/// The engine with buffers kept from one assessment to the next, for callers that score many
/// and keep only part of each result.
pub struct Scorer<'r> {
    rubric: &'r Rubric,
    scores: Vec<Option<f64>>,
    /// Nodes with children, children before parents (reverse pre-order), each with the range
    /// of its children in `parts` and, where they are consecutive nodes (an aspect's
    /// indicators), the first of them.
    groups: Vec<(usize, usize, usize, Option<usize>)>,
    /// Each group's children and then the roots, with their weights: read in one sweep
    /// rather than from each node of the rubric.
    parts: Vec<(usize, f64)>,
    /// The weights of `parts` alone, for children read as one run of nodes.
    weights: Vec<f64>,
    /// The indicators, as runs of consecutive nodes `(start, end)`.
    indicator_runs: Vec<(usize, usize)>,
    /// Where the roots start in `parts`.
    roots: usize,
    /// `groups` as [`Scorer::score_full`] reads them, and the sum of the roots' weights; empty
    /// unless every indicator is a child of a group and every such sum is positive.
    full: Vec<Full>,
    roots_total: f64,
    /// Per node: it has no children (see [`Scorer::full_path`]).
    leaves: Vec<bool>,
    /// Per node: it or an ancestor has a value; filled only when some indicator has none.
    covered: Vec<bool>,
    all_given: bool,
}

impl<'r> Scorer<'r> {
    /// A scorer for `rubric`, with its buffers empty.
    pub fn new(rubric: &'r Rubric) -> Scorer<'r> {
        let n = rubric.nodes.len();
        let mut parts = Vec::new();
        let mut with_weights = |nodes: &[usize]| {
            let start = parts.len();
            parts.extend(nodes.iter().map(|&c| (c, rubric.nodes[c].weight)));
            (start, parts.len())
        };
        let groups: Vec<(usize, usize, usize, Option<usize>)> = (0..n)
            .rev()
            .filter(|&i| !rubric.nodes[i].children.is_empty())
            .map(|g| {
                let children = &rubric.nodes[g].children;
                let (start, end) = with_weights(children);
                (g, start, end, consecutive(children).then(|| children[0]))
            })
            .collect();
        let (roots, _) = with_weights(&rubric.roots);
        let weights: Vec<f64> = parts.iter().map(|&(_, w)| w).collect();
        let mut indicator_runs: Vec<(usize, usize)> = Vec::new();
        for &i in &rubric.indicators {
            match indicator_runs.last_mut() {
                Some((_, end)) if *end == i => *end += 1,
                _ => indicator_runs.push((i, i + 1)),
            }
        }
        // Summed from 0 in child order, as `weighted_mean` sums them when every child has a score.
        let total = |start: usize, end: usize| weights[start..end].iter().fold(0.0, |t, w| t + w);
        let mut full: Vec<Full> = groups
            .iter()
            .map(|&(node, start, end, run)| Full {
                node,
                children: match run {
                    Some(first) => Children::Run(first..first + (end - start), start..end),
                    None => Children::Parts(start..end),
                },
                total: total(start, end),
            })
            .collect();
        let roots_total = total(roots, parts.len());
        let under_groups = rubric.indicators.iter().all(|&i| rubric.nodes[i].parent.is_some());
        if !(under_groups && roots_total > 0.0 && full.iter().all(|f| f.total > 0.0)) {
            full.clear();
        }
        Scorer {
            rubric,
            scores: Vec::with_capacity(n),
            groups,
            parts,
            weights,
            indicator_runs,
            roots,
            full,
            roots_total,
            leaves: rubric.nodes.iter().map(|n| n.children.is_empty()).collect(),
            covered: Vec::with_capacity(n),
            all_given: true,
        }
    }

    /// Whether [`Scorer::score`] scores these values by the full path, and so gives an index
    /// with nothing missing: the rubric allows it, every node without children is given and
    /// no other is. Cheaper than scoring: a caller that needs every region complete asks first.
    pub fn full_path(&self, values: &crate::assessment::Values) -> bool {
        !self.full.is_empty() && values.given_exactly(&self.leaves)
    }

    /// Score one set of values (a slice or [`Values`](crate::assessment::Values), one per
    /// node): returns the index and the number of indicators left uncovered; the node scores
    /// are then in [`Scorer::scores`].
    pub fn score<V>(&mut self, values: &V) -> (Option<f64>, usize)
    where
        V: NodeValues + ?Sized,
    {
        let rubric = self.rubric;
        self.scores.clear();
        values.copy_to(&mut self.scores);
        debug_assert_eq!(self.scores.len(), rubric.nodes.len());
        if let Some(index) = self.score_full() {
            self.all_given = true;
            return (Some(index), 0);
        }
        // Some value is missing, or a group is given: from the values again, the general way.
        self.scores.clear();
        values.copy_to(&mut self.scores);
        let scores = &mut self.scores;
        self.all_given = self.indicator_runs.iter().all(|&(s, e)| scores[s..e].iter().all(Option::is_some));
        let missing = if self.all_given {
            0
        } else {
            // Pre-order visits parents before children.
            self.covered.clear();
            for (i, node) in rubric.nodes.iter().enumerate() {
                let c = scores[i].is_some() || node.parent.is_some_and(|p| self.covered[p]);
                self.covered.push(c);
            }
            rubric.indicators.iter().filter(|&&i| !self.covered[i]).count()
        };
        for &(g, start, end, run) in &self.groups {
            if scores[g].is_none() {
                // Children that are consecutive nodes are read as one slice, beside their
                // weights: the same parts in the same order, without a look-up each.
                scores[g] = match run {
                    Some(first) => {
                        let run = scores[first..first + (end - start)].iter().copied();
                        weighted_mean(run.zip(self.weights[start..end].iter().copied()))
                    }
                    None => weighted_mean(self.parts[start..end].iter().map(|&(c, w)| (scores[c], w))),
                };
            }
        }
        let roots = self.parts[self.roots..].iter().map(|&(c, w)| (scores[c], w));
        (weighted_mean(roots), missing)
    }

    /// The index of a region where no group is given and every child has a score (so every
    /// indicator has one: each is some group's child), `None` as soon as one of that fails;
    /// the scores of the groups are then written in part. Each group's mean is
    /// [`weighted_mean`]'s, to the bit: the same sums in the same order, the sum of the weights
    /// known beforehand.
    fn score_full(&mut self) -> Option<f64> {
        if self.full.is_empty() {
            return None;
        }
        let scores = &mut self.scores;
        for f in &self.full {
            if scores[f.node].is_some() {
                return None;
            }
            let mean = match &f.children {
                Children::Run(nodes, weights) => {
                    let run = scores[nodes.clone()].iter().copied();
                    full_mean(run.zip(self.weights[weights.clone()].iter().copied()), f.total)
                }
                Children::Parts(parts) => {
                    full_mean(self.parts[parts.clone()].iter().map(|&(c, w)| (scores[c], w)), f.total)
                }
            };
            scores[f.node] = Some(mean?);
        }
        let roots = self.parts[self.roots..].iter().map(|&(c, w)| (scores[c], w));
        full_mean(roots, self.roots_total)
    }

    /// The score of every node from the last [`Scorer::score`].
    pub fn scores(&self) -> &[Option<f64>] {
        &self.scores
    }

    /// The indicators the last [`Scorer::score`] left uncovered, in order.
    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        let all_given = self.all_given;
        self.rubric.indicators.iter().copied().filter(move |&i| !all_given && !self.covered[i])
    }
}

/// Σ(score × weight) / Σ(weight) over the parts (score, weight) that have a score. A
/// weighted mean lies between its smallest and largest part; the result is clamped there, so
/// floating-point rounding can never push a score past its parts (all parts 5 give exactly 5,
/// never 5.000000000000001).
fn weighted_mean(parts: impl Iterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (score, w) in parts {
        if let Some(s) = score {
            sum += s * w;
            weight += w;
            // Comparisons rather than `f64::min`/`max`, whose NaN handling costs several
            // instructions each: the same bounds, since scores are never NaN.
            if s < lo {
                lo = s;
            }
            if s > hi {
                hi = s;
            }
        }
    }
    (weight > 0.0).then(|| (sum / weight).clamp(lo, hi))
}

/// A group as [`Scorer::score_full`] reads it: its node, its children, and the sum of their
/// weights.
struct Full {
    node: usize,
    children: Children,
    total: f64,
}

/// A group's children: consecutive nodes (an aspect's indicators) beside their weights'
/// range in `Scorer::weights`, or their range in `Scorer::parts`.
enum Children {
    Run(std::ops::Range<usize>, std::ops::Range<usize>),
    Parts(std::ops::Range<usize>),
}

/// [`weighted_mean`] of parts that all have a score, their weights adding up to `total` (> 0):
/// `None` at the first part without one.
fn full_mean(parts: impl Iterator<Item = (Option<f64>, f64)>, total: f64) -> Option<f64> {
    let mut sum = 0.0;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (score, w) in parts {
        let s = score?;
        sum += s * w;
        // Written so that each is one `minsd`/`maxsd` in place (no copies). On a tie they keep
        // `s` where `weighted_mean` keeps the bound, the same number; only 0 and -0 differ, and
        // the clamp never returns them: the weights are positive, so the mean of parts that
        // are all ≥ ±0 is ≥ 0 (and ≤ 0 of parts all ≤ ±0), never strictly past such a bound.
        lo = if lo < s { lo } else { s };
        hi = if hi > s { hi } else { s };
    }
    // `f64::clamp` without its check that lo ≤ hi, which holds: there is at least one part.
    let mean = sum / total;
    let mean = if mean < lo { lo } else { mean };
    Some(if mean > hi { hi } else { mean })
}

/// The nodes are one run, each the one before plus one (an aspect's indicators in pre-order).
fn consecutive(nodes: &[usize]) -> bool {
    nodes.windows(2).all(|w| w[1] == w[0] + 1)
}

/// Each top-level node's (domain's, or on Pemdi aspect's) weighted share of the index:
/// score × weight / Σ(weight of the top-level nodes with a score), `None` where a node has no
/// score. The shares add up to the index (see `weighted_mean`; the index is clamped to its
/// parts only against floating-point rounding).
pub fn contributions(rubric: &Rubric, scores: &[Option<f64>]) -> Vec<Option<f64>> {
    let roots: Vec<Option<f64>> = rubric.roots.iter().map(|&n| scores[n]).collect();
    root_contributions(rubric, &roots)
}

/// [`contributions`] from the domain (or aspect) scores alone, one per `rubric.roots`.
pub fn root_contributions(rubric: &Rubric, roots: &[Option<f64>]) -> Vec<Option<f64>> {
    let weight: f64 = rubric
        .roots
        .iter()
        .zip(roots)
        .filter(|(_, v)| v.is_some())
        .map(|(&n, _)| rubric.nodes[n].weight)
        .sum();
    rubric
        .roots
        .iter()
        .zip(roots)
        .map(|(&n, v)| v.filter(|_| weight > 0.0).map(|v| v * rubric.nodes[n].weight / weight))
        .collect()
}

/// Why an assessment cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum ScoreError {
    /// Indicators are not given (and scoring over part of the rubric was not allowed).
    Missing {
        /// The region (and year, stage).
        region: String,
        /// How many indicators are missing.
        count: usize,
        /// Their ids ([`crate::rubric::id_runs`]).
        ids: String,
        /// Where some of them were left blank: id and place (the first `BLANKS_SHOWN`).
        blanks: Vec<(String, String)>,
        /// More were left blank than are listed.
        more_blanks: bool,
    },
    /// No value at all.
    NoValues {
        /// The region (and year, stage).
        region: String,
    },
}

impl Localized for ScoreError {
    fn message(&self, lang: Lang) -> String {
        match self {
            ScoreError::Missing { region, count, ids, blanks, more_blanks } => {
                let mut places: Vec<String> =
                    blanks.iter().map(|(id, at)| format!("{id} {} {at}", lang.t("at", "di"))).collect();
                if *more_blanks {
                    places.push("…".into());
                }
                let blanks = match places.is_empty() {
                    true => String::new(),
                    false => format!("; {}: {}", lang.t("left blank", "dikosongkan"), places.join(", ")),
                };
                match lang {
                    Lang::En => {
                        format!(
                            "{region}: missing {} ({ids}){blanks}",
                            plural(*count, "indicator", "indicators")
                        )
                    }
                    Lang::Id => format!("{region}: {count} indikator belum diisi ({ids}){blanks}"),
                }
            }
            ScoreError::NoValues { region } => {
                format!("{region}: {}", lang.t("no values given", "tidak ada nilai yang diisi"))
            }
        }
    }
}

/// Score one assessment. Without `allow_missing`, an uncovered indicator is an error.
pub fn score_one(rubric: &Rubric, a: &Assessment, allow_missing: bool) -> Result<RegionScore, ScoreError> {
    score_with(&mut Scorer::new(rubric), a, allow_missing)
}

/// [`score_one`] with a scorer kept from one assessment to the next (its buffers, and the
/// rubric's groups it lays out once).
fn score_with(
    scorer: &mut Scorer<'_>,
    a: &Assessment,
    allow_missing: bool,
) -> Result<RegionScore, ScoreError> {
    let rubric = scorer.rubric;
    let (index, _) = scorer.score(&a.values);
    let missing: Vec<usize> = scorer.missing().collect();
    let scores = scorer.scores().to_vec();
    if !missing.is_empty() && !allow_missing {
        let blank: Vec<&(usize, String)> = a.blanks().iter().filter(|(n, _)| missing.contains(n)).collect();
        return Err(ScoreError::Missing {
            region: a.label(),
            count: missing.len(),
            ids: crate::rubric::id_runs(rubric, &missing),
            blanks: blank
                .iter()
                .take(BLANKS_SHOWN)
                .map(|(n, at)| (rubric.nodes[*n].id.clone(), at.clone()))
                .collect(),
            more_blanks: blank.len() > BLANKS_SHOWN,
        });
    }
    let index = index.ok_or_else(|| ScoreError::NoValues { region: a.label() })?;
    Ok(RegionScore {
        key: a.key.clone(),
        band: rubric.rating_index(index),
        complete: missing.is_empty(),
        scores,
        index,
        missing,
        pending: a.pending().to_vec(),
        findings: a.findings().to_vec(),
        published: a.published.as_deref().cloned(),
    })
}

/// At most this many blank places are named in a message about missing indicators.
const BLANKS_SHOWN: usize = 5;

/// Score every assessment, in input order, on the crate's thread pool. All regions' problems
/// are reported together, in input order too.
pub fn score_all(
    rubric: &Rubric,
    set: &Assessments,
    allow_missing: bool,
    lang: Lang,
) -> Result<Vec<RegionScore>, Problems> {
    score_all_on(crate::parallel::threads(), rubric, set, allow_missing, lang)
}

/// [`score_all`] on up to `threads` threads: consecutive runs of at least 1,024 assessments,
/// each scored with one [`Scorer`], written in place in input order (the same scores and
/// problems whatever the count; no second copy of 200,000 scores while they are put together).
fn score_all_on(
    threads: usize,
    rubric: &Rubric,
    set: &Assessments,
    allow_missing: bool,
    lang: Lang,
) -> Result<Vec<RegionScore>, Problems> {
    use rayon::prelude::*;
    let run = set.len().div_ceil(threads.max(1)).max(1024);
    let mut scored: Vec<Result<RegionScore, ScoreError>> = Vec::with_capacity(set.len());
    set.items
        .par_iter()
        .with_min_len(run)
        .map_init(|| Scorer::new(rubric), |scorer, a| score_with(scorer, a, allow_missing))
        .collect_into_vec(&mut scored);
    if scored.iter().any(Result::is_err) {
        // Every failure, in input order.
        let failed = set.items.iter().zip(&scored);
        let problems = failed.filter_map(|(a, s)| s.as_ref().err().map(|e| failure(set, a, e, lang)));
        return Err(Problems(problems.collect()));
    }
    Ok(scored.into_iter().filter_map(Result::ok).collect())
}

/// The problem of an assessment [`score_one`] cannot score, coded for no values at all or
/// indicators missing; scoring over what is given would help with missing indicators.
pub fn failure(set: &Assessments, a: &Assessment, e: &ScoreError, lang: Lang) -> Problem {
    let code = if a.values.iter().all(Option::is_none) { code::NO_VALUES } else { code::MISSING_INDICATORS };
    let p = Problem::file(source_file(set, a), code, e.message(lang));
    match e {
        ScoreError::Missing { .. } => p.with_hint(crate::problem::Hint::AllowMissing),
        ScoreError::NoValues { .. } => p,
    }
}

/// The file an assessment's first value came from.
pub fn source_file(set: &Assessments, a: &Assessment) -> String {
    set.files.get(a.file as usize).cloned().unwrap_or_default()
}

/// A region scored over part of the rubric (a warning), said in the language it is shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// The region (and year, stage).
    pub region: String,
    /// How many indicators are missing.
    pub count: usize,
    /// Their ids ([`crate::rubric::id_runs`]).
    pub ids: String,
}

impl Localized for Incomplete {
    fn message(&self, lang: Lang) -> String {
        let Incomplete { region, count, ids } = self;
        match lang {
            Lang::En => format!(
                "{region}: incomplete, scored over what was given; missing {} ({ids})",
                plural(*count, "indicator", "indicators")
            ),
            Lang::Id => {
                format!(
                    "{region}: tidak lengkap, dinilai atas yang diisi; {count} indikator belum diisi ({ids})"
                )
            }
        }
    }
}

/// Warnings for regions scored over part of the rubric.
pub fn incomplete_warnings(rubric: &Rubric, scores: &[RegionScore]) -> Vec<Incomplete> {
    scores
        .iter()
        .filter(|s| !s.complete)
        .map(|s| Incomplete {
            region: s.key.label(),
            count: s.missing.len(),
            ids: crate::rubric::id_runs(rubric, &s.missing),
        })
        .collect()
}

/// How far a published index may lie from the one recomputed from its published values.
/// Published values carry two decimals (each off by up to 0.005, and so their weighted mean)
/// and so does the published index (0.005 more): every published Jambi row of 2023 and 2024
/// recomputes within ±0.01 (methodology §4).
pub const PUBLISHED_TOLERANCE: f64 = 0.011;

/// Warnings for published indices that the values beside them do not reproduce: the way a
/// source error in a national table shows (a domain printed 0.6 where the index implies 4.6).
/// The rating is still the recomputed one: a calculator scores what it is given.
pub fn published_differences(rubric: &Rubric, scores: &[RegionScore]) -> Vec<Problem> {
    scores
        .iter()
        .filter_map(|s| published_difference(rubric, &s.key, s.index, s.published.as_ref()))
        .collect()
}

/// The warning for one region whose published index lies off its recomputed `index`.
pub fn published_difference(
    rubric: &Rubric,
    key: &Key,
    index: f64,
    published: Option<&crate::assessment::Published>,
) -> Option<Problem> {
    let p = published?;
    let gap = index - p.index;
    if gap.abs() <= PUBLISHED_TOLERANCE {
        return None;
    }
    let mut w = p.at.clone();
    w.message = Message::said(PublishedDiffers {
        region: key.label(),
        published: p.index,
        index,
        rating: rubric.rating(index).name.clone(),
        below_bands: rubric.below_bands(index),
        rubric: rubric.id.clone(),
    });
    Some(w)
}

/// A published index the values beside it do not reproduce (a warning at the published
/// cell), said in the language it is shown in.
#[derive(Debug, Clone)]
struct PublishedDiffers {
    /// The region (and year, stage).
    region: String,
    published: f64,
    /// The index the values give, and its rating.
    index: f64,
    rating: String,
    /// The index lies below the lowest band (the rating is flagged).
    below_bands: bool,
    rubric: String,
}

impl Localized for PublishedDiffers {
    fn message(&self, lang: Lang) -> String {
        let PublishedDiffers { region, published, index, rubric, .. } = self;
        let rating = crate::rubric::flagged_rating(&self.rating, self.below_bands, lang);
        let gap = index - published;
        match lang {
            Lang::En => format!(
                "{region}: published index {published} but the values given score {index:.4} ({rating}, {gap:+.4}); a source error in the table, or values of another rubric than {rubric}"
            ),
            Lang::Id => format!(
                "{region}: indeks terbit {published} tetapi nilai yang diisi menghasilkan {index:.4} ({rating}, {gap:+.4}); salah di tabel sumber, atau nilai dari rubrik selain {rubric}"
            ),
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{embedded, Rubric};
    use proptest::prelude::*;

    #[test]
    fn warnings_are_said_in_the_language_they_are_shown_in() {
        let w = Incomplete { region: "Kab. A".into(), count: 1, ids: "47".into() };
        assert_eq!(
            w.message(Lang::En),
            "Kab. A: incomplete, scored over what was given; missing 1 indicator (47)"
        );
        assert_eq!(
            w.message(Lang::Id),
            "Kab. A: tidak lengkap, dinilai atas yang diisi; 1 indikator belum diisi (47)"
        );
        // Published 0.9 beside values that score 0.95 on Pemdi (below its bands, from 1.00): the
        // rating flagged, the gap +0.05.
        let w = PublishedDiffers {
            region: "Kab. A".into(),
            published: 0.9,
            index: 0.95,
            rating: "Kurang".into(),
            below_bands: true,
            rubric: "pemdi-2026".into(),
        };
        assert_eq!(
            w.message(Lang::En),
            "Kab. A: published index 0.9 but the values given score 0.9500 (Kurang (below the official scale), +0.0500); a source error in the table, or values of another rubric than pemdi-2026"
        );
        assert_eq!(
            w.message(Lang::Id),
            "Kab. A: indeks terbit 0.9 tetapi nilai yang diisi menghasilkan 0.9500 (Kurang (di bawah skala resmi), +0.0500); salah di tabel sumber, atau nilai dari rubrik selain pemdi-2026"
        );
    }

    fn rubric(id: &str) -> Rubric {
        embedded(id).unwrap().load().unwrap()
    }

    /// `regions` regions of spbe-2020 as a long CSV, read as `spbe` reads a file: levels
    /// vary with the region and indicator; every 97th region leaves indicator 5 out and every
    /// 89th indicator 30, so that problems fall into several chunks.
    fn generated(r: &Rubric, regions: usize) -> Assessments {
        let mut text = String::from("region,indicator,level\n");
        for k in 0..regions {
            for i in 1..=47 {
                if (k % 97 == 3 && i == 5) || (k % 89 == 7 && i == 30) {
                    continue;
                }
                text.push_str(&format!("Wilayah {k:05},{i},{}\n", (k * 7 + i * 3) % 5 + 1));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, text).unwrap();
        let inputs = [crate::assessment::Input::Path(path)];
        crate::assessment::read(r, &inputs, &crate::assessment::ReadOptions::default()).unwrap()
    }

    #[test]
    fn one_thread_scores_all_as_several_do() {
        let r = rubric("spbe-2020");
        // 3,100 regions: three chunks of at least 1,024 on three threads, two on two.
        let set = generated(&r, 3100);
        assert_eq!(set.len(), 3100);
        // Regions 3, 100, 197, … (32 of them) miss indicator 5; 7, 96, 185, … (35) miss 30;
        // none misses both (k ≡ 3 mod 97 and k ≡ 7 mod 89 first meet at 4,368).
        let serial = score_all_on(1, &r, &set, false, Lang::En).unwrap_err();
        assert_eq!(serial.len(), 32 + 35);
        assert!(serial.0[0].message.in_lang(Lang::En).starts_with("Wilayah 00003: missing 1 indicator (5)"));
        for threads in [2, 3, 8] {
            let parallel = score_all_on(threads, &r, &set, false, Lang::En).unwrap_err();
            assert_eq!(parallel.0, serial.0, "{threads} threads");
        }
        let serial = score_all_on(1, &r, &set, true, Lang::En).unwrap();
        assert_eq!(serial.len(), 3100);
        assert_eq!(serial.iter().filter(|s| !s.complete).count(), 32 + 35);
        // In input order, each as score_one scores it alone.
        for (k, s) in serial.iter().enumerate() {
            assert_eq!(s, &score_one(&r, &set.items[k], true).unwrap());
        }
        for threads in [2, 3, 8] {
            let parallel = score_all_on(threads, &r, &set, true, Lang::En).unwrap();
            assert_eq!(parallel, serial, "{threads} threads");
        }
    }

    #[test]
    fn contributions_add_up_to_the_index() {
        let r = rubric("spbe-2020");
        // Domain weights 13, 25, 16.5, 45.5 (of 100). D1 2, D2 3, D3 1, D4 4:
        // 2 × 0.13 = 0.26, 3 × 0.25 = 0.75, 1 × 0.165 = 0.165, 4 × 0.455 = 1.82; index 2.995.
        let mut values = vec![None; r.nodes.len()];
        for (id, v) in [("D1", 2.0), ("D2", 3.0), ("D3", 1.0), ("D4", 4.0)] {
            values[r.find(id).unwrap()] = Some(v);
        }
        let (scores, index, _) = compute(&r, &values);
        let parts = contributions(&r, &scores);
        let want = [0.26, 0.75, 0.165, 1.82];
        for (got, want) in parts.iter().zip(want) {
            assert!((got.unwrap() - want).abs() < 1e-12, "{got:?} vs {want}");
        }
        assert!((index.unwrap() - 2.995).abs() < 1e-12);
        let sum: f64 = parts.iter().flatten().sum();
        assert!((sum - index.unwrap()).abs() < 1e-12);
        // Without D3 the others' weights are renormalised over 83.5: the shares still add up.
        values[r.find("D3").unwrap()] = None;
        let (scores, index, _) = compute(&r, &values);
        let parts = contributions(&r, &scores);
        assert_eq!(parts[2], None);
        // (0.26 + 0.75 + 1.82) / 0.835 = 2.83 / 0.835 = 3.3892…
        assert!((index.unwrap() - 2.83 / 0.835).abs() < 1e-12);
        assert!((parts.iter().flatten().sum::<f64>() - index.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn missing_lists_fold_runs_across_aspect_edges() {
        let r = rubric("spbe-2020");
        let indicators: Vec<usize> =
            (0..r.nodes.len()).filter(|&n| r.nodes[n].kind == crate::rubric::Kind::Indicator).collect();
        assert_eq!(indicators.len(), 47);
        assert_eq!(crate::rubric::id_runs(&r, &indicators), "1–47");
        // 1, 2, 3 and 5..47 without 4; two in a row stay two.
        let some: Vec<usize> = indicators.iter().copied().filter(|&n| r.nodes[n].id != "4").collect();
        assert_eq!(crate::rubric::id_runs(&r, &some), "1–3, 5–47");
        let two: Vec<usize> =
            indicators.iter().copied().filter(|&n| ["9", "10"].contains(&r.nodes[n].id.as_str())).collect();
        assert_eq!(crate::rubric::id_runs(&r, &two), "9, 10");
    }

    /// Values with every indicator at `level(id)`.
    fn levels(r: &Rubric, level: impl Fn(usize) -> f64) -> Vec<Option<f64>> {
        let mut v = vec![None; r.nodes.len()];
        for &i in &r.indicators {
            let id: usize = r.node(i).id.parse().unwrap();
            v[i] = Some(level(id));
        }
        v
    }

    fn index(r: &Rubric, values: &[Option<f64>]) -> f64 {
        compute(r, values).1.unwrap()
    }

    #[test]
    fn pemdi_with_decimal_values_by_hand() {
        // The external assessors' 2026 result for Kab. Aceh Tengah (tests/data/pemdi), the
        // externals 5, 6, 7, 18 at 1 as the assessors set them.
        let r = rubric("pemdi-2026");
        let given = [
            2.0, 1.5, 1.26, 1.3, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.5, 1.25, 1.17, 1.0, 1.0, 1.0, 2.5, 1.0, 1.0,
            1.3,
        ];
        let v = levels(&r, |i| given[i - 1]);
        let (s, idx, missing) = compute(&r, &v);
        assert!(missing.is_empty());
        let at = |id: &str| s[r.find(id).unwrap()].unwrap();
        let by_hand = [
            ("A1", (2.0 * 5.0 + 1.5 * 5.0) / 10.0),              // 1.75
            ("A2", (1.26 * 5.0 + 1.3 * 5.0) / 10.0),             // 1.28
            ("A3", (5.0 + 3.0 + 3.0 + 4.0) / 15.0),              // 1
            ("A4", (4.0 + 4.0 + 1.5 * 3.0 + 1.25 * 4.0) / 15.0), // 17.5/15
            ("A5", (1.17 * 5.0 + 5.0) / 10.0),                   // 1.085
            ("A6", (4.0 + 4.0 + 2.5 * 4.0 + 3.0) / 15.0),        // 1.4
            ("A7", (10.0 + 1.3 * 15.0) / 25.0),                  // 1.18
        ];
        for (id, want) in by_hand {
            assert!((at(id) - want).abs() < 1e-9, "{id}: {} vs {want}", at(id));
        }
        // (17.5 + 12.8 + 15 + 17.5 + 10.85 + 21 + 29.5)/100 = 1.2415 (published 1.24).
        assert!((idx.unwrap() - 1.2415).abs() < 1e-9, "{idx:?}");
        assert_eq!(r.rating(idx.unwrap()).name, "Kurang");
    }

    #[test]
    fn worked_example_of_the_regulation() {
        // Lampiran B.4: domains 3.70 / 3.40 / 3.00 / 3.20 give 328.20 / 100 = 3.28.
        let r = rubric("spbe-2020");
        let mut v = vec![None; r.nodes.len()];
        for (id, x) in [("D1", 3.7), ("D2", 3.4), ("D3", 3.0), ("D4", 3.2)] {
            v[r.find(id).unwrap()] = Some(x);
        }
        let (_, idx, missing) = compute(&r, &v);
        assert!(missing.is_empty());
        assert!((idx.unwrap() - 3.282).abs() < 1e-12);
        assert_eq!(r.rating(idx.unwrap()).name, "Baik");
    }

    #[test]
    fn spbe_2020_by_hand() {
        let r = rubric("spbe-2020");
        // Indicator 1 at 5, the rest at 1: A1 = (5×1.3 + 1×11.7)/13 = 1.4; D1 = 1.4;
        // index = (1.4×13 + 1×87)/100 = 1.052.
        let v = levels(&r, |i| if i == 1 { 5.0 } else { 1.0 });
        let (s, idx, _) = compute(&r, &v);
        assert!((s[r.find("A1").unwrap()].unwrap() - 1.4).abs() < 1e-12);
        assert!((idx.unwrap() - 1.052).abs() < 1e-12);
        // Indicator 42 at 5, the rest at 1: A8 = (5×3 + 1×15)/18 = 30/18;
        // D4 = (1×27.5 + 30/18×18)/45.5 = 57.5/45.5; index = (45.5×57.5/45.5 + 54.5)/100 = 1.12.
        let v = levels(&r, |i| if i == 42 { 5.0 } else { 1.0 });
        let (s, idx, _) = compute(&r, &v);
        assert!((s[r.find("A8").unwrap()].unwrap() - 30.0 / 18.0).abs() < 1e-12);
        assert!((s[r.find("D4").unwrap()].unwrap() - 57.5 / 45.5).abs() < 1e-12);
        assert!((idx.unwrap() - 1.12).abs() < 1e-12);
        // Kebijakan (1–10) at 2, everything else at 4: (2×13 + 4×87)/100 = 3.74, Sangat Baik.
        let v = levels(&r, |i| if i <= 10 { 2.0 } else { 4.0 });
        let idx = index(&r, &v);
        assert!((idx - 3.74).abs() < 1e-12);
        assert_eq!(r.rating(idx).name, "Sangat Baik");
    }

    #[test]
    fn spbe_2018_by_hand() {
        let r = rubric("spbe-2018");
        // Level 0 everywhere but indicator 25 (5 % of the index) at 5: 5 × 5/100 = 0.25, Kurang.
        let v = levels(&r, |i| if i == 25 { 5.0 } else { 0.0 });
        let idx = index(&r, &v);
        assert!((idx - 0.25).abs() < 1e-12);
        assert_eq!(r.rating(idx).name, "Kurang");
        // Level 2 everywhere but indicator 18 (4 %) at 4: 2 + 2 × 4/100 = 2.08, Cukup.
        let v = levels(&r, |i| if i == 18 { 4.0 } else { 2.0 });
        let idx = index(&r, &v);
        assert!((idx - 2.08).abs() < 1e-12);
        assert_eq!(r.rating(idx).name, "Cukup");
        // National indices 2018–2020 from their published (rounded) domains, weights 17/28/55:
        // 2019: (1.95×17 + 1.86×28 + 2.40×55)/100 = (33.15 + 52.08 + 132)/100 = 2.1723, published
        // 2.18 (the domains are rounded to 2 decimals, so ±0.01).
        for (d, published) in
            [([1.75, 1.74, 2.17], 1.98), ([1.95, 1.86, 2.40], 2.18), ([2.07, 1.95, 2.48], 2.26)]
        {
            let mut v = vec![None; r.nodes.len()];
            for (id, x) in ["D1", "D2", "D3"].iter().zip(d) {
                v[r.find(id).unwrap()] = Some(x);
            }
            let idx = index(&r, &v);
            assert!((idx - published).abs() <= 0.01 + 1e-9, "{d:?}: {idx} vs {published}");
            if published == 2.18 {
                assert!((idx - 2.1723).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn pemdi_2026_by_hand() {
        let r = rubric("pemdi-2026");
        assert!(!r.has_domains());
        // Indicator 20 (15 %) at 5, the rest at 1: 1 + 4 × 15/100 = 1.6, Cukup.
        let v = levels(&r, |i| if i == 20 { 5.0 } else { 1.0 });
        let idx = index(&r, &v);
        assert!((idx - 1.6).abs() < 1e-12);
        assert_eq!(r.rating(idx).name, "Cukup");
        // Indicator 6 (3 %) at 3, the rest at 2: A3 = (3×3 + 2×12)/15 = 2.2; index 2.03.
        let v = levels(&r, |i| if i == 6 { 3.0 } else { 2.0 });
        let (s, idx, _) = compute(&r, &v);
        assert!((s[r.find("A3").unwrap()].unwrap() - 2.2).abs() < 1e-12);
        assert!((idx.unwrap() - 2.03).abs() < 1e-12);
    }

    #[test]
    fn missing_indicators_renormalise_within_their_parent() {
        let r = rubric("spbe-2020");
        // Only indicators 1 (level 5) and 2 (level 3) of D1 are given:
        // A1 = (5×1.3 + 3×1.3)/2.6 = 4 = D1 = index.
        let mut v = vec![None; r.nodes.len()];
        v[r.find("1").unwrap()] = Some(5.0);
        v[r.find("2").unwrap()] = Some(3.0);
        let (s, idx, missing) = compute(&r, &v);
        assert_eq!(s[r.find("D1").unwrap()], Some(4.0));
        assert_eq!(s[r.find("D2").unwrap()], None);
        assert_eq!(idx, Some(4.0));
        assert_eq!(missing.len(), 45);
        // One run across the aspect edges (it was "3–10, 11–14, 15–18, 19, 20, …").
        assert_eq!(crate::rubric::id_runs(&r, &missing), "3–47");
    }

    fn all_levels(n: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(1u8..=5, n)
    }

    /// The engine written plainly, node by node from the rubric: Σ(score × weight) / Σ(weight)
    /// over the children with a score, in child order, kept between the smallest and largest.
    fn by_the_definition(r: &Rubric, values: &[Option<f64>], node: usize) -> Option<f64> {
        let n = r.node(node);
        if values[node].is_some() || n.children.is_empty() {
            return values[node];
        }
        mean_of(r, values, &n.children)
    }

    fn mean_of(r: &Rubric, values: &[Option<f64>], nodes: &[usize]) -> Option<f64> {
        let parts: Vec<(f64, f64)> = nodes
            .iter()
            .filter_map(|&c| by_the_definition(r, values, c).map(|s| (s, r.node(c).weight)))
            .collect();
        let (mut sum, mut weight) = (0.0, 0.0);
        for &(s, w) in &parts {
            sum += s * w;
            weight += w;
        }
        let lo = parts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let hi = parts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        (weight > 0.0).then(|| (sum / weight).clamp(lo, hi))
    }

    proptest! {
        /// The scorer (children and weights in one flat list, values copied from their compact
        /// form) gives exactly the plain definition's numbers, values missing or decimal, every
        /// indicator given (the full path, `Scorer::score_full`) or with a group given too.
        #[test]
        fn the_scorer_computes_the_definition_exactly(
            id in prop::sample::select(vec!["spbe-2020", "pemdi-2026", "spbe-2018"]),
            raw in proptest::collection::vec(proptest::option::weighted(0.8, 1000u32..=5000), 59),
            decimals in any::<bool>(),
            every in any::<bool>(),
            group in proptest::option::of(0usize..100),
        ) {
            let r = rubric(id);
            let mut values = vec![None; r.nodes.len()];
            for (&i, m) in r.indicators.iter().zip(&raw) {
                let m = if every { Some(m.unwrap_or(2000)) } else { *m };
                values[i] = m.map(|m| if decimals { f64::from(m) / 1000.0 } else { f64::from(m / 1000) });
            }
            let groups: Vec<usize> = (0..r.nodes.len()).filter(|&n| !r.node(n).children.is_empty()).collect();
            if let Some(k) = group {
                values[groups[k % groups.len()]] = Some(2.5);
            }
            let (scores, index, _) = compute(&r, &values);
            let compact = crate::assessment::Values::from(values.clone());
            prop_assert_eq!(compute(&r, &compact), (scores.clone(), index, compute(&r, &values).2));
            for (node, &score) in scores.iter().enumerate() {
                prop_assert_eq!(score, by_the_definition(&r, &values, node), "node {}", r.node(node).id);
            }
            prop_assert_eq!(index, mean_of(&r, &values, &r.roots));
        }

        #[test]
        fn every_score_stays_within_the_scale(ls in all_levels(47)) {
            let r = rubric("spbe-2020");
            let v = levels(&r, |i| ls[i - 1] as f64);
            let (s, idx, _) = compute(&r, &v);
            for x in s.iter().flatten().chain(idx.iter()) {
                prop_assert!((1.0..=5.0).contains(x));
            }
        }

        #[test]
        fn raising_one_level_never_lowers_any_score(ls in all_levels(47), k in 0usize..47) {
            let r = rubric("spbe-2020");
            prop_assume!(ls[k] < 5);
            let before = compute(&r, &levels(&r, |i| ls[i - 1] as f64));
            let after = compute(&r, &levels(&r, |i| ls[i - 1] as f64 + if i - 1 == k { 1.0 } else { 0.0 }));
            for (b, a) in before.0.iter().zip(&after.0) {
                prop_assert!(a.unwrap() >= b.unwrap());
            }
            prop_assert!(after.1.unwrap() > before.1.unwrap());
        }

        #[test]
        fn the_index_is_the_weighted_mean_of_the_domains(ls in all_levels(47)) {
            let r = rubric("spbe-2020");
            let (s, idx, _) = compute(&r, &levels(&r, |i| ls[i - 1] as f64));
            let by_formula: f64 = ["D1", "D2", "D3", "D4"]
                .iter()
                .map(|d| { let n = r.find(d).unwrap(); s[n].unwrap() * r.node(n).weight })
                .sum::<f64>() / 100.0;
            prop_assert!((idx.unwrap() - by_formula).abs() < 1e-12);
        }

        #[test]
        fn pemdi_index_equals_sum_of_level_times_weight(ls in all_levels(20)) {
            let r = rubric("pemdi-2026");
            let v = levels(&r, |i| ls[i - 1] as f64);
            let direct: f64 = r.indicators.iter().map(|&i| v[i].unwrap() * r.node(i).weight).sum::<f64>() / 100.0;
            prop_assert!((index(&r, &v) - direct).abs() < 1e-12);
        }
    }
}

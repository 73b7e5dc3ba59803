//! Differences between two assessments of the same regions: a self-assessment against the
//! assessors' final levels, or one year against the next.
//!
//! Regions are matched by Kemendagri code, else by name (ignoring case and surrounding space), and also by year when
//! either side holds more than one year; when each side holds exactly one region, the two are
//! compared whatever their names. Regions found on one side only are listed, never dropped.
//! Indicator levels are tallied: BEFORE higher than AFTER (a self-assessment that over-claims),
//! lower, or equal, and the mean absolute difference.

use std::collections::HashMap;

use crate::assessment::Key;
use crate::rubric::Rubric;
use crate::score::RegionScore;

/// Scores closer than this are the same (the engine's sums differ in the last bits when the
/// same levels are added in another order).
pub const SAME: f64 = 1e-9;

/// The name a matched region is shown by: AFTER's (the latest spelling) when the two are one
/// government by code, else BEFORE's.
pub fn shown_name<'k>(b: &'k Key, a: &'k Key) -> &'k str {
    match (b.code(), a.code()) {
        (Some(x), Some(y)) if x == y => &a.region,
        _ => &b.region,
    }
}

/// A node whose score differs between the two sides, or is given on one side only.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeChange {
    pub node: usize,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl NodeChange {
    /// AFTER − BEFORE, when both sides have a score.
    pub fn delta(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }
}

/// Nodes (domains, aspects, indicators, in rubric order) whose scores differ or exist on one
/// side only.
pub fn node_changes(rubric: &Rubric, before: &RegionScore, after: &RegionScore) -> Vec<NodeChange> {
    (0..rubric.nodes.len())
        .filter_map(|n| {
            let (b, a) = (before.scores[n], after.scores[n]);
            let changed = match (b, a) {
                (Some(x), Some(y)) => (x - y).abs() > SAME,
                (None, None) => false,
                _ => true,
            };
            changed.then_some(NodeChange { node: n, before: b, after: a })
        })
        .collect()
}

/// Indicator levels compared: how many were higher, lower or equal BEFORE than AFTER.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Indicators with a level on both sides.
    pub compared: usize,
    /// BEFORE above AFTER (over-claimed, for a self-assessment against the final levels).
    pub higher: usize,
    /// BEFORE below AFTER (under-claimed).
    pub lower: usize,
    pub equal: usize,
    /// Indicators with a level on one side only.
    pub one_sided: usize,
    /// Σ |BEFORE − AFTER| over the compared indicators.
    pub abs_sum: f64,
}

impl Tally {
    /// Mean absolute difference of the compared indicators.
    pub fn mean_abs(&self) -> Option<f64> {
        (self.compared > 0).then(|| self.abs_sum / self.compared as f64)
    }

    pub fn add(&mut self, o: &Tally) {
        self.compared += o.compared;
        self.higher += o.higher;
        self.lower += o.lower;
        self.equal += o.equal;
        self.one_sided += o.one_sided;
        self.abs_sum += o.abs_sum;
    }
}

/// Tally the indicator levels of one region.
pub fn tally(rubric: &Rubric, before: &RegionScore, after: &RegionScore) -> Tally {
    let mut t = Tally::default();
    for &i in &rubric.indicators {
        match (before.scores[i], after.scores[i]) {
            (Some(b), Some(a)) => {
                t.compared += 1;
                t.abs_sum += (b - a).abs();
                if (b - a).abs() <= SAME {
                    t.equal += 1;
                } else if b > a {
                    t.higher += 1;
                } else {
                    t.lower += 1;
                }
            }
            (None, None) => {}
            _ => t.one_sided += 1,
        }
    }
    t
}

/// One region on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionDiff {
    pub before: RegionScore,
    pub after: RegionScore,
    pub changes: Vec<NodeChange>,
    pub tally: Tally,
}

impl RegionDiff {
    pub fn index_change(&self) -> f64 {
        self.after.index - self.before.index
    }
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// Matched regions, in BEFORE's order.
    pub regions: Vec<RegionDiff>,
    pub only_before: Vec<Key>,
    pub only_after: Vec<Key>,
    /// Over every matched region.
    pub total: Tally,
    /// Regions were matched by year as well as name.
    pub by_year: bool,
    /// Each side held one region and they were compared whatever their names.
    pub single_pair: bool,
}

fn distinct_years(scores: &[RegionScore]) -> usize {
    let mut y: Vec<Option<i32>> = scores.iter().map(|s| s.key.year).collect();
    y.sort_unstable();
    y.dedup();
    y.len()
}

/// Regions match by Kemendagri code where both have one (the ministry spells a government
/// differently from year to year), else by name.
fn match_key(key: &Key, by_year: bool) -> (Match, Option<i32>) {
    let region = match key.code() {
        Some(code) => Match::Code(code),
        None => Match::Name(key.region.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()),
    };
    (region, if by_year { key.year } else { None })
}

/// What a region is matched by.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Match {
    Code(&'static str),
    Name(String),
}

/// Compare two sets of scores.
pub fn diff(rubric: &Rubric, before: &[RegionScore], after: &[RegionScore]) -> Diff {
    let single_pair = before.len() == 1 && after.len() == 1;
    let by_year = !single_pair && (distinct_years(before) > 1 || distinct_years(after) > 1);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut only_before = Vec::new();
    if single_pair {
        pairs.push((0, 0));
    } else {
        // Each AFTER region, by key, in order; a key repeated on one side pairs in order.
        let mut slots: HashMap<(Match, Option<i32>), Vec<usize>> = HashMap::new();
        for (j, s) in after.iter().enumerate().rev() {
            slots.entry(match_key(&s.key, by_year)).or_default().push(j);
        }
        for (i, s) in before.iter().enumerate() {
            match slots.get_mut(&match_key(&s.key, by_year)).and_then(Vec::pop) {
                Some(j) => pairs.push((i, j)),
                None => only_before.push(s.key.clone()),
            }
        }
    }
    let mut used = vec![false; after.len()];
    let mut total = Tally::default();
    let mut regions = Vec::with_capacity(pairs.len());
    for (i, j) in pairs {
        used[j] = true;
        let (b, a) = (&before[i], &after[j]);
        let t = tally(rubric, b, a);
        total.add(&t);
        regions.push(RegionDiff {
            before: b.clone(),
            after: a.clone(),
            changes: node_changes(rubric, b, a),
            tally: t,
        });
    }
    let only_after = after.iter().zip(&used).filter(|(_, &u)| !u).map(|(s, _)| s.key.clone()).collect();
    Diff { regions, only_before, only_after, total, by_year, single_pair }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::score::score_one;

    fn rubric() -> Rubric {
        Rubric::resolve("spbe-2020").expect("spbe-2020")
    }

    fn score(
        r: &Rubric,
        region: &str,
        year: Option<i32>,
        level: impl Fn(usize) -> Option<f64>,
    ) -> RegionScore {
        let mut a =
            Assessment::new(Key { region: region.into(), year, stage: None, code: None }, r.nodes.len());
        for (k, &i) in r.indicators.iter().enumerate() {
            a.values.set(i, level(k + 1));
        }
        score_one(r, &a, true).expect("score")
    }

    #[test]
    fn over_and_under_claims_are_counted() {
        let r = rubric();
        // BEFORE (self-assessment): every indicator at 3. AFTER (final): 1–5 at 2 (over-claimed
        // by 1 each), 6 at 1 (over-claimed by 2), 42 and 43 at 4 (under-claimed by 1), the rest 3.
        // Higher 6, lower 2, equal 47 − 8 = 39; Σ|diff| = 5·1 + 2 + 2·1 = 9; mean 9/47.
        let before = score(&r, "Kab. A", None, |_| Some(3.0));
        let after = score(&r, "kab. a ", None, |i| {
            Some(match i {
                1..=5 => 2.0,
                6 => 1.0,
                42 | 43 => 4.0,
                _ => 3.0,
            })
        });
        let d = diff(&r, &[before, score(&r, "Kab. B", None, |_| Some(2.0))], std::slice::from_ref(&after));
        assert_eq!(d.regions.len(), 1);
        let t = d.regions[0].tally;
        assert_eq!((t.compared, t.higher, t.lower, t.equal, t.one_sided), (47, 6, 2, 39, 0));
        assert!((t.abs_sum - 9.0).abs() < 1e-12);
        assert!((t.mean_abs().expect("mean") - 9.0 / 47.0).abs() < 1e-12);
        assert_eq!(d.total, t);
        // One-sided regions are reported.
        assert_eq!(d.only_before.iter().map(|k| k.region.as_str()).collect::<Vec<_>>(), ["Kab. B"]);
        assert!(d.only_after.is_empty());
        // Index: AFTER − BEFORE = (−5·1.3 − 2·1.3 + 2·3.0) / 100 = (−6.5 − 2.6 + 6) / 100 = −0.031.
        assert!((d.regions[0].index_change() + 0.031).abs() < 1e-12);
        // Changed nodes: indicators 1–6, 42, 43, aspects A1 and A8, domains D1 and D4.
        let ids: Vec<&str> = d.regions[0].changes.iter().map(|c| r.node(c.node).id.as_str()).collect();
        assert_eq!(ids, ["D1", "A1", "1", "2", "3", "4", "5", "6", "D4", "A8", "42", "43"]);
        let c6 = &d.regions[0].changes[7];
        assert_eq!((c6.before, c6.after, c6.delta()), (Some(3.0), Some(1.0), Some(-2.0)));
    }

    #[test]
    fn indicators_on_one_side_only_are_counted_apart() {
        let r = rubric();
        let before = score(&r, "A", None, |i| (i != 47).then_some(3.0));
        let after = score(&r, "A", None, |i| (i != 46).then_some(3.0));
        let d = diff(&r, &[before], &[after]);
        let t = d.regions[0].tally;
        assert_eq!((t.compared, t.equal, t.one_sided), (45, 45, 2));
        let ids: Vec<&str> = d.regions[0].changes.iter().map(|c| r.node(c.node).id.as_str()).collect();
        assert_eq!(ids, ["46", "47"]);
        assert_eq!(d.regions[0].changes[0].delta(), None);
    }

    #[test]
    fn several_years_match_by_year_and_single_regions_pair_up() {
        let r = rubric();
        let b = [score(&r, "A", Some(2023), |_| Some(2.0)), score(&r, "A", Some(2024), |_| Some(3.0))];
        let a = [score(&r, "A", Some(2024), |_| Some(3.0)), score(&r, "A", Some(2025), |_| Some(4.0))];
        let d = diff(&r, &b, &a);
        assert!(d.by_year);
        assert_eq!(d.regions.len(), 1);
        assert_eq!(d.regions[0].before.key.year, Some(2024));
        assert_eq!(d.only_before[0].year, Some(2023));
        assert_eq!(d.only_after[0].year, Some(2025));

        // One region each side, different names and years: compared.
        let d = diff(&r, &b[..1], &a[1..]);
        assert!(d.single_pair);
        assert_eq!(d.regions.len(), 1);
        assert!((d.regions[0].index_change() - 2.0).abs() < 1e-12);
    }
}

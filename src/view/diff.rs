//! `diff --format json`: `{"rubric", "before", "after", "matched_by", "regions": [{"region",
//! "code", "before": {key, "index", "rating", "findings"?}, "after": {...}, "change", "tally", "changes"}],
//! "only_before": [key], "only_after": [key], "summary"}`.

use super::{KeyRef, RubricInfo};
use crate::assessment::Key;
use crate::diff::{NodeChange, Tally};
use crate::rubric::{Kind, Rubric};
use crate::score::RegionScore;

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct DiffDoc<'a> {
    pub rubric: RubricInfo<'a>,
    /// What BEFORE is: its path, with the stage or year picked.
    pub before: &'a str,
    pub after: &'a str,
    /// `single pair`, `region and year` or `region`.
    pub matched_by: &'static str,
    pub regions: Vec<RegionDiff<'a>>,
    pub only_before: Vec<KeyRef<'a>>,
    pub only_after: Vec<KeyRef<'a>>,
    pub summary: TallyDoc,
}

/// One region's comparison (shared with the what-if of `score --set`).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RegionDiff<'a> {
    /// AFTER's name when the two are one government by code, else BEFORE's.
    pub region: &'a str,
    /// The Kemendagri code (BEFORE's, else AFTER's); `null` where neither name resolved.
    pub code: Option<&'static str>,
    pub before: Side<'a>,
    pub after: Side<'a>,
    /// AFTER's index − BEFORE's.
    pub change: f64,
    pub tally: TallyDoc,
    pub changes: Vec<Change<'a>>,
}

impl<'a> RegionDiff<'a> {
    pub fn new(
        rubric: &'a Rubric,
        b: &'a RegionScore,
        a: &'a RegionScore,
        change: f64,
        tally: &Tally,
        changes: &[NodeChange],
    ) -> RegionDiff<'a> {
        RegionDiff {
            region: crate::diff::shown_name(&b.key, &a.key),
            code: b.key.code().or(a.key.code()),
            before: Side::new(rubric, b),
            after: Side::new(rubric, a),
            change,
            tally: TallyDoc::new(tally, None),
            changes: changes.iter().map(|c| Change::new(rubric, c)).collect(),
        }
    }
}

/// One side (BEFORE or AFTER) of a region's comparison.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Side<'a> {
    #[serde(flatten)]
    pub key: KeyRef<'a>,
    pub index: f64,
    pub rating: &'a str,
    /// The assessors' findings and recommendations read for this side; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingDoc<'a>>,
}

/// One node's finding and recommendation.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct FindingDoc<'a> {
    pub id: &'a str,
    pub finding: &'a str,
    pub recommendation: &'a str,
}

impl<'a> Side<'a> {
    fn new(rubric: &'a Rubric, s: &'a RegionScore) -> Side<'a> {
        let findings = s
            .findings
            .iter()
            .map(|f| FindingDoc {
                id: &rubric.node(f.node).id,
                finding: &f.finding,
                recommendation: &f.recommendation,
            })
            .collect();
        Side { key: KeyRef::new(&s.key), index: s.index, rating: s.rating(rubric), findings }
    }
}

/// Indicator levels compared, and over the whole diff the regions compared and their mean
/// index change.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct TallyDoc {
    pub indicators_compared: usize,
    pub before_higher: usize,
    pub before_lower: usize,
    pub equal: usize,
    pub one_side_only: usize,
    pub mean_abs_difference: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions_compared: Option<usize>,
    /// Present in the summary (`null` when no region was compared), absent in a region's tally.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_index_change: Option<Option<f64>>,
}

impl TallyDoc {
    /// A tally; with `regions` (how many, and their mean index change), the summary's.
    pub fn new(t: &Tally, regions: Option<(usize, Option<f64>)>) -> TallyDoc {
        TallyDoc {
            indicators_compared: t.compared,
            before_higher: t.higher,
            before_lower: t.lower,
            equal: t.equal,
            one_side_only: t.one_sided,
            mean_abs_difference: t.mean_abs(),
            regions_compared: regions.map(|r| r.0),
            mean_index_change: regions.map(|r| r.1),
        }
    }
}

/// A node whose score changed.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Change<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub name: &'a str,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
}

impl<'a> Change<'a> {
    pub fn new(rubric: &'a Rubric, c: &NodeChange) -> Change<'a> {
        let n = rubric.node(c.node);
        Change { id: &n.id, kind: n.kind, name: &n.name, before: c.before, after: c.after, change: c.delta() }
    }
}

/// The keys of regions on one side only.
pub fn keys(keys: &[Key]) -> Vec<KeyRef<'_>> {
    keys.iter().map(KeyRef::new).collect()
}

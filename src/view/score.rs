//! `score --format json`: `{"rubric", "regions": [{"region", "index", "rating", "below_scale",
//! "complete", "missing", "pending", "scores": [{"id", "kind", "name", "weight", "score",
//! "level_name"?, "below_scale"?, "pending"?, "finding"?, "recommendation"?}], "year"?, "stage"?, "what_if"?}]}`.

use serde::ser::{Serialize, Serializer};

use super::{KeyExtra, RubricInfo};
use crate::diff::{NodeChange, Tally};
use crate::rubric::{Kind, Rubric};
use crate::score::RegionScore;

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ScoreDoc<'a> {
    pub rubric: RubricInfo<'a>,
    pub regions: Regions<'a>,
}

/// The regions, each made as it is written (a region's document is its scores again, ~70
/// nodes, so the list of them is never held).
#[derive(Debug)]
pub struct Regions<'a> {
    pub rubric: &'a Rubric,
    pub scores: &'a [RegionScore],
    /// With `--set`: the scores before the change (parallel to `scores`) and the `--set` text.
    pub what_if: Option<(&'a [RegionScore], &'a str)>,
}

/// Written as a list of [`Region`].
impl schemars::JsonSchema for Regions<'_> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Regions".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "array", "items": g.subschema_for::<Region>() })
    }
}

impl Serialize for Regions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.scores.iter().enumerate().map(|(i, after)| {
            let mut region = Region::new(self.rubric, after);
            if let Some((before, set)) = self.what_if {
                region.what_if = before.get(i).map(|b| WhatIf::new(self.rubric, b, after, set));
            }
            region
        }))
    }
}

/// One region's score: index, rating, every node's score.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Region<'a> {
    pub region: &'a str,
    pub index: f64,
    pub rating: &'a str,
    /// The index is below the lowest band's bound (it gets that band's name, flagged).
    pub below_scale: bool,
    pub complete: bool,
    /// Ids of the indicators not covered.
    pub missing: Vec<&'a str>,
    /// Ids of the external indicators left blank (scored at the scale's minimum, pending).
    pub pending: Vec<&'a str>,
    pub scores: Vec<NodeScore<'a>>,
    #[serde(flatten)]
    pub key: KeyExtra<'a>,
    /// The index a published table gave beside the values (wide input), to compare with
    /// `index`; a gap past rounding is warned about (`published-differs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_index: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_if: Option<WhatIf<'a>>,
}

impl<'a> Region<'a> {
    pub fn new(rubric: &'a Rubric, s: &'a RegionScore) -> Region<'a> {
        let scores = rubric
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeScore {
                id: &n.id,
                kind: n.kind,
                name: &n.name,
                weight: n.weight,
                score: s.scores[i],
                level_name: match n.kind {
                    Kind::Indicator => s.scores[i].and_then(|l| rubric.level_name(i, l)),
                    _ => None,
                },
                below_scale: s.scores[i].is_some_and(|x| rubric.scale.below(x)).then_some(true),
                pending: s.pending.contains(&i).then_some(true),
                finding: s.finding(i).map(|f| f.finding.as_str()),
                recommendation: s.finding(i).map(|f| f.recommendation.as_str()),
            })
            .collect();
        Region {
            region: &s.key.region,
            index: s.index,
            rating: s.rating(rubric),
            below_scale: s.below_bands(rubric),
            complete: s.complete,
            missing: s.missing.iter().map(|&i| rubric.node(i).id.as_str()).collect(),
            pending: s.pending.iter().map(|&i| rubric.node(i).id.as_str()).collect(),
            scores,
            key: KeyExtra::new(&s.key),
            published_index: s.published.as_ref().map(|p| p.index),
            what_if: None,
        }
    }
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct NodeScore<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub name: &'a str,
    pub weight: f64,
    pub score: Option<f64>,
    /// The rubric's name of an indicator's level, where it names levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_name: Option<&'a str>,
    /// `true` for a value below the regulated scale (scored as given); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_scale: Option<bool>,
    /// `true` for an external indicator left blank; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// The assessors' finding (*catatan*) on the node, where the input gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<&'a str>,
    /// The assessors' recommendation (*rekomendasi*), with `finding`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<&'a str>,
}

/// `score --set`: the region's change, as `diff` reports one, and the `--set` text.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct WhatIf<'a> {
    #[serde(flatten)]
    pub change: super::diff::RegionDiff<'a>,
    pub set: &'a str,
}

impl<'a> WhatIf<'a> {
    pub fn new(
        rubric: &'a Rubric,
        before: &'a RegionScore,
        after: &'a RegionScore,
        set: &'a str,
    ) -> WhatIf<'a> {
        let changes: Vec<NodeChange> = crate::diff::node_changes(rubric, before, after);
        let tally: Tally = crate::diff::tally(rubric, before, after);
        WhatIf {
            change: super::diff::RegionDiff::new(
                rubric,
                before,
                after,
                after.index - before.index,
                &tally,
                &changes,
            ),
            set,
        }
    }
}

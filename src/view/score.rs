//! `score --format json`: `{"rubric", "regions": [{"region", "index", "rating", "below_scale",
//! "complete", "missing", "pending", "scores": [{"id", "kind", "name", "weight", "score",
//! "level_name"?, "below_scale"?, "pending"?, "finding"?, "recommendation"?}], "year"?, "stage"?, "what_if"?}]}`.

use std::io::Write;

use serde::ser::{Serialize, Serializer};

use super::{write_array, JsonDoc, KeyExtra, Pretty, RubricInfo};
use crate::diff::{NodeChange, Tally};
use crate::rubric::{Kind, Rubric};
use crate::score::RegionScore;

#[derive(Debug, schemars::JsonSchema)]
pub struct ScoreDoc<'a> {
    pub rubric: RubricInfo<'a>,
    pub regions: Regions<'a>,
}

// Written as serde_json's pretty printer writes `{"rubric", "regions"}` (a test compares the
// bytes), the regions serialized on every core.
impl JsonDoc for ScoreDoc<'_> {
    fn write_json(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        w.write_all(b"{\n  \"rubric\": ")?;
        self.rubric.serialize(&mut serde_json::Serializer::with_formatter(&mut w, Pretty::at(1)))?;
        w.write_all(b",\n  \"regions\": ")?;
        let regions = &self.regions;
        write_array(&mut w, regions.scores.len(), 1, |i| regions.region(i))?;
        w.write_all(b"\n}\n")?;
        w.flush()
    }
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

impl<'a> Regions<'a> {
    /// The document of region `i` (below `scores.len()`).
    pub fn region(&self, i: usize) -> Region<'a> {
        let after = &self.scores[i];
        let mut region = Region::new(self.rubric, after);
        if let Some((before, set)) = self.what_if {
            region.what_if = before.get(i).map(|b| WhatIf::new(self.rubric, b, after, set));
        }
        region
    }
}

impl Serialize for Regions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.scores.len()).map(|i| self.region(i)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Assessment, Assessments, Key};

    /// What serde_json's pretty printer writes for the derived document.
    #[derive(serde::Serialize)]
    struct Whole<'a> {
        rubric: RubricInfo<'a>,
        regions: &'a Regions<'a>,
    }

    #[test]
    fn the_parallel_document_is_the_derived_one_byte_for_byte() {
        let rubric = Rubric::resolve("spbe-2020").unwrap();
        // 0, 1 and 100 regions (several batches), some incomplete, with what-if changes.
        for n in [0usize, 1, 100] {
            let mut set = Assessments::default();
            for r in 0..n {
                let mut a =
                    Assessment::new(Key::new(format!("Kab. \"{r}\""), None, None), rubric.nodes.len());
                for (k, &i) in rubric.indicators.iter().enumerate() {
                    if r % 7 != 3 || k % 5 != 0 {
                        a.values.set(i, Some(((r + k) % 5 + 1) as f64));
                    }
                }
                set.insert(a);
            }
            let scores = crate::score::score_all(&rubric, &set, true, crate::i18n::Lang::En).unwrap();
            let before: Vec<RegionScore> = scores.iter().rev().cloned().collect();
            for what_if in [None, Some((before.as_slice(), "1=5"))] {
                let regions = Regions { rubric: &rubric, scores: &scores, what_if };
                let mut want =
                    serde_json::to_vec_pretty(&Whole { rubric: RubricInfo::new(&rubric), regions: &regions })
                        .unwrap();
                want.push(b'\n');
                let doc = ScoreDoc { rubric: RubricInfo::new(&rubric), regions };
                let mut got = Vec::new();
                doc.write_json(&mut got).unwrap();
                assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap(), "{n} regions");
            }
        }
    }
}

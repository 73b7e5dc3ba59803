//! `score --format json`: `{"rubric", "regions": [{"region", "index", "rating", "below_scale",
//! "complete", "missing", "pending", "scores": [{"id", "kind", "name", "weight", "score",
//! "level_name"?, "below_scale"?, "pending"?, "finding"?, "recommendation"?}], "year"?, "stage"?, "what_if"?}]}`.

use std::io::Write;

use serde::ser::{Serialize, Serializer};

use super::{write_array, write_array_with, JsonDoc, KeyExtra, Pretty, RubricInfo};
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
        match regions.what_if {
            None => {
                let layout = Layout::new(regions.rubric, 2);
                write_array_with(&mut w, regions.scores.len(), 1, |buf, i| {
                    layout.region(buf, regions.rubric, &regions.scores[i])
                })?
            }
            Some(_) => write_array(&mut w, regions.scores.len(), 1, |i| regions.region(i))?,
        }
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

/// A region's JSON written as serde_json's pretty printer writes [`Region`] (a test compares
/// the bytes), without its cost per node: what a node's object says about the node itself (id,
/// kind, name, weight), the text of its level names and the keys of its flags are the same in
/// every region, so they are escaped and laid out once and copied.
struct Layout {
    /// The region object's depth (its keys are one deeper).
    depth: usize,
    /// Per node: the separator before it (`\n` or `,\n`, the indent), `{`, the node's keys up to
    /// `"score": `, laid out at its depth.
    heads: Vec<Vec<u8>>,
    /// Per node: `"level_name": ` with each of its level names, by whole level from the
    /// scale's minimum (as [`Rubric::level_name`] finds them), with the separator before it.
    level_names: Vec<Vec<Vec<u8>>>,
    /// `"below_scale": true` of a node, with the separator before it.
    below_scale: Vec<u8>,
    /// `"pending": true` of a node, with the separator before it.
    pending: Vec<u8>,
    /// The end of a node's object: a new line, the indent, `}`.
    end: Vec<u8>,
}

impl Layout {
    fn new(rubric: &Rubric, depth: usize) -> Layout {
        // A node's keys are at depth + 3: the region's keys at depth + 1, its scores in a list.
        let key = |buf: &mut Vec<u8>, name: &str| {
            buf.extend_from_slice(b",\n");
            pad(buf, depth + 3);
            buf.push(b'"');
            buf.extend_from_slice(name.as_bytes());
            buf.extend_from_slice(b"\": ");
        };
        let heads = rubric
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut head = if i == 0 { b"\n".to_vec() } else { b",\n".to_vec() };
                pad(&mut head, depth + 2);
                head.push(b'{');
                head.push(b'\n');
                pad(&mut head, depth + 3);
                head.extend_from_slice(b"\"id\": ");
                json(&mut head, &n.id);
                key(&mut head, "kind");
                json(&mut head, &n.kind);
                key(&mut head, "name");
                json(&mut head, &n.name);
                key(&mut head, "weight");
                json(&mut head, &n.weight);
                key(&mut head, "score");
                head
            })
            .collect();
        let level_names = rubric
            .nodes
            .iter()
            .map(|n| {
                let names = n.level_names.as_deref().unwrap_or_default();
                names
                    .iter()
                    .map(|name| {
                        let mut text = Vec::new();
                        key(&mut text, "level_name");
                        json(&mut text, name);
                        text
                    })
                    .collect()
            })
            .collect();
        let flag = |name: &str| {
            let mut text = Vec::new();
            key(&mut text, name);
            text.extend_from_slice(b"true");
            text
        };
        let mut end = b"\n".to_vec();
        pad(&mut end, depth + 2);
        end.push(b'}');
        Layout { depth, heads, level_names, below_scale: flag("below_scale"), pending: flag("pending"), end }
    }

    /// A key after another, `depth` levels in.
    fn key(&self, buf: &mut Vec<u8>, name: &str, depth: usize) {
        buf.extend_from_slice(b",\n");
        pad(buf, depth);
        buf.push(b'"');
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b"\": ");
    }

    /// A list of node ids, as a pretty array at the region's keys' depth.
    fn ids(&self, buf: &mut Vec<u8>, rubric: &Rubric, nodes: &[usize]) {
        if nodes.is_empty() {
            buf.extend_from_slice(b"[]");
            return;
        }
        buf.push(b'[');
        for (k, &n) in nodes.iter().enumerate() {
            buf.extend_from_slice(if k == 0 { b"\n" } else { b",\n" });
            pad(buf, self.depth + 2);
            json(buf, &rubric.node(n).id);
        }
        buf.push(b'\n');
        pad(buf, self.depth + 1);
        buf.push(b']');
    }

    /// The `"level_name"` of node `i` at `level`, laid out, where it has one.
    fn level_name(&self, rubric: &Rubric, i: usize, level: f64) -> Option<&[u8]> {
        // As `Rubric::level_name` finds the name.
        let whole = rubric.scale.whole_level(level)?;
        self.level_names[i].get((whole - rubric.scale.min) as usize).map(Vec::as_slice)
    }

    /// Region `s` as [`Region::new`] makes it (without `what_if`).
    fn region(&self, buf: &mut Vec<u8>, rubric: &Rubric, s: &RegionScore) -> std::io::Result<()> {
        let d = self.depth + 1;
        let mut numbers = Numbers::default();
        buf.extend_from_slice(b"{\n");
        pad(buf, d);
        buf.extend_from_slice(b"\"region\": ");
        json(buf, &s.key.region);
        self.key(buf, "index", d);
        json(buf, &s.index);
        self.key(buf, "rating", d);
        json(buf, s.rating(rubric));
        self.key(buf, "below_scale", d);
        json(buf, &s.below_bands(rubric));
        self.key(buf, "complete", d);
        json(buf, &s.complete);
        self.key(buf, "missing", d);
        self.ids(buf, rubric, &s.missing);
        self.key(buf, "pending", d);
        self.ids(buf, rubric, &s.pending);
        self.key(buf, "scores", d);
        if self.heads.is_empty() {
            buf.extend_from_slice(b"[]");
        } else {
            buf.push(b'[');
            for (i, (head, n)) in self.heads.iter().zip(&rubric.nodes).enumerate() {
                buf.extend_from_slice(head);
                let score = s.scores[i];
                match score {
                    Some(x) => numbers.write(buf, x),
                    None => buf.extend_from_slice(b"null"),
                }
                if let (Kind::Indicator, Some(name)) =
                    (n.kind, score.and_then(|l| self.level_name(rubric, i, l)))
                {
                    buf.extend_from_slice(name);
                }
                if score.is_some_and(|x| rubric.scale.below(x)) {
                    buf.extend_from_slice(&self.below_scale);
                }
                if s.pending.contains(&i) {
                    buf.extend_from_slice(&self.pending);
                }
                if let Some(f) = s.finding(i) {
                    self.key(buf, "finding", d + 2);
                    json(buf, &f.finding);
                    self.key(buf, "recommendation", d + 2);
                    json(buf, &f.recommendation);
                }
                buf.extend_from_slice(&self.end);
            }
            buf.push(b'\n');
            pad(buf, d);
            buf.push(b']');
        }
        let key = KeyExtra::new(&s.key);
        self.key(buf, "code", d);
        json(buf, &key.code);
        self.key(buf, "province", d);
        json(buf, &key.province);
        if let Some(year) = key.year {
            self.key(buf, "year", d);
            json(buf, &year);
        }
        if let Some(stage) = key.stage {
            self.key(buf, "stage", d);
            json(buf, stage);
        }
        if let Some(p) = &s.published {
            self.key(buf, "published_index", d);
            json(buf, &p.index);
        }
        buf.push(b'\n');
        pad(buf, self.depth);
        buf.push(b'}');
        Ok(())
    }
}

/// The JSON text of numbers written lately, by their bits: a region's indicators take a few
/// levels again and again, and writing a number costs several times the lookup.
#[derive(Default)]
struct Numbers {
    /// Per slot: the number's bits, its text's length (0: a slot not used yet), the text.
    slots: [(u64, u8, [u8; 32]); 32],
}

impl Numbers {
    /// Append `x` as serde_json writes it.
    fn write(&mut self, buf: &mut Vec<u8>, x: f64) {
        let bits = x.to_bits();
        let slot = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 59) as usize;
        let (seen, len, text) = &mut self.slots[slot];
        if *len == 0 || *seen != bits {
            let start = buf.len();
            json(buf, &x);
            // A number's text is at most 24 bytes; longer would not be kept.
            let Ok(n @ 1..=32) = u8::try_from(buf.len() - start) else { return };
            text[..n as usize].copy_from_slice(&buf[start..]);
            (*seen, *len) = (bits, n);
            return;
        }
        buf.extend_from_slice(&text[..*len as usize]);
    }
}

/// Indent to `depth` levels, as [`Pretty`] does.
fn pad(buf: &mut Vec<u8>, depth: usize) {
    const SPACES: [u8; 32] = [b' '; 32];
    match SPACES.get(..2 * depth) {
        Some(spaces) => buf.extend_from_slice(spaces),
        None => buf.resize(buf.len() + 2 * depth, b' '),
    }
}

/// A value as serde_json writes it (scalars and strings: no layout of their own).
fn json<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) {
    // Writing to a Vec cannot fail, and these values (numbers, text) always serialize.
    let _ = value.serialize(&mut serde_json::Serializer::new(&mut *buf));
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
        // Whole levels, and Pemdi's decimals (level names of the whole level below them).
        for (id, n) in [("spbe-2020", 0usize), ("spbe-2020", 1), ("spbe-2020", 100), ("pemdi-2026", 100)] {
            the_document_is_the_derived_one(&Rubric::resolve(id).unwrap(), n);
        }
    }

    fn the_document_is_the_derived_one(rubric: &Rubric, n: usize) {
        let decimals = !rubric.scale.integer;
        // Some regions incomplete, with what-if changes.
        let mut set = Assessments::default();
        for r in 0..n {
            let mut a = Assessment::new(Key::new(format!("Kab. \"{r}\""), None, None), rubric.nodes.len());
            for (k, &i) in rubric.indicators.iter().enumerate() {
                if r % 7 != 3 || k % 5 != 0 {
                    // 1 to 5, and on a continuous scale a quarter or a half below some.
                    let level = ((r + k) % 5 + 1) as f64 - if decimals { 0.25 * (k % 3) as f64 } else { 0.0 };
                    a.values.set(i, Some(level));
                }
            }
            set.insert(a);
        }
        let mut scores = crate::score::score_all(rubric, &set, true, crate::i18n::Lang::En).unwrap();
        // What the fast layout writes only for some regions or nodes: a year, a stage, a
        // code, a published index, a pending indicator, a finding (text to escape), a
        // value below the scale, a score of none.
        let kerinci = crate::region::registry().iter().find(|r| !r.is_province());
        for (r, s) in scores.iter_mut().enumerate().filter(|(r, _)| r % 9 == 4) {
            s.key.year = Some(2024);
            s.key.stage = Some(format!("tahap \"{r}\""));
            s.key.code = kerinci;
            s.published = Some(crate::assessment::Published {
                index: 2.5,
                at: crate::problem::Problem::file("p.csv", "published-differs", ""),
            });
            let node = rubric.indicators[r % rubric.indicators.len()];
            s.pending.push(node);
            s.findings.push(crate::assessment::Finding {
                node,
                finding: format!("catatan\n\"{r}\" \\ <b>"),
                recommendation: "perbaiki".into(),
            });
            s.scores[rubric.indicators[0]] = Some(0.5);
            s.scores[rubric.indicators[1]] = None;
        }
        let before: Vec<RegionScore> = scores.iter().rev().cloned().collect();
        for what_if in [None, Some((before.as_slice(), "1=5"))] {
            let regions = Regions { rubric, scores: &scores, what_if };
            let mut want =
                serde_json::to_vec_pretty(&Whole { rubric: RubricInfo::new(rubric), regions: &regions })
                    .unwrap();
            want.push(b'\n');
            let doc = ScoreDoc { rubric: RubricInfo::new(rubric), regions };
            let mut got = Vec::new();
            doc.write_json(&mut got).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{n} regions of {}",
                rubric.id
            );
        }
    }
}

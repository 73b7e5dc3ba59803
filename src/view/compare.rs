//! `compare --format json`: `{"rubric", "by", "columns", "year", "baseline", "regions": [{"rank",
//! "region", "index", "rating", "complete", "scores": [{"id", "score"}], "year"?, "stage"?,
//! "delta"?: {id: number}}], "summary": {"columns": [{"id", "count", "mean", "median", "min",
//! "max", "best", "worst", "above", "below"}], "ratings": [{"rating", "count"}]}, "trend"?}`.

use std::cmp::Ordering;
use std::io::Write;

use serde::Serialize;

use super::{write_array, JsonDoc, KeyExtra, NodeRef, Pairs, Pretty, RubricInfo};
use crate::compare::{self, Column, Comparison, Trend};
use crate::rubric::Rubric;
use crate::score::RegionScore;

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct CompareDoc<'a> {
    pub rubric: RubricInfo<'a>,
    /// The layer compared (`domain`, `aspect`, `indicator`); `null` when only the index is.
    pub by: Option<&'static str>,
    pub columns: Vec<NodeRef<'a>>,
    pub year: Option<i32>,
    pub baseline: Option<&'a str>,
    pub regions: Regions<'a>,
    pub summary: Summary<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendDoc<'a>>,
}

/// A comparison's JSON: the bytes serde_json's pretty printer writes for the [`CompareDoc`]
/// (a test compares them), its regions serialized on every core.
pub struct CompareJson<'a>(pub CompareDoc<'a>);

impl JsonDoc for CompareJson<'_> {
    fn write_json(&self, w: &mut dyn Write) -> std::io::Result<()> {
        /// `"key": value` as a field of the document after its first.
        fn field<T: Serialize>(w: &mut dyn Write, key: &str, value: &T) -> std::io::Result<()> {
            write!(w, ",\n  \"{key}\": ")?;
            value.serialize(&mut serde_json::Serializer::with_formatter(w, Pretty::at(1)))?;
            Ok(())
        }
        let d = &self.0;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        w.write_all(b"{\n  \"rubric\": ")?;
        d.rubric.serialize(&mut serde_json::Serializer::with_formatter(&mut w, Pretty::at(1)))?;
        field(&mut w, "by", &d.by)?;
        field(&mut w, "columns", &d.columns)?;
        field(&mut w, "year", &d.year)?;
        field(&mut w, "baseline", &d.baseline)?;
        w.write_all(b",\n  \"regions\": ")?;
        write_array(&mut w, d.regions.len(), 1, |r| d.regions.region(r))?;
        field(&mut w, "summary", &d.summary)?;
        if let Some(trend) = &d.trend {
            field(&mut w, "trend", trend)?;
        }
        w.write_all(b"\n}\n")?;
        w.flush()
    }
}

/// One region of the comparison, by rank.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Region<'a> {
    pub rank: usize,
    pub region: &'a str,
    pub index: f64,
    pub rating: &'a str,
    pub complete: bool,
    pub scores: Vec<ColumnScore<'a>>,
    #[serde(flatten)]
    pub key: KeyExtra<'a>,
    /// With a baseline: this region's value minus the baseline's, per column id and `index`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<Pairs<'a, Option<f64>>>,
}

/// The regions by rank, each made as it is written (200,000 regions are never held as
/// documents).
#[derive(Debug)]
pub struct Regions<'a> {
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    cmp: &'a Comparison,
}

impl<'a> Regions<'a> {
    /// The document of the region at row `r` of the comparison.
    pub fn region(&self, r: usize) -> Region<'a> {
        let (rubric, cmp) = (self.rubric, self.cmp);
        let row = &cmp.rows[r];
        let s = &self.scores[row.score];
        Region {
            rank: row.rank,
            region: s.region(),
            index: s.index,
            rating: s.rating(rubric),
            complete: s.complete,
            scores: cmp
                .columns
                .iter()
                .zip(cmp.values(r))
                .filter(|(c, _)| **c != Column::Index)
                .map(|(c, &score)| ColumnScore { id: c.id(rubric), score })
                .collect(),
            key: KeyExtra::new(&s.key),
            delta: cmp.baseline.map(|_| {
                Pairs(cmp.columns.iter().enumerate().map(|(j, c)| (c.id(rubric), cmp.delta(r, j))).collect())
            }),
        }
    }

    /// The number of regions.
    fn len(&self) -> usize {
        self.cmp.rows.len()
    }
}

impl serde::Serialize for Regions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.len()).map(|r| self.region(r)))
    }
}

/// Written as a list of [`Region`] (inline, as the `Vec` it stands for).
impl schemars::JsonSchema for Regions<'_> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CompareRegions".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "array", "items": g.subschema_for::<Region>() })
    }
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ColumnScore<'a> {
    pub id: &'a str,
    pub score: Option<f64>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Summary<'a> {
    pub columns: Vec<ColumnSummary<'a>>,
    pub ratings: Vec<RatingCount<'a>>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ColumnSummary<'a> {
    pub id: &'a str,
    pub count: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub best: Vec<&'a str>,
    pub worst: Vec<&'a str>,
    pub above: Option<usize>,
    pub below: Option<usize>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RatingCount<'a> {
    pub rating: &'a str,
    pub count: usize,
}

impl<'a> CompareDoc<'a> {
    /// The document of a comparison of `scores` (the regions of `year`).
    pub fn new(
        rubric: &'a Rubric,
        scores: &'a [RegionScore],
        cmp: &'a Comparison,
        year: Option<i32>,
    ) -> CompareDoc<'a> {
        let names = |idx: &[usize]| idx.iter().map(|&i| scores[i].region()).collect::<Vec<_>>();
        let columns = cmp
            .columns
            .iter()
            .filter_map(|c| match c {
                Column::Node(n) => Some(NodeRef::new(rubric, *n)),
                Column::Index => None,
            })
            .collect();
        let by = cmp.columns.iter().find_map(|c| match c {
            Column::Node(n) => Some(rubric.node(*n).kind.as_str()),
            Column::Index => None,
        });
        let regions = Regions { rubric, scores, cmp };
        let summary_columns = cmp
            .summary
            .iter()
            .map(|c| ColumnSummary {
                id: c.column.id(rubric),
                count: c.stats.count,
                mean: c.stats.mean,
                median: c.stats.median,
                min: c.stats.min,
                max: c.stats.max,
                best: names(&c.best),
                worst: names(&c.worst),
                above: c.above,
                below: c.below,
            })
            .collect();
        let ratings = rubric
            .bands
            .iter()
            .enumerate()
            .rev()
            .map(|(i, b)| RatingCount { rating: &b.name, count: cmp.ratings[i] })
            .collect();
        CompareDoc {
            rubric: RubricInfo::new(rubric),
            by,
            columns,
            year,
            baseline: cmp.baseline.map(|b| scores[b].region()),
            regions,
            summary: Summary { columns: summary_columns, ratings },
            trend: None,
        }
    }
}

/// `{"years", "regions": [{"region", "years": [point or null], "change", "movement"}],
/// "moves": [{"region", "from": point, "to": point, "direction"}]}`; a year in which a region
/// was not assessed is `null`.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct TrendDoc<'a> {
    pub years: &'a [i32],
    pub regions: Vec<TrendRegion<'a>>,
    pub moves: Vec<Move<'a>>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct TrendRegion<'a> {
    pub region: &'a str,
    /// The Kemendagri code (one government has one code in every year); `null` where none.
    pub code: Option<&'static str>,
    pub years: Vec<Option<Point<'a>>>,
    pub change: Option<f64>,
    pub movement: Option<Movement>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Point<'a> {
    pub year: i32,
    pub rank: usize,
    pub index: f64,
    pub rating: &'a str,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Move<'a> {
    pub region: &'a str,
    pub from: Point<'a>,
    pub to: Point<'a>,
    pub direction: Movement,
}

/// Which way a rating went.
#[derive(Debug, Clone, Copy, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Movement {
    Up,
    Down,
    Same,
}

impl Movement {
    pub fn of(o: Ordering) -> Movement {
        match o {
            Ordering::Greater => Movement::Up,
            Ordering::Less => Movement::Down,
            Ordering::Equal => Movement::Same,
        }
    }
}

impl<'a> TrendDoc<'a> {
    pub fn new(rubric: &'a Rubric, scores: &'a [RegionScore], trend: &'a Trend) -> TrendDoc<'a> {
        let point = |year: i32, p: &compare::Point| {
            let s = &scores[p.score];
            Point { year, rank: p.rank, index: s.index, rating: s.rating(rubric) }
        };
        let regions = trend
            .rows
            .iter()
            .map(|r| TrendRegion {
                region: &r.region,
                code: r.code(scores),
                years: r.points.iter().zip(&trend.years).map(|(p, &y)| p.map(|p| point(y, &p))).collect(),
                change: r.change,
                movement: r.movement.map(Movement::of),
            })
            .collect();
        let moves = trend
            .moves
            .iter()
            .map(|m| Move {
                region: &m.region,
                from: point(m.from_year, &m.from),
                to: point(m.to_year, &m.to),
                direction: Movement::of(m.direction(scores)),
            })
            .collect();
        TrendDoc { years: &trend.years, regions, moves }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Assessment, Assessments, Key};
    use crate::cmd::compare::{analyse, View};
    use crate::i18n::Lang;

    #[test]
    fn the_parallel_document_is_the_derived_one_byte_for_byte() {
        let rubric = Rubric::resolve("spbe-2020").unwrap();
        // 0, 1 and 300 regions (several batches), some incomplete, in one year or in two (a
        // trend), with and without a baseline.
        for (n, years) in [(0usize, 1), (1, 1), (300, 1), (300, 2)] {
            let mut set = Assessments::default();
            for r in 0..n {
                let year = (years == 2).then_some(2023 + (r % 2) as i32);
                let mut a = Assessment::new(
                    Key::new(format!("Kab. \"{}\"", r / years), year, None),
                    rubric.nodes.len(),
                );
                for (k, &i) in rubric.indicators.iter().enumerate() {
                    if r % 7 != 3 || k % 5 != 0 {
                        a.values.set(i, Some(((r + k) % 5 + 1) as f64));
                    }
                }
                set.insert(a);
            }
            let scores = crate::score::score_all(&rubric, &set, true, Lang::En).unwrap();
            let nodes = rubric.headline_nodes();
            for baseline in
                [None, Some("Kab. \"0\"".to_string())].into_iter().take(if n == 0 { 1 } else { 2 })
            {
                let view = View { nodes: nodes.clone(), sort: compare::SortKey::Index, baseline };
                let c = analyse(&rubric, &scores, &view, Lang::En).unwrap();
                let mut doc = CompareDoc::new(&rubric, &c.current, &c.cmp, c.latest);
                if let Some(trend) = &c.trend {
                    doc.trend = Some(TrendDoc::new(&rubric, &scores, trend));
                }
                let mut want = serde_json::to_vec_pretty(&doc).unwrap();
                want.push(b'\n');
                let mut got = Vec::new();
                CompareJson(doc).write_json(&mut got).unwrap();
                let got = String::from_utf8(got).unwrap();
                assert_eq!(got, String::from_utf8(want).unwrap(), "{n} regions, {years} years");
                assert_eq!(got.contains("\"trend\""), years == 2);
            }
        }
    }
}

//! Sensitivity of the index and the ranking to the weights.
//!
//! Each draw multiplies every weight of the rubric (domains, aspects, indicators) by a factor
//! drawn uniformly from `[1 − S, 1 + S]`, renormalises within each parent, and rescores every
//! region. A group's score is `Σ(score × w) / Σ w` over its children, so scaling siblings to add
//! up to their parent's weight changes no score: dividing by the perturbed siblings' sum *is*
//! the renormalisation. Per region the result is the nominal index and rank, the index's 5th
//! and 95th percentiles, the rank's median, 5th and 95th percentiles, and the share of draws in
//! each rating band.
//!
//! - **Exactness**: a draw rescored with unperturbed weights repeats the engine's arithmetic
//!   operation for operation ([`score::compute`]: the same products, sums in the same order, the
//!   same divisions), so `--spread 0` gives the nominal values bit for bit.
//! - **Determinism**: draw `d` takes its factors from its own ChaCha8 stream (seed, stream `d`)
//!   and writes its own row of results, so the results depend on the seed alone, not on the
//!   number of threads or how work is scheduled.
//! - **Speed**: the rubric and the regions are flattened once: values in one contiguous
//!   regions × nodes matrix, and for each distinct pattern of given values (usually one) a
//!   list of group operations. A draw then costs O(regions × nodes) with no allocation; draws
//!   run in parallel (rayon), each thread with its own scratch buffers.
//! - **Ranks**: within each (year, stage) group, 1 the highest, on the unrounded index, with the
//!   tie rule of `spbe compare` ([`crate::compare::rank_values`]): indices within
//!   [`TIE_TOLERANCE`] share the best rank and the next rank skips (1, 2, 2, 4).
//! - **Ratings**: as [`Rubric::rating_index`] decides them (with its [`RATING_SLACK`]).
//! - **Percentiles**: nearest-rank: the p-th percentile of N values is the ⌈p·N/100⌉-th smallest.

use std::collections::HashMap;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::assessment::{Assessment, Key};
use crate::compare::TIE_TOLERANCE;
use crate::i18n::{Lang, Localized};
use crate::rubric::{Rubric, RATING_SLACK};
use crate::score;

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// How many times the weights are drawn (`--draws`).
    pub draws: u32,
    /// Each weight is multiplied by a factor uniform in `[1 − spread, 1 + spread]`; `0 ≤ spread < 1`.
    pub spread: f64,
    /// The seed of every draw's random stream (`--seed`): the same seed, the same results.
    pub seed: u64,
}

/// More results than this (draws × regions) are refused: they would not fit in memory.
pub const MAX_CELLS: u64 = 100_000_000;

fn desc(a: f64, b: f64) -> std::cmp::Ordering {
    // NaN last, then larger first.
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => b.total_cmp(&a),
    }
}

/// The ⌈p·N/100⌉-th smallest of `values` (nearest rank); reorders `values`.
pub fn nearest_rank<T: Copy + PartialOrd>(values: &mut [T], p: u32) -> T {
    let n = values.len();
    let k = ((p as usize * n).div_ceil(100)).clamp(1, n);
    let (_, v, _) =
        values.select_nth_unstable_by(k - 1, |a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    *v
}

/// One group operation: `s[node] = Σ s[k]·w[k] / Σ w[k]` over `kids[start..end]`.
#[derive(Debug, Clone)]
struct Op {
    node: u32,
    start: u32,
    end: u32,
}

/// The operations for one pattern of given values, as the engine would run them.
#[derive(Debug, Clone)]
struct Shape {
    /// In reverse pre-order (children before parents).
    ops: Vec<Op>,
    kids: Vec<u32>,
    /// The present top-level nodes, in `kids`.
    roots: (u32, u32),
}

impl Shape {
    fn new(rubric: &Rubric, given: &[bool]) -> Shape {
        let n = rubric.nodes.len();
        let mut present = given.to_vec();
        let mut ops = Vec::new();
        let mut kids = Vec::new();
        for i in (0..n).rev() {
            let node = &rubric.nodes[i];
            if given[i] || node.children.is_empty() {
                continue;
            }
            let start = kids.len() as u32;
            kids.extend(node.children.iter().filter(|&&c| present[c]).map(|&c| c as u32));
            let end = kids.len() as u32;
            if end > start {
                present[i] = true;
                ops.push(Op { node: i as u32, start, end });
            }
        }
        let start = kids.len() as u32;
        kids.extend(rubric.roots.iter().filter(|&&c| present[c]).map(|&c| c as u32));
        let end = kids.len() as u32;
        Shape { ops, kids, roots: (start, end) }
    }

    /// Σ w over each operation's children, then over the roots (same order as the engine).
    fn weight_sums(&self, w: &[f64], out: &mut [f64]) {
        for (k, op) in self.ops.iter().enumerate() {
            let mut sum = 0.0;
            for &c in &self.kids[op.start as usize..op.end as usize] {
                sum += w[c as usize];
            }
            out[k] = sum;
        }
        let mut sum = 0.0;
        for &c in &self.kids[self.roots.0 as usize..self.roots.1 as usize] {
            sum += w[c as usize];
        }
        out[self.ops.len()] = sum;
    }

    /// The index of one region: `s` holds its given values and is overwritten.
    #[inline]
    fn index(&self, w: &[f64], sums: &[f64], s: &mut [f64]) -> f64 {
        for (k, op) in self.ops.iter().enumerate() {
            let mut sum = 0.0;
            for &c in &self.kids[op.start as usize..op.end as usize] {
                sum += s[c as usize] * w[c as usize];
            }
            s[op.node as usize] = sum / sums[k];
        }
        let mut sum = 0.0;
        for &c in &self.kids[self.roots.0 as usize..self.roots.1 as usize] {
            sum += s[c as usize] * w[c as usize];
        }
        sum / sums[self.ops.len()]
    }
}

/// The rubric and the regions, flattened for drawing.
#[derive(Debug, Clone)]
pub struct Model {
    nodes: usize,
    weights: Vec<f64>,
    shapes: Vec<Shape>,
    /// Per region: its shape.
    shape_of: Vec<u32>,
    /// Regions × nodes: given values, 0 elsewhere.
    values: Vec<f64>,
    /// Per region: its ranking group (same year and stage).
    group: Vec<u32>,
    /// Per region: its key, in the order of the assessments given.
    pub keys: Vec<Key>,
    /// The engine's index of each region.
    pub nominal: Vec<f64>,
    /// Rank within its group, by the nominal index.
    pub nominal_rank: Vec<u32>,
    /// Band of the nominal index.
    pub nominal_band: Vec<usize>,
    bands: Vec<f64>,
}

/// Why a sensitivity analysis cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum SensitivityError {
    /// A region has no values at all (`score` reports it first).
    NoValues {
        /// The region (and year, stage).
        region: String,
    },
    /// More results than [`MAX_CELLS`] would be held.
    TooManyDraws {
        /// Draws asked for.
        draws: usize,
        /// Regions analysed.
        regions: usize,
    },
    /// A spread outside `0 ≤ S < 1`.
    Spread(f64),
}

impl Localized for SensitivityError {
    fn message(&self, lang: Lang) -> String {
        match self {
            SensitivityError::NoValues { region } => {
                format!("{region}: {}", lang.t("no values given", "tidak ada nilai yang diisi"))
            }
            SensitivityError::TooManyDraws { draws, regions } => {
                let cells = *draws as u64 * *regions as u64;
                match lang {
                    Lang::En => format!(
                        "{draws} draws × {regions} regions = {cells} results is more than {MAX_CELLS}: use fewer draws"
                    ),
                    Lang::Id => format!(
                        "{draws} undian × {regions} wilayah = {cells} hasil, lebih dari {MAX_CELLS}: kurangi undian"
                    ),
                }
            }
            SensitivityError::Spread(s) => format!("spread {s} is outside 0 ≤ S < 1"),
        }
    }
}

impl Model {
    /// Flatten assessments (held, or borrowed: `&[&Assessment]`); every one must have an
    /// index (as `score` checks).
    pub fn new<A: std::borrow::Borrow<Assessment>>(
        rubric: &Rubric,
        assessments: &[A],
    ) -> Result<Model, SensitivityError> {
        let nodes = rubric.nodes.len();
        let mut shapes = Vec::new();
        let mut shape_ids: HashMap<Vec<bool>, u32> = HashMap::new();
        let mut shape_of = Vec::with_capacity(assessments.len());
        let mut values = Vec::with_capacity(assessments.len() * nodes);
        let mut groups: HashMap<(Option<i32>, Option<String>), u32> = HashMap::new();
        let mut group = Vec::with_capacity(assessments.len());
        let mut nominal = Vec::with_capacity(assessments.len());
        for a in assessments {
            let a = a.borrow();
            let given: Vec<bool> = a.values.iter().map(Option::is_some).collect();
            let next = shape_ids.len() as u32;
            let id = *shape_ids.entry(given.clone()).or_insert_with(|| {
                shapes.push(Shape::new(rubric, &given));
                next
            });
            shape_of.push(id);
            values.extend(a.values.iter().map(|v| v.unwrap_or(0.0)));
            let next = groups.len() as u32;
            group.push(*groups.entry((a.key.year, a.key.stage.clone())).or_insert(next));
            let index = score::compute(rubric, &a.values)
                .1
                .ok_or_else(|| SensitivityError::NoValues { region: a.label() })?;
            nominal.push(index);
        }
        let mut model = Model {
            nodes,
            weights: rubric.nodes.iter().map(|n| n.weight).collect(),
            shapes,
            shape_of,
            values,
            group,
            keys: assessments.iter().map(|a| a.borrow().key.clone()).collect(),
            nominal_rank: Vec::new(),
            nominal_band: nominal.iter().map(|&x| rubric.rating_index(x)).collect(),
            nominal,
            bands: rubric.bands.iter().map(|b| b.min).collect(),
        };
        let mut scratch = Scratch::new(&model);
        model.nominal_rank = vec![0; model.regions()];
        let nominal = model.nominal.clone();
        let mut ranks = vec![0; model.regions()];
        model.rank_into(&nominal, &mut scratch.order, &mut ranks);
        model.nominal_rank = ranks;
        Ok(model)
    }

    /// How many regions it holds.
    pub fn regions(&self) -> usize {
        self.shape_of.len()
    }

    /// The band of an index, as [`Rubric::rating_index`] decides it.
    fn band(&self, x: f64) -> usize {
        self.bands.iter().rposition(|&b| x + RATING_SLACK >= b).unwrap_or(0)
    }

    /// Rescore every region with weights `w` into `out`.
    fn score_into(&self, w: &[f64], scratch: &mut Scratch, out: &mut [f64]) {
        for (k, shape) in self.shapes.iter().enumerate() {
            shape.weight_sums(w, &mut scratch.sums[k]);
        }
        for (r, slot) in out.iter_mut().enumerate() {
            let shape = self.shape_of[r] as usize;
            scratch.s.copy_from_slice(&self.values[r * self.nodes..(r + 1) * self.nodes]);
            *slot = self.shapes[shape].index(w, &scratch.sums[shape], &mut scratch.s);
        }
    }

    /// Ranks within groups, by the tie rule of [`crate::compare::rank_values`], without allocating.
    fn rank_into(&self, index: &[f64], order: &mut [u32], ranks: &mut [u32]) {
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            self.group[a].cmp(&self.group[b]).then_with(|| desc(index[a], index[b]))
        });
        let mut pos = 0u32;
        for k in 0..order.len() {
            let i = order[k] as usize;
            let prev = (k > 0).then(|| order[k - 1] as usize);
            match prev {
                Some(p) if self.group[p] == self.group[i] => {
                    pos += 1;
                    ranks[i] = if (index[p] - index[i]).abs() <= TIE_TOLERANCE { ranks[p] } else { pos };
                }
                _ => {
                    pos = 1;
                    ranks[i] = 1;
                }
            }
        }
    }
}

/// Per-thread buffers, reused across draws.
struct Scratch {
    w: Vec<f64>,
    sums: Vec<Vec<f64>>,
    s: Vec<f64>,
    order: Vec<u32>,
}

impl Scratch {
    fn new(m: &Model) -> Scratch {
        Scratch {
            w: vec![0.0; m.nodes],
            sums: m.shapes.iter().map(|s| vec![0.0; s.ops.len() + 1]).collect(),
            s: vec![0.0; m.nodes],
            order: (0..m.regions() as u32).collect(),
        }
    }
}

/// Every draw's index and rank of every region (draw-major).
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    /// How many draws (rows).
    pub draws: usize,
    /// How many regions (columns).
    pub regions: usize,
    /// The index of region `r` in draw `d` at `d × regions + r`.
    pub index: Vec<f64>,
    /// Its rank within its group, at the same place.
    pub rank: Vec<u32>,
}

/// Run the draws.
pub fn draw(model: &Model, settings: &Settings) -> Result<Draws, SensitivityError> {
    let regions = model.regions();
    let draws = settings.draws as usize;
    let cells = draws as u64 * regions as u64;
    if cells > MAX_CELLS {
        return Err(SensitivityError::TooManyDraws { draws, regions });
    }
    if !(0.0..1.0).contains(&settings.spread) {
        return Err(SensitivityError::Spread(settings.spread));
    }
    let mut index = vec![0.0; draws * regions];
    let mut rank = vec![0u32; draws * regions];
    if regions == 0 {
        return Ok(Draws { draws, regions, index, rank });
    }
    let (low, width) = (1.0 - settings.spread, 2.0 * settings.spread);
    index.par_chunks_mut(regions).zip(rank.par_chunks_mut(regions)).enumerate().for_each_init(
        || Scratch::new(model),
        |scratch, (d, (irow, rrow))| {
            let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
            rng.set_stream(d as u64);
            for (w, &base) in scratch.w.iter_mut().zip(&model.weights) {
                // A uniform double in [0, 1) from the top 53 bits.
                let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                *w = base * (low + width * u);
            }
            let w = std::mem::take(&mut scratch.w);
            model.score_into(&w, scratch, irow);
            scratch.w = w;
            model.rank_into(irow, &mut scratch.order, rrow);
        },
    );
    Ok(Draws { draws, regions, index, rank })
}

/// The result for one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionResult {
    /// The region (and year, stage).
    pub key: Key,
    /// Its index with the rubric's weights, as `score` gives it.
    pub nominal_index: f64,
    /// Its rank in its group by that index.
    pub nominal_rank: u32,
    /// The band of that index (in `rubric.bands`).
    pub nominal_band: usize,
    /// The 5th percentile of its index over the draws.
    pub index_p5: f64,
    /// The 95th percentile of its index.
    pub index_p95: f64,
    /// The median of its rank over the draws.
    pub rank_median: u32,
    /// The 5th percentile of its rank (the best ranks it gets).
    pub rank_p5: u32,
    /// The 95th percentile of its rank.
    pub rank_p95: u32,
    /// Share of draws in each rating band (in `rubric.bands` order).
    pub band_share: Vec<f64>,
    /// Regions in its ranking group.
    pub group_size: u32,
}

/// Summarise the draws per region.
pub fn summarise(model: &Model, draws: &Draws) -> Vec<RegionResult> {
    let n = draws.draws;
    let mut group_size: HashMap<u32, u32> = HashMap::new();
    for &g in &model.group {
        *group_size.entry(g).or_default() += 1;
    }
    (0..draws.regions)
        .into_par_iter()
        .map_init(
            || (Vec::with_capacity(n), Vec::with_capacity(n)),
            |(xs, rs): &mut (Vec<f64>, Vec<u32>), r| {
                xs.clear();
                rs.clear();
                xs.extend((0..n).map(|d| draws.index[d * draws.regions + r]));
                rs.extend((0..n).map(|d| draws.rank[d * draws.regions + r]));
                let mut counts = vec![0u32; model.bands.len()];
                for &x in xs.iter() {
                    counts[model.band(x)] += 1;
                }
                RegionResult {
                    key: model.keys[r].clone(),
                    nominal_index: model.nominal[r],
                    nominal_rank: model.nominal_rank[r],
                    nominal_band: model.nominal_band[r],
                    index_p5: nearest_rank(xs, 5),
                    index_p95: nearest_rank(xs, 95),
                    rank_median: nearest_rank(rs, 50),
                    rank_p5: nearest_rank(rs, 5),
                    rank_p95: nearest_rank(rs, 95),
                    band_share: counts.iter().map(|&c| f64::from(c) / n as f64).collect(),
                    group_size: group_size.get(&model.group[r]).copied().unwrap_or(1),
                }
            },
        )
        .collect()
}

/// Build the model, draw and summarise.
pub fn analyse<A: std::borrow::Borrow<Assessment>>(
    rubric: &Rubric,
    assessments: &[A],
    settings: &Settings,
) -> Result<Vec<RegionResult>, SensitivityError> {
    let model = Model::new(rubric, assessments)?;
    let draws = draw(&model, settings)?;
    Ok(summarise(&model, &draws))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare;

    fn small() -> Rubric {
        crate::rubric::parse(include_str!("../tests/data/rubric-small.toml"), "rubric-small.toml")
            .expect("rubric")
    }

    fn region(r: &Rubric, name: &str, levels: &[(&str, f64)]) -> Assessment {
        let mut a =
            Assessment::new(Key { region: name.into(), year: None, stage: None, code: None }, r.nodes.len());
        for &(id, v) in levels {
            a.values.set(r.find(id).expect("id"), Some(v));
        }
        a
    }

    fn regions(r: &Rubric) -> Vec<Assessment> {
        vec![
            region(r, "A", &[("1", 4.0), ("2", 1.0), ("3", 2.0), ("4", 3.0), ("5", 1.0), ("6", 2.0)]),
            region(r, "B", &[("1", 1.0), ("2", 4.0), ("3", 3.0), ("4", 1.0), ("5", 4.0), ("6", 2.0)]),
            // Given at domain and aspect level, partly.
            region(r, "C", &[("D1", 2.5), ("A2", 2.0), ("5", 3.0), ("6", 3.0)]),
            region(r, "D", &[("1", 2.0), ("2", 2.0), ("3", 2.0), ("4", 2.0), ("5", 2.0), ("6", 2.0)]),
            // Incomplete (no indicator 6): renormalised as the engine does.
            region(r, "E", &[("1", 3.0), ("2", 2.0), ("3", 4.0), ("4", 2.0), ("5", 3.0)]),
        ]
    }

    #[test]
    fn ranks_follow_the_tie_rule_of_compare() {
        // One group: the ranker used in every draw gives what `spbe compare` gives, ties
        // within the tolerance included (0.1 + 0.2 and 0.3 differ in the last bit only).
        let r = small();
        let mut a = regions(&r);
        a.truncate(1);
        let model = Model::new(&r, &a).expect("model");
        let values = [3.0, 2.0, 3.0, 1.0, 2.0, 0.1 + 0.2, 0.3];
        let group_model = Model { group: vec![0; values.len()], ..model };
        let mut order: Vec<u32> = (0..values.len() as u32).collect();
        let mut ranks = vec![0u32; values.len()];
        group_model.rank_into(&values, &mut order, &mut ranks);
        let expected: Vec<u32> = compare::rank_values(&values).into_iter().map(|x| x as u32).collect();
        assert_eq!(ranks, expected);
        assert_eq!(ranks, [1, 3, 1, 5, 3, 6, 6]);
    }

    #[test]
    fn a_borrowed_selection_gives_what_its_copies_give() {
        // `report --sensitivity` passes the regions compared as borrows into the set.
        let r = small();
        let all = regions(&r);
        let picked: Vec<&Assessment> = [3, 0, 1].iter().map(|&i| &all[i]).collect();
        let copies: Vec<Assessment> = picked.iter().map(|&a| a.clone()).collect();
        let settings = Settings { draws: 50, spread: 0.1, seed: 7 };
        let borrowed = analyse(&r, &picked, &settings).expect("borrowed");
        assert_eq!(borrowed, analyse(&r, &copies, &settings).expect("copies"));
        let keys: Vec<&str> = borrowed.iter().map(|x| x.key.region.as_str()).collect();
        assert_eq!(keys, ["D", "A", "B"]);
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 20 values 1..20: 5th = ⌈1⌉ = 1st, 95th = ⌈19⌉ = 19th, median = 10th.
        let mut v: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        assert_eq!(nearest_rank(&mut v, 5), 1.0);
        assert_eq!(nearest_rank(&mut v, 95), 19.0);
        assert_eq!(nearest_rank(&mut v, 50), 10.0);
        // 3 values: 5th = ⌈0.15⌉ = 1st, 95th = ⌈2.85⌉ = 3rd.
        let mut v = [5u32, 1, 3];
        assert_eq!((nearest_rank(&mut v, 5), nearest_rank(&mut v, 95)), (1, 5));
    }

    #[test]
    fn spread_zero_is_the_engine_bit_for_bit() {
        let r = small();
        let a = regions(&r);
        let out = analyse(&r, &a, &Settings { draws: 7, spread: 0.0, seed: 3 }).expect("analyse");
        for (res, a) in out.iter().zip(&a) {
            let engine = score::compute(&r, &a.values).1.expect("index");
            assert_eq!(res.nominal_index, engine);
            assert_eq!((res.index_p5, res.index_p95), (engine, engine));
            assert_eq!(
                (res.rank_p5, res.rank_median, res.rank_p95),
                (res.nominal_rank, res.nominal_rank, res.nominal_rank)
            );
            let mut share = vec![0.0; r.bands.len()];
            share[r.rating_index(engine)] = 1.0;
            assert_eq!(res.band_share, share);
        }
        // Nominal (an indicator's share of the index is its weight / 100):
        // A 0.13·4 + 0.27·1 + 0.101·2 + 0.249·3 + 0.125·1 + 0.125·2 = 2.114;
        // B 0.13 + 0.27·4 + 0.101·3 + 0.249 + 0.125·4 + 0.125·2 = 2.512;
        // C 0.4·2.5 + 0.35·2 + 0.25·3 = 2.45; D 2;
        // E (no 6, so 5 stands for A3): A1 = (3·13 + 2·27)/40 = 2.325, A2 = (4·10.1 + 2·24.9)/35,
        //   D2 = (90.2 + 3·25)/60 = 2.75333…, index 0.4·2.325 + 0.6·2.75333… = 2.582.
        // Ranks: E 1, B 2, C 3, A 4, D 5.
        let ranks: Vec<u32> = out.iter().map(|x| x.nominal_rank).collect();
        assert_eq!(ranks, [4, 2, 3, 5, 1]);
        assert!((out[0].nominal_index - 2.114).abs() < 1e-12);
        assert!((out[4].nominal_index - 2.582).abs() < 1e-12);
        assert!((out[1].nominal_index - 2.512).abs() < 1e-12);
        assert!((out[2].nominal_index - 2.45).abs() < 1e-12);
    }

    #[test]
    fn draws_are_deterministic_whatever_the_threads() {
        let r = small();
        let a = regions(&r);
        let model = Model::new(&r, &a).expect("model");
        let s = Settings { draws: 500, spread: 0.3, seed: 42 };
        let pool = |n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("pool");
        let one = pool(1).install(|| draw(&model, &s)).expect("draw");
        let two = pool(2).install(|| draw(&model, &s)).expect("draw");
        let three = pool(3).install(|| draw(&model, &s)).expect("draw");
        assert_eq!(one, two);
        assert_eq!(one, three);
        let other = draw(&model, &Settings { seed: 43, ..s }).expect("draw");
        assert_ne!(one.index, other.index);
    }

    #[test]
    fn every_draw_is_the_engine_with_those_weights() {
        // Rebuild draw 0's weights from its stream and score with the engine on a rubric that
        // carries them: the same numbers, bit for bit.
        let r = small();
        let a = regions(&r);
        let s = Settings { draws: 2, spread: 0.25, seed: 9 };
        let model = Model::new(&r, &a).expect("model");
        let d = draw(&model, &s).expect("draw");
        for k in 0..2 {
            let mut rng = ChaCha8Rng::seed_from_u64(9);
            rng.set_stream(k as u64);
            let mut perturbed = r.clone();
            for node in perturbed.nodes.iter_mut() {
                let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                node.weight *= 0.75 + 0.5 * u;
            }
            for (j, x) in a.iter().enumerate() {
                let engine = score::compute(&perturbed, &x.values).1.expect("index");
                assert_eq!(d.index[k * a.len() + j], engine);
            }
        }
    }

    #[test]
    fn intervals_hold_the_nominal_value_and_shares_add_up() {
        let r = small();
        let a = regions(&r);
        let out = analyse(&r, &a, &Settings { draws: 2000, spread: 0.3, seed: 1 }).expect("analyse");
        for res in &out {
            assert!(res.index_p5 <= res.nominal_index && res.nominal_index <= res.index_p95, "{res:?}");
            assert!(res.rank_p5 <= res.rank_median && res.rank_median <= res.rank_p95, "{res:?}");
            assert!((res.band_share.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        // D has every indicator at 2: its index is 2 whatever the weights.
        let d = out.iter().find(|x| x.key.region == "D").expect("D");
        assert_eq!((d.index_p5, d.index_p95), (2.0, 2.0));
        // A's index moves with the weights.
        let a_res = out.iter().find(|x| x.key.region == "A").expect("A");
        assert!(a_res.index_p95 - a_res.index_p5 > 0.05, "{a_res:?}");
    }

    #[test]
    fn ranks_are_within_year_and_stage() {
        let r = small();
        let mut a = regions(&r);
        a[0].key.year = Some(2024);
        a[1].key.year = Some(2024);
        let out = analyse(&r, &a, &Settings { draws: 1, spread: 0.0, seed: 0 }).expect("analyse");
        // 2024: B (2.512) 1, A (2.114) 2. The rest among themselves: E 2.582, C 2.45, D 2.
        assert_eq!((out[1].nominal_rank, out[0].nominal_rank), (1, 2));
        assert_eq!((out[4].nominal_rank, out[2].nominal_rank, out[3].nominal_rank), (1, 2, 3));
        assert_eq!(out[0].group_size, 2);
        assert_eq!(out[2].group_size, 3);
    }
}

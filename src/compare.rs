//! Comparing regions: ranking, differences from a baseline region, summary statistics per
//! column, rating counts, and the trend of regions assessed in several years. Pure functions
//! over scores; `spbe compare` and the HTML report format what they return.
//!
//! **Ties.** Regions are ranked on the unrounded index, the number that also decides the rating.
//! Two indices are tied when they differ by no more than [`TIE_TOLERANCE`] (1e-9): that absorbs
//! floating-point rounding (the same weighted sum added up in another order) but never a real
//! difference, since levels are whole numbers or published values with 2 decimals and weights
//! have at most 2 decimals, so distinct indices differ by at least 1e-6. Two regions shown as
//! 2.62 may therefore still have different ranks (2.6187 and 2.6177): the rank says which is
//! higher, the display rounds. Ties share the best rank (1, 2, 2, 4).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::i18n::Lang;
use crate::rubric::Rubric;
use crate::score::RegionScore;
use crate::select;

/// Scores closer than this are equal for ranking, best/worst and above/below a baseline.
pub const TIE_TOLERANCE: f64 = 1e-9;

/// The order of the rows (the rank is always by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Highest index first; ties by name.
    Index,
    /// By region name.
    Name,
    /// Highest score of this node first; regions without one last; ties by index, then name.
    Node(usize),
}

/// A compared quantity: a node's score or the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The score of this node (an index into `rubric.nodes`).
    Node(usize),
    /// The index itself.
    Index,
}

impl Column {
    /// This quantity in a region's scores; `None` for a node it has no score for.
    pub fn value(self, s: &RegionScore) -> Option<f64> {
        match self {
            Column::Node(n) => s.scores[n],
            Column::Index => Some(s.index),
        }
    }

    /// The id used in tables and JSON: the node id, or `index`.
    pub fn id(self, rubric: &Rubric) -> &str {
        match self {
            Column::Node(n) => &rubric.node(n).id,
            Column::Index => "index",
        }
    }
}

/// One row of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Position in the scores the comparison was built from.
    pub score: usize,
    /// 1-based rank by index; tied regions share the best rank.
    pub rank: usize,
}

/// Mean, median, minimum and maximum of a column, over the regions that have a value.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, schemars::JsonSchema)]
pub struct Stats {
    /// How many regions have a value.
    pub count: usize,
    /// Their mean; null (`None`) when no region has a value, as are the other statistics.
    pub mean: Option<f64>,
    /// Their median (the mean of the middle two for an even count).
    pub median: Option<f64>,
    /// The lowest value.
    pub min: Option<f64>,
    /// The highest value.
    pub max: Option<f64>,
}

/// The summary of one column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    /// The column summarised.
    pub column: Column,
    /// Its statistics over the regions compared.
    pub stats: Stats,
    /// Regions (positions in the scores) with the highest value; empty when all are equal.
    pub best: Vec<usize>,
    /// Regions with the lowest value (none of them among the best); empty when all are equal.
    pub worst: Vec<usize>,
    /// With a baseline: how many regions (the baseline left out) are above it.
    pub above: Option<usize>,
    /// With a baseline: how many regions (the baseline left out) are below it.
    pub below: Option<usize>,
}

/// Regions compared side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The compared columns: the chosen nodes, then the index.
    pub columns: Vec<Column>,
    /// One row per region, in display order.
    pub rows: Vec<Ranked>,
    /// The baseline region (position in the scores).
    pub baseline: Option<usize>,
    /// One per column.
    pub summary: Vec<ColumnSummary>,
    /// Regions per rating band, indexed like `rubric.bands`.
    pub ratings: Vec<usize>,
    /// Each row's value of each column, row after row in display order: gathered once, so that
    /// the rows are written from consecutive memory rather than from every region's scores
    /// in rank order, scattered across the heap.
    values: Vec<Option<f64>>,
    /// The baseline's value of each column; empty without a baseline.
    base: Vec<Option<f64>>,
}

impl Comparison {
    /// The value of each column (as [`Comparison::columns`]) in row `r`.
    pub fn values(&self, r: usize) -> &[Option<f64>] {
        let n = self.columns.len();
        &self.values[r * n..(r + 1) * n]
    }

    /// Row `r`'s difference from the baseline in column `j`: `None` without a baseline, or
    /// where the region or the baseline has no value.
    pub fn delta(&self, r: usize, j: usize) -> Option<f64> {
        Some(self.values(r)[j]? - (*self.base.get(j)?)?)
    }
}

/// Compare regions (assessed in the same year) on the given nodes and the index.
pub fn compare(
    rubric: &Rubric,
    scores: &[RegionScore],
    nodes: &[usize],
    sort: SortKey,
    baseline: Option<usize>,
) -> Comparison {
    let columns: Vec<Column> = nodes.iter().map(|&n| Column::Node(n)).chain([Column::Index]).collect();
    let ranks = ranks(scores);
    let order = sorted(scores, &ranks, sort);
    let rows: Vec<Ranked> = order.into_iter().map(|i| Ranked { score: i, rank: ranks[i] }).collect();
    let mut values = Vec::with_capacity(rows.len() * columns.len());
    values.extend(rows.iter().flat_map(|row| columns.iter().map(|c| c.value(&scores[row.score]))));
    let base = match baseline {
        Some(b) => columns.iter().map(|c| c.value(&scores[b])).collect(),
        None => Vec::new(),
    };
    let summary = columns.iter().map(|&c| summarize(scores, c, baseline)).collect();
    let mut ratings = vec![0; rubric.bands.len()];
    for s in scores {
        if let Some(n) = ratings.get_mut(s.band) {
            *n += 1;
        }
    }
    Comparison { columns, rows, baseline, summary, ratings, values, base }
}

/// The regions compared: those assessed in the latest year of the input. `spbe compare` and
/// the report both select with [`Latest::new`] and find their baseline with
/// [`Latest::baseline`].
#[derive(Debug, Clone, PartialEq)]
pub struct Latest {
    /// The distinct years of the input, ascending (empty when no input has a year).
    pub years: Vec<i32>,
    /// The year compared: the last of `years`.
    pub year: Option<i32>,
    /// The scores of that year (indices into the scores given), in input order; a caller may
    /// reorder them (best first), which orders the names [`Latest::baseline`] lists.
    pub current: Vec<usize>,
}

impl Latest {
    /// Select the regions of the latest year from `scores` (one stage: each region at most once
    /// a year). A mix of scores with and without a year is refused (see `select::years`).
    pub fn new(scores: &[RegionScore]) -> Result<Latest, select::SelectError> {
        let years = select::years(scores.iter().map(|s| &s.key))?;
        let year = years.last().copied();
        let current = (0..scores.len()).filter(|&i| scores[i].key.year == year).collect();
        Ok(Latest { years, year, current })
    }

    /// The region `want` names among those compared, as `select::find_region` matches a name
    /// (an index into `scores`); a region assessed only in an earlier year is refused as such.
    pub fn baseline(&self, scores: &[RegionScore], want: &str, lang: Lang) -> anyhow::Result<usize> {
        let names: Vec<&str> = self.current.iter().map(|&i| scores[i].region()).collect();
        let missed = match select::find_region(&names, want) {
            Ok(k) => return Ok(self.current[k]),
            Err(e) => e,
        };
        let all: Vec<&str> = scores.iter().map(|s| s.region()).collect();
        match select::find_region(&all, want) {
            Ok(i) if !names.contains(&all[i]) => {
                let (name, year) = (all[i], self.year.map_or(String::new(), |y| y.to_string()));
                anyhow::bail!(match lang {
                    Lang::En => format!("the baseline {name} has no assessment in {year}"),
                    Lang::Id => format!("pembanding {name} tidak punya penilaian tahun {year}"),
                })
            }
            _ => anyhow::bail!(crate::i18n::Localized::message(&missed, lang)),
        }
    }
}

/// The rank of each region by index (same order as `scores`): 1 for the highest, ties
/// (within [`TIE_TOLERANCE`]) sharing the best rank, the next rank skipping (1, 2, 2, 4).
pub fn ranks(scores: &[RegionScore]) -> Vec<usize> {
    rank_values(&scores.iter().map(|s| s.index).collect::<Vec<_>>())
}

/// The rank of each value, highest first, as [`ranks`] does for indices.
pub fn rank_values(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| desc(values[a], values[b]).then(a.cmp(&b)));
    let mut ranks = vec![0; values.len()];
    for (pos, &i) in order.iter().enumerate() {
        ranks[i] = match pos {
            0 => 1,
            _ => {
                let prev = order[pos - 1];
                if same(values[prev], values[i]) {
                    ranks[prev]
                } else {
                    pos + 1
                }
            }
        };
    }
    ranks
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= TIE_TOLERANCE
}

fn desc(a: f64, b: f64) -> Ordering {
    b.total_cmp(&a)
}

/// The region names as they sort (case ignored), one per score: folded once, not in each of
/// the n log n comparisons of a sort.
fn name_keys(scores: &[RegionScore]) -> Vec<String> {
    scores.iter().map(|s| s.key.region.to_lowercase()).collect()
}

/// Two scores (positions) by region name, case ignored, then by key.
fn by_name(scores: &[RegionScore], names: &[String], a: usize, b: usize) -> Ordering {
    names[a].cmp(&names[b]).then_with(|| scores[a].key.cmp(&scores[b].key))
}

/// Positions of `scores` in display order.
fn sorted(scores: &[RegionScore], ranks: &[usize], sort: SortKey) -> Vec<usize> {
    let names = name_keys(scores);
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| order_by(sort, scores, &names, (a, ranks[a]), (b, ranks[b])));
    order
}

/// Compare two regions (positions in `scores`, with their ranks) for display. Ties in the
/// index go by the rank (whole numbers, so the order is total even with the tie tolerance),
/// then by name.
fn order_by(
    sort: SortKey,
    scores: &[RegionScore],
    names: &[String],
    (a, ra): (usize, usize),
    (b, rb): (usize, usize),
) -> Ordering {
    match sort {
        SortKey::Index => ra.cmp(&rb).then_with(|| by_name(scores, names, a, b)),
        SortKey::Name => by_name(scores, names, a, b),
        SortKey::Node(n) => match (scores[a].scores[n], scores[b].scores[n]) {
            (Some(p), Some(q)) => desc(p, q),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| ra.cmp(&rb))
        .then_with(|| by_name(scores, names, a, b)),
    }
}

/// Mean, median, minimum and maximum of the values present.
pub fn stats(values: impl IntoIterator<Item = Option<f64>>) -> Stats {
    let mut v: Vec<f64> = values.into_iter().flatten().collect();
    if v.is_empty() {
        return Stats::default();
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    Stats {
        count: n,
        mean: Some(v.iter().sum::<f64>() / n as f64),
        median: Some(median),
        min: Some(v[0]),
        max: Some(v[n - 1]),
    }
}

fn summarize(scores: &[RegionScore], column: Column, baseline: Option<usize>) -> ColumnSummary {
    let stats = stats(scores.iter().map(|s| column.value(s)));
    let (mut best, mut worst) = (Vec::new(), Vec::new());
    if let (Some(min), Some(max)) = (stats.min, stats.max) {
        if !same(min, max) {
            for (i, s) in scores.iter().enumerate() {
                match column.value(s) {
                    Some(v) if same(v, max) => best.push(i),
                    Some(v) if same(v, min) => worst.push(i),
                    _ => {}
                }
            }
        }
    }
    let (mut above, mut below) = (None, None);
    if let Some(base) = baseline.and_then(|b| column.value(&scores[b])) {
        let others = scores.iter().enumerate().filter(|&(i, _)| Some(i) != baseline);
        let values: Vec<f64> = others.filter_map(|(_, s)| column.value(s)).collect();
        above = Some(values.iter().filter(|&&v| v > base && !same(v, base)).count());
        below = Some(values.iter().filter(|&&v| v < base && !same(v, base)).count());
    }
    ColumnSummary { column, stats, best, worst, above, below }
}

/// One region's place in one year of a trend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Position in the scores.
    pub score: usize,
    /// Rank among the regions assessed that year.
    pub rank: usize,
}

/// One region across the years.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// The region's name, as in its scores.
    pub region: String,
    /// One per year of [`Trend::years`]; `None` where the region was not assessed.
    pub points: Vec<Option<Point>>,
    /// Index in the last year assessed minus the index in the first; `None` with one year.
    pub change: Option<f64>,
    /// Rating in the last year assessed against the first: `Greater` is up.
    pub movement: Option<Ordering>,
}

impl TrendRow {
    /// The region's Kemendagri code (one government has one code in every year), from the
    /// scores the trend was made of.
    pub fn code(&self, scores: &[RegionScore]) -> Option<&'static str> {
        self.points.iter().flatten().find_map(|p| scores[p.score].key.code())
    }
}

/// A rating that changed between two consecutive years in which a region was assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The region's name.
    pub region: String,
    /// Its place in the earlier year.
    pub from: Point,
    /// The earlier year.
    pub from_year: i32,
    /// Its place in the later year.
    pub to: Point,
    /// The later year.
    pub to_year: i32,
}

impl Move {
    /// Up (`Greater`) or down (`Less`): the later rating band against the earlier.
    pub fn direction(&self, scores: &[RegionScore]) -> Ordering {
        scores[self.to.score].band.cmp(&scores[self.from.score].band)
    }
}

/// Regions across years.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// Ascending.
    pub years: Vec<i32>,
    /// In display order.
    pub rows: Vec<TrendRow>,
    /// Every rating change, in the order of `rows`, then by year.
    pub moves: Vec<Move>,
}

/// The trend of every region over the years in `scores`; scores without a year are left out.
/// Rows are ordered by `sort` applied to each region's latest year (regions last assessed in
/// an earlier year come after those assessed in the latest).
pub fn trend(scores: &[RegionScore], sort: SortKey) -> Trend {
    let mut years: Vec<i32> = scores.iter().filter_map(|s| s.key.year).collect();
    years.sort_unstable();
    years.dedup();

    // Ranks within each year.
    let mut rank = vec![0; scores.len()];
    for &y in &years {
        let members: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].key.year == Some(y)).collect();
        let values: Vec<f64> = members.iter().map(|&i| scores[i].index).collect();
        for (r, &i) in rank_values(&values).into_iter().zip(&members) {
            rank[i] = r;
        }
    }

    // Regions in order of first appearance, and each one's first score in each year: looked
    // up by name, so that the trend of 200,000 regions is not a scan per region.
    let mut regions: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut first: HashMap<(&str, i32), usize> = HashMap::with_capacity(scores.len());
    for (i, s) in scores.iter().enumerate() {
        let Some(y) = s.key.year else { continue };
        if seen.insert(&s.key.region) {
            regions.push(&s.key.region);
        }
        first.entry((s.key.region.as_str(), y)).or_insert(i);
    }
    let mut rows: Vec<TrendRow> = regions
        .iter()
        .map(|&region| {
            let points: Vec<Option<Point>> = years
                .iter()
                .map(|&y| first.get(&(region, y)).map(|&i| Point { score: i, rank: rank[i] }))
                .collect();
            let present: Vec<Point> = points.iter().flatten().copied().collect();
            let (change, movement) = match (present.first(), present.last()) {
                (Some(a), Some(b)) if present.len() > 1 => (
                    Some(scores[b.score].index - scores[a.score].index),
                    Some(scores[b.score].band.cmp(&scores[a.score].band)),
                ),
                _ => (None, None),
            };
            TrendRow { region: region.to_string(), points, change, movement }
        })
        .collect();

    // The year (position in `years`) and point of each region's latest assessment.
    let latest = |r: &TrendRow| {
        r.points
            .iter()
            .enumerate()
            .rev()
            .find_map(|(y, p)| p.map(|p| (y, p)))
            .unwrap_or((0, Point { score: 0, rank: 0 }))
    };
    let names = name_keys(scores);
    rows.sort_by(|a, b| {
        let ((ya, pa), (yb, pb)) = (latest(a), latest(b));
        match sort {
            // A row's region is the name of each of its scores.
            SortKey::Name => names[pa.score].cmp(&names[pb.score]),
            _ => yb
                .cmp(&ya)
                .then_with(|| order_by(sort, scores, &names, (pa.score, pa.rank), (pb.score, pb.rank))),
        }
    });

    let mut moves = Vec::new();
    for r in &rows {
        let present: Vec<(i32, Point)> =
            r.points.iter().zip(&years).filter_map(|(p, &y)| p.map(|p| (y, p))).collect();
        for w in present.windows(2) {
            let ((fy, from), (ty, to)) = (w[0], w[1]);
            if scores[from.score].band != scores[to.score].band {
                moves.push(Move { region: r.region.clone(), from, from_year: fy, to, to_year: ty });
            }
        }
    }
    Trend { years, rows, moves }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::assessment::Key;

    /// A complete region's scores as a comparison reads them (also `cmd::compare`'s tests).
    pub(crate) fn region(
        name: &str,
        year: Option<i32>,
        index: f64,
        band: usize,
        scores: Vec<Option<f64>>,
    ) -> RegionScore {
        RegionScore {
            key: Key { region: name.into(), year, stage: None, code: None },
            scores,
            index,
            band,
            complete: true,
            missing: Vec::new(),
            pending: Vec::new(),
            findings: Vec::new(),
            published: None,
        }
    }

    fn at(name: &str, index: f64) -> RegionScore {
        region(name, None, index, 0, vec![Some(index)])
    }

    #[test]
    fn ties_share_the_best_rank_and_the_next_rank_skips() {
        let s = [at("a", 3.0), at("b", 3.5), at("c", 3.0), at("d", 2.0), at("e", 3.5)];
        assert_eq!(ranks(&s), vec![3, 1, 3, 5, 1]);
    }

    #[test]
    fn ties_are_on_the_unrounded_index_up_to_float_noise() {
        // 2.6187 and 2.6177 both show as 2.62 but are not tied.
        let s = [at("a", 2.61865), at("b", 2.61765)];
        assert_eq!(ranks(&s), vec![1, 2]);
        // 0.1 + 0.2 and 0.3 differ in the last bit only: tied.
        let s = [at("a", 1.1 + 2.2), at("b", 3.3)];
        assert_ne!(s[0].index, s[1].index);
        assert_eq!(ranks(&s), vec![1, 1]);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        let s = stats([Some(4.0), Some(1.0), None, Some(3.0)]);
        assert_eq!((s.count, s.median, s.min, s.max), (3, Some(3.0), Some(1.0), Some(4.0)));
        // (1 + 3 + 4 + 10) / 4 = 4.5; median (3 + 4) / 2 = 3.5
        let s = stats([Some(4.0), Some(1.0), Some(10.0), Some(3.0)]);
        assert_eq!((s.mean, s.median), (Some(4.5), Some(3.5)));
        assert_eq!(stats([None]), Stats::default());
    }
}

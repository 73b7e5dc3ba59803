//! `sensitivity --format json`: `{"rubric", "settings", "regions": [{"region", "year", "stage",
//! "index", "rating", "rank", "group_size", "index_p5", "index_p95", "rank_median", "rank_p5",
//! "rank_p95", "rating_probability": {band: share}}]}`.

use super::{KeyRef, Pairs, RubricInfo};
use crate::rubric::Rubric;
use crate::sensitivity::{RegionResult, Settings};

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct SensitivityDoc<'a> {
    pub rubric: RubricInfo<'a>,
    pub settings: SettingsDoc,
    pub regions: Vec<Region<'a>>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct SettingsDoc {
    pub draws: u32,
    pub spread: f64,
    pub seed: u64,
    pub factor: &'static str,
    pub percentiles: &'static str,
    pub ranks: &'static str,
}

impl SettingsDoc {
    pub fn new(s: &Settings) -> SettingsDoc {
        SettingsDoc {
            draws: s.draws,
            spread: s.spread,
            seed: s.seed,
            factor: "uniform in [1 - spread, 1 + spread], every weight, renormalised within its parent",
            percentiles: "nearest rank",
            ranks: "competition ranking within each year and stage, 1 the highest",
        }
    }
}

/// One region's index and rank under the perturbed weights.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Region<'a> {
    #[serde(flatten)]
    pub key: KeyRef<'a>,
    pub index: f64,
    pub rating: &'a str,
    pub rank: u32,
    pub group_size: u32,
    pub index_p5: f64,
    pub index_p95: f64,
    pub rank_median: u32,
    pub rank_p5: u32,
    pub rank_p95: u32,
    /// Share of the draws in each rating, by rating name, lowest first.
    pub rating_probability: Pairs<'a, f64>,
}

impl<'a> Region<'a> {
    pub fn new(rubric: &'a Rubric, r: &'a RegionResult) -> Region<'a> {
        Region {
            key: KeyRef::new(&r.key),
            index: r.nominal_index,
            rating: &rubric.bands[r.nominal_band].name,
            rank: r.nominal_rank,
            group_size: r.group_size,
            index_p5: r.index_p5,
            index_p95: r.index_p95,
            rank_median: r.rank_median,
            rank_p5: r.rank_p5,
            rank_p95: r.rank_p95,
            rating_probability: Pairs(
                rubric.bands.iter().zip(&r.band_share).map(|(b, &p)| (b.name.as_str(), p)).collect(),
            ),
        }
    }
}

//! `plan --format json`: `{"rubric", "target": {"input", "index", "rating"}, "goal",
//! "max_raise", "only", "exclude", "regions": [a plan, or why there is none]}`.

use super::{KeyExtra, RubricInfo};
use crate::plan::{Goal, Plan};
use crate::rubric::Rubric;
use crate::score::RegionScore;

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct PlanDoc<'a> {
    pub rubric: RubricInfo<'a>,
    pub target: TargetDoc<'a>,
    pub goal: Goal,
    pub max_raise: Option<u32>,
    /// Ids of `--only`; `null` without it.
    pub only: Option<Vec<&'a str>>,
    pub exclude: Vec<&'a str>,
    pub regions: Vec<RegionPlan<'a>>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct TargetDoc<'a> {
    /// The target as typed.
    pub input: &'a str,
    pub index: f64,
    /// The rating named as the target; `null` for an index.
    pub rating: Option<&'a str>,
}

/// A region's plan, or why there is none (`"reached": false`).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum RegionPlan<'a> {
    Reached(Reached<'a>),
    NoPlan(NoPlanDoc<'a>),
}

/// A region's plan: the steps that reach the target (`"reached": true`).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Reached<'a> {
    pub region: &'a str,
    pub index: f64,
    pub rating: &'a str,
    /// Always `true`.
    pub reached: bool,
    pub steps: Vec<StepDoc<'a>>,
    pub final_index: f64,
    pub final_rating: &'a str,
    pub total_cost: Option<f64>,
    pub missing: Vec<&'a str>,
    /// Pending indicators (external, left blank, scored the lowest level) left out of the plan;
    /// empty with `--plan-pending`.
    pub pending_not_planned: Vec<&'a str>,
    #[serde(flatten)]
    pub key: KeyExtra<'a>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct StepDoc<'a> {
    pub step: usize,
    pub indicator: &'a str,
    pub name: &'a str,
    pub from: f64,
    pub to: f64,
    pub level_name: Option<&'a str>,
    pub criteria: Option<&'a str>,
    pub gain: f64,
    pub index_after: f64,
    pub rating_after: &'a str,
    pub cost: Option<f64>,
}

/// A region with no plan within the limits, and why (`"reached": false`).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct NoPlanDoc<'a> {
    pub region: &'a str,
    pub index: f64,
    pub rating: &'a str,
    /// Always `false`.
    pub reached: bool,
    pub no_plan: String,
    /// The highest index reachable within the limits, where it is known.
    pub best_index: Option<f64>,
    /// Always empty.
    pub steps: [(); 0],
    #[serde(flatten)]
    pub key: KeyExtra<'a>,
}

impl<'a> RegionPlan<'a> {
    pub fn reached(rubric: &'a Rubric, p: &'a Plan) -> RegionPlan<'a> {
        let steps = p
            .steps
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let node = rubric.node(s.indicator);
                StepDoc {
                    step: n + 1,
                    indicator: &node.id,
                    name: &node.name,
                    from: s.from,
                    to: s.to,
                    level_name: s.level_name.as_deref(),
                    criteria: s.criteria.as_deref(),
                    gain: s.gain,
                    index_after: s.index_after,
                    rating_after: &rubric.bands[s.band_after].name,
                    cost: s.cost,
                }
            })
            .collect();
        RegionPlan::Reached(Reached {
            region: &p.key.region,
            index: p.start_index,
            rating: &rubric.bands[p.start_band].name,
            reached: true,
            steps,
            final_index: p.final_index,
            final_rating: &rubric.bands[p.final_band].name,
            total_cost: p.total_cost,
            missing: p.missing.iter().map(|&i| rubric.node(i).id.as_str()).collect(),
            pending_not_planned: p.pending_not_planned.iter().map(|&i| rubric.node(i).id.as_str()).collect(),
            key: KeyExtra::new(&p.key),
        })
    }

    pub fn none(
        rubric: &'a Rubric,
        start: &'a RegionScore,
        reason: String,
        best: Option<f64>,
    ) -> RegionPlan<'a> {
        RegionPlan::NoPlan(NoPlanDoc {
            region: &start.key.region,
            index: start.index,
            rating: start.rating(rubric),
            reached: false,
            no_plan: reason,
            best_index: best,
            steps: [],
            key: KeyExtra::new(&start.key),
        })
    }
}

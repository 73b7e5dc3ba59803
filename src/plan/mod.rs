//! Planning: the fewest level raises (or the cheapest, given costs) that bring a region's index
//! to a target.
//!
//! With every indicator given at indicator level, the engine's index is linear in the levels:
//! raising indicator *i* by one level adds the constant `g_i = Π w / Σ(sibling w)` along its
//! path to the top (over the siblings that have a score), while it stays below the top of the
//! scale. A raise takes an indicator to its next whole level: 2 → 3, and on a continuous scale
//! from a decimal value 1.26 → 2 (gaining `g_i × 0.74`), then 2 → 3 and so on. So:
//!
//! - **Fewest raises**: from whole levels, taking raises in order of decreasing gain is optimal
//!   (the k largest gains give the most any k raises can give, and each indicator's raises come
//!   in the order of its own decreasing gains), so the first prefix of that order that reaches
//!   the target is a plan with the fewest raises. From a decimal value the first raise gains
//!   less than the next, so that order is not optimal; the knapsack below, every cost zero,
//!   finds the fewest raises exactly.
//! - **Cheapest**: a multiple-choice knapsack solved exactly by dynamic programming over whole
//!   numbers (`knapsack`), after scaling the rubric's decimal weights, the levels, the target
//!   and the costs to exact fractions and then to a common integer unit (`exact`). A cost is
//!   per whole level; a shorter first step (1.26 → 2) costs its share (0.74 of it).
//!
//! Pending indicators (external ones left blank, scored the lowest level until another agency's
//! index is out) are not raised unless [`PlanOptions::plan_pending`] asks.
//!
//! "Reaches the target" is decided on the engine's own index ([`score::compute`]), the number
//! `spbe score` shows and rates, with the same allowance for floating-point noise as the rating
//! ([`reaches`]); every step reports the engine's index after it. Exact arithmetic orders the
//! raises and sizes the knapsack; should the engine's index still land short of a target that
//! exact arithmetic meets exactly, one more raise (or one more unit of gain) is taken.

mod costs;
mod exact;
mod knapsack;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use std::cmp::Ordering;

use crate::assessment::{Assessment, Key};
use crate::i18n::{Lang, Localized};
use crate::rubric::{Kind, Rubric, RATING_SLACK};
use crate::score;

pub use crate::threshold::Target;
pub use costs::Costs;
pub use knapsack::MAX_WORK;

/// A number for messages: up to 4 decimals, trailing zeros dropped (`3.87`, `4.1999`).
pub fn short(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}
pub(crate) fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Aspect | Kind::Indicator => "an",
        Kind::Domain => "a",
    }
}

/// What to plan for, and within which limits.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub target: Target,
    /// At most this many raises per indicator.
    pub max_raise: Option<u32>,
    /// Raise only indicators under these nodes (indicators, aspects or domains).
    pub only: Option<Vec<usize>>,
    /// Never raise indicators under these nodes.
    pub exclude: Vec<usize>,
    /// With costs: the cheapest plan; indicators without a cost are not raised.
    pub costs: Option<Costs>,
    /// Raise pending indicators too (external ones left blank, scored the scale's lowest level
    /// until the other agency's index is out). Off: they are left out, and the plan says so.
    pub plan_pending: bool,
}

impl PlanOptions {
    pub fn new(target: Target) -> PlanOptions {
        PlanOptions {
            target,
            max_raise: None,
            only: None,
            exclude: Vec::new(),
            costs: None,
            plan_pending: false,
        }
    }
}

/// What a plan minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Goal {
    /// The number of raises.
    Fewest,
    /// The total cost.
    Cheapest,
}

/// One raise of one indicator by one level.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub indicator: usize,
    pub from: f64,
    pub to: f64,
    /// The engine's index after this step minus before it.
    pub gain: f64,
    /// The engine's index after this step (and all before it).
    pub index_after: f64,
    pub band_after: usize,
    pub cost: Option<f64>,
    /// The name of the level reached, where the rubric names levels.
    pub level_name: Option<String>,
    /// The rubric's criteria for the level reached, where it has them.
    pub criteria: Option<String>,
}

/// A plan for one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub key: Key,
    pub goal: Goal,
    pub target: Target,
    /// The target as an index.
    pub target_index: f64,
    pub start_index: f64,
    pub start_band: usize,
    /// In the order to take them; empty when the region is already at the target.
    pub steps: Vec<Step>,
    pub final_index: f64,
    pub final_band: usize,
    /// Total cost of the steps (with costs).
    pub total_cost: Option<f64>,
    /// Indicators not given (scored with `--allow-missing`): not planned, and the index is
    /// over what was given, as the engine scores it.
    pub missing: Vec<usize>,
    /// Pending indicators (external, left blank, scored the lowest level) left out of the plan;
    /// empty when [`PlanOptions::plan_pending`] plans them.
    pub pending_not_planned: Vec<usize>,
}

impl Plan {
    pub fn reached_already(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Why there is no plan. Shown in the language of the run.
#[derive(Debug, Clone, PartialEq)]
pub enum NoPlan {
    AboveIndicatorLevel {
        region: String,
        nodes: String,
    },
    NoValues {
        region: String,
    },
    Unreachable {
        region: String,
        /// The target index.
        target: f64,
        /// The top of the scale.
        max: f64,
        /// The most the allowed raises give (the engine's index).
        best: f64,
        /// The index with every given indicator at the top of the scale.
        all_max: f64,
        /// What keeps it out of reach.
        why: OutOfReach,
    },
    TooLarge {
        region: String,
        cells: u128,
        max: u128,
    },
}

/// What keeps a target out of reach ([`NoPlan::Unreachable`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutOfReach {
    /// The target lies above the top of the scale.
    AboveScale,
    /// Even every indicator at the top of the scale falls short.
    AtTop {
        /// Some indicators are missing: only the given ones are raised.
        given_only: bool,
    },
    /// The raises allowed (limits, exclusions, costs) fall short.
    Limited {
        /// The pending indicators left out of the plan ([`crate::rubric::id_runs`]), if any.
        pending: Option<String>,
    },
}

/// Why input given above indicator level cannot be planned (after the region or regions).
pub fn above_indicator_level(nodes: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("values are given above indicator level ({nodes}); a plan raises indicators one level at a time, so it needs each indicator's level"),
        Lang::Id => format!("nilai diisi di atas tingkat indikator ({nodes}); rencana menaikkan indikator satu tingkat demi satu tingkat, jadi memerlukan tingkat setiap indikator"),
    }
}

/// The region, then why (in English; [`Localized::message`] says it in another language).
impl std::fmt::Display for NoPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NoPlan {}

/// The region, then why.
impl Localized for NoPlan {
    fn message(&self, lang: Lang) -> String {
        let (NoPlan::AboveIndicatorLevel { region, .. }
        | NoPlan::NoValues { region }
        | NoPlan::Unreachable { region, .. }
        | NoPlan::TooLarge { region, .. }) = self;
        format!("{region}: {}", self.reason(lang))
    }
}

impl NoPlan {
    /// Why, in `lang`, without the region's name.
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            NoPlan::AboveIndicatorLevel { nodes, .. } => above_indicator_level(nodes, lang),
            NoPlan::NoValues { .. } => lang.t("no values given", "tidak ada nilai yang diisi").to_string(),
            NoPlan::Unreachable { target, max, best, all_max, why, .. } => {
                let (t, m, b, a) = (short(*target), short(*max), short(*best), short(*all_max));
                match (why, lang) {
                    (OutOfReach::AboveScale, Lang::En) => {
                        format!("target {t} is above the top of the scale ({m}): no plan can reach it")
                    }
                    (OutOfReach::AboveScale, Lang::Id) => {
                        format!("target {t} di atas puncak skala ({m}): tidak ada rencana yang dapat mencapainya")
                    }
                    (OutOfReach::AtTop { given_only }, Lang::En) => {
                        let every = if *given_only { "every given indicator" } else { "every indicator" };
                        format!("target {t} is out of reach: {every} at level {m} gives {a}")
                    }
                    (OutOfReach::AtTop { given_only }, Lang::Id) => {
                        let semua = if *given_only { "semua indikator yang diisi" } else { "semua indikator" };
                        format!("target {t} tidak terjangkau: {semua} pada tingkat {m} memberi {a}")
                    }
                    (OutOfReach::Limited { pending: Some(ids) }, Lang::En) => format!("target {t} is out of reach: the raises allowed (limits, exclusions, costs; pending {ids} left out) give at most {b} (every indicator at level {m} would give {a})"),
                    (OutOfReach::Limited { pending: Some(ids) }, Lang::Id) => format!("target {t} tidak terjangkau: kenaikan yang diizinkan (batas, pengecualian, biaya; {ids} yang tertunda tidak direncanakan) memberi paling tinggi {b} (semua indikator pada tingkat {m} akan memberi {a})"),
                    (OutOfReach::Limited { pending: None }, Lang::En) => format!("target {t} is out of reach: the raises allowed (limits, exclusions, costs) give at most {b} (every indicator at level {m} would give {a})"),
                    (OutOfReach::Limited { pending: None }, Lang::Id) => format!("target {t} tidak terjangkau: kenaikan yang diizinkan (batas, pengecualian, biaya) memberi paling tinggi {b} (semua indikator pada tingkat {m} akan memberi {a})"),
                }
            }
            NoPlan::TooLarge { cells, max, .. } => match lang {
                Lang::En => format!("the cheapest plan is too large to work out exactly ({cells} table cells, more than {max}); give costs with fewer decimals"),
                Lang::Id => format!("rencana termurah terlalu besar untuk dihitung tepat ({cells} sel tabel, lebih dari {max}); isi biaya dengan lebih sedikit desimal"),
            },
        }
    }

    /// The target is out of reach (as opposed to input that cannot be planned).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, NoPlan::Unreachable { .. })
    }
}

/// A candidate raise: indicator (as node and position in pre-order), which raise of it (1-based),
/// the levels, and its exact gain and cost.
#[derive(Debug, Clone)]
struct Raise {
    node: usize,
    pos: usize,
    k: u32,
    from: f64,
    to: f64,
    gain: BigRational,
    cost: Option<BigRational>,
    cost_f64: Option<f64>,
}

/// Plan one assessment. See the module documentation for the method.
pub fn plan(rubric: &Rubric, a: &Assessment, opts: &PlanOptions) -> Result<Plan, NoPlan> {
    let region = a.label();
    let above: Vec<usize> = (0..rubric.nodes.len())
        .filter(|&n| !rubric.nodes[n].children.is_empty() && a.values[n].is_some())
        .collect();
    if !above.is_empty() {
        return Err(NoPlan::AboveIndicatorLevel { region, nodes: crate::rubric::id_runs(rubric, &above) });
    }
    let (scores, index, missing) = score::compute(rubric, &a.values);
    let Some(start) = index else { return Err(NoPlan::NoValues { region }) };
    let target = opts.target.index(rubric);
    let goal = if opts.costs.is_some() { Goal::Cheapest } else { Goal::Fewest };
    let start_band = rubric.rating_index(start);
    let mut result = Plan {
        key: a.key.clone(),
        goal,
        target: opts.target,
        target_index: target,
        start_index: start,
        start_band,
        steps: Vec::new(),
        final_index: start,
        final_band: start_band,
        total_cost: opts.costs.as_ref().map(|_| 0.0),
        missing,
        pending_not_planned: if opts.plan_pending { Vec::new() } else { a.pending().to_vec() },
    };
    if reaches(start, target) {
        return Ok(result);
    }

    let raises = candidates(rubric, a, &scores, opts);
    let max = rubric.scale.max;
    let engine = |values: &[Option<f64>]| score::compute(rubric, values).1.unwrap_or(f64::NAN);
    let all_max = {
        let mut v = a.values.to_vec();
        for &i in &rubric.indicators {
            if v[i].is_some() {
                v[i] = Some(max);
            }
        }
        engine(&v)
    };
    let best = {
        let mut v = a.values.to_vec();
        for r in &raises {
            v[r.node] = Some(r.to.max(v[r.node].unwrap_or(r.to)));
        }
        engine(&v)
    };
    let unreachable = || {
        let why = if target > max {
            OutOfReach::AboveScale
        } else if best >= all_max {
            OutOfReach::AtTop { given_only: !result.missing.is_empty() }
        } else {
            let pending = &result.pending_not_planned;
            OutOfReach::Limited {
                pending: (!pending.is_empty()).then(|| crate::rubric::id_runs(rubric, pending)),
            }
        };
        NoPlan::Unreachable { region: region.clone(), target, max, best, all_max, why }
    };
    if !reaches(best, target) {
        return Err(unreachable());
    }

    let chosen: Vec<Raise> = match goal {
        // A first raise from a decimal value (1.26 → 2) gains less than the raises after it, so
        // taking the largest gains first is no longer optimal: the knapsack, every cost zero,
        // finds the fewest raises exactly.
        Goal::Fewest if !concave(&raises) => cheapest(rubric, a, &scores, raises, target, &engine, &region)?,
        Goal::Fewest => {
            let mut order = raises;
            order.sort_by(|x, y| y.gain.cmp(&x.gain).then(x.pos.cmp(&y.pos)).then(x.k.cmp(&y.k)));
            let mut v = a.values.to_vec();
            let mut taken = Vec::new();
            for r in order {
                v[r.node] = Some(r.to);
                taken.push(r);
                if reaches(engine(&v), target) {
                    break;
                }
            }
            taken
        }
        Goal::Cheapest => cheapest(rubric, a, &scores, raises, target, &engine, &region)?,
    };

    let mut v = a.values.to_vec();
    let mut before = start;
    let mut total = 0.0;
    for r in chosen {
        v[r.node] = Some(r.to);
        let after = engine(&v);
        if let Some(c) = r.cost_f64 {
            total += c;
        }
        result.steps.push(Step {
            indicator: r.node,
            from: r.from,
            to: r.to,
            gain: after - before,
            index_after: after,
            band_after: rubric.rating_index(after),
            cost: r.cost_f64,
            level_name: rubric.level_name(r.node, r.to).map(str::to_string),
            criteria: rubric.criteria(r.node, r.to).map(str::to_string),
        });
        before = after;
    }
    if !reaches(before, target) {
        // Only when exact arithmetic and the engine disagree past every fallback.
        return Err(unreachable());
    }
    result.final_index = before;
    result.final_band = rubric.rating_index(before);
    if result.total_cost.is_some() {
        result.total_cost = Some(total);
    }
    Ok(result)
}

/// An index reaches a target as it reaches a rating band: up to [`RATING_SLACK`] below counts
/// (floating-point noise), so a plan to a band ends in that band when `spbe score` rates it.
pub use crate::rubric::reaches;

/// Each node's exact share of the index: `Π w / Σ(w of siblings that have a score)` along the
/// path to the top, as the engine weighs it.
fn shares(rubric: &Rubric, scores: &[Option<f64>]) -> Vec<Option<BigRational>> {
    let w: Vec<BigRational> = rubric.nodes.iter().map(|n| exact::from_f64(n.weight)).collect();
    let present_sum = |group: &[usize]| {
        group.iter().filter(|&&c| scores[c].is_some()).fold(BigRational::zero(), |acc, &c| acc + &w[c])
    };
    let mut share: Vec<Option<BigRational>> = vec![None; rubric.nodes.len()];
    let top = present_sum(&rubric.roots);
    // Pre-order: every parent before its children.
    for n in 0..rubric.nodes.len() {
        if scores[n].is_none() {
            continue;
        }
        share[n] = match rubric.nodes[n].parent {
            None => Some(&w[n] / &top),
            Some(p) => {
                let parent = share[p].clone();
                parent.map(|s| s * &w[n] / present_sum(&rubric.nodes[p].children))
            }
        };
    }
    share
}

/// Every raise the options allow, with exact gains.
fn candidates(rubric: &Rubric, a: &Assessment, scores: &[Option<f64>], opts: &PlanOptions) -> Vec<Raise> {
    let share = shares(rubric, scores);
    let under = |list: &[usize], i: usize| list.iter().any(|&n| n == i || rubric.is_ancestor(n, i));
    let max = rubric.scale.max;
    let mut out = Vec::new();
    for (pos, &i) in rubric.indicators.iter().enumerate() {
        let Some(level) = a.values[i] else { continue };
        if opts.only.as_ref().is_some_and(|only| !under(only, i)) || under(&opts.exclude, i) {
            continue;
        }
        if !opts.plan_pending && a.pending().contains(&i) {
            continue;
        }
        let cost = match &opts.costs {
            Some(c) => match c.get(i) {
                Some(v) => Some(v),
                None => continue,
            },
            None => None,
        };
        let Some(s) = share[i].clone() else { continue };
        let mut raises = (max - level).ceil().max(0.0) as u32;
        if let Some(m) = opts.max_raise {
            raises = raises.min(m);
        }
        // Each raise reaches the next whole level: 2 → 3, and from a decimal value 1.26 → 2.
        let base = level.floor();
        for k in 1..=raises {
            let from = if k == 1 { level } else { (base + f64::from(k - 1)).min(max) };
            let to = (base + f64::from(k)).min(max);
            let climb = exact::from_f64(to) - exact::from_f64(from);
            let gain = &s * &climb;
            // A cost is per whole level; a shorter step (1.26 → 2) costs its share of it.
            let (cost, cost_f64) = match cost {
                Some(c) if climb.is_one() => (Some(exact::from_f64(c)), Some(c)),
                Some(c) => {
                    let part = exact::from_f64(c) * &climb;
                    let f = part.to_f64().unwrap_or(c * (to - from));
                    (Some(part), Some(f))
                }
                None => (None, None),
            };
            out.push(Raise { node: i, pos, k, from, to, gain, cost, cost_f64 });
        }
    }
    out
}

/// The cheapest set of raises reaching `target`, in the order of best value (gain per cost).
fn cheapest(
    rubric: &Rubric,
    a: &Assessment,
    scores: &[Option<f64>],
    raises: Vec<Raise>,
    target: f64,
    engine: &dyn Fn(&[Option<f64>]) -> f64,
    region: &str,
) -> Result<Vec<Raise>, NoPlan> {
    // Exact index now, and the gain still needed.
    let share = shares(rubric, scores);
    let mut now = BigRational::zero();
    for &i in &rubric.indicators {
        if let (Some(l), Some(s)) = (a.values[i], &share[i]) {
            now += s * exact::from_f64(l);
        }
    }
    // The same allowance as `reaches`: an index RATING_SLACK below the target reaches it.
    let needed = exact::from_f64(target) - exact::from_f64(RATING_SLACK) - now;

    // Groups: the raises of one indicator, in order (candidates() lists them so).
    let mut groups: Vec<Vec<Raise>> = Vec::new();
    for r in raises {
        match groups.last_mut() {
            Some(g) if g[0].node == r.node => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let all_gains: Vec<&BigRational> = groups.iter().flatten().map(|r| &r.gain).chain([&needed]).collect();
    let unit = exact::common_denominator(all_gains.iter().copied());
    let step_units: Vec<Vec<BigInt>> =
        groups.iter().map(|g| g.iter().map(|r| exact::scaled(&r.gain, &unit)).collect()).collect();
    let g = exact::gcd_of(step_units.iter().flatten());
    // Each raise's own cost (none: zero, which leaves the fewest raises to decide).
    let costs: Vec<Vec<BigRational>> = groups
        .iter()
        .map(|g| g.iter().map(|r| r.cost.clone().unwrap_or_else(BigRational::zero)).collect())
        .collect();
    let cost_unit = exact::common_denominator(costs.iter().flatten());
    let cost_ints: Vec<Vec<BigInt>> =
        costs.iter().map(|g| g.iter().map(|c| exact::scaled(c, &cost_unit)).collect()).collect();
    let h = exact::gcd_of(cost_ints.iter().flatten());

    let too_large = |cells: u128| NoPlan::TooLarge { region: region.to_string(), cells, max: MAX_WORK };
    let mut kgroups = Vec::with_capacity(groups.len());
    // Running totals of whole units, divided by their common factor.
    let totals = |steps: &[BigInt], d: &BigInt| -> Result<Vec<u128>, NoPlan> {
        let mut out = vec![0u128];
        let mut acc: u128 = 0;
        for u in steps {
            let u = exact::to_u128(&(u / d)).ok_or_else(|| too_large(u128::MAX))?;
            acc = acc.checked_add(u).ok_or_else(|| too_large(u128::MAX))?;
            out.push(acc);
        }
        Ok(out)
    };
    for (units, cost) in step_units.iter().zip(&cost_ints) {
        kgroups.push(knapsack::Group { gain: totals(units, &g)?, cost: totals(cost, &h)? });
    }
    let need_int = exact::ceil_div(&exact::scaled(&needed, &unit), &g);
    // The engine is below the target, so at least one unit of gain is needed even if exact
    // arithmetic says the target is met already.
    let first: u128 = if need_int.is_positive() {
        exact::to_u128(&need_int).ok_or_else(|| too_large(u128::MAX))?
    } else {
        1
    };

    // Should the engine land a hair short of a target met exactly, ask for one unit more.
    for need in first..first.saturating_add(4) {
        let picks = match knapsack::solve(&kgroups, need) {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => return Err(too_large(e.by_gain.min(e.by_cost))),
        };
        let chosen: Vec<Raise> =
            groups.iter().zip(&picks).flat_map(|(g, &r)| g[..r].iter().cloned()).collect();
        let mut v = a.values.to_vec();
        for r in &chosen {
            v[r.node] = Some(r.to);
        }
        if reaches(engine(&v), target) {
            // Best value first: gain per cost (free raises first, by gain), then rubric order.
            return Ok(in_order(chosen, |x, y| {
                let (cx, cy) = (x.cost.clone().unwrap_or_default(), y.cost.clone().unwrap_or_default());
                let value = match (cx.is_zero(), cy.is_zero()) {
                    (true, true) => y.gain.cmp(&x.gain),
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    // x.gain / cx > y.gain / cy  ⇔  x.gain · cy > y.gain · cx
                    (false, false) => (&y.gain * &cx).cmp(&(&x.gain * &cy)),
                };
                value.then(x.pos.cmp(&y.pos)).then(x.k.cmp(&y.k))
            }));
        }
    }
    Ok(Vec::new())
}

/// Every indicator's raises gain no more than the one before (whole starting levels; a
/// shorter last step below a top that is not whole): then the largest gains first are optimal.
fn concave(raises: &[Raise]) -> bool {
    raises.windows(2).all(|w| w[0].node != w[1].node || w[1].gain <= w[0].gain)
}

/// The raises in the order `first` prefers, each indicator's raises still in their own order
/// (1.26 → 2 before 2 → 3): at every step the preferred of the raises that can come next.
fn in_order(chosen: Vec<Raise>, first: impl Fn(&Raise, &Raise) -> Ordering) -> Vec<Raise> {
    // One queue per indicator, in raise order (candidates() lists them so).
    let mut queues: Vec<std::collections::VecDeque<Raise>> = Vec::new();
    for r in chosen {
        match queues.iter_mut().find(|q| q.front().is_some_and(|f| f.node == r.node)) {
            Some(q) => q.push_back(r),
            None => queues.push(std::collections::VecDeque::from([r])),
        }
    }
    let mut out = Vec::new();
    while let Some(best) = (0..queues.len()).filter(|&q| !queues[q].is_empty()).min_by(|&p, &q| {
        match (queues[p].front(), queues[q].front()) {
            (Some(x), Some(y)) => first(x, y),
            _ => Ordering::Equal,
        }
    }) {
        if let Some(r) = queues[best].pop_front() {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;

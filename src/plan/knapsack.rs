//! The cheapest plan as a multiple-choice knapsack over whole numbers: each indicator is a group
//! whose options are "raise it r times" (r = 0..=R), with a total gain and a total cost that are
//! exact integers (the caller scales the rubric's fractions to a common unit). With every cost
//! zero it finds the fewest raises, for gains that are not concave (a first raise from a
//! decimal value, 1.26 → 2, gains less than the next). Find the options, one
//! per group, with the least total cost whose total gain reaches `need`; among equally cheap
//! ones, the fewest raises.
//!
//! Dynamic programming over whichever dimension is smaller: the gain (capped at `need`), or
//! the total cost (with the number of raises folded in as the least significant part). Both
//! are exact; both keep the predecessor of every state to read the answer back.

/// One indicator: `gain[r]` and `cost[r]` are the total gain and cost of raising it `r` times
/// (`gain[0] = cost[0] = 0`; both as long as there are options).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub gain: Vec<u128>,
    pub cost: Vec<u128>,
}

impl Group {
    fn options(&self) -> usize {
        self.gain.len()
    }
}

/// Which dimension the table runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Gain,
    Cost,
}

/// More table cells than this is refused rather than run for minutes.
pub const MAX_WORK: u128 = 200_000_000;

/// The problem is too large for an exact table: (cells by gain, cells by cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub by_gain: u128,
    pub by_cost: u128,
}

/// How many times each group is raised, or `None` when `need` cannot be reached.
pub fn solve(groups: &[Group], need: u128) -> Result<Option<Vec<usize>>, TooLarge> {
    let options: u128 = groups.iter().map(|g| g.options() as u128).sum::<u128>().max(1);
    let by_gain = need.saturating_add(1).saturating_mul(options);
    let fold = folding(groups);
    let total_cost =
        groups.iter().map(|g| folded(g, g.options() - 1, fold)).fold(0u128, u128::saturating_add);
    let by_cost = total_cost.saturating_add(1).saturating_mul(options);
    let dim = if by_gain <= by_cost { Dimension::Gain } else { Dimension::Cost };
    if by_gain.min(by_cost) > MAX_WORK {
        return Err(TooLarge { by_gain, by_cost });
    }
    Ok(solve_by(groups, need, dim))
}

/// Solve with a chosen dimension (the caller has checked the size).
pub fn solve_by(groups: &[Group], need: u128, dim: Dimension) -> Option<Vec<usize>> {
    match dim {
        Dimension::Gain => by_gain(groups, need),
        Dimension::Cost => by_cost(groups, need),
    }
}

/// (cost, raises) of a partial plan; `None` is unreachable.
type Value = Option<(u128, u64)>;

/// Table over gain `0..=need` (gain above `need` counts as `need`): least (cost, raises).
fn by_gain(groups: &[Group], need: u128) -> Option<Vec<usize>> {
    let width = usize::try_from(need).ok()?.checked_add(1)?;
    let mut dp: Vec<Value> = vec![None; width];
    dp[0] = Some((0, 0));
    let mut next: Vec<Value> = vec![None; width];
    // Per group and state: the option taken and the state it came from.
    let mut pick: Vec<Vec<(u32, u32)>> = Vec::with_capacity(groups.len());
    for group in groups {
        next.iter_mut().for_each(|v| *v = None);
        let mut from = vec![(0u32, 0u32); width];
        for (g, value) in dp.iter().enumerate() {
            let Some((cost, raises)) = *value else { continue };
            for (r, &gain) in group.gain.iter().enumerate() {
                let g2 = (g as u128).saturating_add(gain).min(need) as usize;
                let cand = (cost + group.cost[r], raises + r as u64);
                if next[g2].is_none_or(|cur| cand < cur) {
                    next[g2] = Some(cand);
                    from[g2] = (r as u32, g as u32);
                }
            }
        }
        std::mem::swap(&mut dp, &mut next);
        pick.push(from);
    }
    dp[width - 1]?;
    let mut out = vec![0usize; groups.len()];
    let mut state = width - 1;
    for (j, from) in pick.iter().enumerate().rev() {
        let (r, prev) = from[state];
        out[j] = r as usize;
        state = prev as usize;
    }
    Some(out)
}

/// Table over total cost, with the number of raises folded into the cost
/// (`cost × (R + 1) + raises`, R the most raises there can be), so that one number orders plans
/// by cost and then by raises: at each exact folded cost, the most gain (capped at `need`); the
/// answer is the least folded cost whose gain reaches `need`.
fn by_cost(groups: &[Group], need: u128) -> Option<Vec<usize>> {
    let fold = folding(groups);
    let total: u128 = groups.iter().map(|g| folded(g, g.options() - 1, fold)).sum();
    let width = usize::try_from(total).ok()?.checked_add(1)?;
    let mut dp: Vec<Option<u128>> = vec![None; width];
    dp[0] = Some(0);
    let mut next: Vec<Option<u128>> = vec![None; width];
    let mut pick: Vec<Vec<(u32, u32)>> = Vec::with_capacity(groups.len());
    for group in groups {
        next.iter_mut().for_each(|v| *v = None);
        let mut from = vec![(0u32, 0u32); width];
        for (c, value) in dp.iter().enumerate() {
            let Some(gain) = *value else { continue };
            for (r, &g) in group.gain.iter().enumerate() {
                let c2 = c + folded(group, r, fold) as usize;
                let cand = gain.saturating_add(g).min(need);
                if next[c2].is_none_or(|cur| cand > cur) {
                    next[c2] = Some(cand);
                    from[c2] = (r as u32, c as u32);
                }
            }
        }
        std::mem::swap(&mut dp, &mut next);
        pick.push(from);
    }
    let mut state = dp.iter().position(|v| v.is_some_and(|g| g >= need))?;
    let mut out = vec![0usize; groups.len()];
    for (j, from) in pick.iter().enumerate().rev() {
        let (r, prev) = from[state];
        out[j] = r as usize;
        state = prev as usize;
    }
    Some(out)
}

/// `R + 1`, R the most raises a plan can have.
fn folding(groups: &[Group]) -> u128 {
    groups.iter().map(|g| g.options() as u128 - 1).sum::<u128>() + 1
}

/// The folded cost of raising a group `r` times.
fn folded(group: &Group, r: usize, fold: u128) -> u128 {
    group.cost[r].saturating_mul(fold).saturating_add(r as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(step: u128, raises: usize, cost: u128) -> Group {
        Group {
            gain: (0..=raises as u128).map(|r| r * step).collect(),
            cost: (0..=raises as u128).map(|r| r * cost).collect(),
        }
    }

    /// Every combination of options: (least cost, fewest raises at that cost).
    fn brute(groups: &[Group], need: u128) -> Option<(u128, u64)> {
        let mut best: Option<(u128, u64)> = None;
        let mut pick = vec![0usize; groups.len()];
        loop {
            let gain: u128 = groups.iter().zip(&pick).map(|(g, &r)| g.gain[r]).sum();
            if gain >= need {
                let cost = groups.iter().zip(&pick).map(|(g, &r)| g.cost[r]).sum();
                let raises = pick.iter().map(|&r| r as u64).sum();
                if best.is_none_or(|b| (cost, raises) < b) {
                    best = Some((cost, raises));
                }
            }
            // Next combination (odometer).
            let mut j = 0;
            loop {
                if j == groups.len() {
                    return best;
                }
                pick[j] += 1;
                if pick[j] < groups[j].options() {
                    break;
                }
                pick[j] = 0;
                j += 1;
            }
        }
    }

    fn value(groups: &[Group], pick: &[usize]) -> (u128, u128, u64) {
        let gain = groups.iter().zip(pick).map(|(g, &r)| g.gain[r]).sum();
        let cost = groups.iter().zip(pick).map(|(g, &r)| g.cost[r]).sum();
        (gain, cost, pick.iter().map(|&r| r as u64).sum())
    }

    #[test]
    fn small_case_by_hand() {
        // Gains 3 and 5 per raise, costs 2 and 5, up to 2 raises each; need 8.
        // Options reaching 8: (1,1) gain 8 cost 7; (2,1) gain 11 cost 9; (0,2) gain 10 cost 10;
        // (2,0) gain 6 — short. Cheapest: (1,1) at cost 7.
        let groups = [group(3, 2, 2), group(5, 2, 5)];
        for dim in [Dimension::Gain, Dimension::Cost] {
            assert_eq!(solve_by(&groups, 8, dim), Some(vec![1, 1]), "{dim:?}");
        }
        // Need 17 > 3·2 + 5·2 = 16: impossible.
        assert_eq!(solve(&groups, 17), Ok(None));
    }

    #[test]
    fn free_raises_are_taken_fewest_first() {
        // Both free; gain 4 reached by one raise of the second group (4) rather than two of the first.
        let groups = [group(2, 2, 0), group(4, 1, 0)];
        for dim in [Dimension::Gain, Dimension::Cost] {
            assert_eq!(solve_by(&groups, 4, dim), Some(vec![0, 1]), "{dim:?}");
        }
    }

    #[test]
    fn both_dimensions_match_brute_force() {
        // A fixed pseudo-random sweep (no external seed): small groups, gains with a partial last raise.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        for _ in 0..400 {
            let n = 1 + next(4) as usize;
            let groups: Vec<Group> = (0..n)
                .map(|_| {
                    let raises = next(4) as usize;
                    let step = 1 + next(6) as u128;
                    let mut gain: Vec<u128> = (0..=raises as u128).map(|r| r * step).collect();
                    if raises > 0 && next(3) == 0 {
                        // A partial last raise (a level scale whose top is not a whole step away).
                        let last = gain.len() - 1;
                        gain[last] -= next(step as u64) as u128;
                    }
                    let each = next(5) as u128;
                    let mut cost: Vec<u128> = (0..=raises as u128).map(|r| r * each).collect();
                    if raises > 0 && next(3) == 0 {
                        // A partial first raise (from a decimal value to its next whole level):
                        // less gain, and less or the same cost, than the raises after it.
                        let (dg, dc) = (next(step as u64) as u128, next(each as u64 + 1) as u128);
                        gain[1..].iter_mut().for_each(|g| *g -= dg.min(*g));
                        cost[1..].iter_mut().for_each(|c| *c -= dc);
                    }
                    Group { gain, cost }
                })
                .collect();
            let need = next(25) as u128;
            let expected = brute(&groups, need);
            for dim in [Dimension::Gain, Dimension::Cost] {
                let got = solve_by(&groups, need, dim);
                match (expected, got) {
                    (None, None) => {}
                    (Some((cost, raises)), Some(pick)) => {
                        let (g, c, r) = value(&groups, &pick);
                        assert!(g >= need, "{dim:?} {groups:?} need {need}: gain {g}");
                        assert_eq!((c, r), (cost, raises), "{dim:?} {groups:?} need {need}");
                    }
                    (e, g) => panic!("{dim:?} {groups:?} need {need}: expected {e:?}, got {g:?}"),
                }
            }
        }
    }

    #[test]
    fn oversized_tables_are_refused() {
        let groups = [group(1, 4, u128::MAX / 8)];
        assert!(solve(&groups, u128::MAX / 2).is_err());
    }
}

//! Plans against brute force on small rubrics, by hand on the official one.

use super::*;
use crate::assessment::{Assessment, Key};
use crate::rubric::Rubric;

fn small() -> Rubric {
    crate::rubric::parse(include_str!("../../tests/data/rubric-small.toml"), "rubric-small.toml")
        .expect("small rubric")
}

fn flat() -> Rubric {
    crate::rubric::parse(include_str!("../../tests/data/rubric-flat.toml"), "rubric-flat.toml")
        .expect("flat rubric")
}

fn official() -> Rubric {
    Rubric::resolve("spbe-2020").expect("spbe-2020")
}

fn assessment(rubric: &Rubric, levels: &[(&str, f64)]) -> Assessment {
    let key = Key { region: "R".into(), year: None, stage: None, code: None };
    let mut a = Assessment::new(key, rubric.nodes.len());
    for &(id, l) in levels {
        a.values.set(rubric.find(id).expect("id"), Some(l));
    }
    a
}

fn engine(rubric: &Rubric, values: &[Option<f64>]) -> f64 {
    score::compute(rubric, values).1.expect("index")
}

/// A small deterministic generator for test cases.
struct Gen(u64);
impl Gen {
    fn next(&mut self, m: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % m
    }
}

/// Every combination of raises the options allow: the least (raises) or (cost, raises) that
/// brings the engine's index to the target, or None.
fn brute(rubric: &Rubric, a: &Assessment, opts: &PlanOptions) -> Option<(f64, usize)> {
    let target = opts.target.index(rubric);
    let max = rubric.scale.max;
    let under = |list: &[usize], i: usize| list.iter().any(|&n| n == i || rubric.is_ancestor(n, i));
    // (indicator, start level, most raises, cost per raise)
    let mut items: Vec<(usize, f64, u32, f64)> = Vec::new();
    for &i in &rubric.indicators {
        let Some(l) = a.values[i] else { continue };
        if opts.only.as_ref().is_some_and(|o| !under(o, i)) || under(&opts.exclude, i) {
            continue;
        }
        let cost = match &opts.costs {
            Some(c) => match c.get(i) {
                Some(v) => v,
                None => continue,
            },
            None => 0.0,
        };
        let mut r = (max - l).ceil() as u32;
        if let Some(m) = opts.max_raise {
            r = r.min(m);
        }
        items.push((i, l, r, cost));
    }
    let mut pick = vec![0u32; items.len()];
    let mut best: Option<(f64, usize)> = None;
    let mut v = a.values.to_vec();
    loop {
        for (&(i, l, _, _), &r) in items.iter().zip(&pick) {
            v[i] = Some((l + f64::from(r)).min(max));
        }
        if reaches(engine(rubric, &v), target) {
            let raises = pick.iter().map(|&r| r as usize).sum::<usize>();
            let cost: f64 = items.iter().zip(&pick).map(|(it, &r)| it.3 * f64::from(r)).sum();
            let key = if opts.costs.is_some() { (cost, raises) } else { (raises as f64, raises) };
            if best.is_none_or(|b| key.0 < b.0 - 1e-9 || (key.0 <= b.0 + 1e-9 && key.1 < b.1)) {
                best = Some(key);
            }
        }
        let mut j = 0;
        loop {
            if j == items.len() {
                return best;
            }
            pick[j] += 1;
            if pick[j] <= items[j].2 {
                break;
            }
            pick[j] = 0;
            j += 1;
        }
    }
}

/// The steps are real raises (one level, from where the indicator stands), the reported index
/// after each is the engine's, and the last one reaches the target.
fn check_steps(rubric: &Rubric, a: &Assessment, p: &Plan, opts: &PlanOptions) {
    let mut v = a.values.to_vec();
    let mut before = engine(rubric, &v);
    assert_eq!(before, p.start_index);
    for s in &p.steps {
        assert_eq!(v[s.indicator], Some(s.from), "{s:?}");
        assert_eq!(s.to, (s.from + 1.0).min(rubric.scale.max), "{s:?}");
        v[s.indicator] = Some(s.to);
        let after = engine(rubric, &v);
        assert_eq!(s.index_after, after);
        assert_eq!(s.gain, after - before);
        assert_eq!(s.band_after, rubric.rating_index(after));
        before = after;
    }
    assert_eq!(p.final_index, before);
    assert!(reaches(p.final_index, opts.target.index(rubric)), "{p:?}");
}

fn random_levels(rubric: &Rubric, g: &mut Gen, whole: bool) -> Assessment {
    let key = Key { region: "R".into(), year: None, stage: None, code: None };
    let mut a = Assessment::new(key, rubric.nodes.len());
    let (min, max) = (rubric.scale.min, rubric.scale.max);
    for &i in &rubric.indicators {
        let steps = ((max - min) * 2.0) as u64 + 1;
        let l = min + g.next(steps) as f64 / 2.0;
        a.values.set(i, Some(if whole { l.floor() } else { l }));
    }
    a
}

fn random_options(rubric: &Rubric, g: &mut Gen, with_costs: bool) -> PlanOptions {
    let t =
        rubric.scale.min + g.next(((rubric.scale.max - rubric.scale.min) * 20.0) as u64 + 1) as f64 * 0.05;
    let target = if g.next(4) == 0 {
        Target::Band(g.next(rubric.bands.len() as u64) as usize)
    } else {
        Target::Index(t)
    };
    let mut opts = PlanOptions::new(target);
    if g.next(3) == 0 {
        opts.max_raise = Some(1 + g.next(2) as u32);
    }
    let ids: Vec<usize> = rubric.indicators.clone();
    match g.next(5) {
        0 => opts.exclude = vec![ids[g.next(ids.len() as u64) as usize]],
        1 => opts.only = Some(vec![rubric.roots[g.next(rubric.roots.len() as u64) as usize]]),
        _ => {}
    }
    if with_costs {
        // Costs exact in binary, so the brute force's float sums are exact too.
        const COSTS: [f64; 6] = [0.0, 0.25, 1.0, 1.5, 2.75, 4.0];
        let mut per = vec![None; rubric.nodes.len()];
        for &i in &rubric.indicators {
            if g.next(8) != 0 {
                per[i] = Some(COSTS[g.next(COSTS.len() as u64) as usize]);
            }
        }
        opts.costs = Some(Costs::new(per));
    }
    opts
}

fn against_brute_force(rubric: &Rubric, whole: bool, with_costs: bool, seed: u64, cases: usize) {
    let mut g = Gen(seed);
    let (mut planned, mut impossible) = (0, 0);
    for _ in 0..cases {
        let a = random_levels(rubric, &mut g, whole);
        let opts = random_options(rubric, &mut g, with_costs);
        let expected = brute(rubric, &a, &opts);
        match (plan(rubric, &a, &opts), expected) {
            (Ok(p), Some((best, raises))) => {
                check_steps(rubric, &a, &p, &opts);
                if with_costs {
                    let cost = p.total_cost.expect("cost");
                    assert!(
                        (cost - best).abs() < 1e-9,
                        "cost {cost} vs brute {best}: {opts:?} {:?}",
                        a.values
                    );
                    assert_eq!(p.steps.len(), raises, "{opts:?} {:?}", a.values);
                } else {
                    assert_eq!(p.steps.len(), raises, "{opts:?} {:?}", a.values);
                }
                planned += 1;
            }
            (Err(NoPlan::Unreachable { best, .. }), None) => {
                assert!(best < opts.target.index(rubric));
                impossible += 1;
            }
            (got, exp) => panic!("plan {got:?} but brute force {exp:?}: {opts:?} {:?}", a.values),
        }
    }
    // The sweep exercised both outcomes.
    assert!(planned > cases / 4 && impossible > 0, "planned {planned}, impossible {impossible}");
}

#[test]
fn fewest_raises_match_brute_force() {
    against_brute_force(&small(), true, false, 0x1234_5678_9ABC_DEF1, 300);
}

#[test]
fn cheapest_plans_match_brute_force() {
    against_brute_force(&small(), true, true, 0x0F0F_1234_5555_AAAA, 300);
}

#[test]
fn partial_raises_and_no_domains_match_brute_force() {
    against_brute_force(&flat(), false, false, 0xDEAD_BEEF_0000_0001, 300);
    against_brute_force(&flat(), false, true, 0xDEAD_BEEF_0000_0002, 300);
}

#[test]
fn fewest_raises_by_hand_on_spbe_2020() {
    // Every indicator at 3: index 3.00 (Baik). Target Sangat Baik = 3.5, so 0.5 is needed.
    // A raise of an indicator adds its weight / 100: 3.00/100 for 42–47, 2.75/100 for 32–41,
    // 2.50/100 for 11–20, 1.50/100 for 21–31, 1.30/100 for 1–10.
    // 42–47 twice each: 12 raises, +0.36; then 0.14 more at 0.0275 each: 6 raises (+0.165).
    // 18 raises, index 3.525 (Sangat Baik).
    let r = official();
    let ids: Vec<String> = (1..=47).map(|i| i.to_string()).collect();
    let levels: Vec<(&str, f64)> = ids.iter().map(|s| (s.as_str(), 3.0)).collect();
    let a = assessment(&r, &levels);
    let opts = PlanOptions::new(Target::parse(&r, "sangat baik").expect("band"));
    let p = plan(&r, &a, &opts).expect("plan");
    let got: Vec<(String, f64)> = p.steps.iter().map(|s| (r.node(s.indicator).id.clone(), s.to)).collect();
    let mut want: Vec<(String, f64)> = Vec::new();
    for i in 42..=47 {
        want.push((i.to_string(), 4.0));
        want.push((i.to_string(), 5.0));
    }
    for (i, to) in [(32, 4.0), (32, 5.0), (33, 4.0), (33, 5.0), (34, 4.0), (34, 5.0)] {
        want.push((i.to_string(), to));
    }
    assert_eq!(got, want);
    assert!((p.steps[0].gain - 0.03).abs() < 1e-12);
    assert!((p.steps[12].gain - 0.0275).abs() < 1e-12);
    assert!((p.final_index - 3.525).abs() < 1e-12);
    assert_eq!(r.bands[p.final_band].name, "Sangat Baik");
    assert_eq!(p.steps[0].level_name.as_deref(), Some("Kolaborasi"));
    assert_eq!(p.steps[1].level_name.as_deref(), Some("Optimum"));
    assert!(p.steps[0].criteria.is_some());

    // At most one raise each: 42–47 (+0.18), 32–41 (+0.275), then 0.045 at 0.025: 2 of 11–20.
    // 18 raises, index 3.505.
    let mut opts = opts;
    opts.max_raise = Some(1);
    let p = plan(&r, &a, &opts).expect("plan");
    assert_eq!(p.steps.len(), 18);
    let last: Vec<&str> = p.steps[16..].iter().map(|s| r.node(s.indicator).id.as_str()).collect();
    assert_eq!(last, ["11", "12"]);
    assert!((p.final_index - 3.505).abs() < 1e-12);
}

#[test]
fn cheapest_by_hand() {
    // Small rubric, every indicator at 2: index 2. Each indicator's share of the index is its
    // weight / 100 (the weights add up through the tree): 1: 0.13, 2: 0.27, 3: 0.101, 4: 0.249,
    // 5 and 6: 0.125. Target 2.3 needs 0.3.
    // Fewest: no single raise gives 0.3; the two largest are both raises of 2 (0.54): 2→3, 2→4.
    // Costs 1 → 1, 2 → 5, 4 → 1, others → 10. One raise (at most 0.249) is not enough, so the
    // cheapest costs 2: two raises among 1 and 4 that give ≥ 0.3 (4 twice: 0.498, or 4 and 1:
    // 0.379; 1 twice gives only 0.26).
    let r = small();
    let a = assessment(&r, &[("1", 2.0), ("2", 2.0), ("3", 2.0), ("4", 2.0), ("5", 2.0), ("6", 2.0)]);
    let mut opts = PlanOptions::new(Target::Index(2.3));
    let p = plan(&r, &a, &opts).expect("fewest");
    let steps: Vec<(&str, f64)> = p.steps.iter().map(|s| (r.node(s.indicator).id.as_str(), s.to)).collect();
    assert_eq!(steps, [("2", 3.0), ("2", 4.0)]);
    assert!((p.final_index - 2.54).abs() < 1e-12);
    let mut per = vec![None; r.nodes.len()];
    for (id, c) in [("1", 1.0), ("2", 5.0), ("3", 10.0), ("4", 1.0), ("5", 10.0), ("6", 10.0)] {
        per[r.find(id).expect("id")] = Some(c);
    }
    opts.costs = Some(Costs::new(per));
    let p = plan(&r, &a, &opts).expect("cheapest");
    assert_eq!(p.total_cost, Some(2.0));
    assert_eq!(p.steps.len(), 2);
    // Best value first: indicator 4 gives 0.249 per unit of cost.
    assert_eq!(r.node(p.steps[0].indicator).id, "4");
    assert!(p.final_index >= 2.3);
    assert_eq!(p.goal, Goal::Cheapest);
}

#[test]
fn no_plan_when_the_target_is_out_of_reach() {
    let r = official();
    let ids: Vec<String> = (1..=47).map(|i| i.to_string()).collect();
    let levels: Vec<(&str, f64)> = ids.iter().map(|s| (s.as_str(), 2.0)).collect();
    let a = assessment(&r, &levels);

    // Above the scale.
    let err = plan(&r, &a, &PlanOptions::new(Target::Index(5.5))).expect_err("above scale");
    assert!(err.to_string().contains("above the top of the scale (5)"), "{err}");

    // Excluding Layanan (D4, 45.5 % of the index): the best is 5·0.545 + 2·0.455 = 3.635.
    let mut opts = PlanOptions::new(Target::Band(4)); // Memuaskan, 4.2
    opts.exclude = vec![r.find("D4").expect("D4")];
    let err = plan(&r, &a, &opts).expect_err("excluded");
    match &err {
        NoPlan::Unreachable { best, all_max, .. } => {
            assert!((best - 3.635).abs() < 1e-12);
            assert_eq!(*all_max, 5.0);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("give at most 3.635 (every indicator at level 5 would give 5)"),
        "{err}"
    );
    assert!(err.is_unreachable());
}

#[test]
fn already_at_target_needs_no_steps() {
    let r = small();
    let a = assessment(&r, &[("1", 4.0), ("2", 4.0), ("3", 4.0), ("4", 4.0), ("5", 4.0), ("6", 4.0)]);
    let p = plan(&r, &a, &PlanOptions::new(Target::Band(2))).expect("plan");
    assert!(p.reached_already());
    assert_eq!(p.final_index, 4.0);
}

#[test]
fn inputs_above_indicator_level_cannot_be_planned() {
    let r = official();
    let a = assessment(&r, &[("D1", 3.0), ("D2", 2.5), ("D3", 2.0), ("D4", 3.2)]);
    let err = plan(&r, &a, &PlanOptions::new(Target::Index(3.5))).expect_err("domains");
    assert!(matches!(err, NoPlan::AboveIndicatorLevel { .. }));
    assert!(err.to_string().contains("above indicator level (D1–D4)"), "{err}");
}

#[test]
fn missing_indicators_are_left_out_and_the_index_is_the_engines() {
    // Small rubric without indicator 6: A3 is indicator 5 alone, so 5 carries 0.6·25/60 = 0.25 of
    // the index. Levels 1: index 1. Target 1.25: one raise of 5 (gain 0.25) beats 2 (0.27)? No:
    // 2's share is 0.27 > 0.25, so the fewest is one raise of 2.
    let r = small();
    let a = assessment(&r, &[("1", 1.0), ("2", 1.0), ("3", 1.0), ("4", 1.0), ("5", 1.0)]);
    let p = plan(&r, &a, &PlanOptions::new(Target::Index(1.25))).expect("plan");
    assert_eq!(p.missing, vec![r.find("6").expect("6")]);
    assert_eq!(p.steps.len(), 1);
    assert_eq!(r.node(p.steps[0].indicator).id, "2");
    assert!((p.final_index - 1.27).abs() < 1e-12);
    // Excluding 2, indicator 5 (0.25) is next.
    let mut opts = PlanOptions::new(Target::Index(1.25));
    opts.exclude = vec![r.find("2").expect("2")];
    let p = plan(&r, &a, &opts).expect("plan");
    assert_eq!(r.node(p.steps[0].indicator).id, "5");
    assert!((p.final_index - 1.25).abs() < 1e-12);
}

#[test]
fn targets_parse_as_numbers_or_band_names() {
    let r = official();
    assert_eq!(Target::parse(&r, "3.5"), Ok(Target::Index(3.5)));
    assert_eq!(Target::parse(&r, "3,5"), Ok(Target::Index(3.5)));
    assert_eq!(Target::parse(&r, "Sangat Baik"), Ok(Target::Band(3)));
    assert_eq!(Target::parse(&r, "sangat-baik"), Ok(Target::Band(3)));
    assert_eq!(Target::parse(&r, " MEMUASKAN "), Ok(Target::Band(4)));
    let err = Target::parse(&r, "excellent").expect_err("unknown");
    assert!(err.contains("Kurang, Cukup, Baik, Sangat Baik, Memuaskan"), "{err}");
    assert_eq!(Target::Band(3).label(&r), "Sangat Baik (≥ 3.5)");
}

#[test]
fn cost_files_are_read_with_every_problem_reported() {
    let r = official();
    let c = Costs::parse(&r, "indicator,cost\n11,5\n12,2.5\n", "c.csv").expect("costs");
    assert_eq!(c.get(r.find("11").expect("11")), Some(5.0));
    assert_eq!(c.get(r.find("12").expect("12")), Some(2.5));
    assert_eq!(c.get(r.find("13").expect("13")), None);
    let c = Costs::parse(&r, "indikator;biaya\n11;2,5\n", "c.csv").expect("semicolon");
    assert_eq!(c.get(r.find("11").expect("11")), Some(2.5));

    let err = Costs::parse(&r, "indicator,cost\n99,1\nD1,2\n11,-1\n12,3\n12,4\n", "c.csv").expect_err("bad");
    let text = err.to_string();
    assert!(text.contains("c.csv:2:1: unknown indicator `99`"), "{text}");
    assert!(text.contains("c.csv:3:1: `D1` is a domain, not an indicator"), "{text}");
    assert!(text.contains("c.csv:4:2: cost `-1` is not a number ≥ 0"), "{text}");
    assert!(text.contains("c.csv:6:1: indicator 12 is given twice (first at line 5)"), "{text}");
    assert_eq!(err.len(), 4);

    let err = Costs::parse(&r, "id,price\n1,2\n", "c.csv").expect_err("header");
    assert!(err.to_string().contains("expected a header"), "{err}");
}

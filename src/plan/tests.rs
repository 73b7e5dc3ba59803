//! Plans against brute force on small rubrics, by hand on the official one.

use super::*;
use crate::assessment::{Assessment, Key};
use crate::rubric::Rubric;
use crate::threshold::Threshold;

/// `--target` as the command line parses and resolves it.
fn parse_target(r: &Rubric, s: &str) -> Result<Target, String> {
    let t: Threshold = s.parse().map_err(|e: crate::threshold::SyntaxError| e.to_string())?;
    t.resolve(r).map_err(|e| e.to_string())
}

fn small() -> Rubric {
    crate::rubric::parse(include_str!("../../tests/data/rubric-small.toml"), "rubric-small.toml")
        .expect("small rubric")
}

fn flat() -> Rubric {
    crate::rubric::parse(include_str!("../../tests/data/rubric-flat.toml"), "rubric-flat.toml")
        .expect("flat rubric")
}

/// The official rubric; with [`assessment`] and [`engine`], shared with the what-if tests.
pub(crate) fn official() -> Rubric {
    Rubric::resolve("spbe-2020").expect("spbe-2020")
}

pub(crate) fn assessment(rubric: &Rubric, levels: &[(&str, f64)]) -> Assessment {
    let key = Key { region: "R".into(), year: None, stage: None, code: None };
    let mut a = Assessment::new(key, rubric.nodes.len());
    for &(id, l) in levels {
        a.values.set(rubric.find(id).expect("id"), Some(l));
    }
    a
}

pub(crate) fn engine(rubric: &Rubric, values: &[Option<f64>]) -> f64 {
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
    // (indicator, start level, most raises, cost per whole level)
    let mut items: Vec<(usize, f64, u32, f64)> = Vec::new();
    for &i in &rubric.indicators {
        let Some(l) = a.values[i] else { continue };
        if opts.only.as_ref().is_some_and(|o| !under(o, i)) || under(&opts.exclude, i) {
            continue;
        }
        if !opts.plan_pending && a.pending().contains(&i) {
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
    // r raises take level l to its r-th next whole level (1.26 → 2 → 3), at most the top; they
    // cost the levels climbed (0.74 + 1 from 1.26 to 3) times the cost per level.
    let after = |l: f64, r: u32| if r == 0 { l } else { (l.floor() + f64::from(r)).min(max) };
    let mut pick = vec![0u32; items.len()];
    let mut best: Option<(f64, usize)> = None;
    let mut v = a.values.to_vec();
    loop {
        for (&(i, l, _, _), &r) in items.iter().zip(&pick) {
            v[i] = Some(after(l, r));
        }
        if reaches(engine(rubric, &v), target) {
            let raises = pick.iter().map(|&r| r as usize).sum::<usize>();
            let cost: f64 = items.iter().zip(&pick).map(|(it, &r)| it.3 * (after(it.1, r) - it.1)).sum();
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

/// The steps are real raises (to the next whole level, from where the indicator stands), the
/// reported index after each is the engine's, and the last one reaches the target.
fn check_steps(rubric: &Rubric, a: &Assessment, p: &Plan, opts: &PlanOptions) {
    let mut v = a.values.to_vec();
    let mut before = engine(rubric, &v);
    assert_eq!(before, p.start_index);
    for s in &p.steps {
        assert_eq!(v[s.indicator], Some(s.from), "{s:?}");
        assert_eq!(s.to, (s.from.floor() + 1.0).min(rubric.scale.max), "{s:?}");
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

/// Starting levels of a sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// Whole levels.
    Whole,
    /// Whole levels and halves (1.5).
    Halves,
    /// Decimals with two places as assessors give them (1.26, 2.5), or whole, half each.
    Decimals,
}

fn random_levels(rubric: &Rubric, g: &mut Gen, start: Start) -> Assessment {
    let key = Key { region: "R".into(), year: None, stage: None, code: None };
    let mut a = Assessment::new(key, rubric.nodes.len());
    let (min, max) = (rubric.scale.min, rubric.scale.max);
    for &i in &rubric.indicators {
        let l = match start {
            Start::Decimals if g.next(2) == 0 => {
                min + g.next(((max - min) * 100.0) as u64 + 1) as f64 / 100.0
            }
            Start::Decimals | Start::Whole => min + g.next((max - min) as u64 + 1) as f64,
            Start::Halves => min + g.next(((max - min) * 2.0) as u64 + 1) as f64 / 2.0,
        };
        // As read from a file: the shortest decimal (1.68, not 1 + 0.68 = 1.6799999999999997).
        let l: f64 = format!("{l:.2}").parse().expect("decimal");
        a.values.set(i, Some(l));
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

fn against_brute_force(rubric: &Rubric, start: Start, with_costs: bool, seed: u64, cases: usize) {
    let mut g = Gen(seed);
    let (mut planned, mut impossible) = (0, 0);
    for _ in 0..cases {
        let a = random_levels(rubric, &mut g, start);
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
    against_brute_force(&small(), Start::Whole, false, 0x1234_5678_9ABC_DEF1, 300);
}

#[test]
fn cheapest_plans_match_brute_force() {
    against_brute_force(&small(), Start::Whole, true, 0x0F0F_1234_5555_AAAA, 300);
}

#[test]
fn partial_raises_and_no_domains_match_brute_force() {
    against_brute_force(&flat(), Start::Halves, false, 0xDEAD_BEEF_0000_0001, 300);
    against_brute_force(&flat(), Start::Halves, true, 0xDEAD_BEEF_0000_0002, 300);
}

/// The small rubric on a continuous scale (1.00–4.00), as pemdi-2026 has it.
fn small_continuous() -> Rubric {
    let text =
        include_str!("../../tests/data/rubric-small.toml").replace("integer = true", "integer = false");
    crate::rubric::parse(&text, "rubric-small-continuous.toml").expect("small continuous rubric")
}

#[test]
fn fewest_raises_from_decimal_values_match_brute_force() {
    // From 1.26 the first raise (to 2) gains 0.74 of a level, less than the next: the largest
    // gains first are not the fewest raises any more, and brute force says what is.
    against_brute_force(&small_continuous(), Start::Decimals, false, 0x5EED_0001_2026_0008, 300);
    against_brute_force(&flat(), Start::Decimals, false, 0x5EED_0002_2026_0008, 300);
}

#[test]
fn cheapest_from_decimal_values_match_brute_force() {
    // A first step from a decimal value costs its share of the level's cost (1.26 → 2: 0.74).
    against_brute_force(&small_continuous(), Start::Decimals, true, 0x5EED_0003_2026_0008, 300);
    against_brute_force(&flat(), Start::Decimals, true, 0x5EED_0004_2026_0008, 300);
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
    let opts = PlanOptions::new(parse_target(&r, "sangat baik").expect("band"));
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
    assert_eq!(parse_target(&r, "3.5"), Ok(Target::Index(3.5)));
    assert_eq!(parse_target(&r, "3,5"), Ok(Target::Index(3.5)));
    assert_eq!(parse_target(&r, "Sangat Baik"), Ok(Target::Band(3)));
    assert_eq!(parse_target(&r, "sangat-baik"), Ok(Target::Band(3)));
    assert_eq!(parse_target(&r, " MEMUASKAN "), Ok(Target::Band(4)));
    let err = parse_target(&r, "excellent").expect_err("unknown");
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

/// Kab. Aceh Tengah's 2026 assessor result (tests/data/pemdi/aceh-tengah-2026.csv), with the
/// external indicators 5, 6, 7 and 18 left blank: scored 1 and pending.
fn aceh_tengah(rubric: &Rubric) -> Assessment {
    let levels: [(&str, f64); 20] = [
        ("1", 2.0),
        ("2", 1.5),
        ("3", 1.26),
        ("4", 1.3),
        ("5", 1.0),
        ("6", 1.0),
        ("7", 1.0),
        ("8", 1.0),
        ("9", 1.0),
        ("10", 1.0),
        ("11", 1.5),
        ("12", 1.25),
        ("13", 1.17),
        ("14", 1.0),
        ("15", 1.0),
        ("16", 1.0),
        ("17", 2.5),
        ("18", 1.0),
        ("19", 1.0),
        ("20", 1.3),
    ];
    let mut a = assessment(rubric, &levels);
    a.extras_mut().pending = ["5", "6", "7", "18"].iter().map(|id| rubric.find(id).expect("id")).collect();
    a
}

#[test]
fn fewest_raises_from_decimal_values_by_hand_on_pemdi_2026() {
    // Pemdi: index = Σ(wI × NI) / 100 (aspect weights are the sums of their indicators').
    // Σ wI × NI = 1: 5·2 = 10, 2: 5·1.5 = 7.5, 3: 5·1.26 = 6.3, 4: 5·1.3 = 6.5, 5: 5, 6: 3, 7: 3,
    // 8–10: 4 each = 12, 11: 3·1.5 = 4.5, 12: 4·1.25 = 5, 13: 5·1.17 = 5.85, 14: 5, 15, 16: 4
    // each = 8, 17: 4·2.5 = 10, 18: 3, 19: 10, 20: 15·1.3 = 19.5; total 124.15: index 1.2415.
    // Cukup (1.5) needs 0.2585. A raise of 20 (w 15) from 1.3 to 2 gains 15·0.7/100 = 0.105,
    // then 0.15 per level; 19 (w 10) gains 0.10 per level; every other raise at most 0.05.
    // Two raises give at most 0.105 + 0.15 = 0.255 < 0.2585 (20 twice; 20 and 19: 0.205; 19
    // twice: 0.20), so three are needed. The plan takes 20 three times (1.3 → 2 → 3 → 4),
    // +0.105 + 0.15 + 0.15 = 0.405, the most three raises give: 1.2415 + 0.405 = 1.6465.
    // The old "+1 level" raise (1.3 → 2.3 → 3.3) would have claimed two raises.
    let r = Rubric::resolve("pemdi-2026").expect("pemdi-2026");
    let a = aceh_tengah(&r);
    assert!((engine(&r, &a.values.to_vec()) - 1.2415).abs() < 1e-9);
    let opts = PlanOptions::new(parse_target(&r, "Cukup").expect("band"));
    let p = plan(&r, &a, &opts).expect("plan");
    let got: Vec<(&str, f64, f64)> =
        p.steps.iter().map(|s| (r.node(s.indicator).id.as_str(), s.from, s.to)).collect();
    assert_eq!(got, [("20", 1.3, 2.0), ("20", 2.0, 3.0), ("20", 3.0, 4.0)]);
    assert!((p.steps[0].gain - 0.105).abs() < 1e-9);
    assert!((p.steps[1].gain - 0.15).abs() < 1e-9);
    assert!((p.final_index - 1.6465).abs() < 1e-9);
    assert_eq!(r.bands[p.final_band].name, "Cukup");
    // The level reached is named by its whole level.
    assert_eq!(p.steps[0].level_name.as_deref(), r.level_name(r.find("20").expect("20"), 2.0));
    // The pending externals were left out, and the plan says which.
    let ids: Vec<&str> = p.pending_not_planned.iter().map(|&n| r.node(n).id.as_str()).collect();
    assert_eq!(ids, ["5", "6", "7", "18"]);
}

#[test]
fn cheapest_from_decimal_values_by_hand_on_pemdi_2026() {
    // Costs per whole level: 20 → 8, 19 → 6 (no other indicator has one, so no other is raised).
    // A first step costs its share of the level: 20 from 1.3 to 2 costs 0.7·8 = 5.6 for +0.105.
    // Cukup needs 0.2585 (see the case above). Plans reaching it:
    //   19 ×3: +0.30, cost 18;  20 (1.3→2) + 19 ×2: +0.305, cost 5.6 + 12 = 17.6;
    //   20 ×2 + 19: +0.355, cost 5.6 + 8 + 6 = 19.6;  20 ×2 alone: +0.255, short.
    // Cheapest: 17.6 (a full cost for the first step, 8, would make it 20 and 19 ×3 cheaper).
    // Best value first: 20's step gives 0.105/5.6 = 0.01875 per unit, 19's 0.10/6 ≈ 0.0167.
    // Index after: 1.2415 + 0.305 = 1.5465.
    let r = Rubric::resolve("pemdi-2026").expect("pemdi-2026");
    let a = aceh_tengah(&r);
    let mut opts = PlanOptions::new(parse_target(&r, "Cukup").expect("band"));
    let c = Costs::parse(&r, "indicator,cost\n20,8\n19,6\n", "c.csv").expect("costs");
    opts.costs = Some(c);
    let p = plan(&r, &a, &opts).expect("plan");
    let got: Vec<(&str, f64, f64)> =
        p.steps.iter().map(|s| (r.node(s.indicator).id.as_str(), s.from, s.to)).collect();
    assert_eq!(got, [("20", 1.3, 2.0), ("19", 1.0, 2.0), ("19", 2.0, 3.0)]);
    assert!((p.steps[0].cost.expect("cost") - 5.6).abs() < 1e-9);
    assert_eq!(p.steps[1].cost, Some(6.0));
    assert!((p.total_cost.expect("total") - 17.6).abs() < 1e-9);
    assert!((p.final_index - 1.5465).abs() < 1e-9);
}

#[test]
fn pending_indicators_are_planned_only_when_asked() {
    // Only aspect A3 (Data: 5 w 5, 6 w 3, 7 w 3, 8 w 4) may be raised; 5, 6 and 7 are pending.
    // Left out, only 8 can rise: 1 → 5 gives 4·4/100 = 0.16 < 0.2585 (Cukup from 1.2415).
    let r = Rubric::resolve("pemdi-2026").expect("pemdi-2026");
    let a = aceh_tengah(&r);
    let mut opts = PlanOptions::new(parse_target(&r, "Cukup").expect("band"));
    opts.only = Some(vec![r.find("A3").expect("A3")]);
    let err = plan(&r, &a, &opts).expect_err("pending left out");
    assert!(
        err.to_string().contains("(limits, exclusions, costs; pending 5–7, 18 left out) give at most 1.4015"),
        "{err}"
    );
    match err {
        NoPlan::Unreachable { best, .. } => assert!((best - 1.4015).abs() < 1e-9, "{best}"),
        other => panic!("{other:?}"),
    }
    // Asked for: gains per level 5: 0.05, 8: 0.04, 6 and 7: 0.03. The five largest give
    // 0.05·4 + 0.04 = 0.24 < 0.2585; six give 0.28: 5 four times (1 → 5), 8 twice. Index 1.5215.
    opts.plan_pending = true;
    let p = plan(&r, &a, &opts).expect("plan");
    let got: Vec<(&str, f64)> = p.steps.iter().map(|s| (r.node(s.indicator).id.as_str(), s.to)).collect();
    assert_eq!(got, [("5", 2.0), ("5", 3.0), ("5", 4.0), ("5", 5.0), ("8", 2.0), ("8", 3.0)]);
    assert!((p.final_index - 1.5215).abs() < 1e-9);
    assert!(p.pending_not_planned.is_empty());
}

#[test]
fn reasons_for_no_plan_in_both_languages() {
    let unreachable = |why| NoPlan::Unreachable {
        region: "Kab. X".into(),
        target: 4.2,
        max: 5.0,
        best: 3.03,
        all_max: 5.0,
        why,
    };
    let both = |e: &NoPlan| (e.message(Lang::En), e.reason(Lang::Id));
    assert_eq!(
        both(&unreachable(OutOfReach::AboveScale)),
        (
            "Kab. X: target 4.2 is above the top of the scale (5): no plan can reach it".into(),
            "target 4.2 di atas puncak skala (5): tidak ada rencana yang dapat mencapainya".into()
        )
    );
    assert_eq!(
        both(&unreachable(OutOfReach::AtTop { given_only: true })),
        (
            "Kab. X: target 4.2 is out of reach: every given indicator at level 5 gives 5".into(),
            "target 4.2 tidak terjangkau: semua indikator yang diisi pada tingkat 5 memberi 5".into()
        )
    );
    assert_eq!(
        both(&unreachable(OutOfReach::Limited { pending: Some("I5".into()) })),
        (
            "Kab. X: target 4.2 is out of reach: the raises allowed (limits, exclusions, costs; pending I5 left out) give at most 3.03 (every indicator at level 5 would give 5)".into(),
            "target 4.2 tidak terjangkau: kenaikan yang diizinkan (batas, pengecualian, biaya; I5 yang tertunda tidak direncanakan) memberi paling tinggi 3.03 (semua indikator pada tingkat 5 akan memberi 5)".into()
        )
    );
    let e = NoPlan::NoValues { region: "Kab. X".into() };
    assert_eq!(
        (e.to_string(), e.message(Lang::Id)),
        ("Kab. X: no values given".into(), "Kab. X: tidak ada nilai yang diisi".into())
    );
}

#[test]
fn cost_file_problems_in_both_languages() {
    let r = official();
    let e = Costs::parse(&r, "indicator,cost\nD1,2\n99,x\n", "biaya.csv").expect_err("bad");
    assert_eq!(
        e.render(Lang::En),
        "biaya.csv:2:1: `D1` is a domain, not an indicator; costs are per raise of one indicator\n\
         biaya.csv:3:1: unknown indicator `99` in rubric spbe-2020\n\
         biaya.csv:3:2: cost `x` is not a number ≥ 0 (the effort or price of one raise)\n3 problems found"
    );
    assert_eq!(
        e.render(Lang::Id),
        "biaya.csv:2:1: `D1` adalah domain, bukan indikator; biaya berlaku per kenaikan satu indikator\n\
         biaya.csv:3:1: indikator `99` tidak dikenal dalam rubrik spbe-2020\n\
         biaya.csv:3:2: biaya `x` bukan angka ≥ 0 (upaya atau harga satu kenaikan)\n3 masalah ditemukan"
    );
}

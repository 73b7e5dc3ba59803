//! Properties of the engine, over all three shipped rubrics and random levels (src/score.rs has
//! the same for spbe-2020 alone; src/assessment has row order):
//! - every score lies within the scale;
//! - raising one indicator's level never lowers any score;
//! - the index is the weighted mean of the domains (Σ ND × BD / Σ BD), and, the weights of
//!   every group adding up to its own, also the weighted mean of the indicators
//!   (PermenPANRB 59/2020: Indeks = Σ NI × BI / 100);
//! - a score that reaches a band's bound exactly gets that band, floating point aside.

use proptest::prelude::*;
use spbe::rubric::{Kind, Rubric};
use spbe::score::compute;

fn rubric(i: usize) -> Rubric {
    Rubric::resolve(["spbe-2020", "spbe-2018", "pemdi-2026"][i]).expect("embedded rubric")
}

/// A rubric index and one whole level per indicator (up to 47).
fn levels() -> impl Strategy<Value = (usize, Vec<u8>)> {
    (0usize..3, prop::collection::vec(1u8..=5, 47))
}

/// Values per node with the indicators at `levels` (the first `rubric.indicators.len()`).
fn values(r: &Rubric, levels: &[u8]) -> Vec<Option<f64>> {
    let mut v = vec![None; r.nodes.len()];
    for (k, &i) in r.indicators.iter().enumerate() {
        v[i] = Some(f64::from(levels[k]));
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn scores_stay_within_the_scale((ri, lv) in levels(), holes in prop::collection::vec(any::<bool>(), 47)) {
        let r = rubric(ri);
        let mut v = values(&r, &lv);
        // Also with indicators left out (scored over what is given).
        for (k, &i) in r.indicators.iter().enumerate() {
            if holes[k] && k > 0 {
                v[i] = None;
            }
        }
        let (scores, index, _) = compute(&r, &v);
        let index = index.expect("indicator 1 is always given");
        prop_assert!(r.scale.contains(index), "index {}", index);
        let given: Vec<f64> = v.iter().flatten().copied().collect();
        let (lo, hi) = given.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        prop_assert!(index >= lo && index <= hi, "index {} outside the levels given {}..{}", index, lo, hi);
        for s in scores.iter().flatten() {
            prop_assert!(r.scale.contains(*s), "score {}", s);
        }
    }

    #[test]
    fn raising_one_level_never_lowers_any_score((ri, lv) in levels(), pick in 0usize..47) {
        let r = rubric(ri);
        let k = pick % r.indicators.len();
        prop_assume!(lv[k] < 5);
        let (before, index_before, _) = compute(&r, &values(&r, &lv));
        let mut raised = lv.clone();
        raised[k] += 1;
        let (after, index_after, _) = compute(&r, &values(&r, &raised));
        prop_assert!(index_after >= index_before, "{:?} -> {:?}", index_before, index_after);
        for (n, (b, a)) in before.iter().zip(&after).enumerate() {
            prop_assert!(a >= b, "node {} went from {:?} to {:?}", r.nodes[n].id, b, a);
        }
        // And the raised indicator's ancestors strictly rise (their weights are positive).
        let mut up = r.nodes[r.indicators[k]].parent;
        while let Some(p) = up {
            prop_assert!(after[p] > before[p], "node {} did not rise", r.nodes[p].id);
            up = r.nodes[p].parent;
        }
    }

    #[test]
    fn the_index_is_the_weighted_mean_of_domains_and_of_indicators((ri, lv) in levels()) {
        let r = rubric(ri);
        let v = values(&r, &lv);
        let (scores, index, missing) = compute(&r, &v);
        prop_assert!(missing.is_empty());
        let index = index.expect("index");
        let roots: Vec<usize> = r.roots.clone();
        let top = if r.has_domains() { Kind::Domain } else { Kind::Aspect };
        let all_top = roots.iter().all(|&d| r.nodes[d].kind == top);
        prop_assert!(all_top);
        let (sum, w) = roots.iter().fold((0.0, 0.0), |(s, w), &d| {
            (s + scores[d].expect("domain score") * r.nodes[d].weight, w + r.nodes[d].weight)
        });
        prop_assert!((index - sum / w).abs() < 1e-12, "{} vs {}", index, sum / w);
        let (sum, w) = r.indicators.iter().fold((0.0, 0.0), |(s, w), &i| {
            (s + v[i].expect("level") * r.nodes[i].weight, w + r.nodes[i].weight)
        });
        prop_assert!((index - sum / w).abs() < 1e-9, "{} vs flat {}", index, sum / w);
    }
}

/// Ten indicators of weight 1.3, nine at level 4 and one at 3: the aspect's score is exactly
/// (9 × 4 + 3) / 10 = 3.9, which floating point computes as 3.8999999999999995. A band starting
/// at 3.9 must still be given.
#[test]
fn a_score_exactly_on_a_band_bound_gets_the_band() {
    let mut toml = String::from(
        "id = \"t\"\ntitle = \"t\"\nstatus = \"official\"\n[scale]\nmin = 1\nmax = 5\n\
         [[band]]\nname = \"Below\"\nmin = 1.0\n[[band]]\nname = \"AtLeast3.9\"\nmin = 3.9\n\
         [[aspect]]\nid = \"A1\"\nname = \"a\"\nweight = 13.0\n",
    );
    for i in 1..=10 {
        toml.push_str(&format!(
            "[[indicator]]\nid = \"{i}\"\naspect = \"A1\"\nname = \"i{i}\"\nweight = 1.3\n"
        ));
    }
    let r = spbe::rubric::parse(&toml, "t.toml").expect("rubric");
    let mut v = vec![None; r.nodes.len()];
    for (k, &i) in r.indicators.iter().enumerate() {
        v[i] = Some(if k == 9 { 3.0 } else { 4.0 });
    }
    let (_, index, _) = compute(&r, &v);
    let index = index.expect("index");
    assert!((index - 3.9).abs() < 1e-12, "{index}");
    assert_eq!(r.rating(index).name, "AtLeast3.9", "index {index:?}");
}

/// All indicators at the same level give exactly that level, whatever the weights.
#[test]
fn equal_levels_give_exactly_that_level() {
    for ri in 0..3 {
        let r = rubric(ri);
        for level in 1..=5u8 {
            let (scores, index, _) = compute(&r, &values(&r, &[level; 47]));
            assert_eq!(index, Some(f64::from(level)), "{}", r.id);
            assert!(scores.iter().all(|s| *s == Some(f64::from(level))), "{}", r.id);
        }
    }
}

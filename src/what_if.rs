//! What-if overrides (`score --set`): an assessment with some values replaced, checked against
//! the rubric so that an override never silently does nothing.

use crate::assessment::Assessment;
use crate::i18n::{Lang, Localized};
use crate::plan::{article, short};
use crate::rubric::id_runs;
use crate::rubric::{Kind, Rubric};

/// Why an override cannot be applied to an assessment.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum WhatIfError {
    /// The value lies outside the rubric's scale.
    OutsideScale {
        /// The node's id.
        id: String,
        /// The value, shortened ([`short`]).
        value: String,
        /// The scale, `min..max`.
        scale: (String, String),
    },
    /// A decimal value for an indicator of a rubric whose indicator levels are whole.
    NotWhole {
        /// The node's id.
        id: String,
        /// The value, shortened.
        value: String,
        /// The scale, `min..max`.
        scale: (String, String),
    },
    /// The input gives a node above this one, not this one.
    GivenAbove {
        /// The node's id.
        id: String,
        /// The node's kind.
        kind: Kind,
        /// The region (and year, stage).
        region: String,
        /// The node given above it: its id and kind.
        above: (String, Kind),
    },
    /// The input gives the parts of this node, not this node.
    GivenBelow {
        /// The node's id.
        id: String,
        /// The node's kind.
        kind: Kind,
        /// The region (and year, stage).
        region: String,
        /// The parts given ([`id_runs`]).
        parts: String,
    },
}

impl Localized for WhatIfError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WhatIfError::OutsideScale { id, value: v, scale: (lo, hi) }, Lang::En) => {
                format!("--set {id}={v}: level {v} is outside {lo}..{hi}")
            }
            (WhatIfError::OutsideScale { id, value: v, scale: (lo, hi) }, Lang::Id) => {
                format!("--set {id}={v}: tingkat {v} di luar {lo}..{hi}")
            }
            (WhatIfError::NotWhole { id, value: v, scale: (lo, hi) }, Lang::En) => {
                format!("--set {id}={v}: indicator levels are whole numbers {lo}..{hi}")
            }
            (WhatIfError::NotWhole { id, value: v, scale: (lo, hi) }, Lang::Id) => {
                format!("--set {id}={v}: tingkat indikator berupa bilangan bulat {lo}..{hi}")
            }
            (WhatIfError::GivenAbove { id, kind, region, above: (q, qk) }, Lang::En) => format!(
                "--set {id}: {region} gives {} {} {q}, not {} {id} itself; set {q} instead, or give the input at {} level",
                article(*qk),
                qk.as_str(),
                kind.as_str(),
                kind.as_str()
            ),
            (WhatIfError::GivenAbove { id, kind, region, above: (q, qk) }, Lang::Id) => format!(
                "--set {id}: {region} mengisi {} {q}, bukan {} {id} itu sendiri; ubah {q} saja, atau isi masukan pada tingkat {}",
                qk.label(lang),
                kind.label(lang),
                kind.label(lang)
            ),
            (WhatIfError::GivenBelow { id, kind, region, parts }, Lang::En) => format!(
                "--set {id}: {region} gives the parts of {} {id} ({parts}), not {} {} itself; set those instead",
                kind.as_str(),
                article(*kind),
                kind.as_str()
            ),
            (WhatIfError::GivenBelow { id, kind, region, parts }, Lang::Id) => format!(
                "--set {id}: {region} mengisi bagian-bagian {} {id} ({parts}), bukan {} itu sendiri; ubah bagian-bagian itu",
                kind.label(lang),
                kind.label(lang)
            ),
        }
    }
}

/// A what-if: the assessment with some values overridden. A node can be overridden where the
/// input gives it, or filled in where neither it nor any node above or below it is given;
/// overriding a node the input covers at another level (an indicator of a domain-level input)
/// is an error, never a silent no-op. Values must be on the rubric's scale.
pub fn what_if(rubric: &Rubric, a: &Assessment, set: &[(usize, f64)]) -> Result<Assessment, WhatIfError> {
    let mut out = a.clone();
    for &(node, value) in set {
        let n = rubric.node(node);
        let id = n.id.clone();
        let scale = || (short(rubric.scale.min), short(rubric.scale.max));
        if !rubric.scale.contains(value) {
            return Err(WhatIfError::OutsideScale { id, value: short(value), scale: scale() });
        }
        if n.children.is_empty() && rubric.scale.integer && value.fract() != 0.0 {
            return Err(WhatIfError::NotWhole { id, value: short(value), scale: scale() });
        }
        if a.values[node].is_none() {
            let mut above = None;
            let mut p = n.parent;
            while let Some(q) = p {
                if a.values[q].is_some() {
                    above = Some(q);
                    break;
                }
                p = rubric.node(q).parent;
            }
            let below: Vec<usize> = rubric.descendants(node).filter(|&d| a.values[d].is_some()).collect();
            if let Some(q) = above {
                let qn = rubric.node(q);
                let above = (qn.id.clone(), qn.kind);
                return Err(WhatIfError::GivenAbove { id, kind: n.kind, region: a.label(), above });
            }
            if !below.is_empty() {
                let parts = id_runs(rubric, &below);
                return Err(WhatIfError::GivenBelow { id, kind: n.kind, region: a.label(), parts });
            }
        }
        out.values.set(node, Some(value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{assessment, engine, official};

    /// `--set` items as the command line resolves them.
    fn parse_sets(r: &Rubric, items: &[&str]) -> Vec<(usize, f64)> {
        let items: Vec<crate::selector::Override> =
            items.iter().map(|s| s.parse().expect("syntax")).collect();
        crate::selector::overrides(r, &items).expect("known ids")
    }

    #[test]
    fn what_if_overrides_and_refuses_what_the_input_does_not_give() {
        let r = official();
        let ids: Vec<String> = (1..=47).map(|i| i.to_string()).collect();
        let levels: Vec<(&str, f64)> = ids.iter().map(|s| (s.as_str(), 2.0)).collect();
        let a = assessment(&r, &levels);
        let sets = parse_sets(&r, &["11=3", "12=3"]);
        let b = what_if(&r, &a, &sets).expect("what-if");
        // Each raise of 11 or 12 adds 2.5/100: 2.00 → 2.05.
        assert!((engine(&r, &b.values.to_vec()) - 2.05).abs() < 1e-12);

        let domains = assessment(&r, &[("D1", 3.0), ("D2", 2.5), ("D3", 2.0), ("D4", 3.2)]);
        let err = what_if(&r, &domains, &sets).expect_err("domain-level input").to_string();
        assert!(err.contains("--set 11: R gives a domain D2, not indicator 11 itself"), "{err}");
        let d2 = parse_sets(&r, &["D2=3"]);
        let b = what_if(&r, &domains, &d2).expect("domain override");
        assert_eq!(b.values[r.find("D2").expect("D2")], Some(3.0));
        let err = what_if(&r, &a, &d2).expect_err("parts given").to_string();
        assert!(err.contains("gives the parts of domain D2 (11–20)"), "{err}");

        assert!(what_if(&r, &a, &[(r.find("11").expect("11"), 2.5)])
            .expect_err("fraction")
            .to_string()
            .contains("whole"));
        assert!(what_if(&r, &a, &[(r.find("11").expect("11"), 6.0)])
            .expect_err("range")
            .to_string()
            .contains("outside 1..5"));
    }
}

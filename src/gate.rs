//! `--fail-below`: a gate for pipelines. A threshold is an index (`2.6`, or `2,6`) or a rating
//! of the rubric (`Baik`); a region fails when its unrounded index is below it, decided the same
//! way as its rating (so a region shown as 2.60 "Cukup", whose index is 2.5968, fails
//! `--fail-below Baik` and `--fail-below 2.6`).

use crate::i18n::Lang;
use crate::problem::{code, Problem};
use crate::rubric::{reaches, Rubric};
use crate::score::RegionScore;
use crate::threshold::{Target, Threshold, UnknownRating};

/// A threshold resolved against a rubric: the lowest passing index, and how to name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// The lowest index that passes.
    pub min: f64,
    /// The threshold as messages name it (`2.6`, `Baik (2.6)`).
    pub label: String,
}

/// Why a threshold cannot be a gate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GateError {
    /// An index outside the rubric's scale.
    #[error("{value} is outside the scale {min}..{max} of rubric {rubric}")]
    OutsideScale {
        /// The index given.
        value: f64,
        /// The scale's lowest value.
        min: f64,
        /// The scale's highest value.
        max: f64,
        /// The rubric's id.
        rubric: String,
    },
    /// A rating the rubric does not have.
    #[error(transparent)]
    UnknownRating(#[from] UnknownRating),
}

/// Resolve a threshold: an index must lie within the scale; a rating must be one of the
/// rubric's bands ([`Threshold::resolve`], as `--target` names them), and means that band's
/// lower bound.
pub fn resolve(rubric: &Rubric, threshold: &Threshold) -> Result<Gate, GateError> {
    match threshold.resolve(rubric)? {
        Target::Index(v) if !rubric.scale.contains(v) => Err(GateError::OutsideScale {
            value: v,
            min: rubric.scale.min,
            max: rubric.scale.max,
            rubric: rubric.id.clone(),
        }),
        Target::Index(v) => Ok(Gate { min: v, label: v.to_string() }),
        Target::Band(b) => {
            let b = &rubric.bands[b];
            Ok(Gate { min: b.min, label: format!("{} ({})", b.name, b.min) })
        }
    }
}

/// The regions (indices into `scores`) whose index is below the gate.
pub fn below(gate: &Gate, scores: &[RegionScore]) -> Vec<usize> {
    (0..scores.len()).filter(|&i| !reaches(scores[i].index, gate.min)).collect()
}

/// The regions below a resolved gate, each as a problem to print.
pub fn failures(rubric: &Rubric, gate: &Gate, scores: &[RegionScore], lang: Lang) -> Vec<Problem> {
    below(gate, scores)
        .into_iter()
        .map(|i| {
            let s = &scores[i];
            let (region, index, rating) = (s.key.label(), shown_below(s.index, gate.min), s.rating(rubric));
            Problem::general(
                code::BELOW_THRESHOLD,
                match lang {
                    Lang::En => format!("{region}: index {index} ({rating}) is below {}", gate.label),
                    Lang::Id => format!("{region}: indeks {index} ({rating}) di bawah {}", gate.label),
                },
            )
        })
        .collect()
}

/// An index with enough decimals to show it is below `min` (2.5968, not 2.60).
fn shown_below(index: f64, min: f64) -> String {
    for decimals in 2..=15 {
        let s = format!("{index:.decimals$}");
        if s.parse::<f64>().is_ok_and(|v| v < min) {
            return s;
        }
    }
    index.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_against_the_rubric() {
        let r = Rubric::resolve("spbe-2020").expect("embedded");
        let g = resolve(&r, &Threshold::Rating("sangat  BAIK".into())).expect("a band");
        assert_eq!(g.min, 3.5);
        // Named as `--target` names it.
        assert_eq!(resolve(&r, &Threshold::Rating("sangat-baik".into())).expect("a band").min, 3.5);
        assert_eq!(resolve(&r, &Threshold::Index(2.6)).expect("in scale").min, 2.6);
        assert!(matches!(resolve(&r, &Threshold::Index(60.0)), Err(GateError::OutsideScale { .. })));
        assert!(matches!(
            resolve(&r, &Threshold::Rating("Bagus".into())),
            Err(GateError::UnknownRating(UnknownRating { .. }))
        ));
    }

    #[test]
    fn shows_enough_decimals() {
        // Kab. Luwu, 2024: 2.5968 shows as 2.60 but is below 2.6.
        assert_eq!(shown_below(2.5968, 2.6), "2.597");
        assert_eq!(shown_below(2.43, 2.6), "2.43");
    }
}

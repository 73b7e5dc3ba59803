//! `--fail-below`: a gate for pipelines. A threshold is an index (`2.6`, or `2,6`) or a rating
//! of the rubric (`Baik`); a region fails when its unrounded index is below it, decided the same
//! way as its rating (so a region shown as 2.60 "Cukup", whose index is 2.5968, fails
//! `--fail-below Baik` and `--fail-below 2.6`).

use std::fmt;
use std::str::FromStr;

use crate::i18n::Lang;
use crate::problem::{code, Problem};
use crate::rubric::{reaches, Rubric};
use crate::score::RegionScore;

/// What `--fail-below` was given, before a rubric is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Threshold {
    Index(f64),
    Rating(String),
}

impl FromStr for Threshold {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err("expected an index (e.g. 2.6) or a rating (e.g. Baik)".into());
        }
        match s.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Threshold::Index(v)),
            Ok(_) => Err(format!("`{s}` is not a finite number")),
            Err(_) if s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') => {
                Err(format!("`{s}` is not a number"))
            }
            Err(_) => Ok(Threshold::Rating(s.to_string())),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Threshold::Index(v) => write!(f, "{v}"),
            Threshold::Rating(r) => f.write_str(r),
        }
    }
}

/// A threshold resolved against a rubric: the lowest passing index, and how to name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub min: f64,
    pub label: String,
}

/// Resolve a threshold: an index must lie within the scale; a rating must be one of the
/// rubric's bands ([`Rubric::band_by_name`], as `--target` names them), and means that band's
/// lower bound.
pub fn resolve(rubric: &Rubric, threshold: &Threshold) -> Result<Gate, Problem> {
    match threshold {
        Threshold::Index(v) => {
            if !rubric.scale.contains(*v) {
                let (min, max, id) = (rubric.scale.min, rubric.scale.max, &rubric.id);
                return Err(Problem::general(
                    code::BAD_THRESHOLD,
                    match Lang::current() {
                        Lang::En => {
                            format!("--fail-below {v} is outside the scale {min}..{max} of rubric {id}")
                        }
                        Lang::Id => format!("--fail-below {v} di luar skala {min}..{max} rubrik {id}"),
                    },
                ));
            }
            Ok(Gate { min: *v, label: v.to_string() })
        }
        Threshold::Rating(name) => match rubric.band_by_name(name).map(|b| &rubric.bands[b]) {
            Some(b) => Ok(Gate { min: b.min, label: format!("{} ({})", b.name, b.min) }),
            None => {
                let name = crate::problem::snippet(name);
                let bands = rubric.bands.iter().map(|b| b.name.as_str()).collect::<Vec<_>>().join(", ");
                let id = &rubric.id;
                Err(Problem::general(
                    code::BAD_THRESHOLD,
                    match Lang::current() {
                        Lang::En => format!(
                            "--fail-below `{name}` is neither an index nor a rating of rubric {id} ({bands})"
                        ),
                        Lang::Id => format!(
                            "--fail-below `{name}` bukan indeks maupun predikat rubrik {id} ({bands})"
                        ),
                    },
                ))
            }
        },
    }
}

/// The regions (indices into `scores`) whose index is below the gate.
pub fn below(gate: &Gate, scores: &[RegionScore]) -> Vec<usize> {
    (0..scores.len()).filter(|&i| !reaches(scores[i].index, gate.min)).collect()
}

/// Resolve `threshold` and list the regions below it, each as a problem to print. An empty
/// list means the gate passes.
pub fn fail_below(
    rubric: &Rubric,
    scores: &[RegionScore],
    threshold: &Threshold,
) -> Result<Vec<Problem>, Problem> {
    Ok(failures(rubric, &resolve(rubric, threshold)?, scores))
}

/// The regions below a resolved gate, each as a problem to print.
pub fn failures(rubric: &Rubric, gate: &Gate, scores: &[RegionScore]) -> Vec<Problem> {
    below(gate, scores)
        .into_iter()
        .map(|i| {
            let s = &scores[i];
            let (region, index, rating) = (s.key.label(), shown_below(s.index, gate.min), s.rating(rubric));
            Problem::general(
                code::BELOW_THRESHOLD,
                match Lang::current() {
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
    fn parses_numbers_with_either_decimal_mark_and_ratings() {
        assert_eq!("2.6".parse(), Ok(Threshold::Index(2.6)));
        assert_eq!(" 2,6 ".parse(), Ok(Threshold::Index(2.6)));
        assert_eq!("Sangat Baik".parse(), Ok(Threshold::Rating("Sangat Baik".into())));
        assert!("".parse::<Threshold>().is_err());
        assert!("2.6.1".parse::<Threshold>().is_err());
        assert!("inf".parse::<Threshold>().is_err());
        assert!("NaN".parse::<Threshold>().is_err());
        assert!("1e999".parse::<Threshold>().is_err());
    }

    #[test]
    fn resolves_against_the_rubric() {
        let r = Rubric::resolve("spbe-2020").expect("embedded");
        let g = resolve(&r, &Threshold::Rating("sangat  BAIK".into())).expect("a band");
        assert_eq!(g.min, 3.5);
        // Named as `--target` names it.
        assert_eq!(resolve(&r, &Threshold::Rating("sangat-baik".into())).expect("a band").min, 3.5);
        assert_eq!(resolve(&r, &Threshold::Index(2.6)).expect("in scale").min, 2.6);
        assert_eq!(resolve(&r, &Threshold::Index(60.0)).map_err(|p| p.code), Err(code::BAD_THRESHOLD));
        assert_eq!(
            resolve(&r, &Threshold::Rating("Bagus".into())).map_err(|p| p.code),
            Err(code::BAD_THRESHOLD)
        );
    }

    #[test]
    fn shows_enough_decimals() {
        // Kab. Luwu, 2024: 2.5968 shows as 2.60 but is below 2.6.
        assert_eq!(shown_below(2.5968, 2.6), "2.597");
        assert_eq!(shown_below(2.43, 2.6), "2.43");
    }
}

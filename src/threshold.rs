//! An index or a rating, as `--fail-below` and `--target` take it: parsed from the command line
//! before a rubric is known ([`Threshold`]), then resolved against the rubric ([`Target`]). One
//! parse and one resolve for both flags; the command layer words the errors for its flag.

use std::fmt;
use std::str::FromStr;

use crate::rubric::Rubric;

/// An index (`2.6`, or `2,6`) or a rating name (`Baik`, `"Sangat Baik"`), before a rubric is
/// known.
#[derive(Debug, Clone, PartialEq)]
pub enum Threshold {
    /// A number on the rubric's scale (not yet checked against it).
    Index(f64),
    /// A rating name as given (trimmed), not yet looked up.
    Rating(String),
}

/// Why a value is neither an index nor a possible rating name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// Nothing was given.
    #[error("expected an index (e.g. 2.6) or a rating (e.g. Baik)")]
    Empty,
    /// A number too large, or `inf`/`NaN`.
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
    /// Starts like a number but is none (`2.6.0`).
    #[error("`{0}` is not a number")]
    NotANumber(String),
}

impl FromStr for Threshold {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(SyntaxError::Empty);
        }
        match s.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Threshold::Index(v)),
            Ok(_) => Err(SyntaxError::NotFinite(s.to_string())),
            Err(_) if s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') => {
                Err(SyntaxError::NotANumber(s.to_string()))
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

/// A threshold resolved against a rubric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// An index value.
    Index(f64),
    /// A rating band (its lower bound), as an index into `rubric.bands`.
    Band(usize),
}

/// A rating name that is not one of the rubric's bands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a rating of rubric {rubric} ({})", bands.join(", "))]
pub struct UnknownRating {
    /// The name as given, shortened for messages ([`crate::problem::snippet`]).
    pub name: String,
    /// The rubric's id.
    pub rubric: String,
    /// The rubric's band names, lowest first.
    pub bands: Vec<String>,
}

impl Threshold {
    /// The target this threshold names in `rubric`: an index as it is (whether it lies on the
    /// scale is for the caller to judge), a rating by [`Rubric::band_by_name`].
    pub fn resolve(&self, rubric: &Rubric) -> Result<Target, UnknownRating> {
        match self {
            Threshold::Index(v) => Ok(Target::Index(*v)),
            Threshold::Rating(name) => {
                rubric.band_by_name(name).map(Target::Band).ok_or_else(|| UnknownRating {
                    name: crate::problem::snippet(name),
                    rubric: rubric.id.clone(),
                    bands: rubric.bands.iter().map(|b| b.name.clone()).collect(),
                })
            }
        }
    }
}

impl Target {
    /// The index the target stands for (a band's lower bound).
    pub fn index(&self, rubric: &Rubric) -> f64 {
        match *self {
            Target::Index(v) => v,
            Target::Band(b) => rubric.bands[b].min,
        }
    }

    /// `Sangat Baik (≥ 3.5)` or `3.3`.
    pub fn label(&self, rubric: &Rubric) -> String {
        match *self {
            Target::Index(v) => crate::plan::short(v),
            Target::Band(b) => {
                format!("{} (≥ {})", rubric.bands[b].name, crate::plan::short(rubric.bands[b].min))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_with_either_decimal_mark_and_ratings() {
        assert_eq!("2.6".parse(), Ok(Threshold::Index(2.6)));
        assert_eq!(" 2,6 ".parse(), Ok(Threshold::Index(2.6)));
        assert_eq!("Sangat Baik".parse(), Ok(Threshold::Rating("Sangat Baik".into())));
        assert_eq!("".parse::<Threshold>(), Err(SyntaxError::Empty));
        assert_eq!("2.6.1".parse::<Threshold>(), Err(SyntaxError::NotANumber("2.6.1".into())));
        assert_eq!("inf".parse::<Threshold>(), Err(SyntaxError::NotFinite("inf".into())));
        assert!("NaN".parse::<Threshold>().is_err());
        assert!("1e999".parse::<Threshold>().is_err());
    }

    #[test]
    fn resolves_ratings_by_name_and_leaves_indices_alone() {
        let r = Rubric::resolve("spbe-2020").expect("embedded");
        let band = |s: &str| s.parse::<Threshold>().expect("syntax").resolve(&r);
        assert_eq!(band("Sangat Baik"), Ok(Target::Band(3)));
        assert_eq!(band("sangat-baik"), Ok(Target::Band(3)));
        assert_eq!(band(" MEMUASKAN "), Ok(Target::Band(4)));
        // Outside the scale 1..5, still an index: plan says why it cannot be reached.
        assert_eq!(band("5,5"), Ok(Target::Index(5.5)));
        let err = band("Bagus").expect_err("no such band");
        assert_eq!(err.name, "Bagus");
        assert_eq!(err.bands, ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]);
    }
}

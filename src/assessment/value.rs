//! Reading one level: a number within the rubric's scale (down to its floor, below the
//! regulated scale, with a flag), whole for indicators of a whole scale, a decimal on a
//! continuous one. `4.0` is 4 and `"3"` (quoted) is 3. A roman numeral I–V (`III`) or a number word in
//! Indonesian or English (`tiga`, `three`) is what the user obviously meant: it is read as the
//! number, and the reader warns. Anything else (`NaN`, `inf`, `-1`, `3.5` for an indicator,
//! `tiga setengah`) is refused: never a guess that could give a wrong number.

use crate::problem::{code, snippet};
use crate::rubric::{Kind, Rubric};

/// A level read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    /// The level as a number.
    pub value: f64,
    /// How the text was read when it was not written as a number: "a roman numeral", "a word".
    pub read_as: Option<&'static str>,
    /// Below the regulated scale, at or above the rubric's floor: it scores, with a warning.
    pub below_scale: bool,
}

/// Why a level was refused: a code from [`crate::problem::code`] and a message.
pub type Refusal = (&'static str, String);

/// Roman numerals stop at V: a lone `X` in a level column is a mark, not ten.
const ROMAN: &[&str] = &["I", "II", "III", "IV", "V"];
const WORDS_ID: &[&str] =
    &["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"];
const WORDS_EN: &[&str] =
    &["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/// A level written out: a roman numeral 1–5 or a number word 0–10.
fn spelled(s: &str) -> Option<(f64, &'static str)> {
    if s.len() > 10 {
        return None;
    }
    if let Some(i) = ROMAN.iter().position(|r| r.eq_ignore_ascii_case(s)) {
        return Some(((i + 1) as f64, "a roman numeral"));
    }
    WORDS_ID
        .iter()
        .position(|w| w.eq_ignore_ascii_case(s))
        .or_else(|| WORDS_EN.iter().position(|w| w.eq_ignore_ascii_case(s)))
        .map(|i| (i as f64, "a word"))
}

/// The text as Rust parses numbers: `3,5` → `3.5` where the file writes a decimal comma.
pub(crate) fn with_decimal_point(s: &str, decimal_comma: bool) -> std::borrow::Cow<'_, str> {
    if decimal_comma && s.contains(',') {
        std::borrow::Cow::Owned(s.replace(',', "."))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Parse a value for a node and check it against the scale.
pub fn parse_value(rubric: &Rubric, node: usize, raw: &str, decimal_comma: bool) -> Result<Level, Refusal> {
    let owned = with_decimal_point(raw.trim(), decimal_comma);
    let s = owned.as_ref();
    let shown = snippet(raw.trim());
    let (v, read_as) = match s.parse::<f64>() {
        Ok(v) => (v, None),
        Err(_) => match spelled(s) {
            Some((v, how)) => (v, Some(how)),
            None => {
                return Err((
                    code::NOT_A_NUMBER,
                    format!("`{shown}` is not a number; expected a level {}", range(rubric)),
                ))
            }
        },
    };
    if !v.is_finite() {
        return Err((
            code::NOT_FINITE,
            format!("`{shown}` is not a finite number; expected a level {}", range(rubric)),
        ));
    }
    let scale = &rubric.scale;
    if v > scale.max {
        return Err((code::OUT_OF_RANGE, format!("level {shown} is outside {}..{}", scale.min, scale.max)));
    }
    if v < scale.floor {
        return Err((code::OUT_OF_RANGE, format!("level {shown} is outside {}", range(rubric))));
    }
    // `-0` is 0.
    let v = if v == 0.0 { 0.0 } else { v };
    let n = rubric.node(node);
    if n.kind == Kind::Indicator && rubric.scale.integer && v.fract() != 0.0 {
        return Err((
            code::NOT_WHOLE,
            format!(
                "level {shown} of indicator {} is not a whole number; indicator levels are {}",
                n.id,
                range(rubric)
            ),
        ));
    }
    Ok(Level { value: v, read_as, below_scale: rubric.scale.below(v) })
}

/// The accepted range, and the regulated scale where a floor lies below it: `1..5`,
/// `0..5 (regulated scale 1..5)`.
fn range(rubric: &Rubric) -> String {
    let s = &rubric.scale;
    if s.floor < s.min {
        format!("{}..{} (regulated scale {}..{})", s.floor, s.max, s.min, s.max)
    } else {
        format!("{}..{}", s.min, s.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        crate::rubric::Rubric::resolve("spbe-2020").expect("embedded")
    }

    fn level(raw: &str) -> Result<Level, &'static str> {
        let r = rubric();
        let ind = r.find("1").expect("indicator 1");
        parse_value(&r, ind, raw, false).map_err(|(c, _)| c)
    }

    #[test]
    fn numbers_quoted_or_with_a_zero_fraction() {
        assert_eq!(level("3"), Ok(Level { value: 3.0, read_as: None, below_scale: false }));
        assert_eq!(level(" 4.0 "), Ok(Level { value: 4.0, read_as: None, below_scale: false }));
        assert_eq!(level("+5"), Ok(Level { value: 5.0, read_as: None, below_scale: false }));
    }

    #[test]
    fn roman_numerals_and_words_are_read_and_flagged() {
        for (raw, v, how) in [
            ("III", 3.0, "a roman numeral"),
            ("iv", 4.0, "a roman numeral"),
            ("I", 1.0, "a roman numeral"),
            ("tiga", 3.0, "a word"),
            ("Lima", 5.0, "a word"),
            ("two", 2.0, "a word"),
        ] {
            assert_eq!(level(raw), Ok(Level { value: v, read_as: Some(how), below_scale: false }), "{raw}");
        }
        // Out of the 0..5 range even when spelled out.
        assert_eq!(level("enam"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("VI"), Err(code::NOT_A_NUMBER));
        assert_eq!(level("x"), Err(code::NOT_A_NUMBER));
        // Zero is spbe-2020's floor: accepted, flagged as below the regulated 1..5.
        assert_eq!(level("nol"), Ok(Level { value: 0.0, read_as: Some("a word"), below_scale: true }));
        assert_eq!(level("tiga setengah"), Err(code::NOT_A_NUMBER));
        assert_eq!(level("IIII"), Err(code::NOT_A_NUMBER));
    }

    #[test]
    fn hostile_numbers_are_refused() {
        assert_eq!(level("NaN"), Err(code::NOT_FINITE));
        assert_eq!(level("inf"), Err(code::NOT_FINITE));
        assert_eq!(level("-infinity"), Err(code::NOT_FINITE));
        assert_eq!(level("-1"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("-0.5"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("3.5"), Err(code::NOT_WHOLE));
        assert_eq!(level("1e400"), Err(code::NOT_FINITE));
        assert_eq!(level(""), Err(code::NOT_A_NUMBER));
    }

    #[test]
    fn values_down_to_the_floor_score_flagged() {
        // spbe-2020: regulated 1..5, floor 0 (published results go below 1).
        assert_eq!(level("0"), Ok(Level { value: 0.0, read_as: None, below_scale: true }));
        assert_eq!(level("-0"), Ok(Level { value: 0.0, read_as: None, below_scale: true }));
        assert_eq!(level("0.5"), Err(code::NOT_WHOLE));
        assert_eq!(level("1"), Ok(Level { value: 1.0, read_as: None, below_scale: false }));
        let r = rubric();
        // A domain or aspect value is a score: a decimal down to the floor.
        let d4 = r.find("D4").expect("D4");
        assert_eq!(parse_value(&r, d4, "0.30", false).map(|l| (l.value, l.below_scale)), Ok((0.3, true)));
        let (c, msg) = parse_value(&r, d4, "5.5", false).expect_err("above");
        assert_eq!((c, msg.as_str()), (code::OUT_OF_RANGE, "level 5.5 is outside 1..5"));
        let (c, msg) = parse_value(&r, d4, "-0.1", false).expect_err("below the floor");
        assert_eq!(
            (c, msg.as_str()),
            (code::OUT_OF_RANGE, "level -0.1 is outside 0..5 (regulated scale 1..5)")
        );
    }

    #[test]
    fn pemdi_takes_decimal_indicator_values() {
        let r = crate::rubric::Rubric::resolve("pemdi-2026").expect("embedded");
        let i1 = r.find("1").expect("1");
        assert_eq!(parse_value(&r, i1, "1.26", false).map(|l| (l.value, l.below_scale)), Ok((1.26, false)));
        assert_eq!(parse_value(&r, i1, "1,26", true).map(|l| l.value), Ok(1.26));
        assert_eq!(parse_value(&r, i1, "0.75", false).map(|l| l.below_scale), Ok(true));
        assert_eq!(parse_value(&r, i1, "5.01", false).map_err(|(c, _)| c), Err(code::OUT_OF_RANGE));
        assert_eq!(parse_value(&r, i1, "-0.01", false).map_err(|(c, _)| c), Err(code::OUT_OF_RANGE));
    }

    #[test]
    fn a_long_value_is_not_echoed_back() {
        let r = rubric();
        let raw = "9".repeat(100_000);
        let (c, msg) = parse_value(&r, r.find("1").expect("1"), &raw, false).expect_err("refused");
        assert_eq!(c, code::NOT_FINITE);
        assert!(msg.len() < 200, "{msg}");
    }
}

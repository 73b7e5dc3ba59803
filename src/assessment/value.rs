//! Reading one level: a number within the rubric's scale, whole for indicators of a whole
//! scale. `4.0` is 4 and `"3"` (quoted) is 3. A roman numeral I–V (`III`) or a number word in
//! Indonesian or English (`tiga`, `three`) is what the user obviously meant: it is read as the
//! number, and the reader warns. Anything else (`NaN`, `inf`, `-1`, `3.5` for an indicator,
//! `tiga setengah`) is refused: never a guess that could give a wrong number.

use crate::problem::{code, snippet};
use crate::rubric::{Kind, Rubric};

/// A level read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub value: f64,
    /// How the text was read when it was not written as a number: "a roman numeral", "a word".
    pub read_as: Option<&'static str>,
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

/// Parse a value for a node and check it against the scale.
pub fn parse_value(rubric: &Rubric, node: usize, raw: &str, decimal_comma: bool) -> Result<Level, Refusal> {
    let s = raw.trim();
    let owned;
    let s = if decimal_comma && s.contains(',') {
        owned = s.replace(',', ".");
        owned.as_str()
    } else {
        s
    };
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
    if !rubric.scale.contains(v) {
        return Err((code::OUT_OF_RANGE, format!("level {shown} is outside {}", range(rubric))));
    }
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
    Ok(Level { value: v, read_as })
}

fn range(rubric: &Rubric) -> String {
    format!("{}..{}", rubric.scale.min, rubric.scale.max)
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
        assert_eq!(level("3"), Ok(Level { value: 3.0, read_as: None }));
        assert_eq!(level(" 4.0 "), Ok(Level { value: 4.0, read_as: None }));
        assert_eq!(level("+5"), Ok(Level { value: 5.0, read_as: None }));
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
            assert_eq!(level(raw), Ok(Level { value: v, read_as: Some(how) }), "{raw}");
        }
        // Out of the 1..5 scale even when spelled out.
        assert_eq!(level("enam"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("VI"), Err(code::NOT_A_NUMBER));
        assert_eq!(level("x"), Err(code::NOT_A_NUMBER));
        assert_eq!(level("nol"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("tiga setengah"), Err(code::NOT_A_NUMBER));
        assert_eq!(level("IIII"), Err(code::NOT_A_NUMBER));
    }

    #[test]
    fn hostile_numbers_are_refused() {
        assert_eq!(level("NaN"), Err(code::NOT_FINITE));
        assert_eq!(level("inf"), Err(code::NOT_FINITE));
        assert_eq!(level("-infinity"), Err(code::NOT_FINITE));
        assert_eq!(level("-1"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("-0"), Err(code::OUT_OF_RANGE));
        assert_eq!(level("3.5"), Err(code::NOT_WHOLE));
        assert_eq!(level("1e400"), Err(code::NOT_FINITE));
        assert_eq!(level(""), Err(code::NOT_A_NUMBER));
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

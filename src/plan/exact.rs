//! Exact arithmetic for planning. Weights, levels, targets and costs are decimals in the rubric
//! and the input; here they become exact fractions, so a plan's optimality does not hang on
//! floating-point rounding.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The decimal a user or rubric wrote, as an exact fraction: the shortest decimal that reads
/// back as `x` (`1.3` stays 13/10, not the binary value nearest to it).
pub fn from_f64(x: f64) -> BigRational {
    // Rust prints finite f64 values as plain decimals (never with an exponent).
    parse_decimal(&format!("{x}"))
        .unwrap_or_else(|| BigRational::from_float(x).unwrap_or_else(BigRational::zero))
}

/// Parse a plain decimal such as `-12.50` exactly.
pub fn parse_decimal(s: &str) -> Option<BigRational> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: BigInt = format!("{int}{frac}").parse().ok()?;
    let scale = num_traits::pow(BigInt::from(10u32), frac.len());
    let r = BigRational::new(digits, scale);
    Some(if negative { -r } else { r })
}

/// Least common multiple of the denominators.
pub fn common_denominator<'a>(values: impl IntoIterator<Item = &'a BigRational>) -> BigInt {
    values.into_iter().fold(BigInt::one(), |acc, v| acc.lcm(v.denom()))
}

/// `v × scale`, which must be whole.
pub fn scaled(v: &BigRational, scale: &BigInt) -> BigInt {
    (v * BigRational::from_integer(scale.clone())).to_integer()
}

/// Greatest common divisor of the non-zero values (1 when there are none).
pub fn gcd_of<'a>(values: impl IntoIterator<Item = &'a BigInt>) -> BigInt {
    let g = values.into_iter().filter(|v| !v.is_zero()).fold(BigInt::zero(), |acc, v| acc.gcd(v));
    if g.is_zero() {
        BigInt::one()
    } else {
        g
    }
}

/// Smallest whole number not below `a / b` (b > 0).
pub fn ceil_div(a: &BigInt, b: &BigInt) -> BigInt {
    let (q, r) = a.div_rem(b);
    if r.is_positive() {
        q + 1
    } else {
        q
    }
}

pub fn to_u128(v: &BigInt) -> Option<u128> {
    v.to_u128()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(from_f64(1.3), r(13, 10));
        assert_eq!(from_f64(2.75), r(11, 4));
        assert_eq!(from_f64(13.0), r(13, 1));
        assert_eq!(from_f64(-0.5), r(-1, 2));
        assert_eq!(from_f64(0.1 + 0.2), parse_decimal("0.30000000000000004").unwrap());
        assert_eq!(parse_decimal(".5"), Some(r(1, 2)));
        assert_eq!(parse_decimal("x"), None);
        assert_eq!(parse_decimal("-"), None);
    }

    #[test]
    fn integer_helpers() {
        let vals = [r(13, 1000), r(1, 40), r(3, 100)];
        let l = common_denominator(&vals);
        assert_eq!(l, BigInt::from(1000)); // lcm(1000, 40, 100)
        let ints: Vec<BigInt> = vals.iter().map(|v| scaled(v, &l)).collect();
        assert_eq!(ints, vec![BigInt::from(13), BigInt::from(25), BigInt::from(30)]);
        assert_eq!(gcd_of(&[BigInt::from(0), BigInt::from(10), BigInt::from(25)]), BigInt::from(5));
        assert_eq!(gcd_of(&[BigInt::from(0)]), BigInt::from(1));
        assert_eq!(ceil_div(&BigInt::from(7), &BigInt::from(2)), BigInt::from(4));
        assert_eq!(ceil_div(&BigInt::from(8), &BigInt::from(2)), BigInt::from(4));
        assert_eq!(ceil_div(&BigInt::from(-3), &BigInt::from(2)), BigInt::from(-1));
    }
}

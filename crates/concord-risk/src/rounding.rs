//! HALF_UP rounding and the two percentage conventions of the MoJ service.
//!
//! The MoJ service rounds with `new BigDecimal(double)` and `RoundingMode.HALF_UP`: the
//! **exact binary value** of the double is rounded, not its shortest spelling. So 0.285
//! (stored as 0.28499999999999998…) rounds to 0.28 and reads 28 %, while 0.125 (exact in
//! binary) rounds to 0.13. We do the same: the digits rounded are the double's exact
//! decimal expansion (at most 767 significant digits, all printed by `{:.800e}`), the
//! multiplication by 100 of a percentage is done on those digits (as `BigDecimal.multiply`
//! does, exactly), and only the final decimal-to-double conversion rounds (to the nearest
//! double, as `BigDecimal.toDouble` does). Halves round away from zero.

/// `x` rounded to `dp` decimal places, halves away from zero. NaN and infinities are
/// returned unchanged (callers keep them out; this function must not panic).
pub fn round_half_up(x: f64, dp: u32) -> f64 {
    round_half_up_scaled(x, 0, dp)
}

/// `x × 10^shift` rounded to `dp` places, the multiplication done on the decimal digits
/// (exactly, as `BigDecimal.multiply` would) rather than in binary: `0.285 * 100.0` is
/// `28.499999999999996` in f64 but 28.5 in decimal, which rounds to 29.
fn round_half_up_scaled(x: f64, shift: i64, dp: u32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // Every significant digit of the double's exact value (a double has at most 767).
    let sci = format!("{:.800e}", x.abs());
    let Some((mantissa, exponent)) = sci.split_once('e') else {
        return x;
    };
    let Ok(exponent) = exponent.parse::<i64>() else {
        return x;
    };
    let exponent = exponent + shift;
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // Digit i (from 0) has place value 10^(exponent - i); keep those with place >= 10^-dp.
    let keep = exponent + i64::from(dp) + 1;
    if keep >= digits.len() as i64 {
        // Nothing to round: the (shifted) digits read back exactly as they are.
        let integer: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        let scale = exponent - (digits.len() as i64 - 1);
        let magnitude: f64 = format!("{integer}e{scale}").parse().unwrap_or(f64::NAN);
        return magnitude.copysign(x);
    }
    if keep < 0 {
        return 0.0;
    }
    let keep = keep as usize;
    let mut kept: Vec<u8> = digits[..keep].to_vec();
    if digits[keep] >= 5 {
        // Propagate the carry; a carry out of the first digit adds a leading 1.
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    if kept.is_empty() {
        return 0.0;
    }
    let integer: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
    let magnitude: f64 = format!("{integer}e-{dp}").parse().unwrap_or(f64::NAN);
    magnitude.copysign(x)
}

/// A probability as a whole percentage, "sanitised" as the MoJ business rule demands:
/// never 0 % and never 100 %, so below 1 becomes 1 and above 99 becomes 99.
pub fn whole_percentage(probability: f64) -> u8 {
    let pct = round_half_up_scaled(probability, 2, 0);
    if pct.is_nan() || pct < 1.0 {
        1
    } else if pct > 99.0 {
        99
    } else {
        pct as u8
    }
}

/// A probability as a percentage with 2 decimal places and no clamp, as the service's
/// `asDoublePercentage` (SNSV, OSP-DC, OSP-IIC).
pub fn percentage_2dp_unclamped(probability: f64) -> f64 {
    round_half_up_scaled(probability, 2, 2)
}

/// The RSR-family clamp applied to a percentage already in hand.
pub fn clamp_percentage_2dp(pct: f64) -> f64 {
    if pct.is_nan() || pct <= 0.0 {
        0.0
    } else if pct >= 100.0 {
        99.99
    } else {
        pct
    }
}

/// `num / den` rounded HALF_UP to an integer, exactly, for the integer-weighted sums of
/// OGP (`× 0.6`, `× 3.75`, `× 5/6`). Both arguments are non-negative and small.
pub fn ratio_half_up(num: u64, den: u64) -> u64 {
    (2 * num + den) / (2 * den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_up_at_two_places_even_where_binary_is_inexact() {
        assert_eq!(round_half_up(0.125, 2), 0.13);
        // The exact binary values: 0.28499999999999998…, 1.00499999999999989…,
        // 2.67499999999999982… round down, as Java's new BigDecimal(double) rounds them.
        assert_eq!(round_half_up(0.285, 2), 0.28);
        assert_eq!(round_half_up(1.005, 2), 1.0);
        assert_eq!(round_half_up(2.675, 2), 2.67);
        assert_eq!(round_half_up(0.375, 2), 0.38); // exact in binary: a true half
        assert_eq!(round_half_up(0.124999, 2), 0.12);
        assert_eq!(round_half_up(0.135, 2), 0.14); // 0.13500000000000000888…
        assert_eq!(round_half_up(99.995, 2), 100.0);
        assert_eq!(round_half_up(9.995, 2), 9.99); // 9.99499999999999957…
        assert_eq!(round_half_up(0.0049, 2), 0.0);
        assert_eq!(round_half_up(0.005, 2), 0.01); // 0.00500000000000000010…
        assert_eq!(round_half_up(0.0000001, 2), 0.0);
    }

    #[test]
    fn halves_round_away_from_zero_and_other_places_work() {
        assert_eq!(round_half_up(-0.125, 2), -0.13);
        assert_eq!(round_half_up(-2.5, 0), -3.0);
        assert_eq!(round_half_up(2.5, 0), 3.0);
        assert_eq!(round_half_up(2.4999999, 0), 2.0);
        assert_eq!(round_half_up(0.123455, 5), 0.12345); // 0.12345499999999999…
        assert_eq!(round_half_up(0.123465, 5), 0.12347);
        assert_eq!(round_half_up(0.123454999, 5), 0.12345);
        assert_eq!(round_half_up(12345.0, 2), 12345.0);
        assert_eq!(round_half_up(1234.5, 0), 1235.0);
        assert_eq!(round_half_up(0.0, 2), 0.0);
        assert_eq!(round_half_up(1e-300, 16), 0.0);
        assert_eq!(round_half_up(1e300, 2), 1e300);
        assert!(round_half_up(f64::NAN, 2).is_nan());
        assert_eq!(round_half_up(f64::INFINITY, 2), f64::INFINITY);
    }

    #[test]
    fn whole_percentages_never_read_zero_or_a_hundred() {
        assert_eq!(whole_percentage(0.0), 1);
        assert_eq!(whole_percentage(0.004), 1);
        assert_eq!(whole_percentage(0.005), 1); // 0.5 % rounds up to 1
        assert_eq!(whole_percentage(0.01499), 1);
        assert_eq!(whole_percentage(0.015), 1); // 0.01499999999999999944…
        assert_eq!(whole_percentage(0.025), 3); // 0.02500000000000000138…
        assert_eq!(whole_percentage(0.12345), 12);
        assert_eq!(whole_percentage(0.125), 13);
        assert_eq!(whole_percentage(0.285), 28); // 0.28499999999999998…
        assert_eq!(whole_percentage(0.28499), 28);
        assert_eq!(whole_percentage(0.57), 57); // 0.57 * 100.0 = 56.99999999999999
        assert_eq!(whole_percentage(0.99), 99);
        assert_eq!(whole_percentage(0.995), 99); // would be 100
        assert_eq!(whole_percentage(1.0), 99);
    }

    #[test]
    fn two_place_percentages_clamp_to_zero_and_ninety_nine_point_nine_nine() {
        // The RSR family: the percentage, then the clamp RSR applies.
        let percentage_2dp = |p| clamp_percentage_2dp(percentage_2dp_unclamped(p));
        assert_eq!(percentage_2dp(0.0), 0.0);
        assert_eq!(percentage_2dp(-0.1), 0.0);
        assert_eq!(percentage_2dp(0.00001), 0.0);
        assert_eq!(percentage_2dp(0.00005), 0.01);
        assert_eq!(percentage_2dp(0.0123456), 1.23);
        assert_eq!(percentage_2dp(0.00285), 0.29); // 0.00285000000000000009…
        assert_eq!(percentage_2dp(0.0028499), 0.28);
        assert_eq!(percentage_2dp(0.00035), 0.03); // 0.00034999999999999999…
        assert_eq!(percentage_2dp(0.0717175874), 7.17);
        assert_eq!(percentage_2dp(0.29), 29.0);
        assert_eq!(percentage_2dp(0.99994), 99.99);
        assert_eq!(percentage_2dp(0.99995), 99.99); // rounds to 100.00
        assert_eq!(percentage_2dp(1.0), 99.99);
        assert_eq!(clamp_percentage_2dp(100.5), 99.99);
        assert_eq!(clamp_percentage_2dp(f64::NAN), 0.0);
    }

    #[test]
    fn integer_ratios_round_half_up_exactly() {
        assert_eq!(ratio_half_up(15, 6), 3); // 2.5
        assert_eq!(ratio_half_up(10, 6), 2); // 1.67
        assert_eq!(ratio_half_up(5, 6), 1); // 0.83
        assert_eq!(ratio_half_up(45, 4), 11); // 11.25
        assert_eq!(ratio_half_up(30, 4), 8); // 7.5
        assert_eq!(ratio_half_up(0, 4), 0);
        assert_eq!(ratio_half_up(288, 10), 29); // 48 × 0.6 = 28.8
    }
}

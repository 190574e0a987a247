//! UK postcodes (rules.md §9.6), checked against the BS7666 positional rules so that a
//! typing error is caught at the form rather than at the doorstep.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::HasCode;

/// A UK postcode in canonical form: uppercase, one space between outward and inward code,
/// e.g. `"CM1 1AA"`. The format is checked; whether the postcode exists is not (that needs
/// the Postcode Address File).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Postcode(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Enter a real postcode, like CM1 1QH")]
pub struct PostcodeError;

impl HasCode for PostcodeError {
    fn code(&self) -> &'static str {
        "postcode_format"
    }
}

impl Postcode {
    /// Any case, any spacing (including none).
    pub fn parse(input: &str) -> Result<Self, PostcodeError> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !s.is_ascii() || s.len() < 5 {
            return Err(PostcodeError);
        }
        let (outward, inward) = s.split_at(s.len() - 3);
        let valid = (outward == "GIR" && inward == "0AA")
            || (valid_outward(outward) && valid_inward(inward));
        if valid {
            Ok(Self(format!("{outward} {inward}")))
        } else {
            Err(PostcodeError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the space: area and district, e.g. `"CM1"`.
    pub fn outward(&self) -> &str {
        self.0.split_once(' ').map_or(&self.0, |(o, _)| o)
    }

    /// The part after the space: sector digit and unit, e.g. `"1AA"`.
    pub fn inward(&self) -> &str {
        self.0.split_once(' ').map_or("", |(_, i)| i)
    }

    /// Outward code and sector digit, e.g. `"CM1 1"`: the usual unit for aggregate maps,
    /// coarse enough not to point at a household.
    pub fn sector(&self) -> String {
        self.0[..self.0.len() - 2].to_owned()
    }

    /// The postcode area: the leading letters, e.g. `"CM"` (`"GIR"` for Girobank).
    pub fn area(&self) -> &str {
        let outward = self.outward();
        let end = outward
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(outward.len());
        &outward[..end]
    }
}

/// `A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A` with the letters allowed in each position.
fn valid_outward(o: &str) -> bool {
    let first = |c: u8| c.is_ascii_uppercase() && !matches!(c, b'Q' | b'V' | b'X');
    let second = |c: u8| c.is_ascii_uppercase() && !matches!(c, b'I' | b'J' | b'Z');
    let third_of_a9a = |c: u8| b"ABCDEFGHJKPSTUW".contains(&c);
    let fourth_of_aa9a = |c: u8| b"ABEHMNPRVWXY".contains(&c);
    let digit = |c: u8| c.is_ascii_digit();
    match *o.as_bytes() {
        [a, n] => first(a) && digit(n),
        [a, n, m] if digit(n) => first(a) && (digit(m) || third_of_a9a(m)),
        [a, b, n] => first(a) && second(b) && digit(n),
        [a, b, n, m] => first(a) && second(b) && digit(n) && (digit(m) || fourth_of_aa9a(m)),
        _ => false,
    }
}

/// Digit then two letters, never C, I, K, M, O or V (they look like other characters
/// when handwritten).
fn valid_inward(i: &str) -> bool {
    let unit =
        |c: u8| c.is_ascii_uppercase() && !matches!(c, b'C' | b'I' | b'K' | b'M' | b'O' | b'V');
    matches!(*i.as_bytes(), [n, x, y] if n.is_ascii_digit() && unit(x) && unit(y))
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Postcode {
    type Err = PostcodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Postcode {
    type Error = PostcodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl Serialize for Postcode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    #[test]
    fn every_outward_shape_is_accepted_and_canonicalised() {
        let table = [
            ("M1 1AE", "M1 1AE"),        // A9 9AA
            ("b33 8th", "B33 8TH"),      // A99 9AA
            ("CR2 6XH", "CR2 6XH"),      // AA9 9AA
            ("DN551PT", "DN55 1PT"),     // AA99 9AA
            ("w1a 1hq", "W1A 1HQ"),      // A9A 9AA
            (" EC1A  1BB ", "EC1A 1BB"), // AA9A 9AA
            ("gir0aa", "GIR 0AA"),       // Girobank
            ("CM1 1QH", "CM1 1QH"),
            ("SW1W 0NY", "SW1W 0NY"),
        ];
        for (input, canonical) in table {
            assert_eq!(
                Postcode::parse(input).map(|p| p.to_string()),
                Ok(canonical.to_owned()),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn letters_in_forbidden_positions_are_rejected() {
        for input in [
            "QA1 1AA",  // Q never first
            "V1 1AA",   // V never first
            "X1 1AA",   // X never first
            "AI1 1AA",  // I never second
            "AJ1 1AA",  // J never second
            "AZ1 1AA",  // Z never second
            "W1I 1HQ",  // I not allowed third in A9A
            "W1L 1HQ",  // L not allowed third in A9A
            "EC1C 1BB", // C not allowed fourth in AA9A
            "EC1Z 1BB", // Z not allowed fourth in AA9A
            "CM1 1CA",  // inward letters never C, I, K, M, O, V
            "CM1 1AI", "CM1 1KA", "CM1 1AM", "CM1 1OA", "CM1 1AV",
        ] {
            assert_eq!(
                Postcode::parse(input),
                Err(PostcodeError),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn wrong_shapes_are_rejected() {
        for input in [
            "",
            "CM1",
            "CM1 1A",
            "CM1 AAA",
            "CM1 11A",
            "1M1 1AA",
            "CMM 1AA",
            "CM123 1AA",
            "ABCDE",
            "CM1 1ÄA",
            "GIR 0AB",
        ] {
            assert_eq!(
                Postcode::parse(input),
                Err(PostcodeError),
                "input {input:?}"
            );
        }
        assert_eq!(PostcodeError.code(), "postcode_format");
        assert_eq!(
            PostcodeError.to_string(),
            "Enter a real postcode, like CM1 1QH"
        );
    }

    #[test]
    fn a_postcode_splits_into_area_district_sector_and_unit() {
        let table = [
            ("CM1 1AA", "CM", "CM1", "1AA", "CM1 1"),
            ("EC1A 1BB", "EC", "EC1A", "1BB", "EC1A 1"),
            ("M1 1AE", "M", "M1", "1AE", "M1 1"),
            ("W1A 1HQ", "W", "W1A", "1HQ", "W1A 1"),
            ("GIR 0AA", "GIR", "GIR", "0AA", "GIR 0"),
        ];
        for (input, area, outward, inward, sector) in table {
            let p = Postcode::parse(input).unwrap();
            assert_eq!(
                (p.area(), p.outward(), p.inward(), p.sector().as_str()),
                (area, outward, inward, sector)
            );
        }
    }

    #[test]
    fn serde_deserializes_through_parse() {
        assert_eq!(
            from_str::<Postcode>("cm11aa").map(|p| p.to_string()),
            Ok("CM1 1AA".to_owned())
        );
        assert!(from_str::<Postcode>("QQ1 1AA").is_err());
    }
}

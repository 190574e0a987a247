//! CRO number: the Criminal Records Office fingerprint-based number (rules.md §9.2).

use serde::Deserialize;

use super::check::check_letter;
use super::{all_digits, compact_upper, string_identifier, IdentifierError, IdentifierKind};

/// A CRO number with a verified check letter, canonically `NNNNNN/YYC` (serial zero-padded
/// to 6 digits) or, for the SF series, `SFYY/NNNNNNC` with the serial exactly as issued.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct CroNumber(String);

string_identifier!(CroNumber);

const FORMAT: IdentifierError = IdentifierError::Format {
    kind: IdentifierKind::Cro,
    expected: "like 123456/79F",
};

impl CroNumber {
    /// Parse any common spelling: any case, spaces anywhere, slash optional (the year is
    /// always the two digits next to the slash, so dropping it is unambiguous).
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty);
        }
        let check = s
            .chars()
            .last()
            .filter(char::is_ascii_uppercase)
            .ok_or(FORMAT)?;
        let body = &s[..s.len() - 1];
        match body.strip_prefix("SF") {
            Some(rest) => parse_sf(rest, check),
            None => parse_standard(body, check),
        }
    }

    /// Build a standard-format CRO number, computing the check letter. For seeding and test
    /// data. `None` unless `serial` has at most 6 digits and `yy` at most 2.
    pub fn from_parts(serial: u32, yy: u32) -> Option<Self> {
        if serial > 999_999 || yy > 99 {
            return None;
        }
        let check = standard_check(serial, yy);
        Some(Self(format!("{serial:06}/{yy:02}{check}")))
    }
}

/// Standard check: int(YY + 6-digit zero-padded serial) mod 23.
fn standard_check(serial: u32, yy: u32) -> char {
    check_letter(u64::from(yy) * 1_000_000 + u64::from(serial))
}

fn parse_standard(body: &str, check: char) -> Result<CroNumber, IdentifierError> {
    let (serial, yy) = match body.split_once('/') {
        Some(parts) => parts,
        None => body
            .split_at_checked(body.len().saturating_sub(2))
            .ok_or(FORMAT)?,
    };
    if !(all_digits(serial) && serial.len() <= 6 && all_digits(yy) && yy.len() == 2) {
        return Err(FORMAT);
    }
    let serial: u32 = serial.parse().map_err(|_| FORMAT)?;
    let yy: u32 = yy.parse().map_err(|_| FORMAT)?;
    let expected = standard_check(serial, yy);
    if check != expected {
        return Err(check_error(expected));
    }
    Ok(CroNumber(format!("{serial:06}/{yy:02}{check}")))
}

/// SF series: the check is int(YY + serial *as entered*) mod 23 — the serial is not padded
/// (rules.md §9.2), so leading zeros are significant and the canonical form keeps them.
fn parse_sf(rest: &str, check: char) -> Result<CroNumber, IdentifierError> {
    let (yy, serial) = match rest.split_once('/') {
        Some(parts) => parts,
        None => rest.split_at_checked(2).ok_or(FORMAT)?,
    };
    if !(all_digits(yy) && yy.len() == 2 && all_digits(serial) && serial.len() <= 6) {
        return Err(FORMAT);
    }
    let number: u64 = format!("{yy}{serial}").parse().map_err(|_| FORMAT)?;
    let expected = check_letter(number);
    if check != expected {
        return Err(check_error(expected));
    }
    Ok(CroNumber(format!("SF{yy}/{serial}{check}")))
}

fn check_error(expected: char) -> IdentifierError {
    IdentifierError::CheckCharacter {
        kind: IdentifierKind::Cro,
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    fn parse(s: &str) -> Result<String, IdentifierError> {
        CroNumber::parse(s).map(|c| c.as_str().to_owned())
    }

    #[test]
    fn the_worked_example_in_the_rules_is_accepted() {
        assert_eq!(parse("123456/79F").as_deref(), Ok("123456/79F"));
        assert_eq!(
            CroNumber::from_parts(123_456, 79).unwrap().as_str(),
            "123456/79F"
        );
    }

    #[test]
    fn standard_numbers_canonicalise_with_a_six_digit_serial() {
        let table = [
            ("123456/79f", "123456/79F"),
            ("12345679F", "123456/79F"),
            (" 123 456 / 79 F ", "123456/79F"),
            ("1/79Q", "000001/79Q"),
            ("179Q", "000001/79Q"),
            ("000001/79Q", "000001/79Q"),
            ("12/05V", "000012/05V"),
        ];
        for (input, canonical) in table {
            assert_eq!(parse(input).as_deref(), Ok(canonical), "input {input:?}");
        }
    }

    #[test]
    fn sf_numbers_keep_the_serial_as_issued() {
        let table = [
            ("SF93/123456X", "SF93/123456X"),
            ("sf93123456x", "SF93/123456X"),
            ("SF 93 / 123456 X", "SF93/123456X"),
            ("SF05/12F", "SF05/12F"),
            // Leading zeros change the SF check, so these are different numbers.
            ("SF05/0012K", "SF05/0012K"),
            ("SF9312W", "SF93/12W"),
        ];
        for (input, canonical) in table {
            assert_eq!(parse(input).as_deref(), Ok(canonical), "input {input:?}");
        }
    }

    #[test]
    fn wrong_check_letters_are_rejected() {
        let table = [
            ("123456/79A", 'F'),
            ("123456/79T", 'F'),
            ("12/05F", 'V'),
            ("SF93/123456A", 'X'),
            ("SF05/12V", 'F'),
            ("SF05/0012F", 'K'),
        ];
        for (input, expected) in table {
            assert_eq!(parse(input), Err(check_error(expected)), "input {input}");
        }
    }

    #[test]
    fn malformed_input_is_a_format_error() {
        for input in [
            "123456/79",
            "1234567/79F",
            "123456/7F",
            "123456/797F",
            "/79F",
            "79F",
            "F",
            "AB1234/79F",
            "SF9/123F",
            "SF93/1234567X",
            "SF93/X",
            "SFX",
            "SF/12F",
        ] {
            assert_eq!(parse(input), Err(FORMAT), "input {input:?}");
        }
        assert_eq!(parse(" "), Err(IdentifierError::Empty));
    }

    #[test]
    fn serde_deserializes_through_parse() {
        assert_eq!(
            from_str::<CroNumber>("sf05/12f").map(|c| c.to_string()),
            Ok("SF05/12F".to_owned())
        );
        assert!(from_str::<CroNumber>("123456/79A").is_err());
    }
}

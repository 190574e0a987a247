//! PNC ID: the Police National Computer person identifier (rules.md §9.1).

use chrono::Datelike;
use serde::Deserialize;

use super::check::check_letter;
use super::{all_digits, compact_upper, string_identifier, IdentifierError, IdentifierKind};

/// A PNC ID in canonical long form, `YYYY/NNNNNNNC` (e.g. `1979/0123456T`), whose check
/// letter has been verified.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct PncId(String);

string_identifier!(PncId);

const FORMAT: IdentifierError = IdentifierError::Format {
    kind: IdentifierKind::Pnc,
    expected: "like 2001/0123456F",
};

const MAX_SERIAL: u32 = 9_999_999;

impl PncId {
    /// Parse any common spelling: any case, spaces anywhere, slash optional, 2- or 4-digit
    /// year, serial with or without leading zeros. A 2-digit year is expanded against the
    /// current year (see [`PncId::parse_with_pivot`]).
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let pivot = (chrono::Utc::now().year().rem_euclid(100)) as u32;
        Self::parse_with_pivot(input, pivot)
    }

    /// As [`PncId::parse`], with the short-form century rule made explicit so it can be
    /// tested: a 2-digit year `YY <= current_two_digit_year` means `20YY`, otherwise `19YY`.
    pub fn parse_with_pivot(
        input: &str,
        current_two_digit_year: u32,
    ) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty);
        }
        let (body, check) = split_check(&s).ok_or(FORMAT)?;
        let (year, serial) = split_year_serial(body).ok_or(FORMAT)?;

        let year: u32 = match year.len() {
            2 => {
                let yy: u32 = year.parse().map_err(|_| FORMAT)?;
                if yy <= current_two_digit_year {
                    2000 + yy
                } else {
                    1900 + yy
                }
            }
            _ => year.parse().map_err(|_| FORMAT)?,
        };
        // PNC started in the 1970s and issues for the current year; anything outside these
        // centuries is a typing error, not an old record.
        if !(1900..=2099).contains(&year) {
            return Err(FORMAT);
        }
        let serial: u32 = serial.parse().map_err(|_| FORMAT)?;

        let expected = Self::check_letter_for(year, serial);
        if check != expected {
            return Err(IdentifierError::CheckCharacter {
                kind: IdentifierKind::Pnc,
                expected,
            });
        }
        Ok(Self(format!("{year:04}/{serial:07}{check}")))
    }

    /// Build a PNC ID from its parts, computing the check letter. For seeding and test data.
    /// `None` if the year is outside 1900–2099 or the serial has more than 7 digits.
    pub fn from_parts(year: u32, serial: u32) -> Option<Self> {
        if !(1900..=2099).contains(&year) || serial > MAX_SERIAL {
            return None;
        }
        let check = Self::check_letter_for(year, serial);
        Some(Self(format!("{year:04}/{serial:07}{check}")))
    }

    /// The four-digit year the ID was issued.
    pub fn year(&self) -> u32 {
        self.0[..4].parse().unwrap_or_default()
    }

    /// int(last two digits of year + 7-digit zero-padded serial) mod 23.
    fn check_letter_for(year: u32, serial: u32) -> char {
        check_letter(u64::from(year % 100) * 10_000_000 + u64::from(serial))
    }
}

/// Split off the trailing check letter.
fn split_check(s: &str) -> Option<(&str, char)> {
    let check = s.chars().last().filter(char::is_ascii_uppercase)?;
    Some((&s[..s.len() - 1], check))
}

/// Split the digits before the check letter into (year, serial).
///
/// With a slash the split is explicit. Without one, the serial is at most 7 digits, so 10 or
/// 11 digits must start with a 4-digit year; 9 or fewer are the short form with a 2-digit
/// year (rules.md: "< 10 chars without slash"). This deliberately differs from the reference
/// Kotlin, which misreads a slashless short form with a full 7-digit serial.
fn split_year_serial(body: &str) -> Option<(&str, &str)> {
    let (year, serial) = match body.split_once('/') {
        Some((year, serial)) => (year, serial),
        None => {
            let year_len = if body.len() <= 9 { 2 } else { 4 };
            (body.get(..year_len)?, body.get(year_len..)?)
        }
    };
    let ok = all_digits(year)
        && (year.len() == 2 || year.len() == 4)
        && all_digits(serial)
        && serial.len() <= 7;
    ok.then_some((year, serial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;
    use proptest::prelude::*;

    const PIVOT: u32 = 25;

    fn parse(s: &str) -> Result<String, IdentifierError> {
        PncId::parse_with_pivot(s, PIVOT).map(|p| p.as_str().to_owned())
    }

    #[test]
    fn the_worked_examples_in_the_rules_are_accepted() {
        let table = [
            ("79/0123456T", "1979/0123456T"),
            ("08/0056560Z", "2008/0056560Z"),
            ("12/0345678U", "2012/0345678U"),
        ];
        for (input, canonical) in table {
            assert_eq!(parse(input).as_deref(), Ok(canonical), "input {input}");
        }
    }

    #[test]
    fn any_common_spelling_canonicalises_to_the_long_form() {
        let table = [
            ("1979/0123456T", "1979/0123456T"),
            ("19790123456T", "1979/0123456T"),
            ("1979/123456t", "1979/0123456T"),
            ("1979123456T", "1979/0123456T"),
            ("79/123456t", "1979/0123456T"),
            ("790123456T", "1979/0123456T"),
            ("79123456T", "1979/0123456T"),
            ("  79 / 012 3456 t ", "1979/0123456T"),
            ("01/123456f", "2001/0123456F"),
            ("2001/0123456F", "2001/0123456F"),
            ("00/0Z", "2000/0000000Z"),
        ];
        for (input, canonical) in table {
            assert_eq!(parse(input).as_deref(), Ok(canonical), "input {input:?}");
        }
    }

    #[test]
    fn a_two_digit_year_up_to_the_current_one_is_this_century() {
        let at_pivot = PncId::from_parts(2025, 1).unwrap();
        let after_pivot = PncId::from_parts(1926, 1).unwrap();
        let short = |p: &PncId| format!("{}/{}", &p.as_str()[2..4], &p.as_str()[5..]);
        assert_eq!(PncId::parse_with_pivot(&short(&at_pivot), 25), Ok(at_pivot));
        assert_eq!(
            PncId::parse_with_pivot(&short(&after_pivot), 25),
            Ok(after_pivot)
        );
    }

    #[test]
    fn wrong_check_letters_are_rejected_and_the_right_one_recorded() {
        let table = [
            ("79/0123456A", 'T'),
            ("1979/0123456U", 'T'),
            ("08/0056560A", 'Z'),
            ("12/0345678T", 'U'),
            ("2001/0123456Z", 'F'),
            // I, O and S are never check letters.
            ("79/0123456I", 'T'),
        ];
        for (input, expected) in table {
            assert_eq!(
                parse(input),
                Err(IdentifierError::CheckCharacter {
                    kind: IdentifierKind::Pnc,
                    expected
                }),
                "input {input}"
            );
        }
    }

    #[test]
    fn malformed_input_is_a_format_error() {
        for input in [
            "79/0123456",
            "T",
            "79T",
            "979/0123456T",
            "1979/01234567T",
            "1979//0123456T",
            "1979/0123456TT",
            "1879/0123456T",
            "2179/0123456T",
            "AB/0123456T",
            "79-0123456T",
            "79/０123456T",
            "197912345678T",
            "/0123456T",
            "1979/T",
        ] {
            assert_eq!(parse(input), Err(FORMAT), "input {input:?}");
        }
    }

    #[test]
    fn blank_input_is_empty() {
        assert_eq!(parse(""), Err(IdentifierError::Empty));
        assert_eq!(parse("  \t"), Err(IdentifierError::Empty));
    }

    #[test]
    fn from_parts_computes_the_check_letter() {
        assert_eq!(
            PncId::from_parts(1979, 123_456).unwrap().as_str(),
            "1979/0123456T"
        );
        assert_eq!(PncId::from_parts(2008, 56_560).unwrap().year(), 2008);
        assert_eq!(PncId::from_parts(1899, 1), None);
        assert_eq!(PncId::from_parts(2000, 10_000_000), None);
    }

    #[test]
    fn serde_deserializes_through_parse() {
        assert_eq!(
            from_str::<PncId>("79/123456t").map(|p| p.to_string()),
            Ok("1979/0123456T".to_owned())
        );
        assert!(from_str::<PncId>("79/123456A").is_err());
        assert_eq!(
            "1979/0123456T".parse::<PncId>().unwrap().as_str(),
            "1979/0123456T"
        );
    }

    fn in_short_form_window(year: u32, pivot: u32) -> bool {
        let yy = year % 100;
        (year >= 2000 && yy <= pivot) || (year < 2000 && yy > pivot)
    }

    proptest! {
        #[test]
        fn every_accepted_spelling_canonicalises_to_the_same_value(
            year in 1900u32..=2099,
            serial in 0u32..=MAX_SERIAL,
            pivot in 0u32..=99,
        ) {
            let pnc = PncId::from_parts(year, serial).unwrap();
            let canonical = pnc.as_str().to_owned();
            let parse = |s: &str| PncId::parse_with_pivot(s, pivot);

            prop_assert_eq!(parse(&canonical), Ok(pnc.clone()));
            prop_assert_eq!(parse(&canonical.to_lowercase()), Ok(pnc.clone()));
            prop_assert_eq!(parse(&canonical.replace('/', "")), Ok(pnc.clone()));
            let check = canonical.chars().last().unwrap();
            let unpadded = format!("{year}/{serial}{}", check.to_ascii_lowercase());
            prop_assert_eq!(parse(&unpadded), Ok(pnc.clone()));
            if in_short_form_window(year, pivot) {
                let yy = year % 100;
                for short in [
                    format!("{yy:02}/{serial}{check}"),
                    format!("{yy:02}/{serial:07}{}", check.to_ascii_lowercase()),
                    format!("{yy:02}{serial:07}{check}"),
                    format!(" {yy:02} / {serial} {check} "),
                ] {
                    prop_assert_eq!(parse(&short), Ok(pnc.clone()), "short {}", short);
                }
            }
        }

        #[test]
        fn any_other_check_letter_is_rejected(
            year in 1900u32..=2099,
            serial in 0u32..=MAX_SERIAL,
        ) {
            let pnc = PncId::from_parts(year, serial).unwrap();
            let right = pnc.as_str().chars().last().unwrap();
            for wrong in ('A'..='Z').filter(|c| *c != right) {
                let typo = format!("{}{wrong}", &pnc.as_str()[..12]);
                let is_check_error = matches!(
                    PncId::parse_with_pivot(&typo, 25),
                    Err(IdentifierError::CheckCharacter { .. })
                );
                prop_assert!(is_check_error, "{}", typo);
            }
        }
    }
}

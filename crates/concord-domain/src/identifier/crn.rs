//! Probation case reference number (rules.md §9.4).

use serde::Deserialize;

use super::{compact_upper, string_identifier, IdentifierError, IdentifierKind};

/// An nDelius CRN, `X123456`: one letter then six digits. No check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Crn(String);

string_identifier!(Crn);

impl Crn {
    /// Parse any case, ignoring spaces.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty);
        }
        let b = s.as_bytes();
        let ok = b.len() == 7 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Self(s))
        } else {
            Err(IdentifierError::Format {
                kind: IdentifierKind::Crn,
                expected: "like X123456",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    #[test]
    fn a_letter_and_six_digits_is_accepted_in_any_case() {
        for (input, canonical) in [
            ("X123456", "X123456"),
            ("j678910", "J678910"),
            (" x 123 456", "X123456"),
        ] {
            assert_eq!(Crn::parse(input).unwrap().as_str(), canonical);
        }
    }

    #[test]
    fn anything_else_is_a_format_error() {
        for input in [
            "X12345", "X1234567", "XX12345", "1234567", "X12345A", "É123456",
        ] {
            assert!(
                matches!(
                    Crn::parse(input),
                    Err(IdentifierError::Format {
                        kind: IdentifierKind::Crn,
                        ..
                    })
                ),
                "input {input:?}"
            );
        }
        assert_eq!(Crn::parse("\t"), Err(IdentifierError::Empty));
    }

    #[test]
    fn serde_deserializes_through_parse() {
        assert_eq!(
            from_str::<Crn>("x123456").map(|c| c.to_string()),
            Ok("X123456".to_owned())
        );
        assert!(from_str::<Crn>("123456").is_err());
    }
}

//! NOMIS prison number (rules.md §9.3).

use serde::Deserialize;

use super::{compact_upper, string_identifier, IdentifierError, IdentifierKind};

/// A NOMIS prison number, `A1234BC`: letter, four digits, two letters. It has no check
/// character, so only the shape can be verified.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct PrisonNumber(String);

string_identifier!(PrisonNumber);

impl PrisonNumber {
    /// Parse any case, ignoring spaces.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty);
        }
        let b = s.as_bytes();
        let ok = b.len() == 7
            && b[0].is_ascii_uppercase()
            && b[1..5].iter().all(u8::is_ascii_digit)
            && b[5..].iter().all(u8::is_ascii_uppercase);
        if ok {
            Ok(Self(s))
        } else {
            Err(IdentifierError::Format {
                kind: IdentifierKind::PrisonNumber,
                expected: "like A1234BC",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    #[test]
    fn letter_four_digits_two_letters_is_accepted_in_any_case() {
        for (input, canonical) in [
            ("A1234BC", "A1234BC"),
            ("a1234bc", "A1234BC"),
            (" A 1234 BC ", "A1234BC"),
            ("Z9999ZZ", "Z9999ZZ"),
        ] {
            assert_eq!(PrisonNumber::parse(input).unwrap().as_str(), canonical);
        }
    }

    #[test]
    fn anything_else_is_a_format_error() {
        for input in [
            "A1234B", "A12345BC", "11234BC", "A1234B1", "AB1234C", "A123BCD", "Ä1234BC",
        ] {
            assert!(
                matches!(
                    PrisonNumber::parse(input),
                    Err(IdentifierError::Format {
                        kind: IdentifierKind::PrisonNumber,
                        ..
                    })
                ),
                "input {input:?}"
            );
        }
        assert_eq!(PrisonNumber::parse(""), Err(IdentifierError::Empty));
    }

    #[test]
    fn serde_deserializes_through_parse() {
        assert_eq!(
            from_str::<PrisonNumber>("a1234bc").map(|p| p.to_string()),
            Ok("A1234BC".to_owned())
        );
        assert!(from_str::<PrisonNumber>("A1234").is_err());
    }
}

//! UK National Insurance number (rules.md §9.5).

use serde::Deserialize;

use super::{compact_upper, string_identifier, IdentifierError, IdentifierKind};

/// A National Insurance number, canonically `QQ123456C` without spaces. The suffix letter
/// (A–D) is optional because many source records omit it and it is not needed for
/// uniqueness; when given it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Nino(String);

string_identifier!(Nino);

const FORMAT: IdentifierError = IdentifierError::Format {
    kind: IdentifierKind::Nino,
    expected: "like QQ 12 34 56 C",
};

/// Prefixes HMRC never issues (NIM39110): BG, GB, KN, NK, NT, TN, and ZZ (administrative).
const BARRED_PREFIXES: [&str; 7] = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];

impl Nino {
    /// Parse any case, ignoring spaces, with or without the suffix letter.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty);
        }
        let b = s.as_bytes();
        let shape = (b.len() == 8 || b.len() == 9)
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..8].iter().all(u8::is_ascii_digit)
            && b.get(8).is_none_or(|c| matches!(c, b'A'..=b'D'));
        if !shape {
            return Err(FORMAT);
        }
        let prefix = &s[..2];
        // Letters HMRC leaves out because they are confusable or reserved: D, F, I, Q, U, V
        // never come first; those and O never come second.
        let first_ok = !matches!(b[0], b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
        let second_ok = !matches!(b[1], b'D' | b'F' | b'I' | b'O' | b'Q' | b'U' | b'V');
        if !first_ok || !second_ok || BARRED_PREFIXES.contains(&prefix) {
            return Err(IdentifierError::NinoPrefix {
                prefix: prefix.to_owned(),
            });
        }
        Ok(Self(s))
    }

    /// The number without its suffix letter, for matching records that omit it.
    pub fn without_suffix(&self) -> &str {
        &self.0[..8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    #[test]
    fn common_spellings_canonicalise_without_spaces() {
        for (input, canonical) in [
            ("AB123456C", "AB123456C"),
            ("ab 12 34 56 c", "AB123456C"),
            ("AB123456", "AB123456"),
            ("JG103759A", "JG103759A"),
            // O may come first, G and N may start a prefix (stricter validators wrongly bar them).
            ("OA123456D", "OA123456D"),
            ("GA123456A", "GA123456A"),
            ("NA123456B", "NA123456B"),
        ] {
            assert_eq!(
                Nino::parse(input).unwrap().as_str(),
                canonical,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn the_suffix_can_be_ignored_for_matching() {
        let with = Nino::parse("AB123456C").unwrap();
        let without = Nino::parse("AB123456").unwrap();
        assert_ne!(with, without);
        assert_eq!(with.without_suffix(), without.without_suffix());
    }

    #[test]
    fn prefixes_hmrc_never_issues_are_rejected() {
        for prefix in [
            "DA", "FA", "IA", "QA", "UA", "VA", "AD", "AF", "AI", "AO", "AQ", "AU", "AV", "BG",
            "GB", "KN", "NK", "NT", "TN", "ZZ", "QQ",
        ] {
            assert_eq!(
                Nino::parse(&format!("{prefix}123456A")),
                Err(IdentifierError::NinoPrefix {
                    prefix: prefix.to_owned()
                }),
                "prefix {prefix}"
            );
        }
    }

    #[test]
    fn malformed_input_is_a_format_error() {
        for input in [
            "AB12345C",
            "AB1234567",
            "AB123456E",
            "A1123456C",
            "AB12345CC",
            "AB123456CD",
            "123456789",
        ] {
            assert_eq!(Nino::parse(input), Err(FORMAT), "input {input:?}");
        }
        assert_eq!(Nino::parse(""), Err(IdentifierError::Empty));
    }

    #[test]
    fn serde_deserializes_through_parse() {
        assert_eq!(
            from_str::<Nino>("ab 12 34 56 c").map(|n| n.to_string()),
            Ok("AB123456C".to_owned())
        );
        assert!(from_str::<Nino>("ZZ123456A").is_err());
    }
}

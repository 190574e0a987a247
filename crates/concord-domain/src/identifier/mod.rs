//! Identifiers that other agencies' systems issue for a person (rules.md §9).
//!
//! Each type holds only the canonical spelling, so two values are equal exactly when they
//! name the same record, whatever formatting the user typed.

mod check;
mod crn;
mod cro;
mod error;
mod kind;
mod nino;
mod pnc;
mod prison_number;

pub use crn::Crn;
pub use cro::CroNumber;
pub use error::IdentifierError;
pub use kind::IdentifierKind;
pub use nino::Nino;
pub use pnc::PncId;
pub use prison_number::PrisonNumber;

use std::fmt;

/// Any one of the identifiers, tagged with its kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identifier {
    Pnc(PncId),
    Cro(CroNumber),
    PrisonNumber(PrisonNumber),
    Crn(Crn),
    Nino(Nino),
}

impl Identifier {
    pub fn parse(kind: IdentifierKind, input: &str) -> Result<Self, IdentifierError> {
        Ok(match kind {
            IdentifierKind::Pnc => Self::Pnc(PncId::parse(input)?),
            IdentifierKind::Cro => Self::Cro(CroNumber::parse(input)?),
            IdentifierKind::PrisonNumber => Self::PrisonNumber(PrisonNumber::parse(input)?),
            IdentifierKind::Crn => Self::Crn(Crn::parse(input)?),
            IdentifierKind::Nino => Self::Nino(Nino::parse(input)?),
        })
    }

    pub fn kind(&self) -> IdentifierKind {
        match self {
            Self::Pnc(_) => IdentifierKind::Pnc,
            Self::Cro(_) => IdentifierKind::Cro,
            Self::PrisonNumber(_) => IdentifierKind::PrisonNumber,
            Self::Crn(_) => IdentifierKind::Crn,
            Self::Nino(_) => IdentifierKind::Nino,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Pnc(v) => v.as_str(),
            Self::Cro(v) => v.as_str(),
            Self::PrisonNumber(v) => v.as_str(),
            Self::Crn(v) => v.as_str(),
            Self::Nino(v) => v.as_str(),
        }
    }

    /// Every kind the free text parses as, in [`IdentifierKind::ALL`] order. Search uses this
    /// so a user can paste any reference into one box; a value with a wrong check letter
    /// matches nothing rather than a near miss.
    pub fn candidates(input: &str) -> Vec<Identifier> {
        IdentifierKind::ALL
            .into_iter()
            .filter_map(|kind| Self::parse(kind, input).ok())
            .collect()
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Uppercase and drop all whitespace: people type identifiers with spaces ("AB 12 34 56 C")
/// and in any case. Only ASCII is uppercased so that, say, `ß` cannot turn into `SS` and
/// sneak past the format check.
fn compact_upper(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The string-shaped trait impls every identifier shares: `as_str`, `Display`, `FromStr`,
/// `TryFrom<String>` (which serde uses to deserialize through `parse`) and `Serialize`.
macro_rules! string_identifier {
    ($name:ident) => {
        impl $name {
            /// The canonical spelling.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::identifier::IdentifierError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::identifier::IdentifierError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
    };
}
pub(crate) use string_identifier;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_dispatches_on_the_kind() {
        let id = Identifier::parse(IdentifierKind::Crn, " x123456 ").unwrap();
        assert_eq!(id.kind(), IdentifierKind::Crn);
        assert_eq!(id.as_str(), "X123456");
        assert_eq!(id.to_string(), "X123456");
    }

    #[test]
    fn candidates_lists_every_kind_the_text_parses_as() {
        let table: &[(&str, &[&str])] = &[
            ("79/123456t", &["1979/0123456T"]),
            ("79/123456A", &[]),
            ("123456/79f", &["123456/79F"]),
            ("a1234bc", &["A1234BC"]),
            ("x123456", &["X123456"]),
            ("AB 12 34 56 C", &["AB123456C"]),
            ("", &[]),
            ("hello", &[]),
        ];
        for (input, expected) in table {
            let got: Vec<_> = Identifier::candidates(input)
                .iter()
                .map(|i| i.as_str().to_owned())
                .collect();
            assert_eq!(&got, expected, "input {input:?}");
        }
    }

    #[test]
    fn candidates_tag_each_value_with_its_kind() {
        let got = Identifier::candidates("a1234bc");
        assert_eq!(
            got,
            vec![Identifier::PrisonNumber(
                PrisonNumber::parse("A1234BC").unwrap()
            )]
        );
    }
}

use thiserror::Error;

use super::IdentifierKind;
use crate::error::HasCode;

/// Why an identifier was rejected. Messages are user-facing (GOV.UK error-message style);
/// codes are stable for the API.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdentifierError {
    #[error("Enter an identifier")]
    Empty,
    /// `expected` is an example phrase, e.g. `"like 2001/0123456F"`.
    #[error("Enter a {} in the correct format, {expected}", .kind.noun())]
    Format {
        kind: IdentifierKind,
        expected: &'static str,
    },
    /// The shape is right but the check letter does not match the number: almost always a
    /// typing error. `expected` is for logs and tests; the message deliberately does not
    /// reveal it, so a guess cannot be "corrected" into someone else's record.
    #[error("The {} check letter is wrong – check the number and try again", .kind.label())]
    CheckCharacter {
        kind: IdentifierKind,
        expected: char,
    },
    #[error(
        "National Insurance numbers never start with {prefix} – check the number and try again"
    )]
    NinoPrefix { prefix: String },
}

impl HasCode for IdentifierError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "identifier_empty",
            Self::Format { .. } => "identifier_format",
            Self::CheckCharacter { .. } => "identifier_check_character",
            Self::NinoPrefix { .. } => "nino_prefix",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_identifier_and_what_is_wrong() {
        let table = [
            (
                IdentifierError::Empty,
                "identifier_empty",
                "Enter an identifier",
            ),
            (
                IdentifierError::Format {
                    kind: IdentifierKind::Pnc,
                    expected: "like 2001/0123456F",
                },
                "identifier_format",
                "Enter a PNC ID in the correct format, like 2001/0123456F",
            ),
            (
                IdentifierError::Format {
                    kind: IdentifierKind::PrisonNumber,
                    expected: "like A1234BC",
                },
                "identifier_format",
                "Enter a prison number in the correct format, like A1234BC",
            ),
            (
                IdentifierError::CheckCharacter {
                    kind: IdentifierKind::Pnc,
                    expected: 'T',
                },
                "identifier_check_character",
                "The PNC ID check letter is wrong – check the number and try again",
            ),
            (
                IdentifierError::NinoPrefix {
                    prefix: "QQ".into(),
                },
                "nino_prefix",
                "National Insurance numbers never start with QQ – check the number and try again",
            ),
        ];
        for (err, code, message) in table {
            assert_eq!(err.code(), code);
            assert_eq!(err.to_string(), message);
        }
    }
}

//! A Home Office offence code that exists in the catalogue.

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use super::catalogue::{find, OffenceInfo};
use crate::error::FieldError;

const FIELD: &str = "offence_code";

/// A Home Office offence code known to the catalogue, so its OGRS3 category is always
/// available to the risk tools.
#[derive(Debug, Clone, Copy)]
pub struct OffenceCode(&'static OffenceInfo);

impl OffenceCode {
    /// Accepts the five digits (`"00100"`) or the class/subclass spelling with a slash
    /// (`"001/00"`). Digits are never padded: `"100"` is ambiguous, so it is refused.
    ///
    /// Codes (field `offence_code`): `required`, `offence_code_format`,
    /// `offence_code_unknown`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(FieldError::new(FIELD, "required", "Enter an offence code"));
        }
        let digits = match s.split_once('/') {
            Some((class, sub)) if class.len() == 3 && sub.len() == 2 => format!("{class}{sub}"),
            Some(_) => return Err(format_error()),
            None => s,
        };
        if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }
        find(&digits).map(Self).ok_or_else(|| {
            FieldError::new(
                FIELD,
                "offence_code_unknown",
                format!("Offence code {digits} is not a Home Office offence code"),
            )
        })
    }

    /// The five-digit code.
    pub fn as_str(&self) -> &str {
        self.0.code
    }

    /// The OGRS3 category, e.g. `"Violence"`.
    pub fn category(&self) -> &'static str {
        self.0.category
    }

    pub fn info(&self) -> &'static OffenceInfo {
        self.0
    }
}

fn format_error() -> FieldError {
    FieldError::new(
        FIELD,
        "offence_code_format",
        "Enter a Home Office offence code in the correct format, like 00100 or 001/00",
    )
}

// Identity is the code alone: the catalogue row also holds an f64, which has no Eq.
impl PartialEq for OffenceCode {
    fn eq(&self, other: &Self) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for OffenceCode {}

impl Hash for OffenceCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}

impl fmt::Display for OffenceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl Serialize for OffenceCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.code)
    }
}

impl<'de> Deserialize<'de> for OffenceCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    #[test]
    fn codes_parse_with_or_without_the_class_slash() {
        for input in ["00100", "001/00", " 001 / 00 ", "\t00100\n"] {
            let code = OffenceCode::parse(input).unwrap();
            assert_eq!(code.as_str(), "00100", "input {input:?}");
            assert_eq!(code.category(), "Violence");
            assert!(code.info().violent_or_sexual);
        }
    }

    #[test]
    fn malformed_and_unknown_codes_are_rejected_with_the_reason() {
        let table = [
            ("", "required", "Enter an offence code"),
            ("100", "offence_code_format", ""),
            ("1/00", "offence_code_format", ""),
            ("0010/0", "offence_code_format", ""),
            ("001000", "offence_code_format", ""),
            ("0010A", "offence_code_format", ""),
            ("001/00/", "offence_code_format", ""),
            (
                "12345",
                "offence_code_unknown",
                "Offence code 12345 is not a Home Office offence code",
            ),
        ];
        for (input, code, message) in table {
            let err = OffenceCode::parse(input).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.code),
                ("offence_code", code),
                "input {input:?}"
            );
            if !message.is_empty() {
                assert_eq!(err.message, message);
            }
        }
    }

    #[test]
    fn equality_and_serde_use_the_code() {
        assert_eq!(OffenceCode::parse("001/00"), OffenceCode::parse("00100"));
        assert_ne!(
            OffenceCode::parse("00101").unwrap(),
            OffenceCode::parse("00100").unwrap()
        );
        assert_eq!(
            from_str::<OffenceCode>("001/00").map(|c| c.to_string()),
            Ok("00100".to_owned())
        );
        assert!(from_str::<OffenceCode>("12345").is_err());
    }
}

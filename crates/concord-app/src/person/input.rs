//! Raw input for the person use cases, as typed into a form or sent to the API, and its
//! conversion into domain values. Every problem is collected, each naming its field.

use chrono::NaiveDate;
use concord_domain::{
    date_from_parts, optional_date_from_parts, parse_date, FieldError, HasCode, ValidationErrors,
};
use serde::Deserialize;

/// A date as the GOV.UK date-input pattern sends it (three boxes) or as the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum DateInput {
    Parts {
        day: String,
        month: String,
        year: String,
    },
    Text(String),
}

impl Default for DateInput {
    fn default() -> Self {
        DateInput::Text(String::new())
    }
}

impl DateInput {
    pub fn text(s: impl Into<String>) -> Self {
        DateInput::Text(s.into())
    }

    pub fn parts(
        day: impl Into<String>,
        month: impl Into<String>,
        year: impl Into<String>,
    ) -> Self {
        DateInput::Parts {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        }
    }

    pub fn from_date(d: NaiveDate) -> Self {
        DateInput::Text(d.format("%Y-%m-%d").to_string())
    }

    fn is_blank(&self) -> bool {
        match self {
            DateInput::Parts { day, month, year } => {
                [day, month, year].iter().all(|s| s.trim().is_empty())
            }
            DateInput::Text(s) => s.trim().is_empty(),
        }
    }

    pub(crate) fn required(&self, field: &str, label: &str) -> Result<NaiveDate, FieldError> {
        match self {
            DateInput::Parts { day, month, year } => {
                date_from_parts(field, label, day, month, year)
            }
            DateInput::Text(s) => parse_date(field, label, s),
        }
    }

    /// The date given, if any: blank is `None`; a date that cannot be read names
    /// `field` (and `label` in its message).
    pub fn optional(&self, field: &str, label: &str) -> Result<Option<NaiveDate>, FieldError> {
        if self.is_blank() {
            return Ok(None);
        }
        match self {
            DateInput::Parts { day, month, year } => {
                optional_date_from_parts(field, label, day, month, year)
            }
            DateInput::Text(s) => parse_date(field, label, s).map(Some),
        }
    }
}

/// Collect the outcome of one field's parse into `errors`.
pub(crate) fn take<T>(errors: &mut ValidationErrors, r: Result<T, FieldError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Record an error from a parser whose error type is not a `FieldError`.
pub(crate) fn take_as<T, E: std::fmt::Display + HasCode>(
    errors: &mut ValidationErrors,
    field: &str,
    r: Result<T, E>,
) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(FieldError::new(field, e.code(), e.to_string()));
            None
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PersonDetailsInput {
    pub given_name: String,
    #[serde(default)]
    pub middle_names: String,
    pub family_name: String,
    pub date_of_birth: DateInput,
    pub gender: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct IdentifierInput {
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AddressInput {
    pub kind: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub town: String,
    #[serde(default)]
    pub postcode: String,
    pub from_date: DateInput,
    #[serde(default)]
    pub to_date: DateInput,
}

/// A whole record at once: what the registration form, the API and imports send. Only
/// the details are required; every part is validated before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RegisterPersonInput {
    pub details: PersonDetailsInput,
    #[serde(default)]
    pub identifiers: Vec<IdentifierInput>,
    #[serde(default)]
    pub aliases: Vec<AliasInput>,
    #[serde(default)]
    pub addresses: Vec<AddressInput>,
    #[serde(default)]
    pub offences: Vec<OffenceInput>,
    #[serde(default)]
    pub sentences: Vec<SentenceInput>,
    #[serde(default)]
    pub markers: Vec<MarkerInput>,
    #[serde(default)]
    pub events: Vec<EventInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AliasInput {
    pub given_name: String,
    #[serde(default)]
    pub middle_names: String,
    pub family_name: String,
    #[serde(default)]
    pub date_of_birth: DateInput,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct OffenceInput {
    pub offence_code: String,
    pub description: String,
    pub offence_date: DateInput,
    #[serde(default)]
    pub conviction_date: DateInput,
    #[serde(default)]
    pub disposal: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SentenceInput {
    pub kind: String,
    #[serde(default)]
    pub description: String,
    pub start_date: DateInput,
    #[serde(default)]
    pub end_date: DateInput,
    #[serde(default)]
    pub release_date: DateInput,
    #[serde(default)]
    pub licence_end_date: DateInput,
    /// The length as the court imposed it: "2 years", "18 months", "26 weeks".
    #[serde(default)]
    pub term: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct MarkerInput {
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct EventInput {
    pub event_type: String,
    pub occurred_on: DateInput,
    pub summary: String,
    /// A Section code: `chronology` (blank means chronology) or a restricted section
    /// (`victim`, `health`, `intelligence`).
    #[serde(default)]
    pub section: String,
    /// "Do not disclose to the person".
    #[serde(default)]
    pub withheld_from_person: bool,
}

//! Field-level validation errors, in the shape of the GOV.UK error summary: each error
//! names the field it belongs to, carries a stable machine code (for the JSON API and for
//! tests) and a message written for the person at the keyboard.

use std::fmt;

use serde::Serialize;

/// A stable, machine-readable code for an error, e.g. `"pnc_check_character"`. Codes are
/// part of the public API contract: clients branch on them, so they never change meaning.
pub trait HasCode {
    fn code(&self) -> &'static str;
}

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field or JSON property name, e.g. `"date_of_birth"`.
    pub field: String,
    pub code: &'static str,
    /// User-facing message, GOV.UK style ("Enter a date of birth").
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

impl HasCode for FieldError {
    fn code(&self) -> &'static str {
        self.code
    }
}

/// Every error found in one submission. Forms are validated in full rather than stopping at
/// the first problem, so the user can fix everything in one go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// The first error recorded against `field`, for showing beside that input.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }

    /// `Ok(value)` if no errors were recorded, else `Err(self)`.
    pub fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Run a parse, record its error under `field`, and return the value if there was one.
    pub fn check<T, E: fmt::Display + HasCode>(
        &mut self,
        field: &str,
        r: Result<T, E>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(FieldError::new(field, e.code(), e.to_string()));
                None
            }
        }
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        Self { errors: vec![e] }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bad;
    impl fmt::Display for Bad {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Enter a thing")
        }
    }
    impl HasCode for Bad {
        fn code(&self) -> &'static str {
            "bad"
        }
    }

    #[test]
    fn finish_returns_the_value_when_nothing_was_recorded() {
        let mut errs = ValidationErrors::new();
        let v = errs.check::<_, Bad>("x", Ok(3));
        assert_eq!(v, Some(3));
        assert_eq!(errs.finish(v), Ok(Some(3)));
    }

    #[test]
    fn check_records_the_error_under_the_given_field() {
        let mut errs = ValidationErrors::new();
        let v: Option<u8> = errs.check("thing", Err(Bad));
        assert_eq!(v, None);
        assert_eq!(
            errs.for_field("thing"),
            Some(&FieldError::new("thing", "bad", "Enter a thing"))
        );
        assert_eq!(errs.to_string(), "thing: Enter a thing");
        assert!(errs.finish(()).is_err());
    }

    #[test]
    fn all_errors_are_kept_in_the_order_found() {
        let mut errs = ValidationErrors::new();
        errs.push(FieldError::new("a", "x", "A"));
        errs.push(FieldError::new("b", "y", "B"));
        assert_eq!(errs.len(), 2);
        assert_eq!(errs.to_string(), "a: A; b: B");
    }
}

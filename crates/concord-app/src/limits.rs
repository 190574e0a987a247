//! The most items any list-valued input may hold (docs/limits.md lists them all).
//!
//! Every list a form or an API body carries is counted before its items are parsed, so a
//! request with 20,000 time windows is refused with one error naming the field and the
//! limit — not parsed item by item, stored, and then walked by every breach check and
//! page that reads it. The numbers are generous for real casework; reaching one is a
//! mistake or an attack, never a person with an unusually long record.

use concord_domain::{FieldError, ValidationErrors};

/// Time windows of one exclusion zone (`HH:MM-HH:MM`, comma-separated).
pub const MAX_ZONE_WINDOWS: usize = 24;
/// Conditions of one licence version, standard ones included.
pub const MAX_LICENCE_CONDITIONS: usize = 60;
/// Each list of a new record: identifiers, aliases, addresses, offences, sentences,
/// markers and chronology entries.
pub const MAX_RECORD_ITEMS: usize = 100;
/// Sections named in one share, referral or disclosure: there are only so many sections,
/// and naming one twice adds nothing.
pub const MAX_SECTIONS: usize = concord_authz::Section::ALL.len();

/// Push a `too_many` error naming `field` when `count` is over `max`; true if within.
pub(crate) fn at_most(
    errors: &mut ValidationErrors,
    field: &str,
    what: &str,
    count: usize,
    max: usize,
) -> bool {
    if count <= max {
        return true;
    }
    errors.push(FieldError::new(
        field,
        "too_many",
        format!("Give at most {max} {what} (there are {count})"),
    ));
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_over_its_limit_is_one_error_naming_the_field_and_the_limit() {
        let mut e = ValidationErrors::new();
        assert!(at_most(&mut e, "windows", "time windows", 24, 24));
        assert!(!at_most(&mut e, "windows", "time windows", 20_000, 24));
        assert_eq!(e.errors.len(), 1);
        assert_eq!(
            (e.errors[0].field.as_str(), e.errors[0].code),
            ("windows", "too_many")
        );
        assert_eq!(
            e.errors[0].message,
            "Give at most 24 time windows (there are 20000)"
        );
    }
}

use serde::{Deserialize, Serialize};

/// An identifier (PNC ID, CRO number, prison number, NI number) of the same kind on both
/// records. Identifiers are issued once per person, so a conflict is strong evidence the
/// records are different people, and clustering never joins through one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierLevel {
    Agree,
    /// Only for unchecked reference numbers: one character different or two swapped,
    /// likely a typo. (A checked identifier's check character catches typos at entry.)
    Close,
    Conflict,
    Missing,
}

/// Compare identifiers already in their canonical form (as `concord-domain` parses them):
/// any shared value agrees, even when one record holds several of a kind.
pub fn compare_identifiers<S: AsRef<str>>(a: &[S], b: &[S]) -> IdentifierLevel {
    if a.is_empty() || b.is_empty() {
        IdentifierLevel::Missing
    } else if a.iter().any(|x| b.iter().any(|y| x.as_ref() == y.as_ref())) {
        IdentifierLevel::Agree
    } else {
        IdentifierLevel::Conflict
    }
}

/// Compare unchecked reference numbers (no check character, so a typo survives entry):
/// the same, one typing slip apart, or different.
pub fn compare_references<S: AsRef<str>>(a: &[S], b: &[S]) -> IdentifierLevel {
    match compare_identifiers(a, b) {
        IdentifierLevel::Conflict
            if a.iter()
                .any(|x| b.iter().any(|y| one_slip(x.as_ref(), y.as_ref()))) =>
        {
            IdentifierLevel::Close
        }
        level => level,
    }
}

/// Are two different values one typing slip apart: one character changed, added or
/// dropped, or two neighbours swapped? (Damerau–Levenshtein distance 1, without the
/// table a general distance needs: this runs for every pair of records compared.)
fn one_slip(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    match (ra.len(), rb.len()) {
        (1 | 0, 1) | (1, 0) => true,
        (2, 2) => ra[0] == rb[1] && ra[1] == rb[0],
        _ => false,
    }
}

/// A plain value such as gender: the same, different, or unknown on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueLevel {
    Same,
    Different,
    Missing,
}

pub fn compare_values(a: Option<&str>, b: Option<&str>) -> ValueLevel {
    match (a.map(str::trim), b.map(str::trim)) {
        (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
            if a.eq_ignore_ascii_case(b) {
                ValueLevel::Same
            } else {
                ValueLevel::Different
            }
        }
        _ => ValueLevel::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_agree_conflict_or_say_nothing() {
        assert_eq!(
            compare_identifiers(&["2001/0123456F"], &["2001/0123456F"]),
            IdentifierLevel::Agree
        );
        assert_eq!(
            compare_identifiers(&["2001/0123456F"], &["2002/0000001X"]),
            IdentifierLevel::Conflict
        );
        assert_eq!(
            compare_identifiers(&["A", "B"], &["C", "B"]),
            IdentifierLevel::Agree
        );
        assert_eq!(
            compare_identifiers(&[], &["2001/0123456F"]),
            IdentifierLevel::Missing
        );
    }

    #[test]
    fn a_reference_one_slip_apart_is_close_not_a_conflict() {
        assert_eq!(
            compare_references(&["1234567"], &["1234576"]),
            IdentifierLevel::Close
        );
        for (a, b) in [
            ("1234567", "123456"),
            ("1234567", "12345678"),
            ("1234567", "1234667"),
        ] {
            assert_eq!(
                compare_references(&[a], &[b]),
                IdentifierLevel::Close,
                "{a} {b}"
            );
        }
        assert_eq!(
            compare_references(&["1234567"], &["1243576"]),
            IdentifierLevel::Conflict
        );
        assert_eq!(
            compare_references(&["1234567"], &["7654321"]),
            IdentifierLevel::Conflict
        );
        assert_eq!(
            compare_references(&["1234567"], &["1234567"]),
            IdentifierLevel::Agree
        );
    }

    #[test]
    fn values_compare_without_case_and_blank_is_missing() {
        assert_eq!(compare_values(Some("male"), Some("MALE")), ValueLevel::Same);
        assert_eq!(
            compare_values(Some("male"), Some("female")),
            ValueLevel::Different
        );
        assert_eq!(
            compare_values(Some(" "), Some("female")),
            ValueLevel::Missing
        );
        assert_eq!(compare_values(None, Some("female")), ValueLevel::Missing);
    }
}

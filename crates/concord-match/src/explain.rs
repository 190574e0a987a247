//! Explanations in words: each bar of a waterfall as a reviewer reads it
//! ("Surname: sounds alike", "PNC ID: conflict"), for the review queue and search.

use crate::Contribution;

/// What a comparison is called on screen.
pub fn comparison_label(comparison: &str) -> String {
    match comparison {
        "prior" => "Before comparing".into(),
        "forename" => "Forename".into(),
        "surname" => "Surname".into(),
        "date_of_birth" => "Date of birth".into(),
        "postcode" => "Postcode".into(),
        "address" => "Address".into(),
        "town" => "Town".into(),
        "gender" => "Gender".into(),
        "identifier_pnc" => "PNC ID".into(),
        "identifier_cro" => "CRO number".into(),
        "identifier_prison_number" => "Prison number".into(),
        "identifier_nino" => "National Insurance number".into(),
        "identifier_reference" => "Other reference".into(),
        "forename frequency" => "How common the forename is".into(),
        "surname frequency" => "How common the surname is".into(),
        "reviewed" => "Reviewers' decisions on pairs like this".into(),
        other => other.replace('_', " "),
    }
}

/// One bar in words: "Surname: sounds alike". A frequency bar names the name, whose
/// rarity it weighs: "How common the surname is: smith".
pub fn describe(c: &Contribution) -> String {
    if c.comparison == "prior" {
        return "Before comparing: how likely any two records are the same person".into();
    }
    format!(
        "{}: {}",
        comparison_label(&c.comparison),
        c.level.replace('_', " ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_read_as_words() {
        let bar = |comparison: &str, level: &str| Contribution {
            comparison: comparison.into(),
            level: level.into(),
            weight: 1.0,
        };
        assert_eq!(
            describe(&bar("surname", "sounds_alike")),
            "Surname: sounds alike"
        );
        assert_eq!(
            describe(&bar("identifier_pnc", "conflict")),
            "PNC ID: conflict"
        );
        assert_eq!(
            describe(&bar("date_of_birth", "day_month_transposed")),
            "Date of birth: day month transposed"
        );
    }
}

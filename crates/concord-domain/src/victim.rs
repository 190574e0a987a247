//! The people a victim liaison officer records about a person.

crate::closed_codes! {
    /// Who a victim record is about: a victim of the person, or a child at risk from them.
    /// The labels are the words the victim pages read inside a sentence, in lower case
    /// ("the home of a child at risk").
    pub enum VictimKind {
        Victim = "victim", "victim",
        ChildAtRisk = "child_at_risk", "child at risk",
    }
}

impl VictimKind {
    /// "a victim", "a child at risk".
    pub fn with_article(self) -> String {
        format!("a {}", self.label())
    }

    /// "A victim", "A child at risk": to begin a sentence, or as a choice on a form.
    pub fn with_capital_article(self) -> String {
        format!("A {}", self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::VictimKind;

    #[test]
    fn the_kinds_are_the_stored_codes_read_inside_a_sentence() {
        assert_eq!(
            VictimKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
            ["victim", "child_at_risk"]
        );
        assert_eq!(VictimKind::ChildAtRisk.with_article(), "a child at risk");
        assert_eq!(VictimKind::Victim.with_capital_article(), "A victim");
        assert_eq!(
            serde_json::from_str::<VictimKind>("\"child_at_risk\"").unwrap(),
            VictimKind::ChildAtRisk
        );
    }
}

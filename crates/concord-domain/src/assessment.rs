//! The kinds and states of a stored risk assessment.

crate::closed_codes! {
    /// Which assessment: the risk of serious harm review or the domestic abuse (DASH)
    /// checklist.
    pub enum AssessmentKind {
        Rosh = "rosh", "Risk of serious harm",
        Dash = "dash", "Domestic abuse risk (DASH)",
    }
}

crate::closed_codes! {
    /// A draft may be changed by its agency; a signed assessment is the record and never
    /// changes (a new review starts a new draft).
    pub enum AssessmentStatus {
        Draft = "draft", "In progress",
        Signed = "signed", "Signed off",
    }
}

//! Where a pair of possibly-duplicate records stands, and how two records came to be linked.

crate::closed_codes! {
    /// A pair found by the likeness search: waiting for a reviewer, linked automatically
    /// (sure enough), or decided by a reviewer.
    pub enum PairStatus {
        Review = "review", "Waiting for a decision",
        Linked = "linked", "Linked automatically",
        Same = "same", "Decided: the same person",
        Different = "different", "Decided: different people",
    }
}

crate::closed_codes! {
    /// How two records were linked as one person.
    pub enum LinkKind {
        Automatic = "automatic", "Linked automatically",
        Reviewed = "reviewed", "Linked by a reviewer",
    }
}

//! The individual action plan's codes (seed 000: "the offender's individual action plan
//! will include the work they are embarking on with a partner agency"): objectives the
//! person works towards, the officer's own actions, and where each stands.

concord_domain::closed_codes! {
    /// What a line of the plan is.
    pub enum PlanItemKind {
        Objective = "objective", "Objective",
        Action = "action", "Officer's action",
    }
}

concord_domain::closed_codes! {
    /// Where a line of the plan stands.
    pub enum PlanItemStatus {
        Open = "open", "Open",
        Achieved = "achieved", "Achieved",
        PartlyAchieved = "partly_achieved", "Partly achieved",
        NotAchieved = "not_achieved", "Not achieved",
        NoLongerNeeded = "no_longer_needed", "No longer needed",
    }
}

/// The longest a plan may go between reviews with the person (a quarter, PI 2016's
/// review of the sentence plan at least every 16 weeks rounded down to the officer's
/// usual quarterly cycle).
pub const MAX_REVIEW_DAYS: i64 = 112;

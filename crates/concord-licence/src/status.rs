//! The licence lifecycle (hmpps-services.md §3.1, `LicenceStatus.kt`): a licence is
//! written, submitted, approved and activated on release; while active it may be varied
//! (a variation goes through its own submit and approve) or the person recalled; it ends
//! inactive.
//!
//! Decisions where the source lists statuses but not every move:
//! - Approving or rejecting (a licence or a variation) needs a senior officer who is not
//!   the author (`own_licence`, `not_senior`): a second pair of eyes is the point of
//!   approval. "Author" is anyone who wrote, changed or submitted any part of the
//!   version; the caller works that out from the licence's history. The author withdraws with `BackToInProgress` instead of rejecting.
//! - `BackToInProgress` reopens a submitted, approved (not yet active) or rejected
//!   licence, and a submitted or rejected variation, for editing.
//! - An approved variation is activated like a licence, becoming the licence in force (the
//!   caller makes the licence it replaces inactive).
//! - Only an active licence is recalled. Anything may be made inactive (the licence
//!   expires, a release is cancelled, a variation is superseded) except what already is.
//! - Inactive is final. Nothing varies an inactive licence (`licence_inactive`) or a
//!   recalled one (`licence_recalled`); a recalled licence may still be made inactive.
//! - Any other move is `transition_not_allowed`.

use serde::{Deserialize, Serialize};

concord_domain::closed_codes! {
    /// Where a version of a licence stands, stored as `IN_PROGRESS` … `VARIATION_REJECTED`.
    /// The labels are [`LicenceStatus::words`] with a capital, as the licence page shows
    /// them.
    pub enum LicenceStatus {
        InProgress = "IN_PROGRESS", "In progress",
        Submitted = "SUBMITTED", "Submitted",
        Approved = "APPROVED", "Approved",
        Active = "ACTIVE", "Active",
        Inactive = "INACTIVE", "Inactive",
        Recalled = "RECALLED", "Recalled",
        Rejected = "REJECTED", "Rejected",
        VariationInProgress = "VARIATION_IN_PROGRESS", "A variation in progress",
        VariationSubmitted = "VARIATION_SUBMITTED", "A submitted variation",
        VariationApproved = "VARIATION_APPROVED", "An approved variation",
        VariationRejected = "VARIATION_REJECTED", "A rejected variation",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LicenceAction {
    Submit,
    Approve,
    Reject,
    Activate,
    Deactivate,
    Recall,
    StartVariation,
    SubmitVariation,
    ApproveVariation,
    RejectVariation,
    BackToInProgress,
}

impl LicenceStatus {
    /// Lower-case words for messages ("variation in progress").
    pub fn words(self) -> &'static str {
        use LicenceStatus::{
            Active, Approved, InProgress, Inactive, Recalled, Rejected, Submitted,
            VariationApproved, VariationInProgress, VariationRejected, VariationSubmitted,
        };
        match self {
            InProgress => "in progress",
            Submitted => "submitted",
            Approved => "approved",
            Active => "active",
            Inactive => "inactive",
            Recalled => "recalled",
            Rejected => "rejected",
            VariationInProgress => "a variation in progress",
            VariationSubmitted => "a submitted variation",
            VariationApproved => "an approved variation",
            VariationRejected => "a rejected variation",
        }
    }
}

impl LicenceAction {
    pub const ALL: [LicenceAction; 11] = [
        LicenceAction::Submit,
        LicenceAction::Approve,
        LicenceAction::Reject,
        LicenceAction::Activate,
        LicenceAction::Deactivate,
        LicenceAction::Recall,
        LicenceAction::StartVariation,
        LicenceAction::SubmitVariation,
        LicenceAction::ApproveVariation,
        LicenceAction::RejectVariation,
        LicenceAction::BackToInProgress,
    ];

    fn words(self) -> &'static str {
        use LicenceAction::{
            Activate, Approve, ApproveVariation, BackToInProgress, Deactivate, Recall, Reject,
            RejectVariation, StartVariation, Submit, SubmitVariation,
        };
        match self {
            Submit => "submit",
            Approve => "approve",
            Reject => "reject",
            Activate => "activate",
            Deactivate => "make inactive",
            Recall => "recall",
            StartVariation => "vary",
            SubmitVariation => "submit a variation of",
            ApproveVariation => "approve a variation of",
            RejectVariation => "reject a variation of",
            BackToInProgress => "reopen",
        }
    }

    fn is_variation(self) -> bool {
        use LicenceAction::{ApproveVariation, RejectVariation, StartVariation, SubmitVariation};
        matches!(
            self,
            StartVariation | SubmitVariation | ApproveVariation | RejectVariation
        )
    }

    /// Whether the action is a decision that needs a senior officer other than the author.
    fn is_decision(self) -> bool {
        use LicenceAction::{Approve, ApproveVariation, Reject, RejectVariation};
        matches!(self, Approve | Reject | ApproveVariation | RejectVariation)
    }
}

/// Who is acting, as far as the rules care.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionContext {
    /// The actor wrote, changed or submitted any part of this licence or variation.
    pub actor_is_author: bool,
    /// The actor holds a senior role allowed to approve licences.
    pub actor_is_senior: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct TransitionError {
    pub code: &'static str,
    pub message: String,
}

fn refuse(code: &'static str, message: impl Into<String>) -> TransitionError {
    TransitionError {
        code,
        message: message.into(),
    }
}

/// The status after `action`, or why it is refused.
pub fn transition(
    from: LicenceStatus,
    action: LicenceAction,
    ctx: &TransitionContext,
) -> Result<LicenceStatus, TransitionError> {
    use LicenceAction as A;
    use LicenceStatus as S;
    match (from, action) {
        (S::Inactive, a) if a.is_variation() => {
            return Err(refuse(
                "licence_inactive",
                "Refused: varying an inactive licence is not allowed. The licence has ended; start a new licence instead.",
            ))
        }
        (S::Inactive, _) => {
            return Err(refuse(
                "licence_inactive",
                "Refused: the licence is inactive and can no longer change.",
            ))
        }
        (S::Recalled, a) if a.is_variation() => {
            return Err(refuse(
                "licence_recalled",
                "Refused: varying a recalled licence is not allowed. The person has been recalled to custody; a new licence is written on re-release.",
            ))
        }
        _ => {}
    }
    let next = match (from, action) {
        (S::InProgress, A::Submit) => S::Submitted,
        (S::Submitted, A::Approve) => S::Approved,
        (S::Submitted, A::Reject) => S::Rejected,
        (S::Submitted | S::Approved | S::Rejected, A::BackToInProgress) => S::InProgress,
        (S::Approved | S::VariationApproved, A::Activate) => S::Active,
        (S::Active, A::Recall) => S::Recalled,
        (S::Active, A::StartVariation) => S::VariationInProgress,
        (S::VariationInProgress, A::SubmitVariation) => S::VariationSubmitted,
        (S::VariationSubmitted, A::ApproveVariation) => S::VariationApproved,
        (S::VariationSubmitted, A::RejectVariation) => S::VariationRejected,
        (S::VariationSubmitted | S::VariationRejected, A::BackToInProgress | A::StartVariation) => {
            S::VariationInProgress
        }
        (_, A::Deactivate) => S::Inactive,
        _ => {
            return Err(refuse(
                "transition_not_allowed",
                format!(
                    "Refused: you cannot {} a licence that is {}.",
                    action.words(),
                    from.words()
                ),
            ))
        }
    };
    if action.is_decision() {
        if ctx.actor_is_author {
            return Err(refuse(
                "own_licence",
                "Refused: you cannot approve or reject a licence you wrote, changed or submitted; another senior officer must decide.",
            ));
        }
        if !ctx.actor_is_senior {
            return Err(refuse(
                "not_senior",
                "Refused: only a senior officer can approve or reject a licence.",
            ));
        }
    }
    Ok(next)
}

/// The actions the status machine allows from `from` for this actor, for the buttons a
/// page offers.
pub fn allowed_actions(from: LicenceStatus, ctx: &TransitionContext) -> Vec<LicenceAction> {
    LicenceAction::ALL
        .into_iter()
        .filter(|a| transition(from, *a, ctx).is_ok())
        .collect()
}

concord_domain::closed_codes! {
    /// What happened to a licence, for its timeline: drafted, a condition changed, a move
    /// through the status machine (the [`LicenceAction`]'s own event), or a step of a
    /// recall. The labels are the words the licence timeline shows.
    pub enum LicenceEvent {
        Created = "created", "Licence drafted",
        ConditionAdded = "condition_added", "Condition added",
        ConditionChanged = "condition_changed", "Condition changed",
        ConditionRemoved = "condition_removed", "Condition removed",
        VariationStarted = "variation_started", "Variation started",
        ReplacedByVariation = "replaced_by_variation", "Replaced by the approved variation",
        Submit = "submit", "Submit",
        Approve = "approve", "Approve",
        Reject = "reject", "Reject",
        Activate = "activate", "Activate",
        Deactivate = "deactivate", "Deactivate",
        Recall = "recall", "Recall",
        StartVariation = "start_variation", "Start variation",
        SubmitVariation = "submit_variation", "Submit variation",
        ApproveVariation = "approve_variation", "Approve variation",
        RejectVariation = "reject_variation", "Reject variation",
        BackToInProgress = "back_to_in_progress", "Back to in progress",
        EndedByRecall = "ended_by_recall", "Ended by recall",
        RecallRequested = "recall_requested", "Recall requested",
        RecallRejected = "recall_rejected", "Recall rejected",
        ReturnedToCustody = "returned_to_custody", "Returned to custody",
    }
}

impl From<LicenceAction> for LicenceEvent {
    fn from(action: LicenceAction) -> Self {
        use LicenceAction as A;
        match action {
            A::Submit => Self::Submit,
            A::Approve => Self::Approve,
            A::Reject => Self::Reject,
            A::Activate => Self::Activate,
            A::Deactivate => Self::Deactivate,
            A::Recall => Self::Recall,
            A::StartVariation => Self::StartVariation,
            A::SubmitVariation => Self::SubmitVariation,
            A::ApproveVariation => Self::ApproveVariation,
            A::RejectVariation => Self::RejectVariation,
            A::BackToInProgress => Self::BackToInProgress,
        }
    }
}

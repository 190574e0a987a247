//! Checks on MAPP meetings and their minutes (rules.md §1.5 MAPPA D; issue 7 item 3).
//!
//! Decisions where the sources are silent:
//! - A meeting may be scheduled for today; only earlier dates are refused.
//! - Person ids are compared exactly after trimming; a blank approver is never the chair.
//! - Sharing minutes within the recipient's own agency, as necessary, needs no permission
//!   (MAPPA D); sharing beyond it needs the chair's.
//!
//! Error codes: `meeting_in_past`, `not_chair`, `needs_chair_permission`,
//! `confidentiality_not_accepted`.
//!
//! Where a meeting, a version of its minutes and a request to share them onward stand
//! are [`MeetingStatus`], [`MinutesStatus`] and [`OnwardShareStatus`]: stored codes with
//! their labels, defined once.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("The meeting date must be today or in the future")]
    MeetingInPast,
    #[error("Only the chair of the meeting can approve the minutes")]
    NotChair,
    #[error("Sharing the minutes outside your agency needs the chair's permission")]
    NeedsChairPermission,
    #[error("The confidentiality statement must be accepted before the meeting starts")]
    ConfidentialityNotAccepted,
}

impl MeetingError {
    pub fn code(self) -> &'static str {
        match self {
            Self::MeetingInPast => "meeting_in_past",
            Self::NotChair => "not_chair",
            Self::NeedsChairPermission => "needs_chair_permission",
            Self::ConfidentialityNotAccepted => "confidentiality_not_accepted",
        }
    }
}

/// Refuses scheduling a meeting in the past.
pub fn check_meeting_date(meeting_on: NaiveDate, today: NaiveDate) -> Result<(), MeetingError> {
    if meeting_on < today {
        Err(MeetingError::MeetingInPast)
    } else {
        Ok(())
    }
}

/// Only the chair approves the minutes.
pub fn check_minutes_approver(approver_id: &str, chair_id: &str) -> Result<(), MeetingError> {
    let approver = approver_id.trim();
    if !approver.is_empty() && approver == chair_id.trim() {
        Ok(())
    } else {
        Err(MeetingError::NotChair)
    }
}

/// Onward sharing of minutes beyond the recipient's own agency needs the chair's permission.
pub fn check_onward_sharing(
    within_own_agency: bool,
    chair_permission: bool,
) -> Result<(), MeetingError> {
    if within_own_agency || chair_permission {
        Ok(())
    } else {
        Err(MeetingError::NeedsChairPermission)
    }
}

/// Every attendee accepts the confidentiality statement (MAPPA D) at the start.
pub fn check_confidentiality(accepted: bool) -> Result<(), MeetingError> {
    if accepted {
        Ok(())
    } else {
        Err(MeetingError::ConfidentialityNotAccepted)
    }
}

concord_domain::closed_codes! {
    /// Where a MAPP meeting stands: scheduled, open (in progress, once its chair has
    /// accepted the confidentiality statement), or closed.
    pub enum MeetingStatus {
        Scheduled = "scheduled", "Scheduled",
        Open = "open", "In progress",
        Closed = "closed", "Closed",
    }
}

concord_domain::closed_codes! {
    /// Where one version of a case's minutes stands. The labels are the words the
    /// minutes page has always shown, in lower case because they are read inside a
    /// sentence ("Version 2 (distributed)").
    pub enum MinutesStatus {
        Draft = "draft", "draft",
        Approved = "approved", "approved",
        Distributed = "distributed", "distributed",
    }
}

concord_domain::closed_codes! {
    /// Where a request to share a case's minutes beyond the recipient's agency stands:
    /// awaiting the chair, granted or refused. The labels are the words the minutes page
    /// has always shown in its decision column, in lower case.
    pub enum OnwardShareStatus {
        Requested = "requested", "requested",
        Granted = "granted", "granted",
        Refused = "refused", "refused",
    }
}

concord_domain::closed_codes! {
    /// Why a case is on a meeting's agenda: a new referral screened to level 2 or 3, a
    /// review due by the meeting day, open actions carried forward, or added by hand.
    pub enum AgendaReason {
        NewReferral = "new_referral", "New referral",
        Review = "review", "Review due",
        Actions = "actions", "Open actions carried",
        ByHand = "by_hand", "Added by hand",
    }
}

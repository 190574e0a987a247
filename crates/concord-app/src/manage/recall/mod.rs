//! Recall (rules.md §6.3; CJA 2003 ss.254–255C): requested with reasons, often from a
//! breach referral; Concord works out whether a fixed-term recall is possible
//! (concord_licence::assess_recall) and keeps that assessment with the facts it used; a
//! senior officer who did not request it revokes the licence or rejects the request; the
//! police execute it and record the return to custody. Clocks show how long a request
//! has waited and how long a revoked licence has gone unexecuted, to police and
//! probation alike.
//!
//! Decisions:
//! - The facts come from the record where Concord holds them: age on recall from the date
//!   of birth; the sentence length from the custodial sentence the licence follows (its
//!   term as imposed when recorded, else start to end date, in whole months); an
//!   extended sentence from that sentence's kind. The
//!   form may give the sentence passed in months instead, because time on remand shortens
//!   the recorded dates and could otherwise make a 4-year sentence look shorter.
//! - Concord keeps no MAPPA level yet, so it is missing (and the recommendation standard)
//!   unless the form gives it. Schedule 19AA, terrorism and a charge come from the form.
//! - Revoking ends any variation in progress: a recalled licence is never varied back
//!   into force.
//! - The police task is for the police officer allocated to the person; with none, it
//!   goes to the deciding officer's team to pass to the police. The victim liaison
//!   officer's task likewise. Neither names a victim.
//!
//! This file holds the forms and views the use cases share; the
//! use cases are in their own files: `request` (the request and its fixed-term
//! assessment), `decide` (revocation or rejection, and the return to custody that
//! executes it) and `view` (the recalls with their clocks).

mod decide;
mod request;
mod view;

use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::{EnforcementActionId, LicenceVersionId};
pub use concord_licence::RecallStatus;
use concord_licence::{RecallAssessment, RecallFacts, RecallKind, RecallType};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::enforcement::DeadlineView;

/// s.255C: at the end of 28 days back in custody a standard recall not yet released is
/// referred to the Parole Board.
const PAROLE_REFERRAL_DAYS: u64 = 28;

/// A recall request as a form posts it. `None` is "not known".
#[derive(Debug, Clone, Default)]
pub struct RecallForm {
    pub reasons: String,
    /// Recalled because charged with an offence.
    pub charged_with_offence: Option<bool>,
    /// The breach referral the recall follows.
    pub breach_action_id: Option<EnforcementActionId>,
    /// 0 (not managed under MAPPA), 1, 2 or 3.
    pub mappa_level: Option<u8>,
    pub schedule_19aa_offence: Option<bool>,
    pub terrorist_sentence: Option<bool>,
    pub terrorist_mappa_category: Option<bool>,
    /// When not given, read from the sentence's kind.
    pub extended_sentence: Option<bool>,
    /// The sentence passed, when the record's dates do not show it.
    pub sentence_months: Option<u32>,
}

/// One criterion of the assessment as it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallCriterionView {
    pub code: String,
    pub test: String,
    pub met: Option<bool>,
    pub explanation: String,
}

/// The fixed-term assessment as it was made when recall was requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallAssessmentView {
    pub fixed_term_eligible: Option<bool>,
    pub recommended: RecallType,
    pub criteria: Vec<RecallCriterionView>,
    pub missing: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecallRequested {
    pub recall_id: concord_domain::RecallId,
    pub assessment: RecallAssessment,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecallDecided {
    pub status: RecallStatus,
    /// The tasks a revocation opened (police, victim liaison).
    pub tasks: Vec<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnedToCustody {
    /// Automatic release at the end of a fixed-term recall.
    pub release_on: Option<NaiveDate>,
    /// A standard recall still in custody then is referred to the Parole Board (s.255C).
    pub parole_board_referral_by: Option<NaiveDate>,
    /// Referrals to partner services cancelled because the person is back in custody.
    pub referrals_cancelled: usize,
}

/// A recall as police and probation see it, with its clocks.
#[derive(Debug, Clone, Serialize)]
pub struct RecallView {
    pub id: Uuid,
    pub licence_version_id: LicenceVersionId,
    pub status: RecallStatus,
    pub status_label: &'static str,
    pub reasons: String,
    pub facts: RecallFacts,
    pub assessment: RecallAssessmentView,
    pub recall_type: RecallKind,
    pub fixed_term_days: Option<i32>,
    pub breach_action_id: Option<EnforcementActionId>,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: String,
    pub revoked_at: Option<DateTime<Utc>>,
    pub returned_on: Option<NaiveDate>,
    pub release_on: Option<NaiveDate>,
    pub parole_board_referral_by: Option<NaiveDate>,
    pub days_since_requested: i64,
    /// While awaiting a decision.
    pub days_awaiting_decision: Option<i64>,
    /// While the licence is revoked and the person not yet back in custody.
    pub days_revoked_unexecuted: Option<i64>,
    /// The viewer may approve or reject it now.
    pub may_decide: bool,
    pub version: i64,
}

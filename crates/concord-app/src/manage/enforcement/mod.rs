//! Compliance and enforcement: contacts and appointments (attended, or an acceptable or
//! unacceptable absence), police monitoring visits, and what the person discloses (a new
//! relationship, a vehicle); and, after an unacceptable absence, the warning or breach
//! referral rules.md §6.4 calls for (concord_licence::enforcement). Each unacceptable
//! absence opens a task on the caseload until it is answered.
//!
//! Decisions:
//! - Rules.md §6.4 (Sentencing Act 2020 Sch.10 para 6) is written for community orders;
//!   Concord applies the same discipline to licences, counting warnings under the same
//!   licence (every version of it) — a second unacceptable failure within 12 months of a
//!   warning goes to enforcement, never another warning.
//! - Each unacceptable absence is answered once, by a warning or by a breach referral.
//! - Enforcement tasks are due counted from the failure, as enforcement timescales are; a
//!   failure recorded late is due at once.
//!
//! This file holds what the use cases share — the timescales, the codes a form posts, the
//! views, and the reading of warnings under a licence — so that each rule is written once.
//! The use cases are in their own files: `record` (a contact and what it opens),
//! `answer` (a warning or a breach referral), `tasks` (the licence tasks enforcement
//! and recall open and close) and `view` (the compliance page).

mod answer;
mod record;
pub(crate) use record::{check as check_compliance, CheckedEvent};
mod tasks;
mod view;

use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::{AgencyId, ComplianceEventId, PersonId, TeamId, UserId};
use concord_domain::{EnforcementActionId, LicenceId, TaskId};
use concord_licence::{
    Attendance, ComplianceKind, EnforcementDecision, EnforcementKind, EnforcementStatus,
    LicenceStatus, Warning,
};
use concord_store::{ComplianceEventRow, EnforcementActionRow, LicenceRow, TaskRow};
use serde::Serialize;
use uuid::Uuid;

use crate::AppError;

/// Days the responsible officer has to choose a warning or a breach referral after a
/// first unacceptable failure: a working week, as for a rise in risk.
const DECISION_DAYS: u64 = 5;
/// Days to refer a breach, and for the enforcement step after a referral. rules.md §6.4:
/// the National Standards timescales for instigating breach ("within 10 working days")
/// were NOT FOUND in the stored sources; 10 days is Concord's default until confirmed.
pub(crate) const BREACH_DAYS: u64 = 10;

/// How a contact or appointment went: the outcome column holds an [`Attendance`] code
/// only for those (a visit's outcome is text, a disclosure's empty).
fn attendance(e: &ComplianceEventRow) -> Option<Attendance> {
    Attendance::from_code(&e.outcome).filter(|_| e.kind.is_attendance())
}

fn is_failure(e: &ComplianceEventRow) -> bool {
    attendance(e) == Some(Attendance::UnacceptableAbsence)
}

/// A contact, appointment, visit or disclosure as a form posts it.
#[derive(Debug, Clone, Default)]
pub struct ComplianceForm {
    /// A [`ComplianceKind`] code.
    pub kind: String,
    /// Day/month/year or ISO.
    pub occurred_on: String,
    /// For a contact or appointment, an [`Attendance`] code; for a police visit,
    /// what the visit found; unused for a disclosure.
    pub outcome: String,
    /// Notes; the excuse for an acceptable absence; the relationship or vehicle disclosed.
    pub details: String,
}

/// A task enforcement or recall opened, as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub task_id: TaskId,
    pub kind: concord_domain::TaskKind,
    pub title: String,
    pub reason: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
    /// Negative once overdue.
    pub days_left: i64,
}

impl DeadlineView {
    pub(crate) fn from_row(t: &TaskRow, today: NaiveDate) -> Self {
        DeadlineView {
            task_id: t.id,
            kind: t.kind,
            title: t.title.clone(),
            reason: t.reason.clone(),
            due_on: t.due_on,
            overdue: t.due_on < today,
            days_left: (t.due_on - today).num_days(),
        }
    }
}

/// What recording a contact decided, for the page that confirms it.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceRecorded {
    pub event_id: ComplianceEventId,
    /// For an unacceptable absence: warn or refer, or refer because a warning is in force.
    pub decision: Option<EnforcementDecision>,
    /// The task opened for the case team.
    pub task: Option<DeadlineView>,
    /// What must happen next, in words.
    pub next_step: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceEventView {
    pub id: Uuid,
    pub kind: ComplianceKind,
    pub kind_label: String,
    pub occurred_on: NaiveDate,
    pub outcome: String,
    /// The attendance label, or the visit's outcome text.
    pub outcome_label: String,
    pub details: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub under_licence: bool,
    /// For an unacceptable absence: a warning or a breach referral once answered.
    pub answered_by: Option<EnforcementKind>,
    pub awaiting_decision: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct WarningView {
    pub id: EnforcementActionId,
    pub failure_event_id: Uuid,
    pub given_on: NaiveDate,
    pub given_by: String,
    pub reason: String,
    /// The last day on which a further failure must be referred.
    pub expires_on: NaiveDate,
    pub in_force: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreachView {
    pub id: EnforcementActionId,
    pub failure_event_id: Uuid,
    pub given_on: NaiveDate,
    pub referred_by: String,
    pub reason: String,
    pub deadline: Option<NaiveDate>,
    /// Referred, or recall requested.
    pub status: EnforcementStatus,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceView {
    pub person_id: PersonId,
    /// Newest first.
    pub events: Vec<ComplianceEventView>,
    pub warnings: Vec<WarningView>,
    pub breaches: Vec<BreachView>,
    /// Open enforcement and recall tasks, soonest due first (they are on the caseload).
    pub deadlines: Vec<DeadlineView>,
    /// Until this day a further unacceptable failure under the licence in force must be
    /// referred (a warning is in force).
    pub referral_required_until: Option<NaiveDate>,
    pub licence_in_force: bool,
}

/// Whose a task is: agency, team, member of staff.
pub(crate) type TaskOwner = (AgencyId, Option<TeamId>, Option<UserId>);

const SCH10: &str = "Sentencing Act 2020 Sch.10 para 6";

/// The licence version in force now, if any.
pub(crate) fn active_licence(rows: &[LicenceRow]) -> Result<Option<&LicenceRow>, AppError> {
    for r in rows {
        if r.status == LicenceStatus::Active {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// Warnings given under `licence` (the same order), for concord_licence::enforcement.
fn warnings_under(actions: &[EnforcementActionRow], licence: Option<LicenceId>) -> Vec<Warning> {
    actions
        .iter()
        .filter(|a| a.kind == EnforcementKind::Warning && a.licence_id == licence)
        .map(|a| Warning {
            given_on: a.given_on,
        })
        .collect()
}

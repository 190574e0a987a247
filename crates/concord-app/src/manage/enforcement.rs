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

use chrono::{DateTime, Days, NaiveDate, Utc};
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_licence::{EnforcementDecision, LicenceStatus, Outcome, Warning};
use concord_store::audit::AuditKind;
use concord_store::{ComplianceEventRow, EnforcementActionRow, LicenceRow, TaskRow, Tx};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::form::text;
use super::licence::{period_of, status_of};
use crate::access::Note;
use crate::person::Names;
use crate::{App, AppError};

/// Days the responsible officer has to choose a warning or a breach referral after a
/// first unacceptable failure: a working week, as for a rise in risk.
const DECISION_DAYS: u64 = 5;
/// Days to refer a breach, and for the enforcement step after a referral. rules.md §6.4:
/// the National Standards timescales for instigating breach ("within 10 working days")
/// were NOT FOUND in the stored sources; 10 days is Concord's default until confirmed.
const BREACH_DAYS: u64 = 10;

/// (code, label) of the things recorded.
pub const COMPLIANCE_KINDS: [(&str, &str); 5] = [
    ("contact", "Contact"),
    ("appointment", "Appointment"),
    ("police_visit", "Police monitoring visit"),
    (
        "disclosure_relationship",
        "Disclosure of a new relationship",
    ),
    ("disclosure_vehicle", "Disclosure of a vehicle"),
];

/// (code, label) of how a contact or appointment went.
pub const ATTENDANCE_OUTCOMES: [(&str, &str); 3] = [
    ("attended", "Attended"),
    ("acceptable_absence", "Absent with a reasonable excuse"),
    ("unacceptable_absence", "Absent without a reasonable excuse"),
];

fn attendance(code: &str) -> Option<Outcome> {
    match code {
        "attended" => Some(Outcome::Attended),
        "acceptable_absence" => Some(Outcome::AcceptableAbsence),
        "unacceptable_absence" => Some(Outcome::UnacceptableAbsence),
        _ => None,
    }
}

/// Only a contact or an appointment is attended or missed; a visit's outcome is text.
fn is_failure(e: &ComplianceEventRow) -> bool {
    matches!(e.kind.as_str(), "contact" | "appointment")
        && attendance(&e.outcome) == Some(Outcome::UnacceptableAbsence)
}

fn label(list: &[(&'static str, &'static str)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_string(), |(_, l)| (*l).to_string())
}

/// A contact, appointment, visit or disclosure as a form posts it.
#[derive(Debug, Clone, Default)]
pub struct ComplianceForm {
    /// One of [`COMPLIANCE_KINDS`].
    pub kind: String,
    /// Day/month/year or ISO.
    pub occurred_on: String,
    /// For a contact or appointment, one of [`ATTENDANCE_OUTCOMES`]; for a police visit,
    /// what the visit found; unused for a disclosure.
    pub outcome: String,
    /// Notes; the excuse for an acceptable absence; the relationship or vehicle disclosed.
    pub details: String,
}

/// A task enforcement or recall opened, as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub task_id: Uuid,
    pub kind: String,
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
            kind: t.kind.clone(),
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
    pub event_id: Uuid,
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
    pub kind: String,
    pub kind_label: String,
    pub occurred_on: NaiveDate,
    pub outcome: String,
    /// The attendance label, or the visit's outcome text.
    pub outcome_label: String,
    pub details: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub under_licence: bool,
    /// For an unacceptable absence: `warning` or `breach` once answered.
    pub answered_by: Option<String>,
    pub awaiting_decision: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct WarningView {
    pub id: Uuid,
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
    pub id: Uuid,
    pub failure_event_id: Uuid,
    pub given_on: NaiveDate,
    pub referred_by: String,
    pub reason: String,
    pub deadline: Option<NaiveDate>,
    /// `referred` or `recall_requested`.
    pub status: String,
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
pub(crate) type TaskOwner = (Uuid, Option<Uuid>, Option<Uuid>);

const SCH10: &str = "Sentencing Act 2020 Sch.10 para 6";

/// The task an unacceptable absence opens, and what must happen next.
struct Step {
    kind: &'static str,
    title: String,
    reason: String,
    days: u64,
    next: String,
}

fn enforcement_step(decision: EnforcementDecision, failed_on: NaiveDate) -> Step {
    let on = concord_domain::format_date(failed_on);
    match decision {
        EnforcementDecision::WarnOrRefer => Step {
            kind: "enforcement_decision",
            title: "Decide: warning or breach".into(),
            reason: format!("Unacceptable absence on {on}"),
            days: DECISION_DAYS,
            next: "No warning is in force: give a warning or refer for breach.".into(),
        },
        EnforcementDecision::MustRefer { warning_on } => {
            let warned = concord_domain::format_date(warning_on);
            Step {
                kind: "breach_referral",
                title: "Refer for breach: a warning is in force".into(),
                reason: format!(
                    "Unacceptable absence on {on}, within 12 months of the warning given on \
                     {warned}"
                ),
                days: BREACH_DAYS,
                next: format!(
                    "A warning was given on {warned}: this failure must be referred for breach \
                     ({SCH10}); another warning cannot be given."
                ),
            }
        }
    }
}

/// The licence version in force now, if any.
pub(crate) fn active_licence(rows: &[LicenceRow]) -> Result<Option<&LicenceRow>, AppError> {
    for r in rows {
        if status_of(r)? == LicenceStatus::Active {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// Warnings given under `licence` (the same order), for concord_licence::enforcement.
fn warnings_under(actions: &[EnforcementActionRow], licence: Option<Uuid>) -> Vec<Warning> {
    actions
        .iter()
        .filter(|a| a.kind == "warning" && a.licence_id == licence)
        .map(|a| Warning {
            given_on: a.given_on,
        })
        .collect()
}

struct CheckedEvent {
    kind: String,
    occurred_on: NaiveDate,
    outcome: String,
    details: String,
}

fn check(
    form: &ComplianceForm,
    today: NaiveDate,
    licence: Option<&LicenceRow>,
) -> Result<CheckedEvent, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = form.kind.trim().to_string();
    if !COMPLIANCE_KINDS.iter().any(|(c, _)| *c == kind) {
        errors.push(FieldError::new(
            "kind",
            "invalid",
            "Choose a contact, an appointment, a police monitoring visit or a disclosure",
        ));
    }
    let occurred_on = match concord_domain::parse_date("occurred_on", "The date", &form.occurred_on)
    {
        Ok(d) if d > today => {
            errors.push(FieldError::new(
                "occurred_on",
                "future",
                "The date must be today or in the past",
            ));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if let (Some(d), Some(l)) = (occurred_on, licence) {
        let period = period_of(l);
        if d < period.start || d > period.end {
            errors.push(FieldError::new(
                "occurred_on",
                "outside_licence_period",
                format!(
                    "The date must be within the licence period, {} to {}",
                    concord_domain::format_date(period.start),
                    concord_domain::format_date(period.end)
                ),
            ));
        }
    }
    let mut outcome = form.outcome.trim().to_string();
    let details;
    match kind.as_str() {
        "contact" | "appointment" => {
            if attendance(&outcome).is_none() {
                errors.push(FieldError::new(
                    "outcome",
                    "invalid",
                    "Choose attended, absent with a reasonable excuse, or absent without one",
                ));
            }
            // An absence is accepted only for a reason that is written down.
            let excuse = outcome == "acceptable_absence";
            let what = if excuse {
                "the reasonable excuse"
            } else {
                "notes"
            };
            details = text(&mut errors, "details", &form.details, what, excuse, 4000);
        }
        "police_visit" => {
            outcome = text(
                &mut errors,
                "outcome",
                &form.outcome,
                "what the visit found",
                true,
                2000,
            );
            details = text(&mut errors, "details", &form.details, "notes", false, 4000);
        }
        "disclosure_relationship" | "disclosure_vehicle" => {
            outcome = String::new();
            let what = if kind == "disclosure_vehicle" {
                "the vehicle (make, model, colour and registration)"
            } else {
                "who the relationship is with and since when"
            };
            details = text(&mut errors, "details", &form.details, what, true, 4000);
        }
        _ => details = form.details.trim().to_string(),
    }
    match occurred_on {
        Some(occurred_on) if errors.is_empty() => Ok(CheckedEvent {
            kind,
            occurred_on,
            outcome,
            details,
        }),
        _ => Err(errors),
    }
}

impl App {
    pub(crate) async fn licence_section(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
        person: PersonId,
    ) -> Result<Capability, AppError> {
        self.authorize_person(tx, actor, action, person, SectionSet::one(Section::Licence))
            .await
    }

    /// Open an enforcement or recall task for whoever holds `owner` (agency, team, user).
    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is one column of the task; a struct would only rename them"
    )]
    pub(crate) async fn open_licence_task(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        cap: &Capability,
        person: PersonId,
        owner: TaskOwner,
        kind: &str,
        title: String,
        reason: String,
        due_on: NaiveDate,
    ) -> Result<TaskRow, AppError> {
        let task = TaskRow {
            id: Uuid::now_v7(),
            person_id: person.0,
            agency_id: owner.0,
            team_id: owner.1,
            user_id: owner.2,
            kind: kind.into(),
            title,
            reason,
            due_on,
            assessment_id: None,
            created_by: actor.user_id.0,
            created_at: self.clock.now(),
            done_by: None,
            done_at: None,
        };
        concord_store::insert_licence_task(tx, cap, &task).await?;
        Ok(task)
    }

    /// Record a contact, appointment, police visit or disclosure. An unacceptable absence
    /// is met as rules.md §6.4 requires: with a warning in force, a mandatory breach
    /// referral; otherwise a decision, warning or referral, for the responsible officer.
    pub async fn record_compliance(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &ComplianceForm,
    ) -> Result<ComplianceRecorded, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            // Change, not create: the licence in force is read to check the date.
            let cap = self
                .licence_section(&mut tx, actor, Action::Change, person)
                .await?;
            let licences = concord_store::licences_of(&mut tx, &cap, person.0).await?;
            let licence = active_licence(&licences)?;
            let today = self.clock.today();
            let e = check(form, today, licence).map_err(AppError::Validation)?;
            let licence_id = licence.map(|l| l.licence_id);
            // Only a contact or an appointment is attended or missed.
            let attended = attendance(&e.outcome)
                .filter(|_| matches!(e.kind.as_str(), "contact" | "appointment"));
            let decision = match attended {
                Some(outcome) => {
                    let actions =
                        concord_store::enforcement_actions_of(&mut tx, &cap, person.0).await?;
                    concord_licence::enforcement::after_outcome(
                        outcome,
                        e.occurred_on,
                        &warnings_under(&actions, licence_id),
                    )
                }
                None => None,
            };
            let (task, next_step) = if let Some(decision) = decision {
                let step = enforcement_step(decision, e.occurred_on);
                // The responsible officer's team decides; without a licence, the recorder's.
                let owner = match licence {
                    Some(l) => (l.agency_id, l.team_id, l.responsible_officer),
                    None => (
                        actor.agency_id.0,
                        actor.team_id.map(|t| t.0),
                        Some(actor.user_id.0),
                    ),
                };
                let due = (e.occurred_on + Days::new(step.days)).max(today);
                let task = self
                    .open_licence_task(
                        &mut tx,
                        actor,
                        &cap,
                        person,
                        owner,
                        step.kind,
                        step.title,
                        step.reason,
                        due,
                    )
                    .await?;
                (Some(task), Some(step.next))
            } else {
                (None, None)
            };
            let id = Uuid::now_v7();
            concord_store::insert_compliance_event(
                &mut tx,
                &cap,
                &ComplianceEventRow {
                    id,
                    person_id: person.0,
                    agency_id: actor.agency_id.0,
                    licence_id,
                    kind: e.kind.clone(),
                    occurred_on: e.occurred_on,
                    outcome: e.outcome.clone(),
                    details: e.details,
                    task_id: task.as_ref().map(|t| t.id),
                    recorded_by: actor.user_id.0,
                    recorded_at: self.clock.now(),
                },
            )
            .await?;
            self.audit(
                &mut tx,
                actor,
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                &format!(
                    "recorded compliance: {}",
                    label(&COMPLIANCE_KINDS, &e.kind).to_lowercase()
                ),
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({
                        "event": id,
                        "kind": e.kind,
                        "outcome": if e.kind == "police_visit" { None } else { Some(&e.outcome) },
                        "decision": decision,
                        "task": task.as_ref().map(|t| t.id),
                    })),
                    ..Note::default()
                },
            )
            .await?;
            Ok(ComplianceRecorded {
                event_id: id,
                decision,
                task: task.as_ref().map(|t| DeadlineView::from_row(t, today)),
                next_step,
            })
        }
        .await;
        self.finish(tx, result).await
    }

    /// Give a warning for an unacceptable absence. Refused when a warning is already in
    /// force (the failure must be referred) or the absence has been answered.
    pub async fn give_warning(
        &self,
        actor: &Actor,
        person: PersonId,
        failure_event_id: Uuid,
        reason: &str,
    ) -> Result<Uuid, AppError> {
        self.answer_failure(actor, person, failure_event_id, reason, "warning")
            .await
    }

    /// Refer an unacceptable absence for breach (enforcement).
    pub async fn refer_breach(
        &self,
        actor: &Actor,
        person: PersonId,
        failure_event_id: Uuid,
        reason: &str,
    ) -> Result<Uuid, AppError> {
        self.answer_failure(actor, person, failure_event_id, reason, "breach")
            .await
    }

    async fn answer_failure(
        &self,
        actor: &Actor,
        person: PersonId,
        failure_event_id: Uuid,
        reason: &str,
        kind: &'static str,
    ) -> Result<Uuid, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Change, person)
                .await?;
            let event = concord_store::compliance_events_of(&mut tx, &cap, person.0)
                .await?
                .into_iter()
                .find(|e| e.id == failure_event_id)
                .ok_or(AppError::NotFound)?;
            let actions = concord_store::enforcement_actions_of(&mut tx, &cap, person.0).await?;
            let mut errors = ValidationErrors::new();
            let what = if kind == "warning" {
                "why the warning is given (the circumstances of the failure)"
            } else {
                "why the failure is referred for breach"
            };
            let reason = text(&mut errors, "reason", reason, what, true, 4000);
            if !is_failure(&event) {
                errors.push(FieldError::new(
                    "failure_event_id",
                    "not_a_failure",
                    "Only an unacceptable absence is answered with a warning or a breach referral",
                ));
            } else if let Some(done) = actions.iter().find(|a| a.failure_event_id == event.id) {
                errors.push(FieldError::new(
                    "failure_event_id",
                    "already_answered",
                    format!(
                        "This absence was already answered with a {} on {}",
                        if done.kind == "warning" {
                            "warning"
                        } else {
                            "breach referral"
                        },
                        concord_domain::format_date(done.given_on)
                    ),
                ));
            } else if kind == "warning" {
                if let EnforcementDecision::MustRefer { warning_on } = concord_licence::decide(
                    event.occurred_on,
                    &warnings_under(&actions, event.licence_id),
                ) {
                    errors.push(FieldError::new(
                        "decision",
                        "referral_required",
                        format!(
                            "A warning cannot be given: a warning was given on {}, within 12 \
                             months, so this failure must be referred for breach ({SCH10})",
                            concord_domain::format_date(warning_on)
                        ),
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let today = self.clock.today();
            let id = Uuid::now_v7();
            concord_store::insert_enforcement_action(
                &mut tx,
                &cap,
                &EnforcementActionRow {
                    id,
                    person_id: person.0,
                    agency_id: actor.agency_id.0,
                    licence_id: event.licence_id,
                    kind: kind.into(),
                    failure_event_id: event.id,
                    given_on: today,
                    reason,
                    deadline: (kind == "breach").then(|| today + Days::new(BREACH_DAYS)),
                    status: if kind == "warning" {
                        "given"
                    } else {
                        "referred"
                    }
                    .into(),
                    created_by: actor.user_id.0,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            // The warning or referral is what the decision task asked for. One already
            // closed by hand needs nothing more.
            if let Some(task) = event.task_id {
                concord_store::complete_licence_task(
                    &mut tx,
                    &cap,
                    person.0,
                    task,
                    actor.user_id.0,
                    self.clock.now(),
                )
                .await?;
            }
            self.audit(
                &mut tx,
                actor,
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                if kind == "warning" {
                    "gave a warning for an unacceptable absence"
                } else {
                    "referred an unacceptable absence for breach"
                },
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"action": id, "failure": event.id, "task": event.task_id})),
                    ..Note::default()
                },
            )
            .await?;
            Ok(id)
        }
        .await;
        self.finish(tx, result).await
    }

    /// Close an enforcement or recall task that no recorded step closes (telling the
    /// victim of a recall). A decision, a breach referral or a recall's execution is
    /// closed by recording it.
    pub async fn complete_licence_task(
        &self,
        actor: &Actor,
        person: PersonId,
        task: Uuid,
    ) -> Result<(), AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Change, person)
                .await?;
            let row = concord_store::licence_tasks_of(&mut tx, &cap, person.0)
                .await?
                .into_iter()
                .find(|t| t.id == task && t.done_at.is_none())
                .ok_or(AppError::NotFound)?;
            let step = match row.kind.as_str() {
                "enforcement_decision" => Some("give a warning or refer the absence for breach"),
                "breach_referral" => Some("refer the absence for breach"),
                "recall_execute" => Some("record the return to custody"),
                _ => None,
            };
            if let Some(step) = step {
                return Err(AppError::field(
                    "task",
                    "closed_by_step",
                    format!("This task is done when you {step}"),
                ));
            }
            if !concord_store::complete_licence_task(
                &mut tx,
                &cap,
                person.0,
                task,
                actor.user_id.0,
                self.clock.now(),
            )
            .await?
            {
                return Err(AppError::Conflict);
            }
            self.audit(
                &mut tx,
                actor,
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "completed a task",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"task": task, "kind": row.kind})),
                    ..Note::default()
                },
            )
            .await
        }
        .await;
        self.finish(tx, result).await
    }

    /// Everything recorded about compliance, the warnings with their expiry, the breach
    /// referrals and the open deadlines.
    pub async fn compliance(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ComplianceView, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Read, person)
                .await?;
            let events = concord_store::compliance_events_of(&mut tx, &cap, person.0).await?;
            let actions = concord_store::enforcement_actions_of(&mut tx, &cap, person.0).await?;
            let tasks = concord_store::licence_tasks_of(&mut tx, &cap, person.0).await?;
            let licences = concord_store::licences_of(&mut tx, &cap, person.0).await?;
            let licence_id = active_licence(&licences)?.map(|l| l.licence_id);
            let users: Vec<Uuid> = events
                .iter()
                .map(|e| e.recorded_by)
                .chain(actions.iter().map(|a| a.created_by))
                .collect();
            let names = Names::load(&mut tx, &users).await?;
            let today = self.clock.today();
            let open_task = |id: Option<Uuid>| {
                id.is_some_and(|id| tasks.iter().any(|t| t.id == id && t.done_at.is_none()))
            };
            let mut event_views: Vec<ComplianceEventView> = events
                .iter()
                .map(|e| {
                    let answered_by = actions
                        .iter()
                        .find(|a| a.failure_event_id == e.id)
                        .map(|a| a.kind.clone());
                    ComplianceEventView {
                        id: e.id,
                        kind: e.kind.clone(),
                        kind_label: label(&COMPLIANCE_KINDS, &e.kind),
                        occurred_on: e.occurred_on,
                        outcome: e.outcome.clone(),
                        outcome_label: if matches!(e.kind.as_str(), "contact" | "appointment") {
                            label(&ATTENDANCE_OUTCOMES, &e.outcome)
                        } else {
                            e.outcome.clone()
                        },
                        details: e.details.clone(),
                        recorded_by: names.user(Some(e.recorded_by)),
                        recorded_at: e.recorded_at,
                        under_licence: e.licence_id.is_some(),
                        awaiting_decision: answered_by.is_none() && open_task(e.task_id),
                        answered_by,
                    }
                })
                .collect();
            event_views.reverse();
            let warnings: Vec<WarningView> = actions
                .iter()
                .filter(|a| a.kind == "warning")
                .map(|a| {
                    let expires_on = concord_licence::warning_expires(&Warning {
                        given_on: a.given_on,
                    });
                    WarningView {
                        id: a.id,
                        failure_event_id: a.failure_event_id,
                        given_on: a.given_on,
                        given_by: names.user(Some(a.created_by)),
                        reason: a.reason.clone(),
                        expires_on,
                        in_force: a.given_on <= today && today <= expires_on,
                    }
                })
                .collect();
            let breaches = actions
                .iter()
                .filter(|a| a.kind == "breach")
                .map(|a| BreachView {
                    id: a.id,
                    failure_event_id: a.failure_event_id,
                    given_on: a.given_on,
                    referred_by: names.user(Some(a.created_by)),
                    reason: a.reason.clone(),
                    deadline: a.deadline,
                    status: a.status.clone(),
                    overdue: a.status == "referred" && a.deadline.is_some_and(|d| d < today),
                })
                .collect();
            let referral_required_until = actions
                .iter()
                .filter(|a| {
                    a.kind == "warning" && a.licence_id.is_some() && a.licence_id == licence_id
                })
                .map(|a| {
                    concord_licence::warning_expires(&Warning {
                        given_on: a.given_on,
                    })
                })
                .filter(|d| *d >= today)
                .max();
            self.audit(
                &mut tx,
                actor,
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed compliance and enforcement",
                Note::sections(SectionSet::one(Section::Licence)),
            )
            .await?;
            Ok(ComplianceView {
                person_id: person,
                events: event_views,
                warnings,
                breaches,
                deadlines: tasks
                    .iter()
                    .filter(|t| t.done_at.is_none())
                    .map(|t| DeadlineView::from_row(t, today))
                    .collect(),
                referral_required_until,
                licence_in_force: licence_id.is_some(),
            })
        }
        .await;
        self.finish(tx, result).await
    }
}

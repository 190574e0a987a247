//! Recording a contact, appointment, police visit or disclosure, and what an unacceptable
//! absence opens: the warn-or-refer decision, or the mandatory breach referral when a
//! warning is in force (rules.md §6.4). The checks of the form live here because only
//! recording uses them.

use chrono::{Days, NaiveDate};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{ComplianceEventId, FieldError, PersonId, TaskKind, ValidationErrors};
use concord_licence::{Attendance, ComplianceKind, EnforcementDecision, Outcome};
use concord_store::audit::AuditKind;
use concord_store::{ComplianceEventRow, LicenceRow};
use serde_json::json;
use uuid::Uuid;

use super::{
    active_licence, warnings_under, ComplianceForm, ComplianceRecorded, DeadlineView, BREACH_DAYS,
    DECISION_DAYS, SCH10,
};
use crate::access::Note;
use crate::manage::form::text;
use crate::manage::licence::period_of;
use crate::{AppError, Manage};

/// The task an unacceptable absence opens, and what must happen next.
struct Step {
    kind: TaskKind,
    title: String,
    reason: String,
    days: u64,
    next: String,
}

fn enforcement_step(decision: EnforcementDecision, failed_on: NaiveDate) -> Step {
    let on = concord_domain::format_date(failed_on);
    match decision {
        EnforcementDecision::WarnOrRefer => Step {
            kind: TaskKind::EnforcementDecision,
            title: "Decide: warning or breach".into(),
            reason: format!("Unacceptable absence on {on}"),
            days: DECISION_DAYS,
            next: "No warning is in force: give a warning or refer for breach.".into(),
        },
        EnforcementDecision::MustRefer { warning_on } => {
            let warned = concord_domain::format_date(warning_on);
            Step {
                kind: TaskKind::BreachReferral,
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

pub(crate) struct CheckedEvent {
    pub kind: ComplianceKind,
    pub occurred_on: NaiveDate,
    pub outcome: String,
    pub details: String,
}

pub(crate) fn check(
    form: &ComplianceForm,
    today: NaiveDate,
    licence: Option<&LicenceRow>,
) -> Result<CheckedEvent, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = ComplianceKind::from_code(form.kind.trim());
    if kind.is_none() {
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
    match kind {
        Some(ComplianceKind::Contact | ComplianceKind::Appointment | ComplianceKind::ApCurfew) => {
            if Attendance::from_code(&outcome).is_none() {
                errors.push(FieldError::new(
                    "outcome",
                    "invalid",
                    "Choose attended, absent with a reasonable excuse, or absent without one",
                ));
            }
            // An absence is accepted only for a reason that is written down.
            let excuse = Attendance::from_code(&outcome) == Some(Attendance::AcceptableAbsence);
            let what = if excuse {
                "the reasonable excuse"
            } else {
                "notes"
            };
            details = text(&mut errors, "details", &form.details, what, excuse, 4000);
        }
        Some(ComplianceKind::PoliceVisit) => {
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
        Some(
            disclosure @ (ComplianceKind::DisclosureRelationship
            | ComplianceKind::DisclosureVehicle),
        ) => {
            outcome = String::new();
            let what = if disclosure == ComplianceKind::DisclosureVehicle {
                "the vehicle (make, model, colour and registration)"
            } else {
                "who the relationship is with and since when"
            };
            details = text(&mut errors, "details", &form.details, what, true, 4000);
        }
        None => details = form.details.trim().to_string(),
    }
    match (kind, occurred_on) {
        (Some(kind), Some(occurred_on)) if errors.is_empty() => Ok(CheckedEvent {
            kind,
            occurred_on,
            outcome,
            details,
        }),
        _ => Err(errors),
    }
}

impl Manage<'_> {
    /// Record a contact, appointment, police visit or disclosure. An unacceptable absence
    /// is met as rules.md §6.4 requires: with a warning in force, a mandatory breach
    /// referral; otherwise a decision, warning or referral, for the responsible officer.
    pub async fn record_compliance(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &ComplianceForm,
    ) -> Result<ComplianceRecorded, AppError> {
        self.run(actor, async |w| {
            // Change, not create: the licence in force is read to check the date.
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let licences = concord_store::licences_of(w.tx(), &cap, person).await?;
            let licence = active_licence(&licences)?;
            let today = self.clock.today();
            let e = check(form, today, licence).map_err(AppError::Validation)?;
            self.record_checked(w, &cap, &cap, person, e).await
        })
        .await
    }

    /// Keep a checked event and meet a failure as the rules require: the licence and the
    /// warnings read under `read`, the event and any task written under `write` (the
    /// licence section's, or an approved premises' stay for its curfew).
    pub(crate) async fn record_checked(
        &self,
        w: &mut crate::kernel::Work<'_>,
        read: &concord_authz::Capability,
        write: &concord_authz::Capability,
        person: PersonId,
        e: CheckedEvent,
    ) -> Result<ComplianceRecorded, AppError> {
        let actor = w.actor();
        let cap = read;
        {
            let licences = concord_store::licences_of(w.tx(), cap, person).await?;
            let licence = active_licence(&licences)?;
            let today = self.clock.today();
            let licence_id = licence.map(|l| l.licence_id);
            // Only a contact or an appointment is attended or missed.
            let attended = Attendance::from_code(&e.outcome)
                .filter(|_| e.kind.is_attendance())
                .map(Outcome::from);
            let decision = match attended {
                Some(outcome) => {
                    let actions =
                        concord_store::enforcement_actions_of(w.tx(), cap, person).await?;
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
                    None => (actor.agency_id, actor.team_id, Some(actor.user_id)),
                };
                let due = (e.occurred_on + Days::new(step.days)).max(today);
                let task = self
                    .open_licence_task(
                        w.tx(),
                        actor,
                        write,
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
                w.tx(),
                write,
                &ComplianceEventRow {
                    id: ComplianceEventId(id),
                    person_id: person,
                    agency_id: actor.agency_id,
                    licence_id,
                    kind: e.kind,
                    occurred_on: e.occurred_on,
                    outcome: e.outcome.clone(),
                    details: e.details,
                    task_id: task.as_ref().map(|t| t.id),
                    recorded_by: actor.user_id,
                    recorded_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                &format!(
                    "recorded compliance: {}",
                    e.kind.label().to_lowercase()
                ),
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({
                        "event": id,
                        "kind": e.kind,
                        "outcome": if e.kind == ComplianceKind::PoliceVisit { None } else { Some(&e.outcome) },
                        "decision": decision,
                        "task": task.as_ref().map(|t| t.id),
                    })),
                    ..Note::default()
                },
            );
            Ok(ComplianceRecorded {
                event_id: ComplianceEventId(id),
                decision,
                task: task.as_ref().map(|t| DeadlineView::from_row(t, today)),
                next_step,
            })
        }
    }
}

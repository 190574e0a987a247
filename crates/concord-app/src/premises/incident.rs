//! Incidents at the premises, recorded by its staff on the resident's stay: what happened
//! and when, and whom it was reported to. The offender manager is always told (a task on
//! the caseload); the police officers allocated to him are told too when it is a police
//! matter (violence, threats, a weapon, contact with a victim) or the staff called them;
//! a safeguarding concern must say to whom it was referred.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    format_date, ApBookingId, BookingStatus, FieldError, IncidentKind, PersonId, TaskKind,
    ValidationErrors,
};
use concord_store::audit::AuditKind;
use concord_store::IncidentRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::notify::{tell_case_team, Told};
use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

/// An incident as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct IncidentForm {
    /// An [`IncidentKind`] code.
    pub kind: String,
    /// The day (today when empty) and the time, 24-hour clock.
    pub on: String,
    pub time: String,
    pub details: String,
    /// The staff told the police at the time.
    pub police_informed: bool,
    /// The police log or crime number, if known.
    pub police_reference: String,
    /// To whom a safeguarding concern was referred.
    pub safeguarding_referral: String,
}

/// An incident as the stay page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    pub kind: IncidentKind,
    pub occurred_at: DateTime<Utc>,
    pub details: String,
    /// "Police told at the time (log 123 of 4/4/2026)", "Police told through Concord", or
    /// empty.
    pub police: String,
    pub safeguarding_referral: String,
    pub recorded_by: String,
}

impl IncidentView {
    pub(super) fn of(row: &IncidentRow, recorded_by: String) -> Self {
        let reference = if row.police_reference.is_empty() {
            String::new()
        } else {
            format!(" (reference {})", row.police_reference)
        };
        let police = if row.police_informed {
            format!("Police told at the time{reference}")
        } else if row.kind.police_matter() {
            "His police officers told through Concord".into()
        } else {
            String::new()
        };
        IncidentView {
            kind: row.kind,
            occurred_at: row.occurred_at,
            details: row.details.clone(),
            police,
            safeguarding_referral: row.safeguarding_referral.clone(),
            recorded_by,
        }
    }
}

impl Premises<'_> {
    /// Record an incident involving a resident and tell his case team.
    pub async fn record_incident(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &IncidentForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, b) = self.booking(w, Action::Change, person, booking).await?;
            if b.status != BookingStatus::Arrived {
                return Err(AppError::field(
                    "kind",
                    "not_resident",
                    format!(
                        "He is not resident (the booking is {}): an incident is recorded on a resident's stay",
                        b.status.label().to_lowercase()
                    ),
                ));
            }
            let mut errors = ValidationErrors::new();
            let kind = IncidentKind::from_code(form.kind.trim());
            if kind.is_none() {
                errors.push(FieldError::new("kind", "required", "Choose what happened"));
            }
            let now = self.clock.now();
            let when = super::moment(&mut errors, ("on", &form.on), ("time", &form.time), now);
            let details = text(&mut errors, "details", &form.details, "what happened", true, 4000);
            let police_reference = text(
                &mut errors,
                "police_reference",
                &form.police_reference,
                "the police reference",
                false,
                100,
            );
            let safeguarding = text(
                &mut errors,
                "safeguarding_referral",
                &form.safeguarding_referral,
                "to whom the safeguarding concern was referred",
                kind == Some(IncidentKind::Safeguarding),
                500,
            );
            if !police_reference.is_empty() && !form.police_informed {
                errors.push(FieldError::new(
                    "police_informed",
                    "reference_without_police",
                    "A police reference is given: say that the police were told",
                ));
            }
            if let Some((_, at)) = when {
                if at > now + chrono::Duration::minutes(5) {
                    errors.push(FieldError::new("time", "in_future", "The incident cannot be in the future"));
                }
                if b.arrived_at.is_some_and(|a| crate::london_date(at) < crate::london_date(a)) {
                    errors.push(FieldError::new(
                        "on",
                        "before_arrival",
                        format!("He arrived on {}: the incident cannot be before that day", format_date(b.arrival_on)),
                    ));
                }
            }
            let (Some(kind), Some((_, at)), true) = (kind, when, errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            let row = IncidentRow {
                id: Uuid::now_v7(),
                booking_id: booking,
                person_id: person,
                premises_id: b.premises_id,
                occurred_at: at,
                kind,
                details: details.clone(),
                police_informed: form.police_informed,
                police_reference: police_reference.clone(),
                safeguarding_referral: safeguarding.clone(),
                recorded_by: actor.user_id,
                recorded_at: now,
            };
            concord_store::insert_ap_incident(w.tx(), &cap, &row).await?;
            let told = if kind.police_matter() || form.police_informed {
                Told::AndPolice
            } else {
                Told::OffenderManager
            };
            let mut reason = format!("{}: {details}", crate::london_time(at).format("%-d/%-m/%Y %H:%M"));
            if form.police_informed {
                reason.push_str(" Police told at the time");
                if !police_reference.is_empty() {
                    reason.push_str(&format!(" (reference {police_reference})"));
                }
                reason.push('.');
            }
            if !safeguarding.is_empty() {
                reason.push_str(&format!(" Safeguarding referral: {safeguarding}."));
            }
            let tasks_for = tell_case_team(
                w,
                &self.clock,
                &cap,
                person,
                told,
                TaskKind::ApIncident,
                &format!("Incident at the approved premises: {}", kind.label().to_lowercase()),
                &reason,
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "recorded an incident at an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "incident": row.id, "kind": kind.code(), "tasks_for": tasks_for})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

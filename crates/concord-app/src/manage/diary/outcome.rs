//! Recording how a booked appointment went: kept, missed with or without a reasonable
//! excuse, or what a police visit found. Recorded as the compliance event a contact
//! entered by hand would be, checked by the same rules, so an unacceptable absence opens
//! the warning-or-breach decision (or the mandatory referral) at once.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{DiaryAppointmentId, FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::DiaryAppointmentRow;
use serde_json::json;

use super::DiaryOutcomeForm;
use crate::access::Note;
use crate::clock::{london_date, london_time};
use crate::manage::enforcement::{active_licence, check_compliance};
use crate::{AppError, ComplianceForm, ComplianceRecorded, Manage};

/// Why an appointment cannot take an outcome, if it cannot.
fn refusal(a: &DiaryAppointmentRow, now: DateTime<Utc>) -> Option<FieldError> {
    if a.cancelled_at.is_some() {
        Some(FieldError::new(
            "outcome",
            "cancelled",
            "This appointment was cancelled",
        ))
    } else if a.event_id.is_some() {
        Some(FieldError::new(
            "outcome",
            "recorded",
            "How this appointment went is already recorded",
        ))
    } else if a.starts_at > now {
        let at = london_time(a.starts_at);
        Some(FieldError::new(
            "outcome",
            "not_yet",
            format!(
                "The appointment is at {} on {}: record how it went once it has started",
                at.format("%H:%M"),
                concord_domain::format_date(at.date())
            ),
        ))
    } else {
        None
    }
}

impl Manage<'_> {
    /// Record how appointment `id` of `person` went.
    pub async fn record_appointment_outcome(
        &self,
        actor: &Actor,
        person: PersonId,
        id: DiaryAppointmentId,
        form: &DiaryOutcomeForm,
    ) -> Result<ComplianceRecorded, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let a = super::appointment_of(w.tx(), &cap, person, id).await?;
            if let Some(e) = refusal(&a, self.clock.now()) {
                let mut errors = ValidationErrors::new();
                errors.push(e);
                return Err(AppError::Validation(errors));
            }
            let licences = concord_store::licences_of(w.tx(), &cap, person).await?;
            let licence = active_licence(&licences)?;
            let compliance = ComplianceForm {
                kind: a.kind.compliance_kind().code().into(),
                occurred_on: london_date(a.starts_at).to_string(),
                outcome: form.outcome.clone(),
                details: form.details.clone(),
            };
            let checked = check_compliance(&compliance, self.clock.today(), licence)
                .map_err(AppError::Validation)?;
            let recorded = self.record_checked(w, &cap, &cap, person, checked).await?;
            // Recorded or cancelled by someone else since it was read: nothing is kept.
            if !concord_store::set_diary_outcome(w.tx(), &cap, person, id, recorded.event_id)
                .await?
            {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                &format!(
                    "recorded how an appointment went: {}",
                    a.kind.label().to_lowercase()
                ),
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({ "appointment": id, "event": recorded.event_id })),
                    ..Note::default()
                },
            );
            Ok(recorded)
        })
        .await
    }
}

//! Correcting the notification period Concord computed (SOA 2003 s.82), as the risk
//! pre-fill is corrected: a person gives the last day (or indefinite) and why, and the
//! computed period stays beside the correction in the reasons. Only someone who may
//! change the convictions section of the record corrects it.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{parse_date, FieldError, PersonId, SentenceKind, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::NotificationCorrectionRow;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, MappaCase};

#[derive(Debug, Clone, Default)]
pub struct NotificationCorrectionForm {
    /// The last day the requirement applies; empty with `indefinite`.
    pub last_day: String,
    pub indefinite: bool,
    pub reason: String,
}

impl MappaCase<'_> {
    pub async fn correct_notification_period(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &NotificationCorrectionForm,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let last_day = match (form.last_day.trim().is_empty(), form.indefinite) {
            (true, true) => None,
            (false, true) => {
                errors.push(FieldError::new(
                    "last_day",
                    "both",
                    "Give a last day or choose indefinite, not both",
                ));
                None
            }
            (true, false) => {
                errors.push(FieldError::new(
                    "last_day",
                    "required",
                    "Enter the last day the requirement applies, or choose indefinite",
                ));
                None
            }
            (false, false) => parse_date("last_day", "The last day", &form.last_day)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let reason = text(
            &mut errors,
            "correction_reason",
            &form.reason,
            "why the computed period is wrong (the court's order, the police's record)",
            true,
            2000,
        );
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        self.run(actor, async |w| {
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Convictions),
                )
                .await?;
            let read = w
                .person(Action::Read, person, Self::mappa_sections())
                .await?;
            let record = self.people().load_record(w.tx(), &read, person, 0).await?;
            let Some(requirement) = record
                .sentences
                .iter()
                .filter(|s| s.kind == SentenceKind::NotificationRequirement)
                .max_by_key(|s| s.start_date)
            else {
                return Err(AppError::field(
                    "last_day",
                    "not_notifying",
                    "He is not recorded as subject to notification requirements",
                ));
            };
            if last_day.is_some_and(|d| d < requirement.start_date) {
                return Err(AppError::field(
                    "last_day",
                    "before_start",
                    "The last day cannot be before the requirement began",
                ));
            }
            let row = NotificationCorrectionRow {
                id: Uuid::now_v7(),
                person_id: person,
                last_day,
                reason: reason.clone(),
                recorded_by: actor.user_id,
                recorded_at: self.clock.now(),
            };
            concord_store::insert_notification_correction(w.tx(), &cap, &row).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "corrected the computed notification period",
                Note {
                    sections: Some(SectionSet::one(Section::Convictions)),
                    detail: Some(json!({"last_day": last_day, "correction": row.id})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

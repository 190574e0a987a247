//! Cancelling a booked appointment, with the reason kept: a cancelled appointment is not
//! a missed one, and the record says who called it off and why.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{DiaryAppointmentId, PersonId};
use concord_store::audit::AuditKind;
use serde_json::json;

use crate::access::Note;
use crate::manage::form::text;
use crate::{AppError, Manage};

impl Manage<'_> {
    /// Cancel appointment `id` of `person`, for `reason`. Refused once its outcome is
    /// recorded or it is already cancelled.
    pub async fn cancel_appointment(
        &self,
        actor: &Actor,
        person: PersonId,
        id: DiaryAppointmentId,
        reason: &str,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let mut errors = concord_domain::ValidationErrors::new();
            let reason = text(
                &mut errors,
                "reason",
                reason,
                "why it is cancelled",
                true,
                500,
            );
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let a = super::appointment_of(w.tx(), &cap, person, id).await?;
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            if !a.is_open() {
                return Err(AppError::Conflict);
            }
            let now = self.clock.now();
            if !concord_store::cancel_diary_appointment(
                w.tx(),
                &cap,
                person,
                id,
                actor.user_id,
                now,
                &reason,
            )
            .await?
            {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                &format!("cancelled: {}", a.kind.label().to_lowercase()),
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({ "appointment": id })),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

//! Cancelling a booked place before he arrives (the offender manager or the premises'
//! staff): the bed is free again and the application goes back to await a place, as
//! CAS1's placement request does, so the central referral unit finds him another; if no
//! place is wanted any more, the offender manager then withdraws the application.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    ApBookingId, ApplicationStatus, BookingStatus, FieldError, PersonId, ValidationErrors,
};
use concord_store::audit::AuditKind;
use serde_json::json;

use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

#[derive(Debug, Clone, Default)]
pub struct CancellationForm {
    pub reason: String,
    pub version: i64,
}

impl Premises<'_> {
    pub async fn cancel_booking(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &CancellationForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut b) = self.booking(w, Action::Change, person, booking).await?;
            let mut errors = ValidationErrors::new();
            if b.status != BookingStatus::Upcoming {
                errors.push(FieldError::new(
                    "cancellation_reason",
                    "not_upcoming",
                    format!(
                        "The booking is {}: only a place he has not yet taken is cancelled",
                        b.status.label().to_lowercase()
                    ),
                ));
            }
            let reason = text(
                &mut errors,
                "cancellation_reason",
                &form.reason,
                "why the place is cancelled",
                true,
                2000,
            );
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            b.status = BookingStatus::Cancelled;
            b.cancellation_reason = reason;
            b.version = form.version;
            concord_store::update_ap_booking(w.tx(), &cap, &b).await?;
            let mut a = super::application_of(w, &cap, person, b.application_id).await?;
            if a.status == ApplicationStatus::PlacementAllocated {
                a.status = ApplicationStatus::AwaitingPlacement;
                concord_store::update_ap_application(w.tx(), &cap, &a).await?;
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "cancelled a place at an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "application": a.id.0})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

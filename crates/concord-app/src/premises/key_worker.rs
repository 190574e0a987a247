//! Choosing a resident's key worker: one of the premises' own staff (active, in its team,
//! running premises), chosen before he arrives or during his stay. Whoever records the
//! arrival is his key worker until someone is chosen.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{ApBookingId, BookingStatus, FieldError, PersonId, UserId, ValidationErrors};
use concord_store::audit::AuditKind;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, Premises};

#[derive(Debug, Clone, Default)]
pub struct KeyWorkerForm {
    /// The member of staff's id.
    pub key_worker: String,
    pub version: i64,
}

impl Premises<'_> {
    /// Who may be chosen as the key worker for a booking at `premises`: its own staff.
    pub(super) async fn key_workers(
        &self,
        w: &mut crate::kernel::Work<'_>,
        premises: concord_domain::ApPremisesId,
    ) -> Result<Vec<(UserId, String)>, AppError> {
        let directory = super::directory(w, Action::Read)?;
        let Some(team) = concord_store::all_premises(w.tx(), &directory)
            .await?
            .into_iter()
            .find(|p| p.id == premises)
            .map(|p| p.team_id)
        else {
            return Ok(Vec::new());
        };
        Ok(concord_store::team_members_with(w.tx(), team, "ap.manage").await?)
    }

    pub async fn choose_key_worker(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &KeyWorkerForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut b) = self.booking(w, Action::Change, person, booking).await?;
            if !matches!(b.status, BookingStatus::Upcoming | BookingStatus::Arrived) {
                return Err(AppError::field(
                    "key_worker",
                    "ended",
                    format!(
                        "The booking is {}: a key worker is chosen for a stay to come or under way",
                        b.status.label().to_lowercase()
                    ),
                ));
            }
            let staff = self.key_workers(w, b.premises_id).await?;
            let chosen = uuid::Uuid::parse_str(form.key_worker.trim())
                .ok()
                .and_then(|id| staff.iter().find(|(u, _)| u.0 == id));
            let Some((chosen, _)) = chosen else {
                return Err(AppError::Validation(ValidationErrors::from(
                    FieldError::new(
                        "key_worker",
                        "not_staff",
                        "Choose one of the premises' own staff",
                    ),
                )));
            };
            b.key_worker = Some(*chosen);
            b.version = form.version;
            concord_store::update_ap_booking(w.tx(), &cap, &b).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "chose the key worker for a stay at an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "key_worker": chosen.0})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

//! Booking a bed for an accepted application: refused, with the reason, if the bed is in
//! a premises that cannot take him (a zone, a victim's home, what it lacks), lacks what
//! the place needs, is out of service, or is booked for any of the nights (the store
//! checks the overlap with the bed locked, so two bookings of one bed cannot both land).

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    parse_date, ApApplicationId, ApBedId, ApBookingId, ApplicationStatus, BookingStatus,
    FieldError, PersonId, ValidationErrors,
};
use concord_store::audit::AuditKind;
use concord_store::BookingRow;
use serde_json::json;
use uuid::Uuid;

use super::matching::{bed_free, lacking, measure_premises, needs_of};
use super::stay;
use crate::access::Note;
use crate::{AppError, Premises};
use concord_domain::format_date;

/// A booking as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct BookingForm {
    pub bed: String,
    pub arrival_on: String,
    pub departure_on: String,
    /// The application's version.
    pub version: i64,
}

fn date(errors: &mut ValidationErrors, field: &str, label: &str, input: &str) -> Option<NaiveDate> {
    parse_date(field, label, input)
        .map_err(|e| errors.push(e))
        .ok()
}

impl Premises<'_> {
    pub async fn book_place(
        &self,
        actor: &Actor,
        person: PersonId,
        application: ApApplicationId,
        form: &BookingForm,
    ) -> Result<ApBookingId, AppError> {
        self.run(actor, async |w| {
            let cap = stay(w, Action::Change, person).await?;
            let mut a = super::application_of(w, &cap, person, application).await?;
            let refuse = |field: &str, code: &'static str, message: String| {
                AppError::Validation(ValidationErrors::from(FieldError::new(
                    field, code, message,
                )))
            };
            if a.status != ApplicationStatus::AwaitingPlacement {
                return Err(refuse(
                    "bed",
                    "not_awaiting_placement",
                    format!(
                        "The application is {}: only an accepted application is given a place",
                        a.status.label().to_lowercase()
                    ),
                ));
            }
            let mut errors = ValidationErrors::new();
            let arrival = date(
                &mut errors,
                "arrival_on",
                "the arrival date",
                &form.arrival_on,
            );
            let departure = date(
                &mut errors,
                "departure_on",
                "the departure date",
                &form.departure_on,
            );
            let today = self.clock.today();
            if arrival.is_some_and(|d| d < today) {
                errors.push(FieldError::new(
                    "arrival_on",
                    "in_past",
                    "The arrival date has passed: a booking starts today or later",
                ));
            }
            if let (Some(from), Some(until)) = (arrival, departure) {
                if until <= from {
                    errors.push(FieldError::new(
                        "departure_on",
                        "before_arrival",
                        "The departure date must be after the arrival date",
                    ));
                }
            }
            let directory = super::directory(w, Action::Read)?;
            let bed_id = Uuid::parse_str(form.bed.trim()).ok().map(ApBedId);
            let beds = concord_store::all_beds(w.tx(), &directory).await?;
            let bed = bed_id.and_then(|id| beds.into_iter().find(|b| b.id == id));
            let Some(bed) = bed else {
                errors.push(FieldError::new("bed", "required", "Choose a bed"));
                return Err(AppError::Validation(errors));
            };
            let (Some(from), Some(until), true) = (arrival, departure, errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            let premises = concord_store::all_premises(w.tx(), &directory)
                .await?
                .into_iter()
                .find(|p| p.id == bed.premises_id)
                .ok_or(AppError::NotFound)?;
            let needs = needs_of(&a);
            let measured = measure_premises(
                self,
                w,
                &cap,
                person,
                &needs,
                std::slice::from_ref(&premises),
            )
            .await?;
            if let Some(m) = measured.first().filter(|m| !m.refusals.is_empty()) {
                return Err(refuse(
                    "bed",
                    "premises_unsuitable",
                    format!(
                        "{} cannot take him: {}",
                        premises.name,
                        m.refusals.join("; ")
                    ),
                ));
            }
            let lacks = lacking(&needs, &premises, Some(&bed));
            if !lacks.is_empty() {
                return Err(refuse(
                    "bed",
                    "bed_unsuitable",
                    format!("The bed does not offer: {}", lacks.join(", ")),
                ));
            }
            if !bed_free(&bed, &[], from, until) {
                return Err(refuse(
                    "bed",
                    "out_of_service",
                    format!(
                        "The bed is out of service then: {}",
                        bed.out_of_service_reason
                    ),
                ));
            }
            let id = ApBookingId::new();
            let row = BookingRow {
                id,
                application_id: application,
                person_id: person,
                premises_id: premises.id,
                bed_id: bed.id,
                arrival_on: from,
                departure_on: until,
                status: BookingStatus::Upcoming,
                arrived_at: None,
                key_worker: None,
                non_arrival_reason: String::new(),
                departed_at: None,
                departure_reason: String::new(),
                move_on_plan: String::new(),
                next_address_check: None,
                cancellation_reason: String::new(),
                created_by: actor.user_id,
                created_at: self.clock.now(),
                version: 1,
            };
            if let Err(clashes) = concord_store::insert_ap_booking(w.tx(), &cap, &row).await? {
                let when: Vec<String> = clashes
                    .iter()
                    .map(|h| {
                        format!(
                            "{} to {}",
                            format_date(h.arrival_on),
                            format_date(h.departure_on)
                        )
                    })
                    .collect();
                return Err(refuse(
                    "bed",
                    "overlap",
                    format!("The bed is already booked {}", when.join(" and ")),
                ));
            }
            a.status = ApplicationStatus::PlacementAllocated;
            a.version = form.version;
            concord_store::update_ap_application(w.tx(), &cap, &a).await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "booked a place in an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({
                        "booking": id.0, "application": application.0,
                        "premises": premises.id.0, "bed": bed.id.0,
                    })),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }
}

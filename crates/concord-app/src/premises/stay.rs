//! The stay, as the premises' staff record it: the arrival (never before the booking
//! starts), or the non-arrival (which sets the offender manager and the police a task to
//! act on at once: a possible recall), and the departure with its reason and move-on.

use chrono::{NaiveDate, TimeZone, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    format_date, parse_date, ApBookingId, BookingStatus, DepartureReason, FieldError, PersonId,
    TaskId, TaskKind, ValidationErrors,
};
use concord_store::audit::AuditKind;
use concord_store::{BookingRow, TaskRow};
use serde_json::json;

use super::stay;
use crate::access::Note;
use crate::kernel::Work;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

#[derive(Debug, Clone, Default)]
pub struct ArrivalForm {
    pub arrived_on: String,
    pub version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NonArrivalForm {
    pub reason: String,
    pub version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct DepartureForm {
    pub departed_on: String,
    /// A [`DepartureReason`] code.
    pub reason: String,
    /// Where he goes and how: the housing partners' offer, the next address.
    pub move_on_plan: String,
    pub version: i64,
}

fn refuse(field: &str, code: &'static str, message: String) -> AppError {
    AppError::Validation(ValidationErrors::from(FieldError::new(
        field, code, message,
    )))
}

/// A day as an instant: now if it is today, else noon that day.
fn on_day(day: NaiveDate, today: NaiveDate, now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    if day == today {
        now
    } else {
        Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap_or_default())
    }
}

impl Premises<'_> {
    /// `person`'s booking, decided for `action` on his stay (another's is not found).
    pub(super) async fn booking(
        &self,
        w: &mut Work<'_>,
        action: Action,
        person: PersonId,
        booking: ApBookingId,
    ) -> Result<(concord_authz::Capability, BookingRow), AppError> {
        if concord_store::ap_booking_person(w.tx(), booking).await? != Some(person) {
            return Err(AppError::NotFound);
        }
        let cap = stay(w, action, person).await?;
        let row = concord_store::ap_bookings_of(w.tx(), &cap, person)
            .await?
            .into_iter()
            .find(|b| b.id == booking)
            .ok_or(AppError::NotFound)?;
        Ok((cap, row))
    }

    fn parse_day(
        &self,
        field: &str,
        label: &str,
        input: &str,
        booking: &BookingRow,
    ) -> Result<NaiveDate, AppError> {
        let day = parse_date(field, label, input)
            .map_err(|e| AppError::Validation(ValidationErrors::from(e)))?;
        let today = self.clock.today();
        if day > today {
            return Err(refuse(
                field,
                "in_future",
                format!("{label} cannot be in the future"),
            ));
        }
        if day < booking.arrival_on {
            return Err(refuse(
                field,
                "before_booking",
                format!(
                    "The booking starts on {}: {} cannot be before it",
                    format_date(booking.arrival_on),
                    label.to_lowercase()
                ),
            ));
        }
        Ok(day)
    }

    pub async fn record_arrival(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &ArrivalForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut b) = self.booking(w, Action::Change, person, booking).await?;
            if b.status != BookingStatus::Upcoming {
                return Err(refuse(
                    "arrived_on",
                    "not_upcoming",
                    format!("The booking is {}", b.status.label().to_lowercase()),
                ));
            }
            let day = self.parse_day("arrived_on", "The arrival date", &form.arrived_on, &b)?;
            let now = self.clock.now();
            b.status = BookingStatus::Arrived;
            b.arrived_at = Some(on_day(day, self.clock.today(), now));
            b.key_worker = Some(actor.user_id);
            b.version = form.version;
            concord_store::update_ap_booking(w.tx(), &cap, &b).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(b.person_id.0),
                "recorded an arrival at an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "arrived_on": day})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// He did not arrive: the booking ends, and the offender manager and the police
    /// allocated to him are each given a task due today.
    pub async fn record_non_arrival(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &NonArrivalForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut b) = self.booking(w, Action::Change, person, booking).await?;
            let today = self.clock.today();
            if b.status != BookingStatus::Upcoming {
                return Err(refuse(
                    "reason",
                    "not_upcoming",
                    format!("The booking is {}", b.status.label().to_lowercase()),
                ));
            }
            if b.arrival_on > today {
                return Err(refuse(
                    "reason",
                    "not_due",
                    format!(
                        "He is not due until {}: record a non-arrival on or after that day",
                        format_date(b.arrival_on)
                    ),
                ));
            }
            let mut errors = ValidationErrors::new();
            let reason = text(
                &mut errors,
                "reason",
                &form.reason,
                "what is known of why he did not arrive",
                true,
                2000,
            );
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            b.status = BookingStatus::NotArrived;
            b.non_arrival_reason = reason.clone();
            b.version = form.version;
            concord_store::update_ap_booking(w.tx(), &cap, &b).await?;
            let team = concord_store::case_team_for_tasks(w.tx(), &cap, b.person_id, today).await?;
            let mut told = Vec::new();
            for member in team
                .iter()
                .filter(|m| m.agency_kind == "probation" || m.agency_kind == "police")
            {
                concord_store::insert_licence_task(
                    w.tx(),
                    &cap,
                    &TaskRow {
                        id: TaskId::new(),
                        person_id: b.person_id,
                        agency_id: member.agency_id,
                        team_id: None,
                        user_id: Some(member.user_id),
                        kind: TaskKind::ApNonArrival,
                        title: "Did not arrive at the approved premises: decide on recall".into(),
                        reason: reason.clone(),
                        due_on: today,
                        assessment_id: None,
                        created_by: actor.user_id,
                        created_at: self.clock.now(),
                        done_by: None,
                        done_at: None,
                    },
                )
                .await?;
                told.push(member.user_id.0);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(b.person_id.0),
                "recorded a non-arrival at an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "tasks_for": told})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// He left: when, why and where to. A planned move-on must say where he goes.
    pub async fn record_departure(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &DepartureForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut b) = self.booking(w, Action::Change, person, booking).await?;
            if b.status != BookingStatus::Arrived {
                return Err(refuse(
                    "departed_on",
                    "not_resident",
                    format!(
                        "The booking is {}: only a resident departs",
                        b.status.label().to_lowercase()
                    ),
                ));
            }
            let mut errors = ValidationErrors::new();
            let reason = DepartureReason::from_code(form.reason.trim());
            if reason.is_none() {
                errors.push(FieldError::new("reason", "required", "Choose why he left"));
            }
            let plan = text(
                &mut errors,
                "move_on_plan",
                &form.move_on_plan,
                "where he is going and how",
                reason == Some(DepartureReason::PlannedMoveOn),
                4000,
            );
            let day =
                match self.parse_day("departed_on", "The departure date", &form.departed_on, &b) {
                    Ok(d) => Some(d),
                    Err(AppError::Validation(e)) => {
                        errors.errors.extend(e.errors);
                        None
                    }
                    Err(e) => return Err(e),
                };
            let (Some(reason), Some(day), true) = (reason, day, errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            let now = self.clock.now();
            b.status = BookingStatus::Departed;
            b.departed_at = Some(on_day(day, self.clock.today(), now));
            b.departure_on = day.max(b.arrival_on + chrono::Duration::days(1));
            b.departure_reason = reason.code().into();
            b.move_on_plan = plan;
            b.version = form.version;
            concord_store::update_ap_booking(w.tx(), &cap, &b).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(b.person_id.0),
                "recorded a departure from an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "reason": reason.code()})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

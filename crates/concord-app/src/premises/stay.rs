//! The stay, as the premises' staff record it: the arrival (never before the booking
//! starts), or the non-arrival (which sets the offender manager and the police a task to
//! act on at once: a possible recall), and the departure with its reason and move-on.

use chrono::{NaiveDate, TimeZone, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    format_date, parse_date, AddressCheckOutcome, AddressPurpose, ApBookingId, BookingStatus,
    DepartureReason, FieldError, PersonId, TaskKind, ValidationErrors,
};
use concord_store::audit::AuditKind;
use concord_store::{AddressCheckRow, BookingRow};
use serde_json::json;

use super::notify::{tell_case_team, Told};
use super::stay;
use crate::access::Note;
use crate::kernel::Work;
use crate::manage::form_text as text;
use crate::manage::{active_licence, conditions_of};
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
    /// The address check of the address he moves on to (an [`AddressCheckId`]); a
    /// planned move-on needs one, approved.
    pub next_address_check: String,
    pub version: i64,
}

/// The licence condition that makes him live at an approved premises.
const RESIDE_AT_AP: &str = "ADD-RESIDE-APPROVED-PREMISES";

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
            let told = tell_case_team(
                w,
                &self.clock,
                &cap,
                b.person_id,
                Told::AndPolice,
                TaskKind::ApNonArrival,
                "Did not arrive at the approved premises: decide on recall",
                &reason,
            )
            .await?;
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
            let read = w
                .person(Action::Read, person, SectionSet::one(Section::Licence))
                .await?;
            let next = self
                .move_on_check(w, &read, person, &form.next_address_check, reason)
                .await
                .map_err(|e| errors.push(e))
                .ok()
                .flatten();
            let (Some(reason), Some(day), true) = (reason, day, errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            let now = self.clock.now();
            b.status = BookingStatus::Departed;
            b.departed_at = Some(on_day(day, self.clock.today(), now));
            b.departure_on = day.max(b.arrival_on + chrono::Duration::days(1));
            b.departure_reason = reason.code().into();
            b.move_on_plan = plan;
            b.next_address_check = next.as_ref().map(|c| c.id.0);
            b.version = form.version;
            concord_store::update_ap_booking(w.tx(), &cap, &b).await?;
            // His licence may still require him to live here: the residence condition
            // ends with his stay, and the offender manager is asked to vary it.
            let licences = concord_store::licences_of(w.tx(), &read, person).await?;
            let resides = match active_licence(&licences)? {
                Some(l) => conditions_of(l)?.iter().any(|c| c.condition.code == RESIDE_AT_AP),
                None => false,
            };
            if resides {
                let to = next
                    .as_ref()
                    .map(|c| format!(" to the approved move-on address, {}", c.address))
                    .unwrap_or_default();
                tell_case_team(
                    w,
                    &self.clock,
                    &cap,
                    person,
                    Told::OffenderManager,
                    TaskKind::ApResidenceVariation,
                    "Vary the licence: he has left the approved premises",
                    &format!(
                        "He left on {} ({}). His licence still requires him to live at the approved premises: vary the residence condition{to}.",
                        format_date(day),
                        reason.label().to_lowercase()
                    ),
                )
                .await?;
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(b.person_id.0),
                "recorded a departure from an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "reason": reason.code(), "next_address_check": b.next_address_check, "residence_variation": resides})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

impl Premises<'_> {
    /// The address check of his move-on address, as the departure form names it: for a
    /// planned move-on, required and approved (an address nobody checked is how a serious
    /// further offence review's "address approved without checks" happens); otherwise
    /// optional, and approved if given.
    async fn move_on_check(
        &self,
        w: &mut Work<'_>,
        read: &concord_authz::Capability,
        person: PersonId,
        input: &str,
        reason: Option<DepartureReason>,
    ) -> Result<Option<AddressCheckRow>, FieldError> {
        let field = "next_address_check";
        let planned = reason == Some(DepartureReason::PlannedMoveOn);
        if input.trim().is_empty() {
            return if planned {
                Err(FieldError::new(
                    field,
                    "required",
                    "Choose the checked address he moves on to: the offender manager proposes it on the licence tab, and it is checked there first",
                ))
            } else {
                Ok(None)
            };
        }
        let checks = concord_store::address_checks_of(w.tx(), read, person)
            .await
            .map_err(|_| {
                FieldError::new(field, "unreadable", "His address checks cannot be read")
            })?;
        let check = uuid::Uuid::parse_str(input.trim())
            .ok()
            .and_then(|id| checks.into_iter().find(|c| c.id.0 == id))
            .ok_or_else(|| {
                FieldError::new(field, "unknown", "Choose one of his checked addresses")
            })?;
        if check.purpose == AddressPurpose::ApprovedPremises {
            return Err(FieldError::new(
                field,
                "approved_premises",
                "That is an approved premises' check: choose the address he moves on to",
            ));
        }
        if check.outcome != AddressCheckOutcome::Approved {
            return Err(FieldError::new(
                field,
                "not_approved",
                format!(
                    "The check of {} is {}: he moves on only to an approved address",
                    check.address,
                    check.outcome.label().to_lowercase()
                ),
            ));
        }
        Ok(Some(check))
    }
}

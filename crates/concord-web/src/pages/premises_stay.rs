//! The forms on a booking, as the premises' staff (and the case team) use them: arrival,
//! non-arrival, departure and move-on, the sign-in register and a missed curfew, an
//! incident, the key worker, and cancelling a place before he arrives.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::{
    ArrivalForm, CancellationForm, DepartureForm, IncidentForm, KeyWorkerForm, MissedCurfewForm,
    MovementForm, NonArrivalForm,
};
use concord_domain::{ApBookingId, PersonId};

use super::premises::{answer, StayPost};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::{text, v};
use crate::pages::parse_id;
use crate::session::PageUser;
use crate::AppState;

/// What a form on a booking records.
#[derive(Debug, Clone, Copy)]
enum BookingStep {
    Arrival,
    NonArrival,
    Departure,
    Movement,
    MissedCurfew,
    Incident,
    KeyWorker,
    Cancel,
}

/// Record `step` on `person`'s booking from the posted form.
async fn booking_step(
    state: AppState,
    (id, booking): (String, String),
    user: PageUser,
    form: StayPost,
    step: BookingStep,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let booking: ApBookingId = parse_id(&booking)?;
    let (f, actor, p) = (&form.values, &user.0.actor, state.app.premises());
    let version = form.version();
    let (result, notice) = match step {
        BookingStep::Arrival => {
            let arrival = ArrivalForm {
                arrived_on: text(f, "arrived_on"),
                version,
            };
            let r = p.record_arrival(actor, person, booking, &arrival).await;
            (r.map(|()| false), "arrived")
        }
        BookingStep::NonArrival => {
            let missed = NonArrivalForm {
                reason: text(f, "non_arrival_reason"),
                version,
            };
            let r = p.record_non_arrival(actor, person, booking, &missed).await;
            (r.map(|()| false), "not_arrived")
        }
        BookingStep::Departure => {
            let departure = DepartureForm {
                departed_on: text(f, "departed_on"),
                reason: text(f, "departure_reason"),
                move_on_plan: text(f, "move_on_plan"),
                next_address_check: text(f, "next_address_check"),
                version,
            };
            let r = p.record_departure(actor, person, booking, &departure).await;
            (r.map(|()| false), "departed")
        }
        BookingStep::Movement => {
            let movement = MovementForm {
                direction: text(f, "direction"),
                on: text(f, "on"),
                time: text(f, "time"),
                note: text(f, "note"),
                excuse: text(f, "excuse"),
            };
            let r = p.record_movement(actor, person, booking, &movement).await;
            let notice = if matches!(r, Ok(true)) {
                "missed_curfew"
            } else {
                "signed"
            };
            (r, notice)
        }
        BookingStep::MissedCurfew => {
            let night = MissedCurfewForm {
                night: text(f, "night"),
                note: text(f, "missed_note"),
            };
            let r = p.record_missed_curfew(actor, person, booking, &night).await;
            (r.map(|()| true), "missed_curfew")
        }
        BookingStep::Incident => {
            let incident = IncidentForm {
                kind: text(f, "incident_kind"),
                on: text(f, "incident_on"),
                time: text(f, "incident_time"),
                details: text(f, "incident_details"),
                police_informed: v(f, "police_informed") == "yes",
                police_reference: text(f, "police_reference"),
                safeguarding_referral: text(f, "safeguarding_referral"),
            };
            let r = p.record_incident(actor, person, booking, &incident).await;
            (r.map(|()| false), "incident")
        }
        BookingStep::KeyWorker => {
            let chosen = KeyWorkerForm {
                key_worker: text(f, "key_worker"),
                version,
            };
            let r = p.choose_key_worker(actor, person, booking, &chosen).await;
            (r.map(|()| false), "key_worker")
        }
        BookingStep::Cancel => {
            let cancel = CancellationForm {
                reason: text(f, "cancellation_reason"),
                version,
            };
            let r = p.cancel_booking(actor, person, booking, &cancel).await;
            (r.map(|()| false), "cancelled")
        }
    };
    answer(&state, &user, person, result, notice, form.values).await
}

pub async fn arrival(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::Arrival).await
}

pub async fn non_arrival(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::NonArrival).await
}

pub async fn departure(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::Departure).await
}

pub async fn movement(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::Movement).await
}

pub async fn missed_curfew(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::MissedCurfew).await
}

pub async fn incident(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::Incident).await
}

pub async fn key_worker(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::KeyWorker).await
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    booking_step(state, ids, user, form, BookingStep::Cancel).await
}

//! Approved premises on a person's record: his applications and stays, and the forms
//! each party may use now (the offender manager applies and withdraws, the central
//! referral unit decides, the premises' staff record the arrival, non-arrival and
//! departure).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AppError, ApplicationForm, ApplicationView, ArrivalForm, AssessmentForm, BookingView,
    DepartureForm, MissedCurfewForm, MovementForm, NonArrivalForm, StayPage,
};
use concord_domain::{
    ApApplicationId, ApBookingId, ApType, ApplicationStatus, BookingStatus, Characteristic,
    DepartureReason, PersonId,
};
use concord_ui::views::{ApplicationLine, BookingLine, StayTabPage};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, instant, person_href};
use crate::forms::{form_errors, text, ticked_codes, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(crate) fn premises_href(person: PersonId) -> String {
    format!("{}/approved-premises", person_href(person))
}

fn colour(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Submitted => "blue",
        ApplicationStatus::AwaitingPlacement => "yellow",
        ApplicationStatus::PlacementAllocated => "green",
        ApplicationStatus::Rejected | ApplicationStatus::Withdrawn => "grey",
    }
}

fn application_line(person: PersonId, a: &ApplicationView, page: &StayPage) -> ApplicationLine {
    let base = premises_href(person);
    let open = matches!(
        a.status,
        ApplicationStatus::Submitted | ApplicationStatus::AwaitingPlacement
    );
    let act = |cond: bool, href: String| {
        if cond && page.may_act {
            href
        } else {
            String::new()
        }
    };
    ApplicationLine {
        status: a.status.label().into(),
        status_colour: colour(a.status).into(),
        ap_type: a.ap_type.clone(),
        release: date(a.release_on),
        weeks: a.duration_weeks,
        needs: if a.needs.is_empty() {
            "Nothing in particular".into()
        } else {
            a.needs.join(", ")
        },
        reason: a.reason.clone(),
        risk_summary: a.risk_summary.clone(),
        submitted: format!("{} by {}", instant(a.submitted_at), a.submitted_by),
        decision: match &a.assessed_by {
            Some(by) => format!("{} by {by}: {}", a.status.label(), a.decision_reasons),
            None => String::new(),
        },
        assess_action: act(
            page.assesses && a.status == ApplicationStatus::Submitted,
            format!("{base}/applications/{}/assessment", a.id),
        ),
        places_href: act(
            a.status == ApplicationStatus::AwaitingPlacement,
            format!("{base}/applications/{}/places", a.id),
        ),
        withdraw_action: act(
            open && !page.assesses,
            format!("{base}/applications/{}/withdraw", a.id),
        ),
        version: a.version,
    }
}

fn booking_line(person: PersonId, b: &BookingView, may_act: bool) -> BookingLine {
    let base = format!("{}/bookings/{}", premises_href(person), b.id);
    let mut detail = Vec::new();
    if let Some(at) = b.arrived_at {
        detail.push(format!(
            "Arrived {}; key worker {}",
            instant(at),
            b.key_worker.clone().unwrap_or_default()
        ));
    }
    if b.status == BookingStatus::NotArrived {
        detail.push(format!("Did not arrive: {}", b.non_arrival_reason));
    }
    if let Some(at) = b.departed_at {
        detail.push(format!(
            "Left {}: {}",
            instant(at),
            b.departure_reason.unwrap_or_default()
        ));
    }
    if !b.move_on_plan.is_empty() {
        detail.push(format!("Move-on: {}", b.move_on_plan));
    }
    let when = |s: BookingStatus, href: &str| {
        if may_act && b.status == s {
            format!("{base}/{href}")
        } else {
            String::new()
        }
    };
    BookingLine {
        premises: b.premises_name.clone(),
        bed: b.bed.clone(),
        dates: format!("{} to {}", date(b.arrival_on), date(b.departure_on)),
        status: b.status.label().into(),
        status_colour: match b.status {
            BookingStatus::Upcoming => "blue",
            BookingStatus::Arrived => "green",
            BookingStatus::NotArrived => "red",
            _ => "grey",
        }
        .into(),
        detail,
        arrival_action: when(BookingStatus::Upcoming, "arrival"),
        non_arrival_action: when(BookingStatus::Upcoming, "non-arrival"),
        departure_action: when(BookingStatus::Arrived, "departure"),
        version: b.version,
    }
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
    prompt: Option<&str>,
) -> Vec<SelectOption> {
    prompt
        .map(|p| SelectOption::new("", p, chosen.is_empty()))
        .into_iter()
        .chain(
            all.iter()
                .map(|t| SelectOption::new(code(*t), label(*t), chosen == code(*t))),
        )
        .collect()
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<StayTabPage, PageError> {
    let p = state
        .app
        .premises()
        .stay_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let open = p.applications.iter().any(|a| {
        matches!(
            a.status,
            ApplicationStatus::Submitted
                | ApplicationStatus::AwaitingPlacement
                | ApplicationStatus::PlacementAllocated
        )
    });
    let resident = p
        .bookings
        .iter()
        .find(|b| b.status == BookingStatus::Arrived)
        .map(|b| b.id);
    Ok(StayTabPage {
        shell: user.shell("Approved premises", ""),
        person_name: p.person_name.clone(),
        person_href: person_href(person),
        base: person_href(person),
        notice: notice.into(),
        errors,
        applications: p
            .applications
            .iter()
            .map(|a| application_line(person, a, &p))
            .collect(),
        bookings: p
            .bookings
            .iter()
            .map(|b| booking_line(person, b, p.may_act))
            .collect(),
        apply_action: if p.may_act && !p.assesses && !open {
            format!("{}/applications", premises_href(person))
        } else {
            String::new()
        },
        ap_type_options: options(
            ApType::ALL,
            ApType::code,
            ApType::label,
            v(&values, "ap_type"),
            Some("Select the kind"),
        ),
        need_options: Characteristic::ALL
            .iter()
            .map(|c| {
                SelectOption::new(
                    c.code(),
                    c.label(),
                    v(&values, &format!("needs.{}", c.code())) == "yes",
                )
            })
            .collect(),
        decision_options: [("accept", "Accept"), ("reject", "Reject")]
            .iter()
            .map(|(c, l)| SelectOption::new(*c, *l, v(&values, "decision") == *c))
            .collect(),
        departure_options: options(
            DepartureReason::ALL,
            DepartureReason::code,
            DepartureReason::label,
            v(&values, "departure_reason"),
            Some("Select why"),
        ),
        register: p
            .register
            .iter()
            .map(|r| {
                (
                    instant(r.at),
                    r.kind.clone(),
                    r.note.clone(),
                    r.missed_curfew,
                )
            })
            .collect(),
        curfew: p.curfew.as_ref().map(|c| c.describe()).unwrap_or_default(),
        movement_action: resident
            .filter(|_| p.may_act)
            .map(|b| format!("{}/bookings/{b}/register", premises_href(person)))
            .unwrap_or_default(),
        next_direction: if p.signed_out { "in" } else { "out" }.into(),
        missed_action: resident
            .filter(|_| p.may_act && p.signed_out)
            .map(|b| format!("{}/bookings/{b}/missed-curfew", premises_href(person)))
            .unwrap_or_default(),
        values,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("applied") => "Application sent to the central referral unit.",
        Some("withdrawn") => "Application withdrawn.",
        Some("assessed") => "Decision recorded.",
        Some("booked") => "Bed booked: the premises' staff now see him as expected.",
        Some("arrived") => "Arrival recorded.",
        Some("not_arrived") => {
            "Non-arrival recorded: the offender manager and the police each have a task."
        }
        Some("departed") => "Departure recorded.",
        Some("signed") => "Register updated.",
        Some("missed_curfew") => {
            "Missed curfew recorded on his licence: his offender manager decides what follows."
        }
        _ => "",
    };
    let p = page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await?;
    render_checked(&p, false)
}

/// Any of the tab's forms: the values as posted, kept to show again with the errors.
pub struct StayPost {
    pub values: Values,
}

impl PostedForm for StayPost {
    fn from_values(values: &Values) -> Self {
        Self {
            values: values.clone(),
        }
    }
}

impl StayPost {
    fn version(&self) -> i64 {
        v(&self.values, "version").parse().unwrap_or(0)
    }
}

/// After a use case: to the tab with a notice, or the tab again with the errors (422).
async fn answer<T>(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    result: Result<T, AppError>,
    notice: &str,
    values: Values,
) -> Result<Response, PageError> {
    match result {
        // A stay that has ended is no longer the premises' staff's to see: they go back
        // to their premises.
        Ok(_)
            if matches!(notice, "departed" | "not_arrived")
                && user.0.actor.has(concord_authz::Permission::ApManage) =>
        {
            Ok(Redirect::to(&format!("/approved-premises?notice={notice}")).into_response())
        }
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice={notice}", premises_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let renamed = [
                ("reason", "non_arrival_reason"),
                ("reason", "departure_reason"),
            ];
            let rename: &[(&str, &str)] = if values.contains_key("non_arrival_reason") {
                &renamed[..1]
            } else if values.contains_key("departure_reason") {
                &renamed[1..]
            } else {
                &[]
            };
            let p = page(
                state,
                user,
                person,
                "",
                form_errors(&errors, &[], rename),
                values,
            )
            .await?;
            render_checked(&p, true)
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn apply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let f = &form.values;
    let application = ApplicationForm {
        ap_type: text(f, "ap_type"),
        reason: text(f, "reason"),
        risk_summary: text(f, "risk_summary"),
        release_on: text(f, "release_on"),
        duration_weeks: text(f, "duration_weeks"),
        needs: ticked_codes(f, "needs"),
    };
    let r = state
        .app
        .premises()
        .apply_for_place(&user.0.actor, person, &application)
        .await;
    answer(&state, &user, person, r, "applied", form.values).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path((id, application)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let application: ApApplicationId = parse_id(&application)?;
    let r = state
        .app
        .premises()
        .withdraw_application(&user.0.actor, person, application, form.version())
        .await;
    answer(&state, &user, person, r, "withdrawn", Values::new()).await
}

pub async fn assess(
    State(state): State<AppState>,
    Path((id, application)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let application: ApApplicationId = parse_id(&application)?;
    let decision = AssessmentForm {
        decision: text(&form.values, "decision"),
        reasons: text(&form.values, "reasons"),
        version: form.version(),
    };
    let r = state
        .app
        .premises()
        .assess_application(&user.0.actor, person, application, &decision)
        .await;
    answer(&state, &user, person, r, "assessed", form.values).await
}

/// What a form on a booking records.
#[derive(Debug, Clone, Copy)]
enum BookingStep {
    Arrival,
    NonArrival,
    Departure,
    Movement,
    MissedCurfew,
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

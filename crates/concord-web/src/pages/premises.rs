//! Approved premises on a person's record: his applications and stays, and the forms
//! each party may use now (the offender manager applies and withdraws, the central
//! referral unit decides, the premises' staff record the arrival, non-arrival and
//! departure).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AppError, ApplicationForm, ApplicationView, AssessmentForm, BookingView, StayPage,
};
use concord_domain::{
    ApApplicationId, ApType, ApplicationStatus, BookingStatus, Characteristic, DepartureReason,
    IncidentKind, PersonId,
};
use concord_ui::views::{ApplicationLine, BookingLine, IncidentLine, StayTabPage};
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
        withdraw_action: act(open, format!("{base}/applications/{}/withdraw", a.id)),
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
    if let Some(a) = &b.next_address {
        detail.push(format!("Moving on to {a} (address check approved)"));
    }
    if b.status == BookingStatus::Cancelled {
        detail.push(format!("Cancelled: {}", b.cancellation_reason));
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
        cancel_action: when(BookingStatus::Upcoming, "cancellation"),
        incident_action: when(BookingStatus::Arrived, "incidents"),
        key_worker_action: if b.key_worker_options.is_empty() {
            String::new()
        } else {
            format!("{base}/key-worker")
        },
        key_worker_options: std::iter::once(SelectOption::new(
            "",
            "Select a member of staff",
            false,
        ))
        .chain(b.key_worker_options.iter().map(|(id, name)| {
            SelectOption::new(
                id.to_string(),
                name.clone(),
                b.key_worker.as_deref() == Some(name.as_str()),
            )
        }))
        .collect(),
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
        shell: user.record_shell("Approved premises", &p.key_facts),
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
        move_on_options: std::iter::once(SelectOption::new(
            "",
            "Select the checked address",
            v(&values, "next_address_check").is_empty(),
        ))
        .chain(p.move_on_addresses.iter().map(|(id, address, outcome)| {
            SelectOption::new(
                id.to_string(),
                format!("{address} ({})", outcome.label().to_lowercase()),
                v(&values, "next_address_check") == id.to_string(),
            )
        }))
        .collect(),
        incident_options: options(
            IncidentKind::ALL,
            IncidentKind::code,
            IncidentKind::label,
            v(&values, "incident_kind"),
            Some("Select what happened"),
        ),
        police_options: [("yes", "Yes"), ("no", "No")]
            .iter()
            .map(|(c, l)| SelectOption::new(*c, *l, v(&values, "police_informed") == *c))
            .collect(),
        incidents: p
            .incidents
            .iter()
            .map(|i| IncidentLine {
                when: instant(i.occurred_at),
                kind: i.kind.label().into(),
                details: i.details.clone(),
                reported: [
                    i.police.clone(),
                    if i.safeguarding_referral.is_empty() {
                        String::new()
                    } else {
                        format!("Safeguarding referral: {}", i.safeguarding_referral)
                    },
                ]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect(),
                recorded_by: i.recorded_by.clone(),
            })
            .collect(),
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
        curfew: p
            .curfew
            .as_ref()
            .map(concord_app::RegisterCurfew::describe)
            .unwrap_or_default(),
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
        Some("incident") => "Incident recorded: his offender manager (and, for a police matter, the police) each have a task.",
        Some("key_worker") => "Key worker chosen.",
        Some("cancelled") => "Place cancelled: the application awaits another place.",
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
    pub(super) fn version(&self) -> i64 {
        v(&self.values, "version").parse().unwrap_or(0)
    }
}

/// After a use case: to the tab with a notice, or the tab again with the errors (422).
pub(super) async fn answer<T>(
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
            if matches!(notice, "departed" | "not_arrived" | "cancelled")
                && user.0.actor.has(concord_authz::Permission::ApManage) =>
        {
            Ok(Redirect::to(&format!("/approved-premises?notice={notice}")).into_response())
        }
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice={notice}", premises_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            // The use cases name their own fields; a form on this tab prefixes some of
            // them so that several forms can share the page.
            let rename: &[(&str, &str)] = if values.contains_key("non_arrival_reason") {
                &[("reason", "non_arrival_reason")]
            } else if values.contains_key("departure_reason") {
                &[("reason", "departure_reason")]
            } else if values.contains_key("incident_details") {
                &[
                    ("kind", "incident_kind"),
                    ("on", "incident_on"),
                    ("time", "incident_time"),
                    ("details", "incident_details"),
                ]
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

//! The diary on the compliance tab: booking an appointment, one appointment's page, and
//! recording how it went or cancelling it.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DiaryAppointmentView, DiaryBooking, DiaryOutcomeForm, DiaryState};
use concord_domain::{DiaryAppointmentId, PersonId};
use concord_licence::{AppointmentKind, Attendance, ComplianceKind};
use concord_ui::views::{DiaryAppointmentPage, DiaryItem};
use concord_ui::{FormErrors, SelectOption};

use super::compliance::{compliance_href, page as compliance_page};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::date;
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

/// The booking form's fields, named apart from the compliance form's on the same page.
const BOOKING_FIELDS: &[(&str, &str)] = &[
    ("kind", "appointment_kind"),
    ("date", "appointment_date"),
    ("time", "appointment_time"),
];

pub(super) fn appointment_href(person: PersonId, id: DiaryAppointmentId) -> String {
    format!("{}/diary/{id}", compliance_href(person))
}

/// An appointment as the lists and its page show it.
pub(crate) fn item(a: &DiaryAppointmentView) -> DiaryItem {
    let (state, colour) = match a.state {
        DiaryState::Upcoming => ("Booked".to_string(), "blue"),
        DiaryState::AwaitingOutcome => ("Waiting for its outcome".to_string(), "orange"),
        DiaryState::Recorded => (a.outcome_label.clone(), "green"),
        DiaryState::Cancelled => (
            match &a.cancelled {
                Some((by, why)) => format!("Cancelled by {by}: {why}"),
                None => "Cancelled".into(),
            },
            "grey",
        ),
    };
    DiaryItem {
        href: appointment_href(a.person_id, a.id),
        when: format!("{} {} at {}", a.on.format("%A"), date(a.on), a.at),
        kind: a.kind.label().into(),
        place: a.place.clone(),
        notes: a.notes.clone(),
        booked_by: a.booked_by.clone(),
        state,
        state_colour: colour.into(),
    }
}

/// The kinds of appointment, for the booking form.
pub(super) fn kind_options(chosen: &str) -> Vec<SelectOption> {
    AppointmentKind::ALL
        .iter()
        .map(|k| SelectOption::new(k.code(), k.label(), k.code() == chosen))
        .collect()
}

pub struct BookingPost {
    pub booking: DiaryBooking,
    pub entered: Values,
}

impl PostedForm for BookingPost {
    fn from_values(values: &Values) -> Self {
        Self {
            booking: DiaryBooking {
                kind: text(values, "appointment_kind"),
                date: text(values, "appointment_date"),
                time: text(values, "appointment_time"),
                place: text(values, "place"),
                notes: text(values, "notes"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn book(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<BookingPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .book_appointment(&user.0.actor, person, &form.booking)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=booked#diary", compliance_href(person)))
                .into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let errors = form_errors(&errors, &[], BOOKING_FIELDS);
            compliance_page(&state, &user, person, "", errors, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

async fn appointment_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    id: DiaryAppointmentId,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let page = state
        .app
        .manage()
        .diary_appointment_page(&user.0.actor, person, id)
        .await
        .map_err(|e| user.error(e))?;
    let a = &page.appointment;
    let href = appointment_href(person, id);
    let open = matches!(a.state, DiaryState::Upcoming | DiaryState::AwaitingOutcome);
    let attendance = a.kind.compliance_kind() != ComplianceKind::PoliceVisit;
    let failed = !errors.is_empty();
    render_checked(
        &DiaryAppointmentPage {
            shell: user.record_shell(a.kind.label(), &page.key_facts),
            person_name: page.person_name.clone(),
            compliance_href: format!("{}#diary", compliance_href(person)),
            errors,
            item: item(a),
            outcome_action: if page.may_change && a.state == DiaryState::AwaitingOutcome {
                format!("{href}/outcome")
            } else {
                String::new()
            },
            attendance_options: if attendance {
                Attendance::ALL
                    .iter()
                    .map(|k| {
                        SelectOption::new(k.code(), k.label(), v(&values, "outcome") == k.code())
                    })
                    .collect()
            } else {
                vec![]
            },
            not_yet: if a.state == DiaryState::Upcoming {
                "How it went can be recorded here once its time has come.".into()
            } else {
                String::new()
            },
            cancel_action: if page.may_change && open {
                format!("{href}/cancel")
            } else {
                String::new()
            },
            values,
        },
        failed,
    )
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, appointment)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let appointment = DiaryAppointmentId(parse_id(&appointment)?);
    appointment_page(
        &state,
        &user,
        person,
        appointment,
        FormErrors::new(),
        Values::new(),
    )
    .await
}

pub struct OutcomePost {
    pub outcome: DiaryOutcomeForm,
    pub entered: Values,
}

impl PostedForm for OutcomePost {
    fn from_values(values: &Values) -> Self {
        Self {
            outcome: DiaryOutcomeForm {
                outcome: text(values, "outcome"),
                details: text(values, "details"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn record_outcome(
    State(state): State<AppState>,
    Path((id, appointment)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<OutcomePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let appointment = DiaryAppointmentId(parse_id(&appointment)?);
    match state
        .app
        .manage()
        .record_appointment_outcome(&user.0.actor, person, appointment, &form.outcome)
        .await
    {
        Ok(r) => {
            let notice = if r.decision.is_some() {
                "next:decision"
            } else {
                "recorded"
            };
            Ok(
                Redirect::to(&format!("{}?notice={notice}", compliance_href(person)))
                    .into_response(),
            )
        }
        Err(AppError::Validation(errors)) => {
            let errors = form_errors(&errors, &[], &[("occurred_on", "outcome")]);
            appointment_page(&state, &user, person, appointment, errors, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

pub struct CancelPost {
    pub reason: String,
    pub entered: Values,
}

impl PostedForm for CancelPost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
            entered: values.clone(),
        }
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    Path((id, appointment)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<CancelPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let appointment = DiaryAppointmentId(parse_id(&appointment)?);
    match state
        .app
        .manage()
        .cancel_appointment(&user.0.actor, person, appointment, &form.reason)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}?notice=cancelled#diary",
            compliance_href(person)
        ))
        .into_response()),
        Err(AppError::Validation(errors)) => {
            let errors = form_errors(&errors, &[], &[]);
            appointment_page(&state, &user, person, appointment, errors, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

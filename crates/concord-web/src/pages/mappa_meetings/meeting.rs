//! One meeting's page — its facts, the confidentiality statement, the agenda with who is
//! invited, attendance and the forms that change them — and the agenda's print view
//! (MAPPA C).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use concord_app::{AppError, MeetingView};
use concord_domain::{MeetingId, PersonId};
use concord_mappa::MeetingStatus;
use concord_ui::views::{AgendaCase, AttendeeLine, MappaAgendaPrintPage, MappaMeetingPage};
use concord_ui::{FormErrors, SelectOption};
use uuid::Uuid;

use crate::error::PageError;
use crate::format::{date, instant, person_href};
use crate::forms::{form_errors, v, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

use super::{meeting_href, minutes_href, notice, redirect, statement, when, LIST};

fn facts(m: &MeetingView) -> Vec<(String, String)> {
    vec![
        ("Area".into(), m.area.clone()),
        ("Town".into(), m.town.clone()),
        ("When".into(), when(m.held_on, &m.starts_at)),
        ("Chair".into(), m.chair.clone()),
        ("Status".into(), m.status.label().into()),
        (
            "Invitations give access until".into(),
            instant(m.access_until),
        ),
    ]
}

fn agenda_cases(m: &MeetingView) -> Vec<AgendaCase> {
    m.agenda
        .iter()
        .enumerate()
        .map(|(i, a)| AgendaCase {
            number: i + 1,
            person_id: a.person.0.to_string(),
            name: a.name.clone(),
            reason: a.reason_label.clone(),
            invited: if a.invited.is_empty() {
                "No one".into()
            } else {
                a.invited.join(", ")
            },
            minutes_href: minutes_href(m.id, a.person),
            person_href: person_href(a.person.0),
        })
        .collect()
}

async fn meeting_page(
    state: &AppState,
    user: &PageUser,
    id: MeetingId,
    notice: String,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let m = state
        .app
        .meetings()
        .mappa_meeting(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    let failed = !errors.is_empty();
    let chosen = v(&values, "attendance");
    render_checked(
        &MappaMeetingPage {
            shell: user.shell("MAPP meeting", LIST),
            notice,
            errors,
            title: format!("MAPP meeting, {} {}", m.town, date(m.held_on)),
            facts: facts(&m),
            statement: statement(),
            agenda: agenda_cases(&m),
            attendance: m
                .attendance
                .iter()
                .map(|a| AttendeeLine {
                    name: a.name.clone(),
                    agency: a.agency.clone(),
                    attendance: if a.present { "Present" } else { "Apologies" }.into(),
                    accepted: a.accepted_at.map_or_else(
                        || "Not applicable".into(),
                        |t| format!("Accepted {}", instant(t)),
                    ),
                })
                .collect(),
            may_manage: m.may_manage,
            // Opened on its day: before it, the button would only be refused.
            may_open: m.may_manage
                && m.status == MeetingStatus::Scheduled
                && state.app.clock().today() >= m.held_on,
            base: meeting_href(m.id),
            print_href: format!("{}/agenda/print", meeting_href(m.id)),
            invite_options: staff_options(&m.staff, v(&values, "username")),
            attendee_options: staff_options(&m.staff, v(&values, "attendee")),
            add_options: std::iter::once(SelectOption::new("", "Choose a case", false))
                .chain(m.addable.iter().map(|(person, name)| {
                    SelectOption::new(
                        person.0.to_string(),
                        name,
                        v(&values, "add_person") == person.0.to_string(),
                    )
                }))
                .collect(),
            case_options: m
                .agenda
                .iter()
                .map(|a| {
                    SelectOption::new(
                        a.person.0.to_string(),
                        &a.name,
                        v(&values, "person") == a.person.0.to_string(),
                    )
                })
                .collect(),
            attendance_options: vec![
                SelectOption::new("present", "Present", chosen == "present"),
                SelectOption::new("apologies", "Apologies", chosen == "apologies"),
            ],
            accepted_options: vec![SelectOption::new(
                "yes",
                "They have heard and accept the confidentiality statement",
                v(&values, "accepted.yes") == "yes",
            )],
            values,
        },
        failed,
    )
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    meeting_page(
        &state,
        &user,
        id,
        notice(&q),
        FormErrors::new(),
        Values::new(),
    )
    .await
}

/// The person a form names, or a validation error naming `field`.
pub(super) fn person_field(posted: &str, field: &str) -> Result<PersonId, AppError> {
    Uuid::parse_str(posted.trim())
        .map(PersonId)
        .map_err(|_| AppError::field(field, "invalid", "Enter the number of a person's record"))
}

/// After a meeting form: to the page with a notice, or the page again with the errors.
pub(super) async fn after_meeting_form(
    state: &AppState,
    user: &PageUser,
    id: MeetingId,
    values: Values,
    result: Result<(), AppError>,
    done: &str,
    rename: &[(&str, &str)],
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(redirect(meeting_href(id), done)),
        Err(AppError::Validation(e)) => {
            let shown = form_errors(&e, &[], rename);
            meeting_page(state, user, id, String::new(), shown, values).await
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn print_agenda(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let m = state
        .app
        .meetings()
        .mappa_meeting(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    render(&MappaAgendaPrintPage {
        shell: user.shell("MAPP meeting agenda – print", ""),
        title: "MAPP meeting agenda (MAPPA C)".into(),
        facts: facts(&m).into_iter().take(5).collect(),
        agenda: agenda_cases(&m),
        back_href: meeting_href(m.id),
    })
}

/// Staff as a select's options, with a first "choose" line; `chosen` is the username posted.
fn staff_options(staff: &[(String, String)], chosen: &str) -> Vec<SelectOption> {
    std::iter::once(SelectOption::new("", "Choose a member of staff", false))
        .chain(
            staff
                .iter()
                .map(|(username, label)| SelectOption::new(username, label, chosen == username)),
        )
        .collect()
}

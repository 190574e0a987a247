//! MAPP meetings: the list and the scheduling form, one meeting (statement, agenda,
//! invitations, attendance), one case's minutes, and the print views. Every form posts
//! back here; a refused form shows the page again with its errors (422).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AppError, AttendanceForm, MeetingForm, MeetingView, MinutesForm, MinutesView,
    CONFIDENTIALITY_STATEMENT, MINUTES_HEADINGS,
};
use concord_domain::PersonId;
use concord_mappa::{ActionStatus, MeetingStatus, MinutesStatus, OnwardShareStatus};
use concord_ui::views::{
    AgendaCase, AttendeeLine, MappaAgendaPrintPage, MappaMeetingPage, MappaMeetingsPage,
    MappaMinutesPage, MappaMinutesPrintPage, MeetingLine, MinutesField, MinutesVersionBlock,
    OnwardLine,
};
use concord_ui::{FormErrors, SelectOption};
use uuid::Uuid;

use super::{parse_id, render, render_checked};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, instant, person_href};
use crate::forms::{form_errors, v, Values};
use crate::session::PageUser;
use crate::AppState;

const LIST: &str = "/mappa/meetings";

fn meeting_href(id: Uuid) -> String {
    format!("{LIST}/{id}")
}

fn minutes_href(id: Uuid, person: PersonId) -> String {
    format!("{LIST}/{id}/minutes/{}", person.0)
}

fn notice(q: &HashMap<String, String>) -> String {
    let text = match q.get("notice").map(String::as_str) {
        Some("scheduled") => "Meeting scheduled.",
        Some("agenda") => "Agenda updated.",
        Some("invited") => {
            "Invitation sent: they may read that record until the meeting's access ends."
        }
        Some("attendance") => "Attendance recorded.",
        Some("opened") => "The meeting is open.",
        Some("saved") => "New version of the minutes saved.",
        Some("approved") => "Minutes approved.",
        Some("distributed") => "Minutes distributed to those present.",
        Some("requested") => "Your request has gone to the chair.",
        Some("decided") => "Decision recorded.",
        _ => "",
    };
    text.into()
}

fn redirect(to: String, notice: &str) -> Response {
    Redirect::to(&format!("{to}?notice={notice}")).into_response()
}

fn when(held_on: chrono::NaiveDate, starts_at: &str) -> String {
    format!("{} at {starts_at}", date(held_on))
}

// --- the list and scheduling ---

async fn list_page(
    state: &AppState,
    user: &PageUser,
    notice: String,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let all = state
        .app
        .mappa_meetings(actor, false)
        .await
        .map_err(|e| user.error(e))?;
    let chairs = state.app.mappa_chairs().await.map_err(|e| user.error(e))?;
    let today = state.app.clock().today();
    let line = |m: &concord_app::MeetingSummary| MeetingLine {
        href: meeting_href(m.id),
        town: m.town.clone(),
        when: when(m.held_on, &m.starts_at),
        chair: m.chair.clone(),
        cases: m.cases.to_string(),
        status: m.status.label().into(),
    };
    let failed = !errors.is_empty();
    let mut town_options = vec![SelectOption::new("", "Choose a town", false)];
    town_options.extend(
        state
            .app
            .settings()
            .mappa
            .towns
            .iter()
            .map(|t| SelectOption::new(t, t, v(&values, "town") == t)),
    );
    let mut chair_options = vec![SelectOption::new("", "Choose the chair", false)];
    chair_options.extend(
        chairs
            .iter()
            .map(|(u, n)| SelectOption::new(u, n, v(&values, "chair") == u)),
    );
    render_checked(
        &MappaMeetingsPage {
            shell: user.shell("MAPP meetings", LIST),
            notice,
            errors,
            upcoming: all
                .iter()
                .filter(|m| m.held_on >= today)
                .map(line)
                .collect(),
            past: all
                .iter()
                .rev()
                .filter(|m| m.held_on < today)
                .map(line)
                .collect(),
            town_options,
            chair_options,
            values,
        },
        failed,
    )
}

pub async fn list(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    list_page(&state, &user, notice(&q), FormErrors::new(), Values::new()).await
}

pub async fn schedule(
    State(state): State<AppState>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let form = MeetingForm {
        town: v(&values, "town").into(),
        held_on: v(&values, "held_on").into(),
        starts_at: v(&values, "starts_at").into(),
        chair: v(&values, "chair").into(),
    };
    match state.app.schedule_mappa_meeting(&user.0.actor, &form).await {
        Ok(id) => Ok(redirect(meeting_href(id), "scheduled")),
        Err(AppError::Validation(e)) => {
            let shown = form_errors(&e, &[], &[]);
            list_page(&state, &user, String::new(), shown, values).await
        }
        Err(e) => Err(user.error(e)),
    }
}

// --- one meeting ---

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

fn statement() -> Vec<String> {
    CONFIDENTIALITY_STATEMENT
        .iter()
        .map(|s| s.to_string())
        .collect()
}

async fn meeting_page(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    notice: String,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let m = state
        .app
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
                    accepted: a
                        .accepted_at
                        .map(|t| format!("Accepted {}", instant(t)))
                        .unwrap_or_else(|| "Not applicable".into()),
                })
                .collect(),
            may_manage: m.may_manage,
            may_open: m.may_manage && m.status == MeetingStatus::Scheduled,
            base: meeting_href(m.id),
            print_href: format!("{}/agenda/print", meeting_href(m.id)),
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
    let id = parse_id(&id)?;
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
fn person_field(values: &Values, field: &str) -> Result<PersonId, AppError> {
    Uuid::parse_str(v(values, field).trim())
        .map(PersonId)
        .map_err(|_| AppError::field(field, "invalid", "Enter the number of a person's record"))
}

/// After a meeting form: to the page with a notice, or the page again with the errors.
async fn after_meeting_form(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
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

pub async fn build_agenda(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = state
        .app
        .build_mappa_agenda(&user.0.actor, id)
        .await
        .map(|_| ());
    after_meeting_form(&state, &user, id, values, r, "agenda", &[]).await
}

pub async fn add_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = match person_field(&values, "add_person") {
        Ok(p) => state.app.add_to_mappa_agenda(&user.0.actor, id, p).await,
        Err(e) => Err(e),
    };
    after_meeting_form(
        &state,
        &user,
        id,
        values,
        r,
        "agenda",
        &[("person", "add_person")],
    )
    .await
}

pub async fn remove_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = match person_field(&values, "person") {
        Ok(p) => {
            state
                .app
                .remove_from_mappa_agenda(&user.0.actor, id, p)
                .await
        }
        Err(e) => Err(e),
    };
    after_meeting_form(&state, &user, id, values, r, "agenda", &[]).await
}

pub async fn invite(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = match person_field(&values, "person") {
        Ok(p) => state
            .app
            .invite_to_mappa_meeting(&user.0.actor, id, p, v(&values, "username"))
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    after_meeting_form(&state, &user, id, values, r, "invited", &[]).await
}

pub async fn attendance(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let form = AttendanceForm {
        username: v(&values, "attendee").into(),
        attendance: v(&values, "attendance").into(),
        accepted: v(&values, "accepted.yes") == "yes",
    };
    let r = state
        .app
        .record_mappa_attendance(&user.0.actor, id, &form)
        .await;
    after_meeting_form(
        &state,
        &user,
        id,
        values,
        r,
        "attendance",
        &[("username", "attendee")],
    )
    .await
}

pub async fn open(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = state.app.open_mappa_meeting(&user.0.actor, id).await;
    after_meeting_form(&state, &user, id, values, r, "opened", &[]).await
}

pub async fn print_agenda(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let m = state
        .app
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

// --- minutes ---

fn minutes_values(view: &MinutesView) -> Values {
    let mut values = Values::new();
    if let Some(latest) = view.versions.last() {
        for ((key, _, _), (_, text)) in MINUTES_HEADINGS.iter().zip(&latest.sections) {
            values.insert(key.to_string(), text.clone());
        }
    } else {
        if !view.current_rosh.is_empty() {
            values.insert(
                "risk_assessment".into(),
                format!("Current RoSH: {}.", view.current_rosh),
            );
        }
    }
    values
}

async fn minutes_page(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    person: PersonId,
    notice: String,
    errors: FormErrors,
    values: Option<Values>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .mappa_minutes(&user.0.actor, id, person)
        .await
        .map_err(|e| user.error(e))?;
    let values = values.unwrap_or_else(|| minutes_values(&view));
    let base = minutes_href(id, person);
    let latest = view.versions.last().map(|v| v.status);
    let latest_draft = latest == Some(MinutesStatus::Draft);
    let failed = !errors.is_empty();
    render_checked(
        &MappaMinutesPage {
            shell: user.shell("MAPP meeting minutes", LIST),
            notice,
            errors,
            person_name: view.person_name.clone(),
            title: format!("Minutes, MAPP meeting {} {}", view.town, date(view.held_on)),
            meeting_href: meeting_href(id),
            print_href: format!("{base}/print"),
            current_rosh: view.current_rosh.clone(),
            actions: view
                .actions
                .iter()
                .map(|a| {
                    [
                        a.description.clone(),
                        a.owner.clone(),
                        date(a.due_on),
                        match a.status {
                            ActionStatus::Done => format!("Done: {}", a.evidence),
                            ActionStatus::Cancelled => "Cancelled".to_string(),
                            ActionStatus::Open => "Open".to_string(),
                        },
                    ]
                })
                .collect(),
            add_action_href: if view.may_write {
                format!(
                    "/persons/{}/mappa/actions?meeting={}#add",
                    view.person.0, view.meeting_id
                )
            } else {
                String::new()
            },
            fields: MINUTES_HEADINGS
                .iter()
                .map(|(key, label, required)| MinutesField {
                    key: key.to_string(),
                    label: label.to_string(),
                    hint: if *required { "" } else { "Optional" }.into(),
                    text: v(&values, key).into(),
                })
                .collect(),
            versions: view
                .versions
                .iter()
                .rev()
                .map(|m| MinutesVersionBlock {
                    heading: format!(
                        "Version {} by {}, {}{}",
                        m.version,
                        m.written_by,
                        instant(m.written_at),
                        m.approved_by
                            .as_ref()
                            .map(|a| format!(", approved by {a}"))
                            .unwrap_or_default()
                    ),
                    status: m.status.label().into(),
                    sections: m.sections.clone(),
                })
                .collect(),
            onward: view
                .onward
                .iter()
                .map(|o| OnwardLine {
                    who: o.requested_by.clone(),
                    recipient: o.recipient.clone(),
                    purpose: o.purpose.clone(),
                    status: o.status.label().into(),
                    decide_action: if view.is_chair && o.status == OnwardShareStatus::Requested {
                        format!("{base}/onward/{}", o.id)
                    } else {
                        String::new()
                    },
                })
                .collect(),
            recipients: view.recipients.join(", "),
            may_write: view.may_write,
            may_approve: view.is_chair && latest_draft && view.chair_wrote.is_empty(),
            own_headings: if view.is_chair && latest_draft {
                view.chair_wrote.clone()
            } else {
                vec![]
            },
            may_distribute: view.may_write && latest == Some(MinutesStatus::Approved),
            may_request_onward: view.may_request_onward,
            base,
            values,
        },
        failed,
    )
}

fn ids(id: &str, person: &str) -> Result<(Uuid, PersonId), PageError> {
    Ok((parse_id(id)?, PersonId(parse_id(person)?)))
}

pub async fn show_minutes(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, person)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (id, person) = ids(&id, &person)?;
    minutes_page(
        &state,
        &user,
        id,
        person,
        notice(&q),
        FormErrors::new(),
        None,
    )
    .await
}

/// After a minutes form: to the page with a notice, or the page again with the errors.
async fn after_minutes_form(
    state: &AppState,
    user: &PageUser,
    (id, person): (Uuid, PersonId),
    values: Option<Values>,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(redirect(minutes_href(id, person), done)),
        Err(AppError::Validation(e)) => {
            let shown: FormErrors = form_errors(&e, &[], &[]);
            minutes_page(state, user, id, person, String::new(), shown, values).await
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn save_minutes(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let form = MinutesForm {
        sections: MINUTES_HEADINGS
            .iter()
            .map(|(k, _, _)| (k.to_string(), v(&values, k).to_string()))
            .collect(),
    };
    let r = state
        .app
        .save_mappa_minutes(&user.0.actor, ids.0, ids.1, &form)
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, Some(values), r, "saved").await
}

pub async fn approve(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, values: _ }: CheckedForm,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let r = state
        .app
        .approve_mappa_minutes(&user.0.actor, ids.0, ids.1)
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, None, r, "approved").await
}

pub async fn distribute(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, values: _ }: CheckedForm,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let r = state
        .app
        .distribute_mappa_minutes(&user.0.actor, ids.0, ids.1)
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, None, r, "distributed").await
}

pub async fn request_onward(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let r = state
        .app
        .request_onward_sharing(
            &user.0.actor,
            ids.0,
            ids.1,
            v(&values, "recipient"),
            v(&values, "purpose"),
        )
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, Some(values), r, "requested").await
}

pub async fn decide_onward(
    State(state): State<AppState>,
    Path((id, person, request)): Path<(String, String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let request = parse_id(&request)?;
    let r = match v(&values, "decision") {
        "grant" | "refuse" => {
            state
                .app
                .decide_onward_sharing(
                    &user.0.actor,
                    ids.0,
                    ids.1,
                    request,
                    v(&values, "decision") == "grant",
                )
                .await
        }
        _ => Err(AppError::field(
            "decision",
            "required",
            "Choose grant or refuse",
        )),
    };
    after_minutes_form(&state, &user, ids, None, r, "decided").await
}

pub async fn print_minutes(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, person)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (id, person) = ids(&id, &person)?;
    let view = state
        .app
        .mappa_minutes(&user.0.actor, id, person)
        .await
        .map_err(|e| user.error(e))?;
    let latest = view.versions.last().ok_or_else(PageError::not_found)?;
    render(&MappaMinutesPrintPage {
        shell: user.shell("MAPP meeting minutes – print", ""),
        title: "MAPP meeting minutes (MAPPA B)".into(),
        person_name: view.person_name.clone(),
        facts: vec![
            (
                "Meeting".into(),
                format!("{}, {}", view.town, date(view.held_on)),
            ),
            ("Chair".into(), view.chair.clone()),
            (
                "Version".into(),
                format!("{} ({})", latest.version, latest.status.label()),
            ),
        ],
        sections: latest.sections.clone(),
        statement: statement(),
        back_href: minutes_href(id, person),
    })
}

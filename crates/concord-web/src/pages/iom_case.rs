//! IOM case management on the person's record (`/persons/{id}/iom`): engage or enforce,
//! the drop-in register and a voluntary tag request — three forms on one page, each with
//! its own field names.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::AppError;
use concord_domain::PersonId;
use concord_ui::{FormErrors, SelectOption};

use super::iom_cohort::COHORT;
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{date_input, form_errors, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

/// The fields of each IOM case form, named apart so the three forms share a page: the
/// use case's `held_on` and `note` are each form's own date and note.
fn case_renames(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        "drop_in" => &[("held_on", "drop_in_on"), ("note", "drop_in_note")],
        "tag_request" => &[("held_on", "tag_on"), ("note", "tag_note")],
        _ => &[],
    }
}

async fn case_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let p = state
        .app
        .iom()
        .iom_case(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let what = |e: &concord_app::IomEntryView| match e.kind.as_str() {
        "status" => format!("Status: {}", e.status.as_deref().unwrap_or("")),
        "drop_in" if e.attended == Some(true) => "Came to the drop-in".to_string(),
        "drop_in" => "Did not come to the drop-in".to_string(),
        _ => "Voluntary tag requested, with consent".to_string(),
    };
    let failed = !errors.is_empty();
    render_checked(
        &concord_ui::views::IomCaseView {
            shell: user.shell("IOM case management", COHORT),
            person_name: p.header.full_name(),
            person_href: person_href(person),
            notice: notice.into(),
            errors,
            summary: vec![
                (
                    "Engage or enforce".into(),
                    p.status.as_ref().map_or_else(
                        || "Not set".to_string(),
                        |s| {
                            format!(
                                "{} since {}: {}",
                                s.status.as_deref().unwrap_or(""),
                                date(s.on),
                                s.note
                            )
                        },
                    ),
                ),
                (
                    "Drop-in".into(),
                    format!(
                        "{} attended, {} missed",
                        p.drop_ins_attended, p.drop_ins_missed
                    ),
                ),
                (
                    "Volunteer support".into(),
                    volunteer_support(p.volunteer_support.as_deref()),
                ),
            ],
            entries: p
                .entries
                .iter()
                .map(|e| {
                    (
                        date(e.on),
                        what(e),
                        e.note.clone(),
                        format!("{} ({})", e.by, e.agency),
                    )
                })
                .collect(),
            action: if p.may_record {
                format!("{}/iom", person_href(person))
            } else {
                String::new()
            },
            tasks: p
                .tasks
                .iter()
                .map(|(t, owner)| {
                    (
                        t.title.clone(),
                        owner.clone(),
                        date(t.due_on),
                        t.overdue,
                        t.done.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            task_action: if p.may_record {
                format!("{}/iom/tasks", person_href(person))
            } else {
                String::new()
            },
            task_owners: std::iter::once(SelectOption::new("", "Choose an officer", false))
                .chain(p.owners.iter().map(|(u, n)| {
                    SelectOption::new(
                        u.0.to_string(),
                        n,
                        v(&values, "task_owner") == u.0.to_string(),
                    )
                }))
                .collect(),
            risk_href: format!("{}/risk", person_href(person)),
            status_options: [("engage", "Engage"), ("enforce", "Enforce")]
                .iter()
                .map(|(c, l)| SelectOption::new(*c, *l, v(&values, "status") == *c))
                .collect(),
            attended_options: [("yes", "Yes"), ("no", "No")]
                .iter()
                .map(|(c, l)| SelectOption::new(*c, *l, v(&values, "attended") == *c))
                .collect(),
            values,
        },
        failed,
    )
}

pub async fn case(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = if q.get("notice").is_some_and(|n| n == "recorded") {
        "Recorded."
    } else {
        ""
    };
    case_page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await
}

pub async fn record_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let kind = v(&form, "kind").to_string();
    let renames = case_renames(&kind);
    let named = |field: &str| {
        renames
            .iter()
            .find(|(from, _)| *from == field)
            .map_or(field, |(_, to)| *to)
            .to_string()
    };
    let input = concord_app::IomEntryInput {
        kind: kind.clone(),
        status: v(&form, "status").into(),
        held_on: date_input(&form, &named("held_on")),
        attended: v(&form, "attended").into(),
        consent: v(&form, "consent") == "yes",
        note: v(&form, &named("note")).into(),
    };
    match state
        .app
        .iom()
        .record_iom_entry(&user.0.actor, person, &input)
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}/iom?notice=recorded", person_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let dates = [named("held_on")];
            let date_fields: Vec<&str> = dates.iter().map(String::as_str).collect();
            let errors = form_errors(&errors, &date_fields, renames);
            case_page(&state, &user, person, "", errors, form).await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// Set a task shared in the IOM team.
pub async fn add_task(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let input = concord_app::IomTaskInput {
        title: v(&form, "task_title").into(),
        owner: v(&form, "task_owner").into(),
        due_on: date_input(&form, "task_due"),
    };
    match state
        .app
        .iom()
        .add_iom_task(&user.0.actor, person, &input)
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}/iom?notice=recorded", person_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let renames = [
                ("title", "task_title"),
                ("owner", "task_owner"),
                ("due_on", "task_due"),
            ];
            let errors = form_errors(&errors, &["task_due"], &renames);
            case_page(&state, &user, person, "", errors, form).await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// The volunteers matched through partner referrals, or why none are shown.
fn volunteer_support(matches: Option<&[concord_app::MatchView]>) -> String {
    match matches {
        None => "Not shown to you (the interventions section)".into(),
        Some([]) => "None arranged: refer to a volunteer service from the partners tab".into(),
        Some(ms) => ms
            .iter()
            .map(|m| {
                format!(
                    "{} ({}): {}, {:.1} hours",
                    m.volunteer,
                    m.role.label(),
                    m.status.label(),
                    m.hours
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

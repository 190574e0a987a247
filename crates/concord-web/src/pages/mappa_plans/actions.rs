//! The actions that carry out a MAPPA plan: the list with the form that adds one, and
//! the form that updates one (the case team, MAPPA staff, or its owner).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{ActionForm, ActionStatus, AppError, Pillar, StaffOption};
use concord_domain::{MappaActionId, PersonId};
use concord_ui::views::{MappaActionEditPage, MappaActionsPage};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

use super::plan::{action_line, actions_href, plan_href};

fn pillar_options(chosen: &str) -> Vec<SelectOption> {
    let pillar = Pillar::from_code(chosen);
    std::iter::once(SelectOption::new("", "Choose a pillar", chosen.is_empty()))
        .chain(
            Pillar::ALL
                .iter()
                .map(|p| SelectOption::new(p.code(), p.label(), pillar == Some(*p))),
        )
        .collect()
}

fn owner_options(staff: &[StaffOption], chosen: &str) -> Vec<SelectOption> {
    std::iter::once(SelectOption::new("", "Choose the owner", chosen.is_empty()))
        .chain(staff.iter().map(|s| {
            let id = s.user_id.to_string();
            let selected = id == chosen;
            SelectOption::new(id, format!("{} ({})", s.name, s.agency), selected)
        }))
        .collect()
}

async fn actions_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let view = state
        .app
        .plans()
        .mappa_actions(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let failed = !errors.is_empty();
    render_checked(
        &MappaActionsPage {
            shell: user.shell("MAPPA actions", ""),
            person_name: view.person_name.clone(),
            person_href: person_href(person),
            base: person_href(person),
            notice: notice.into(),
            errors,
            actions: view
                .actions
                .iter()
                .map(|a| action_line(person, a))
                .collect(),
            may_add: view.may_add,
            action: actions_href(person),
            pillar_options: pillar_options(v(&values, "pillar")),
            owner_options: owner_options(&view.staff, v(&values, "owner")),
            plan_href: plan_href(person),
            values,
        },
        failed,
    )
}

pub async fn actions(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("added") => "Action added.",
        Some("updated") => "Action updated.",
        _ => "",
    };
    // From a meeting's minutes: the action is recorded as agreed at that meeting.
    let mut values = Values::new();
    if let Some(meeting) = q
        .get("meeting")
        .filter(|m| uuid::Uuid::parse_str(m).is_ok())
    {
        values.insert("meeting".into(), meeting.clone());
    }
    actions_page(&state, &user, person, notice, FormErrors::new(), values).await
}

fn action_form(values: &Values) -> ActionForm {
    ActionForm {
        pillar: v(values, "pillar").into(),
        description: v(values, "description").into(),
        owner_user_id: v(values, "owner").into(),
        due_on: v(values, "due_on").into(),
        status: v(values, "status").into(),
        evidence: v(values, "evidence").into(),
        meeting: v(values, "meeting").into(),
    }
}

/// A new action of the plan.
pub struct NewActionPost {
    pub action: ActionForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for NewActionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            action: action_form(values),
            entered: values.clone(),
        }
    }
}

pub async fn add_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<NewActionPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .plans()
        .add_mappa_action(&user.0.actor, person, &form.action)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=added", actions_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            actions_page(&state, &user, person, "", shown, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

async fn edit_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    action: MappaActionId,
    errors: FormErrors,
    posted: Option<Values>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .plans()
        .mappa_action_to_update(&user.0.actor, person, action)
        .await
        .map_err(|e| user.error(e))?;
    let a = view
        .actions
        .iter()
        .find(|a| a.id == action && a.may_update)
        .ok_or_else(PageError::not_found)?;
    let values = posted.unwrap_or_else(|| {
        [
            ("pillar", a.pillar.code().to_string()),
            ("description", a.description.clone()),
            (
                "owner",
                a.owner_user_id.map(|u| u.to_string()).unwrap_or_default(),
            ),
            ("due_on", a.due_on.format("%-d/%-m/%Y").to_string()),
            ("status", a.status.code().to_string()),
            ("evidence", a.evidence.clone()),
        ]
        .into_iter()
        .map(|(k, val)| (k.to_string(), val))
        .collect()
    });
    let status = ActionStatus::from_code(v(&values, "status"));
    let failed = !errors.is_empty();
    render_checked(
        &MappaActionEditPage {
            shell: user.shell("Update a MAPPA action", ""),
            person_name: view.person_name.clone(),
            back_href: actions_href(person),
            errors,
            action: format!("{}/{}", actions_href(person), a.id),
            version: a.version.to_string(),
            owner_only: a.owner_only,
            facts: vec![
                ("Pillar".into(), a.pillar.label().into()),
                ("Action".into(), a.description.clone()),
                (
                    "Owner".into(),
                    format!("{} ({})", a.owner_name, a.owner_agency),
                ),
                (
                    "Due".into(),
                    if a.overdue {
                        format!("{} – overdue", date(a.due_on))
                    } else {
                        date(a.due_on)
                    },
                ),
            ],
            pillar_options: pillar_options(v(&values, "pillar")),
            owner_options: owner_options(&view.staff, v(&values, "owner")),
            status_options: ActionStatus::ALL
                .iter()
                .map(|s| SelectOption::new(s.code(), s.label(), status == Some(*s)))
                .collect(),
            values,
        },
        failed,
    )
}

pub async fn edit_action(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let action = MappaActionId(parse_id(&action)?);
    edit_page(&state, &user, person, action, FormErrors::new(), None).await
}

/// An action updated, with the version it was opened on.
pub struct ActionUpdatePost {
    pub action: ActionForm,
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ActionUpdatePost {
    fn from_values(values: &Values) -> Self {
        Self {
            action: action_form(values),
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn update_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<ActionUpdatePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let action = MappaActionId(parse_id(&action)?);
    let version: i32 = form.version.as_str().parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })?;
    match state
        .app
        .plans()
        .update_mappa_action(&user.0.actor, person, action, version, &form.action)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=updated", actions_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            edit_page(&state, &user, person, action, shown, Some(form.entered)).await
        }
        Err(e) => Err(user.error(e)),
    }
}

//! The area's MAPP meetings, upcoming and past, and the form that schedules one.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use concord_app::{AppError, MeetingForm};
use concord_ui::views::{MappaMeetingsPage, MeetingLine};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, text, v, Values};
use crate::pages::render_checked;
use crate::session::PageUser;
use crate::AppState;

use super::{meeting_href, notice, redirect, when, LIST};

async fn list_page(
    state: &AppState,
    user: &PageUser,
    notice: String,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let concord_app::MeetingsPage {
        meetings: all,
        chairs,
    } = state
        .app
        .meetings()
        .meetings_page(actor)
        .await
        .map_err(|e| user.error(e))?;
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

/// A meeting scheduled: where, when, and who chairs it.
pub struct MeetingPost {
    pub meeting: MeetingForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for MeetingPost {
    fn from_values(values: &Values) -> Self {
        Self {
            meeting: MeetingForm {
                town: text(values, "town"),
                held_on: text(values, "held_on"),
                starts_at: text(values, "starts_at"),
                chair: text(values, "chair"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn schedule(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm<MeetingPost>,
) -> Result<Response, PageError> {
    match state
        .app
        .meetings()
        .schedule_mappa_meeting(&user.0.actor, &form.meeting)
        .await
    {
        Ok(id) => Ok(redirect(meeting_href(id), "scheduled")),
        Err(AppError::Validation(e)) => {
            let shown = form_errors(&e, &[], &[]);
            list_page(&state, &user, String::new(), shown, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

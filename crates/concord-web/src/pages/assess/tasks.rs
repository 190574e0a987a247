//! Completing a task a rise in risk set.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_domain::PersonId;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::pages::parse_id;
use crate::AppState;

use super::risk_href;

pub async fn task_done(
    State(state): State<AppState>,
    Path((id, task)): Path<(String, String)>,
    CheckedForm { user, .. }: CheckedForm<()>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let task = parse_id(&task)?;
    state
        .app
        .assess()
        .complete_task(&user.0.actor, person, task)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{}?notice=task-done", risk_href(person))).into_response())
}

//! Removing a warning marker from a record.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_domain::{PersonId, RecordId};

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::person_href;
use crate::pages::parse_id;
use crate::AppState;

pub async fn remove_marker(
    State(state): State<AppState>,
    Path((id, marker)): Path<(String, String)>,
    CheckedForm { user, .. }: CheckedForm<()>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let marker = RecordId(parse_id(&marker)?);
    state
        .app
        .people()
        .remove_marker(&user.0.actor, id, marker)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{}?notice=marker-removed", person_href(id))).into_response())
}

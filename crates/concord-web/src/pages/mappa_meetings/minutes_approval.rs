//! The chair's approval of one case's minutes and their distribution.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::AppState;

use super::minutes::after_minutes_form;

use super::ids;

pub async fn approve(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, .. }: CheckedForm<()>,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let r = state
        .app
        .meetings()
        .approve_mappa_minutes(&user.0.actor, ids.0, ids.1)
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, None, r, "approved").await
}

pub async fn distribute(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, .. }: CheckedForm<()>,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let r = state
        .app
        .meetings()
        .distribute_mappa_minutes(&user.0.actor, ids.0, ids.1)
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, None, r, "distributed").await
}

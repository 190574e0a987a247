//! Unlinking two records from the "same person" panel of a record's page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

/// Unlink two records from the record page's "same person" panel.
pub async fn unlink(
    State(state): State<AppState>,
    Path((person, link)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = parse_id(&person)?;
    let link = parse_id(&link)?;
    // A blank reason comes back as the error page naming it (422), as any refusal does.
    state
        .app
        .unlink_records(&user.0.actor, link, v(&values, "reason"))
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{}?notice=unlinked", person_href(person))).into_response())
}

//! Unlinking two records from the "same person" panel of a record's page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_domain::LinkId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{text, Values};
use crate::pages::parse_id;
use crate::AppState;

/// Why two records linked as the same person are not.
pub struct UnlinkPost {
    pub reason: String,
}

impl PostedForm for UnlinkPost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
        }
    }
}

/// Unlink two records from the record page's "same person" panel.
pub async fn unlink(
    State(state): State<AppState>,
    Path((person, link)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<UnlinkPost>,
) -> Result<Response, PageError> {
    let person = concord_domain::PersonId(parse_id(&person)?);
    let link = LinkId(parse_id(&link)?);
    // A blank reason comes back as the error page naming it (422), as any refusal does.
    state
        .app
        .identify()
        .unlink_records(&user.0.actor, link, form.reason.as_str())
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{}?notice=unlinked", person_href(person))).into_response())
}

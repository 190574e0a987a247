//! Sharing a case's minutes onward: a recipient asks the chair, and the chair grants or
//! refuses.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::AppError;
use concord_domain::OnwardShareId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::ids;
use super::minutes::after_minutes_form;

/// A request to share minutes onward: to whom and why.
pub struct OnwardRequestPost {
    pub recipient: String,
    pub purpose: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for OnwardRequestPost {
    fn from_values(values: &Values) -> Self {
        Self {
            recipient: text(values, "recipient"),
            purpose: text(values, "purpose"),
            entered: values.clone(),
        }
    }
}

pub async fn request_onward(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<OnwardRequestPost>,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let r = state
        .app
        .meetings()
        .request_onward_sharing(
            &user.0.actor,
            ids.0,
            ids.1,
            form.recipient.as_str(),
            form.purpose.as_str(),
        )
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, Some(form.entered), r, "requested").await
}

/// The decision on a request to share minutes onward.
pub struct OnwardDecisionPost {
    pub decision: String,
}

impl PostedForm for OnwardDecisionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            decision: text(values, "decision"),
        }
    }
}

pub async fn decide_onward(
    State(state): State<AppState>,
    Path((id, person, request)): Path<(String, String, String)>,
    CheckedForm { user, form }: CheckedForm<OnwardDecisionPost>,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let request = OnwardShareId(parse_id(&request)?);
    let r = match form.decision.as_str() {
        "grant" | "refuse" => {
            state
                .app
                .meetings()
                .decide_onward_sharing(
                    &user.0.actor,
                    ids.0,
                    ids.1,
                    request,
                    form.decision.as_str() == "grant",
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

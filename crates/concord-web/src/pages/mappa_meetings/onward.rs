//! Sharing a case's minutes onward: a recipient asks the chair, and the chair grants or
//! refuses.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::AppError;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

use super::ids;
use super::minutes::after_minutes_form;

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
    let request = concord_domain::OnwardShareId(parse_id(&request)?);
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

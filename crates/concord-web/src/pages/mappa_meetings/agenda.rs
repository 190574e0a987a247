//! Changing a meeting's agenda — building it from the area's candidates, adding and
//! removing a case — and inviting staff to discuss one case.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_domain::MeetingId;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

use super::meeting::{after_meeting_form, person_field};

pub async fn build_agenda(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = state
        .app
        .build_mappa_agenda(&user.0.actor, id)
        .await
        .map(|_| ());
    after_meeting_form(&state, &user, id, values, r, "agenda", &[]).await
}

pub async fn add_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = match person_field(&values, "add_person") {
        Ok(p) => state.app.add_to_mappa_agenda(&user.0.actor, id, p).await,
        Err(e) => Err(e),
    };
    after_meeting_form(
        &state,
        &user,
        id,
        values,
        r,
        "agenda",
        &[("person", "add_person")],
    )
    .await
}

pub async fn remove_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = match person_field(&values, "person") {
        Ok(p) => {
            state
                .app
                .remove_from_mappa_agenda(&user.0.actor, id, p)
                .await
        }
        Err(e) => Err(e),
    };
    after_meeting_form(&state, &user, id, values, r, "agenda", &[]).await
}

pub async fn invite(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = match person_field(&values, "person") {
        Ok(p) => state
            .app
            .invite_to_mappa_meeting(&user.0.actor, id, p, v(&values, "username"))
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    after_meeting_form(&state, &user, id, values, r, "invited", &[]).await
}

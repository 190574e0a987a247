//! Changing a meeting's agenda — building it from the area's candidates, adding and
//! removing a case — and inviting staff to discuss one case.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_domain::MeetingId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::meeting::{after_meeting_form, person_field};

/// The button that builds a meeting's agenda from the area's candidates.
pub struct AgendaPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AgendaPost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn build_agenda(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<AgendaPost>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = state
        .app
        .meetings()
        .build_mappa_agenda(&user.0.actor, id)
        .await
        .map(|_| ());
    after_meeting_form(&state, &user, id, form.entered, r, "agenda", &[]).await
}

/// A case added to the agenda, by the number of its record.
pub struct AgendaAddPost {
    pub add_person: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AgendaAddPost {
    fn from_values(values: &Values) -> Self {
        Self {
            add_person: text(values, "add_person"),
            entered: values.clone(),
        }
    }
}

pub async fn add_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<AgendaAddPost>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = match person_field(&form.add_person, "add_person") {
        Ok(p) => {
            state
                .app
                .meetings()
                .add_to_mappa_agenda(&user.0.actor, id, p)
                .await
        }
        Err(e) => Err(e),
    };
    after_meeting_form(
        &state,
        &user,
        id,
        form.entered,
        r,
        "agenda",
        &[("person", "add_person")],
    )
    .await
}

/// A case taken off the agenda.
pub struct AgendaRemovePost {
    pub person: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AgendaRemovePost {
    fn from_values(values: &Values) -> Self {
        Self {
            person: text(values, "person"),
            entered: values.clone(),
        }
    }
}

pub async fn remove_case(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<AgendaRemovePost>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = match person_field(&form.person, "person") {
        Ok(p) => {
            state
                .app
                .meetings()
                .remove_from_mappa_agenda(&user.0.actor, id, p)
                .await
        }
        Err(e) => Err(e),
    };
    after_meeting_form(&state, &user, id, form.entered, r, "agenda", &[]).await
}

/// A member of staff invited to discuss one case.
pub struct InvitationPost {
    pub person: String,
    pub username: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for InvitationPost {
    fn from_values(values: &Values) -> Self {
        Self {
            person: text(values, "person"),
            username: text(values, "username"),
            entered: values.clone(),
        }
    }
}

pub async fn invite(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<InvitationPost>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = match person_field(&form.person, "person") {
        Ok(p) => state
            .app
            .meetings()
            .invite_to_mappa_meeting(&user.0.actor, id, p, form.username.as_str())
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    after_meeting_form(&state, &user, id, form.entered, r, "invited", &[]).await
}

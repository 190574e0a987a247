//! Recording attendance (MAPPA E) with the confidentiality statement accepted, and
//! opening the meeting.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::AttendanceForm;
use concord_domain::MeetingId;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

use super::meeting::after_meeting_form;

pub async fn attendance(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let form = AttendanceForm {
        username: v(&values, "attendee").into(),
        attendance: v(&values, "attendance").into(),
        accepted: v(&values, "accepted.yes") == "yes",
    };
    let r = state
        .app
        .record_mappa_attendance(&user.0.actor, id, &form)
        .await;
    after_meeting_form(
        &state,
        &user,
        id,
        values,
        r,
        "attendance",
        &[("username", "attendee")],
    )
    .await
}

pub async fn open(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = state.app.open_mappa_meeting(&user.0.actor, id).await;
    after_meeting_form(&state, &user, id, values, r, "opened", &[]).await
}

//! Recording attendance (MAPPA E) with the confidentiality statement accepted, and
//! opening the meeting.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::AttendanceForm;
use concord_domain::MeetingId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, ticked, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::meeting::after_meeting_form;

/// Who attended a meeting, how, and whether they accepted the confidentiality
/// statement.
pub struct AttendancePost {
    pub attendance: AttendanceForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AttendancePost {
    fn from_values(values: &Values) -> Self {
        Self {
            attendance: AttendanceForm {
                username: text(values, "attendee"),
                attendance: text(values, "attendance"),
                accepted: ticked(values, "accepted.yes"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn attendance(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<AttendancePost>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = state
        .app
        .meetings()
        .record_mappa_attendance(&user.0.actor, id, &form.attendance)
        .await;
    after_meeting_form(
        &state,
        &user,
        id,
        form.entered,
        r,
        "attendance",
        &[("username", "attendee")],
    )
    .await
}

/// The button that opens a meeting: nothing but the token.
pub struct OpenMeetingPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for OpenMeetingPost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn open(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<OpenMeetingPost>,
) -> Result<Response, PageError> {
    let id = MeetingId(parse_id(&id)?);
    let r = state
        .app
        .meetings()
        .open_mappa_meeting(&user.0.actor, id)
        .await;
    after_meeting_form(&state, &user, id, form.entered, r, "opened", &[]).await
}

//! Correcting the notification period Concord computed by SOA 2003 s.82, with the reason.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::NotificationCorrectionForm;
use concord_domain::PersonId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, ticked, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

pub struct NotificationPost {
    pub correction: NotificationCorrectionForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for NotificationPost {
    fn from_values(values: &Values) -> Self {
        Self {
            correction: NotificationCorrectionForm {
                last_day: text(values, "last_day"),
                indefinite: ticked(values, "indefinite"),
                reason: text(values, "correction_reason"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn correct(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<NotificationPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let result = state
        .app
        .mappa()
        .correct_notification_period(&user.0.actor, person, &form.correction)
        .await;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "notification",
        &[],
        result,
    )
    .await
}

//! The demo's training clock: administrators move "today" forward to follow a case
//! through months. Mounted always, but answers 404 unless the server is the demo.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, MAX_TRAINING_DAYS};
use concord_ui::views::{FormField, FormPage};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::date;
use crate::forms::{form_errors, text, v, Values};
use crate::pages::render_checked;
use crate::session::PageUser;
use crate::AppState;

fn page(
    state: &AppState,
    user: &PageUser,
    days_moved: i64,
    errors: concord_ui::FormErrors,
    values: &Values,
) -> Result<Response, PageError> {
    let failed = !errors.is_empty();
    let today = date(state.app.clock().today());
    render_checked(
        &FormPage {
            shell: user.shell("Training clock", ""),
            caption: String::new(),
            heading: "Training clock".into(),
            intro: vec![
                format!("This is the demo. Today is {today} on its clock ({days_moved} days ahead of the real date)."),
                "Moving it forward lets a training session follow a case through reviews and the end of a licence. It never goes back, and each move is in the audit trail. Sessions last 12 hours at most, so moving it by a day or more signs everyone out, you included.".into(),
            ],
            action: "/training-clock".into(),
            fields: vec![FormField::text("days", "Move forward by (days)", v(values, "days"))
                .hint(&format!("1 to {MAX_TRAINING_DAYS}"))
                .width("4")],
            hidden: vec![],
            submit_label: "Move the clock".into(),
            cancel_href: "/cases".into(),
            errors,
            possible_matches: vec![],
        },
        failed,
    )
}

fn clock(state: &AppState) -> Result<&concord_app::TrainingClock, PageError> {
    state
        .config
        .training_clock
        .as_ref()
        .ok_or_else(PageError::not_found)
}

pub async fn show(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let days = clock(&state)?.days_moved();
    page(
        &state,
        &user,
        days,
        concord_ui::FormErrors::new(),
        &Values::new(),
    )
}

/// How many days to move the training clock on.
pub struct ClockAdvancePost {
    pub days: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ClockAdvancePost {
    fn from_values(values: &Values) -> Self {
        Self {
            days: text(values, "days"),
            entered: values.clone(),
        }
    }
}

pub async fn advance(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm<ClockAdvancePost>,
) -> Result<Response, PageError> {
    let training = clock(&state)?.clone();
    match state
        .app
        .accounts()
        .move_training_clock(&user.0.actor, &training, form.days.as_str())
        .await
    {
        Ok(_) => Ok(Redirect::to("/training-clock").into_response()),
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            page(&state, &user, training.days_moved(), shown, &form.entered)
        }
        Err(e) => Err(user.error(e)),
    }
}

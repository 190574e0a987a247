//! Category 3's two questions, answered with reasons.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::Category3Form;
use concord_domain::PersonId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

pub struct Category3Post {
    pub answers: Category3Form,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for Category3Post {
    fn from_values(values: &Values) -> Self {
        Self {
            answers: Category3Form {
                capacity_for_serious_harm: text(values, "capacity_for_serious_harm"),
                capacity_reason: text(values, "capacity_reason"),
                needs_level_2_or_3: text(values, "needs_level_2_or_3"),
                need_reason: text(values, "need_reason"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<Category3Post>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let result = state
        .app
        .mappa()
        .answer_category_3(&user.0.actor, person, &form.answers)
        .await;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "category_3",
        &[],
        result,
    )
    .await
}

//! Confirming that a person is eligible for MAPPA (managed at Level 1) in the category
//! Concord proposed or another.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::EligibilityForm;
use concord_domain::PersonId;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

pub async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = EligibilityForm {
        category: v(&values, "category").into(),
        note: v(&values, "note").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "eligible",
        &[],
        state
            .app
            .confirm_mappa_eligibility(actor, person, &form)
            .await,
    )
    .await
}

//! Confirming that a person is eligible for MAPPA (managed at Level 1) in the category
//! Concord proposed or another.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::EligibilityForm;
use concord_domain::PersonId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

/// The MAPPA category confirmed, with a note.
pub struct EligibilityPost {
    pub eligibility: EligibilityForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for EligibilityPost {
    fn from_values(values: &Values) -> Self {
        Self {
            eligibility: EligibilityForm {
                category: text(values, "category"),
                note: text(values, "note"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<EligibilityPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "eligible",
        &[],
        state
            .app
            .mappa()
            .confirm_mappa_eligibility(actor, person, &form.eligibility)
            .await,
    )
    .await
}

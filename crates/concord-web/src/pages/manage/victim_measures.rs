//! Measures protecting a person's victims (restricted, like the rest of the victim
//! pages).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, VictimMeasureForm};
use concord_domain::PersonId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, text, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::victims::{page, victims_href};

/// A measure protecting a victim: what, when put in place, when reviewed.
pub struct VictimMeasurePost {
    pub victim_measure: VictimMeasureForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for VictimMeasurePost {
    fn from_values(values: &Values) -> Self {
        Self {
            victim_measure: VictimMeasureForm {
                victim_id: text(values, "victim_id"),
                measure: text(values, "measure"),
                in_place_on: text(values, "in_place_on"),
                review_on: text(values, "review_on"),
            },
            entered: values.clone(),
        }
    }
}

/// Record a measure protecting the victims (restricted, like the rest of this page).
pub async fn add_measure(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<VictimMeasurePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .plans()
        .add_victim_measure(&user.0.actor, person, &form.victim_measure)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=measure#measures", victims_href(person)))
                .into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

//! Measures protecting a person's victims (restricted, like the rest of the victim
//! pages).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, VictimMeasureForm};
use concord_domain::PersonId;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::{form_errors, v};
use crate::pages::parse_id;
use crate::AppState;

use super::victims::{page, victims_href};

/// Record a measure protecting the victims (restricted, like the rest of this page).
pub async fn add_measure(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = VictimMeasureForm {
        victim_id: v(&values, "victim_id").into(),
        measure: v(&values, "measure").into(),
        in_place_on: v(&values, "in_place_on").into(),
        review_on: v(&values, "review_on").into(),
    };
    match state
        .app
        .add_victim_measure(&user.0.actor, person, &form)
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
                values,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

//! Checking a proposed address against the zones and victims' homes, and recording the
//! safeguarding checks that approve it.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AddressCheckForm, AppError, SafeguardingForm};
use concord_domain::PersonId;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

use super::zones::{refused, zones_href};

pub async fn check(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = AddressCheckForm {
        purpose: v(&values, "purpose").into(),
        address: v(&values, "address").into(),
        latitude: v(&values, "latitude").into(),
        longitude: v(&values, "longitude").into(),
    };
    match state.app.check_address(&user.0.actor, person, &form).await {
        Ok(check) => Ok(Redirect::to(&format!(
            "{}?notice=check#check-{check}",
            zones_href(person)
        ))
        .into_response()),
        Err(AppError::Validation(errors)) => refused(&state, &user, person, &errors, values).await,
        Err(e) => Err(user.error(e)),
    }
}

pub async fn safeguarding(
    State(state): State<AppState>,
    Path((id, check)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let check = parse_id(&check)?;
    let version: i64 = v(&values, "version").parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })?;
    let form = SafeguardingForm {
        police_check: v(&values, "police_check").into(),
        childrens_services_check: v(&values, "childrens_services_check").into(),
        home_visit: v(&values, "home_visit").into(),
        unmeasured_confirmed: v(&values, "unmeasured_confirmed") == "yes",
    };
    match state
        .app
        .record_safeguarding_checks(&user.0.actor, person, check, version, &form)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=approved", zones_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => refused(&state, &user, person, &errors, values).await,
        Err(e) => Err(user.error(e)),
    }
}

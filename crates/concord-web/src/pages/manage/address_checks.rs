//! Checking a proposed address against the zones and victims' homes, and recording the
//! safeguarding checks that approve it.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AddressCheckForm, AppError, SafeguardingForm};
use concord_domain::{AddressCheckId, PersonId};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, ticked, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::zones::{refused, zones_href};

/// A proposed address to check against the zones and victims.
pub struct AddressCheckPost {
    pub address_check: AddressCheckForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AddressCheckPost {
    fn from_values(values: &Values) -> Self {
        Self {
            address_check: AddressCheckForm {
                purpose: text(values, "purpose"),
                address: text(values, "address"),
                latitude: text(values, "latitude"),
                longitude: text(values, "longitude"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn check(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<AddressCheckPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .check_address(&user.0.actor, person, &form.address_check)
        .await
    {
        Ok(check) => Ok(Redirect::to(&format!(
            "{}?notice=check#check-{check}",
            zones_href(person)
        ))
        .into_response()),
        Err(AppError::Validation(errors)) => {
            refused(&state, &user, person, &errors, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// The safeguarding checks that approve a proposed address.
pub struct SafeguardingPost {
    pub safeguarding: SafeguardingForm,
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for SafeguardingPost {
    fn from_values(values: &Values) -> Self {
        Self {
            safeguarding: SafeguardingForm {
                police_check: text(values, "police_check"),
                childrens_services_check: text(values, "childrens_services_check"),
                home_visit: text(values, "home_visit"),
                unmeasured_confirmed: ticked(values, "unmeasured_confirmed"),
            },
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn safeguarding(
    State(state): State<AppState>,
    Path((id, check)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<SafeguardingPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let check = AddressCheckId(parse_id(&check)?);
    let version: i64 = form.version.as_str().parse().map_err(|_| {
        PageError::bad_request(
            "The form.safeguarding is missing its version: reload the page and try again.",
        )
    })?;
    match state
        .app
        .manage()
        .record_safeguarding_checks(&user.0.actor, person, check, version, &form.safeguarding)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=approved", zones_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            refused(&state, &user, person, &errors, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

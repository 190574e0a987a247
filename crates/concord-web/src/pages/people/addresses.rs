//! Adding an address to a record and changing one.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AddressInput, AppError};
use concord_authz::Section;
use concord_domain::{PersonId, RecordId};
use concord_ui::FormErrors;

use super::{header_for_change, version};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{self, form_errors, put_date, text, Values};
use crate::pages::{form_page, parse_id};
use crate::session::PageUser;
use crate::AppState;

pub async fn address_new_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let r = header_for_change(&state, &user, id, Section::Addresses).await?;
    let base = person_href(id);
    let values = Values::from([("kind".to_string(), "home".to_string())]);
    form_page(
        &user,
        "Add an address",
        &r.full_name(),
        format!("{base}/addresses/new"),
        forms::address::fields(&values),
        vec![],
        "Save address",
        base,
        FormErrors::new(),
    )
}

/// The new address form.
pub struct AddressPost {
    pub address: AddressInput,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AddressPost {
    fn from_values(values: &Values) -> Self {
        Self {
            address: forms::address::input(values),
            entered: values.clone(),
        }
    }
}

pub async fn address_new_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<AddressPost>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let base = person_href(id);
    match state
        .app
        .people()
        .add_address(&user.0.actor, id, &form.address)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{base}?notice=address-added")).into_response()),
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Add an address",
            "",
            format!("{base}/addresses/new"),
            forms::address::fields(&form.entered),
            vec![],
            "Save address",
            base,
            form_errors(&v, forms::address::DATES, forms::address::RENAME),
        ),
        Err(e) => Err(user.error(e)),
    }
}

pub async fn address_edit_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, address)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let address = parse_id(&address)?;
    let (name, a) = state
        .app
        .people()
        .address_to_change(&user.0.actor, id, address)
        .await
        .map_err(|e| user.error(e))?;
    let mut values: Values = HashMap::from([
        ("kind".into(), a.kind.code().into()),
        ("line1".into(), a.line1.clone()),
        ("line2".into(), a.line2.clone().unwrap_or_default()),
        ("town".into(), a.town.clone()),
        ("postcode".into(), a.postcode.clone().unwrap_or_default()),
    ]);
    put_date(&mut values, "from_date", Some(a.from_date));
    put_date(&mut values, "to_date", a.to_date);
    let base = person_href(id);
    form_page(
        &user,
        "Change address",
        &name,
        format!("{base}/addresses/{address}/edit"),
        forms::address::fields(&values),
        vec![("version".into(), a.version.to_string())],
        "Save address",
        base,
        FormErrors::new(),
    )
}

/// The changed address, with the version it was opened on.
pub struct AddressChangePost {
    pub address: AddressInput,
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AddressChangePost {
    fn from_values(values: &Values) -> Self {
        Self {
            address: forms::address::input(values),
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn address_edit_submit(
    State(state): State<AppState>,
    Path((id, address)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<AddressChangePost>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let address = parse_id(&address)?;
    let base = person_href(id);
    match state
        .app
        .people()
        .change_address(
            &user.0.actor,
            id,
            RecordId(address),
            version(&form.entered)?,
            &form.address,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{base}?notice=address-saved")).into_response()),
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Change address",
            "",
            format!("{base}/addresses/{address}/edit"),
            forms::address::fields(&form.entered),
            vec![("version".into(), form.version.clone())],
            "Save address",
            base,
            form_errors(&v, forms::address::DATES, forms::address::RENAME),
        ),
        Err(e) => Err(user.error(e)),
    }
}

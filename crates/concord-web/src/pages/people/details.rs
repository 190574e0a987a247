//! Changing a person's personal details (name, date of birth, gender).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, PersonDetailsInput};
use concord_authz::Section;
use concord_domain::PersonId;
use concord_ui::FormErrors;

use super::{header_for_change, version};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{self, form_errors, put_date, text, Values};
use crate::pages::{form_page, parse_id};
use crate::session::PageUser;
use crate::AppState;

pub async fn details_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let r = header_for_change(&state, &user, id, Section::Identity).await?;
    let mut values: Values = HashMap::from([
        ("given_name".into(), r.given_name.clone()),
        (
            "middle_names".into(),
            r.middle_names.clone().unwrap_or_default(),
        ),
        ("family_name".into(), r.family_name.clone()),
        ("gender".into(), r.gender.code().into()),
    ]);
    put_date(&mut values, "date_of_birth", Some(r.date_of_birth));
    let base = person_href(id);
    form_page(
        &user,
        "Change personal details",
        &r.full_name(),
        format!("{base}/details"),
        forms::details::fields(&values),
        vec![("version".into(), r.version.to_string())],
        "Save details",
        base,
        FormErrors::new(),
    )
}

/// The personal details form, with the version of the record it was opened on.
pub struct DetailsPost {
    pub details: PersonDetailsInput,
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for DetailsPost {
    fn from_values(values: &Values) -> Self {
        Self {
            details: forms::details::input(values),
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn details_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<DetailsPost>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let base = person_href(id);
    match state
        .app
        .people()
        .change_person_details(&user.0.actor, id, version(&form.entered)?, &form.details)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{base}?notice=details-saved")).into_response()),
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Change personal details",
            "",
            format!("{base}/details"),
            forms::details::fields(&form.entered),
            vec![("version".into(), form.version.clone())],
            "Save details",
            base,
            form_errors(&v, forms::details::DATES, &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

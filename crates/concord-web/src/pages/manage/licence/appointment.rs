//! The reporting instructions of a licence being drafted or varied: with whom, when and
//! where the person first reports after release, and the number to ring. Printed on the
//! licence.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use concord_app::{AppError, AppointmentForm};
use concord_domain::PersonId;
use concord_ui::views::{FormField, FormPage};
use concord_ui::FormErrors;

use super::{licence_href, version_href};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render_form};
use crate::session::PageUser;
use crate::AppState;

fn page(
    user: &PageUser,
    person: PersonId,
    action: String,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let heading = "Reporting instructions".to_string();
    render_form(FormPage {
        shell: user.shell(&heading, ""),
        caption: String::new(),
        heading,
        intro: vec![
            "The first appointment after release, printed on the licence he signs: who he reports to, when and where, and the number to ring if something stops him.".into(),
        ],
        action,
        fields: vec![
            FormField::text("with_whom", "Who he reports to", v(values, "with_whom"))
                .hint("A name, or a role such as the duty officer"),
            FormField::date(
                "date",
                "Date",
                v(values, "date-day"),
                v(values, "date-month"),
                v(values, "date-year"),
            )
            .hint("On or after the release date, for example 14 3 2027"),
            FormField::text("time", "Time", v(values, "time"))
                .hint("For example, 14:00 or 2pm")
                .width("5"),
            FormField::textarea("address", "Where", v(values, "address"))
                .hint("The office's full address"),
            FormField::text("phone", "Telephone", v(values, "phone"))
                .hint("The number he rings if he cannot keep the appointment")
                .width("20"),
        ],
        hidden: vec![],
        submit_label: "Save the reporting instructions".into(),
        cancel_href: licence_href(person),
        errors,
        possible_matches: vec![],
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = concord_domain::LicenceVersionId(parse_id(&version)?);
    let licences = state
        .app
        .manage()
        .appointment_page(&user.0.actor, person, version)
        .await
        .map_err(|e| user.error(e))?;
    let v = licences
        .versions
        .into_iter()
        .find(|v| v.id == version)
        .ok_or_else(PageError::not_found)?;
    let mut values = Values::new();
    if let Some(a) = &v.appointment {
        values.insert("with_whom".into(), a.with_whom.clone());
        values.insert("date-day".into(), a.on.day().to_string());
        values.insert("date-month".into(), a.on.month().to_string());
        values.insert("date-year".into(), a.on.year().to_string());
        values.insert("time".into(), a.time.clone());
        values.insert("address".into(), a.address.clone());
        values.insert("phone".into(), a.phone.clone());
    }
    let action = format!("{}/appointment", version_href(person, version));
    page(&user, person, action, &values, FormErrors::new())
}

/// The reporting instructions as posted.
pub struct AppointmentPost {
    pub form: AppointmentForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AppointmentPost {
    fn from_values(values: &Values) -> Self {
        let (d, m, y) = (
            text(values, "date-day"),
            text(values, "date-month"),
            text(values, "date-year"),
        );
        let date = if [&d, &m, &y].iter().all(|p| p.trim().is_empty()) {
            String::new()
        } else {
            format!("{}/{}/{}", d.trim(), m.trim(), y.trim())
        };
        Self {
            form: AppointmentForm {
                with_whom: text(values, "with_whom"),
                date,
                time: text(values, "time"),
                address: text(values, "address"),
                phone: text(values, "phone"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn save(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<AppointmentPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = concord_domain::LicenceVersionId(parse_id(&version)?);
    match state
        .app
        .manage()
        .set_licence_appointment(&user.0.actor, person, version, &form.form)
        .await
    {
        Ok(()) => Ok(Redirect::to(&licence_href(person)).into_response()),
        Err(AppError::Validation(errors)) => {
            let action = format!("{}/appointment", version_href(person, version));
            page(
                &user,
                person,
                action,
                &form.entered,
                form_errors(&errors, &["date"], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

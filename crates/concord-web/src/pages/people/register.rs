//! Registering a person: the details and identifiers, and a check against the register
//! for someone already on it before the record is made.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, RegisterPersonInput};
use concord_ui::views::FormPage;
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{self, form_errors, ticked, Values};
use crate::pages::{form_page, render_form};
use crate::session::PageUser;
use crate::AppState;

pub async fn new_person_form(
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    // Board members, administrators and service accounts would be refused on submit.
    if !state.app.may_register_person(&user.0.actor) {
        return Err(user.forbidden());
    }
    form_page(
        &user,
        "Register a person",
        "",
        "/persons/new".into(),
        forms::register::fields(&Values::new()),
        vec![],
        "Register person",
        "/cases".into(),
        FormErrors::new(),
    )
}

/// The register form: the person's details and identifiers, and whether the user has
/// already been shown the likely matches and confirmed this is someone new.
pub struct RegisterPost {
    pub person: RegisterPersonInput,
    pub confirmed_new: bool,
    /// As typed, to fill the form in again if it is refused, or to carry it through
    /// the likely-matches question.
    pub entered: Values,
}

impl PostedForm for RegisterPost {
    fn from_values(values: &Values) -> Self {
        Self {
            person: forms::register::input(values),
            confirmed_new: ticked(values, "confirmed_new"),
            entered: values.clone(),
        }
    }
}

pub async fn new_person_submit(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm<RegisterPost>,
) -> Result<Response, PageError> {
    // Before saving: is this someone already on the register? Asked once; the user then
    // opens the record found, or confirms they are registering someone new.
    if !form.confirmed_new && user.0.actor.has(concord_authz::Permission::PersonSearch) {
        let likely = state
            .app
            .identify()
            .possible_matches(&user.0.actor, &form.person)
            .await
            .map_err(|e| user.error(e))?;
        if !likely.hits.is_empty() {
            let mut hidden: Vec<(String, String)> = form
                .entered
                .iter()
                .filter(|(k, _)| k.as_str() != "csrf_token")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            hidden.sort();
            hidden.push(("confirmed_new".into(), "yes".into()));
            return render_form(FormPage {
                shell: user.shell("Is this someone already on the register?", ""),
                caption: String::new(),
                heading: "Is this someone already on the register?".into(),
                intro: vec![],
                action: "/persons/new".into(),
                fields: vec![],
                hidden,
                submit_label: "Register as a new person".into(),
                cancel_href: "/persons/new".into(),
                errors: FormErrors::new(),
                possible_matches: likely
                    .hits
                    .into_iter()
                    .map(|h| {
                        (
                            person_href(h.person_id),
                            format!(
                                "{}, born {} – likeness {:.0}% ({})",
                                h.name,
                                crate::format::date(h.date_of_birth),
                                h.match_probability * 100.0,
                                h.reasons.join("; ")
                            ),
                        )
                    })
                    .collect(),
            });
        }
    }
    match state
        .app
        .people()
        .register_person(&user.0.actor, &form.person)
        .await
    {
        Ok(id) => {
            Ok(Redirect::to(&format!("{}?notice=registered", person_href(id))).into_response())
        }
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Register a person",
            "",
            "/persons/new".into(),
            forms::register::fields(&form.entered),
            vec![],
            "Register person",
            "/cases".into(),
            form_errors(&v, forms::details::DATES, &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

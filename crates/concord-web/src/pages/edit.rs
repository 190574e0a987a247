//! Registering a person and editing the details and addresses of a record.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::AppError;
use concord_authz::Section;
use concord_domain::{PersonId, RecordId};
use concord_ui::views::FormPage;
use concord_ui::FormErrors;

use super::{parse_id, render_checked};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{self, form_errors, put_date, Values};
use crate::session::PageUser;
use crate::AppState;

/// Render a form page; with errors it answers 422 so clients and tests can tell.
#[expect(
    clippy::too_many_arguments,
    reason = "a form page is these parts; a builder would add code without clarity"
)]
pub fn form_page(
    user: &PageUser,
    title: &str,
    caption: &str,
    action: String,
    fields: Vec<concord_ui::views::FormField>,
    hidden: Vec<(String, String)>,
    submit: &str,
    cancel: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_form(FormPage {
        shell: user.shell(title, ""),
        caption: caption.into(),
        heading: title.into(),
        intro: vec![],
        action,
        fields,
        hidden,
        submit_label: submit.into(),
        cancel_href: cancel,
        errors,
        possible_matches: vec![],
    })
}

/// Render any form page; with errors it answers 422.
pub fn render_form(page: FormPage) -> Result<Response, PageError> {
    render_checked(&page, !page.errors.is_empty())
}

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

pub async fn new_person_submit(
    State(state): State<AppState>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let input = forms::register::input(&values);
    // Before saving: is this someone already on the register? Asked once; the user then
    // opens the record found, or confirms they are registering someone new.
    if values.get("confirmed_new").map(String::as_str) != Some("yes")
        && user.0.actor.has(concord_authz::Permission::PersonSearch)
    {
        let likely = state
            .app
            .identify()
            .possible_matches(&user.0.actor, &input)
            .await
            .map_err(|e| user.error(e))?;
        if !likely.hits.is_empty() {
            let mut hidden: Vec<(String, String)> = values
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
        .register_person(&user.0.actor, &input)
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
            forms::register::fields(&values),
            vec![],
            "Register person",
            "/cases".into(),
            form_errors(&v, forms::details::DATES, &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

pub async fn details_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let r = state
        .app
        .people()
        .record_header(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    may_change(&state, &user, id, Section::Identity).await?;
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

/// Refuse to show a form whose submission the policy would refuse.
pub(crate) async fn may_change(
    state: &AppState,
    user: &PageUser,
    id: PersonId,
    section: Section,
) -> Result<(), PageError> {
    let may = state
        .app
        .may_act_on_section(&user.0.actor, id, concord_authz::Action::Change, section)
        .await
        .map_err(|e| user.error(e))?;
    if may {
        Ok(())
    } else {
        Err(user.forbidden())
    }
}

fn version(values: &Values) -> Result<i64, PageError> {
    forms::v(values, "version").parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })
}

pub async fn details_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let base = person_href(id);
    match state
        .app
        .people()
        .change_person_details(
            &user.0.actor,
            id,
            version(&values)?,
            &forms::details::input(&values),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{base}?notice=details-saved")).into_response()),
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Change personal details",
            "",
            format!("{base}/details"),
            forms::details::fields(&values),
            vec![("version".into(), forms::v(&values, "version").into())],
            "Save details",
            base,
            form_errors(&v, forms::details::DATES, &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

pub async fn address_new_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let r = state
        .app
        .people()
        .record_header(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    may_change(&state, &user, id, Section::Addresses).await?;
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

pub async fn address_new_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let base = person_href(id);
    match state
        .app
        .people()
        .add_address(&user.0.actor, id, &forms::address::input(&values))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{base}?notice=address-added")).into_response()),
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Add an address",
            "",
            format!("{base}/addresses/new"),
            forms::address::fields(&values),
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
    let r = state
        .app
        .people()
        .view_person(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    let a = r
        .addresses
        .iter()
        .find(|a| a.id == address)
        .ok_or_else(PageError::not_found)?;
    may_change(&state, &user, id, Section::Addresses).await?;
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
        &r.full_name(),
        format!("{base}/addresses/{address}/edit"),
        forms::address::fields(&values),
        vec![("version".into(), a.version.to_string())],
        "Save address",
        base,
        FormErrors::new(),
    )
}

pub async fn address_edit_submit(
    State(state): State<AppState>,
    Path((id, address)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
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
            version(&values)?,
            &forms::address::input(&values),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{base}?notice=address-saved")).into_response()),
        Err(AppError::Validation(v)) => form_page(
            &user,
            "Change address",
            "",
            format!("{base}/addresses/{address}/edit"),
            forms::address::fields(&values),
            vec![("version".into(), forms::v(&values, "version").into())],
            "Save address",
            base,
            form_errors(&v, forms::address::DATES, forms::address::RENAME),
        ),
        Err(e) => Err(user.error(e)),
    }
}

//! The provider's volunteers and their vetting: the register, adding a volunteer, and
//! recording a volunteer's vetting as it stands.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DbsLevel, VolunteerInput, VolunteerRole, VolunteerView};
use concord_domain::VolunteerId;
use concord_ui::views::{FormField, FormPage, VolunteerLine, VolunteersPage};
use concord_ui::{FormErrors, SelectOption};

use super::{date_field, options};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, opt_date};
use crate::forms::{date_input, form_errors, ticked, v, Values};
use crate::pages::{parse_id, render, render_form};
use crate::session::PageUser;
use crate::AppState;

const REGISTER: &str = "/partners/volunteers";

pub async fn volunteers(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let list = state
        .app
        .partners()
        .volunteers(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    render(&VolunteersPage {
        shell: user.shell("Volunteers and mentors", REGISTER),
        notice: match q.get("notice").map(String::as_str) {
            Some("added") => "Volunteer added.".into(),
            Some("vetting") => "Vetting recorded.".into(),
            _ => String::new(),
        },
        volunteers: list
            .iter()
            .map(|v| VolunteerLine {
                name: v.name.clone(),
                role: v.role.label().into(),
                dbs: match (v.dbs_level, v.dbs_checked_on) {
                    (Some(l), Some(on)) => format!("{} ({})", l.label(), date(on)),
                    _ => "None recorded".into(),
                },
                references: v.references.to_string(),
                trained: opt_date(v.trained_on),
                vetting: v.problems.join("; "),
                vetted: v.problems.is_empty(),
                edit_href: format!("{REGISTER}/{}", v.id),
            })
            .collect(),
        add_href: format!("{REGISTER}/new"),
    })
}

fn fields(values: &Values, new: bool) -> Vec<FormField> {
    let mut f = vec![];
    if new {
        f.push(FormField::text("name", "Name", v(values, "name")).width("20"));
        f.push(FormField::radios(
            "role",
            "What they do",
            VolunteerRole::ALL
                .iter()
                .map(|r| SelectOption::new(r.code(), r.label(), v(values, "role") == r.code()))
                .collect(),
        ));
    }
    f.push(FormField::select(
        "dbs_level",
        "DBS check",
        options(
            "None yet",
            DbsLevel::ALL.iter().map(|l| (l.code(), l.label())),
            v(values, "dbs_level"),
        ),
    ));
    f.push(date_field(
        values,
        "dbs_checked_on",
        "Date of the DBS check",
    ));
    f.push(
        FormField::text("references", "References received", v(values, "references")).width("2"),
    );
    f.push(date_field(values, "trained_on", "Training completed on"));
    if !new {
        f.push(FormField::checkboxes(
            "active",
            "Active",
            vec![SelectOption::new(
                "yes",
                "The volunteer is active",
                ticked(values, "active.yes"),
            )],
        ));
    }
    f
}

fn page(
    user: &PageUser,
    heading: &str,
    action: String,
    values: &Values,
    new: bool,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_form(FormPage {
        shell: user.shell(heading, REGISTER),
        caption: "Volunteers and mentors".into(),
        heading: heading.into(),
        intro: vec![],
        action,
        fields: fields(values, new),
        hidden: vec![],
        submit_label: "Save".into(),
        cancel_href: REGISTER.into(),
        errors,
        possible_matches: vec![],
    })
}

fn input(values: &Values, new: bool) -> VolunteerInput {
    VolunteerInput {
        name: v(values, "name").into(),
        role: v(values, "role").into(),
        dbs_level: v(values, "dbs_level").into(),
        dbs_checked_on: date_input(values, "dbs_checked_on"),
        references: v(values, "references").into(),
        trained_on: date_input(values, "trained_on"),
        active: new || ticked(values, "active.yes"),
    }
}

const DATES: &[&str] = &["dbs_checked_on", "trained_on"];

pub async fn volunteer_form(user: PageUser) -> Result<Response, PageError> {
    page(
        &user,
        "Add a volunteer",
        format!("{REGISTER}/new"),
        &Values::new(),
        true,
        FormErrors::new(),
    )
}

pub async fn add_volunteer(
    State(state): State<AppState>,
    CheckedForm { user, form: values }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    match state
        .app
        .partners()
        .add_volunteer(&user.0.actor, &input(&values, true))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{REGISTER}?notice=added")).into_response()),
        Err(AppError::Validation(errors)) => page(
            &user,
            "Add a volunteer",
            format!("{REGISTER}/new"),
            &values,
            true,
            form_errors(&errors, DATES, &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

fn values_of(v: &VolunteerView) -> Values {
    let mut out = Values::new();
    let mut put = |k: &str, s: String| {
        out.insert(k.to_string(), s);
    };
    put(
        "dbs_level",
        v.dbs_level.map_or_else(String::new, |l| l.code().into()),
    );
    for (name, d) in [
        ("dbs_checked_on", v.dbs_checked_on),
        ("trained_on", v.trained_on),
    ] {
        if let Some(d) = d {
            put(&format!("{name}-day"), d.format("%-d").to_string());
            put(&format!("{name}-month"), d.format("%-m").to_string());
            put(&format!("{name}-year"), d.format("%Y").to_string());
        }
    }
    put("references", v.references.to_string());
    if v.active {
        put("active.yes", "yes".into());
    }
    out
}

pub async fn vetting_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: VolunteerId = parse_id(&id)?;
    let list = state
        .app
        .partners()
        .volunteers(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    let v = list
        .iter()
        .find(|v| v.id == id)
        .ok_or_else(PageError::not_found)?;
    page(
        &user,
        &format!("Vetting: {}", v.name),
        format!("{REGISTER}/{id}"),
        &values_of(v),
        false,
        FormErrors::new(),
    )
}

pub async fn record_vetting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: values }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let id: VolunteerId = parse_id(&id)?;
    match state
        .app
        .partners()
        .update_vetting(&user.0.actor, id, &input(&values, false))
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{REGISTER}?notice=vetting")).into_response()),
        Err(AppError::Validation(errors)) => page(
            &user,
            "Vetting",
            format!("{REGISTER}/{id}"),
            &values,
            false,
            form_errors(&errors, DATES, &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

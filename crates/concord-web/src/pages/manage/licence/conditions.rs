//! The condition forms of a licence version being drafted or varied: the catalogue choice,
//! then the parameters typed by kind (a zone, a time, a date, a choice); adding, changing
//! and removing a condition. Errors re-show the same form with the fields named as posted.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, ConditionForm, LicenceVersionView};
use concord_domain::LicenceVersionId;
use concord_domain::PersonId;
use concord_licence::ParamKind;
use concord_ui::views::{FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};
use uuid::Uuid;

use super::{licence_href, version_href, version_of, with_errors};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, v, Values};
use crate::pages::parse_id;
use crate::pages::render_form;
use crate::session::PageUser;
use crate::AppState;

/// The fields of one condition's parameters, typed by kind.
fn param_fields(
    spec: &concord_licence::ConditionSpec,
    values: &Values,
    zones: &[(String, String)],
) -> Vec<FormField> {
    spec.params
        .iter()
        .map(|p| {
            let name = format!("params.{}", p.name);
            let value = v(values, &name);
            let label = if p.required {
                p.label.to_string()
            } else {
                format!("{} (optional)", p.label)
            };
            match p.kind {
                ParamKind::Zone => {
                    FormField::select(
                        &name,
                        &label,
                        std::iter::once(SelectOption::new("", "Choose a zone", value.is_empty()))
                            .chain(zones.iter().map(|(id, z)| {
                                SelectOption::new(id.clone(), z.clone(), value == id)
                            }))
                            .collect(),
                    )
                    .hint("Zones are added on the Zones and addresses page")
                }
                ParamKind::Choice(choices) => FormField::select(
                    &name,
                    &label,
                    std::iter::once(SelectOption::new("", "Choose", value.is_empty()))
                        .chain(
                            choices
                                .iter()
                                .map(|c| SelectOption::new(*c, *c, value == *c)),
                        )
                        .collect(),
                ),
                ParamKind::LongText => FormField::textarea(&name, &label, value),
                ParamKind::Time => FormField::text(&name, &label, value)
                    .hint("24-hour clock, e.g. 19:00")
                    .width("5"),
                ParamKind::Date => FormField::text(&name, &label, value)
                    .hint("Within the licence period, e.g. 1/9/2026")
                    .width("10"),
                ParamKind::Number => FormField::text(&name, &label, value).width("5"),
                _ => FormField::text(&name, &label, value),
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn condition_form_page(
    user: &PageUser,
    person: PersonId,
    version: &LicenceVersionView,
    spec: Option<&'static concord_licence::ConditionSpec>,
    action: String,
    values: &Values,
    zones: &[(String, String)],
    errors: FormErrors,
) -> Result<Response, PageError> {
    let (heading, intro, fields) = match spec {
        None => (
            "Add a condition".to_string(),
            vec!["Choose the condition; its details come next.".to_string()],
            vec![FormField::select(
                "code",
                "Condition",
                std::iter::once(SelectOption::new("", "Choose a condition", true))
                    .chain(
                        concord_licence::additional_conditions(concord_licence::CURRENT)
                            .iter()
                            .chain(std::iter::once(&concord_licence::BESPOKE))
                            .map(|s| {
                                // Bespoke wording is its own category: "Bespoke", not "Bespoke — Bespoke".
                                let label = if s.category == s.short_name() {
                                    s.short_name()
                                } else {
                                    format!("{} — {}", s.category, s.short_name())
                                };
                                SelectOption::new(s.code, label, false)
                            }),
                    )
                    .collect(),
            )],
        ),
        Some(spec) => (
            spec.short_name(),
            vec![format!(
                "Wording (each … is filled in from the answers below; a part in brackets only if given): {}",
                wording_to_read(spec.text)
            )],
            param_fields(spec, values, zones),
        ),
    };
    let mut hidden = vec![("version".to_string(), version.version.to_string())];
    if let Some(spec) = spec {
        hidden.push(("code".into(), spec.code.into()));
    }
    render_form(FormPage {
        shell: user.shell(&heading, ""),
        caption: String::new(),
        heading,
        intro,
        action,
        fields,
        hidden,
        submit_label: if spec.is_some() {
            "Save the condition".into()
        } else {
            "Continue".into()
        },
        cancel_href: licence_href(person),
        errors,
        possible_matches: vec![],
    })
}

async fn version_and_zones(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    version: LicenceVersionId,
    condition: Option<Uuid>,
) -> Result<(LicenceVersionView, Vec<(String, String)>), PageError> {
    let concord_app::ConditionPage { licences, zones } = state
        .app
        .manage()
        .condition_page(&user.0.actor, person, version, condition)
        .await
        .map_err(|e| user.error(e))?;
    let v = licences
        .versions
        .into_iter()
        .find(|v| v.id == version)
        .ok_or_else(PageError::not_found)?;
    let zones = zones
        .into_iter()
        .filter(|z| !z.retired)
        .map(|z| {
            (
                z.id.to_string(),
                format!("{} ({} zone)", z.name, z.kind.code()),
            )
        })
        .collect();
    Ok((v, zones))
}

pub async fn condition_new(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, version)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let (v, zones) = version_and_zones(&state, &user, person, parse_id(&version)?, None).await?;
    let spec = q.get("code").and_then(|c| concord_licence::find(c));
    let action = match spec {
        Some(_) => format!("{}/conditions", version_href(person, v.id)),
        None => format!("{}/conditions/new", version_href(person, v.id)),
    };
    condition_form_page(
        &user,
        person,
        &v,
        spec,
        action,
        &Values::new(),
        &zones,
        FormErrors::new(),
    )
}

/// The condition chosen from the catalogue, before its parameters.
pub struct ConditionChoicePost {
    pub code: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ConditionChoicePost {
    fn from_values(values: &Values) -> Self {
        Self {
            code: text(values, "code"),
            entered: values.clone(),
        }
    }
}

/// The catalogue choice posts here and is sent on to the parameters form.
pub async fn condition_choose(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<ConditionChoicePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = parse_id(&version)?;
    match concord_licence::find(form.code.as_str()) {
        Some(spec) => Ok(Redirect::to(&format!(
            "{}/conditions/new?code={}",
            version_href(person, version),
            spec.code
        ))
        .into_response()),
        None => {
            let (v, zones) = version_and_zones(&state, &user, person, version, None).await?;
            let mut errors = FormErrors::new();
            errors.push("code", "Choose a condition from the list".to_string());
            condition_form_page(
                &user,
                person,
                &v,
                None,
                format!("{}/conditions/new", version_href(person, v.id)),
                &form.entered,
                &zones,
                errors,
            )
        }
    }
}

fn condition_form(values: &Values) -> ConditionForm {
    ConditionForm {
        code: v(values, "code").into(),
        params: values
            .iter()
            .filter_map(|(k, val)| {
                k.strip_prefix("params.")
                    .map(|p| (p.to_string(), val.clone()))
            })
            .collect::<BTreeMap<_, _>>(),
    }
}

/// A new condition: its parameters depend on its kind, so they are read by name
/// from the posted fields.
pub struct ConditionPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ConditionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn condition_add(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    CheckedForm { user, form: posted }: CheckedForm<ConditionPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = parse_id(&version)?;
    let form = condition_form(&posted.entered);
    match state
        .app
        .manage()
        .add_licence_condition(
            &user.0.actor,
            person,
            version,
            version_of(&posted.entered)?,
            &form,
        )
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=condition", licence_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let (v, zones) = version_and_zones(&state, &user, person, version, None).await?;
            let spec = concord_licence::find(&form.code);
            condition_form_page(
                &user,
                person,
                &v,
                spec,
                format!("{}/conditions", version_href(person, version)),
                &posted.entered,
                &zones,
                param_errors(&errors),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

/// Condition errors name `params.start`; the form's fields are named the same way.
fn param_errors(errors: &concord_domain::ValidationErrors) -> FormErrors {
    let mut out = FormErrors::new();
    for e in &errors.errors {
        out.push(e.field.clone(), e.message.clone());
    }
    out
}

pub async fn condition_edit(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, version, condition)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let condition = parse_id(&condition)?;
    let (v, zones) =
        version_and_zones(&state, &user, person, parse_id(&version)?, Some(condition)).await?;
    let c = v
        .conditions
        .iter()
        .find(|c| c.id == condition)
        .ok_or_else(PageError::not_found)?;
    let values: Values = c
        .params
        .iter()
        .map(|(k, val)| (format!("params.{k}"), val.clone()))
        .collect();
    let spec = concord_licence::find(&c.code);
    condition_form_page(
        &user,
        person,
        &v,
        spec,
        format!("{}/conditions/{condition}", version_href(person, v.id)),
        &values,
        &zones,
        FormErrors::new(),
    )
}

/// A condition's parameters changed, read by name as they depend on its kind.
pub struct ConditionChangePost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ConditionChangePost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn condition_change(
    State(state): State<AppState>,
    Path((id, version, condition)): Path<(String, String, String)>,
    CheckedForm { user, form: posted }: CheckedForm<ConditionChangePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = parse_id(&version)?;
    let condition = parse_id(&condition)?;
    let form = condition_form(&posted.entered);
    match state
        .app
        .manage()
        .change_licence_condition(
            &user.0.actor,
            person,
            version,
            version_of(&posted.entered)?,
            condition,
            &form,
        )
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=condition", licence_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let (v, zones) = version_and_zones(&state, &user, person, version, None).await?;
            let spec = concord_licence::find(&form.code);
            condition_form_page(
                &user,
                person,
                &v,
                spec,
                format!("{}/conditions/{condition}", version_href(person, version)),
                &posted.entered,
                &zones,
                param_errors(&errors),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

/// A condition removed from a licence version, with the version's number.
pub struct ConditionRemovalPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ConditionRemovalPost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn condition_remove(
    State(state): State<AppState>,
    Path((id, version, condition)): Path<(String, String, String)>,
    CheckedForm { user, form }: CheckedForm<ConditionRemovalPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = parse_id(&version)?;
    match state
        .app
        .manage()
        .remove_licence_condition(
            &user.0.actor,
            person,
            version,
            version_of(&form.entered)?,
            parse_id(&condition)?,
        )
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=condition", licence_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            with_errors(&state, &user, person, &errors, &form.entered, &[]).await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// A condition's template as a reader should meet it: each `{placeholder}` as "…" and an
/// optional part `[, between {start} and {end}]` in round brackets.
fn wording_to_read(template: &str) -> String {
    let mut out = String::new();
    let mut in_placeholder = false;
    for ch in template.chars() {
        match ch {
            '{' => {
                in_placeholder = true;
                out.push('…');
            }
            '}' => in_placeholder = false,
            '[' if !in_placeholder => out.push_str(" ("),
            ']' if !in_placeholder => out.push(')'),
            c if !in_placeholder => out.push(c),
            _ => {}
        }
    }
    out.replace(" (,", " (").replace("( ", "(")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_template_reads_without_its_braces() {
        assert_eq!(
            super::wording_to_read("Do not enter {description}, the area shown on map {zone}[, between {start} and {end}], without approval."),
            "Do not enter …, the area shown on map … (between … and …), without approval."
        );
    }
}

//! A review's facts from the record, with corrections and the reasons for them.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, FactKind, RiskReview, FACT_FIELDS};
use concord_ui::views::FormField;
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, put_date, text, v, Values};
use crate::session::PageUser;
use crate::AppState;

use super::{date_text, ids, review_form, review_href, select, version};

fn fact_fields(r: &RiskReview, values: &Values) -> Vec<FormField> {
    let mut fields = vec![];
    for fact in &r.facts {
        let Some((_, _, kind)) = FACT_FIELDS.iter().find(|(f, _, _)| *f == fact.field) else {
            continue;
        };
        let name = fact.field.as_str();
        let hint = format!(
            "The record: {} ({})",
            fact.from_record.as_deref().unwrap_or("nothing recorded"),
            fact.source
        );
        let value = v(values, name);
        let field = match kind {
            FactKind::Gender => select(
                name,
                &fact.label,
                &[("MALE", "Male"), ("FEMALE", "Female")],
                value,
                "Not known",
            ),
            FactKind::Supervision => select(
                name,
                &fact.label,
                &[
                    ("COMMUNITY", "In the community"),
                    ("CUSTODY", "In custody"),
                    ("REMAND", "On remand"),
                ],
                value,
                "Not known",
            ),
            FactKind::YesNo => select(
                name,
                &fact.label,
                &[("yes", "Yes"), ("no", "No")],
                value,
                "Not known",
            ),
            FactKind::Date => FormField::date(
                name,
                &fact.label,
                v(values, &format!("{name}-day")),
                v(values, &format!("{name}-month")),
                v(values, &format!("{name}-year")),
            ),
            FactKind::Count | FactKind::OffenceCode => {
                FormField::text(name, &fact.label, value).width("5")
            }
        };
        fields.push(field.hint(&hint));
        fields.push(
            FormField::text(
                &format!("{name}_reason"),
                &format!("If you changed {}, say why", fact.label.to_lowercase()),
                v(values, &format!("{name}_reason")),
            )
            .hint("Required only when your answer differs from the record"),
        );
    }
    fields
}

fn date_fields() -> Vec<&'static str> {
    FACT_FIELDS
        .iter()
        .filter(|(_, _, k)| *k == FactKind::Date)
        .map(|(f, _, _)| *f)
        .collect()
}

pub async fn facts_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, review)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let r = state
        .app
        .assess()
        .risk_review(&user.0.actor, person, review)
        .await
        .map_err(|e| user.error(e))?;
    let mut values = Values::new();
    for f in &r.facts {
        let value = f.value.clone().unwrap_or_default();
        if date_fields().contains(&f.field.as_str()) {
            put_date(
                &mut values,
                &f.field,
                chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok(),
            );
        } else {
            values.insert(f.field.clone(), value);
        }
        if let Some(reason) = &f.correction_reason {
            values.insert(format!("{}_reason", f.field), reason.clone());
        }
    }
    review_form(
        &user,
        &r,
        "Check the facts from the record",
        "facts",
        vec!["These come from the record, so nothing is keyed twice. Confirm them, or correct any that are wrong and say why: the correction is kept with the review.".into()],
        fact_fields(&r, &values),
        FormErrors::new(),
    )
}

/// A risk review's facts: the boxes depend on the predictors, so they are read by
/// name from the posted fields.
pub struct FactsPost {
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for FactsPost {
    fn from_values(values: &Values) -> Self {
        Self {
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn facts_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<FactsPost>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let dates = date_fields();
    let submitted: Vec<(String, String, String)> = FACT_FIELDS
        .iter()
        .map(|(field, _, _)| {
            let value = if dates.contains(field) {
                date_text(&form.entered, field)
            } else {
                v(&form.entered, field).to_string()
            };
            (
                field.to_string(),
                value,
                v(&form.entered, &format!("{field}_reason")).to_string(),
            )
        })
        .collect();
    match state
        .app
        .assess()
        .confirm_review_facts(
            &user.0.actor,
            person,
            review,
            version(&form.version)?,
            &submitted,
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice=facts", review_href(person, review))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let r = state
                .app
                .assess()
                .risk_review(&user.0.actor, person, review)
                .await
                .map_err(|e| user.error(e))?;
            review_form(
                &user,
                &r,
                "Check the facts from the record",
                "facts",
                vec![],
                fact_fields(&r, &form.entered),
                form_errors(&errors, &dates, &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

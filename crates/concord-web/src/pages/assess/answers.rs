//! A review's OASys answers, the ones the predictors read.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AnswerKind, AnswersForm, AppError, NEEDS, NEED_SEVERITIES, NO_PREVIOUS_CONVICTIONS,
    PREVIOUS_CONVICTIONS, QUESTIONS,
};
use concord_ui::views::FormField;
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, text, v, Values};
use crate::session::PageUser;
use crate::AppState;

use super::{ids, review_form, review_href, select, version};

fn answer_fields(values: &Values) -> Vec<FormField> {
    let mut fields: Vec<FormField> = QUESTIONS
        .iter()
        .map(|q| {
            let value = v(values, q.field);
            let label = format!("{}: {}", q.group, q.text);
            match q.kind {
                AnswerKind::Count => FormField::text(q.field, &label, value).width("3"),
                kind => select(q.field, &label, kind.choices(), value, "Not answered"),
            }
        })
        .collect();
    fields.push(FormField::checkboxes(
        "previous_convictions",
        "Previous convictions for any of these (SNSV)",
        PREVIOUS_CONVICTIONS
            .iter()
            .chain(std::iter::once(&(NO_PREVIOUS_CONVICTIONS, "None of these")))
            .map(|(code, label)| {
                SelectOption::new(
                    *code,
                    *label,
                    v(values, &format!("previous_convictions.{code}")) == "yes",
                )
            })
            .collect(),
    ));
    for (need, label) in NEEDS {
        let name = format!("need_{need}");
        fields.push(
            select(
                &name,
                &format!("Need: {label}"),
                &NEED_SEVERITIES,
                v(values, &name),
                "Not assessed",
            )
            .hint("The OASys section's outcome; the tier's change level weighs these"),
        );
    }
    fields
}

pub async fn answers_form(
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
    for (field, answer) in &r.oasys.items {
        let text = match answer {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        values.insert(field.clone(), text);
    }
    for p in &r.oasys.previous_convictions {
        values.insert(format!("previous_convictions.{p}"), "yes".into());
    }
    for (need, severity) in &r.oasys.needs {
        values.insert(format!("need_{need}"), severity.clone());
    }
    review_form(
        &user,
        &r,
        "Answer the OASys items the predictors use",
        "answers",
        vec!["Items left unanswered leave the dynamic predictors (OGP, OVP, SNSV dynamic) uncomputed or static; the result page says which.".into()],
        answer_fields(&values),
        FormErrors::new(),
    )
}

/// A risk review's answers: one per question of the questionnaire, read by name.
pub struct AnswersPost {
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AnswersPost {
    fn from_values(values: &Values) -> Self {
        Self {
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn answers_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, form: posted }: CheckedForm<AnswersPost>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let form = AnswersForm {
        items: QUESTIONS
            .iter()
            .map(|q| (q.field.to_string(), v(&posted.entered, q.field).to_string()))
            .collect(),
        previous_convictions: posted
            .entered
            .iter()
            .filter(|(k, val)| k.starts_with("previous_convictions.") && val.as_str() == "yes")
            .map(|(k, _)| k.trim_start_matches("previous_convictions.").to_string())
            .collect(),
        needs: NEEDS
            .iter()
            .map(|(n, _)| {
                (
                    n.to_string(),
                    v(&posted.entered, &format!("need_{n}")).to_string(),
                )
            })
            .collect(),
    };
    match state
        .app
        .assess()
        .save_review_answers(
            &user.0.actor,
            person,
            review,
            version(&posted.version)?,
            &form,
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice=answers", review_href(person, review)))
                .into_response(),
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
                "Answer the OASys items the predictors use",
                "answers",
                vec![],
                answer_fields(&posted.entered),
                form_errors(&errors, &[], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

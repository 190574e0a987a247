//! A review's three forms: the facts from the record (with corrections and reasons), the
//! OASys answers the predictors read, and the risk of serious harm.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AnswerKind, AnswersForm, AppError, FactKind, RiskReview, RoshForm, FACT_FIELDS, NEEDS,
    NEED_SEVERITIES, PREVIOUS_CONVICTIONS, QUESTIONS,
};
use concord_risk::{RiskGroup, RoshLevel};
use concord_ui::views::FormField;
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::text;
use crate::forms::{form_errors, put_date, v, Values};
use crate::session::PageUser;
use crate::AppState;

use super::{ids, review_form, review_href, select, version};

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

/// A date's three boxes as the one text the use case parses ("" when all are blank).
pub(in crate::pages) fn date_text(values: &Values, field: &str) -> String {
    let part = |p: &str| v(values, &format!("{field}-{p}")).trim().to_string();
    let (d, m, y) = (part("day"), part("month"), part("year"));
    if d.is_empty() && m.is_empty() && y.is_empty() {
        String::new()
    } else {
        format!("{d}/{m}/{y}")
    }
}

pub async fn facts_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, review)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let r = state
        .app
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

/// What the form of `facts_submit` posts.
pub struct FactsPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for FactsPost {
    fn from_values(values: &Values) -> Self {
        Self {
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
        .confirm_review_facts(
            &user.0.actor,
            person,
            review,
            version(&form.entered)?,
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

/// What the form of `answers_submit` posts.
pub struct AnswersPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for AnswersPost {
    fn from_values(values: &Values) -> Self {
        Self {
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
        .save_review_answers(
            &user.0.actor,
            person,
            review,
            version(&posted.entered)?,
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

fn rosh_fields(groups: &[RiskGroup], values: &Values) -> Vec<FormField> {
    let levels: Vec<(String, &str)> = RoshLevel::ALL
        .iter()
        .map(|l| (concord_app::level_code(*l), l.label()))
        .collect();
    let choices: Vec<(&str, &str)> = levels.iter().map(|(c, l)| (c.as_str(), *l)).collect();
    let mut fields: Vec<FormField> = groups
        .iter()
        .map(|g| {
            let name = format!("level_{}", concord_app::group_code(*g));
            select(
                &name,
                &format!("Risk of serious harm to {}", g.label().to_lowercase()),
                &choices,
                v(values, &name),
                "Choose a level",
            )
        })
        .collect();
    for (name, label, hint) in [
        (
            "who_is_at_risk",
            "Who is at risk",
            "Name the people or groups: a partner, children in the household, staff",
        ),
        (
            "nature_of_harm",
            "What is the nature of the harm",
            "What harm, how it would happen, how serious",
        ),
        (
            "when_most_likely",
            "When is the harm most likely",
            "Circumstances and times: on release, when drinking, at contact handovers",
        ),
        (
            "what_increases",
            "What increases the risk",
            "For example loss of accommodation, relationship breakdown, drug or alcohol misuse",
        ),
        (
            "what_reduces",
            "What reduces the risk",
            "Protective factors and measures in place",
        ),
    ] {
        fields.push(FormField::textarea(name, label, v(values, name)).hint(hint));
    }
    fields.push(
        FormField::date(
            "review_due_on",
            "Date of the next review",
            v(values, "review_due_on-day"),
            v(values, "review_due_on-month"),
            v(values, "review_due_on-year"),
        )
        .hint("Within a year; sooner when risk is high or circumstances may change"),
    );
    fields
}

fn rosh_intro() -> Vec<String> {
    let mut intro = vec![format!(
        "Serious harm: {}",
        concord_risk::rosh::SERIOUS_HARM_DEFINITION
    )];
    intro.extend(
        RoshLevel::ALL
            .iter()
            .map(|l| format!("{}: {}", l.label(), l.definition())),
    );
    intro
}

pub async fn rosh_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, review)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let r = state
        .app
        .risk_review(&user.0.actor, person, review)
        .await
        .map_err(|e| user.error(e))?;
    let mut values = Values::new();
    for (group, level) in &r.rosh.levels {
        values.insert(format!("level_{group}"), level.clone());
    }
    for (name, text) in [
        ("who_is_at_risk", &r.rosh.who_is_at_risk),
        ("nature_of_harm", &r.rosh.nature_of_harm),
        ("when_most_likely", &r.rosh.when_most_likely),
        ("what_increases", &r.rosh.what_increases),
        ("what_reduces", &r.rosh.what_reduces),
    ] {
        values.insert(name.into(), text.clone());
    }
    put_date(&mut values, "review_due_on", r.review_due_on);
    review_form(
        &user,
        &r,
        "Assess the risk of serious harm",
        "rosh",
        rosh_intro(),
        rosh_fields(&r.groups, &values),
        FormErrors::new(),
    )
}

/// What the form of `rosh_submit` posts.
pub struct RoshPost {
    pub who_is_at_risk: String,
    pub nature_of_harm: String,
    pub when_most_likely: String,
    pub what_increases: String,
    pub what_reduces: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for RoshPost {
    fn from_values(values: &Values) -> Self {
        Self {
            who_is_at_risk: text(values, "who_is_at_risk"),
            nature_of_harm: text(values, "nature_of_harm"),
            when_most_likely: text(values, "when_most_likely"),
            what_increases: text(values, "what_increases"),
            what_reduces: text(values, "what_reduces"),
            entered: values.clone(),
        }
    }
}

pub async fn rosh_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, form: posted }: CheckedForm<RoshPost>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let form = RoshForm {
        levels: RiskGroup::ALL
            .iter()
            .map(|g| {
                let code = concord_app::group_code(*g);
                let level = v(&posted.entered, &format!("level_{code}")).to_string();
                (code, level)
            })
            .collect(),
        who_is_at_risk: posted.who_is_at_risk.clone(),
        nature_of_harm: posted.nature_of_harm.clone(),
        when_most_likely: posted.when_most_likely.clone(),
        what_increases: posted.what_increases.clone(),
        what_reduces: posted.what_reduces.clone(),
        review_due_on: date_text(&posted.entered, "review_due_on"),
    };
    match state
        .app
        .save_review_rosh(
            &user.0.actor,
            person,
            review,
            version(&posted.entered)?,
            &form,
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice=rosh", review_href(person, review))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let r = state
                .app
                .risk_review(&user.0.actor, person, review)
                .await
                .map_err(|e| user.error(e))?;
            review_form(
                &user,
                &r,
                "Assess the risk of serious harm",
                "rosh",
                rosh_intro(),
                rosh_fields(&r.groups, &posted.entered),
                form_errors(&errors, &["review_due_on"], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

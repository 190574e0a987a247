//! A review's risk of serious harm: the level for each group at risk and the narrative.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, RoshForm};
use concord_risk::{RiskGroup, RoshLevel};
use concord_ui::views::FormField;
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, put_date, text, v, Values};
use crate::session::PageUser;
use crate::AppState;

use super::{date_text, ids, review_form, review_href, select, version};

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
        .assess()
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

/// The risk of serious harm: the levels by group and the narrative.
pub struct RoshPost {
    pub version: String,
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
            version: text(values, "version"),
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
        .assess()
        .save_review_rosh(
            &user.0.actor,
            person,
            review,
            version(&posted.version)?,
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
                .assess()
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

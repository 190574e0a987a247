//! Recall: requesting one with its fixed-term assessment explained, the decision on
//! it, and the return to custody.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, RecallForm};
use concord_domain::EnforcementActionId;
use concord_domain::{PersonId, RecallId};
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, text, v, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::compliance::{compliance_href, page};

/// A yes/no question left unanswered is `None`: the use case says which it needs.
fn yes_no(values: &Values, field: &str) -> Option<bool> {
    match v(values, field) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// A recall requested, with the facts its fixed-term assessment needs.
pub struct RecallRequestPost {
    pub charged_with_offence: Option<bool>,
    pub schedule_19aa_offence: Option<bool>,
    pub terrorist_sentence: Option<bool>,
    pub terrorist_mappa_category: Option<bool>,
    pub extended_sentence: Option<bool>,
    pub mappa_level: String,
    pub sentence_months: String,
    pub breach_action_id: String,
    pub reasons: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for RecallRequestPost {
    fn from_values(values: &Values) -> Self {
        Self {
            charged_with_offence: yes_no(values, "charged_with_offence"),
            schedule_19aa_offence: yes_no(values, "schedule_19aa_offence"),
            terrorist_sentence: yes_no(values, "terrorist_sentence"),
            terrorist_mappa_category: yes_no(values, "terrorist_mappa_category"),
            extended_sentence: yes_no(values, "extended_sentence"),
            mappa_level: text(values, "mappa_level"),
            sentence_months: text(values, "sentence_months"),
            breach_action_id: text(values, "breach_action_id"),
            reasons: text(values, "reasons"),
            entered: values.clone(),
        }
    }
}

pub async fn request_recall(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: posted }: CheckedForm<RecallRequestPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let mut errors = FormErrors::new();
    let mappa_level = match posted.mappa_level.as_str() {
        "" => None,
        l => l.parse::<u8>().ok().filter(|l| *l <= 3).or_else(|| {
            errors.push("mappa_level", "Choose a MAPPA level, or Not known");
            None
        }),
    };
    let sentence_months = match posted.sentence_months.as_str().trim() {
        "" => None,
        m => m
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=1200).contains(m))
            .or_else(|| {
                errors.push(
                    "sentence_months",
                    "Enter the sentence length as a whole number of months, e.g. 24",
                );
                None
            }),
    };
    let breach_action_id = match posted.breach_action_id.as_str() {
        "" => None,
        b => b.parse::<EnforcementActionId>().ok().or_else(|| {
            errors.push(
                "breach_action_id",
                "Choose a breach referral from the list, or None",
            );
            None
        }),
    };
    if !errors.is_empty() {
        return page(&state, &user, person, "", errors, posted.entered).await;
    }
    let form = RecallForm {
        reasons: posted.reasons.clone(),
        charged_with_offence: posted.charged_with_offence,
        breach_action_id,
        mappa_level,
        schedule_19aa_offence: posted.schedule_19aa_offence,
        terrorist_sentence: posted.terrorist_sentence,
        terrorist_mappa_category: posted.terrorist_mappa_category,
        extended_sentence: posted.extended_sentence,
        sentence_months,
    };
    match state
        .app
        .manage()
        .request_recall(&user.0.actor, person, &form)
        .await
    {
        Ok(r) => Ok(Redirect::to(&format!(
            "{}?notice=recall#recall-{}",
            compliance_href(person),
            r.recall_id
        ))
        .into_response()),
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                posted.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// The decision on a recall request.
pub struct RecallDecisionPost {
    pub decision: String,
    pub reason: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for RecallDecisionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            decision: text(values, "decision"),
            reason: text(values, "reason"),
            entered: values.clone(),
        }
    }
}

pub async fn decide_recall(
    State(state): State<AppState>,
    Path((id, recall)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<RecallDecisionPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let recall = RecallId(parse_id(&recall)?);
    let approve = match form.decision.as_str() {
        "revoke" => true,
        "reject" => false,
        _ => {
            return Err(PageError::bad_request(
                "Choose to revoke the licence or to reject the request.",
            ))
        }
    };
    match state
        .app
        .manage()
        .decide_recall(&user.0.actor, person, recall, approve, form.reason.as_str())
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=decided", compliance_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// The date a recalled person returned to custody.
pub struct ReturnToCustodyPost {
    pub returned_on: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ReturnToCustodyPost {
    fn from_values(values: &Values) -> Self {
        Self {
            returned_on: text(values, "returned_on"),
            entered: values.clone(),
        }
    }
}

pub async fn returned(
    State(state): State<AppState>,
    Path((id, recall)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<ReturnToCustodyPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let recall = RecallId(parse_id(&recall)?);
    let on = match concord_domain::parse_date(
        "returned_on",
        "Date returned to custody",
        form.returned_on.as_str(),
    ) {
        Ok(d) => d,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.push(e.field, e.message);
            return page(&state, &user, person, "", errors, form.entered).await;
        }
    };
    match state
        .app
        .manage()
        .return_to_custody(&user.0.actor, person, recall, on)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=returned", compliance_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

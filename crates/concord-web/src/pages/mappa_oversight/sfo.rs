//! Serious further offences on a MAPPA case: the MAPPA N deadline, the notification, and
//! the chair's decision on a serious case review.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, ScrDecisionForm, SfoForm};
use concord_domain::{PersonId, SfoId};
use concord_mappa::ScrDecision;
use concord_ui::views::{MappaSfoPage, SfoCard};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(super) fn base(person: PersonId) -> String {
    format!("{}/mappa", person_href(person))
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let concord_app::SfoPage {
        header,
        sfos,
        key_facts,
    } = state
        .app
        .oversight()
        .sfo_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let name = header.full_name();
    let is_chair = user.0.actor.roles.iter().any(|r| r == "mappa_chair");
    let base = base(person);
    let review_held = sfos.iter().any(|s| s.scr_decision == ScrDecision::Review);
    let failed = !errors.is_empty();
    let chosen = ScrDecision::from_code(v(&values, "decision"));
    render_checked(
        &MappaSfoPage {
            shell: user.record_shell("Serious further offences", &key_facts),
            person_name: name,
            person_href: person_href(person),
            base: person_href(person),
            notice: notice.into(),
            errors,
            sfos: sfos
                .iter()
                .map(|s| {
                    let mut rows = vec![
                        ("Charged on".to_string(), date(s.charged_on)),
                        ("MAPPA N due by".into(), date(s.notification_due_on)),
                        (
                            "MAPPA N sent".into(),
                            s.notified_on.map_or_else(|| "Not yet".into(), date),
                        ),
                        ("Serious case review".into(), s.scr_decision.label().into()),
                    ];
                    if let Some(r) = &s.scr_rationale {
                        rows.push(("Rationale".into(), r.clone()));
                    }
                    if let Some(on) = s.scr_decided_on {
                        rows.push(("Decided on".into(), date(on)));
                    }
                    SfoCard {
                        heading: s.offence.clone(),
                        rows,
                        overdue: s.notification_overdue,
                        notify_action: if s.notified_on.is_none() {
                            format!("{base}/sfo/{}/notified", s.id)
                        } else {
                            String::new()
                        },
                        review_action: if is_chair && s.scr_decision == ScrDecision::Pending {
                            format!("{base}/sfo/{}/review", s.id)
                        } else {
                            String::new()
                        },
                    }
                })
                .collect(),
            action: format!("{base}/sfo"),
            decision_options: vec![
                SelectOption::new(
                    ScrDecision::Review.code(),
                    "Yes: a serious case review is held",
                    chosen == Some(ScrDecision::Review),
                ),
                SelectOption::new(
                    ScrDecision::NoReview.code(),
                    "No",
                    chosen == Some(ScrDecision::NoReview),
                ),
            ],
            export_href: if review_held {
                format!("{base}/scr-export")
            } else {
                String::new()
            },
            export_json_href: if review_held {
                format!("{base}/scr-export?format=json")
            } else {
                String::new()
            },
            transfer_href: format!("{base}/transfer"),
            orders_href: format!("{base}/orders"),
            values,
        },
        failed,
    )
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("recorded") => "Serious further offence recorded.",
        Some("notified") => "MAPPA N notification recorded.",
        Some("decided") => "Serious case review decision recorded.",
        _ => "",
    };
    page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await
}

async fn answer(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    result: Result<(), AppError>,
    notice: &str,
    values: Values,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/sfo?notice={notice}", base(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            page(
                state,
                user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                values,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// A serious further offence: the offence and the date charged.
pub struct SfoPost {
    pub sfo: SfoForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for SfoPost {
    fn from_values(values: &Values) -> Self {
        Self {
            sfo: SfoForm {
                offence: text(values, "offence"),
                charged_on: text(values, "charged_on"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<SfoPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let result = state
        .app
        .oversight()
        .record_sfo(&user.0.actor, person, &form.sfo)
        .await
        .map(|_| ());
    answer(&state, &user, person, result, "recorded", form.entered).await
}

/// When the serious further offence was notified.
pub struct SfoNotifiedPost {
    pub notified_on: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for SfoNotifiedPost {
    fn from_values(values: &Values) -> Self {
        Self {
            notified_on: text(values, "notified_on"),
            entered: values.clone(),
        }
    }
}

pub async fn notified(
    State(state): State<AppState>,
    Path((id, sfo)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<SfoNotifiedPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let sfo = SfoId(parse_id(&sfo)?);
    let result = state
        .app
        .oversight()
        .record_sfo_notified(&user.0.actor, person, sfo, form.notified_on.as_str())
        .await;
    answer(&state, &user, person, result, "notified", form.entered).await
}

/// The decision whether a serious case review is held, and why.
pub struct ScrDecisionPost {
    pub scr_decision: ScrDecisionForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ScrDecisionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            scr_decision: ScrDecisionForm {
                decision: text(values, "decision"),
                rationale: text(values, "rationale"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn review(
    State(state): State<AppState>,
    Path((id, sfo)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<ScrDecisionPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let sfo = SfoId(parse_id(&sfo)?);
    let result = state
        .app
        .oversight()
        .decide_scr(&user.0.actor, person, sfo, &form.scr_decision)
        .await;
    answer(&state, &user, person, result, "decided", form.entered).await
}

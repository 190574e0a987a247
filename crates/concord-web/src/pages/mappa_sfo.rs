//! Serious further offences on a MAPPA case (MAPPA N deadline, notification, the chair's
//! review decision) and the serious case review export, as a print view and as JSON.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, ScrDecisionForm, SfoForm};
use concord_domain::{PersonId, SfoId};
use concord_mappa::ScrDecision;
use concord_ui::views::{MappaSfoPage, ScrPrintPage, SfoCard};
use concord_ui::{FormErrors, SelectOption};

use super::{parse_id, render, render_checked};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, v, Values};
use crate::session::PageUser;
use crate::AppState;

pub(super) fn base(person: PersonId) -> String {
    format!("{}/mappa", person_href(person))
}

pub(super) async fn person_name(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
) -> Result<String, PageError> {
    let r = state
        .app
        .record_header(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    Ok(r.full_name())
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let sfos = state
        .app
        .sfos(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let name = person_name(state, user, person).await?;
    let is_chair = user.0.actor.roles.iter().any(|r| r == "mappa_chair");
    let base = base(person);
    let review_held = sfos.iter().any(|s| s.scr_decision == ScrDecision::Review);
    let failed = !errors.is_empty();
    let chosen = ScrDecision::from_code(v(&values, "decision"));
    render_checked(
        &MappaSfoPage {
            shell: user.shell("Serious further offences", ""),
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

pub async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = SfoForm {
        offence: v(&values, "offence").into(),
        charged_on: v(&values, "charged_on").into(),
    };
    let result = state
        .app
        .record_sfo(&user.0.actor, person, &form)
        .await
        .map(|_| ());
    answer(&state, &user, person, result, "recorded", values).await
}

pub async fn notified(
    State(state): State<AppState>,
    Path((id, sfo)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let sfo = SfoId(parse_id(&sfo)?);
    let result = state
        .app
        .record_sfo_notified(&user.0.actor, person, sfo, v(&values, "notified_on"))
        .await;
    answer(&state, &user, person, result, "notified", values).await
}

pub async fn review(
    State(state): State<AppState>,
    Path((id, sfo)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let sfo = SfoId(parse_id(&sfo)?);
    let form = ScrDecisionForm {
        decision: v(&values, "decision").into(),
        rationale: v(&values, "rationale").into(),
    };
    let result = state
        .app
        .decide_scr(&user.0.actor, person, sfo, &form)
        .await;
    answer(&state, &user, person, result, "decided", values).await
}

fn rows<T>(items: &[T], row: impl Fn(&T) -> (String, String)) -> Vec<(String, String)> {
    items.iter().map(row).collect()
}

/// The SCR export: `?format=json` downloads the bundle; otherwise the print view.
pub async fn scr_export(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let format = q.get("format").map_or("html", String::as_str);
    if !matches!(format, "html" | "json") {
        return Err(PageError::bad_request("format: choose html or json")
            .with_shell(user.shell("Error", "")));
    }
    let export = state
        .app
        .scr_export(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    if format == "json" {
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/json; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"scr-export-{}.json\"", person.0),
                ),
            ],
            export.json,
        )
            .into_response());
    }
    let b = &export.bundle;
    render(&ScrPrintPage {
        shell: user.shell("Serious case review export", ""),
        person_name: b.person.name.clone(),
        date_of_birth: date(b.person.date_of_birth),
        back_href: format!("{}/sfo", base(person)),
        json_href: format!("{}/scr-export?format=json", base(person)),
        facts: vec![
            ("Purpose".into(), b.purpose.clone()),
            ("Produced on".into(), date(b.produced_on)),
            ("Produced by".into(), b.produced_by.clone()),
            ("MAPPA area".into(), b.from_area.clone()),
        ],
        sections: vec![
            (
                "MAPPA spells".into(),
                rows(&b.mappa_spells, |s| {
                    (
                        format!("{} from {}", s.category.code(), date(s.eligible_from)),
                        format!(
                            "{}, {}{}",
                            s.level.code(),
                            s.status.code(),
                            s.ended_on
                                .map(|e| format!(", ended {}", date(e)))
                                .unwrap_or_default()
                        ),
                    )
                }),
            ),
            (
                "Serious further offences".into(),
                rows(&b.serious_further_offences, |s| {
                    (
                        format!("Charged {}", date(s.charged_on)),
                        format!(
                            "{} (MAPPA N due {}; review: {})",
                            s.offence,
                            date(s.notification_due_on),
                            s.scr_decision.label()
                        ),
                    )
                }),
            ),
            (
                "Chronology".into(),
                rows(&b.chronology, |e| {
                    (
                        date(e.occurred_on),
                        format!("{}: {} ({})", e.event_type, e.summary, e.agency),
                    )
                }),
            ),
            (
                "MAPPA decisions".into(),
                rows(&b.decisions, |d| {
                    (
                        date(d.decided_on),
                        format!(
                            "{} {}: {} ({})",
                            d.kind.code(),
                            d.level.map(concord_mappa::Level::code).unwrap_or_default(),
                            d.rationale,
                            d.decided_by
                        ),
                    )
                }),
            ),
            (
                "Referrals".into(),
                rows(&b.referrals, |r| {
                    (
                        date(r.referred_on),
                        format!(
                            "{} requested: {} ({})",
                            r.level_requested.code(),
                            r.reasons,
                            r.status.code()
                        ),
                    )
                }),
            ),
            (
                "Minutes".into(),
                rows(&b.minutes, |m| {
                    (
                        format!("{}, {} (version {})", date(m.meeting_on), m.town, m.version),
                        m.sections.to_string(),
                    )
                }),
            ),
            (
                "Actions".into(),
                rows(&b.actions, |a| {
                    (
                        format!("{} due {}", a.pillar.code(), date(a.due_on)),
                        format!("{} ({}, {})", a.description, a.owner, a.status.code()),
                    )
                }),
            ),
        ],
    })
}

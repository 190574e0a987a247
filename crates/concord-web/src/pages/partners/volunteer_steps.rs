//! A volunteer on a referral: `GET …/volunteer/{step}` shows the step's form (propose,
//! decline, hours, end) and `POST` takes it (approve too, a button). The match is named
//! in the query (`?match=`), the referral's one open match.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, HoursInput, MatchStatus, ReferralDetail, ReferralStatus};
use concord_domain::{PersonId, ServiceReferralId, VolunteerMatchId};
use concord_ui::views::{FormField, FormPage, StepLink};
use concord_ui::{FormErrors, SelectOption};

use super::referral::referral_page;
use super::referral_href;
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::date;
use crate::forms::{date_input, form_errors, v, Values};
use crate::pages::{parse_id, render_form};
use crate::session::PageUser;
use crate::AppState;

/// The referral's open match (proposed or approved), if any.
fn open_match(d: &ReferralDetail) -> Option<&concord_app::MatchView> {
    d.matches
        .iter()
        .find(|m| matches!(m.status, MatchStatus::Proposed | MatchStatus::Approved))
}

/// What of the volunteer the referral page shows, and the steps the reader may take.
pub(super) fn volunteer_part(
    d: &ReferralDetail,
    person: PersonId,
) -> (Vec<(String, String)>, Vec<StepLink>) {
    let facts = d
        .matches
        .iter()
        .map(|m| {
            let mut what = format!(
                "{} ({}): {}; {} hours",
                m.role.label(),
                m.status.label(),
                m.volunteer,
                m.hours
            );
            if let Some(note) = &m.decision_note {
                what.push_str(&format!("; {note}"));
            }
            if let (Some(on), Some(outcome)) = (m.ended_on, &m.outcome) {
                what.push_str(&format!("; ended {}: {outcome}", date(on)));
            }
            ("Volunteer".to_string(), what)
        })
        .collect();
    let base = format!("{}/volunteer", referral_href(person, d.summary.id));
    let link =
        |label: &str, step: &str, id: Option<VolunteerMatchId>, button: bool, secondary: bool| {
            StepLink {
                label: label.into(),
                href: match id {
                    Some(id) => format!("{base}/{step}?match={id}"),
                    None => format!("{base}/{step}"),
                },
                button,
                secondary,
            }
        };
    let working = matches!(
        d.summary.status,
        ReferralStatus::Assigned | ReferralStatus::PlanSubmitted | ReferralStatus::InProgress
    );
    let mut steps = vec![];
    match (open_match(d), d.by_provider) {
        (None, true) if working => {
            steps.push(link("Propose a volunteer", "propose", None, false, false));
        }
        (Some(m), false) if m.status == MatchStatus::Proposed => {
            steps.push(link(
                "Approve the volunteer",
                "approve",
                Some(m.id),
                true,
                false,
            ));
            steps.push(link("Do not approve", "decline", Some(m.id), false, true));
        }
        (Some(m), provider) if m.status == MatchStatus::Approved => {
            if provider {
                steps.push(link("Log hours", "hours", Some(m.id), false, false));
            }
            steps.push(link("End the match", "end", Some(m.id), false, true));
        }
        _ => {}
    }
    (facts, steps)
}

fn form(
    step: &str,
    d: &ReferralDetail,
    values: &Values,
) -> Option<(&'static str, Vec<FormField>, &'static str)> {
    Some(match step {
        "propose" => (
            "Propose a volunteer",
            vec![FormField::select(
                "volunteer",
                "Volunteer",
                std::iter::once(SelectOption::new(
                    "",
                    "Choose a volunteer",
                    v(values, "volunteer").is_empty(),
                ))
                .chain(d.volunteers.iter().map(|x| {
                    let id = x.id.to_string();
                    let label = if x.problems.is_empty() {
                        format!("{} ({})", x.name, x.role.label())
                    } else {
                        format!(
                            "{} ({}; not vetted: {})",
                            x.name,
                            x.role.label(),
                            x.problems.join("; ")
                        )
                    };
                    SelectOption::new(id.as_str(), label, id == v(values, "volunteer"))
                }))
                .collect(),
            )
            .hint("The officer approves the match before the volunteer meets the person")],
            "Propose",
        ),
        "decline" => (
            "Do not approve the volunteer",
            vec![FormField::textarea("note", "Why not", v(values, "note"))],
            "Do not approve",
        ),
        "hours" => (
            "Log hours",
            vec![
                FormField::date(
                    "worked_on",
                    "Date",
                    v(values, "worked_on-day"),
                    v(values, "worked_on-month"),
                    v(values, "worked_on-year"),
                ),
                FormField::text("hours", "Hours", v(values, "hours"))
                    .hint("To the quarter hour, for example 1.5")
                    .width("3"),
                FormField::textarea("note", "What the volunteer did", v(values, "note")),
            ],
            "Log the hours",
        ),
        "end" => (
            "End the match",
            vec![FormField::textarea(
                "outcome",
                "Outcome",
                v(values, "outcome"),
            )],
            "End the match",
        ),
        _ => return None,
    })
}

#[allow(clippy::too_many_arguments, reason = "the form page's parts")]
fn page(
    user: &PageUser,
    person: PersonId,
    rid: ServiceReferralId,
    step: &str,
    query: &str,
    d: &ReferralDetail,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let (heading, fields, submit) = form(step, d, values).ok_or_else(PageError::not_found)?;
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption: d.shared.name.clone(),
        heading: heading.into(),
        intro: vec![],
        action: format!("{}/volunteer/{step}{query}", referral_href(person, rid)),
        fields,
        hidden: vec![],
        submit_label: submit.into(),
        cancel_href: referral_href(person, rid),
        errors,
        possible_matches: vec![],
    })
}

fn query_of(q: &HashMap<String, String>) -> String {
    q.get("match")
        .map_or_else(String::new, |m| format!("?match={m}"))
}

pub async fn volunteer_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, rid, step)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let rid: ServiceReferralId = parse_id(&rid)?;
    let d = state
        .app
        .partners()
        .referral(&user.0.actor, person, rid)
        .await
        .map_err(|e| user.error(e))?;
    page(
        &user,
        person,
        rid,
        &step,
        &query_of(&q),
        &d,
        &Values::new(),
        FormErrors::new(),
    )
}

pub async fn volunteer_submit(
    State(state): State<AppState>,
    Path((id, rid, step)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    CheckedForm { user, form: values }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let rid: ServiceReferralId = parse_id(&rid)?;
    let app = state.app.partners();
    let actor = &user.0.actor;
    let m = || -> Result<VolunteerMatchId, PageError> {
        parse_id(q.get("match").map_or("", String::as_str))
    };
    let result = match step.as_str() {
        "propose" => app
            .propose_match(actor, person, rid, v(&values, "volunteer"))
            .await
            .map(|_| ()),
        "approve" => app.decide_match(actor, person, m()?, true, "").await,
        "decline" => {
            app.decide_match(actor, person, m()?, false, v(&values, "note"))
                .await
        }
        "hours" => {
            app.log_volunteer_hours(
                actor,
                person,
                m()?,
                &HoursInput {
                    worked_on: date_input(&values, "worked_on"),
                    hours: v(&values, "hours").into(),
                    note: v(&values, "note").into(),
                },
            )
            .await
        }
        "end" => {
            app.end_match(actor, person, m()?, v(&values, "outcome"))
                .await
        }
        _ => return Err(PageError::not_found()),
    };
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice=volunteer", referral_href(person, rid)))
                .into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let d = app
                .referral(actor, person, rid)
                .await
                .map_err(|e| user.error(e))?;
            let shown = form_errors(&errors, &["worked_on"], &[]);
            if form(&step, &d, &values).is_some()
                && errors.errors.iter().all(|e| e.field != "status")
            {
                page(&user, person, rid, &step, &query_of(&q), &d, &values, shown)
            } else {
                referral_page(&user, person, &d, "", shown)
            }
        }
        Err(e) => Err(user.error(e)),
    }
}

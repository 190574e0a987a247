//! Risk assessments: a person's reviews over time (chart and table), a review's task
//! list with its live scores and explanations, its three forms, acknowledging other
//! agencies' information, signing off, and the tasks a rise in risk sets.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{RiskHistory, RiskReview};
use concord_domain::AssessmentId;
use concord_domain::{AssessmentStatus, PersonId};
use concord_risk::RoshLevel;
use concord_ui::views::{
    ChartLine, ChartPoint, DashRow, FormField, FormPage, RiskHistoryRow, RiskPage, TaskLine,
};
use concord_ui::{FormErrors, SelectOption};

use super::render_form;
use super::{parse_id, render};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, instant, opt_date, person_href};
use crate::forms::{v, Values};
use crate::session::PageUser;
use crate::AppState;

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

fn risk_href(person: PersonId) -> String {
    format!("{}/risk", person_href(person))
}

fn review_href(person: PersonId, review: AssessmentId) -> String {
    format!("{}/risk/{review}", person_href(person))
}

fn ids(person: &str, review: &str) -> Result<(PersonId, AssessmentId), PageError> {
    Ok((PersonId(parse_id(person)?), parse_id(review)?))
}

fn version(posted: &str) -> Result<i64, PageError> {
    posted.parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })
}

fn level_label(l: Option<RoshLevel>) -> String {
    l.map_or("Not assessed".into(), |l| l.label().to_string())
}

fn percent(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v}%"))
}

/// OGRS3, OVP and RSR at each signed review, drawn on one 0–top% axis.
fn chart(history: &RiskHistory) -> (Vec<ChartLine>, Vec<(i64, String)>) {
    let signed: Vec<_> = history
        .reviews
        .iter()
        .filter(|r| r.status == AssessmentStatus::Signed)
        .collect();
    if signed.is_empty() {
        return (vec![], vec![]);
    }
    let highest = signed
        .iter()
        .flat_map(|r| [r.ogrs3, r.ovp, r.rsr])
        .flatten()
        .fold(10.0_f64, f64::max);
    let top = (highest / 10.0).ceil() * 10.0;
    let (left, right, y0, y1) = (60.0, 610.0, 220.0, 20.0);
    let x = |i: usize| {
        if signed.len() == 1 {
            ((left + right) / 2.0) as i64
        } else {
            (left + (right - left) * i as f64 / (signed.len() - 1) as f64) as i64
        }
    };
    let y = |v: f64| (y0 - (y0 - y1) * v / top) as i64;
    let lines = [
        ("OGRS3 two-year %", "#1d70b8", 0),
        ("OVP two-year %", "#d4351c", 1),
        ("RSR %", "#00703c", 2),
    ]
    .into_iter()
    .filter_map(|(name, colour, which)| {
        let points: Vec<ChartPoint> = signed
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let value = [r.ogrs3, r.ovp, r.rsr][which]?;
                Some(ChartPoint {
                    x: x(i),
                    y: y(value),
                    label: format!(
                        "{value}% on {}",
                        r.signed_at.map(instant).unwrap_or_default()
                    ),
                })
            })
            .collect();
        (!points.is_empty()).then(|| ChartLine {
            name: name.into(),
            colour: colour.into(),
            points_attr: points
                .iter()
                .map(|p| format!("{},{}", p.x, p.y))
                .collect::<Vec<_>>()
                .join(" "),
            points,
        })
    })
    .collect();
    let grid = [0.0, top / 2.0, top]
        .into_iter()
        .map(|g| (y(g), format!("{g:.0}%")))
        .collect();
    (lines, grid)
}

pub async fn history(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let h = state
        .app
        .assess()
        .risk_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let (chart_lines, chart_grid) = chart(&h);
    render(&RiskPage {
        shell: user.record_shell("Risk assessments", &h.key_facts),
        person_name: h.person_name.clone(),
        person_href: person_href(person),
        base: person_href(person),
        notice: match q.get("notice").map(String::as_str) {
            Some("task-done") => "Task marked as done.".into(),
            _ => String::new(),
        },
        rows: h
            .reviews
            .iter()
            .rev()
            .map(|r| RiskHistoryRow {
                href: review_href(person, r.id),
                status: r.status.label().into(),
                date: instant(r.signed_at.unwrap_or(r.started_at)),
                by: r.signed_by.clone().unwrap_or_else(|| r.started_by.clone()),
                overall: level_label(r.overall),
                tier: r.tier.clone().unwrap_or_default(),
                ogrs3: percent(r.ogrs3),
                ovp: percent(r.ovp),
                rsr: percent(r.rsr),
                review_due: opt_date(r.review_due_on),
            })
            .collect(),
        chart_lines,
        chart_grid,
        tasks: h
            .tasks
            .iter()
            .map(|t| TaskLine {
                title: t.title.clone(),
                reason: t.reason.clone(),
                due: date(t.due_on),
                overdue: t.overdue,
                done: t.done.clone().unwrap_or_default(),
                done_action: if t.done.is_none() && h.may_assess {
                    format!("{}/tasks/{}/done", person_href(person), t.id)
                } else {
                    String::new()
                },
            })
            .collect(),
        start_action: if h.may_assess {
            risk_href(person)
        } else {
            String::new()
        },
        continue_href: h.draft.map(|d| review_href(person, d)).unwrap_or_default(),
        review_due: opt_date(h.review_due_on),
        review_overdue: h.review_overdue,
        dash_rows: h
            .dash
            .iter()
            .map(|d| DashRow {
                href: format!("{}/{}", dash::dash_href(person), d.id),
                date: instant(d.completed_at),
                by: d.completed_by.clone(),
                version: d.version.label().into(),
                yes_count: d.yes_count,
                level: format!(
                    "{}{}",
                    d.level.label(),
                    if d.raised_by_professional_judgement {
                        " (professional judgement)"
                    } else {
                        ""
                    }
                ),
                marac: if d.marac.is_empty() {
                    "Criteria not met".into()
                } else {
                    "Refer".into()
                },
            })
            .collect(),
        dash_links: if h.may_record_dash {
            dash::start_links(person)
        } else {
            vec![]
        },
    })
}

pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, .. }: CheckedForm<()>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let review = state
        .app
        .assess()
        .start_risk_review(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&review_href(person, review)).into_response())
}

/// A form about one review, on the shared form template.
fn review_form(
    user: &PageUser,
    r: &RiskReview,
    heading: &str,
    segment: &str,
    intro: Vec<String>,
    fields: Vec<FormField>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let base = review_href(r.person_id, r.id);
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption: r.person_name.clone(),
        heading: heading.into(),
        intro,
        action: format!("{base}/{segment}"),
        fields,
        hidden: vec![("version".into(), r.version.to_string())],
        submit_label: "Save and return to the review".into(),
        cancel_href: base,
        errors,
        possible_matches: vec![],
    })
}

fn select(
    name: &str,
    label: &str,
    choices: &[(&str, &str)],
    selected: &str,
    prompt: &str,
) -> FormField {
    FormField::select(
        name,
        label,
        std::iter::once(SelectOption::new("", prompt, selected.is_empty()))
            .chain(
                choices
                    .iter()
                    .map(|(value, text)| SelectOption::new(*value, *text, *value == selected)),
            )
            .collect(),
    )
}

mod answers;
pub mod dash;
mod facts;
mod review;
mod rosh;
mod tasks;

pub use answers::{answers_form, answers_submit};
pub use facts::{facts_form, facts_submit};
pub use review::{acknowledge, review, sign};
pub use rosh::{rosh_form, rosh_submit};
pub use tasks::task_done;

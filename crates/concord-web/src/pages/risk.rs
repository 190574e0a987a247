//! Risk assessments: a person's reviews over time (chart and table), a review's task
//! list with its live scores and explanations, its three forms, acknowledging other
//! agencies' information, signing off, and the tasks a rise in risk sets.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AnswerKind, AnswersForm, AppError, FactKind, RiskHistory, RiskReview, RoshForm, FACT_FIELDS,
    NEEDS, NEED_SEVERITIES, PREVIOUS_CONVICTIONS, QUESTIONS,
};
use concord_domain::PersonId;
use concord_risk::{RiskGroup, RoshLevel};
use concord_ui::views::{
    ChartLine, ChartPoint, DashRow, EntryLine, FeatureBar, FormField, FormPage, RiskHistoryRow,
    RiskPage, RiskReviewPage, ScoreCard, TaskLine, TaskListItem,
};
use concord_ui::{FormErrors, SelectOption};

use super::edit::render_form;
use super::{parse_id, render};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, instant, opt_date, person_href};
use crate::forms::{form_errors, put_date, v, Values};
use crate::session::PageUser;
use crate::AppState;

fn risk_href(person: PersonId) -> String {
    format!("{}/risk", person_href(person))
}

fn review_href(person: PersonId, review: uuid::Uuid) -> String {
    format!("{}/risk/{review}", person_href(person))
}

fn ids(person: &str, review: &str) -> Result<(PersonId, uuid::Uuid), PageError> {
    Ok((PersonId(parse_id(person)?), parse_id(review)?))
}

fn version(values: &Values) -> Result<i64, PageError> {
    v(values, "version").parse().map_err(|_| {
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
        .filter(|r| r.status == "signed")
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
        .risk_history(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let (chart_lines, chart_grid) = chart(&h);
    render(&RiskPage {
        shell: user.shell("Risk assessments", ""),
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
                status: if r.status == "signed" {
                    "Signed off".into()
                } else {
                    "In progress".into()
                },
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
                href: format!("{}/{}", super::dash::dash_href(person), d.id),
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
            super::dash::start_links(person)
        } else {
            vec![]
        },
    })
}

pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values: _ }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let review = state
        .app
        .start_risk_review(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&review_href(person, review)).into_response())
}

fn feature_bars(p: &concord_app::PredictorView) -> Vec<FeatureBar> {
    let widest = p.largest_feature();
    p.features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let width = ((f.value.abs() / widest) * 290.0).round().max(1.0) as i64;
            FeatureBar {
                name: f.name.clone(),
                value: format!("{:+.4}", f.value),
                x: if f.value >= 0.0 { 300 } else { 300 - width },
                width,
                y: i as i64 * 18 + 2,
                positive: f.value >= 0.0,
            }
        })
        .collect()
}

fn review_page(
    user: &PageUser,
    r: &RiskReview,
    notice: &str,
    errors: FormErrors,
) -> RiskReviewPage {
    let base = review_href(r.person_id, r.id);
    let answered = r.groups.len()
        - r.groups
            .iter()
            .filter(|g| !r.rosh.levels.contains_key(&concord_app::group_code(**g)))
            .count();
    let status = |done: bool, started: bool| {
        if done {
            "Completed"
        } else if started {
            "In progress"
        } else {
            "Not yet started"
        }
        .to_string()
    };
    RiskReviewPage {
        shell: user.shell("Risk of serious harm review", ""),
        person_name: r.person_name.clone(),
        back_href: risk_href(r.person_id),
        notice: notice.into(),
        errors,
        signed: r.is_signed(),
        status_line: match (&r.signed_by, r.signed_at) {
            (Some(by), Some(at)) => format!(
                "Signed off by {by} on {}. Started by {} on {}.",
                instant(at),
                r.started_by,
                instant(r.started_at)
            ),
            _ => format!(
                "In progress: started by {} on {}. The scores below are worked out from what has been entered so far.",
                r.started_by,
                instant(r.started_at)
            ),
        },
        tasks: vec![
            TaskListItem {
                title: "Check the facts from the record".into(),
                href: format!("{base}/facts"),
                status: status(r.facts_confirmed, false),
                done: r.facts_confirmed,
            },
            TaskListItem {
                title: "Answer the OASys items the predictors use".into(),
                href: format!("{base}/answers"),
                status: status(r.oasys_saved, false),
                done: r.oasys_saved,
            },
            TaskListItem {
                title: "Read other agencies' information".into(),
                href: "#entries".into(),
                status: status(!r.needs_acknowledgement, false),
                done: !r.needs_acknowledgement,
            },
            TaskListItem {
                title: "Assess the risk of serious harm".into(),
                href: format!("{base}/rosh"),
                status: status(r.rosh_complete(), answered > 0),
                done: r.rosh_complete(),
            },
        ],
        version: r.version.to_string(),
        acknowledge_action: format!("{base}/acknowledge"),
        sign_action: format!("{base}/sign"),
        entries_since: r.since.map(instant).unwrap_or_default(),
        entries: r
            .other_entries
            .iter()
            .map(|e| EntryLine {
                date: date(e.date),
                agency: e.agency.clone(),
                title: e.title.clone(),
                detail: e.detail.clone(),
            })
            .collect(),
        markers: r
            .markers
            .iter()
            .map(|m| EntryLine {
                date: date(m.raised_on),
                agency: m.agency.clone(),
                title: m.kind.label().into(),
                detail: m.note.clone(),
            })
            .collect(),
        needs_acknowledgement: r.needs_acknowledgement,
        acknowledged: r
            .acknowledged_at
            .map(|at| format!("Acknowledged on {}.", instant(at)))
            .unwrap_or_default(),
        rosh_levels: r
            .groups
            .iter()
            .filter_map(|g| {
                let level = r
                    .rosh
                    .levels
                    .get(&concord_app::group_code(*g))
                    .and_then(|l| concord_app::level_from_code(l))?;
                Some((
                    g.label().to_string(),
                    level.label().to_string(),
                    level.definition().to_string(),
                ))
            })
            .collect(),
        overall: r.overall.map(|o| o.label().to_string()).unwrap_or_default(),
        narrative: [
            ("Who is at risk", &r.rosh.who_is_at_risk),
            ("The nature of the harm", &r.rosh.nature_of_harm),
            ("When it is most likely", &r.rosh.when_most_likely),
            ("What increases it", &r.rosh.what_increases),
            ("What reduces it", &r.rosh.what_reduces),
        ]
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(q, t)| (q.to_string(), t.clone()))
        .collect(),
        review_due: opt_date(r.review_due_on),
        tier: r
            .tier
            .as_ref()
            .map_or("not worked out".into(), |t| t.code.clone()),
        tier_detail: match (&r.tier, &r.tier_problem) {
            (Some(t), _) => format!(
                "Protect level {} ({} points: RSR or RoSH, whichever counts more, plus complexity markers), change level {} ({}). Legacy tiering framework; MAPPA levels are added when the MAPPA record exists.",
                t.protect_level,
                t.protect_points,
                t.change_level,
                t.change_points.map_or(
                    "no needs recorded: counted as no valid needs assessment".to_string(),
                    |p| format!("{p} points from needs and OGRS3")
                )
            ),
            (None, Some(p)) => format!("The tier cannot be worked out: {p}"),
            (None, None) => String::new(),
        },
        scores: r
            .scores
            .iter()
            .map(|p| {
                let bars = feature_bars(p);
                ScoreCard {
                    id: p.key.into(),
                    name: p.name.into(),
                    description: p.description.into(),
                    title: p.title(),
                    computed: p.computed(),
                    score_type: p.score_type.to_lowercase(),
                    model_version: p.model_version.clone(),
                    outputs: p.outputs.clone(),
                    chart_height: bars.len() as i64 * 18 + 4,
                    bars,
                    problems: p
                        .problems
                        .iter()
                        .map(|e| {
                            if e.fields.is_empty() {
                                e.message.clone()
                            } else {
                                format!("{} ({})", e.message, e.fields.join(", "))
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        corrections: r
            .facts
            .iter()
            .filter(|f| f.is_corrected())
            .map(|f| {
                (
                    f.label.clone(),
                    f.from_record.clone().unwrap_or_else(|| "nothing".into()),
                    f.value.clone().unwrap_or_else(|| "not known".into()),
                    f.correction_reason.clone().unwrap_or_default(),
                )
            })
            .collect(),
    }
}

pub async fn review(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, review)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let r = state
        .app
        .risk_review(&user.0.actor, person, review)
        .await
        .map_err(|e| user.error(e))?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("facts") => "Facts confirmed.",
        Some("answers") => "Answers saved.",
        Some("rosh") => "Risk of serious harm saved.",
        Some("acknowledged") => "Acknowledged.",
        Some("signed") => "Review signed off.",
        _ => "",
    };
    render(&review_page(&user, &r, notice, FormErrors::new()))
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
pub(super) fn date_text(values: &Values, field: &str) -> String {
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

pub async fn facts_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let dates = date_fields();
    let submitted: Vec<(String, String, String)> = FACT_FIELDS
        .iter()
        .map(|(field, _, _)| {
            let value = if dates.contains(field) {
                date_text(&values, field)
            } else {
                v(&values, field).to_string()
            };
            (
                field.to_string(),
                value,
                v(&values, &format!("{field}_reason")).to_string(),
            )
        })
        .collect();
    match state
        .app
        .confirm_review_facts(&user.0.actor, person, review, version(&values)?, &submitted)
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
                fact_fields(&r, &values),
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

pub async fn answers_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let form = AnswersForm {
        items: QUESTIONS
            .iter()
            .map(|q| (q.field.to_string(), v(&values, q.field).to_string()))
            .collect(),
        previous_convictions: values
            .iter()
            .filter(|(k, val)| k.starts_with("previous_convictions.") && val.as_str() == "yes")
            .map(|(k, _)| k.trim_start_matches("previous_convictions.").to_string())
            .collect(),
        needs: NEEDS
            .iter()
            .map(|(n, _)| (n.to_string(), v(&values, &format!("need_{n}")).to_string()))
            .collect(),
    };
    match state
        .app
        .save_review_answers(&user.0.actor, person, review, version(&values)?, &form)
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
                answer_fields(&values),
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

pub async fn rosh_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    let form = RoshForm {
        levels: RiskGroup::ALL
            .iter()
            .map(|g| {
                let code = concord_app::group_code(*g);
                let level = v(&values, &format!("level_{code}")).to_string();
                (code, level)
            })
            .collect(),
        who_is_at_risk: v(&values, "who_is_at_risk").into(),
        nature_of_harm: v(&values, "nature_of_harm").into(),
        when_most_likely: v(&values, "when_most_likely").into(),
        what_increases: v(&values, "what_increases").into(),
        what_reduces: v(&values, "what_reduces").into(),
        review_due_on: date_text(&values, "review_due_on"),
    };
    match state
        .app
        .save_review_rosh(&user.0.actor, person, review, version(&values)?, &form)
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
                rosh_fields(&r.groups, &values),
                form_errors(&errors, &["review_due_on"], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn acknowledge(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    state
        .app
        .acknowledge_review_entries(&user.0.actor, person, review, version(&values)?)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!(
        "{}?notice=acknowledged#entries",
        review_href(person, review)
    ))
    .into_response())
}

pub async fn sign(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    match state
        .app
        .sign_risk_review(&user.0.actor, person, review, version(&values)?)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=signed", review_href(person, review))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let r = state
                .app
                .risk_review(&user.0.actor, person, review)
                .await
                .map_err(|e| user.error(e))?;
            let mut response = render(&review_page(&user, &r, "", form_errors(&errors, &[], &[])))?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn task_done(
    State(state): State<AppState>,
    Path((id, task)): Path<(String, String)>,
    CheckedForm { user, values: _ }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let task = parse_id(&task)?;
    state
        .app
        .complete_task(&user.0.actor, person, task)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{}?notice=task-done", risk_href(person))).into_response())
}

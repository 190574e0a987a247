//! One review: the page with every predictor and its explanation, acknowledging other
//! agencies' entries, and signing off.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, RiskReview};
use concord_ui::views::{EntryLine, FeatureBar, RiskReviewPage, ScoreCard, TaskListItem};
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, instant, opt_date};
use crate::forms::{form_errors, text, Values};
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

use super::{ids, review_href, risk_href, version};

fn feature_bars(p: &concord_app::PredictorView) -> Vec<FeatureBar> {
    let widest = p.largest_feature();
    p.features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let width = ((f.value.abs() / widest) * 290.0).round().max(1.0) as i64;
            FeatureBar {
                name: f.name.clone(),
                explanation: f.explanation.to_string(),
                effect: if f.value > 0.0 {
                    "Raises the score"
                } else if f.value < 0.0 {
                    "Lowers the score"
                } else {
                    "No effect here"
                }
                .to_string(),
                value: format!("{:+.2}", f.value),
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
                "Protect level {} ({} points: RSR or RoSH, whichever counts more, plus his MAPPA level (level 2 or 3 counts 150, level 1 counts 5) and complexity markers), change level {} ({}). Legacy tiering framework.",
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
                    score_type: concord_app::score_type_label(&p.score_type).to_string(),
                    model_version: p.model_version.clone(),
                    outputs: p.outputs.clone(),
                    chart_height: bars.len() as i64 * 18 + 4,
                    bars,
                    problems: p
                        .problems
                        .iter()
                        .map(|e| concord_app::risk_problem(&e.code, &e.message, &e.fields))
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
        .assess()
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

/// Other agencies' entries acknowledged on a risk review, at its version.
pub struct AcknowledgementPost {
    pub version: String,
}

impl PostedForm for AcknowledgementPost {
    fn from_values(values: &Values) -> Self {
        Self {
            version: text(values, "version"),
        }
    }
}

pub async fn acknowledge(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<AcknowledgementPost>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    state
        .app
        .assess()
        .acknowledge_review_entries(&user.0.actor, person, review, version(&form.version)?)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!(
        "{}?notice=acknowledged#entries",
        review_href(person, review)
    ))
    .into_response())
}

/// A risk review signed off, at its version.
pub struct SignaturePost {
    pub version: String,
}

impl PostedForm for SignaturePost {
    fn from_values(values: &Values) -> Self {
        Self {
            version: text(values, "version"),
        }
    }
}

pub async fn sign(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<SignaturePost>,
) -> Result<Response, PageError> {
    let (person, review) = ids(&id, &review)?;
    match state
        .app
        .assess()
        .sign_risk_review(&user.0.actor, person, review, version(&form.version)?)
        .await
    {
        // A proposed transfer of responsibility is the news: the officer sees where it
        // stands (and may withdraw it).
        Ok(s) if s.transfer_proposed.is_some() => Ok(Redirect::to(&format!(
            "{}/responsibility?notice=proposed",
            crate::format::person_href(person)
        ))
        .into_response()),
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=signed", review_href(person, review))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let r = state
                .app
                .assess()
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

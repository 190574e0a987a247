//! The possible-duplicates queue, one pair side by side with its explanation and the
//! decision form, and unlinking two records from a record's page.

use concord_domain::{LinkId, PairId, PairStatus};
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DuplicatePair, PairSide};
use concord_ui::views::{DuplicateRow, DuplicatesPage, PairPage, PairSideView, WeightBar};

use super::{parse_id, render};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, instant, person_href};
use crate::forms::v;
use crate::session::PageUser;
use crate::AppState;

/// How many pairs the queue page shows, most likely first.
const QUEUE_PAGE: i64 = 50;

fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

fn side_view(s: PairSide) -> PairSideView {
    PairSideView {
        href: person_href(s.person_id),
        agency: s.agency,
        source_id: s.source_id.unwrap_or_default(),
        name: s.name,
        aliases: s.aliases.join(", "),
        date_of_birth: date(s.date_of_birth),
        gender: s.gender,
        identifiers: s
            .identifiers
            .into_iter()
            .map(|(label, value)| format!("{label} {value}"))
            .collect(),
        addresses: s.addresses,
    }
}

pub async fn queue(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (items, total) = state
        .app
        .duplicate_queue(&user.0.actor, QUEUE_PAGE)
        .await
        .map_err(|e| user.error(e))?;
    render(&DuplicatesPage {
        shell: user.shell("Possible duplicates", "/duplicates"),
        notice: match q.get("notice").map(String::as_str) {
            Some("same") => "Recorded: the same person. The records are linked.".into(),
            Some("different") => "Recorded: different people. They will not be linked.".into(),
            _ => String::new(),
        },
        total,
        rows: items
            .into_iter()
            .map(|i| DuplicateRow {
                href: format!("/duplicates/{}", i.pair_id),
                probability: percent(i.match_probability),
                left: side_view(i.left),
                right: side_view(i.right),
            })
            .collect(),
    })
}

/// Bars of the explanation, drawn from the middle of a 600-wide chart: the widest
/// bar reaches the edge, the rest in proportion.
fn bars(pair: &DuplicatePair) -> Vec<WeightBar> {
    let widest = pair
        .bars
        .iter()
        .map(|b| b.weight.abs())
        .fold(1.0_f64, f64::max);
    pair.bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let width = ((b.weight.abs() / widest) * 290.0).round().max(1.0) as i64;
            WeightBar {
                description: b.description.clone(),
                weight: if b.weight.abs() < 0.05 {
                    "0.0".into()
                } else if b.weight > 0.0 {
                    format!("+{:.1}", b.weight)
                } else {
                    format!("−{:.1}", -b.weight)
                },
                favours: b.weight >= 0.0,
                x: if b.weight >= 0.0 { 300 } else { 300 - width },
                width,
                y: i as i64 * 20 + 2,
            }
        })
        .collect()
}

fn pair_page(user: &PageUser, pair: DuplicatePair, error: String) -> PairPage {
    let bars = bars(&pair);
    let decision = match (&pair.decided_by, pair.decided_at) {
        (Some(by), Some(at)) => format!(
            "Decided by {by} on {}: {}",
            instant(at),
            pair.decision_reason.clone().unwrap_or_default()
        ),
        _ => String::new(),
    };
    PairPage {
        shell: user.shell("Are these the same person?", "/duplicates"),
        probability: percent(pair.match_probability),
        weight: format!("{:.1}", pair.match_weight),
        status: pair.status.label().into(),
        found: instant(pair.found_at),
        decision,
        chart_height: bars.len() as i64 * 20 + 4,
        action: if pair.status == PairStatus::Review {
            format!("/duplicates/{}", pair.pair_id)
        } else {
            String::new()
        },
        sides: vec![side_view(pair.left), side_view(pair.right)],
        bars,
        error,
    }
}

pub async fn pair(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PairId(parse_id(&id)?);
    let pair = state
        .app
        .duplicate_pair(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    render(&pair_page(&user, pair, String::new()))
}

pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = PairId(parse_id(&id)?);
    let same = match v(&values, "decision") {
        "same" => Some(true),
        "different" => Some(false),
        _ => None,
    };
    let outcome = match same {
        Some(same) => state
            .app
            .decide_duplicate(&user.0.actor, id, same, v(&values, "reason"))
            .await
            .map(|()| same),
        None => Err(AppError::field(
            "decision",
            "required",
            "Select whether these are the same person",
        )),
    };
    match outcome {
        Ok(same) => Ok(Redirect::to(if same {
            "/duplicates?notice=same"
        } else {
            "/duplicates?notice=different"
        })
        .into_response()),
        Err(AppError::Validation(errors)) => {
            let message = errors
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(". ");
            let pair = state
                .app
                .duplicate_pair(&user.0.actor, id)
                .await
                .map_err(|e| user.error(e))?;
            let mut response = render(&pair_page(&user, pair, message))?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(user.error(e)),
    }
}

/// Unlink two records from the record page's "same person" panel.
pub async fn unlink(
    State(state): State<AppState>,
    Path((person, link)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = parse_id(&person)?;
    let link = LinkId(parse_id(&link)?);
    // A blank reason comes back as the error page naming it (422), as any refusal does.
    state
        .app
        .unlink_records(&user.0.actor, link, v(&values, "reason"))
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{}?notice=unlinked", person_href(person))).into_response())
}

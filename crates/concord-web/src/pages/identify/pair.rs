//! One possible duplicate pair side by side, with the weights that explain its
//! likeness, and the decision on it.

use concord_domain::{PairId, PairStatus};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DuplicatePair};
use concord_ui::views::{PairPage, WeightBar};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::instant;
use crate::forms::{text, Values};
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

use super::duplicates::{percent, side_view};

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
        .identify()
        .duplicate_pair(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    render(&pair_page(&user, pair, String::new()))
}

/// The decision on a possible duplicate pair, and its reason.
pub struct PairDecisionPost {
    pub decision: String,
    pub reason: String,
}

impl PostedForm for PairDecisionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            decision: text(values, "decision"),
            reason: text(values, "reason"),
        }
    }
}

pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<PairDecisionPost>,
) -> Result<Response, PageError> {
    let id = PairId(parse_id(&id)?);
    let same = match form.decision.as_str() {
        "same" => Some(true),
        "different" => Some(false),
        _ => None,
    };
    let outcome = match same {
        Some(same) => state
            .app
            .identify()
            .decide_duplicate(&user.0.actor, id, same, form.reason.as_str())
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
                .identify()
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

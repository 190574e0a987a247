//! The information governance lead's review of break-glass openings: the queue and
//! the decision on each.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::AppError;
use concord_ui::views::{ReviewItem, ReviewPage};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::instant;
use crate::forms::{text, Values};
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

pub async fn review_queue(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let items = state
        .app
        .sharing()
        .break_glass_queue(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    render(&ReviewPage {
        shell: user.shell("Break-glass reviews", "/governance/break-glass"),
        notice: if q.get("notice").map(String::as_str) == Some("reviewed") {
            "Decision recorded".into()
        } else {
            String::new()
        },
        items: items
            .into_iter()
            .map(|i| ReviewItem {
                person: i.person,
                record_href: String::new(),
                staff: format!("{} ({})", i.staff, i.agency),
                when: instant(i.opened_at),
                reason: i.reason,
                outcome: match (&i.outcome, &i.reviewed_by) {
                    (Some(o), Some(by)) => {
                        format!("{o} – {by}: {}", i.review_note.clone().unwrap_or_default())
                    }
                    _ => "Awaiting review".into(),
                },
                action: if i.outcome.is_none() {
                    format!("/governance/break-glass/{}", i.id)
                } else {
                    String::new()
                },
            })
            .collect(),
    })
}

/// The information governance lead's decision on a break-glass opening.
pub struct BreakGlassReviewPost {
    pub outcome: String,
    pub note: String,
}

impl PostedForm for BreakGlassReviewPost {
    fn from_values(values: &Values) -> Self {
        Self {
            outcome: text(values, "outcome"),
            note: text(values, "note"),
        }
    }
}

pub async fn review_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<BreakGlassReviewPost>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let justified = match form.outcome.as_str() {
        "justified" => Some(true),
        "not_justified" => Some(false),
        _ => None,
    };
    match state
        .app
        .sharing()
        .review_break_glass(&user.0.actor, id, justified, form.note.as_str())
        .await
    {
        Ok(()) => Ok(Redirect::to("/governance/break-glass?notice=reviewed").into_response()),
        Err(AppError::Validation(errors)) => Err(PageError::bad_request(
            &errors
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(". "),
        )
        .with_shell(user.shell("Error", ""))),
        Err(e) => Err(user.error(e)),
    }
}

//! The possible-duplicates queue, most likely pairs first.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use concord_app::PairSide;
use concord_ui::views::{DuplicateRow, DuplicatesPage, PairSideView};

use crate::error::PageError;
use crate::format::{date, person_href};
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

/// How many pairs the queue page shows, most likely first.
const QUEUE_PAGE: i64 = 50;

pub(super) fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

pub(super) fn side_view(s: PairSide) -> PairSideView {
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
        .identify()
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

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use concord_app::AppError;
use concord_ui::views::{SearchPage, SearchRow};

use crate::error::PageError;
use crate::format::{date, marker_tags, person_href};
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let query = q.get("q").cloned();
    let mut page = SearchPage {
        shell: user.shell("Search", "/search"),
        query: query.clone().unwrap_or_default(),
        searched: query.is_some(),
        understood_as: String::new(),
        rows: vec![],
        truncated: false,
        error: String::new(),
    };
    if let Some(query) = query {
        match state
            .app
            .people()
            .search_persons(&user.0.actor, &query)
            .await
        {
            Ok(results) => {
                page.understood_as = results.understood_as;
                page.truncated = results.truncated;
                page.rows = results
                    .hits
                    .into_iter()
                    .map(|h| SearchRow {
                        href: person_href(h.person_id),
                        name: h.name,
                        date_of_birth: date(h.date_of_birth),
                        identifiers: [
                            h.crn.map(|c| format!("CRN {c}")),
                            h.pnc.map(|p| format!("PNC {p}")),
                            h.prison_number.map(|p| format!("Prison {p}")),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                        town: h.town.unwrap_or_default(),
                        held_by: match &h.contact {
                            Some(c) => format!("{}; contact {c}", h.owning_agency),
                            None => format!("{}; not allocated", h.owning_agency),
                        },
                        markers: marker_tags(&h.markers),
                        reasons: h.reasons,
                        likeness: h
                            .likeness
                            .map(|p| format!("Likeness {:.0}%", p * 100.0))
                            .unwrap_or_default(),
                    })
                    .collect();
            }
            Err(AppError::Validation(v)) => {
                page.error = v
                    .errors
                    .first()
                    .map(|e| e.message.clone())
                    .unwrap_or_default();
                page.shell.page_title = "Search".into();
                let mut response = render(&page)?;
                *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                return Ok(response);
            }
            Err(e) => return Err(user.error(e)),
        }
    }
    render(&page)
}

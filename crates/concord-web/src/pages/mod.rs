//! Server-rendered pages: one file per group of screens.

pub mod access;
pub mod caseload;
pub mod compliance;
pub mod dash;
pub mod disclosures;
pub mod duplicates;
pub mod edit;
pub mod licence;
pub mod mappa;
pub mod mappa_meetings;
pub mod mappa_plan;
pub mod mappa_sfo;
pub mod mappa_statistics;
pub mod mappa_transfer;
pub mod parts;
pub mod record;
pub mod risk;
pub mod search;
pub mod sign_in;
pub mod training_clock;
pub mod victims;
pub mod zones;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::error::PageError;
use crate::session::{cookie, SESSION_COOKIE};
use crate::AppState;

/// Render a template, turning a (programming) failure into the 500 page.
pub fn render(t: &impl Template) -> Result<Response, PageError> {
    t.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| PageError::from(concord_app::AppError::Internal(format!("template: {e}"))))
}

/// Render a page that may carry a form's errors: with errors it answers 422, so a
/// refused post is never taken for a success by a browser, a test or a proxy.
pub fn render_checked(t: &impl Template, refused: bool) -> Result<Response, PageError> {
    let mut response = render(t)?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The home page is the caseload for someone signed in, else the sign-in page.
pub async fn home(headers: HeaderMap) -> Redirect {
    if cookie(&headers, SESSION_COOKIE).is_some() {
        Redirect::to("/cases")
    } else {
        Redirect::to("/sign-in")
    }
}

/// For load balancers and the test scripts: 200 when the database answers.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.app.accounts().agencies().await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

pub async fn not_found() -> PageError {
    PageError::not_found()
}

/// A path segment that should be a UUID; anything else is a 404, never a 500.
pub fn parse_id(s: &str) -> Result<uuid::Uuid, PageError> {
    uuid::Uuid::parse_str(s).map_err(|_| PageError::not_found())
}

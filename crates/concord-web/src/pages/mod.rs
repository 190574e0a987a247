//! Server-rendered pages, one directory per area of the app (`people`, `sharing`,
//! `identify`, `assess`, `manage`, `mappa_case`, `mappa_meetings`, `mappa_plans`,
//! `mappa_oversight`, `accounts`) and one file per action (a page and the form it posts)
//! within it. This file holds what every area shares: rendering, the generic form page,
//! the home and health routes, the 404 fallback and path ids.

pub mod accounts;
pub mod assess;
pub mod board_measures;
pub mod identify;
pub mod iom;
pub mod iom_case;
pub mod iom_cohort;
pub mod manage;
pub mod mappa_case;
pub mod mappa_meetings;
pub mod mappa_oversight;
pub mod mappa_plans;
pub mod monitoring;
pub mod monitoring_alerts;
pub mod partners;
pub mod people;
pub mod premises;
pub mod premises_beds;
pub mod premises_stay;
pub mod premises_unit;
pub mod sharing;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use concord_ui::views::FormPage;
use concord_ui::FormErrors;

use crate::error::PageError;
use crate::session::{cookie, PageUser, SESSION_COOKIE};
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

/// Render a form page; with errors it answers 422 so clients and tests can tell.
#[expect(
    clippy::too_many_arguments,
    reason = "a form page is these parts; a builder would add code without clarity"
)]
pub fn form_page(
    user: &PageUser,
    title: &str,
    caption: &str,
    action: String,
    fields: Vec<concord_ui::views::FormField>,
    hidden: Vec<(String, String)>,
    submit: &str,
    cancel: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_form(FormPage {
        shell: user.shell(title, ""),
        caption: caption.into(),
        heading: title.into(),
        intro: vec![],
        action,
        fields,
        hidden,
        submit_label: submit.into(),
        cancel_href: cancel,
        errors,
        possible_matches: vec![],
    })
}

/// Render any form page; with errors it answers 422.
pub fn render_form(page: FormPage) -> Result<Response, PageError> {
    render_checked(&page, !page.errors.is_empty())
}

/// The home page is the caseload for someone signed in, else the sign-in page.
pub async fn home(headers: HeaderMap) -> Redirect {
    if cookie(&headers, SESSION_COOKIE).is_some() {
        Redirect::to("/cases")
    } else {
        Redirect::to("/sign-in")
    }
}

/// Liveness, for the orchestrator: the process is up and answering. It touches nothing
/// else, so a database outage does not get every node restarted; `/ready` says whether to
/// send it traffic.
pub async fn health() -> &'static str {
    "ok"
}

/// Readiness, for load balancers: 200 when the database answers at this build's schema
/// and NATS (when configured) is reachable; otherwise 503 naming the failing checks. The
/// reasons (which may name hosts) go to the log and to the metrics address's `/ready`,
/// not to the public.
pub async fn ready(State(state): State<AppState>) -> Response {
    readiness(&state.app, false).await
}

/// `/ready` as text: one line per check; `detail` adds each failure's reason.
pub async fn readiness(app: &concord_app::App, detail: bool) -> Response {
    let r = app.readiness().await;
    let mut body = String::new();
    for c in &r.checks {
        match &c.problem {
            None => body.push_str(&format!("{}: ok\n", c.name)),
            Some(why) => {
                tracing::warn!(check = c.name, problem = %why, "not ready");
                if detail {
                    body.push_str(&format!("{}: failing: {why}\n", c.name));
                } else {
                    body.push_str(&format!("{}: failing\n", c.name));
                }
            }
        }
    }
    if r.ready() {
        (StatusCode::OK, body).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "5")],
            body,
        )
            .into_response()
    }
}

pub async fn not_found() -> PageError {
    PageError::not_found()
}

/// A path segment that should be a UUID; anything else is a 404, never a 500. Read as
/// the typed id the caller wants (or a plain `Uuid`).
/// A file to download: the body with its type and the name to save it as.
pub fn attachment(content_type: &str, body: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The CSV or ODS download a figures page offers (`?format=csv|ods`), if asked for.
pub fn figures_download(
    format: Option<&str>,
    stem: &str,
    csv: impl FnOnce() -> String,
    ods: impl FnOnce() -> Vec<u8>,
) -> Option<Response> {
    match format {
        Some("csv") => Some(attachment(
            "text/csv; charset=utf-8",
            csv().into_bytes(),
            &format!("{stem}.csv"),
        )),
        Some("ods") => Some(attachment(
            "application/vnd.oasis.opendocument.spreadsheet",
            ods(),
            &format!("{stem}.ods"),
        )),
        _ => None,
    }
}

pub fn parse_id<T: From<uuid::Uuid>>(s: &str) -> Result<T, PageError> {
    uuid::Uuid::parse_str(s)
        .map(T::from)
        .map_err(|_| PageError::not_found())
}

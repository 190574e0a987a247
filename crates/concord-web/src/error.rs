//! Mapping failures to responses. Pages get the GOV.UK error page; the API gets
//! `{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}` with the
//! status and stable code documented on `concord_app::AppError`. 5xx bodies never show
//! internals: the detail goes to the log under a reference the user can quote.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use concord_app::AppError;
use concord_ui::{ErrorPage, Shell};
use serde::Serialize;

/// An error page: status, heading and fixed body text.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    heading: &'static str,
    body: String,
    /// Boxed: a shell is large and errors should be cheap to return.
    shell: Option<Box<Shell>>,
    /// The use case wrote this refusal to the audit chain (a concealed denial): the
    /// 404 layer must not write it again.
    audited: bool,
}

impl PageError {
    pub fn not_found() -> Self {
        PageError { status: StatusCode::NOT_FOUND, heading: "Page not found", body: "If you typed the web address, check it is correct. If you followed a link, the page may no longer exist.".into(), shell: None, audited: false }
    }

    /// A form the actor's role would be refused on submit: not shown at all.
    pub fn forbidden() -> Self {
        PageError { status: StatusCode::FORBIDDEN, heading: "You do not have access to this page", body: "Your role does not allow this. If you need access for a case, ask your manager or the record's owning agency.".into(), shell: None, audited: false }
    }

    pub fn csrf() -> Self {
        PageError { status: StatusCode::FORBIDDEN, heading: "This form has expired", body: "For your security, forms expire when you sign out or after a period of inactivity. Go back, reload the page and try again.".into(), shell: None, audited: false }
    }

    pub fn bad_request(body: &str) -> Self {
        PageError {
            status: StatusCode::BAD_REQUEST,
            heading: "There is a problem with this request",
            body: body.into(),
            shell: None,
            audited: false,
        }
    }

    /// The node has as many requests in flight as it takes (see `load_shed`).
    pub fn busy() -> Self {
        PageError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            heading: "The service is busy",
            body: "Nothing was done. Try again in a moment.".into(),
            shell: None,
            audited: false,
        }
    }

    pub fn with_shell(mut self, shell: Shell) -> Self {
        self.shell = Some(Box::new(shell));
        self
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match e {
            AppError::Denied { conceal: true, .. } => PageError { audited: true, ..PageError::not_found() },
            AppError::NotFound => PageError::not_found(),
            AppError::Denied { .. } => PageError { status, heading: "You do not have access to this page", body: "Your role does not allow this. If you need access for a case, ask your manager or the record's owning agency.".into(), shell: None, audited: false },
            AppError::Unauthenticated => PageError { status, heading: "Sign in required", body: "Your session has ended. Sign in again.".into(), shell: None, audited: false },
            AppError::Throttled => PageError { status, heading: "Too many attempts", body: "Too many failed sign-in attempts from here. Wait a little and try again: each further failure doubles the wait.".into(), shell: None, audited: false },
            AppError::Conflict => PageError { status, heading: "Someone else changed this record", body: "The record was changed by someone else after you opened the form, so your change was not saved. Go back to the record to see the latest version and make your change again.".into(), shell: None, audited: false },
            AppError::Validation(v) => PageError { status, heading: "There is a problem", body: v.errors.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join(". "), shell: None, audited: false },
            AppError::Duplicate(msg) => PageError { status, heading: "Already exists", body: msg, shell: None, audited: false },
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                PageError { status, heading: "The service is briefly unavailable", body: "Nothing was saved. Try again in a few seconds.".into(), shell: None, audited: false }
            }
            AppError::Internal(detail) => {
                let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
                tracing::error!(%reference, %detail, "internal error");
                PageError { status, heading: "Sorry, there is a problem with the service", body: format!("Try again later. If it keeps happening, contact the service desk and quote reference {reference}."), shell: None, audited: false }
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            shell: self.shell.map_or_else(
                || Shell {
                    page_title: self.heading.to_string(),
                    ..Shell::default()
                },
                |s| *s,
            ),
            heading: self.heading.to_string(),
            body: self.body,
        };
        let mut response = match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => (self.status, self.heading).into_response(),
        };
        retry_after(&mut response);
        if self.audited {
            response
                .extensions_mut()
                .insert(crate::audit_misses::RefusalAudited);
        }
        response
    }
}

/// Seconds a client should wait before sending again a request refused because the
/// database was briefly unavailable (restarting, failing over, every connection busy).
const RETRY_AFTER_SECONDS: &str = "5";

/// A 503 says when to try again.
fn retry_after(response: &mut Response) {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiFieldError {
    /// The request field, e.g. `details.date_of_birth` or `addresses[0].postcode`.
    pub field: String,
    /// Stable machine code, e.g. `identifier_check_character`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    /// Stable machine code: `validation_failed`, `not_found`, `forbidden`, `unauthenticated`,
    /// `edit_conflict`, `already_exists`, `too_many_attempts`, `malformed_json`, `internal_error`…
    pub code: String,
    pub message: String,
    pub fields: Vec<ApiFieldError>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorEnvelope {
    pub error: ApiErrorBody,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ApiErrorBody,
    /// As [`PageError`]'s: a concealed denial already in the audit chain.
    audited: bool,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: &str) -> Self {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            body: ApiErrorBody {
                code: code.into(),
                message: message.into(),
                fields: vec![],
            },
            audited: false,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = e.code().to_string();
        let audited = matches!(e, AppError::Denied { conceal: true, .. });
        let (message, fields) = match e {
            AppError::Validation(v) => (
                "The request has invalid fields".to_string(),
                v.errors
                    .into_iter()
                    .map(|f| ApiFieldError {
                        field: f.field,
                        code: f.code.to_string(),
                        message: f.message,
                    })
                    .collect(),
            ),
            AppError::Denied { conceal: true, .. } | AppError::NotFound => {
                ("Not found".to_string(), vec![])
            }
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                (
                    "The service is briefly unavailable; nothing was saved. Retry after the time in Retry-After."
                        .to_string(),
                    vec![],
                )
            }
            AppError::Internal(detail) => {
                let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
                tracing::error!(%reference, %detail, "internal error");
                (format!("Internal error, reference {reference}"), vec![])
            }
            other => (other.to_string(), vec![]),
        };
        ApiError {
            status,
            body: ApiErrorBody {
                code,
                message,
                fields,
            },
            audited,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(ApiErrorEnvelope { error: self.body })).into_response();
        retry_after(&mut response);
        if self.audited {
            response
                .extensions_mut()
                .insert(crate::audit_misses::RefusalAudited);
        }
        response
    }
}

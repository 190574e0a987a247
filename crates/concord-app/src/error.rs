//! Errors of the use cases, each with one HTTP status and one stable machine code.
//!
//! | variant        | status | code                 | meaning                                        |
//! |----------------|--------|----------------------|------------------------------------------------|
//! | Validation     | 422    | `validation_failed`  | input broke a rule; `errors` names each field  |
//! | Unauthenticated| 401    | `unauthenticated`    | no valid session or wrong credentials          |
//! | Throttled      | 429    | `too_many_attempts`  | too many failed sign-ins; wait                 |
//! | Denied         | 403/404| `forbidden`/`not_found` | the policy said no (404 where existence must not leak) |
//! | NotFound       | 404    | `not_found`          | no such record                                 |
//! | Conflict       | 409    | `edit_conflict`      | someone else changed the record since it was read |
//! | Duplicate      | 409    | `already_exists`     | a unique thing (username) is taken             |
//! | Unavailable    | 503    | `service_unavailable`| the database is restarting, unreachable or busy; nothing was saved, retry (`Retry-After`) |
//! | Internal       | 500    | `internal_error`     | a fault; details go to the log, never the user |

use concord_domain::ValidationErrors;
use concord_store::audit::NewAuditEvent;
use concord_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Validation(ValidationErrors),
    #[error("sign in required")]
    Unauthenticated,
    #[error("too many failed sign-in attempts: try again in 15 minutes")]
    Throttled,
    #[error("access denied: {reason}")]
    Denied {
        reason: &'static str,
        /// Hide the record's existence (answer 404, not 403).
        conceal: bool,
        /// The denied attempt, written to the audit chain after the use case rolls back.
        audit: Box<NewAuditEvent>,
    },
    #[error("not found")]
    NotFound,
    #[error("the record was changed by someone else since you opened it")]
    Conflict,
    #[error("{0}")]
    Duplicate(String),
    #[error("the service is briefly unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::Unauthenticated => 401,
            AppError::Throttled => 429,
            AppError::Denied { conceal: true, .. } | AppError::NotFound => 404,
            AppError::Denied { conceal: false, .. } => 403,
            AppError::Conflict | AppError::Duplicate(_) => 409,
            AppError::Unavailable(_) => 503,
            AppError::Internal(_) => 500,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation_failed",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Throttled => "too_many_attempts",
            AppError::Denied { conceal: true, .. } | AppError::NotFound => "not_found",
            AppError::Denied { conceal: false, .. } => "forbidden",
            AppError::Conflict => "edit_conflict",
            AppError::Duplicate(_) => "already_exists",
            AppError::Unavailable(_) => "service_unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    pub fn field(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        let mut errors = ValidationErrors::new();
        errors.push(concord_domain::FieldError::new(field, code, message));
        AppError::Validation(errors)
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Validation(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::StaleVersion => AppError::Conflict,
            StoreError::NotFound => AppError::NotFound,
            other if other.is_transient() => AppError::Unavailable(other.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

//! The monitoring provider's feed over HTTP: `POST /api/v1/em/fixes`, a batch of location
//! fixes as JSON (`{"fixes": [...]}`) or CSV (`id,device,at,lon,lat,accuracy_m`), for
//! the provider's service account (`em.fixes.submit`). Idempotent by fix id: a batch sent
//! again keeps nothing twice and raises no alert twice. A batch with any bad fix is
//! refused whole (422, every bad fix named by its place and field); the provider learns
//! counts, never anything of the records.

use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::Json;
use concord_app::{FixesAccepted, UnknownDevices};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiErrorEnvelope};
use crate::session::ApiUser;
use crate::AppState;

/// Bodies larger than this are refused before reading on (about 25,000 fixes of JSON).
const MAX_BODY: usize = 4 * 1024 * 1024;

/// A batch of fixes as JSON (for the OpenAPI document; the body is read by
/// `concord_app::parse_fixes_json`, which names every problem by its place).
#[derive(Debug, Serialize, ToSchema)]
pub struct FixesRequest {
    pub fixes: Vec<FixDto>,
}

/// One location fix.
#[derive(Debug, Serialize, ToSchema)]
pub struct FixDto {
    /// The provider's id for the fix: a fix sent again with the same id is kept once.
    pub id: String,
    /// The tag's device id as fitted.
    pub device: String,
    /// When the fix was taken, RFC 3339 (`2026-12-01T21:04:05Z`).
    pub at: String,
    pub lon: f64,
    pub lat: f64,
    /// The radius in metres the position is accurate to.
    pub accuracy_m: f64,
}

/// What a batch did.
#[derive(Debug, Serialize, ToSchema)]
pub struct FixesResponse {
    /// Fixes in the batch.
    pub received: usize,
    /// New fixes kept and evaluated.
    pub kept: usize,
    /// Fixes kept before (the batch, or part of it, was sent again): nothing changed.
    pub duplicates: usize,
    /// Kept as evidence but too late to evaluate (more than the allowed lateness behind
    /// the device's newest fix).
    pub late: usize,
    /// Breach and signal-loss alerts the batch opened.
    pub alerts_raised: usize,
}

impl From<FixesAccepted> for FixesResponse {
    fn from(a: FixesAccepted) -> Self {
        FixesResponse {
            received: a.received,
            kept: a.kept,
            duplicates: a.duplicates,
            late: a.late,
            alerts_raised: a.alerts_raised,
        }
    }
}

/// The body, read whole up to [`MAX_BODY`], with its kind.
pub struct FixesBody {
    csv: bool,
    bytes: axum::body::Bytes,
}

impl<S: Send + Sync> FromRequest<S> for FixesBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let kind = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let csv = if kind.starts_with("application/json") {
            false
        } else if kind.starts_with("text/csv") {
            true
        } else {
            return Err(ApiError::new(
                415,
                "unsupported_media_type",
                "Send the fixes as application/json or text/csv",
            ));
        };
        let body: Body = req.into_body();
        let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
            ApiError::new(
                413,
                "body_too_large",
                "The batch is larger than 4 MiB: send it in smaller batches",
            )
        })?;
        Ok(FixesBody { csv, bytes })
    }
}

/// Send a batch of location fixes (the monitoring provider's service account).
///
/// JSON: `{"fixes": [{"id": "F-1", "device": "EM-40317", "at": "2026-12-01T21:04:05Z",
/// "lon": 0.4691, "lat": 51.7343, "accuracy_m": 8}]}`. CSV: the header
/// `id,device,at,lon,lat,accuracy_m`, then a fix a line.
#[utoipa::path(post, path = "/api/v1/em/fixes", security(("bearer" = [])),
    request_body(content((FixesRequest = "application/json"), (String = "text/csv")), description = "JSON, or CSV with the header id,device,at,lon,lat,accuracy_m"),
    responses((status = 200, body = FixesResponse),
        (status = 400, body = ApiErrorEnvelope, description = "The JSON is cut short or not JSON"),
        (status = 403, body = ApiErrorEnvelope), (status = 413, body = ApiErrorEnvelope),
        (status = 415, body = ApiErrorEnvelope),
        (status = 422, body = ApiErrorEnvelope, description = "Each bad fix named by its place and field (fixes[3].lat, line 4: lat); nothing kept")))]
pub async fn submit_fixes(
    State(state): State<AppState>,
    user: ApiUser,
    body: FixesBody,
) -> Result<Json<FixesResponse>, ApiError> {
    let app = &state.app;
    let now = app.clock().now();
    let placed = if body.csv {
        let text = std::str::from_utf8(&body.bytes)
            .map_err(|_| ApiError::new(400, "unreadable_body", "The CSV is not UTF-8 text"))?;
        concord_app::parse_fixes_csv(text).map_err(concord_app::AppError::Validation)?
    } else {
        match concord_app::parse_fixes_json(&body.bytes, false) {
            Ok(f) => concord_app::placed_fixes(f, "fixes"),
            Err(e) if e.errors.iter().any(|f| f.code == "json_invalid") => {
                let message = e
                    .errors
                    .first()
                    .map(|f| f.message.clone())
                    .unwrap_or_default();
                return Err(ApiError::new(400, "malformed_json", &message));
            }
            Err(e) => return Err(concord_app::AppError::Validation(e).into()),
        }
    };
    if placed.is_empty() {
        return Err(ApiError::new(
            422,
            "validation_failed",
            "The batch holds no fixes",
        ));
    }
    let max = app.settings().em.max_batch;
    if placed.len() > max {
        return Err(ApiError::new(
            413,
            "batch_too_large",
            &format!(
                "The batch holds {} fixes; send at most {max} at a time",
                placed.len()
            ),
        ));
    }
    let fixes =
        concord_app::validate_fixes(placed, now).map_err(concord_app::AppError::Validation)?;
    let accepted = app
        .monitoring()
        .submit_fixes(&user.session.actor, fixes, UnknownDevices::Refuse)
        .await?;
    Ok(Json(accepted.into()))
}

//! JSON request bodies with errors in the API's own format: malformed JSON is a 400
//! `malformed_json` naming the line and column; a well-formed body of the wrong shape is
//! a 422 `invalid_body` naming what is wrong. Never axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Bodies larger than this are refused before parsing.
const MAX_BODY: usize = 256 * 1024;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(
                415,
                "unsupported_media_type",
                "Send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| {
            ApiError::new(400, "unreadable_body", "The request body could not be read")
        })?;
        if bytes.len() > MAX_BODY {
            return Err(ApiError::new(
                413,
                "body_too_large",
                "The request body is larger than 256 KiB",
            ));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            use serde_json::error::Category;
            match e.classify() {
                Category::Syntax | Category::Eof | Category::Io => ApiError::new(
                    400,
                    "malformed_json",
                    &format!("The body is not valid JSON: {e}"),
                ),
                Category::Data => ApiError::new(
                    422,
                    "invalid_body",
                    &format!("The body does not match the schema: {e}"),
                ),
            }
        })
    }
}

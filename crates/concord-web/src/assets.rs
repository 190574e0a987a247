//! GOV.UK Frontend, MoJ Frontend and Concord's own CSS/JS, embedded at build time.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = concord_ui::asset(&format!("/assets/{path}")) else {
        return (StatusCode::NOT_FOUND, "asset not found").into_response();
    };
    let etag = HeaderValue::from_static(asset.etag);
    if headers.get(header::IF_NONE_MATCH) == Some(&etag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::ETAG, etag),
            // Revalidate each time: asset paths are stable, the ETag changes with content.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        asset.bytes,
    )
        .into_response()
}

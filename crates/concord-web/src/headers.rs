//! Security headers on every response. The CSP allows nothing but Concord's own origin:
//! no inline script or style anywhere (the templates are written for it).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy: Concord's own origin only, and — when a map tile server is configured —
/// that server's origin for images (map tiles) and nothing else.
pub fn csp(tile_url: &str) -> HeaderValue {
    let tiles = tile_origin(tile_url)
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    let policy = format!("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// `https://tiles.example:8443/{z}/{x}/{y}.png` → `https://tiles.example:8443`.
pub fn tile_origin(tile_url: &str) -> Option<String> {
    let (scheme, rest) = tile_url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next()?;
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    ok.then(|| format!("{scheme}://{host}"))
}

/// The id of one request: carried by the actor into every audit event the request writes,
/// and returned in `X-Request-Id` so a user can quote it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// `Strict-Transport-Security` for `max_age` seconds, subdomains included.
pub fn hsts(max_age: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("max-age={max_age}; includeSubDomains"))
        .expect("digits and ASCII are a valid header value")
}

pub async fn security_headers(
    csp: HeaderValue,
    hsts: Option<HeaderValue>,
    mut request: Request,
    next: Next,
) -> Response {
    let is_asset = request.uri().path().starts_with("/assets/");
    // Set by `observe`, outside this layer; a router built without it still gets one.
    let id = match request.extensions().get::<RequestId>() {
        Some(id) => id.0.clone(),
        None => {
            let id = uuid::Uuid::now_v7().simple().to_string();
            request.extensions_mut().insert(RequestId(id.clone()));
            id
        }
    };
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        h.insert("x-request-id", v);
    }
    // A handler that set a stricter policy keeps it (a downloaded document is sandboxed
    // with nothing allowed); every other response gets the site's.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    if let Some(hsts) = hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !is_asset {
        // Personal data must not linger in shared or browser caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_web_origin_is_let_into_the_policy() {
        assert_eq!(
            tile_origin("https://tiles.example:8443/{z}/{x}/{y}.png").as_deref(),
            Some("https://tiles.example:8443")
        );
        assert_eq!(tile_origin("javascript:alert(1)"), None);
        assert_eq!(tile_origin("https://a b/{z}"), None);
        assert!(!csp("").to_str().unwrap_or_default().contains("  "));
    }
}

//! Load shedding: past a number of requests in flight, a node answers at once with 503
//! and `Retry-After` instead of queueing. Measured on issue 19's bench, a node sent
//! requests faster than it can serve them queued them all: latencies grew to 16 s, the
//! load generator ran out of file descriptors, and no request was answered in time. A
//! node that refuses the excess keeps serving the rest at its normal latency, and the
//! load balancer or the client retries elsewhere or later. The count is one atomic
//! counter, not a lock; a refused request has touched nothing, so there is nothing to
//! audit. Health checks are never refused (a load balancer must see the node alive).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Requests in flight on this node, and how many it takes at most.
#[derive(Debug)]
pub struct InFlight {
    now: AtomicUsize,
    limit: usize,
    /// Requests refused since the node started, for the log.
    refused: AtomicUsize,
}

impl InFlight {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(InFlight {
            now: AtomicUsize::new(0),
            limit,
            refused: AtomicUsize::new(0),
        })
    }

    /// Requests being served now.
    #[cfg(test)]
    fn now(&self) -> usize {
        self.now.load(Ordering::Relaxed)
    }
}

/// Counts a request in flight until it is answered or abandoned (dropping the future
/// of a request whose client went away still counts it out).
struct Counted(Arc<InFlight>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Seconds a refused client should wait: short, since the excess passes quickly.
const RETRY_AFTER_SECONDS: &str = "1";

pub async fn shed(in_flight: Arc<InFlight>, request: Request, next: Next) -> Response {
    if matches!(request.uri().path(), "/health" | "/ready") {
        return next.run(request).await;
    }
    let before = in_flight.now.fetch_add(1, Ordering::Relaxed);
    let counted = Counted(in_flight);
    if before >= counted.0.limit {
        // Logged on the first refusal and every thousandth: not a line per request
        // while the node is overloaded.
        let total = counted.0.refused.fetch_add(1, Ordering::Relaxed) + 1;
        if total % 1000 == 1 {
            tracing::warn!(
                refused = total,
                limit = counted.0.limit,
                "requests in flight at the limit: refusing with 503 and Retry-After"
            );
        }
        drop(counted);
        return refused(request.uri().path().starts_with("/api/"));
    }
    let response = next.run(request).await;
    drop(counted);
    response
}

/// The refusal: the API's error body (code `service_unavailable`) for API clients, the
/// service's error page for browsers, both saying when to retry.
fn refused(api: bool) -> Response {
    let mut response = if api {
        crate::error::ApiError::new(
            503,
            "service_unavailable",
            "The service is busy; nothing was done. Retry after the time in Retry-After.",
        )
        .into_response()
    } else {
        crate::error::PageError::busy().into_response()
    };
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECONDS),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn past_the_limit_a_request_is_refused_at_once_and_health_still_answers() {
        let in_flight = InFlight::new(2);
        let (release, wait) = tokio::sync::watch::channel(false);
        let held = {
            let wait = wait.clone();
            move || {
                let mut wait = wait.clone();
                async move {
                    while !*wait.borrow_and_update() {
                        wait.changed().await.ok();
                    }
                    "done"
                }
            }
        };
        let shedding = in_flight.clone();
        let app = axum::Router::new()
            .route("/slow", get(held))
            .route("/api/slow", get(|| async { "api" }))
            .route("/health", get(|| async { "ok" }))
            .layer(axum::middleware::from_fn(move |r, n| {
                shed(shedding.clone(), r, n)
            }));
        let get = |path: &str| {
            app.clone()
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
        };
        let first = tokio::spawn(get("/slow"));
        let second = tokio::spawn(get("/slow"));
        while in_flight.now() < 2 {
            tokio::task::yield_now().await;
        }
        let page = get("/slow").await.unwrap();
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(page.headers()[header::RETRY_AFTER], "1");
        let api = get("/api/slow").await.unwrap();
        assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(api.into_body(), 10_000).await.unwrap();
        assert!(String::from_utf8_lossy(&body).contains("service_unavailable"));
        assert_eq!(get("/health").await.unwrap().status(), StatusCode::OK);
        assert_eq!(
            in_flight.now(),
            2,
            "refusals and health checks are not counted"
        );
        release.send(true).unwrap();
        assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
        assert_eq!(second.await.unwrap().unwrap().status(), StatusCode::OK);
        assert_eq!(in_flight.now(), 0);
        assert_eq!(get("/api/slow").await.unwrap().status(), StatusCode::OK);
    }
}

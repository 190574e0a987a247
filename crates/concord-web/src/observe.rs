//! What operators see of each request (issue 25 item 3): an id, returned in
//! `X-Request-Id` so a user can quote it, and a span carrying it with the method, the
//! route template and — once the session is known — the actor, so every log line written
//! while the request is served says which request, route and member of staff it belongs
//! to; then one line when it is answered, and its figures for `/metrics`.
//!
//! The span names the matched route template (`/persons/{id}`), never the URI: query
//! strings carry search terms — names and dates of birth — which must not reach the logs.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::headers::RequestId;
use crate::metrics::Metrics;

pub async fn observe(metrics: Metrics, mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::now_v7().simple().to_string();
    request.extensions_mut().insert(RequestId(id.clone()));
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_string(), |p| p.as_str().to_string());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        route = route.as_str(),
        actor = tracing::field::Empty,
    );
    let started = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    metrics.record(method.as_str(), &route, status, took);
    let latency_ms = took.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, latency_ms, "request failed");
        } else {
            tracing::info!(status, latency_ms, "request answered");
        }
    });
    response
}

/// Name the signed-in actor on the current request's span (by user id: a username can
/// be a person's name).
pub fn record_actor(actor: &concord_authz::Actor) {
    tracing::Span::current().record("actor", tracing::field::display(actor.user_id.0));
}

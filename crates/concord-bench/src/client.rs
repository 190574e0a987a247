//! The load generator's HTTP/1.1 client: hyper's pooled client with keep-alive and
//! TCP_NODELAY, so a request costs one round trip over loopback and no connection set-up
//! once the pool is warm. A request needing a connection while all are busy opens
//! another, as a browser population would.

use std::net::IpAddr;
use std::time::Duration;

use anyhow::Context;
use axum::body::Bytes;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn client() -> HttpClient {
    client_from(None)
}

/// A client whose connections leave from `local` (a loopback address of its own, so the
/// server sees a user on a machine of their own), or from wherever the system picks.
pub fn client_from(local: Option<IpAddr>) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    connector.set_connect_timeout(Some(Duration::from_secs(5)));
    connector.set_local_address(local);
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(60))
        .build(connector)
}

/// How a request proves who is asking.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    /// `Authorization: Bearer <token>` (the JSON API).
    Bearer(String),
    /// `Cookie: concord_session=<token>` (the pages): the same token is the session.
    Cookie(String),
}

/// A GET whose response body is read to the end (a response is only complete, and its
/// latency only known, once the last byte has arrived).
pub async fn get(
    client: &HttpClient,
    uri: &str,
    auth: &Auth,
) -> anyhow::Result<(StatusCode, Bytes)> {
    let mut req = Request::builder().method(Method::GET).uri(uri);
    req = match auth {
        Auth::None => req,
        Auth::Bearer(t) => req.header(header::AUTHORIZATION, format!("Bearer {t}")),
        Auth::Cookie(t) => req.header(header::COOKIE, format!("concord_session={t}")),
    };
    let response = client.request(req.body(Full::new(Bytes::new()))?).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

/// Sign in through the API (`POST /api/v1/session`) and return the session token.
pub async fn sign_in(
    client: &HttpClient,
    base: &str,
    username: &str,
    password: &str,
) -> anyhow::Result<String> {
    let body = serde_json::json!({ "username": username, "password": password }).to_string();
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("{base}/api/v1/session"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))?;
    let response = client.request(req).await?;
    let status = response.status();
    let bytes = response.into_body().collect().await?.to_bytes();
    anyhow::ensure!(
        status == StatusCode::OK || status == StatusCode::CREATED,
        "signing in as {username} failed: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).context("the sign-in response is not JSON")?;
    value["token"]
        .as_str()
        .map(str::to_string)
        .context("the sign-in response has no token")
}

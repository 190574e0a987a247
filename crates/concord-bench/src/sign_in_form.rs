//! One sign-in through the real sign-in form, as a browser makes it: `GET /sign-in` for
//! the form and its CSRF cookie (a double-submit token: the form has no session yet), then
//! `POST /sign-in` with the username, password and token. Apart from the loads that repeat
//! it, which know nothing of forms or cookies.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use tokio::time::Instant;

use super::client::HttpClient;

/// The sign-in form's CSRF cookie and session cookie (concord-web's `session.rs`).
const SIGN_IN_CSRF_COOKIE: &str = "concord_sign_in";
const SESSION_COOKIE: &str = "concord_session";

/// Sign in once. Returns how long the `POST` took (sending the form to the last byte of
/// the answer: the part that hashes the password) and, if it was not a sign-in, why.
/// Only a redirect that sets a session cookie is a sign-in.
pub(crate) async fn sign_in(
    client: &HttpClient,
    base: &str,
    username: &str,
    password: &str,
) -> (Duration, Option<String>) {
    let (csrf_cookie, csrf_field) = match form(client, base).await {
        Ok(tokens) => tokens,
        Err(e) => return (Duration::ZERO, Some(format!("the sign-in form: {e:#}"))),
    };
    let body = encode(&[
        ("username", username),
        ("password", password),
        ("next", "/cases"),
        ("csrf_token", &csrf_field),
    ]);
    let started = Instant::now();
    let outcome = post(client, base, &csrf_cookie, body).await;
    let took = started.elapsed();
    let error = match outcome {
        Ok((status, headers, _)) if status.is_redirection() && sets_session(&headers) => None,
        Ok((status, _, body)) => Some(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(120)])
        )),
        Err(e) => Some(format!("{e:#}")),
    };
    (took, error)
}

/// `GET /sign-in`: the CSRF cookie it sets and the token in the form's hidden field.
async fn form(client: &HttpClient, base: &str) -> anyhow::Result<(String, String)> {
    let req = Request::builder()
        .method(Method::GET)
        .uri(format!("{base}/sign-in"))
        .body(Full::new(Bytes::new()))?;
    let response = client.request(req).await?;
    let status = response.status();
    let cookie = set_cookie(response.headers(), SIGN_IN_CSRF_COOKIE);
    let body = response.into_body().collect().await?.to_bytes();
    anyhow::ensure!(status == StatusCode::OK, "HTTP {status}");
    let cookie = cookie.ok_or_else(|| anyhow::anyhow!("no {SIGN_IN_CSRF_COOKIE} cookie"))?;
    let html = String::from_utf8_lossy(&body);
    let field = hidden_csrf_token(&html).ok_or_else(|| anyhow::anyhow!("no csrf_token field"))?;
    Ok((cookie, field.to_string()))
}

async fn post(
    client: &HttpClient,
    base: &str,
    csrf_cookie: &str,
    body: String,
) -> anyhow::Result<(StatusCode, HeaderMap, Bytes)> {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("{base}/sign-in"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!("{SIGN_IN_CSRF_COOKIE}={csrf_cookie}"),
        )
        .body(Full::new(Bytes::from(body)))?;
    let response = client.request(req).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok((status, headers, bytes))
}

/// The value of cookie `name` among the response's `Set-Cookie` headers, if set and not
/// empty (an empty value is the cookie being cleared).
fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next()?.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

fn sets_session(headers: &HeaderMap) -> bool {
    set_cookie(headers, SESSION_COOKIE).is_some()
}

/// The `csrf_token` hidden field's value in a page.
fn hidden_csrf_token(html: &str) -> Option<&str> {
    let marker = "name=\"csrf_token\" value=\"";
    let rest = &html[html.find(marker)? + marker.len()..];
    rest.split('"').next().filter(|t| !t.is_empty())
}

/// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
fn encode(fields: &[(&str, &str)]) -> String {
    let escape = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_token_cookies_and_encoding_are_read_as_the_server_writes_them() {
        let html = r#"<form><input type="hidden" name="csrf_token" value="abc123"></form>"#;
        assert_eq!(hidden_csrf_token(html), Some("abc123"));
        assert_eq!(hidden_csrf_token("<form></form>"), None);

        let mut headers = HeaderMap::new();
        for v in [
            "concord_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=100",
            "concord_sign_in=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        ] {
            headers.append(header::SET_COOKIE, v.parse().unwrap());
        }
        assert!(sets_session(&headers));
        assert_eq!(set_cookie(&headers, SIGN_IN_CSRF_COOKIE), None);

        assert_eq!(
            encode(&[("next", "/cases"), ("u", "om.x y")]),
            "next=%2Fcases&u=om.x%20y"
        );
    }
}

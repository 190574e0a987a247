//! Sign-in from the attacker's side (issue 16): the address a guesser is slowed by must
//! be one they cannot choose, the throttled page says what is true (a growing wait, not a
//! lock), and `next` is followed only when it parses as a path on this site.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

use crate::client::{TestWeb, PASSWORD};

/// `POST /api/v1/session` from the socket address `peer` with these extra headers.
async fn api_sign_in(
    router: &Router,
    peer: &str,
    headers: &[(&str, &str)],
    password: &str,
) -> StatusCode {
    let mut req = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req
        .body(Body::from(
            serde_json::json!({"username": "om.one", "password": password}).to_string(),
        ))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    router.clone().oneshot(req).await.unwrap().status()
}

fn router(t: &TestWeb, trust_forwarded_for: bool) -> Router {
    concord_web::router(
        t.app.clone(),
        concord_web::WebConfig {
            trust_forwarded_for,
            ..Default::default()
        },
    )
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_address_is_the_one_the_proxy_appended_not_the_clients() {
    const PROXY: &str = "10.0.0.2";
    for t in TestWeb::all().await {
        let label = t.label();
        let router = router(&t, true);
        // The guesser forges a new first address each time; the proxy appends the real one.
        for i in 1..=5 {
            let forwarded = format!("192.0.2.{i}, 203.0.113.9");
            let status = api_sign_in(
                &router,
                PROXY,
                &[("x-forwarded-for", &forwarded)],
                "not the password",
            )
            .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: guess {i}");
        }
        let status = api_sign_in(
            &router,
            PROXY,
            &[("x-forwarded-for", "192.0.2.99, 203.0.113.9")],
            PASSWORD,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{label}: a forged first address escaped the throttle"
        );
        // The owner, behind the same proxy from her own desk, signs in.
        let status = api_sign_in(
            &router,
            PROXY,
            &[("x-forwarded-for", "198.51.100.7")],
            PASSWORD,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{label}: the owner is kept out"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn without_a_trusted_proxy_the_socket_address_counts_and_the_header_is_ignored() {
    for t in TestWeb::all().await {
        let label = t.label();
        let router = router(&t, false);
        for i in 1..=5 {
            let forwarded = format!("192.0.2.{i}");
            let status = api_sign_in(
                &router,
                "203.0.113.9",
                &[("x-forwarded-for", &forwarded)],
                "not the password",
            )
            .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: guess {i}");
        }
        let status = api_sign_in(&router, "203.0.113.9", &[], PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{label}");
        let status = api_sign_in(&router, "198.51.100.7", &[], PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{label}: the owner is kept out"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_throttled_sign_in_page_says_the_wait_grows_and_locks_nothing() {
    for t in TestWeb::all().await {
        let label = t.label();
        let mut c = t.client();
        for _ in 0..5 {
            let r = c.sign_in_with("om.one", "not the password").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{label}");
        }
        let r = c.sign_in_with("om.one", "not the password").await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{label}");
        assert!(
            r.body.contains("makes the wait longer") && !r.body.contains("15 minutes"),
            "{label}: {}",
            r.body
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn next_is_followed_only_when_it_parses_as_a_path_on_this_site() {
    for t in TestWeb::all().await {
        let label = t.label();
        for (next, expected) in [
            ("/ /evil.example", "/"),
            ("/cases x", "/"),
            ("/\t/evil.example", "/"),
            ("/\r\n/evil.example", "/"),
            ("/search?q=dolby", "/search?q=dolby"),
        ] {
            let mut c = t.client();
            let page = c.get("/sign-in").await;
            let csrf = page.csrf();
            let r = c
                .post_form(
                    "/sign-in",
                    &[
                        ("csrf_token", &csrf),
                        ("username", "om.one"),
                        ("password", PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{label}: {next:?}");
            assert_eq!(r.location(), expected, "{label}: {next:?}");
        }
        t.finish().await;
    }
}

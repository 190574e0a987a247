//! The timeout warning: signed-in pages tell its script the configured idle limit and the
//! time left, "Stay signed in" slides the idle expiry, and the sign-in page says why
//! someone was signed out.

use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, Utc};
use concord_app::{AppSettings, Clock};

use crate::client::{now, Client, TestWeb};

const IDLE_MINUTES: i64 = 20;

/// A clock the test moves forward by hand.
#[derive(Clone)]
struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    fn new() -> Self {
        TestClock(Arc::new(Mutex::new(now())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    fn clock(&self) -> Clock {
        let at = self.0.clone();
        Clock::from_fn(move || *at.lock().unwrap())
    }
}

/// Each database with a 20-minute idle limit and its own movable clock.
async fn with_idle_limit() -> Vec<(TestWeb, TestClock)> {
    let settings = AppSettings {
        session_idle_minutes: IDLE_MINUTES,
        ..AppSettings::default()
    };
    let mut out = vec![];
    for db in concord_testkit::databases().await {
        let clock = TestClock::new();
        out.push((
            TestWeb::seed_with(db, settings.clone(), clock.clock()).await,
            clock,
        ));
    }
    out
}

async fn keep_alive(c: &mut Client, csrf: Option<&str>) -> crate::client::Response {
    let headers: Vec<(&str, &str)> = csrf.map(|t| ("x-csrf-token", t)).into_iter().collect();
    c.send(
        Method::POST,
        "/session/keep-alive",
        None,
        String::new(),
        &headers,
    )
    .await
}

#[tokio::test]
async fn signed_in_pages_tell_the_timeout_warning_the_configured_idle_limit() {
    for (t, _clock) in with_idle_limit().await {
        let mut c = t.client();
        let sign_in = c.get("/sign-in").await;
        assert!(
            !sign_in.body.contains("data-session-idle-minutes"),
            "{}: signed out, no warning",
            t.label()
        );
        c.sign_in("om.one").await;
        let cases = c.get("/cases").await;
        assert_eq!(cases.status, StatusCode::OK, "{}", t.label());
        assert!(
            cases.body.contains(&format!(
                "data-session-idle-minutes=\"{IDLE_MINUTES}\" data-session-seconds-left=\"{}\"",
                IDLE_MINUTES * 60
            )),
            "{}: {}",
            t.label(),
            cases.body
        );
        assert!(cases
            .body
            .contains("<script type=\"module\" src=\"/assets/session-timeout.js\"></script>"));
        let script = c.get("/assets/session-timeout.js").await;
        assert_eq!(script.status, StatusCode::OK);
        assert!(script.body.contains("/session/keep-alive"));
        t.finish().await;
    }
}

#[tokio::test]
async fn stay_signed_in_slides_the_idle_expiry() {
    for (t, clock) in with_idle_limit().await {
        let mut c = t.client();
        c.sign_in("om.one").await;
        let csrf = c.get("/cases").await.csrf();

        clock.advance(Duration::minutes(IDLE_MINUTES - 2));
        let r = keep_alive(&mut c, Some(&csrf)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label(), r.body);
        assert_eq!(r.json()["seconds_left"], IDLE_MINUTES * 60, "{}", t.label());
        assert_eq!(
            r.headers.get("cache-control").unwrap(),
            "no-store",
            "{}",
            t.label()
        );

        // Past the expiry the session had before "Stay signed in", it is still live…
        clock.advance(Duration::minutes(IDLE_MINUTES - 1));
        let later = c.get("/cases").await;
        assert_eq!(later.status, StatusCode::OK, "{}", t.label());
        // …and that page slid it again, to a full idle limit from now.
        assert!(later.body.contains(&format!(
            "data-session-seconds-left=\"{}\"",
            IDLE_MINUTES * 60
        )));

        // Idle for longer than the limit, it ends.
        clock.advance(Duration::minutes(IDLE_MINUTES + 1));
        let expired = keep_alive(&mut c, Some(&csrf)).await;
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED, "{}", t.label());
        assert_eq!(c.get("/cases").await.location(), "/sign-in?next=/cases");
        t.finish().await;
    }
}

#[tokio::test]
async fn keep_alive_refuses_a_request_without_a_session_or_the_csrf_token() {
    for (t, _clock) in with_idle_limit().await {
        let mut anonymous = t.client();
        let r = keep_alive(&mut anonymous, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", t.label());
        assert_eq!(r.json()["error"]["code"], "unauthenticated");

        let mut c = t.client();
        c.sign_in("om.one").await;
        let r = keep_alive(&mut c, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", t.label());
        assert_eq!(r.json()["error"]["code"], "csrf_token_invalid");
        let r = keep_alive(&mut c, Some("0123456789abcdef")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", t.label());

        // A form post is not how it is called: GET is not allowed either.
        let r = c.get("/session/keep-alive").await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}", t.label());
        t.finish().await;
    }
}

#[tokio::test]
async fn signing_out_on_timeout_leads_to_a_sign_in_page_that_says_why() {
    for (t, clock) in with_idle_limit().await {
        let mut c = t.client();
        c.sign_in("om.one").await;
        let csrf = c.get("/cases").await.csrf();
        let out = c
            .post_form("/sign-out", &[("csrf_token", &csrf), ("timeout", "1")])
            .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", t.label());
        assert_eq!(out.location(), "/sign-in?timeout=1");
        assert!(!c.has_cookie("concord_session"), "{}", t.label());

        let page = c.get("/sign-in?timeout=1").await;
        assert!(
            page.body
                .contains("You were signed out after 20 minutes without activity."),
            "{}: {}",
            t.label(),
            page.body
        );
        assert!(!c.get("/sign-in").await.body.contains("You were signed out"));

        // If the server ended the session first, the warning's sign-out still lands there.
        c.sign_in("om.one").await;
        let csrf = c.get("/cases").await.csrf();
        clock.advance(Duration::minutes(IDLE_MINUTES + 1));
        let out = c
            .post_form("/sign-out", &[("csrf_token", &csrf), ("timeout", "1")])
            .await;
        assert_eq!(out.location(), "/sign-in?timeout=1", "{}", t.label());
        t.finish().await;
    }
}

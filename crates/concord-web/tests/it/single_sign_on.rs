//! Single sign-on's refusals (issue 25), through the router: each answers the sign-in
//! page with a plain reason and the right status, never a 500, and is audited. (A whole
//! sign-in against a real OpenID Connect provider is the browser journey's step.)

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use concord_web::sso::{SsoProviderConfig, SsoProviders};

use crate::client::{Client, TestWeb};

/// A provider at a loopback port nothing listens on: discovery and the token exchange
/// fail, as when a provider is down.
fn unreachable_provider() -> Arc<SsoProviders> {
    let config: SsoProviderConfig = serde_json::from_value(serde_json::json!({
        "id": "test-force",
        "label": "Test Force",
        "issuer": "http://127.0.0.1:9/realms/test",
        "client_id": "concord",
        "agency": "PROB",
        "roles": {"Offender managers": ["offender_manager"]}
    }))
    .unwrap();
    Arc::new(SsoProviders::new(vec![config], "https://concord.example").unwrap())
}

async fn refusals(t: &TestWeb) -> Vec<String> {
    concord_store::audit::seal(t.app.db(), i64::MAX)
        .await
        .unwrap();
    let sql = "SELECT reason FROM audit_event WHERE outcome = 'denied' AND resource_type = 'session' ORDER BY seq";
    let rows: Vec<(String,)> = match t.app.db() {
        concord_store::Db::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await,
        concord_store::Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await,
    }
    .unwrap();
    rows.into_iter().map(|(r,)| r).collect()
}

async fn get(client: &mut Client, path: &str, cookie: Option<&str>) -> crate::client::Response {
    let extra: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
    client
        .send(Method::GET, path, None, String::new(), &extra)
        .await
}

#[tokio::test]
async fn each_refused_single_sign_on_says_why_with_the_right_status_and_is_audited() {
    for t in TestWeb::all().await {
        let router = concord_web::router(
            t.app.clone(),
            concord_web::WebConfig {
                sso: unreachable_provider(),
                ..Default::default()
            },
        );
        let mut c = Client::of(router);

        let page = get(&mut c, "/sign-in?next=/cases", None).await;
        assert!(
            page.body.contains("Sign in with Test Force"),
            "{}",
            t.label()
        );
        assert!(
            page.body
                .contains(r#"href="/sign-in/sso/test-force?next=%2Fcases""#),
            "{}",
            t.label()
        );
        assert_eq!(
            get(&mut c, "/sign-in/sso/no-such-force", None).await.status,
            StatusCode::NOT_FOUND
        );

        // The provider cannot be reached: say so, and offer the password form.
        let down = get(&mut c, "/sign-in/sso/test-force", None).await;
        assert_eq!(
            down.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            t.label()
        );
        assert!(
            down.body.contains("Test Force could not be reached"),
            "{}",
            t.label()
        );

        // A callback this browser did not start (no state cookie, or another one).
        let forged = "/sign-in/sso/test-force/callback?code=abc&state=s1";
        let r = get(&mut c, forged, None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", t.label());
        assert!(
            r.body.contains("could not be completed. Start again"),
            "{}",
            t.label()
        );
        let r = get(&mut c, forged, Some("concord_sso_state=s2")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        // The browser's state, but no sign-in in progress for it (or used already).
        let r = get(&mut c, forged, Some("concord_sso_state=s1")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);

        let accounts = t.app.accounts();
        let begin = async |state: &str| {
            accounts
                .begin_single_sign_on("test-force", state, "nonce", "verifier", "/cases")
                .await
                .unwrap();
        };
        // The provider says no: its error code is repeated, its free text is not.
        begin("s3").await;
        let r = get(
            &mut c,
            "/sign-in/sso/test-force/callback?state=s3&error=access_denied&error_description=%3Cscript%3E",
            Some("concord_sso_state=s3"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", t.label());
        assert!(
            r.body
                .contains("Test Force did not sign you in (access_denied)"),
            "{}",
            t.label()
        );
        assert!(!r.body.contains("<script>"));
        // An answer naming another issuer (a mix-up attack, RFC 9207).
        begin("s4").await;
        let r = get(
            &mut c,
            "/sign-in/sso/test-force/callback?state=s4&code=abc&iss=https%3A%2F%2Fevil.example",
            Some("concord_sso_state=s4"),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", t.label());
        // A code that cannot be exchanged (the provider is down).
        begin("s5").await;
        let r = get(
            &mut c,
            "/sign-in/sso/test-force/callback?state=s5&code=abc",
            Some("concord_sso_state=s5"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", t.label());
        assert!(
            r.body.contains("Signing in through Test Force failed"),
            "{}",
            t.label()
        );
        // Each attempt is taken once: replaying the callback is refused.
        let r = get(
            &mut c,
            "/sign-in/sso/test-force/callback?state=s5&code=abc",
            Some("concord_sso_state=s5"),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);

        // A back-channel logout with no token, or one that is not the provider's signed
        // logout token: 400, no body, never cached; the bad token is audited.
        let mut post = async |body: &str| {
            c.send(
                Method::POST,
                "/sign-in/sso/test-force/back-channel-logout",
                Some("application/x-www-form-urlencoded"),
                body.to_string(),
                &[],
            )
            .await
        };
        let r = post("").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", t.label());
        assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
        let r = post("logout_token=eyJhbGciOiJub25lIn0.e30.").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", t.label());
        let r = c
            .send(
                Method::POST,
                "/sign-in/sso/no-such-force/back-channel-logout",
                Some("application/x-www-form-urlencoded"),
                "logout_token=x".into(),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        let audited = refusals(&t).await;
        for expected in [
            "single sign-on refused: the state returned is not this browser's",
            "single sign-on refused: no sign-in in progress for the state returned (used already, or expired)",
            "single sign-on refused by the provider: access_denied",
            "single sign-on refused: the answer names another issuer (iss)",
        ] {
            assert!(audited.iter().any(|r| r == expected), "{}: {expected:?} not in {audited:#?}", t.label());
        }
        assert!(
            audited.iter().any(|r| r
                .starts_with("single sign-on refused: its discovery document could not be read")),
            "{}: {audited:#?}",
            t.label()
        );
        t.finish().await;
    }
}

//! Issue 25 item 3: what operators watch. `/health` answers while the process lives;
//! `/ready` says whether the database answers at this build's schema; `/metrics`, on
//! the operators' own router, counts requests by route template and status with their
//! latency — never a query string, which carries names — and shows the pool and the
//! audit appender.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use concord_app::{App, AppSettings, Clock};
use tower::ServiceExt;

use crate::client::now;

async fn get(router: &axum::Router, path: &str) -> (StatusCode, String) {
    let response = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn health_ready_and_metrics_tell_operators_how_the_node_is() {
    for db in concord_testkit::databases().await {
        let label = db.label;
        let app = App::new(db.db.clone(), Clock::from_fn(now), AppSettings::default());
        let config = concord_web::WebConfig::default();
        let metrics = config.metrics.clone();
        let public = concord_web::router(app.clone(), config);
        let operators = concord_web::metrics_router(app.clone(), metrics);

        assert_eq!(
            get(&public, "/health").await,
            (StatusCode::OK, "ok".into()),
            "{label}"
        );
        let (status, body) = get(&public, "/ready").await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(body, "database: ok\n", "{label}");

        // A search with a name in its query string, and a page that does not exist.
        let (status, _) = get(&public, "/search?q=Quaintrell").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}: not signed in");
        get(&public, "/no-such-page").await;
        let (status, text) = get(&operators, "/metrics").await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(
            text.contains(
                r#"concord_http_requests_total{method="GET",route="/search",status="303"} 1"#
            ),
            "{label}: {text}"
        );
        assert!(
            text.contains(
                r#"concord_http_requests_total{method="GET",route="(no route)",status="404"} 1"#
            ),
            "{label}: {text}"
        );
        assert!(
            text.contains(
                r#"concord_http_request_duration_seconds_count{method="GET",route="/ready"} 1"#
            ),
            "{label}: {text}"
        );
        assert!(
            text.contains("concord_db_pool_connections{state=\"idle\"}"),
            "{label}"
        );
        assert!(
            text.contains("concord_audit_appender_batch_requests_count"),
            "{label}"
        );
        assert!(
            !text.contains("Quaintrell"),
            "{label}: a query string reached the metrics"
        );
        // The operators' /ready gives the reasons; here there are none to give.
        assert_eq!(get(&operators, "/ready").await.0, StatusCode::OK, "{label}");
    }
}

#[tokio::test]
async fn a_database_behind_this_build_is_not_ready_and_says_why_to_operators_only() {
    let db = concord_testkit::sqlite().await;
    // The schema is made to look one version behind this build.
    let sql =
        "DELETE FROM schema_migration WHERE version = (SELECT MAX(version) FROM schema_migration)";
    match &db.db {
        concord_store::Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
        concord_store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
    }
    .unwrap();
    let app = App::new(db.db.clone(), Clock::from_fn(now), AppSettings::default());
    let config = concord_web::WebConfig::default();
    let operators = concord_web::metrics_router(app.clone(), config.metrics.clone());
    let public = concord_web::router(app, config);
    let (status, body) = get(&public, "/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "database: failing\n", "the public is told no more");
    let (status, body) = get(&operators, "/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("run `concord migrate`"), "{body}");
    assert_eq!(
        get(&public, "/health").await.0,
        StatusCode::OK,
        "still alive"
    );
}

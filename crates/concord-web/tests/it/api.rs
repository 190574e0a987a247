use axum::http::{Method, StatusCode};

use crate::client::{alison_style_person, TestWeb, PASSWORD};

pub(crate) async fn token(c: &mut crate::Client, username: &str) -> String {
    let r = c
        .send(
            Method::POST,
            "/api/v1/session",
            Some("application/json"),
            serde_json::json!({"username": username, "password": PASSWORD}).to_string(),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_api_registers_reads_changes_and_searches_with_a_bearer_token() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let token = token(&mut c, "om.one").await;
        let auth = format!("Bearer {token}");
        let created = c
            .send(
                Method::POST,
                "/api/v1/persons",
                Some("application/json"),
                alison_style_person().to_string(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            created.body
        );
        let id = created.json()["id"].as_str().unwrap().to_string();
        let person = c
            .send(
                Method::GET,
                &format!("/api/v1/persons/{id}"),
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(person.status, StatusCode::OK);
        let p = person.json();
        assert_eq!(p["family_name"], "Downing", "{}", t.label());
        assert_eq!(p["identifiers"][0]["kind"], "crn");
        assert_eq!(p["warning_markers"][0]["kind"], "weapons");
        let version = p["version"].as_i64().unwrap();
        let change = serde_json::json!({"version": version, "details": {"given_name": "Danny", "family_name": "Downing", "date_of_birth": "12/04/1979", "gender": "male"}});
        let changed = c
            .send(
                Method::PUT,
                &format!("/api/v1/persons/{id}/details"),
                Some("application/json"),
                change.to_string(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(
            changed.status,
            StatusCode::NO_CONTENT,
            "{}: {}",
            t.label(),
            changed.body
        );
        let stale = c
            .send(
                Method::PUT,
                &format!("/api/v1/persons/{id}/details"),
                Some("application/json"),
                change.to_string(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert_eq!(stale.json()["error"]["code"], "edit_conflict");
        let found = c
            .send(
                Method::GET,
                "/api/v1/search?q=danny",
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(
            found.json()["results"][0]["name"],
            "Danny Downing",
            "{}",
            t.label()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn bad_api_input_gets_stable_codes_and_field_names_and_saves_nothing() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let token = token(&mut c, "om.one").await;
        let auth = format!("Bearer {token}");
        let bad = serde_json::json!({
            "details": {"given_name": "A", "family_name": "B", "date_of_birth": "2030-01-01", "gender": "robot"},
            "identifiers": [{"kind": "pnc", "value": "2001/0123456Z"}, {"kind": "nino", "value": "BG123456C"}],
            "addresses": [{"kind": "home", "line1": "1 Road", "town": "Chelmsford", "postcode": "QQ1 1QQ", "from_date": "31/02/2020"}]
        });
        let r = c
            .send(
                Method::POST,
                "/api/v1/persons",
                Some("application/json"),
                bad.to_string(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label());
        let body = r.json();
        assert_eq!(body["error"]["code"], "validation_failed");
        let fields: Vec<(String, String)> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_string(),
                    f["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        insta::assert_json_snapshot!("register_validation_errors", body);
        for expected in [
            "details.date_of_birth",
            "details.gender",
            "identifiers[0].pnc",
            "identifiers[1].nino",
            "addresses[0].postcode",
            "addresses[0].from_date",
        ] {
            assert!(
                fields.iter().any(|(f, _)| f == expected),
                "{}: no error for {expected}: {fields:?}",
                t.label()
            );
        }
        let search = c
            .send(
                Method::GET,
                "/api/v1/search?q=b",
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(
            search.json()["results"].as_array().unwrap().len(),
            0,
            "nothing saved"
        );
        let malformed = c
            .send(
                Method::POST,
                "/api/v1/persons",
                Some("application/json"),
                "{\"details\": ".into(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        assert_eq!(malformed.json()["error"]["code"], "malformed_json");
        let wrong_shape = c
            .send(
                Method::POST,
                "/api/v1/persons",
                Some("application/json"),
                "{\"details\": 5}".into(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(wrong_shape.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong_shape.json()["error"]["code"], "invalid_body");
        let empty_search = c
            .send(
                Method::GET,
                "/api/v1/search",
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(empty_search.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(empty_search.json()["error"]["fields"][0]["field"], "q");
        t.finish().await;
    }
}

#[tokio::test]
async fn the_api_refuses_anonymous_calls_and_hides_records_from_partners() {
    for t in TestWeb::all().await {
        let id = t.person(alison_style_person()).await;
        let mut c = t.client();
        let anon = c.get(&format!("/api/v1/persons/{id}")).await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED, "{}", t.label());
        assert_eq!(anon.json()["error"]["code"], "unauthenticated");
        let token = token(&mut c, "housing.one").await;
        let hidden = c
            .send(
                Method::GET,
                &format!("/api/v1/persons/{id}"),
                None,
                String::new(),
                &[("authorization", &format!("Bearer {token}"))],
            )
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert_eq!(c.get("/api/v1/nothing").await.status, StatusCode::NOT_FOUND);
        t.finish().await;
    }
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_the_person_endpoints() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let doc = c.get("/api/openapi.json").await.json();
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            t.label()
        );
        for path in [
            "/api/v1/persons",
            "/api/v1/persons/{id}",
            "/api/v1/search",
            "/api/v1/session",
        ] {
            assert!(doc["paths"][path].is_object(), "missing {path}");
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn delete_session_ends_the_token_and_signing_in_again_ends_sessions_beyond_the_limit() {
    for t in TestWeb::all().await {
        let label = t.label();
        let mut c = t.client();
        let search = |token: &str| (format!("Bearer {token}"), "/api/v1/search?q=Smith");
        let first = token(&mut c, "om.one").await;
        let (auth, path) = search(&first);
        let r = c
            .send(
                Method::GET,
                path,
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
        let r = c
            .send(
                Method::DELETE,
                "/api/v1/session",
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{label}: {}", r.body);
        let r = c
            .send(
                Method::GET,
                path,
                None,
                String::new(),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{label}: ended token");

        // The limit is five sessions an account (AppSettings::default): after six
        // sign-ins five tokens work, the newest among them.
        let mut tokens = vec![];
        for _ in 0..6 {
            tokens.push(token(&mut c, "om.one").await);
        }
        let mut working = vec![];
        for token in &tokens {
            let (auth, _) = search(token);
            let r = c
                .send(
                    Method::GET,
                    path,
                    None,
                    String::new(),
                    &[("authorization", &auth)],
                )
                .await;
            working.push(r.status == StatusCode::OK);
        }
        assert_eq!(
            working.iter().filter(|w| **w).count(),
            5,
            "{label}: {working:?}"
        );
        assert!(working[5], "{label}: the newest session was ended");
        t.finish().await;
    }
}

/// Register the Alison-style person through the API with `auth`.
async fn register(c: &mut crate::Client, auth: &str) -> crate::client::Response {
    c.send(
        Method::POST,
        "/api/v1/persons",
        Some("application/json"),
        alison_style_person().to_string(),
        &[("authorization", auth)],
    )
    .await
}

/// The database gone (restarting, failed over, every connection taken): the API and the
/// pages answer 503 with a Retry-After, never a 500, and name no internals.
#[tokio::test]
async fn a_database_that_is_unavailable_is_a_503_with_retry_after_not_a_500() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let token = token(&mut c, "om.one").await;
        let mut page = t.client();
        page.sign_in("om.one").await;
        t.app.db().close().await;

        let r = register(&mut c, &format!("Bearer {token}")).await;
        assert_eq!(
            r.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}: {}",
            t.label(),
            r.body
        );
        assert_eq!(r.headers["retry-after"], "5", "{}", t.label());
        assert_eq!(
            r.json()["error"]["code"],
            "service_unavailable",
            "{}",
            t.label()
        );

        let r = page.get("/cases").await;
        assert_eq!(
            r.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}: {}",
            t.label(),
            r.body
        );
        assert_eq!(r.headers["retry-after"], "5", "{}", t.label());
        assert!(r.body.contains("Nothing was saved"), "{}", t.label());
    }
}

/// PostgreSQL restarting under the server: every connection it holds is ended (as a
/// restart or a fail-over ends them). Requests in that moment answer 503 with a
/// Retry-After, never a 500; the pool reconnects, writes succeed again, nothing is half
/// written and the audit chain seals and verifies.
#[tokio::test]
async fn connections_ended_by_a_database_restart_give_503s_then_service_resumes() {
    for t in TestWeb::all().await {
        if t.db.label != "postgres" {
            continue;
        }
        let mut c = t.client();
        let auth = format!("Bearer {}", token(&mut c, "om.one").await);
        assert_eq!(register(&mut c, &auth).await.status, StatusCode::CREATED);
        let terminate = "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()";
        let ended = concord_testkit::scalar_i64(&t.db.db, terminate).await;
        assert!(ended > 0, "the pool's connections were ended");

        let (mut created, mut unavailable) = (1, 0);
        for _ in 0..20 {
            let r = register(&mut c, &auth).await;
            match r.status {
                StatusCode::CREATED => created += 1,
                StatusCode::SERVICE_UNAVAILABLE => {
                    assert_eq!(r.headers["retry-after"], "5");
                    unavailable += 1;
                }
                other => panic!("{other}: {}", r.body),
            }
        }
        assert!(created > 1, "service resumed after the restart");
        t.app.settle_audit().await.unwrap();
        let persons = concord_testkit::scalar_i64(&t.db.db, "SELECT COUNT(*) FROM person").await;
        assert_eq!(
            persons, created,
            "no half-written or lost registration ({unavailable} refused)"
        );
        let collected = concord_testkit::scalar_i64(
            &t.db.db,
            "SELECT COUNT(*) FROM audit_event WHERE kind = 'collection' AND resource_type = 'person'",
        )
        .await;
        assert_eq!(collected, created, "one collection event per registration");
        let status = t.app.verify_audit_chain().await.unwrap();
        assert!(
            matches!(status, concord_app::AuditChainStatus::Intact { .. }),
            "{status:?}"
        );
    }
}

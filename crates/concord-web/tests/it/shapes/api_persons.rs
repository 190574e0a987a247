//! The person API: sessions, registering, reading, changing, adding an address and
//! searching, each with the errors a caller meets.

use axum::http::Method;
use serde_json::json;

use super::{Api, Redactor, Shots};
use crate::client::{alison_style_person, TestWeb};

#[tokio::test]
async fn person_api_response_shapes() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let mut red = Redactor::default();
        let (mut api, session) = Api::sign_in(t.client(), "om.one").await;
        shots.take(
            "api_session_create",
            red.api("POST /api/v1/session (om.one)", &session),
        );
        let mut anon = Api::anonymous(t.client());
        let r = anon
            .post(
                "/api/v1/session",
                json!({"username": "om.one", "password": "not the password"}),
            )
            .await;
        shots.take(
            "api_session_create_wrong_password",
            red.api("POST /api/v1/session (wrong password)", &r),
        );

        let r = api.post("/api/v1/persons", alison_style_person()).await;
        let id = r.json()["id"].as_str().unwrap().to_string();
        red.name(&id, "person");
        shots.take("api_person_register", red.api("POST /api/v1/persons", &r));
        let bad = json!({
            "details": {"given_name": "A", "family_name": "B", "date_of_birth": "2030-01-01", "gender": "robot"},
            "identifiers": [{"kind": "pnc", "value": "2001/0123456Z"}],
            "addresses": [{"kind": "home", "line1": "1 Road", "town": "Chelmsford", "postcode": "QQ1 1QQ", "from_date": "31/02/2020"}]
        });
        let r = api.post("/api/v1/persons", bad).await;
        shots.take(
            "api_person_register_invalid_fields",
            red.api("POST /api/v1/persons (invalid fields)", &r),
        );
        let r = api
            .raw(
                Method::POST,
                "/api/v1/persons",
                Some("{\"details\": "),
                "application/json",
            )
            .await;
        shots.take(
            "api_person_register_malformed_json",
            red.api("POST /api/v1/persons (malformed JSON)", &r),
        );
        let r = api
            .raw(
                Method::POST,
                "/api/v1/persons",
                Some("{\"details\": 5}"),
                "application/json",
            )
            .await;
        shots.take(
            "api_person_register_wrong_shape",
            red.api("POST /api/v1/persons (wrong shape)", &r),
        );
        let r = api
            .raw(
                Method::POST,
                "/api/v1/persons",
                Some("details"),
                "text/plain",
            )
            .await;
        shots.take(
            "api_person_register_not_json",
            red.api("POST /api/v1/persons (text/plain)", &r),
        );

        let r = api.get(&format!("/api/v1/persons/{id}")).await;
        let version = r.json()["version"].as_i64().unwrap();
        shots.take(
            "api_person_get",
            red.api("GET /api/v1/persons/{id} (om.one)", &r),
        );
        let (mut housing, _) = Api::sign_in(t.client(), "housing.one").await;
        let r = housing.get(&format!("/api/v1/persons/{id}")).await;
        shots.take(
            "api_person_get_concealed",
            red.api("GET /api/v1/persons/{id} (housing.one, no access)", &r),
        );
        let r = api
            .get("/api/v1/persons/00000000-0000-0000-0000-000000000000")
            .await;
        shots.take(
            "api_person_get_unknown",
            red.api("GET /api/v1/persons/{unknown id}", &r),
        );

        let change = json!({"version": version, "details": {"given_name": "Danny", "family_name": "Downing", "date_of_birth": "12/04/1979", "gender": "male"}});
        let path = format!("/api/v1/persons/{id}/details");
        let r = api.call(Method::PUT, &path, Some(change.clone())).await;
        shots.take(
            "api_person_change_details",
            red.api("PUT /api/v1/persons/{id}/details", &r),
        );
        let r = api.call(Method::PUT, &path, Some(change)).await;
        shots.take(
            "api_person_change_details_stale",
            red.api("PUT /api/v1/persons/{id}/details (stale version)", &r),
        );

        let path = format!("/api/v1/persons/{id}/addresses");
        let address = json!({"kind": "home", "line1": "12 Moulsham Street", "town": "Chelmsford", "postcode": "CM2 0HU", "from_date": "2026-11-20"});
        let r = api.post(&path, address).await;
        shots.take(
            "api_person_add_address",
            red.api("POST /api/v1/persons/{id}/addresses", &r),
        );
        let r = api
            .post(&path, json!({"kind": "castle", "line1": "", "town": "Chelmsford", "from_date": "tomorrow"}))
            .await;
        shots.take(
            "api_person_add_address_invalid",
            red.api("POST /api/v1/persons/{id}/addresses (invalid)", &r),
        );

        let r = api.get("/api/v1/search?q=danny").await;
        shots.take("api_search", red.api("GET /api/v1/search?q=danny", &r));
        let r = api.get("/api/v1/search?q=2001%2F123456f").await;
        shots.take(
            "api_search_identifier",
            red.api("GET /api/v1/search?q=2001/123456f", &r),
        );
        let r = api.get("/api/v1/search").await;
        shots.take(
            "api_search_empty_query",
            red.api("GET /api/v1/search (no q)", &r),
        );

        let r = api.call(Method::DELETE, "/api/v1/session", None).await;
        shots.take("api_session_end", red.api("DELETE /api/v1/session", &r));
        let r = api.get("/api/v1/search?q=danny").await;
        shots.take(
            "api_ended_token",
            red.api("GET /api/v1/search?q=danny (ended token)", &r),
        );
        t.finish().await;
    }
    shots.check();
}

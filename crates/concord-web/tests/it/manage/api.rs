//! The manage API: licences drafted, zones kept as GeoJSON, addresses checked.

use axum::http::StatusCode;

use super::mr_d;
use crate::client::{TestWeb, PASSWORD};

async fn call(
    c: &mut crate::Client,
    method: axum::http::Method,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> crate::client::Response {
    let bearer = format!("Bearer {token}");
    let (content_type, text) = if body.is_null() {
        (None, String::new())
    } else {
        (Some("application/json"), body.to_string())
    };
    c.send(
        method,
        path,
        content_type,
        text,
        &[("authorization", bearer.as_str())],
    )
    .await
}

#[tokio::test]
async fn the_manage_api_drafts_licences_keeps_zones_as_geojson_and_checks_addresses() {
    use axum::http::Method;
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        let mut c = t.client();
        let r = call(
            &mut c,
            Method::POST,
            "/api/v1/session",
            "",
            serde_json::json!({"username": "om.one", "password": PASSWORD}),
        )
        .await;
        let token = r.json()["token"].as_str().unwrap().to_string();
        let base = format!("/api/v1/persons/{person}");

        // A licence: bad dates are a 422 naming the field; good ones a 201.
        let bad = call(&mut c, Method::POST, &format!("{base}/licences"), &token,
            serde_json::json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "soon"})).await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label(),
            bad.body
        );
        assert_eq!(
            bad.json()["error"]["fields"][0]["field"],
            "licence_end_date",
            "{}",
            t.label()
        );
        let unknown = call(&mut c, Method::POST, &format!("{base}/licences"), &token,
            serde_json::json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "2027-10-01", "colour": "red"})).await;
        assert_eq!(
            unknown.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label(),
            unknown.body
        );
        assert_eq!(
            unknown.json()["error"]["code"],
            "invalid_body",
            "{}",
            t.label()
        );
        let made = call(&mut c, Method::POST, &format!("{base}/licences"), &token,
            serde_json::json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "2027-10-01"})).await;
        assert_eq!(
            made.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            made.body
        );
        let version_id = made.json()["id"].as_str().unwrap().to_string();
        let cond = call(
            &mut c,
            Method::POST,
            &format!("{base}/licences/{version_id}/conditions"),
            &token,
            serde_json::json!({"code": "ADD-DISCLOSE-VEHICLES", "version": 1}),
        )
        .await;
        assert_eq!(
            cond.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            cond.body
        );
        let list = call(
            &mut c,
            Method::GET,
            &format!("{base}/licences"),
            &token,
            serde_json::Value::Null,
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "{}", t.label());
        assert_eq!(
            list.json()["versions"][0]["conditions"]
                .as_array()
                .unwrap()
                .len(),
            9,
            "{}",
            t.label()
        );
        let own = call(
            &mut c,
            Method::POST,
            &format!("{base}/licences/{version_id}/actions"),
            &token,
            serde_json::json!({"action": "SUBMIT", "version": 2}),
        )
        .await;
        assert_eq!(
            own.status,
            StatusCode::NO_CONTENT,
            "{}: {}",
            t.label(),
            own.body
        );

        // Zones: a self-crossing shape is a 422 with the geometry's code; a circle is kept.
        let crossing = call(&mut c, Method::POST, &format!("{base}/zones"), &token, serde_json::json!({
            "kind": "exclusion", "name": "Victim's home", "description": "Lady Lane area",
            "geometry": {"type": "Polygon", "coordinates": [[[0.46,51.74],[0.48,51.75],[0.48,51.74],[0.46,51.75],[0.46,51.74]]]}})).await;
        assert_eq!(
            crossing.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label(),
            crossing.body
        );
        assert_eq!(
            crossing.json()["error"]["fields"][0]["code"],
            "self_intersection",
            "{}",
            t.label()
        );
        let circle = call(
            &mut c,
            Method::POST,
            &format!("{base}/zones"),
            &token,
            serde_json::json!({
            "kind": "exclusion", "name": "Victim's home", "description": "Within 1 km of Lady Lane",
            "circle": {"latitude": 51.742, "longitude": 0.469, "radius_metres": 1000}}),
        )
        .await;
        assert_eq!(
            circle.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            circle.body
        );
        let zones = call(
            &mut c,
            Method::GET,
            &format!("{base}/zones"),
            &token,
            serde_json::Value::Null,
        )
        .await;
        let zones = zones.json();
        assert_eq!(zones["type"], "FeatureCollection", "{}", t.label());
        assert_eq!(
            zones["features"][0]["geometry"]["type"],
            "Polygon",
            "{}",
            t.label()
        );

        // An address inside the zone: refused with the reason.
        let check = call(&mut c, Method::POST, &format!("{base}/address-checks"), &token,
            serde_json::json!({"purpose": "release", "address": "4 Baddow Road", "latitude": 51.745, "longitude": 0.469})).await;
        assert_eq!(
            check.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            check.body
        );
        let checks = call(
            &mut c,
            Method::GET,
            &format!("{base}/address-checks"),
            &token,
            serde_json::Value::Null,
        )
        .await;
        let checks = checks.json();
        assert_eq!(checks[0]["outcome"], "refused", "{}", t.label());

        // The document lists the new endpoints.
        let doc = c.get("/api/openapi.json").await.json();
        for path in [
            "/api/v1/persons/{id}/licences",
            "/api/v1/persons/{id}/zones",
            "/api/v1/persons/{id}/address-checks",
        ] {
            assert!(doc["paths"][path].is_object(), "{}: {path}", t.label());
        }

        // A partner is refused, and the refusal is not a licence.
        let mut h = t.client();
        let r = call(
            &mut h,
            Method::POST,
            "/api/v1/session",
            "",
            serde_json::json!({"username": "housing.one", "password": PASSWORD}),
        )
        .await;
        let partner = r.json()["token"].as_str().unwrap().to_string();
        let denied = call(
            &mut h,
            Method::GET,
            &format!("{base}/licences"),
            &partner,
            serde_json::Value::Null,
        )
        .await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );
    }
}

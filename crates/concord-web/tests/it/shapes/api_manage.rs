//! The manage API: licences (draft, condition, action, the list), zones as GeoJSON and
//! address checks, with the errors a caller meets.

use serde_json::json;

use super::fixture::daniel;
use super::{Api, Redactor, Shots};
use crate::client::TestWeb;

#[tokio::test]
async fn manage_api_response_shapes() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let person = t.person(daniel()).await;
        let mut red = Redactor::default();
        red.name(person, "person");
        let (mut api, _) = Api::sign_in(t.client(), "om.one").await;
        let base = format!("/api/v1/persons/{person}");

        let r = api
            .post(
                &format!("{base}/licences"),
                json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "soon"}),
            )
            .await;
        shots.take(
            "api_licence_create_invalid",
            red.api("POST /api/v1/persons/{id}/licences (bad date)", &r),
        );
        let r = api
            .post(
                &format!("{base}/licences"),
                json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "2027-10-01", "colour": "red"}),
            )
            .await;
        shots.take(
            "api_licence_create_unknown_field",
            red.api("POST /api/v1/persons/{id}/licences (unknown field)", &r),
        );
        let r = api
            .post(
                &format!("{base}/licences"),
                json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "2027-10-01"}),
            )
            .await;
        let version = r.json()["id"].as_str().unwrap().to_string();
        red.name(&version, "licence");
        shots.take(
            "api_licence_create",
            red.api("POST /api/v1/persons/{id}/licences", &r),
        );

        let conditions = format!("{base}/licences/{version}/conditions");
        let r = api
            .post(
                &conditions,
                json!({"code": "ADD-DISCLOSE-VEHICLES", "version": 1}),
            )
            .await;
        shots.take(
            "api_licence_add_condition",
            red.api(
                "POST /api/v1/persons/{id}/licences/{version_id}/conditions",
                &r,
            ),
        );
        let r = api
            .post(
                &conditions,
                json!({"code": "ADD-DISCLOSE-VEHICLES", "version": 1}),
            )
            .await;
        shots.take(
            "api_licence_add_condition_stale",
            red.api(
                "POST /api/v1/persons/{id}/licences/{version_id}/conditions (stale version)",
                &r,
            ),
        );
        let r = api
            .post(&conditions, json!({"code": "ADD-NO-SUCH", "version": 2}))
            .await;
        shots.take(
            "api_licence_add_condition_unknown",
            red.api(
                "POST /api/v1/persons/{id}/licences/{version_id}/conditions (unknown code)",
                &r,
            ),
        );
        let actions = format!("{base}/licences/{version}/actions");
        let r = api
            .post(&actions, json!({"action": "SUBMIT", "version": 2}))
            .await;
        shots.take(
            "api_licence_action",
            red.api(
                "POST /api/v1/persons/{id}/licences/{version_id}/actions (SUBMIT)",
                &r,
            ),
        );
        let r = api
            .post(&actions, json!({"action": "APPROVE", "version": 3}))
            .await;
        shots.take(
            "api_licence_action_forbidden",
            red.api(
                "POST /api/v1/persons/{id}/licences/{version_id}/actions (APPROVE by its author)",
                &r,
            ),
        );
        let r = api.get(&format!("{base}/licences")).await;
        shots.take(
            "api_licences",
            red.api("GET /api/v1/persons/{id}/licences", &r),
        );

        let r = api.post(&format!("{base}/zones"), json!({
            "kind": "exclusion", "name": "Victim's home", "description": "Lady Lane area",
            "geometry": {"type": "Polygon", "coordinates": [[[0.46,51.74],[0.48,51.75],[0.48,51.74],[0.46,51.75],[0.46,51.74]]]}})).await;
        shots.take(
            "api_zone_add_self_crossing",
            red.api("POST /api/v1/persons/{id}/zones (self-crossing)", &r),
        );
        let r = api
            .post(
                &format!("{base}/zones"),
                json!({
            "kind": "exclusion", "name": "Victim's home", "description": "Within 1 km of Lady Lane",
            "circle": {"latitude": 51.742, "longitude": 0.469, "radius_metres": 1000}}),
            )
            .await;
        red.name(r.json()["id"].as_str().unwrap(), "zone");
        shots.take(
            "api_zone_add",
            red.api("POST /api/v1/persons/{id}/zones (circle)", &r),
        );
        let r = api.post(&format!("{base}/zones"), json!({
            "kind": "exclusion", "name": "Town centre", "description": "Chelmsford town centre at night, written only",
            "windows": "19:00-07:00"})).await;
        let id = r.json()["id"].as_str().map(str::to_string);
        red.name(
            id.unwrap_or_else(|| panic!("{}: {}", t.label(), r.body)),
            "zone-2",
        );
        let r = api.get(&format!("{base}/zones")).await;
        shots.take("api_zones", red.api("GET /api/v1/persons/{id}/zones", &r));

        let r = api.post(&format!("{base}/address-checks"),
            json!({"purpose": "release", "address": "4 Baddow Road", "latitude": 51.745, "longitude": 0.469})).await;
        red.name(r.json()["id"].as_str().unwrap(), "check");
        shots.take(
            "api_address_check",
            red.api("POST /api/v1/persons/{id}/address-checks", &r),
        );
        let r = api
            .post(
                &format!("{base}/address-checks"),
                json!({"purpose": "holiday", "address": "", "latitude": 95.0, "longitude": 0.469}),
            )
            .await;
        shots.take(
            "api_address_check_invalid",
            red.api("POST /api/v1/persons/{id}/address-checks (invalid)", &r),
        );
        let r = api.get(&format!("{base}/address-checks")).await;
        shots.take(
            "api_address_checks",
            red.api("GET /api/v1/persons/{id}/address-checks", &r),
        );

        let (mut housing, _) = Api::sign_in(t.client(), "housing.one").await;
        let r = housing.get(&format!("{base}/licences")).await;
        shots.take(
            "api_licences_concealed",
            red.api("GET /api/v1/persons/{id}/licences (housing.one)", &r),
        );
        t.finish().await;
    }
    shots.check();
}

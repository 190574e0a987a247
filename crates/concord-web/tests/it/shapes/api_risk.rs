//! The risk API: the compute-only calculators (service accounts only) and a person's
//! stored reviews and DASH checklists, as read by different roles.

use serde_json::json;

use super::fixture::case;
use super::{Api, Shots};
use crate::client::TestWeb;

/// A risk-scores request with some inputs missing, so some predictors answer with their
/// own validation errors. (The full request's answer is pinned byte for byte in
/// risk::calculators.)
fn scores_request() -> serde_json::Value {
    json!({"gender": "MALE", "date_of_birth": "1990-06-15", "date_of_current_conviction": "2025-08-01",
        "date_at_start_of_followup_calculated": "2026-02-01", "total_number_of_sanctions_for_all_offences": 3,
        "age_at_first_sanction": 17, "current_offence_code": "00800"})
}

#[tokio::test]
async fn risk_api_response_shapes() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let case = case(&t).await;
        let red = &case.redactor;
        let (mut svc, _) = Api::sign_in(t.client(), "svc.bridge").await;
        let (mut om, _) = Api::sign_in(t.client(), "om.one").await;

        let r = svc.post("/api/v1/risk-scores", scores_request()).await;
        shots.take(
            "api_risk_scores",
            red.api("POST /api/v1/risk-scores (service account)", &r),
        );
        let r = om.post("/api/v1/risk-scores", scores_request()).await;
        shots.take(
            "api_risk_scores_forbidden",
            red.api("POST /api/v1/risk-scores (om.one)", &r),
        );
        let r = svc
            .post(
                "/api/v1/risk-scores",
                json!({"total_number_of_sanctions_for_all_offences": "three"}),
            )
            .await;
        shots.take(
            "api_risk_scores_wrong_type",
            red.api("POST /api/v1/risk-scores (a field of the wrong type)", &r),
        );
        let r = svc.post("/api/v1/risk-scores", json!([1, 2])).await;
        shots.take(
            "api_risk_scores_not_object",
            red.api("POST /api/v1/risk-scores (an array)", &r),
        );
        let r = svc
            .post(
                "/api/v1/tier",
                json!({"has_active_event": true, "arp": 80, "csrp": 4.0,
            "arp_type": "DYNAMIC", "csrp_type": "DYNAMIC", "rosh": "HIGH", "has_mappa": false}),
            )
            .await;
        shots.take("api_tier", red.api("POST /api/v1/tier", &r));
        let r = svc.post("/api/v1/tier", json!({"has_active_event": true, "arp": 80, "csrp": 4.0,
            "arp_type": "DYNAMIC", "csrp_type": "DYNAMIC", "dc_srp": {"score": 0.1, "band": "MEDIUM"}})).await;
        shots.take(
            "api_tier_uncovered_input",
            red.api("POST /api/v1/tier (input no rule covers)", &r),
        );

        let person = case.person;
        let r = om
            .get(&format!("/api/v1/persons/{person}/risk-assessments"))
            .await;
        shots.take(
            "api_risk_assessments",
            red.api("GET /api/v1/persons/{id}/risk-assessments (om.one)", &r),
        );
        let r = svc
            .get(&format!("/api/v1/persons/{person}/risk-assessments"))
            .await;
        shots.take(
            "api_risk_assessments_service_account",
            red.api(
                "GET /api/v1/persons/{id}/risk-assessments (service account)",
                &r,
            ),
        );
        let r = om
            .get(&format!("/api/v1/persons/{person}/dash-checklists"))
            .await;
        shots.take(
            "api_dash_checklists_victim_restricted",
            red.api(
                "GET /api/v1/persons/{id}/dash-checklists (om.one: no victim section)",
                &r,
            ),
        );
        let (mut da, _) = Api::sign_in(t.client(), "da.one").await;
        let r = da
            .get(&format!("/api/v1/persons/{person}/dash-checklists"))
            .await;
        shots.take(
            "api_dash_checklists",
            red.api(
                "GET /api/v1/persons/{id}/dash-checklists (da.one: victim section)",
                &r,
            ),
        );
        t.finish().await;
    }
    shots.check();
}

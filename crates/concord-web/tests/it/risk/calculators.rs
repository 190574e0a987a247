//! The compute-only calculators: service accounts only, in the MoJ shape.

use axum::http::{Method, StatusCode};

use super::{dean, post_json, token};
use crate::client::TestWeb;

#[tokio::test]
async fn the_calculators_answer_service_accounts_in_the_moj_shape() {
    for t in TestWeb::all().await {
        t.add_staff("svc.bridge", "Bridge", "PROB", "risk_service")
            .await;
        let mut c = t.client();
        let om = token(&mut c, "om.one").await;
        let svc = token(&mut c, "svc.bridge").await;
        let body = r#"{"gender":"MALE","date_of_birth":"1990-06-15","date_of_current_conviction":"2025-08-01",
            "date_at_start_of_followup_calculated":"2026-02-01","total_number_of_sanctions_for_all_offences":3,
            "age_at_first_sanction":17,"current_offence_code":"00800"}"#;
        let refused = post_json(&mut c, "/api/v1/risk-scores", &om, body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", t.label());
        let ok = post_json(&mut c, "/api/v1/risk-scores", &svc, body).await;
        assert_eq!(ok.status, StatusCode::OK, "{}: {}", t.label(), ok.body);
        let j = ok.json();
        assert_eq!(j["ogrs3"]["output"]["two_year_score"], 17);
        assert_eq!(j["ogrs3"]["algorithm"], "OGRS3");
        assert!(j["ogrs3"]["feature_values"]["copas_score"].is_number());
        // OVP needs the violent sanction count: its own error, the others still compute.
        assert_eq!(
            j["ovp"]["validation_errors"][0]["type"],
            "MISSING_MANDATORY_INPUT"
        );
        for key in ["ogp", "osp_dc", "osp_iic", "snsv", "rsr"] {
            assert!(j[key].is_object(), "{key}");
        }
        let wrong = post_json(
            &mut c,
            "/api/v1/risk-scores",
            &svc,
            r#"{"total_number_of_sanctions_for_all_offences":"three"}"#,
        )
        .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.body);
        assert!(
            wrong
                .body
                .contains("total_number_of_sanctions_for_all_offences"),
            "{}",
            wrong.body
        );
        // The whole answer to a full request, byte for byte (key order included): any
        // change to the service-compatible shape shows up here for review.
        let full = post_json(&mut c, "/api/v1/risk-scores", &svc, FULL_REQUEST).await;
        assert_eq!(full.status, StatusCode::OK, "{}", full.body);
        insta::assert_snapshot!("risk_scores_full_request", full.body);
        // The API answers exactly what the engine (and so the conformance suite) answers,
        // in the same key order.
        let request: concord_risk::RiskScoreRequest = serde_json::from_str(FULL_REQUEST).unwrap();
        let engine = concord_risk::conformance::Json::of(&concord_risk::compute(&request)).unwrap();
        assert_eq!(
            concord_risk::conformance::Json::parse(&full.body).unwrap(),
            engine,
            "{}",
            t.label()
        );
        let not_object = post_json(&mut c, "/api/v1/risk-scores", &svc, "[1,2]").await;
        assert_eq!(not_object.status, StatusCode::BAD_REQUEST);
        let tier = post_json(&mut c, "/api/v1/tier", &svc, r#"{"has_active_event":true,"arp":80,"csrp":4.0,"arp_type":"DYNAMIC","csrp_type":"DYNAMIC","rosh":"HIGH","has_mappa":false}"#).await;
        assert_eq!(tier.status, StatusCode::OK, "{}", tier.body);
        assert_eq!(tier.json()["tier"], "B", "{}", tier.body);
        let bad_tier = post_json(&mut c, "/api/v1/tier", &svc, r#"{"has_active_event":true,"arp":80,"csrp":4.0,"arp_type":"DYNAMIC","csrp_type":"DYNAMIC","dc_srp":{"score":0.1,"band":"MEDIUM"}}"#).await;
        assert_eq!(
            bad_tier.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            bad_tier.body
        );
        assert!(bad_tier.body.contains("dc_srp"), "{}", bad_tier.body);

        let person = t.person(dean()).await;
        let om_actor = t.app.accounts().actor_for_username("om.one").await.unwrap();
        t.app
            .assess()
            .start_risk_review(&om_actor, person)
            .await
            .unwrap();
        let bearer = format!("Bearer {om}");
        let list = c
            .send(
                Method::GET,
                &format!("/api/v1/persons/{person}/risk-assessments"),
                None,
                String::new(),
                &[("authorization", bearer.as_str())],
            )
            .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.json()[0]["status"], "draft");
        assert_eq!(
            list.json()[0]["scores"]["ogrs3"]["output"]["two_year_score"],
            17
        );
        let svc_bearer = format!("Bearer {svc}");
        let hidden = c
            .send(
                Method::GET,
                &format!("/api/v1/persons/{person}/risk-assessments"),
                None,
                String::new(),
                &[("authorization", svc_bearer.as_str())],
            )
            .await;
        assert!(
            matches!(hidden.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{}: a service account reads no record: {}",
            t.label(),
            hidden.status
        );
        let doc = c.get("/api/openapi.json").await.json();
        for path in [
            "/api/v1/risk-scores",
            "/api/v1/tier",
            "/api/v1/persons/{id}/risk-assessments",
        ] {
            assert!(doc["paths"][path].is_object(), "missing {path}");
        }
        t.finish().await;
    }
}

/// Every field of the risk-scores request, for the snapshot of the whole answer.
const FULL_REQUEST: &str = r#"{
  "version": "V1_0", "gender": "MALE", "date_of_birth": "1980-03-15",
  "date_of_current_conviction": "2024-06-10", "assessment_date": "2025-02-20",
  "date_at_start_of_followup_calculated": "2024-07-01",
  "date_at_start_of_followup_user_input": "2024-07-01",
  "date_of_most_recent_sexual_offence": "2015-01-10",
  "most_recent_offence_date": "2024-01-05",
  "total_number_of_sanctions_for_all_offences": 5,
  "total_number_of_violent_sanctions": 2, "age_at_first_sanction": 17,
  "current_offence_code": "00100", "supervision_status": "COMMUNITY",
  "has_ever_committed_sexual_offence": true,
  "is_current_offence_sexually_motivated": false,
  "is_current_offence_against_victim_stranger": true,
  "total_contact_adult_sexual_sanctions": 1,
  "total_contact_child_sexual_sanctions": 0,
  "total_indecent_image_sanctions": 1, "total_non_contact_sexual_offences": 0,
  "did_offence_involve_carrying_or_using_weapon": true, "is_unemployed": true,
  "is_currently_of_no_fixed_abode_or_transient_accommodation": false,
  "does_recognise_impact_of_offending_on_others": false,
  "has_current_psychiatric_treatment": false, "evidence_of_domestic_abuse": true,
  "domestic_abuse_against_partner": true, "domestic_abuse_against_family": false,
  "suitability_of_accommodation": "SOME_PROBLEMS",
  "current_relationship_with_partner": "SOME_PROBLEMS",
  "current_alcohol_use_problems": "SIGNIFICANT_PROBLEMS",
  "excessive_alcohol_use": "SOME_PROBLEMS", "impulsivity_problems": "SOME_PROBLEMS",
  "temper_control": "SOME_PROBLEMS", "pro_criminal_attitudes": "NO_PROBLEMS",
  "current_drug_misuse": "SOME_PROBLEMS", "regular_offending_activities": "NO_PROBLEMS",
  "problem_solving_skills": "SOME_PROBLEMS",
  "understands_other_peoples_views": "NO_PROBLEMS",
  "awareness_of_consequences": "SOMETIMES",
  "motivation_to_tackle_drug_misuse": "PARTIAL_MOTIVATION",
  "previous_convictions": ["WOUNDING_GBH"]
}"#;

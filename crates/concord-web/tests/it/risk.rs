//! Risk pages and API: starting a review from the record, its forms refusing bad input
//! with the field named, signing off, the history chart; the compute-only calculators
//! for service accounts only, with a wrong-typed field a 400 naming it.

use axum::http::{Method, StatusCode};
use concord_app::{NewUser, RoshForm};
use concord_domain::PersonId;

use crate::client::{TestWeb, PASSWORD};

fn dean() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Dean", "middle_names": "", "family_name": "Miles", "date_of_birth": "1990-06-15", "gender": "male"},
        "offences": [
            {"offence_code": "03800", "description": "Theft from a shop", "offence_date": "2008-01-10", "conviction_date": "2008-03-01"},
            {"offence_code": "02800", "description": "Burglary in a dwelling", "offence_date": "2012-04-01", "conviction_date": "2012-06-01"},
            {"offence_code": "00800", "description": "Wounding with intent", "offence_date": "2025-05-01", "conviction_date": "2025-08-01"}
        ],
        "sentences": [{"kind": "custody", "description": "18 months", "start_date": "2025-08-01", "release_date": "2026-02-01", "licence_end_date": "2027-02-01", "end_date": "2027-02-01"}]
    })
}

async fn token(c: &mut crate::Client, username: &str) -> String {
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

async fn post_json(
    c: &mut crate::Client,
    path: &str,
    token: &str,
    body: &str,
) -> crate::client::Response {
    let bearer = format!("Bearer {token}");
    c.send(
        Method::POST,
        path,
        Some("application/json"),
        body.to_string(),
        &[("authorization", bearer.as_str())],
    )
    .await
}

/// The review's facts confirmed, its RoSH recorded and entries acknowledged, through the
/// use cases (the forms are tested on their own below).
async fn complete(t: &TestWeb, person: PersonId, review: uuid::Uuid) {
    let om = t.app.actor_for_username("om.one").await.unwrap();
    let r = t.app.risk_review(&om, person, review).await.unwrap();
    let facts: Vec<(String, String, String)> = r
        .facts
        .iter()
        .map(|f| {
            (
                f.field.clone(),
                f.value.clone().unwrap_or_default(),
                String::new(),
            )
        })
        .collect();
    t.app
        .confirm_review_facts(&om, person, review, r.version, &facts)
        .await
        .unwrap();
    let form = RoshForm {
        levels: ["CHILDREN", "PUBLIC", "KNOWN_ADULT", "STAFF"]
            .iter()
            .map(|g| {
                (
                    g.to_string(),
                    if *g == "KNOWN_ADULT" {
                        "VERY_HIGH"
                    } else {
                        "LOW"
                    }
                    .to_string(),
                )
            })
            .collect(),
        who_is_at_risk: "Ms A".into(),
        nature_of_harm: "Serious violence".into(),
        when_most_likely: "When drinking".into(),
        what_increases: "Alcohol".into(),
        what_reduces: "Approved premises".into(),
        review_due_on: "1/2/2027".into(),
    };
    t.app
        .save_review_rosh(&om, person, review, r.version + 1, &form)
        .await
        .unwrap();
    t.app
        .acknowledge_review_entries(&om, person, review, r.version + 2)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_review_is_started_refused_until_complete_and_signed_in_the_browser() {
    for t in TestWeb::all().await {
        let person = t.person(dean()).await;
        let mut c = t.client();
        c.sign_in("om.one").await;
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert_eq!(risk.status, StatusCode::OK, "{}", t.label());
        assert!(risk.body.contains("Start a risk review"), "{}", t.label());
        let started = c
            .post_form(
                &format!("/persons/{person}/risk"),
                &[("csrf_token", &risk.csrf())],
            )
            .await;
        assert_eq!(
            started.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            started.body
        );
        let href = started.location().to_string();
        let review: uuid::Uuid = href.rsplit('/').next().unwrap().parse().unwrap();
        let page = c.get(&href).await;
        assert_eq!(page.status, StatusCode::OK);
        for text in [
            "Check the facts from the record",
            "Assess the risk of serious harm",
            "OGRS3: 17% – Low",
            // No sexual history: the sexual predictors do not apply (not "low", no 0.00%).
            "OSP-DC: Not applicable</h3>",
            "OSP-IIC: Not applicable</h3>",
            "Sign off the review",
        ] {
            assert!(page.body.contains(text), "{}: {text}", t.label());
        }
        let csrf = page.csrf();
        let version = "1";

        // The facts form says where each value came from.
        let facts = c.get(&format!("{href}/facts")).await;
        assert!(
            facts
                .body
                .contains("The record: 3 (3 court appearance(s) ending in conviction"),
            "{}",
            t.label()
        );
        // A changed value without a reason: 422, the field named, nothing saved.
        let refused = c
            .post_form(
                &format!("{href}/facts"),
                &[
                    ("csrf_token", &csrf),
                    ("version", version),
                    ("gender", "MALE"),
                    ("total_number_of_sanctions_for_all_offences", "5"),
                    ("current_offence_code", "00800"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(
            refused
                .body
                .contains("Say why sanctions, including the current one differs from the record"),
            "{}",
            t.label()
        );
        // A malformed offence code is named too.
        let refused = c
            .post_form(
                &format!("{href}/facts"),
                &[
                    ("csrf_token", &csrf),
                    ("version", version),
                    ("current_offence_code", "8A"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused
            .body
            .contains("Offence code must be a string of 5 digits"));

        // The RoSH form refuses a past review date.
        let refused = c
            .post_form(
                &format!("{href}/rosh"),
                &[
                    ("csrf_token", &csrf),
                    ("version", version),
                    ("level_PUBLIC", "HIGH"),
                    ("review_due_on-day", "1"),
                    ("review_due_on-month", "1"),
                    ("review_due_on-year", "2020"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("The next review must be after today"));

        // Signing now: every missing part in the error summary.
        let refused = c
            .post_form(
                &format!("{href}/sign"),
                &[("csrf_token", &csrf), ("version", version)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        for text in [
            "Confirm the facts taken from the record",
            "Choose the risk of serious harm to known adult",
            "Read and acknowledge",
        ] {
            assert!(refused.body.contains(text), "{}: {text}", t.label());
        }

        complete(&t, person, review).await;
        let signed = c
            .post_form(
                &format!("{href}/sign"),
                &[("csrf_token", &csrf), ("version", "4")],
            )
            .await;
        assert_eq!(
            signed.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            signed.body
        );
        let page = c.get(&href).await;
        assert!(
            page.body.contains("Signed off by Test om.one"),
            "{}",
            t.label()
        );
        assert!(
            page.body.contains("id=\"overall-rosh\">Very high"),
            "{}",
            t.label()
        );
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            risk.body.contains("<polyline") && risk.body.contains("Allocation review"),
            "{}",
            t.label()
        );
        let cases = c.get("/cases").await;
        assert!(
            cases.body.contains("Very high"),
            "{}: the caseload shows the RoSH",
            t.label()
        );

        // A partner has no risk section.
        let mut housing = t.client();
        housing.sign_in("housing.one").await;
        let denied = housing.get(&format!("/persons/{person}/risk")).await;
        assert_eq!(denied.status, StatusCode::NOT_FOUND, "{}", t.label());
        t.finish().await;
    }
}

#[tokio::test]
async fn the_calculators_answer_service_accounts_in_the_moj_shape() {
    for t in TestWeb::all().await {
        t.app
            .add_user(NewUser {
                username: "svc.bridge".into(),
                display_name: "Bridge".into(),
                email: None,
                password: PASSWORD.into(),
                agency_code: "PROB".into(),
                team_name: None,
                roles: vec!["risk_service".into()],
            })
            .await
            .unwrap();
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
        let om_actor = t.app.actor_for_username("om.one").await.unwrap();
        t.app.start_risk_review(&om_actor, person).await.unwrap();
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

#[tokio::test]
async fn a_dash_checklist_is_completed_in_the_browser_and_its_victim_answers_stay_restricted() {
    for t in TestWeb::all().await {
        let person = t.person(dean()).await;
        t.app
            .add_agency(
                "POL",
                "Essex Police",
                concord_domain::AgencyKind::Police,
                "Essex",
            )
            .await
            .unwrap();
        t.app
            .add_user(NewUser {
                username: "da.one".into(),
                display_name: "Dana Hill".into(),
                email: None,
                password: PASSWORD.into(),
                agency_code: "POL".into(),
                team_name: None,
                roles: vec!["domestic_abuse_officer".into()],
            })
            .await
            .unwrap();
        let om = t.app.actor_for_username("om.one").await.unwrap();
        let da = t.app.actor_for_username("da.one").await.unwrap();
        t.app
            .allocate(&om, person, da.user_id, "Domestic abuse officer")
            .await
            .unwrap();

        // The offender manager is not offered the checklist (it needs the victim section).
        let mut c = t.client();
        c.sign_in("om.one").await;
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            !risk.body.contains("Complete the Police DASH"),
            "{}",
            t.label()
        );

        let mut c = t.client();
        c.sign_in("da.one").await;
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            risk.body
                .contains("Complete the Police DASH (27 questions)"),
            "{}",
            t.label()
        );
        let form = c
            .get(&format!("/persons/{person}/dash/new?version=police"))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", t.label());
        assert!(
            form.body
                .contains("27. Do you know if the abuser has ever been in trouble with the police"),
            "{}",
            t.label()
        );
        let csrf = form.csrf();
        let answers: Vec<(String, String)> = (1..=27)
            .map(|id| {
                (
                    format!("q{id}"),
                    if id <= 14 { "yes" } else { "no" }.to_string(),
                )
            })
            .collect();
        let mut fields: Vec<(&str, &str)> = answers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        fields.extend([
            ("csrf_token", csrf.as_str()),
            ("version", "police"),
            ("victim", "Victim A, ref DA/26/0412"),
        ]);

        // Lowering the level by judgement and an unanswered question: 422, both named.
        let mut bad: Vec<(&str, &str)> = fields
            .iter()
            .copied()
            .filter(|(k, _)| *k != "q20")
            .collect();
        bad.push(("professional_judgement", "medium"));
        let refused = c.post_form(&format!("/persons/{person}/dash"), &bad).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for text in [
            "Answer question 20: yes, no or don",
            "Professional judgement may raise the level but never lower it",
        ] {
            assert!(refused.body.contains(text), "{}: {text}", t.label());
        }

        let done = c
            .post_form(&format!("/persons/{person}/dash"), &fields)
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            done.body
        );
        let page = c.get(done.location()).await;
        for text in [
            "Refer this case to MARAC now",
            "visible high risk (14 or more",
            "Victim A, ref DA/26/0412",
        ] {
            assert!(page.body.contains(text), "{}: {text}", t.label());
        }

        // The offender manager sees the level and the prompt, not the victim.
        let mut c = t.client();
        c.sign_in("om.one").await;
        let page = c.get(done.location()).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        assert!(
            page.body.contains("Refer this case to MARAC now"),
            "{}",
            t.label()
        );
        assert!(
            page.body.contains("id=\"victim-restricted\""),
            "{}",
            t.label()
        );
        assert!(!page.body.contains("DA/26/0412"), "{}", t.label());
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            risk.body.contains("Refer the case to MARAC"),
            "{}",
            t.label()
        );

        // The API gives the same split: the officer sees the victim, the offender manager
        // the level and the criteria with her answers withheld.
        for (username, sees_victim) in [("da.one", true), ("om.one", false)] {
            let mut c = t.client();
            let tok = token(&mut c, username).await;
            let bearer = format!("Bearer {tok}");
            let r = c
                .send(
                    Method::GET,
                    &format!("/api/v1/persons/{person}/dash-checklists"),
                    None,
                    String::new(),
                    &[("authorization", bearer.as_str())],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label(), r.body);
            let list = r.json();
            let d = &list[0];
            assert_eq!(d["level"], "HIGH", "{}", t.label());
            assert_eq!(d["marac_criteria"][0], "VISIBLE_HIGH_RISK", "{}", t.label());
            assert_eq!(
                d["victim"].is_string(),
                sees_victim,
                "{}: {username}",
                t.label()
            );
            assert_eq!(
                d["answers"][0]["answer"].is_string(),
                sees_victim,
                "{}: {username}",
                t.label()
            );
            assert_eq!(
                d["answers"][7]["answer"],
                "YES",
                "{}: question 8 is the abuser's behaviour",
                t.label()
            );
        }

        // A partner is refused the checklist.
        let mut c = t.client();
        c.sign_in("housing.one").await;
        let page = c.get(done.location()).await;
        assert!(
            page.status == StatusCode::NOT_FOUND || page.status == StatusCode::FORBIDDEN,
            "{}: {}",
            t.label(),
            page.status
        );
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

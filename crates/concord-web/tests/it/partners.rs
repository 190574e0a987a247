//! Partner services over HTTP: a provider's own system works a referral through the API
//! (bad bodies refused with the field named), another partner is told nothing, and the
//! provider's list and the officer's tab render.

use axum::http::{Method, StatusCode};
use concord_app::{ContractInput, DateInput, ReferInput};
use concord_domain::AgencyKind;

use crate::client::{alison_style_person, TestWeb};

async fn token(c: &mut crate::Client, username: &str) -> String {
    format!("Bearer {}", crate::api::token(c, username).await)
}

#[tokio::test]
async fn a_providers_system_works_its_referral_through_the_api_and_no_other_partner_sees_it() {
    for t in TestWeb::all().await {
        t.app
            .accounts()
            .add_agency("DRG", "Open Road", AgencyKind::DrugAndAlcohol, "Essex")
            .await
            .unwrap();
        t.add_staff("pm.one", "Pat Ford", "PROB", "partnerships_manager")
            .await;
        t.add_staff("drugs.one", "Ade Okoro", "DRG", "partner_caseworker")
            .await;
        let person = t.person(alison_style_person()).await;
        let actor = |u: &'static str| {
            let app = t.app.clone();
            async move { app.accounts().actor_for_username(u).await.unwrap() }
        };
        let contract = t
            .app
            .partners()
            .add_contract(
                &actor("pm.one").await,
                &ContractInput {
                    provider: "DRG".into(),
                    service: "drug_and_alcohol".into(),
                    reference: "ESX-DA-01".into(),
                    package_area: "Essex".into(),
                    towns: vec!["Chelmsford".into()],
                    eligibility: "anyone".into(),
                    places: "5".into(),
                    waiting_list: "5".into(),
                    first_contact_days: "5".into(),
                    starts_on: DateInput::text("2026-01-01"),
                    ends_on: DateInput::text("2027-03-31"),
                },
            )
            .await
            .unwrap();
        let referral = t
            .app
            .partners()
            .refer_to_service(
                &actor("om.one").await,
                person,
                &ReferInput {
                    contract: contract.to_string(),
                    needs: vec!["drugs".into()],
                    reason: "Crack cocaine since release".into(),
                    sections: vec!["markers".into()],
                    send: true,
                },
            )
            .await
            .unwrap();
        let base = format!("/api/v1/persons/{person}/referrals/{referral}");
        let mut c = t.client();
        let auth = token(&mut c, "drugs.one").await;
        let h = [("authorization", auth.as_str())];
        let json = Some("application/json");

        let list = c
            .send(Method::GET, "/api/v1/referrals", None, String::new(), &h)
            .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(
            list.json()[0]["person_name"],
            "Daniel Downing",
            "{}",
            t.label()
        );
        let one = c.send(Method::GET, &base, None, String::new(), &h).await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.body);
        let shared = &one.json()["shared"];
        assert_eq!(
            shared["markers"].as_array().unwrap().len(),
            1,
            "{}",
            t.label()
        );
        assert!(
            shared["addresses"].as_array().unwrap().is_empty(),
            "addresses were not shared"
        );

        let r = c
            .send(
                Method::POST,
                &format!("{base}/accept"),
                None,
                String::new(),
                &h,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let r = c
            .send(
                Method::POST,
                &format!("{base}/caseworker"),
                json,
                r#"{"caseworker": "drugs.one"}"#.into(),
                &h,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        // Bad bodies: malformed, a field unknown, a bad code — each named, nothing saved.
        let r = c
            .send(
                Method::POST,
                &format!("{base}/sessions"),
                json,
                "{".into(),
                &h,
            )
            .await;
        assert_eq!(
            (r.status, r.json()["error"]["code"].clone()),
            (StatusCode::BAD_REQUEST, "malformed_json".into()),
            "{}",
            r.body
        );
        let r = c
            .send(
                Method::POST,
                &format!("{base}/sessions"),
                json,
                r#"{"held_on": "2026-11-23", "attendance": "maybe", "notes": "x", "mood": 1}"#
                    .into(),
                &h,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = c
            .send(
                Method::POST,
                &format!("{base}/sessions"),
                json,
                r#"{"held_on": "2026-11-23", "attendance": "maybe", "notes": "First meeting"}"#
                    .into(),
                &h,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.json()["error"]["fields"][0]["field"],
            "attendance",
            "{}",
            r.body
        );
        let r = c
            .send(Method::POST, &format!("{base}/sessions"), json, r#"{"held_on": "2026-11-23", "attendance": "attended", "engagement": "good", "notes": "First meeting"}"#.into(), &h)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = c
            .send(
                Method::PUT,
                &format!("{base}/plan"),
                json,
                r#"{"objectives": [], "activities": "Keywork", "sessions_planned": 6}"#.into(),
                &h,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.json()["error"]["fields"][0]["field"],
            "objective_1",
            "{}",
            r.body
        );
        let r = c
            .send(Method::PUT, &format!("{base}/plan"), json, r#"{"objectives": [{"need": "drugs", "objective": "Abstinent from crack"}], "activities": "Keywork", "sessions_planned": 6}"#.into(), &h)
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let one = c
            .send(Method::GET, &base, None, String::new(), &h)
            .await
            .json();
        assert_eq!(one["summary"]["status"], "plan_submitted", "{}", t.label());
        assert_eq!(one["sessions"].as_array().unwrap().len(), 1);

        // Another partner is told nothing; the provider cannot approve its own plan.
        let mut other = t.client();
        let housing = token(&mut other, "housing.one").await;
        let r = other
            .send(
                Method::GET,
                &base,
                None,
                String::new(),
                &[("authorization", &housing)],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {}", t.label(), r.body);
        let r = other
            .send(
                Method::GET,
                "/api/v1/referrals",
                None,
                String::new(),
                &[("authorization", &housing)],
            )
            .await;
        assert_eq!(r.json(), serde_json::json!([]), "{}", t.label());

        // The pages: the provider's list and the officer's partner services tab.
        let mut p = t.client();
        p.sign_in("drugs.one").await;
        let page = p.get("/partners/referrals").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Daniel Downing"), "{}", t.label());
        let mut o = t.client();
        o.sign_in("om.one").await;
        let page = o.get(&format!("/persons/{person}/services")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Action plan awaiting approval"),
            "{}",
            t.label()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_partner_endpoints() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let doc = c.get("/api/openapi.json").await.json();
        for path in [
            "/api/v1/referrals",
            "/api/v1/persons/{id}/referrals/{service_referral}",
            "/api/v1/persons/{id}/referrals/{service_referral}/sessions",
            "/api/v1/persons/{id}/referrals/{service_referral}/end-report",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
        t.finish().await;
    }
}

//! The holes an outside probe found (issue 16), each tried again as the attacker did it:
//! a partner fetching MAPPA documents made from sections it was never given, and an
//! officer of another team reading a record, its health entries and its intelligence,
//! because working for the owning agency once opened every record.

use concord_app::{DisclosureForm, EventInput};

use crate::need_to_know::{demo_web, mr_d, refusals, signed_in};

const HEALTH_TEXT: &str = "Psychiatric review at Linden Centre: medication changed";
const DISCLOSED_TEXT: &str = "Told his new partner of the offence against his former partner";

#[tokio::test]
async fn a_partner_gets_no_part_of_a_mappa_document_from_sections_it_was_not_given() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let om = web
            .app
            .accounts()
            .actor_for_username("om.chelmsford")
            .await
            .unwrap();
        let record = web.app.people().view_person(&om, d).await.unwrap();
        let offence = record.offences[0].description.clone();
        let address = record
            .addresses
            .iter()
            .find(|a| a.to_date.is_none())
            .map(|a| a.line1.clone())
            .unwrap();
        // A disclosure of his convictions, recorded by the police.
        let ppo = web
            .app
            .accounts()
            .actor_for_username("ppo.chelmsford")
            .await
            .unwrap();
        web.app
            .manage()
            .record_disclosure(
                &ppo,
                d,
                &DisclosureForm {
                    recipient: "His new partner".into(),
                    recipient_role: "partner".into(),
                    what: DISCLOSED_TEXT.into(),
                    sections: vec!["convictions".into()],
                    lawful_basis: "Domestic Violence Disclosure Scheme (right to ask)".into(),
                    necessary: "yes".into(),
                    proportionate: "yes".into(),
                    reasons: "She asked; his history puts her at risk".into(),
                    person_told: "yes".into(),
                    told_detail: "Told by his offender manager the same day".into(),
                    undertaking_given: true,
                    disclosed_on: "2026-11-20".into(),
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{label}: disclosure: {e:?}"));

        let case = web.app.mappa().mappa_case(&om, d).await.unwrap();
        let referral = case.referrals[0].id;
        let base = format!("/persons/{}", d.0);

        // The housing caseworker was referred identity, markers, addresses and case
        // management: no offences, sentences, RoSH or other agencies' entries.
        let mut housing = signed_in(&web, "housing.caseworker").await;
        let print = housing
            .get(&format!("{base}/mappa/referrals/{referral}/print"))
            .await;
        assert_eq!(print.status, 200, "{label}");
        assert!(
            !print.body.contains(&offence),
            "{label}: the MAPPA A print shows the housing caseworker the offences"
        );
        assert!(print.body.contains("Not shown to you"), "{label}");
        assert!(
            print.body.contains("Offences and sentences"),
            "{label}: the withheld sections are named"
        );
        let page = housing.get(&format!("{base}/mappa")).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(
            !page.body.contains(&offence),
            "{label}: the MAPPA page's \"why this category\" shows the offences"
        );
        assert!(
            page.body.contains("id=\"mappa-withheld\""),
            "{label}: the page says what it left out"
        );
        // The plan is the case's reading of the risk; the SFOs are further charges.
        for path in ["mappa/plan", "mappa/plan/print", "mappa/sfo"] {
            let r = housing.get(&format!("{base}/{path}")).await;
            assert_eq!(r.status, 404, "{label}: housing caseworker got {path}");
        }
        let disclosures = housing.get(&format!("{base}/disclosures")).await;
        assert!(
            !disclosures.body.contains(DISCLOSED_TEXT),
            "{label}: a disclosure of convictions is shown to a partner without them"
        );

        // The mental health nurse was not given the addresses: not even the current one
        // through the referral print.
        let mut health = signed_in(&web, "health.cjmh").await;
        let print = health
            .get(&format!("{base}/mappa/referrals/{referral}/print"))
            .await;
        assert_eq!(print.status, 200, "{label}");
        assert!(!print.body.contains(&address), "{label}: address leaked");
        assert!(!print.body.contains(&offence), "{label}");

        // The case team still sees the whole document.
        let mut om_client = signed_in(&web, "om.chelmsford").await;
        let print = om_client
            .get(&format!("{base}/mappa/referrals/{referral}/print"))
            .await;
        assert!(print.body.contains(&offence), "{label}");
        assert!(
            print.body.contains("Nothing: this is the whole referral"),
            "{label}"
        );
        let disclosures = om_client.get(&format!("{base}/disclosures")).await;
        assert!(disclosures.body.contains(DISCLOSED_TEXT), "{label}");
        web.finish().await;
    }
}

#[tokio::test]
async fn an_officer_of_another_team_does_not_read_a_record_because_their_agency_owns_it() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let om = web
            .app
            .accounts()
            .actor_for_username("om.chelmsford")
            .await
            .unwrap();
        let health: EventInput = serde_json::from_value(serde_json::json!({
            "event_type": "assessment", "occurred_on": "2026-11-02",
            "summary": HEALTH_TEXT, "section": "health"
        }))
        .unwrap();
        web.app
            .people()
            .record_event(&om, d, &health)
            .await
            .unwrap();
        let base = format!("/persons/{}", d.0);

        // Probation in Basildon, police in Basildon: same agencies as Mr D's record and
        // his case team, no relationship with him.
        for username in ["om.basildon", "ppo.basildon"] {
            let mut c = signed_in(&web, username).await;
            for path in ["", "/chronology", "/mappa", "/history"] {
                let r = c.get(&format!("{base}{path}")).await;
                assert_eq!(r.status, 403, "{label}: {username} read {base}{path}");
                assert!(!r.body.contains(HEALTH_TEXT), "{label}: {username}");
                assert!(
                    !r.body.contains("seen twice near the victim"),
                    "{label}: {username} read intelligence"
                );
            }
            let api = c.get(&format!("/api/v1/persons/{}", d.0)).await;
            assert!(
                matches!(api.status.as_u16(), 401 | 403 | 404),
                "{label}: {username} API {}",
                api.status
            );
            // Search still says he exists, whose record it is and whom to ask.
            let found = c.get("/search?q=Dolby").await;
            assert!(found.body.contains("Darren"), "{label}: {username}");
            assert!(found.body.contains("contact"), "{label}: {username}");
        }

        // The senior probation officer oversees the agency's records, never their health.
        let mut spo = signed_in(&web, "spo.chelmsford").await;
        let other = crate::need_to_know::stranger_of(&web, "om.basildon").await;
        let r = spo.get(&format!("/persons/{}", other.0)).await;
        assert_eq!(r.status, 200, "{label}: the manager's oversight");
        assert!(r.body.contains("oversight"), "{label}");
        web.finish().await;
    }
}

#[tokio::test]
async fn a_nested_id_of_another_person_is_refused_and_audited() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let om = web
            .app
            .accounts()
            .actor_for_username("om.chelmsford")
            .await
            .unwrap();
        let referral = web.app.mappa().mappa_case(&om, d).await.unwrap().referrals[0].id;
        // A Basildon officer's own case, and Mr D's MAPPA referral asked for under it.
        let own = crate::need_to_know::stranger(&web).await;
        let before = refusals(&web, own).await;
        let mut ppo = signed_in(&web, "ppo.basildon").await;
        let r = ppo
            .get(&format!(
                "/persons/{}/mappa/referrals/{referral}/print",
                own.0
            ))
            .await;
        assert_eq!(r.status, 404, "{label}");
        assert!(!r.body.contains("Dolby"), "{label}");
        assert_eq!(
            refusals(&web, own).await,
            before + 1,
            "{label}: the swap is a refusal in the audit chain"
        );
        web.finish().await;
    }
}

#[tokio::test]
async fn next_after_sign_in_never_leaves_the_site_and_never_fails() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/cases\r\nSet-Cookie: x=1",
            "//evil.example",
            "/\\evil.example",
        ] {
            let mut c = web.client();
            let page = c
                .get(&format!("/sign-in?next={}", crate::client::enc(next)))
                .await;
            assert_eq!(page.status, 200, "{label}: {next:?}");
            let csrf = page.csrf();
            let r = c
                .post_form(
                    "/sign-in",
                    &[
                        ("csrf_token", &csrf),
                        ("username", "om.chelmsford"),
                        ("password", concord_demo::DEMO_PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{label}: {next:?}");
            assert_eq!(r.location(), "/", "{label}: {next:?}");
        }
        web.finish().await;
    }
}

#[tokio::test]
async fn hsts_is_sent_when_configured_for_https_and_not_otherwise() {
    let db = concord_testkit::sqlite().await;
    let app = concord_app::App::new(
        db.db.clone(),
        concord_app::Clock::from_fn(crate::client::now),
        concord_app::AppSettings::default(),
    );
    for (max_age, expected) in [
        (
            Some(31_536_000),
            Some("max-age=31536000; includeSubDomains"),
        ),
        (None, None),
    ] {
        let router = concord_web::router(
            app.clone(),
            concord_web::WebConfig {
                hsts_max_age: max_age,
                ..Default::default()
            },
        );
        let r = crate::client::Client::of(router).get("/sign-in").await;
        assert_eq!(
            r.headers
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            expected
        );
    }
    db.finish().await;
}

#[tokio::test]
async fn compliance_and_disclosure_forms_are_shown_only_to_those_who_may_submit_them() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let base = format!("/persons/{}", d.0);
        // The MAPPA coordinator reads Mr D's case as a MAPPA case: no licence changes and
        // no disclosures (those are the case team's), so neither form.
        let mut coordinator = signed_in(&web, "mappa.coordinator").await;
        let page = coordinator.get(&format!("{base}/compliance")).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(!page.body.contains("id=\"record-compliance\""), "{label}");
        let page = coordinator.get(&format!("{base}/disclosures")).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(!page.body.contains("id=\"disclosure-form\""), "{label}");
        // His police officer may do both.
        let mut ppo = signed_in(&web, "ppo.chelmsford").await;
        let page = ppo.get(&format!("{base}/compliance")).await;
        assert!(page.body.contains("id=\"record-compliance\""), "{label}");
        let page = ppo.get(&format!("{base}/disclosures")).await;
        assert!(page.body.contains("id=\"disclosure-form\""), "{label}");
        web.finish().await;
    }
}

//! Moves of responsibility between probation organisations over HTTP: the receiving
//! manager finds the proposal in their list, is told which field is wrong, accepts, and
//! the case is theirs; the sending officer is then refused and a partner told nothing.

use axum::http::StatusCode;
use concord_app::{RegisterPersonInput, RoshForm};
use concord_domain::{AgencyKind, PersonId};

use crate::client::{alison_style_person, TestWeb};

/// A CRC officer's case whose signed review is high: proposed to the Probation Service.
async fn proposed(t: &TestWeb) -> PersonId {
    let app = &t.app;
    app.accounts()
        .add_agency("CRC", "Essex CRC", AgencyKind::Probation, "Essex")
        .await
        .unwrap();
    app.accounts()
        .set_probation_remit("PROB", "high_risk")
        .await
        .unwrap();
    app.accounts()
        .set_probation_remit("CRC", "community")
        .await
        .unwrap();
    t.add_staff("crc.om", "Carla Reid", "CRC", "offender_manager")
        .await;
    t.add_staff("nps.spo", "Nadia Price", "PROB", "senior_probation_officer")
        .await;
    let crc = app.accounts().actor_for_username("crc.om").await.unwrap();
    let input: RegisterPersonInput = serde_json::from_value(alison_style_person()).unwrap();
    let person = app.people().register_person(&crc, &input).await.unwrap();
    app.people()
        .allocate(&crc, person, crc.user_id, "offender_manager")
        .await
        .unwrap();
    let a = app.assess();
    let id = a.start_risk_review(&crc, person).await.unwrap();
    let r = a.risk_review(&crc, person, id).await.unwrap();
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
    a.confirm_review_facts(&crc, person, id, r.version, &facts)
        .await
        .unwrap();
    let rosh = RoshForm {
        levels: ["CHILDREN", "PUBLIC", "KNOWN_ADULT", "STAFF"]
            .iter()
            .map(|g| {
                (
                    (*g).to_string(),
                    if *g == "PUBLIC" { "HIGH" } else { "LOW" }.to_string(),
                )
            })
            .collect(),
        who_is_at_risk: "Men he meets in pubs".into(),
        nature_of_harm: "Serious violence with a knife".into(),
        when_most_likely: "When drinking".into(),
        what_increases: "Alcohol".into(),
        what_reduces: "Abstinence".into(),
        review_due_on: "10/2/2027".into(),
    };
    a.save_review_rosh(&crc, person, id, r.version + 1, &rosh)
        .await
        .unwrap();
    a.acknowledge_review_entries(&crc, person, id, r.version + 2)
        .await
        .unwrap();
    let signed = a
        .sign_risk_review(&crc, person, id, r.version + 3)
        .await
        .unwrap();
    assert!(signed.transfer_proposed.is_some(), "{}", t.label());
    person
}

#[tokio::test]
async fn the_receiving_manager_accepts_in_the_browser_and_the_case_moves() {
    for t in TestWeb::all().await {
        let person = proposed(&t).await;
        let l = t.label();
        let page_path = format!("/persons/{person}/responsibility");
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();

        let mut spo = t.client();
        spo.sign_in("nps.spo").await;
        let list = spo.get("/responsibility").await;
        assert_eq!(list.status, StatusCode::OK, "{l}");
        assert!(
            list.body.contains("Daniel Downing") && list.body.contains(&page_path),
            "{l}"
        );
        let page = spo.get(&page_path).await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        assert!(
            page.body.contains("accept-form") && page.body.contains("Essex CRC"),
            "{l}"
        );
        let csrf = page.csrf();
        let open = t
            .app
            .responsibility()
            .open_transfers(
                &t.app
                    .accounts()
                    .actor_for_username("nps.spo")
                    .await
                    .unwrap(),
            )
            .await
            .unwrap()[0]
            .transfer
            .id;
        let accept = format!("{page_path}/{}/accept", open.0);

        // No officer chosen: the form again, the field named, nothing moved.
        let refused = spo
            .post_form(&accept, &[("csrf_token", &csrf), ("officer", "")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            refused.body.contains("href=\"#officer\"")
                && refused.body.contains("Choose the officer"),
            "{l}"
        );
        let unknown = spo
            .post_form(
                &format!("{page_path}/{}/launch", open.0),
                &[("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{l}");

        let done = spo
            .post_form(
                &accept,
                &[
                    ("csrf_token", &csrf),
                    ("officer", &om.user_id.0.to_string()),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{l}: {}", done.body);
        let after = spo.get(done.location()).await;
        assert!(after.body.contains("The case is yours"), "{l}");
        assert!(
            after.body.contains("Test om.one"),
            "{l}: the allocated officer is named"
        );

        // The sending officer is refused (responsible authority staff are told why); a
        // partner is told nothing, not even that the record exists.
        for (who, status) in [
            ("crc.om", StatusCode::FORBIDDEN),
            ("housing.one", StatusCode::NOT_FOUND),
        ] {
            let mut c = t.client();
            c.sign_in(who).await;
            assert_eq!(c.get(&page_path).await.status, status, "{l}: {who}");
        }
        let mut om_client = t.client();
        om_client.sign_in("om.one").await;
        let theirs = om_client.get(&format!("/persons/{person}")).await;
        assert_eq!(theirs.status, StatusCode::OK, "{l}");
        assert!(theirs.body.contains("Probation Service – Essex"), "{l}");
        t.finish().await;
    }
}

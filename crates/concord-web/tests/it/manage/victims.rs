//! The victim page for the victim liaison officer alone, and the police's disclosure.

use axum::http::StatusCode;

use super::mr_d;
use crate::client::TestWeb;

#[tokio::test]
async fn the_victim_page_is_the_victim_liaison_officers_alone() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.add_staff(
            "vlo.one",
            "Bernadette Kelly",
            "PROB",
            "victim_liaison_officer",
        )
        .await;
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        let vlo = t
            .app
            .accounts()
            .actor_for_username("vlo.one")
            .await
            .unwrap();
        t.app
            .people()
            .allocate(&om, person, vlo.user_id, "Victim liaison officer")
            .await
            .unwrap();
        let base = format!("/persons/{person}/victims");

        let mut c = t.client();
        c.sign_in("om.one").await;
        let denied = c.get(&base).await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );

        let mut v = t.client();
        v.sign_in("vlo.one").await;
        let form = v.get(&format!("{base}/new")).await;
        assert_eq!(form.status, StatusCode::OK, "{}", t.label());
        let csrf = form.csrf();
        let refused = v
            .post_form(
                &format!("{base}/new"),
                &[
                    ("csrf_token", &csrf),
                    ("name", ""),
                    ("kind", "victim"),
                    ("latitude", "151.7"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(refused.body.contains("Enter the name"), "{}", t.label());
        assert!(refused.body.contains("href=\"#latitude\""), "{}", t.label());
        let saved = v
            .post_form(
                &format!("{base}/new"),
                &[
                    ("csrf_token", &csrf),
                    ("name", "Alison"),
                    ("kind", "victim"),
                    ("relationship", "Former partner"),
                    ("latitude", "51.742"),
                    ("longitude", "0.469"),
                    ("may_be_told", "The non-contact condition and when it ends"),
                ],
            )
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            saved.body
        );
        let page = v.get(&base).await;
        assert!(
            page.body.contains("Alison") && page.body.contains("Restricted: victim section"),
            "{}",
            t.label()
        );
    }
}

#[tokio::test]
async fn a_police_officer_records_a_disclosure_in_the_browser_with_every_gap_named() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.app
            .accounts()
            .add_agency(
                "POL",
                "Essex Police",
                concord_domain::AgencyKind::Police,
                "Essex",
            )
            .await
            .unwrap();
        t.add_staff("ppo.one", "Priya Khan", "POL", "public_protection_officer")
            .await;
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        let ppo = t
            .app
            .accounts()
            .actor_for_username("ppo.one")
            .await
            .unwrap();
        t.app
            .people()
            .allocate(&om, person, ppo.user_id, "Police public protection")
            .await
            .unwrap();
        let base = format!("/persons/{person}/disclosures");
        let mut c = t.client();
        c.sign_in("ppo.one").await;
        let page = c.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        let csrf = page.csrf();
        let refused = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("recipient", "Karen"),
                    ("proportionate", "no"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for anchor in ["#sections", "#necessary", "#reasons", "#undertaking"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{}: {anchor}",
                t.label()
            );
        }
        let done = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("recipient", "Karen"),
                    ("recipient_role", "new partner"),
                    (
                        "what",
                        "His convictions for violence against a former partner",
                    ),
                    ("sections.convictions", "yes"),
                    (
                        "lawful_basis",
                        "Common-law power to disclose to prevent crime",
                    ),
                    ("necessary", "yes"),
                    ("proportionate", "yes"),
                    (
                        "reasons",
                        "New relationship; she is at risk of serious harm",
                    ),
                    ("person_told", "yes"),
                    ("told_detail", "Told by his offender manager"),
                    ("undertaking.yes", "yes"),
                    ("disclosed_on", "20/11/2026"),
                ],
            )
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            done.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("to Karen (new partner)"),
            "{}",
            t.label()
        );
    }
}

//! A breach after a warning referred, and the recall's eligibility explained.

use axum::http::StatusCode;

use super::{id_after, mr_d};
use crate::client::TestWeb;

#[tokio::test]
async fn a_breach_after_a_warning_must_be_referred_and_leads_to_a_recall_whose_eligibility_is_explained(
) {
    use concord_licence::LicenceAction;
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.add_staff("spo.one", "Helen Marsh", "PROB", "senior_probation_officer")
            .await;
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        let spo = t
            .app
            .accounts()
            .actor_for_username("spo.one")
            .await
            .unwrap();
        t.app
            .people()
            .allocate(&om, person, spo.user_id, "Senior probation officer")
            .await
            .unwrap();
        let form = concord_app::LicenceForm {
            type_code: "AP".into(),
            release_date: "2026-10-01".into(),
            licence_end_date: "2027-10-01".into(),
            ..Default::default()
        };
        let v = t
            .app
            .manage()
            .create_licence(&om, person, &form)
            .await
            .unwrap();
        t.app
            .manage()
            .act_on_licence(&om, person, v, 1, LicenceAction::Submit, "")
            .await
            .unwrap();
        t.app
            .manage()
            .act_on_licence(&spo, person, v, 2, LicenceAction::Approve, "")
            .await
            .unwrap();
        t.app
            .manage()
            .act_on_licence(&om, person, v, 3, LicenceAction::Activate, "")
            .await
            .unwrap();

        let base = format!("/persons/{person}/compliance");
        let mut c = t.client();
        c.sign_in("om.one").await;
        let page = c.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        let csrf = page.csrf();
        let bad = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "appointment"),
                    ("occurred_on", "1/1/2030"),
                    ("outcome", "unacceptable_absence"),
                ],
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(bad.body.contains("href=\"#occurred_on\""), "{}", t.label());

        // First unacceptable absence: warn or refer. A warning.
        let first = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "appointment"),
                    ("occurred_on", "2/11/2026"),
                    ("outcome", "unacceptable_absence"),
                    ("details", "Missed supervision"),
                ],
            )
            .await;
        assert_eq!(
            first.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            first.body
        );
        let page = c.get(&base).await;
        let decide = id_after(&page.body, "/compliance/events/");
        let warned = c
            .post_form(
                &format!("{base}/events/{decide}/decide"),
                &[
                    ("csrf_token", &csrf),
                    ("decision", "warning"),
                    ("reason", "First missed appointment; warned in writing"),
                ],
            )
            .await;
        assert_eq!(
            warned.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            warned.body
        );

        // A second within 12 months: a warning is refused, the breach referred.
        let second = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "appointment"),
                    ("occurred_on", "23/11/2026"),
                    ("outcome", "unacceptable_absence"),
                    ("details", "Missed again, after the warning"),
                ],
            )
            .await;
        assert_eq!(
            second.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            second.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("must be referred for breach"),
            "{}",
            t.label()
        );
        let decide = id_after(&page.body, "/compliance/events/");
        let refused = c
            .post_form(
                &format!("{base}/events/{decide}/decide"),
                &[
                    ("csrf_token", &csrf),
                    ("decision", "warning"),
                    ("reason", "Another warning"),
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
            refused.body.contains("must be referred for breach"),
            "{}",
            t.label()
        );
        let referred = c
            .post_form(
                &format!("{base}/events/{decide}/decide"),
                &[
                    ("csrf_token", &csrf),
                    ("decision", "breach"),
                    ("reason", "Second failure within 12 months of the warning"),
                ],
            )
            .await;
        assert_eq!(
            referred.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            referred.body
        );

        // The recall: MAPPA level 2 rules out a fixed-term recall, and the page says why.
        let recall = c
            .post_form(
                &format!("{base}/recalls"),
                &[
                    ("csrf_token", &csrf),
                    ("reasons", "Two failures to attend; risk escalating"),
                    ("mappa_level", "2"),
                    ("charged_with_offence", "no"),
                ],
            )
            .await;
        assert_eq!(
            recall.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            recall.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("Is a fixed-term recall possible?"),
            "{}",
            t.label()
        );
        assert!(page.body.contains("MAPPA level 2"), "{}", t.label());
        assert!(
            !page.body.contains("Revoke the licence and recall"),
            "{}: the requester may not decide",
            t.label()
        );

        let mut s = t.client();
        s.sign_in("spo.one").await;
        let page = s.get(&base).await;
        let id = id_after(&page.body, "/compliance/recalls/");
        let revoked = s
            .post_form(
                &format!("{base}/recalls/{id}/decide"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("decision", "revoke"),
                    ("reason", "Risk cannot be managed in the community"),
                ],
            )
            .await;
        assert_eq!(
            revoked.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            revoked.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("the police must execute the recall"),
            "{}",
            t.label()
        );
        let back = c
            .post_form(
                &format!("{base}/recalls/{id}/returned"),
                &[("csrf_token", &csrf), ("returned_on", "23/11/2026")],
            )
            .await;
        assert_eq!(
            back.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            back.body
        );
        let licence = c.get(&format!("/persons/{person}/licence")).await;
        assert!(licence.body.contains("Recalled"), "{}", t.label());
    }
}

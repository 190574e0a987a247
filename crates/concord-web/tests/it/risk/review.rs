//! A review started from the record, refused until complete, and signed in the browser.

use axum::http::StatusCode;

use super::{complete, dean};
use crate::client::TestWeb;

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
        let review: concord_domain::AssessmentId =
            href.rsplit('/').next().unwrap().parse().unwrap();
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

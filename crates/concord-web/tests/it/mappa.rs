//! The MAPPA page in the browser: Concord's proposal, a referral refused with every gap
//! named (422) then sent, its print view with the marking, the coordinator's work list
//! and screening at Level 2; a partner with no relationship sees nothing.

use axum::http::StatusCode;

use crate::client::TestWeb;

fn prisoner() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Dean", "middle_names": "", "family_name": "Dobson", "date_of_birth": "1973-03-14", "gender": "male"},
        "identifiers": [{"kind": "pnc", "value": "2001/0123456F"}],
        "offences": [{"offence_code": "00801", "description": "Threats to kill", "offence_date": "2025-02-01", "conviction_date": "2025-09-20", "disposal": "immediate_custody"}],
        "sentences": [{"kind": "custody", "description": "3 years", "start_date": "2025-10-01", "release_date": "2027-06-01", "licence_end_date": "2028-10-01", "end_date": "2028-10-01"}]
    })
}

async fn add_coordinator(t: &TestWeb) {
    t.add_staff("mappa.one", "Janet Rowe", "PROB", "mappa_coordinator")
        .await;
}

#[tokio::test]
async fn a_case_is_referred_to_mappa_and_screened_at_level_2_in_the_browser() {
    for t in TestWeb::all().await {
        let l = t.label();
        let person = t.person(prisoner()).await;
        add_coordinator(&t).await;
        let base = format!("/persons/{person}/mappa");
        let mut om = t.client();
        om.sign_in("om.one").await;
        let page = om.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("Concord proposes Category 2"), "{l}");
        assert!(
            page.body.contains("2001/0123456F"),
            "{l}: identifiers pre-filled"
        );
        let csrf = page.csrf();
        // Category 3's two questions are asked of the case team; the notification
        // period's correction only of someone subject to notification.
        assert!(
            page.body.contains("Category 3: answer the two questions")
                && !page.body.contains("Correct the notification period"),
            "{l}"
        );
        let unanswered = om
            .post_form(
                &format!("{base}/category-3"),
                &[
                    ("csrf_token", &csrf),
                    ("capacity_for_serious_harm", "maybe"),
                ],
            )
            .await;
        assert_eq!(unanswered.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        for anchor in [
            "#capacity_for_serious_harm",
            "#capacity_reason",
            "#needs_level_2_or_3",
            "#need_reason",
        ] {
            assert!(
                unanswered.body.contains(&format!("href=\"{anchor}\"")),
                "{l}: {anchor}"
            );
        }
        let not_notifying = om
            .post_form(
                &format!("{base}/notification-period"),
                &[
                    ("csrf_token", &csrf),
                    ("last_day", "1/8/2035"),
                    ("correction_reason", "Court certificate"),
                ],
            )
            .await;
        assert_eq!(
            not_notifying.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}"
        );
        assert!(
            not_notifying
                .body
                .contains("not recorded as subject to notification requirements"),
            "{l}"
        );

        let refused = om
            .post_form(
                &format!("{base}/referrals"),
                &[("csrf_token", &csrf), ("ref_category", "")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        for anchor in ["#ref_category", "#level_requested", "#reasons"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{l}: {anchor}"
            );
        }
        let sent = om
            .post_form(
                &format!("{base}/referrals"),
                &[
                    ("csrf_token", &csrf),
                    ("ref_category", "CATEGORY_2"),
                    ("level_requested", "LEVEL_2"),
                    (
                        "reasons",
                        "Threats to kill a former partner; several agencies hold information.",
                    ),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{l}: {}", sent.body);
        let page = om.get(&base).await;
        assert!(page.body.contains("Awaiting screening"), "{l}");
        assert!(page.body.contains("before release"), "{l}");
        let print = page
            .body
            .split("href=\"")
            .find(|s| s.contains("/print\""))
            .map(|s| s.split('"').next().unwrap_or_default().to_string())
            .expect("a print link");
        let printed = om.get(&print).await;
        assert_eq!(printed.status, StatusCode::OK, "{l}");
        assert!(
            printed.body.contains("MAPPA A: referral of Dean Dobson"),
            "{l}"
        );
        assert!(
            printed.body.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "{l}"
        );
        // The offender manager is not MAPPA staff: no screening form, no work list.
        assert!(!page.body.contains("screening-form"), "{l}");
        assert_ne!(om.get("/mappa").await.status, StatusCode::OK, "{l}");

        // The coordinator finds it on the work list and screens it at Level 2.
        let mut co = t.client();
        co.sign_in("mappa.one").await;
        let work = co.get("/mappa").await;
        assert_eq!(work.status, StatusCode::OK, "{l}");
        assert!(work.body.contains("Dean Dobson"), "{l}");
        let page = co.get(&base).await;
        assert!(page.body.contains("screening-form"), "{l}");
        let action = page
            .body
            .split("action=\"")
            .find(|s| s.contains("/screen\""))
            .map(|s| s.split('"').next().unwrap_or_default().to_string())
            .expect("a screening form");
        let csrf = page.csrf();
        let refused = co
            .post_form(
                &action,
                &[
                    ("csrf_token", &csrf),
                    ("level", "LEVEL_3"),
                    ("rationale", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        for anchor in ["#rationale", "#critical_public_protection"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{l}: {anchor}"
            );
        }
        let done = co
            .post_form(
                &action,
                &[
                    ("csrf_token", &csrf),
                    ("level", "LEVEL_2"),
                    (
                        "rationale",
                        "High RoSH to a known adult; meetings add value.",
                    ),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{l}: {}", done.body);
        let page = co.get(&base).await;
        assert!(page.body.contains("Managed under MAPPA"), "{l}");
        assert!(page.body.contains("review-form"), "{l}");

        // A partner with no relationship is refused the page.
        let mut housing = t.client();
        housing.sign_in("housing.one").await;
        let refused = housing.get(&base).await;
        assert!(refused.status.is_client_error(), "{l}: {}", refused.status);
        t.finish().await;
    }
}

#[tokio::test]
async fn the_training_clock_moves_only_in_the_demo_and_only_for_administrators() {
    for db in concord_testkit::databases().await {
        let training = concord_app::TrainingClock::new();
        let t = crate::client::TestWeb::seed_with(
            db,
            concord_app::AppSettings::default(),
            training.clock(),
        )
        .await;
        let l = t.label();
        t.add_staff("admin.one", "Hannah Webb", "PROB", "administrator")
            .await;
        // `concord serve` has no training clock: the page does not exist.
        let mut served = t.client();
        served.sign_in("admin.one").await;
        assert_eq!(
            served.get("/training-clock").await.status,
            StatusCode::NOT_FOUND,
            "{l}"
        );

        let demo = concord_web::router(
            t.app.clone(),
            concord_web::WebConfig {
                secure_cookies: true,
                training_clock: Some(training.clone()),
                hsts_max_age: None,
                trust_forwarded_for: false,
                ..Default::default()
            },
        );
        let mut admin = crate::client::Client::of(demo.clone());
        admin.sign_in("admin.one").await;
        let page = admin.get("/training-clock").await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        let csrf = page.csrf();
        let today = t.app.clock().today();
        for bad in ["", "seven", "0", "401"] {
            let refused = admin
                .post_form("/training-clock", &[("csrf_token", &csrf), ("days", bad)])
                .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{l}: {bad:?}"
            );
            assert!(refused.body.contains("href=\"#days\""), "{l}: {bad:?}");
        }
        assert_eq!(training.days_moved(), 0, "{l}");
        let moved = admin
            .post_form("/training-clock", &[("csrf_token", &csrf), ("days", "30")])
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(training.days_moved(), 30, "{l}");
        assert_eq!(
            t.app.clock().today(),
            today + chrono::Duration::days(30),
            "{l}"
        );

        // Kept in the database: the demo started again resumes 30 days ahead.
        let restarted = concord_app::TrainingClock::new();
        let resumed = t.app.accounts().resume_training_clock(&restarted).await;
        assert_eq!(resumed.unwrap(), 30, "{l}");
        assert_eq!(restarted.days_moved(), 30, "{l}");

        // Anyone else is refused, and the clock stays where it is.
        let mut om = crate::client::Client::of(demo);
        om.sign_in("om.one").await;
        let page = om.get("/training-clock").await;
        let refused = om
            .post_form(
                "/training-clock",
                &[("csrf_token", &page.csrf()), ("days", "5")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{l}");
        assert_eq!(training.days_moved(), 30, "{l}");
        t.finish().await;
    }
}

use chrono::Duration;
use concord_app::AppError;

use crate::support::*;

#[tokio::test]
async fn signing_in_opens_a_session_that_gives_back_the_actor_and_csrf_token() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let start = w
            .app
            .accounts()
            .sign_in("om.jones", PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(start.token.len(), 64, "{}", t.label);
        assert_ne!(start.token, start.csrf_token, "{}", t.label);
        assert_eq!(
            start.expires_at,
            now() + Duration::minutes(30),
            "{}",
            t.label
        );

        let session = w
            .app
            .accounts()
            .session(&start.token)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{}: no session", t.label));
        assert_eq!(session.actor, w.om, "{}", t.label);
        assert_eq!(session.csrf_token, start.csrf_token, "{}", t.label);
        assert_eq!(session.username, "om.jones", "{}", t.label);
        assert_eq!(session.display_name, "Olivia Jones", "{}", t.label);
        assert_eq!(session.agency_name, "Essex Probation", "{}", t.label);
        assert!(
            session.actor.has(concord_authz::Permission::PersonSearch),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_username_is_matched_whatever_its_case_and_surrounding_spaces() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let start = w
            .app
            .accounts()
            .sign_in("  OM.Jones ", PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let session = w
            .app
            .accounts()
            .session(&start.token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.actor, w.om, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let wrong = w
            .app
            .accounts()
            .sign_in("om.jones", "orange kettle harbor")
            .await
            .unwrap_err();
        let unknown = w
            .app
            .accounts()
            .sign_in("om.nobody", PASSWORD)
            .await
            .unwrap_err();
        for err in [&wrong, &unknown] {
            assert!(
                matches!(err, AppError::Unauthenticated),
                "{}: {err:?}",
                t.label
            );
            assert_eq!(
                (err.status(), err.code()),
                (401, "unauthenticated"),
                "{}",
                t.label
            );
        }
        assert_eq!(wrong.to_string(), unknown.to_string(), "{}", t.label);
        let empty = w.app.accounts().sign_in("om.jones", "").await.unwrap_err();
        assert!(
            matches!(empty, AppError::Unauthenticated),
            "{}: {empty:?}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn five_failures_from_one_address_slow_that_address_and_never_lock_the_owner_out() {
    const GUESSER: &str = "203.0.113.9";
    const OWNER_DESK: &str = "198.51.100.7";
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        for attempt in 1..=5 {
            let err = w
                .app
                .accounts()
                .sign_in_from("om.jones", "not the password at all", GUESSER)
                .await
                .unwrap_err();
            assert!(
                matches!(err, AppError::Unauthenticated),
                "{}: attempt {attempt}: {err:?}",
                t.label
            );
        }
        // From the guesser's address even the right password must wait…
        let err = w
            .app
            .accounts()
            .sign_in_from("om.jones", PASSWORD, GUESSER)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Throttled), "{}: {err:?}", t.label);
        assert_eq!(
            (err.status(), err.code()),
            (429, "too_many_attempts"),
            "{}",
            t.label
        );
        // …while the owner at her own desk signs in: an outsider cannot lock her out.
        w.app
            .accounts()
            .sign_in_from("om.jones", PASSWORD, OWNER_DESK)
            .await
            .unwrap_or_else(|e| panic!("{}: the owner is locked out: {e}", t.label));

        // Every failure and the refusal are in the audit chain, the account named.
        let refused: Vec<(Option<uuid::Uuid>, String)> = audit_trail(&t.db)
            .await
            .into_iter()
            .filter(|e| e.outcome == "denied" && e.reason.starts_with("sign-in"))
            .map(|e| (e.actor_user_id, e.reason))
            .collect();
        assert_eq!(refused.len(), 6, "{}: {refused:?}", t.label);
        assert!(
            refused
                .iter()
                .all(|(actor, _)| *actor == Some(w.om.user_id.0)),
            "{}: every refusal names the account",
            t.label
        );
        assert!(refused[5].1.contains("too many failures"), "{}", t.label);

        // The wait is a back-off, not a lock: a second later the guesser's address may
        // try again, and each further failure doubles the wait.
        clock.advance(Duration::seconds(1));
        assert!(matches!(
            w.app
                .accounts()
                .sign_in_from("om.jones", "still not it", GUESSER)
                .await,
            Err(AppError::Unauthenticated)
        ));
        assert!(matches!(
            w.app
                .accounts()
                .sign_in_from("om.jones", PASSWORD, GUESSER)
                .await,
            Err(AppError::Throttled)
        ));
        clock.advance(Duration::seconds(2));
        w.app
            .accounts()
            .sign_in_from("om.jones", PASSWORD, GUESSER)
            .await
            .unwrap_or_else(|e| panic!("{}: still refused after the back-off: {e}", t.label));
        t.finish().await;
    }
}

#[tokio::test]
async fn guessing_at_an_unknown_username_is_throttled_the_same_way() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        for _ in 0..5 {
            assert!(matches!(
                w.app
                    .accounts()
                    .sign_in("no.such.user", "guess guess guess")
                    .await,
                Err(AppError::Unauthenticated)
            ));
        }
        let err = w
            .app
            .accounts()
            .sign_in("no.such.user", "guess guess guess")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Throttled), "{}: {err:?}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes_and_each_request_extends_it() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let start = w
            .app
            .accounts()
            .sign_in("om.jones", PASSWORD)
            .await
            .unwrap();

        clock.advance(Duration::minutes(20));
        assert!(
            w.app
                .accounts()
                .session(&start.token)
                .await
                .unwrap()
                .is_some(),
            "{}: live at 20 minutes",
            t.label
        );
        // 40 minutes after sign-in, but only 20 after the last request.
        clock.advance(Duration::minutes(20));
        assert!(
            w.app
                .accounts()
                .session(&start.token)
                .await
                .unwrap()
                .is_some(),
            "{}: the last request extended it",
            t.label
        );
        clock.advance(Duration::minutes(30));
        assert!(
            w.app
                .accounts()
                .session(&start.token)
                .await
                .unwrap()
                .is_none(),
            "{}: idle for 30 minutes",
            t.label
        );
        // Expired sessions are gone, not merely hidden.
        clock.advance(Duration::minutes(-25));
        assert!(
            w.app
                .accounts()
                .session(&start.token)
                .await
                .unwrap()
                .is_none(),
            "{}: expired session came back",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_session_ends_after_twelve_hours_however_busy_its_user() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let start = w
            .app
            .accounts()
            .sign_in("ppo.khan", PASSWORD)
            .await
            .unwrap();
        // A request every 20 minutes keeps it from going idle…
        for step in 1..36 {
            clock.advance(Duration::minutes(20));
            assert!(
                w.app
                    .accounts()
                    .session(&start.token)
                    .await
                    .unwrap()
                    .is_some(),
                "{}: ended early at step {step}",
                t.label
            );
        }
        // …but not beyond twelve hours.
        clock.advance(Duration::minutes(20));
        assert!(
            w.app
                .accounts()
                .session(&start.token)
                .await
                .unwrap()
                .is_none(),
            "{}: outlived its absolute lifetime",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_and_only_that_session() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let first = w
            .app
            .accounts()
            .sign_in("om.jones", PASSWORD)
            .await
            .unwrap();
        let second = w
            .app
            .accounts()
            .sign_in("om.jones", PASSWORD)
            .await
            .unwrap();
        assert_ne!(first.token, second.token, "{}", t.label);
        w.app.accounts().sign_out(&first.token).await.unwrap();
        assert!(
            w.app
                .accounts()
                .session(&first.token)
                .await
                .unwrap()
                .is_none(),
            "{}",
            t.label
        );
        assert!(
            w.app
                .accounts()
                .session(&second.token)
                .await
                .unwrap()
                .is_some(),
            "{}",
            t.label
        );
        // Signing out twice, or with a made-up token, is harmless.
        w.app.accounts().sign_out(&first.token).await.unwrap();
        assert!(
            w.app
                .accounts()
                .session("not-a-token")
                .await
                .unwrap()
                .is_none(),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

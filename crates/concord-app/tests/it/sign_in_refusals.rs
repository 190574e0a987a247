//! Refused sign-ins (issue 16): each is a denied event in the audit chain, naming the
//! account when it exists and never the text typed as a username when it does not; and
//! the throttle holds when guesses arrive at once, now that the slow password check runs
//! outside the transaction that counts them.

use concord_app::AppError;
use concord_store::Db;

use crate::support::*;

/// The denied sign-in events: (actor, reason, detail as text).
async fn refused_sign_ins(db: &Db) -> Vec<(Option<uuid::Uuid>, String, String)> {
    concord_store::audit::seal(db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT actor_user_id, reason, CAST(detail AS TEXT) FROM audit_event
               WHERE outcome = 'denied' AND resource_type = 'session' ORDER BY seq";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .expect("read the audit trail")
}

#[tokio::test]
async fn a_refused_sign_in_is_audited_with_the_account_or_a_digest_never_the_typed_name() {
    // Someone types a colleague's full name, then a password into the username box.
    const TYPED_NAME: &str = "margaret.thornbury";
    const TYPED_PASSWORD: &str = "orange-kettle-harbour-77";
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        for typed in [TYPED_NAME, TYPED_PASSWORD, TYPED_NAME] {
            assert!(matches!(
                w.app
                    .accounts()
                    .sign_in_from(typed, "a wrong guess", "192.0.2.1")
                    .await,
                Err(AppError::Unauthenticated)
            ));
        }
        assert!(matches!(
            w.app
                .accounts()
                .sign_in_from("om.jones", "a wrong guess", "192.0.2.1")
                .await,
            Err(AppError::Unauthenticated)
        ));

        let refused = refused_sign_ins(&t.db).await;
        assert_eq!(refused.len(), 4, "{}: {refused:?}", t.label);
        for (_, reason, detail) in &refused {
            let text = format!("{reason} {detail}");
            assert!(
                !text.contains("thornbury") && !text.contains("kettle"),
                "{}: the typed username is in the audit chain: {text}",
                t.label
            );
            assert!(text.contains("192.0.2.1"), "{}: no source: {text}", t.label);
        }
        // No account: no actor, a digest that is the same for the same typed name (so
        // repeated guesses at one name can be counted) and differs for another.
        let digest = |d: &str| {
            serde_json::from_str::<serde_json::Value>(d).unwrap()["unknown_username_digest"]
                .as_str()
                .map(str::to_string)
        };
        assert!(refused[..3].iter().all(|(actor, ..)| actor.is_none()));
        let digests: Vec<_> = refused[..3].iter().map(|(.., d)| digest(d)).collect();
        assert!(digests[0].is_some(), "{}: {refused:?}", t.label);
        assert_eq!(digests[0], digests[2], "{}", t.label);
        assert_ne!(digests[0], digests[1], "{}", t.label);
        // An account: it is the actor, and no digest is needed.
        assert_eq!(refused[3].0, Some(w.om.user_id.0), "{}", t.label);
        assert_eq!(digest(&refused[3].2), None, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn guesses_sent_at_once_from_one_address_each_count_against_the_next() {
    const GUESSER: &str = "203.0.113.9";
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut guesses = tokio::task::JoinSet::new();
        for i in 0..12 {
            let app = w.app.clone();
            guesses.spawn(async move {
                app.accounts()
                    .sign_in_from("om.jones", &format!("wrong guess {i}"), GUESSER)
                    .await
            });
        }
        let (mut checked, mut slowed) = (0, 0);
        while let Some(result) = guesses.join_next().await {
            match result.expect("the guess ran") {
                Err(AppError::Unauthenticated) => checked += 1,
                Err(AppError::Throttled) => slowed += 1,
                other => panic!("{}: {other:?}", t.label),
            }
        }
        // max_failed_sign_ins is 5 (AppSettings::default): only five passwords were
        // checked, however the twelve requests interleaved.
        assert_eq!((checked, slowed), (5, 7), "{}", t.label);
        // The owner, elsewhere, is not slowed by it.
        w.app
            .accounts()
            .sign_in_from("om.jones", PASSWORD, "198.51.100.7")
            .await
            .unwrap_or_else(|e| panic!("{}: the owner is kept out: {e}", t.label));
        t.finish().await;
    }
}

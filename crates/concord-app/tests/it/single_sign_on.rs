//! Single sign-on (issue 25): what the app does with an identity a provider vouched for.
//! A first sign-in makes an inactive account that only an administrator activates; the
//! provider's groups set the roles at every sign-in; no role, no session; each step is
//! audited. (The protocol itself is tested in the browser journey against a real
//! OpenID Connect provider.)

use concord_app::{AppError, SsoIdentity, SsoSignIn};

use crate::support::*;

fn priya(roles: &[&str]) -> SsoIdentity {
    SsoIdentity {
        provider: "essex-police".into(),
        issuer: "https://login.example/essex/v2.0".into(),
        subject: "00u1-priya".into(),
        username_hint: Some("Priya.Shah@essex.police.example".into()),
        display_name: Some("Priya Shah".into()),
        email: Some("priya.shah@essex.police.example".into()),
        agency_code: "POL".into(),
        roles: roles.iter().map(ToString::to_string).collect(),
        id_token: "header.payload.signature".into(),
        sid: Some("sid-1".into()),
    }
}

async fn reasons(w: &World) -> Vec<String> {
    audit_trail(w.app.db())
        .await
        .into_iter()
        .map(|e| format!("{} {}", e.outcome, e.reason))
        .collect()
}

#[tokio::test]
async fn a_first_single_sign_on_waits_for_an_administrator_then_signs_in_with_the_groups_roles() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let admin = add_staff(&w, "admin.webb", "Hannah Webb", "SMB", "administrator").await;
        let accounts = w.app.accounts();

        // First sign-in: an account is made, inactive; no session.
        let first = accounts
            .sign_in_single_sign_on(&priya(&["public_protection_officer"]), "192.0.2.7")
            .await
            .unwrap();
        assert!(
            matches!(first, SsoSignIn::AwaitingActivation { created: true }),
            "{}: {first:?}",
            t.label
        );
        let again = accounts
            .sign_in_single_sign_on(&priya(&["public_protection_officer"]), "192.0.2.7")
            .await
            .unwrap();
        assert!(
            matches!(again, SsoSignIn::AwaitingActivation { created: false }),
            "{}",
            t.label
        );

        // Only an administrator sees and activates it; the offender manager is refused.
        assert!(
            matches!(
                accounts.waiting_accounts(&w.om).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        let waiting = accounts.waiting_accounts(&admin).await.unwrap();
        assert_eq!(waiting.len(), 1, "{}", t.label);
        assert_eq!(waiting[0].username, "priya.shah", "{}", t.label);
        assert_eq!(waiting[0].display_name, "Priya Shah", "{}", t.label);
        assert_eq!(waiting[0].agency_code, "POL", "{}", t.label);
        assert_eq!(
            waiting[0].roles,
            ["public_protection_officer"],
            "{}",
            t.label
        );
        assert!(matches!(
            accounts.activate_account(Some(&w.om), "priya.shah").await,
            Err(AppError::Denied { .. })
        ));
        accounts
            .activate_account(Some(&admin), "priya.shah")
            .await
            .unwrap();
        assert!(
            accounts.waiting_accounts(&admin).await.unwrap().is_empty(),
            "{}",
            t.label
        );
        let twice = accounts.activate_account(Some(&admin), "priya.shah").await;
        assert_eq!(
            field_codes(&twice.unwrap_err()),
            [("username".to_string(), "already_active")]
        );

        // Now a session, with the roles and agency the provider's groups give.
        let SsoSignIn::SignedIn(start) = accounts
            .sign_in_single_sign_on(
                &priya(&["public_protection_officer", "iom_officer"]),
                "192.0.2.7",
            )
            .await
            .unwrap()
        else {
            panic!("{}: an activated account should sign in", t.label);
        };
        let session = accounts
            .session(&start.token)
            .await
            .unwrap()
            .expect("a live session");
        assert_eq!(session.username, "priya.shah");
        assert_eq!(
            session.actor.roles,
            ["iom_officer", "public_protection_officer"],
            "{}",
            t.label
        );
        assert_eq!(
            session.actor.agency_kind,
            concord_domain::AgencyKind::Police
        );
        let provider = accounts
            .session_provider(&start.token)
            .await
            .unwrap()
            .expect("the session's provider");
        assert_eq!(provider.sso_provider, "essex-police");
        assert_eq!(provider.sso_id_token, "header.payload.signature");

        // A second session from another sign-in at the provider (another sid).
        let mut elsewhere = priya(&["public_protection_officer", "iom_officer"]);
        elsewhere.sid = Some("sid-2".into());
        let SsoSignIn::SignedIn(other) = accounts
            .sign_in_single_sign_on(&elsewhere, "192.0.2.9")
            .await
            .unwrap()
        else {
            panic!("{}: a second session", t.label);
        };
        // The provider's back-channel logout of sid-1 ends that session only.
        assert_eq!(
            accounts
                .end_provider_sessions("essex-police", "00u1-priya", Some("sid-1"))
                .await
                .unwrap(),
            1
        );
        assert!(
            accounts.session(&start.token).await.unwrap().is_none(),
            "{}",
            t.label
        );
        assert!(
            accounts.session(&other.token).await.unwrap().is_some(),
            "{}",
            t.label
        );
        // Another provider's word, or another subject's, ends nothing.
        assert_eq!(
            accounts
                .end_provider_sessions("other-force", "00u1-priya", None)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            accounts
                .end_provider_sessions("essex-police", "someone-else", None)
                .await
                .unwrap(),
            0
        );
        // Without a sid, every session of the subject from that provider.
        assert_eq!(
            accounts
                .end_provider_sessions("essex-police", "00u1-priya", None)
                .await
                .unwrap(),
            1
        );
        assert!(
            accounts.session(&other.token).await.unwrap().is_none(),
            "{}",
            t.label
        );

        // The account has no password: it cannot sign in any other way.
        assert!(matches!(
            accounts.sign_in("priya.shah", "!single-sign-on").await,
            Err(AppError::Unauthenticated)
        ));

        // Leaving every mapped group at the provider: roles gone, no session.
        let none = accounts
            .sign_in_single_sign_on(&priya(&[]), "192.0.2.7")
            .await
            .unwrap();
        assert!(matches!(none, SsoSignIn::NoRole), "{}", t.label);

        let trail = reasons(&w).await;
        for expected in [
            "allowed account made at its first single sign-on; waiting for an administrator to activate it",
            "denied single sign-on refused: the account is not active",
            "denied only administrators manage accounts",
            "allowed activated the account priya.shah",
            "allowed roles set from the provider's groups at single sign-on",
            "denied single sign-on refused: the provider's groups give no Concord role",
            "allowed signed out by the single sign-on provider (back-channel logout)",
        ] {
            assert!(trail.iter().any(|r| r == expected), "{}: no audit event {expected:?} in {trail:#?}", t.label);
        }
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_provider_identity_in_no_mapped_group_makes_no_account_and_names_clash_safely() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let accounts = w.app.accounts();
        let outcome = accounts
            .sign_in_single_sign_on(&priya(&[]), "192.0.2.8")
            .await
            .unwrap();
        assert!(matches!(outcome, SsoSignIn::NoRole), "{}", t.label);
        assert!(
            !accounts
                .users()
                .await
                .unwrap()
                .iter()
                .any(|u| u.username.starts_with("priya")),
            "{}",
            t.label
        );

        // A second person whose provider username is taken gets the next free name; a
        // subject is an identity only within its issuer.
        let mut other = priya(&["public_protection_officer"]);
        other.username_hint = Some("ppo.khan".into());
        other.subject = "00u2-other".into();
        accounts
            .sign_in_single_sign_on(&other, "192.0.2.8")
            .await
            .unwrap();
        let mut elsewhere = other.clone();
        elsewhere.issuer = "https://another-force.example".into();
        accounts
            .sign_in_single_sign_on(&elsewhere, "192.0.2.8")
            .await
            .unwrap();
        let names: Vec<String> = accounts
            .users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert!(
            names.contains(&"ppo.khan-2".to_string()) && names.contains(&"ppo.khan-3".to_string()),
            "{}: {names:?}",
            t.label
        );

        // A mapping to a role that does not exist is a configuration error, not a session.
        let bad = accounts
            .sign_in_single_sign_on(&priya(&["chief_constable"]), "192.0.2.8")
            .await;
        assert!(matches!(bad, Err(AppError::Internal(_))), "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_sign_in_sent_to_a_provider_is_taken_once_and_expires() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let accounts = w.app.accounts();
        accounts
            .begin_single_sign_on("essex-police", "state-1", "nonce-1", "verifier-1", "/cases")
            .await
            .unwrap();
        assert!(accounts
            .take_single_sign_on("state-2")
            .await
            .unwrap()
            .is_none());
        let taken = accounts
            .take_single_sign_on("state-1")
            .await
            .unwrap()
            .expect("the attempt");
        assert_eq!(
            (
                taken.provider.as_str(),
                taken.nonce.as_str(),
                taken.pkce_verifier.as_str()
            ),
            ("essex-police", "nonce-1", "verifier-1")
        );
        assert_eq!(taken.return_to, "/cases");
        // A replayed callback finds nothing.
        assert!(
            accounts
                .take_single_sign_on("state-1")
                .await
                .unwrap()
                .is_none(),
            "{}",
            t.label
        );
        t.finish().await;
    }
    // Ten minutes later the attempt is gone.
    for t in concord_testkit::databases().await {
        let minutes = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
        let moved = minutes.clone();
        let clock = concord_app::Clock::from_fn(move || {
            now() + chrono::Duration::minutes(moved.load(std::sync::atomic::Ordering::SeqCst))
        });
        let w = world_with_clock(&t, clock).await;
        let accounts = w.app.accounts();
        accounts
            .begin_single_sign_on("essex-police", "state-old", "n", "v", "/cases")
            .await
            .unwrap();
        minutes.store(11, std::sync::atomic::Ordering::SeqCst);
        assert!(
            accounts
                .take_single_sign_on("state-old")
                .await
                .unwrap()
                .is_none(),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

use concord_app::{AppError, AppSettings, BlockedPasswords, Clock, NewUser};
use concord_domain::AgencyKind;

use crate::support::*;

fn probation_user(username: &str) -> NewUser {
    new_user(username, "Sam Taylor", "PRB", "offender_manager")
}

#[tokio::test]
async fn a_new_user_can_sign_in_with_their_roles_and_agency() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut u = probation_user("Sam.Taylor");
        u.roles = vec!["offender_manager".into(), "victim_liaison_officer".into()];
        u.email = Some("sam.taylor@probation.example".into());
        w.app
            .accounts()
            .add_user(u)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let users = w.app.accounts().users().await.unwrap();
        let sam = users
            .iter()
            .find(|u| u.username == "sam.taylor")
            .unwrap_or_else(|| panic!("{}: username not lowercased: {users:?}", t.label));
        assert_eq!(sam.agency_code, "PRB", "{}", t.label);
        assert_eq!(
            sam.roles,
            ["offender_manager", "victim_liaison_officer"],
            "{}",
            t.label
        );
        let start = w
            .app
            .accounts()
            .sign_in("sam.taylor", PASSWORD)
            .await
            .unwrap();
        let actor = w
            .app
            .accounts()
            .session(&start.token)
            .await
            .unwrap()
            .unwrap()
            .actor;
        assert_eq!(actor.agency_kind, AgencyKind::Probation, "{}", t.label);
        assert_eq!(
            actor.roles,
            ["offender_manager", "victim_liaison_officer"],
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn weak_passwords_are_refused_naming_the_password_field() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        for (password, code) in [
            ("short", "password_too_short"),
            ("password1234567", "password_common"),
            ("aaaaaaaaaaaaaaaa", "password_repetitive"),
            ("sam.taylor rides again", "password_contains_username"),
        ] {
            let mut u = probation_user("sam.taylor");
            u.password = password.into();
            let err = w.app.accounts().add_user(u).await.unwrap_err();
            let codes = field_codes(&err);
            assert!(
                codes.contains(&("password".into(), code)),
                "{}: {password:?} gave {codes:?}",
                t.label
            );
            assert_eq!(err.status(), 422, "{}", t.label);
        }
        assert!(
            w.app
                .accounts()
                .users()
                .await
                .unwrap()
                .iter()
                .all(|u| u.username != "sam.taylor"),
            "{}: a refused user was saved",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn every_problem_with_a_new_user_is_reported_at_once() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let err = w
            .app
            .accounts()
            .add_user(NewUser {
                username: "x".into(),
                display_name: " ".into(),
                email: None,
                password: "short".into(),
                agency_code: "NOPE".into(),
                team_name: None,
                roles: vec!["offender_manager".into(), "wizard".into()],
            })
            .await
            .unwrap_err();
        let codes = field_codes(&err);
        for expected in [
            ("username", "username_format"),
            ("display_name", "required"),
            ("password", "password_too_short"),
            ("agency", "agency_unknown"),
            ("roles", "role_unknown"),
        ] {
            assert!(
                codes.contains(&(expected.0.into(), expected.1)),
                "{}: {expected:?} missing from {codes:?}",
                t.label
            );
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn unknown_roles_agencies_and_teams_are_field_errors() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut u = probation_user("sam.taylor");
        u.roles = vec!["wizard".into()];
        assert_eq!(
            field_codes(&w.app.accounts().add_user(u).await.unwrap_err()),
            [("roles".into(), "role_unknown")],
            "{}",
            t.label
        );

        let mut u = probation_user("sam.taylor");
        u.roles = vec![];
        assert_eq!(
            field_codes(&w.app.accounts().add_user(u).await.unwrap_err()),
            [("roles".into(), "roles_required")],
            "{}",
            t.label
        );

        let mut u = probation_user("sam.taylor");
        u.agency_code = "XXX".into();
        assert_eq!(
            field_codes(&w.app.accounts().add_user(u).await.unwrap_err()),
            [("agency".into(), "agency_unknown")],
            "{}",
            t.label
        );

        let mut u = probation_user("sam.taylor");
        u.team_name = Some("Nowhere Team".into());
        assert_eq!(
            field_codes(&w.app.accounts().add_user(u).await.unwrap_err()),
            [("team".into(), "team_unknown")],
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_username_already_taken_is_a_duplicate_whatever_its_case() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        for taken in ["om.jones", "OM.JONES"] {
            let err = w
                .app
                .accounts()
                .add_user(probation_user(taken))
                .await
                .unwrap_err();
            assert!(
                matches!(&err, AppError::Duplicate(msg) if msg.contains("om.jones")),
                "{}: {err:?}",
                t.label
            );
            assert_eq!(
                (err.status(), err.code()),
                (409, "already_exists"),
                "{}",
                t.label
            );
        }
        // The original account is untouched.
        let session = w
            .app
            .accounts()
            .sign_in("om.jones", PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            w.app
                .accounts()
                .session(&session.token)
                .await
                .unwrap()
                .unwrap()
                .display_name,
            "Olivia Jones",
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn agencies_are_listed_and_their_codes_are_unique() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let agencies = w.app.accounts().agencies().await.unwrap();
        let names: Vec<&str> = agencies.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Chelmsford Housing",
                "Essex MAPPA Board",
                "Essex Police",
                "Essex Probation"
            ],
            "{}",
            t.label
        );
        let err = w
            .app
            .accounts()
            .add_agency("POL", "Another Police", AgencyKind::Police, "Kent")
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Duplicate(_)),
            "{}: {err:?}",
            t.label
        );
        t.finish().await;
    }
}

/// Issue 25 item 7: an operator's list of common passwords (the NCSC's top 100,000, one a
/// line) is refused for new accounts, with the same answer as the built-in list.
#[tokio::test]
async fn a_password_on_the_operators_blocked_list_is_refused() {
    let t = concord_testkit::sqlite().await;
    let settings = AppSettings {
        blocked_passwords: BlockedPasswords::from_lines("liverpoolfc\nmanchesterunited\n"),
        ..AppSettings::default()
    };
    let w = world_with(&t, Clock::fixed(now()), settings).await;
    let mut u = probation_user("sam.taylor");
    u.password = "ManchesterUnited99!".into();
    let codes = field_codes(&w.app.accounts().add_user(u).await.unwrap_err());
    assert_eq!(codes, vec![("password".to_string(), "password_common")]);
    let mut u = probation_user("sam.taylor");
    u.password = "orange kettle harbour".into();
    w.app.accounts().add_user(u).await.unwrap();
    t.finish().await;
}

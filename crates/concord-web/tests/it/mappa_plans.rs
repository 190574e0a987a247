//! MAPPA plan pages: a plan written under the four pillars with each blank part named,
//! kept in versions and printed with the marking; actions refused without an owner or due
//! date, closed by their partner owner with evidence, shown overdue in red on the actions
//! page and the owner's caseload; victim measures only for the victim liaison officer.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use chrono::Duration;
use concord_app::{AppSettings, Clock};

use crate::client::{now, TestWeb};

fn mr_d() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Darren", "middle_names": "", "family_name": "Dolby", "date_of_birth": "1979-05-14", "gender": "male"},
        "sentences": [{"kind": "custody", "description": "4 years", "start_date": "2024-10-01", "release_date": "2026-10-01", "licence_end_date": "2028-10-01", "end_date": "2028-10-01"}]
    })
}

const PARTS: [(&str, &str); 6] = [
    (
        "risks",
        "Violence to a new partner when the relationship fails",
    ),
    ("supervision", "Weekly appointments; joint home visits"),
    ("monitoring_and_control", "Police intelligence checks"),
    (
        "interventions_and_treatment",
        "Building Better Relationships",
    ),
    ("victim_safety_planning", "VLO contact; alarm reviewed"),
    (
        "contingency",
        "If he contacts her: recall considered the same day",
    ),
];

fn action_id(body: &str) -> String {
    body.split("/mappa/actions/")
        .nth(1)
        .and_then(|rest| rest.split(['"', '/', '?']).next())
        .unwrap_or_default()
        .to_string()
}

async fn user(t: &TestWeb, username: &str, name: &str, role: &str) {
    let agency = if role == "partner_caseworker" {
        "HOUS"
    } else {
        "PROB"
    };
    t.add_staff(username, name, agency, role).await;
}

#[tokio::test]
async fn a_plan_is_versioned_and_printed_and_its_actions_are_tracked_to_completion() {
    for db in concord_testkit::databases().await {
        let at = Arc::new(Mutex::new(now()));
        let moved = at.clone();
        let clock = Clock::from_fn(move || *moved.lock().unwrap());
        let t = TestWeb::seed_with(db, AppSettings::default(), clock).await;
        let person = t.person(mr_d()).await;
        let base = format!("/persons/{person}/mappa");
        let mut c = t.client();
        c.sign_in("om.one").await;

        // No plan yet, no licence: both said.
        let page = c.get(&format!("{base}/plan")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        assert!(
            page.body.contains("No plan has been written yet"),
            "{}",
            t.label()
        );
        assert!(page.body.contains("No licence"), "{}", t.label());
        assert!(
            page.body.contains(">MAPPA plan</a>"),
            "{}: sub-navigation",
            t.label()
        );
        assert!(
            page.body.contains("never a victim"),
            "{}: the victim safety hint",
            t.label()
        );
        let csrf = page.csrf();

        // Every blank part is named; nothing saved.
        let refused = c
            .post_form(
                &format!("{base}/plan"),
                &[("csrf_token", &csrf), ("risks", "Some")],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for (field, _) in &PARTS[1..] {
            assert!(
                refused.body.contains(&format!("href=\"#{field}\"")),
                "{}: {field}",
                t.label()
            );
        }
        assert!(!refused.body.contains("href=\"#risks\""), "{}", t.label());

        // Two saves, two versions.
        for version in ["first", "second"] {
            let mut fields: Vec<(&str, String)> = PARTS
                .iter()
                .map(|(k, v)| (*k, format!("{v} ({version})")))
                .collect();
            fields.push(("csrf_token", csrf.clone()));
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let saved = c.post_form(&format!("{base}/plan"), &pairs).await;
            assert_eq!(
                saved.status,
                StatusCode::SEE_OTHER,
                "{}: {}",
                t.label(),
                saved.body
            );
        }
        let page = c.get(&format!("{base}/plan")).await;
        assert!(page.body.contains("Version 2 (current)"), "{}", t.label());
        assert!(
            page.body.contains("Version 1 (superseded)"),
            "{}",
            t.label()
        );
        assert!(
            page.body.contains("Building Better Relationships (first)"),
            "{}",
            t.label()
        );

        // The print view: the current version, marked on every printed page.
        let print = c.get(&format!("{base}/plan/print")).await;
        assert_eq!(print.status, StatusCode::OK, "{}", t.label());
        assert!(
            print.body.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "{}",
            t.label()
        );
        assert!(print.body.contains("Contingency plans"), "{}", t.label());
        assert!(
            print
                .body
                .contains("recall considered the same day (second)"),
            "{}",
            t.label()
        );

        // Actions: without owner or due date, refused with both named.
        let page = c.get(&format!("{base}/actions")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        let refused = c
            .post_form(
                &format!("{base}/actions"),
                &[
                    ("csrf_token", &csrf),
                    ("pillar", "SUPERVISION"),
                    ("description", "Home visit"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for anchor in ["#owner", "#due_on"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{}: {anchor}",
                t.label()
            );
        }
        assert!(
            refused.body.contains("No actions recorded"),
            "{}: nothing saved",
            t.label()
        );

        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        let housing = t
            .app
            .accounts()
            .actor_for_username("housing.one")
            .await
            .unwrap();
        for (pillar, what, owner, due) in [
            (
                "SUPERVISION",
                "Find move-on accommodation",
                housing.user_id.0.to_string(),
                "30/11/2026",
            ),
            (
                "VICTIM_SAFETY",
                "Refer the victim to the VLO scheme",
                om.user_id.0.to_string(),
                "23/11/2026",
            ),
        ] {
            let added = c
                .post_form(
                    &format!("{base}/actions"),
                    &[
                        ("csrf_token", &csrf),
                        ("pillar", pillar),
                        ("description", what),
                        ("owner", &owner),
                        ("due_on", due),
                    ],
                )
                .await;
            assert_eq!(
                added.status,
                StatusCode::SEE_OTHER,
                "{}: {}",
                t.label(),
                added.body
            );
        }
        let cases = c.get("/cases").await;
        assert!(cases.body.contains("Your MAPPA actions"), "{}", t.label());
        assert!(
            cases.body.contains("Refer the victim to the VLO scheme"),
            "{}",
            t.label()
        );
        assert!(!cases.body.contains("Overdue"), "{}: due today", t.label());

        // The housing caseworker owns one: invited to the panel, they close it with
        // evidence, and only the status and evidence are theirs to change.
        t.app
            .sharing()
            .invite_to_panel(
                &om,
                person,
                housing.user_id,
                "MAPP meeting, Chelmsford",
                now() + Duration::days(30),
            )
            .await
            .unwrap();
        let mut h = t.client();
        h.sign_in("housing.one").await;
        let list = h.get(&format!("{base}/actions")).await;
        assert_eq!(list.status, StatusCode::OK, "{}", t.label());
        let id = action_id(&list.body);
        assert!(
            !id.is_empty(),
            "{}: an update link for the owner only",
            t.label()
        );
        assert_eq!(
            list.body.matches("/mappa/actions/").count(),
            1,
            "{}",
            t.label()
        );
        let form = h.get(&format!("{base}/actions/{id}")).await;
        assert_eq!(form.status, StatusCode::OK, "{}", t.label());
        assert!(
            !form.body.contains("id=\"pillar\""),
            "{}: status and evidence only",
            t.label()
        );
        let hcsrf = form.csrf();
        let refused = h
            .post_form(
                &format!("{base}/actions/{id}"),
                &[
                    ("csrf_token", &hcsrf),
                    ("version", "1"),
                    ("status", "DONE"),
                    ("evidence", ""),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(refused.body.contains("href=\"#evidence\""), "{}", t.label());
        let done = h
            .post_form(
                &format!("{base}/actions/{id}"),
                &[
                    ("csrf_token", &hcsrf),
                    ("version", "1"),
                    ("status", "DONE"),
                    ("evidence", "Tenancy signed at 4 Mill Road"),
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

        // Two days on, the offender manager's action is overdue, in red.
        *at.lock().unwrap() = now() + Duration::days(2);
        // The session has long expired by then: a new day, a new sign-in.
        let mut c = t.client();
        c.sign_in("om.one").await;
        let page = c.get(&format!("{base}/actions")).await;
        assert!(
            page.body.contains("govuk-tag--red\">Overdue"),
            "{}",
            t.label()
        );
        assert!(
            page.body.contains("Done on 23 November 2026"),
            "{}",
            t.label()
        );
        assert!(
            page.body.contains("Tenancy signed at 4 Mill Road"),
            "{}",
            t.label()
        );
        let cases = c.get("/cases").await;
        assert!(
            cases.body.contains("govuk-tag--red\">Overdue"),
            "{}",
            t.label()
        );

        // Someone with no part in the case sees nothing of it.
        let mut b = t.client();
        b.sign_in("board.one").await;
        let denied = b.get(&format!("{base}/plan")).await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn victim_measures_are_recorded_by_the_victim_liaison_officer_alone() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        user(&t, "vlo.one", "Bernadette Kelly", "victim_liaison_officer").await;
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

        let mut v = t.client();
        v.sign_in("vlo.one").await;
        let page = v.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        assert!(page.body.contains("No measures recorded"), "{}", t.label());
        let csrf = page.csrf();
        let refused = v
            .post_form(
                &format!("{base}/measures"),
                &[
                    ("csrf_token", &csrf),
                    ("measure", ""),
                    ("in_place_on", "1/12/2026"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for anchor in ["#measure", "#in_place_on"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{}: {anchor}",
                t.label()
            );
        }
        let saved = v
            .post_form(
                &format!("{base}/measures"),
                &[
                    ("csrf_token", &csrf),
                    ("measure", "Police alarm fitted"),
                    ("in_place_on", "20/11/2026"),
                    ("review_on", "20/2/2027"),
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
        assert!(page.body.contains("Police alarm fitted"), "{}", t.label());
        assert!(page.body.contains("20 February 2027"), "{}", t.label());

        // The offender manager holds the case, not the victim section.
        let mut c = t.client();
        c.sign_in("om.one").await;
        let plan = c.get(&format!("/persons/{person}/mappa/plan")).await;
        let ocsrf = plan.csrf();
        let denied = c
            .post_form(
                &format!("{base}/measures"),
                &[
                    ("csrf_token", &ocsrf),
                    ("measure", "Marker"),
                    ("in_place_on", "20/11/2026"),
                ],
            )
            .await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_plan_and_its_print_list_every_condition_of_the_approved_licence() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        user(&t, "spo.one", "Helen Marsh", "senior_probation_officer").await;
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
        let from = t
            .app
            .manage()
            .licences(&om, person)
            .await
            .unwrap()
            .from_sentence;
        t.app
            .manage()
            .create_licence(
                &om,
                person,
                &concord_app::LicenceForm {
                    type_code: "AP".into(),
                    release_date: from.release_date.clone(),
                    licence_end_date: from.licence_end_date.clone(),
                    ..concord_app::LicenceForm::default()
                },
            )
            .await
            .unwrap();
        for (who, action) in [
            (&om, concord_licence::LicenceAction::Submit),
            (&spo, concord_licence::LicenceAction::Approve),
        ] {
            let v = t.app.manage().licences(&om, person).await.unwrap().versions[0].clone();
            t.app
                .manage()
                .act_on_licence(who, person, v.id, v.version, action, "")
                .await
                .unwrap();
        }
        let conditions = t.app.manage().licences(&om, person).await.unwrap().versions[0]
            .conditions
            .len();
        assert!(conditions > 0, "{}", t.label());

        let base = format!("/persons/{person}/mappa/plan");
        let mut c = t.client();
        c.sign_in("om.one").await;
        let page = c.get(&base).await;
        assert!(
            page.body
                .contains("(approved, not yet active, ends 1 October 2028)"),
            "{}",
            t.label()
        );
        assert_eq!(
            page.body.matches("<li value=").count(),
            conditions,
            "{}: every condition",
            t.label()
        );
        let csrf = page.csrf();
        let mut fields: Vec<(&str, &str)> = PARTS.to_vec();
        fields.push(("csrf_token", &csrf));
        let saved = c.post_form(&base, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", t.label());
        let print = c.get(&format!("{base}/print")).await;
        assert!(
            print.body.contains("id=\"print-conditions\""),
            "{}",
            t.label()
        );
        assert_eq!(
            print.body.matches("<li value=").count(),
            conditions,
            "{}",
            t.label()
        );
        t.finish().await;
    }
}

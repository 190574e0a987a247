//! MAPP meetings in the browser: schedule (every bad field named), build the agenda,
//! invite, record attendance with the confidentiality statement, draft minutes in
//! versions, approval by the chair only, distribution and the print views.

use axum::http::StatusCode;
use concord_domain::PersonId;
use concord_store::Db;
use uuid::Uuid;

use crate::client::*;

async fn staff(t: &TestWeb, username: &str, name: &str, role: &str) {
    t.add_staff(username, name, "POL", role).await;
}

/// A level 2 MAPPA case whose review falls before the meeting.
async fn mappa_case(t: &TestWeb, person: PersonId) {
    let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
    let sql = "INSERT INTO mappa_record (id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, next_review_on, confirmed_by, created_at, updated_at)
               VALUES ($1, $2, 'Essex', 'CATEGORY_2', 'violent offence', 'LEVEL_2', $3, 'active', $4, $5, $6, $7, $7)";
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let review = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    macro_rules! q {
        () => {
            sqlx::query(sql)
                .bind(Uuid::now_v7())
                .bind(person.0)
                .bind(om.agency_id.0)
                .bind(from)
                .bind(review)
                .bind(om.user_id.0)
                .bind(now())
        };
    }
    match &t.db.db {
        Db::Sqlite(p) => q!().execute(p).await.map(|_| ()),
        Db::Postgres(p) => q!().execute(p).await.map(|_| ()),
    }
    .unwrap();
}

fn marked_twice(body: &str) -> bool {
    body.matches("OFFICIAL-SENSITIVE").count() >= 3
}

#[tokio::test]
async fn a_coordinator_runs_a_mapp_meeting_in_the_browser_and_only_the_chair_approves() {
    for t in TestWeb::all().await {
        let label = t.label();
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
        staff(
            &t,
            "mappa.coordinator",
            "Maya Coordinator",
            "mappa_coordinator",
        )
        .await;
        staff(&t, "mappa.chair", "Charles Chair", "mappa_chair").await;
        let person = t.person(alison_style_person()).await;
        mappa_case(&t, person).await;

        // Not for an offender manager: no link, and the page is refused.
        let mut om = t.client();
        om.sign_in("om.one").await;
        let cases = om.get("/cases").await;
        assert!(!cases.body.contains("href=\"/mappa/meetings\""), "{label}");
        assert_eq!(
            om.get("/mappa/meetings").await.status,
            StatusCode::FORBIDDEN,
            "{label}"
        );

        let mut c = t.client();
        c.sign_in("mappa.coordinator").await;
        let page = c.get("/mappa/meetings").await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.body.contains("href=\"/mappa/meetings\""),
            "{label}: nav link"
        );
        let csrf = page.csrf();
        let refused = c
            .post_form(
                "/mappa/meetings",
                &[
                    ("csrf_token", &csrf),
                    ("town", "Chelmsford"),
                    ("held_on", "1/11/2026"),
                    ("starts_at", "10:00"),
                    ("chair", "mappa.coordinator"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        for anchor in ["#held_on", "#chair"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{label}: {anchor}"
            );
        }
        let done = c
            .post_form(
                "/mappa/meetings",
                &[
                    ("csrf_token", &csrf),
                    ("town", "Chelmsford"),
                    // Today: a meeting is opened (and minuted) on its day.
                    ("held_on", "23/11/2026"),
                    ("starts_at", "10:00"),
                    ("chair", "mappa.chair"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let meeting = done.location().split('?').next().unwrap().to_string();
        let page = c.get(&meeting).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.body.contains("Freedom of Information Act 2000"),
            "{label}: MAPPA D shown"
        );
        assert!(page.body.contains("Charles Chair"));

        let built = c
            .post_form(&format!("{meeting}/agenda"), &[("csrf_token", &csrf)])
            .await;
        assert_eq!(built.status, StatusCode::SEE_OTHER, "{label}");
        let page = c.get(&meeting).await;
        assert!(
            page.body.contains("Daniel Downing") && page.body.contains("Review due"),
            "{label}"
        );
        let bad = c
            .post_form(
                &format!("{meeting}/agenda/add"),
                &[("csrf_token", &csrf), ("add_person", "not-an-id")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.body.contains("href=\"#add_person\""), "{label}");

        let p = person.0.to_string();
        let bad = c
            .post_form(
                &format!("{meeting}/invitations"),
                &[
                    ("csrf_token", &csrf),
                    ("person", &p),
                    ("username", "nobody"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.body.contains("href=\"#username\""), "{label}");
        let invited = c
            .post_form(
                &format!("{meeting}/invitations"),
                &[
                    ("csrf_token", &csrf),
                    ("person", &p),
                    ("username", "housing.one"),
                ],
            )
            .await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER, "{label}");

        let bad = c
            .post_form(
                &format!("{meeting}/attendance"),
                &[
                    ("csrf_token", &csrf),
                    ("attendee", "mappa.chair"),
                    ("attendance", "present"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.body.contains("href=\"#accepted\""), "{label}");
        let bad = c
            .post_form(&format!("{meeting}/open"), &[("csrf_token", &csrf)])
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: not open before the chair accepts"
        );
        for who in ["mappa.chair", "housing.one"] {
            let ok = c
                .post_form(
                    &format!("{meeting}/attendance"),
                    &[
                        ("csrf_token", &csrf),
                        ("attendee", who),
                        ("attendance", "present"),
                        ("accepted.yes", "yes"),
                    ],
                )
                .await;
            assert_eq!(ok.status, StatusCode::SEE_OTHER, "{label}: {who}");
        }
        let opened = c
            .post_form(&format!("{meeting}/open"), &[("csrf_token", &csrf)])
            .await;
        assert_eq!(opened.status, StatusCode::SEE_OTHER, "{label}");

        let minutes = format!("{meeting}/minutes/{p}");
        assert_eq!(c.get(&minutes).await.status, StatusCode::OK, "{label}");
        let blank = c
            .post_form(&minutes, &[("csrf_token", &csrf), ("reason", "Review")])
            .await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            blank.body.contains("href=\"#actions\"") && !blank.body.contains("href=\"#reason\""),
            "{label}"
        );
        let mut fields: Vec<(&str, &str)> = vec![("csrf_token", &csrf)];
        for (k, _, _) in concord_app::MINUTES_HEADINGS {
            fields.push((k, "Discussed and agreed"));
        }
        for _ in 0..2 {
            let saved = c.post_form(&minutes, &fields).await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{label}");
        }
        let page = c.get(&minutes).await;
        assert!(
            page.body.contains("Version 1") && page.body.contains("Version 2"),
            "{label}: versions kept"
        );
        let refused = c
            .post_form(&format!("{minutes}/approve"), &[("csrf_token", &csrf)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            refused
                .body
                .contains("Only the chair of the meeting can approve the minutes"),
            "{label}"
        );

        let mut chair = t.client();
        chair.sign_in("mappa.chair").await;
        // Issue 24: the chair's home says the minutes wait for them.
        let home = chair.get("/cases").await;
        assert!(
            home.body
                .contains("Minutes waiting for your approval as chair (1)")
                && home.body.contains(&minutes),
            "{label}: {}",
            home.status
        );
        let page = chair.get(&minutes).await;
        let chair_csrf = page.csrf();
        assert!(page.body.contains("Approve the latest version"), "{label}");
        let approved = chair
            .post_form(
                &format!("{minutes}/approve"),
                &[("csrf_token", &chair_csrf)],
            )
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{label}");
        let distributed = c
            .post_form(&format!("{minutes}/distribute"), &[("csrf_token", &csrf)])
            .await;
        assert_eq!(distributed.status, StatusCode::SEE_OTHER, "{label}");

        // The invitee reads the meeting and this case's minutes, and may ask the chair to
        // share them onward; the offender manager, not invited, is refused the meeting.
        let mut housing = t.client();
        housing.sign_in("housing.one").await;
        let page = housing.get(&meeting).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.body.contains("Daniel Downing") && !page.body.contains("Build agenda"),
            "{label}"
        );
        let page = housing.get(&minutes).await;
        assert!(page.body.contains("Ask the chair"), "{label}");
        assert_eq!(
            om.get(&meeting).await.status,
            StatusCode::FORBIDDEN,
            "{label}"
        );

        // Print views carry the marking at the top and bottom (and in the title).
        for print in [
            format!("{meeting}/agenda/print"),
            format!("{minutes}/print"),
        ] {
            let page = c.get(&print).await;
            assert_eq!(page.status, StatusCode::OK, "{label}: {print}");
            assert!(marked_twice(&page.body), "{label}: {print}");
        }
        let page = c.get(&format!("{minutes}/print")).await;
        assert!(
            page.body.contains("Discussed and agreed") && page.body.contains("distributed"),
            "{label}"
        );

        // Unknown ids are 404.
        let unknown = format!("/mappa/meetings/{}", Uuid::now_v7());
        assert_eq!(
            c.get(&unknown).await.status,
            StatusCode::NOT_FOUND,
            "{label}"
        );
        assert_eq!(
            c.get("/mappa/meetings/xyz").await.status,
            StatusCode::NOT_FOUND,
            "{label}"
        );
        t.finish().await;
    }
}

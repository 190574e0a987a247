//! MAPPA oversight in the browser: the annual statistics for the board (no personal data,
//! bad parameters named, CSV and ODS), an SFO recorded with every gap named, the chair's
//! review decision, the SCR export marked OFFICIAL-SENSITIVE, and a transfer.

use axum::http::{header, StatusCode};
use concord_domain::PersonId;
use concord_store::Db;
use uuid::Uuid;

use crate::client::alison_style_person;
use crate::TestWeb;

async fn add_user(t: &TestWeb, username: &str, role: &str) {
    t.add_staff(username, &format!("Test {username}"), "PROB", role)
        .await;
}

/// An active MAPPA spell, as the referral and screening pages leave one.
async fn seed_spell(t: &TestWeb, person: PersonId, category: &str, level: &str) {
    let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
    let sql = "INSERT INTO mappa_record (id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, critical_public_protection, confirmed_by, created_at, updated_at) VALUES ($1, $2, 'Essex', $3, 'seeded', $4, $5, 'active', $6, FALSE, $7, $8, $8)";
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let at = crate::client::now();
    match &t.db.db {
        Db::Sqlite(p) => sqlx::query(sql)
            .bind(Uuid::now_v7())
            .bind(person.0)
            .bind(category)
            .bind(level)
            .bind(om.agency_id.0)
            .bind(from)
            .bind(om.user_id.0)
            .bind(at)
            .execute(p)
            .await
            .map(|_| ()),
        Db::Postgres(p) => sqlx::query(sql)
            .bind(Uuid::now_v7())
            .bind(person.0)
            .bind(category)
            .bind(level)
            .bind(om.agency_id.0)
            .bind(from)
            .bind(om.user_id.0)
            .bind(at)
            .execute(p)
            .await
            .map(|_| ()),
    }
    .unwrap();
}

fn header_of(r: &crate::client::Response, name: header::HeaderName) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn the_board_sees_the_annual_statistics_without_personal_data() {
    for t in TestWeb::all().await {
        let person = t.person(alison_style_person()).await;
        seed_spell(&t, person, "CATEGORY_1", "LEVEL_2").await;
        add_user(&t, "admin.one", "administrator").await;
        let mut c = t.client();
        c.sign_in("board.one").await;

        let board = c.get("/board").await;
        assert!(
            board.body.contains("href=\"/mappa/statistics\""),
            "{}",
            t.label()
        );
        let page = c.get("/mappa/statistics").await;
        assert_eq!(page.status, StatusCode::OK, "{}: {}", t.label(), page.body);
        for expected in [
            "1 April 2026 to 31 March 2027",
            "<svg",
            "<title id=\"eligible-title\">",
            "<desc",
        ] {
            assert!(page.body.contains(expected), "{}: {expected}", t.label());
        }
        let csv = c
            .get("/mappa/statistics?year=2026&area=Essex&format=csv")
            .await;
        assert_eq!(
            header_of(&csv, header::CONTENT_TYPE),
            "text/csv; charset=utf-8",
            "{}",
            t.label()
        );
        assert!(
            csv.body.contains("Category 1 Level 2,1\n"),
            "{}: {}",
            t.label(),
            csv.body
        );
        assert!(csv.body.contains("RSOs on 31 March,1\n"), "{}", t.label());
        let ods = c.get("/mappa/statistics?format=ods").await;
        assert_eq!(
            header_of(&ods, header::CONTENT_TYPE),
            "application/vnd.oasis.opendocument.spreadsheet",
            "{}",
            t.label()
        );
        assert!(ods.body.starts_with("PK"), "{}", t.label());
        assert!(
            ods.body
                .contains("mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            "{}",
            t.label()
        );
        // Nothing that names or identifies the person, anywhere.
        for body in [&page.body, &csv.body, &ods.body] {
            for personal in ["Daniel", "Downing", "2001/0123456F", &person.0.to_string()] {
                assert!(!body.contains(personal), "{}: {personal}", t.label());
            }
        }

        // Bad parameters are named, never a 500.
        for (query, parameter) in [
            ("year=26", "year"),
            ("year=next", "year"),
            ("area=Narnia", "area"),
            ("format=pdf", "format"),
        ] {
            let r = c.get(&format!("/mappa/statistics?{query}")).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}: {query}", t.label());
            assert!(
                r.body.contains(&format!("The {parameter} parameter")),
                "{}: {query}",
                t.label()
            );
        }

        // An administrator has no aggregate access.
        let mut admin = t.client();
        admin.sign_in("admin.one").await;
        let refused = admin.get("/mappa/statistics").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", t.label());
        t.finish().await;
    }
}

#[tokio::test]
async fn an_sfo_is_recorded_reviewed_exported_and_the_case_transferred_in_the_browser() {
    for t in TestWeb::all().await {
        let person = t.person(alison_style_person()).await;
        seed_spell(&t, person, "CATEGORY_2", "LEVEL_3").await;
        add_user(&t, "mappa.coordinator", "mappa_coordinator").await;
        add_user(&t, "mappa.chair", "mappa_chair").await;
        let base = format!("/persons/{person}/mappa");
        let mut c = t.client();
        c.sign_in("mappa.coordinator").await;

        let page = c.get(&format!("{base}/sfo")).await;
        assert_eq!(page.status, StatusCode::OK, "{}: {}", t.label(), page.body);
        let csrf = page.csrf();
        let refused = c
            .post_form(
                &format!("{base}/sfo"),
                &[
                    ("csrf_token", &csrf),
                    ("offence", " "),
                    ("charged_on", "31/12/2026"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for anchor in ["#offence", "#charged_on"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{}: {anchor}",
                t.label()
            );
        }
        let done = c
            .post_form(
                &format!("{base}/sfo"),
                &[
                    ("csrf_token", &csrf),
                    ("offence", "Wounding with intent"),
                    ("charged_on", "1/11/2026"),
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
        let page = c.get(done.location()).await;
        assert!(
            page.body.contains("6 November 2026"),
            "{}: due date",
            t.label()
        );
        assert!(page.body.contains("MAPPA N overdue"), "{}", t.label());
        // Only the chair is offered the review decision.
        assert!(!page.body.contains("/review\""), "{}", t.label());
        assert_eq!(
            c.get(&format!("{base}/scr-export")).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );

        let mut chair = t.client();
        chair.sign_in("mappa.chair").await;
        let page = chair.get(&format!("{base}/sfo")).await;
        let marker = format!("{base}/sfo/");
        let start = page.body.find(&marker).expect("a form for the SFO") + marker.len();
        let sfo = &page.body[start..start + 36];
        let decided = chair
            .post_form(
                &format!("{base}/sfo/{sfo}/review"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("decision", "review"),
                    ("rationale", "Level 3 case: learning for every agency"),
                ],
            )
            .await;
        assert_eq!(
            decided.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            decided.body
        );

        let print = c.get(&format!("{base}/scr-export")).await;
        assert_eq!(print.status, StatusCode::OK, "{}", t.label());
        assert!(
            print.body.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "{}",
            t.label()
        );
        assert!(
            print.body.contains("Police monitoring visit: compliant"),
            "{}",
            t.label()
        );
        assert!(print.body.contains(", active</"), "{}", t.label());
        let json = c.get(&format!("{base}/scr-export?format=json")).await;
        assert!(
            header_of(&json, header::CONTENT_DISPOSITION).starts_with("attachment;"),
            "{}",
            t.label()
        );
        assert_eq!(
            json.json()["purpose"],
            "serious case review",
            "{}",
            t.label()
        );

        let page = c.get(&format!("{base}/transfer")).await;
        assert!(
            page.body.contains("victim liaison officer must send it"),
            "{}",
            t.label()
        );
        let csrf = page.csrf();
        let refused = c
            .post_form(
                &format!("{base}/transfer"),
                &[("csrf_token", &csrf), ("to_area", "Essex"), ("reason", "")],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for anchor in ["#to_area", "#reason"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{}: {anchor}",
                t.label()
            );
        }
        let moved = c
            .post_form(
                &format!("{base}/transfer"),
                &[
                    ("csrf_token", &csrf),
                    ("to_area", "Kent"),
                    ("reason", "Moved to Maidstone"),
                ],
            )
            .await;
        assert_eq!(
            moved.status,
            StatusCode::OK,
            "{}: {}",
            t.label(),
            moved.body
        );
        assert!(
            moved.body.contains("Case transferred to Kent"),
            "{}",
            t.label()
        );
        assert!(
            moved.body.contains("href=\"data:application/json;base64,"),
            "{}",
            t.label()
        );
        t.finish().await;
    }
}

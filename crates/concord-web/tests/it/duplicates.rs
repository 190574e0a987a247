//! The data quality officer's pages: the possible-duplicates queue, a pair side by side
//! with its explanation, deciding it, and unlinking from the record page.

use axum::http::StatusCode;
use concord_demo::{feed_csv, Feed, FEED_MAPPING};
use concord_match::{read_csv, Mapping};

use crate::client::{now, TestWeb};

/// Police and probation feeds of the demo population loaded and compared, with a data
/// quality officer to work the queue.
async fn with_feeds(t: &TestWeb) {
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
    t.add_staff("dq.one", "Test dq.one", "POL", "data_quality_officer")
        .await;
    let dq = t.app.accounts().actor_for_username("dq.one").await.unwrap();
    let mapping = Mapping::from_toml(FEED_MAPPING).unwrap();
    for (feed, agency) in [(Feed::Police, "POL"), (Feed::Probation, "PROB")] {
        let csv = feed_csv(feed, 1000, now().date_naive());
        let extract = read_csv(csv.as_bytes(), &mapping).unwrap();
        let report = t
            .app
            .identify()
            .import_feed(&dq, agency, &extract, false, &())
            .await
            .unwrap();
        assert!(report.written, "{report:?}");
    }
    t.app.identify().find_duplicates(&dq, &()).await.unwrap();
}

/// The first link on a page whose address starts with `prefix`.
fn first_href(body: &str, prefix: &str) -> String {
    let start = body
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("no link to {prefix} in the page"))
        + 6;
    body[start..body[start..].find('"').unwrap() + start].to_string()
}

#[tokio::test]
async fn the_queue_is_worked_in_the_browser_and_a_link_undone_from_the_record() {
    for t in TestWeb::all().await {
        with_feeds(&t).await;
        let mut c = t.client();
        c.sign_in("dq.one").await;
        let queue = c.get("/duplicates").await;
        assert_eq!(queue.status, StatusCode::OK, "{}", t.label());
        assert!(queue.body.contains("Possible duplicates") && queue.body.contains("Compare"));
        let pair_href = first_href(&queue.body, "/duplicates/");
        let pair = c.get(&pair_href).await;
        assert_eq!(pair.status, StatusCode::OK);
        assert!(pair.body.contains("Why it scored") && pair.body.contains("<rect"));
        assert!(
            pair.body.contains("Date of birth: exact") || pair.body.contains("Date of birth: ")
        );
        let csrf = pair.csrf();

        // No reason: the form again, with the error.
        let refused = c
            .post_form(
                &pair_href,
                &[("csrf_token", &csrf), ("decision", "same"), ("reason", "")],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(refused.body.contains("Enter the reason for your decision"));

        let decided = c
            .post_form(
                &pair_href,
                &[
                    ("csrf_token", &csrf),
                    ("decision", "same"),
                    ("reason", "Same PNC ID on the police national computer"),
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
        assert_eq!(decided.location(), "/duplicates?notice=same");

        // The record shows the link, and unlinking it restores the two records.
        let pair = c.get(&pair_href).await;
        let record_href = first_href(&pair.body, "/persons/");
        let record = c.get(&record_href).await;
        assert!(
            record.body.contains("The same person in other records"),
            "{}",
            t.label()
        );
        let unlink = first_href(
            &record.body.replace("action=\"", "href=\""),
            &format!("{record_href}/links/"),
        );
        let csrf = record.csrf();
        let done = c
            .post_form(
                &unlink,
                &[
                    ("csrf_token", &csrf),
                    ("reason", "Twins: checked with the custody suite"),
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
        // Undone, the pair is "different people": the review is over, and with it the data
        // quality officer's access to the record (ADR 0005).
        let record = c.get(&record_href).await;
        assert!(
            matches!(record.status.as_u16(), 403 | 404),
            "{}: the reviewer still reads the record after the review: {}",
            t.label(),
            record.status
        );
        let sql = "SELECT COUNT(*) FROM person_link WHERE unlinked_at IS NOT NULL AND unlink_reason LIKE 'Twins%'";
        let unlinked: (i64,) = match &t.db.db {
            concord_store::Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await.unwrap(),
            concord_store::Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await.unwrap(),
        };
        assert_eq!(
            unlinked.0,
            1,
            "{}: the link is undone with its reason",
            t.label()
        );

        // An offender manager has no such queue; registering someone already on the
        // register, they are shown who it may be before anything is saved.
        let mut om = t.client();
        om.sign_in("om.one").await;
        let csv = feed_csv(Feed::Police, 1000, now().date_naive());
        let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
        let (day, month, year) = {
            let d: Vec<&str> = row[4].split('/').collect();
            (d[0].to_string(), d[1].to_string(), d[2].to_string())
        };
        let form = om.get("/persons/new").await;
        let csrf = form.csrf();
        let fields = [
            ("csrf_token", csrf.as_str()),
            ("given_name", row[1]),
            ("family_name", row[3]),
            ("date_of_birth-day", day.as_str()),
            ("date_of_birth-month", month.as_str()),
            ("date_of_birth-year", year.as_str()),
            ("gender", if row[8] == "F" { "female" } else { "male" }),
        ];
        let check = om.post_form("/persons/new", &fields).await;
        assert_eq!(
            check.status,
            StatusCode::OK,
            "{}: {}",
            t.label(),
            check.body
        );
        assert!(
            check
                .body
                .contains("Is this someone already on the register?"),
            "{}",
            t.label()
        );
        assert!(check.body.contains(row[3]) && check.body.contains("likeness"));
        let mut confirmed = fields.to_vec();
        confirmed.push(("confirmed_new", "yes"));
        let saved = om.post_form("/persons/new", &confirmed).await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            saved.body
        );
        let denied = om.get("/duplicates").await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", t.label());
        assert!(!om.get("/cases").await.body.contains("Possible duplicates"));
        t.finish().await;
    }
}

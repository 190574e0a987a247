//! One page view, one consultation: every page and API read (a person's record, a list, a
//! meeting), opened by the staff who work the case, writes at most one audit event about each person it
//! shows — however many parts the page is made of. A page that read its parts in several
//! units of work would write one event per part, and fail here.

use std::collections::BTreeMap;

use crate::client::TestWeb;
use crate::need_to_know::{demo_web, mr_d, signed_in};
use crate::route_matrix::{all_routes, fill, parameters};

/// The newest sequence number on the audit chain.
async fn head(web: &TestWeb) -> i64 {
    concord_store::audit::seal(&web.db.db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT COALESCE(MAX(seq), 0) FROM audit_event";
    match &web.db.db {
        concord_store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        concord_store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

/// The events after `since`, counted by the person they are about.
async fn events_by_person(web: &TestWeb, since: i64) -> BTreeMap<String, (i64, String)> {
    concord_store::audit::seal(&web.db.db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT person_id, reason FROM audit_event WHERE seq > $1 AND person_id IS NOT NULL ORDER BY seq";
    let rows: Vec<(uuid::Uuid, String)> = match &web.db.db {
        concord_store::Db::Sqlite(p) => sqlx::query_as(sql).bind(since).fetch_all(p).await,
        concord_store::Db::Postgres(p) => sqlx::query_as(sql).bind(since).fetch_all(p).await,
    }
    .unwrap();
    let mut out: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for (person, reason) in rows {
        let e = out.entry(person.to_string()).or_default();
        e.0 += 1;
        e.1 = if e.1.is_empty() {
            reason
        } else {
            format!("{} | {reason}", e.1)
        };
    }
    out
}

#[tokio::test]
async fn every_read_of_a_record_writes_one_event_per_person() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let params = parameters(&web, d).await;
        let reads: Vec<String> = all_routes()
            .into_iter()
            .filter(|r| r.methods.contains(&"get") && r.path != "/sign-in")
            .map(|r| fill(&r.path, &params).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert!(
            reads.len() > 60,
            "{label}: the routes were found ({})",
            reads.len()
        );
        let mut shown = 0;
        let mut broken = vec![];
        // His offender manager, his police officer and the victim liaison officer between
        // them reach every section of his record.
        for username in ["om.chelmsford", "ppo.chelmsford", "vlo.essex"] {
            let mut c = signed_in(&web, username).await;
            for path in &reads {
                let before = head(&web).await;
                let r = c.get(path).await;
                assert!(
                    r.status.as_u16() < 500,
                    "{label}: {username} GET {path}: {}",
                    r.status
                );
                if r.status == 200 {
                    shown += 1;
                }
                for (person, (n, reasons)) in events_by_person(&web, before).await {
                    if n > 1 {
                        broken.push(format!(
                            "{username} GET {path} wrote {n} events about {person}: {reasons}"
                        ));
                    }
                }
            }
        }
        assert!(broken.is_empty(), "{label}:\n{}", broken.join("\n"));
        assert!(shown > 60, "{label}: the pages were shown ({shown})");
        web.finish().await;
    }
}

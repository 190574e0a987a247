use concord_store::audit::{self, AuditKind, ChainStatus};
use concord_store::{Backend, Db};
use serde_json::json;

use crate::support::*;

/// What a malicious database administrator does first: remove the guard triggers.
pub(crate) async fn drop_guards(db: &Db) {
    match db.backend() {
        Backend::Sqlite => {
            exec(db, "DROP TRIGGER audit_event_no_update")
                .await
                .unwrap();
            exec(db, "DROP TRIGGER audit_event_no_delete")
                .await
                .unwrap();
        }
        Backend::Postgres => {
            exec(db, "DROP TRIGGER audit_event_no_update ON audit_event")
                .await
                .unwrap();
            exec(db, "DROP TRIGGER audit_event_no_truncate ON audit_event")
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn an_empty_chain_is_intact() {
    for t in concord_testkit::databases().await {
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 0 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn appended_events_are_numbered_in_order_and_form_an_intact_chain() {
    for t in concord_testkit::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let mut seqs = vec![];
        for (i, kind) in AuditKind::ALL.into_iter().enumerate() {
            seqs.push(
                audit::append(
                    &mut tx,
                    event(kind, None, &format!("{} event", kind.code()), i as u32),
                )
                .await
                .unwrap(),
            );
        }
        tx.commit().await.unwrap();
        assert_eq!(seqs, (1..=7).collect::<Vec<i64>>(), "{}", t.label);
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 7 },
            "{}",
            t.label
        );

        // A later transaction continues the same chain.
        append_events(&t.db, 3).await;
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 10 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_denied_event_is_recorded_with_the_outcome_denied() {
    for t in concord_testkit::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        audit::append(
            &mut tx,
            event(AuditKind::Denied, None, "no role grants this", 0),
        )
        .await
        .unwrap();
        audit::append(&mut tx, event(AuditKind::Consultation, None, "searched", 1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let outcomes = text(
            &t.db,
            "SELECT outcome || ',' || kind FROM audit_event WHERE seq = 1",
        )
        .await;
        assert_eq!(outcomes.as_deref(), Some("denied,denied"), "{}", t.label);
        let outcomes = text(
            &t.db,
            "SELECT outcome || ',' || kind FROM audit_event WHERE seq = 2",
        )
        .await;
        assert_eq!(
            outcomes.as_deref(),
            Some("allowed,consultation"),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn events_of_a_rolled_back_transaction_leave_no_gap_in_the_chain() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 2).await;
        let mut tx = t.db.begin().await.unwrap();
        let seq = audit::append(&mut tx, event(AuditKind::Alteration, None, "undone", 5))
            .await
            .unwrap();
        assert_eq!(seq, 3, "{}", t.label);
        tx.rollback().await.unwrap();
        append_events(&t.db, 1).await;
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 3 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn structured_details_survive_the_round_trip_and_still_verify() {
    for t in concord_testkit::databases().await {
        // PostgreSQL's jsonb reorders keys (shortest first) and normalises spacing: the hash
        // must not depend on either.
        let detail = json!({
            "zeta": 1,
            "a": [3, 2, 1],
            "nested": {"longer_key": "Zoë O’Brien", "k": null, "flag": true},
            "fraction": 0.25,
            "big": 9_007_199_254_740_993_i64,
            "empty": {},
        });
        let mut e = event(AuditKind::Combination, None, "merged two records", 0);
        e.detail = detail.clone();
        e.recipient = Some("Chelmsford Housing".into());
        let mut tx = t.db.begin().await.unwrap();
        audit::append(&mut tx, e).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 1 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_detail_that_is_not_a_json_object_is_refused_before_it_can_spoil_the_chain() {
    for t in concord_testkit::databases().await {
        // On SQLite a bare number would be stored as an integer that cannot be read back.
        for detail in [
            json!(42),
            json!(1.5),
            json!("note"),
            json!([1, 2]),
            json!(null),
        ] {
            let mut e = event(AuditKind::Consultation, None, "odd detail", 0);
            e.detail = detail.clone();
            let mut tx = t.db.begin().await.unwrap();
            let err = audit::append(&mut tx, e).await.unwrap_err();
            assert!(
                err.to_string().contains("JSON object"),
                "{}: {detail}: {err}",
                t.label
            );
            tx.rollback().await.unwrap();
        }
        append_events(&t.db, 1).await;
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 1 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn instants_with_sub_microsecond_precision_still_verify() {
    for t in concord_testkit::databases().await {
        let mut e = event(AuditKind::Consultation, None, "precise", 0);
        e.at += chrono::Duration::nanoseconds(123_456_789);
        let mut tx = t.db.begin().await.unwrap();
        audit::append(&mut tx, e).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 1 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_audit_rows() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 3).await;
        let update = exec(
            &t.db,
            "UPDATE audit_event SET reason = 'nothing to see' WHERE seq = 2",
        )
        .await;
        let err = update.expect_err(&format!("{}: UPDATE of an audit row was allowed", t.label));
        assert!(
            err.to_string().contains("append-only"),
            "{}: {err}",
            t.label
        );
        let delete = exec(&t.db, "DELETE FROM audit_event WHERE seq = 2").await;
        let err = delete.expect_err(&format!("{}: DELETE of an audit row was allowed", t.label));
        assert!(
            err.to_string().contains("append-only"),
            "{}: {err}",
            t.label
        );
        if t.db.backend() == Backend::Postgres {
            let truncate = exec(&t.db, "TRUNCATE audit_event").await;
            assert!(
                truncate.is_err(),
                "{}: TRUNCATE of the audit table was allowed",
                t.label
            );
        }
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 3 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn an_edited_reason_is_detected_at_the_edited_event() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 5).await;
        drop_guards(&t.db).await;
        let changed = exec(
            &t.db,
            "UPDATE audit_event SET reason = 'routine check' WHERE seq = 3",
        )
        .await
        .unwrap();
        assert_eq!(changed, 1, "{}", t.label);
        match verify(&t.db).await {
            ChainStatus::Broken { seq, problem } => {
                assert_eq!(seq, 3, "{}", t.label);
                assert!(problem.contains("altered"), "{}: {problem}", t.label);
            }
            other => panic!("{}: tampering not detected: {other:?}", t.label),
        }
        t.finish().await;
    }
}

/// The hash of one event as the store computes it: SHA-256 over the previous hash, a
/// newline and the JSON of the hashed fields in their fixed order.
pub(crate) fn forge_hash(e: &audit::AuditEvent) -> String {
    use sha2::Digest;
    let fields = json!({
        "seq": e.seq, "id": e.id, "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "actor_user_id": e.actor_user_id, "actor_agency_id": e.actor_agency_id, "kind": e.kind,
        "action": e.action, "resource_type": e.resource_type, "resource_id": e.resource_id,
        "person_id": e.person_id, "outcome": e.outcome, "reason": e.reason, "recipient": e.recipient,
        "detail": e.detail,
        "request_id": e.request_id, "sections": e.sections, "purpose": e.purpose,
    });
    // serde_json's map is sorted; the store's struct is in declaration order, so write
    // the fields in that order by hand. The s.62 fields of migration 4 are left out when
    // absent, as the store leaves them out.
    let order = [
        "seq",
        "id",
        "at",
        "actor_user_id",
        "actor_agency_id",
        "kind",
        "action",
        "resource_type",
        "resource_id",
        "person_id",
        "outcome",
        "reason",
        "recipient",
        "detail",
        "request_id",
        "sections",
        "purpose",
    ];
    let body = order
        .iter()
        .filter(|k| !fields[**k].is_null() || !matches!(**k, "request_id" | "sections" | "purpose"))
        .map(|k| {
            format!(
                "{}:{}",
                serde_json::to_string(k).unwrap(),
                serde_json::to_string(&fields[*k]).unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let mut h = sha2::Sha256::new();
    h.update(e.prev_hash.as_bytes());
    h.update(b"\n");
    h.update(format!("{{{body}}}").as_bytes());
    hex::encode(h.finalize())
}

pub(crate) async fn stored_event(db: &Db, seq: i64) -> audit::AuditEvent {
    let sql = format!(
        "SELECT {} FROM audit_event WHERE seq = $1",
        audit::AUDIT_EVENT_COLUMNS
    );
    let sql = sql.as_str();
    match db {
        Db::Sqlite(pool) => {
            sqlx::query_as::<_, audit::AuditEvent>(sql)
                .bind(seq)
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_as::<_, audit::AuditEvent>(sql)
                .bind(seq)
                .fetch_one(pool)
                .await
        }
    }
    .expect("stored event")
}

#[tokio::test]
async fn an_edit_whose_row_hash_is_recomputed_is_detected_at_the_next_event() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 4).await;
        // With and without the s.62 fields (the even-numbered minutes carry them).
        for seq in 1..=4 {
            let e = stored_event(&t.db, seq).await;
            assert_eq!(
                forge_hash(&e),
                e.hash,
                "{}: the test's hash must match the store's (seq {seq})",
                t.label
            );
        }
        let original = stored_event(&t.db, 2).await;

        // A DBA who knows the algorithm edits the reason and recomputes that row's hash.
        drop_guards(&t.db).await;
        let mut forged = original.clone();
        forged.reason = "routine check".into();
        let hash = forge_hash(&forged);
        exec(
            &t.db,
            &format!(
                "UPDATE audit_event SET reason = 'routine check', hash = '{hash}' WHERE seq = 2"
            ),
        )
        .await
        .unwrap();
        match verify(&t.db).await {
            ChainStatus::Broken { seq, problem } => {
                assert_eq!(seq, 3, "{}: the next event no longer links", t.label);
                assert!(problem.contains("link"), "{}: {problem}", t.label);
            }
            other => panic!("{}: forged row not detected: {other:?}", t.label),
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn a_deleted_middle_event_is_detected() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 5).await;
        drop_guards(&t.db).await;
        assert_eq!(
            exec(&t.db, "DELETE FROM audit_event WHERE seq = 3")
                .await
                .unwrap(),
            1,
            "{}",
            t.label
        );
        match verify(&t.db).await {
            ChainStatus::Broken { seq, problem } => {
                assert_eq!(seq, 4, "{}: the first event after the gap", t.label);
                assert!(problem.contains("missing"), "{}: {problem}", t.label);
            }
            other => panic!("{}: deletion not detected: {other:?}", t.label),
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn a_deleted_last_event_is_detected_by_the_chain_head() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 5).await;
        drop_guards(&t.db).await;
        exec(&t.db, "DELETE FROM audit_event WHERE seq = 5")
            .await
            .unwrap();
        match verify(&t.db).await {
            ChainStatus::Broken { seq, problem } => {
                assert_eq!(seq, 5, "{}", t.label);
                assert!(problem.contains("4 are present"), "{}: {problem}", t.label);
            }
            other => panic!("{}: truncation not detected: {other:?}", t.label),
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn concurrent_transactions_append_to_one_unbroken_chain() {
    for t in concord_testkit::databases().await {
        let mut tasks = vec![];
        for i in 0..8 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin().await.expect("begin");
                audit::append(
                    &mut tx,
                    event(AuditKind::Consultation, None, &format!("writer {i}"), i),
                )
                .await
                .expect("append");
                audit::append(
                    &mut tx,
                    event(
                        AuditKind::Consultation,
                        None,
                        &format!("writer {i} again"),
                        i,
                    ),
                )
                .await
                .expect("append");
                tx.commit().await.expect("commit");
            }));
        }
        for task in tasks {
            task.await
                .unwrap_or_else(|e| panic!("{}: writer failed: {e}", t.label));
        }
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 16 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

/// A pooled connection that read the chain before a later migration added a column must
/// still read it afterwards. (With `SELECT *`, SQLite silently re-prepared the statement
/// with more columns than sqlx had described, and reading a row panicked in sqlx's worker;
/// PostgreSQL refuses a cached plan whose result changed.)
#[tokio::test]
async fn the_chain_is_still_read_after_a_migration_adds_a_column_under_an_open_pool() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 3).await;
        // A second pool on the same SQLite file: its connection reads the schema now and
        // keeps the prepared statements. PostgreSQL: the same pool.
        let path: Option<String> = match &t.db {
            Db::Sqlite(pool) => Some(
                sqlx::query_as::<_, (i64, String, String)>("PRAGMA database_list")
                    .fetch_one(pool)
                    .await
                    .unwrap()
                    .2,
            ),
            Db::Postgres(_) => None,
        };
        let reader = match &path {
            Some(p) => Db::connect(p).await.unwrap(),
            None => t.db.clone(),
        };
        assert_eq!(
            verify(&reader).await,
            ChainStatus::Intact { events: 3 },
            "{}",
            t.label
        );
        assert_eq!(
            who_looked(&reader).await,
            0,
            "{}: no event is about a person",
            t.label
        );

        // What a future migration does, through another connection.
        exec(&t.db, "ALTER TABLE audit_event ADD COLUMN later_note TEXT")
            .await
            .unwrap();

        assert_eq!(
            verify(&reader).await,
            ChainStatus::Intact { events: 3 },
            "{}",
            t.label
        );
        assert_eq!(who_looked(&reader).await, 0, "{}", t.label);
        if path.is_some() {
            reader.close().await;
        }
        t.finish().await;
    }
}

/// The events about one (made-up) person, read the way the record's access log is.
async fn who_looked(db: &Db) -> usize {
    let actor = police_actor(uuid::Uuid::now_v7());
    let person = concord_domain::PersonId::new();
    let cap = read_cap(&actor, person, actor.agency_id.0);
    let mut tx = db.begin().await.expect("begin");
    let events = audit::events_for_person(&mut tx, &cap, person, 10)
        .await
        .expect("read the access log");
    tx.rollback().await.expect("rollback");
    events.len()
}

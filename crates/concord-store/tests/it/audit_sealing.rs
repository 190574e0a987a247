//! Events recorded without the chain lock and sealed later (ADR 0008), streaming
//! verification, and anchors of the head kept outside the database.

use concord_store::audit::{self, Anchor, AuditKind, ChainStatus};
use concord_store::{Backend, Db};

use crate::audit_chain::{drop_guards, forge_hash, stored_event};
use crate::support::*;

/// Record `n` events in each of `writers` concurrent transactions.
async fn record_concurrently(db: &Db, writers: u32, n: u32) {
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..writers {
        let db = db.clone();
        tasks.spawn(async move {
            let mut tx = db.begin().await.expect("begin");
            for i in 0..n {
                let e = event(
                    AuditKind::Consultation,
                    None,
                    &format!("writer {w} event {i}"),
                    i,
                );
                audit::record(&mut tx, e).await.expect("record");
            }
            tx.commit().await.expect("commit");
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("writer");
    }
}

async fn pending(db: &Db) -> i64 {
    let mut tx = db.begin_read().await.unwrap();
    let n = audit::pending_count(&mut tx).await.unwrap();
    tx.rollback().await.unwrap();
    n
}

#[tokio::test]
async fn events_recorded_by_concurrent_writers_are_sealed_in_batches_into_one_intact_chain() {
    for t in concord_testkit::databases().await {
        record_concurrently(&t.db, 12, 10).await;
        let waiting = pending(&t.db).await;
        match t.db.backend() {
            // SQLite's writers take turns anyway: each appends to the chain at once.
            Backend::Sqlite => assert_eq!(waiting, 0, "{}", t.label),
            Backend::Postgres => assert_eq!(waiting, 120, "{}: nothing sealed yet", t.label),
        }
        let mut rounds = 0;
        while audit::seal(&t.db, 7).await.unwrap() > 0 {
            rounds += 1;
        }
        if t.db.backend() == Backend::Postgres {
            assert_eq!(rounds, 18, "{}: 120 events in batches of 7", t.label);
        }
        assert_eq!(pending(&t.db).await, 0, "{}", t.label);
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 120 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn two_sealers_at_once_seal_every_event_exactly_once() {
    for t in concord_testkit::databases().await {
        record_concurrently(&t.db, 8, 50).await;
        let seal_all = |db: Db| async move {
            let mut n = 0;
            loop {
                let sealed = audit::seal(&db, 25).await.unwrap();
                if sealed == 0 {
                    return n;
                }
                n += sealed;
            }
        };
        let (a, b) = tokio::join!(seal_all(t.db.clone()), seal_all(t.db.clone()));
        if t.db.backend() == Backend::Postgres {
            assert_eq!(a + b, 400, "{}: sealed {a} + {b}", t.label);
        }
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 400 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_waiting_event_cannot_be_edited() {
    for t in concord_testkit::databases().await {
        if t.db.backend() == Backend::Postgres {
            record_concurrently(&t.db, 1, 1).await;
            let edit = exec(&t.db, "UPDATE audit_pending SET reason = 'nothing to see'").await;
            assert!(edit.is_err(), "{}: a waiting event was edited", t.label);
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn verification_streams_the_chain_in_pages_and_reports_progress() {
    for t in concord_testkit::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        for i in 0..12_001 {
            let e = event(AuditKind::Consultation, None, &format!("event {i}"), i % 60);
            audit::append(&mut tx, e).await.unwrap();
        }
        tx.commit().await.unwrap();
        let mut seen = vec![];
        let status =
            audit::verify_streaming(&t.db, &[], &mut |done, total| seen.push((done, total)))
                .await
                .unwrap();
        assert_eq!(
            status,
            ChainStatus::Intact { events: 12_001 },
            "{}",
            t.label
        );
        assert_eq!(
            seen,
            vec![(5_000, 12_001), (10_000, 12_001), (12_001, 12_001)],
            "{}: one report per page of 5,000",
            t.label
        );
        t.finish().await;
    }
}

/// What an administrator who knows the algorithm does: change event 2 and recompute every
/// hash after it and the head, so the chain alone is intact again.
async fn rewrite_history_from_event_2(db: &Db, last: i64) {
    drop_guards(db).await;
    let mut prev = stored_event(db, 1).await.hash;
    for seq in 2..=last {
        let mut e = stored_event(db, seq).await;
        if seq == 2 {
            e.reason = "routine check".into();
        }
        e.prev_hash.clone_from(&prev);
        e.hash = forge_hash(&e);
        exec(
            db,
            &format!(
                "UPDATE audit_event SET reason = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {seq}",
                e.reason, e.prev_hash, e.hash
            ),
        )
        .await
        .unwrap();
        prev = e.hash;
    }
    exec(
        db,
        &format!("UPDATE audit_head SET hash = '{prev}' WHERE id = 1"),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_consistently_rewritten_chain_is_caught_by_an_anchor_kept_outside_the_database() {
    for t in concord_testkit::databases().await {
        append_events(&t.db, 5).await;
        let anchor = Anchor {
            seq: 4,
            hash: stored_event(&t.db, 4).await.hash,
        };
        let anchors = [anchor];
        let check = |db: Db, anchors: Vec<Anchor>| async move {
            audit::verify_streaming(&db, &anchors, &mut |_, _| {})
                .await
                .unwrap()
        };
        assert_eq!(
            check(t.db.clone(), anchors.to_vec()).await,
            ChainStatus::Intact { events: 5 },
            "{}",
            t.label
        );

        rewrite_history_from_event_2(&t.db, 5).await;
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 5 },
            "{}: the hashes alone cannot see a consistent rewrite",
            t.label
        );
        match check(t.db.clone(), anchors.to_vec()).await {
            ChainStatus::Broken { seq, problem } => {
                assert_eq!(seq, 4, "{}", t.label);
                assert!(problem.contains("anchor"), "{}: {problem}", t.label);
            }
            other => panic!("{}: rewrite not caught: {other:?}", t.label),
        }

        // An anchor further on than the chain: events were cut off the end.
        let beyond = vec![Anchor {
            seq: 9,
            hash: "a".repeat(64),
        }];
        match check(t.db.clone(), beyond).await {
            ChainStatus::Broken { seq, problem } => {
                assert_eq!(seq, 9, "{}", t.label);
                assert!(problem.contains("removed"), "{}: {problem}", t.label);
            }
            other => panic!("{}: truncation not caught: {other:?}", t.label),
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn who_looked_at_a_person_is_listed_newest_first_and_only_for_that_person() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", concord_domain::AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let ann = add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
        let bob = add_person(&mut tx, &actor, "Bob", "Jones", ymd(1981, 2, 3)).await;
        audit::append(
            &mut tx,
            event(AuditKind::Collection, Some(ann), "registered", 1),
        )
        .await
        .unwrap();
        audit::append(
            &mut tx,
            event(AuditKind::Consultation, Some(bob), "viewed bob", 2),
        )
        .await
        .unwrap();
        audit::append(
            &mut tx,
            event(AuditKind::Consultation, Some(ann), "viewed", 3),
        )
        .await
        .unwrap();
        // Recorded as a use case records it: on PostgreSQL it waits for the sealer, and
        // is listed all the same.
        audit::record(
            &mut tx,
            event(AuditKind::Consultation, Some(ann), "viewed just now", 4),
        )
        .await
        .unwrap();
        let events = audit::events_for_person(&mut tx, &read_cap(&actor, ann, agency), ann, 10)
            .await
            .unwrap();
        let reasons: Vec<&str> = events.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(
            reasons,
            ["viewed just now", "viewed", "registered"],
            "{}",
            t.label
        );
        assert_eq!(events[1].kind, "consultation", "{}", t.label);
        assert_eq!(events[1].at, at(10, 3), "{}", t.label);

        // Bob's capability does not open Ann's access log.
        let wrong =
            audit::events_for_person(&mut tx, &read_cap(&actor, bob, agency), ann, 10).await;
        assert!(
            matches!(
                wrong,
                Err(concord_store::StoreError::WrongCapability { .. })
            ),
            "{}: {wrong:?}",
            t.label
        );
        tx.commit().await.unwrap();
        t.finish().await;
    }
}

/// The appender's compare-and-append: events go in after the head it knows, in one
/// statement on PostgreSQL; if anyone else moved the head, nothing at all is written and
/// it learns so, and two writers racing with the same head cannot both win.
#[tokio::test]
async fn appending_after_a_stale_head_writes_nothing_and_racing_writers_keep_one_chain() {
    for t in concord_testkit::databases().await {
        let l = t.label;
        append_events(&t.db, 3).await;
        let mut tx = t.db.self_committing().await.unwrap();
        let head = audit::head(&mut tx).await.unwrap();
        assert_eq!(head.0, 3, "{l}");
        let batch: Vec<_> = (0..4)
            .map(|i| event(AuditKind::Consultation, None, &format!("batch {i}"), i))
            .collect();
        let audit::Appended::Moved(moved) =
            audit::append_after(&mut tx, &head, &batch).await.unwrap()
        else {
            panic!("{l}: the head was where this writer thought")
        };
        tx.commit().await.unwrap();
        assert_eq!(moved.0, 7, "{l}");

        // The old head is stale now: nothing is written, the head stays put, and the
        // writer is told where it is.
        let mut tx = t.db.self_committing().await.unwrap();
        let refused = audit::append_after(&mut tx, &head, &batch).await.unwrap();
        assert_eq!(refused, audit::Appended::Stale(moved.clone()), "{l}");
        assert_eq!(audit::head(&mut tx).await.unwrap(), moved, "{l}");
        tx.commit().await.unwrap();

        // Eight writers, all starting from the same head, each retrying until it wins.
        let mut tasks = tokio::task::JoinSet::new();
        for w in 0..8u32 {
            let db = t.db.clone();
            tasks.spawn(async move {
                let mut lost = 0;
                let mut known = {
                    let mut tx = db.self_committing().await.unwrap();
                    let h = audit::head(&mut tx).await.unwrap();
                    tx.commit().await.unwrap();
                    h
                };
                loop {
                    let mut tx = db.self_committing().await.unwrap();
                    let batch: Vec<_> = (0..5)
                        .map(|i| event(AuditKind::Consultation, None, &format!("w{w} {i}"), i))
                        .collect();
                    match audit::append_after(&mut tx, &known, &batch).await.unwrap() {
                        audit::Appended::Moved(_) => {
                            tx.commit().await.unwrap();
                            return lost;
                        }
                        // Relinked after the head the refusal named, not read again.
                        audit::Appended::Stale(now) => known = now,
                    }
                    tx.rollback().await.unwrap();
                    lost += 1;
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("writer");
        }
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 7 + 40 },
            "{l}"
        );
        t.finish().await;
    }
}

/// On PostgreSQL a compare-and-append that waited for another writer's commit answers
/// with the head that writer committed, not the one its own snapshot saw, so the loser
/// needs one more attempt, not two.
#[tokio::test]
async fn an_append_that_waited_for_another_writer_is_told_the_head_it_committed() {
    for t in concord_testkit::databases().await {
        if !matches!(t.db, Db::Postgres(_)) {
            // SQLite's one writer never waits inside a statement: nothing to show.
            t.finish().await;
            continue;
        }
        append_events(&t.db, 2).await;
        let mut tx = t.db.self_committing().await.unwrap();
        let before = audit::head(&mut tx).await.unwrap();
        tx.commit().await.unwrap();

        // Another writer holds the head's row, moving it, uncommitted.
        let mut other = t.db.begin().await.unwrap();
        audit::append(
            &mut other,
            event(AuditKind::Consultation, None, "the other writer", 0),
        )
        .await
        .unwrap();

        let db = t.db.clone();
        let known = before.clone();
        let waiting = tokio::spawn(async move {
            let mut conn = db.self_committing().await.unwrap();
            let batch = vec![event(AuditKind::Consultation, None, "this writer", 1)];
            let answer = audit::append_after(&mut conn, &known, &batch)
                .await
                .unwrap();
            conn.commit().await.unwrap();
            answer
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(
            !waiting.is_finished(),
            "the append waits for the head's row"
        );
        other.commit().await.unwrap();

        let mut tx = t.db.self_committing().await.unwrap();
        let committed = audit::head(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(committed.0, before.0 + 1);
        assert_eq!(waiting.await.unwrap(), audit::Appended::Stale(committed));
        assert_eq!(verify(&t.db).await, ChainStatus::Intact { events: 3 });
        t.finish().await;
    }
}

/// Every waiting event leaves a dead row in `audit_pending` once sealed; tidying reclaims
/// them, so the table the access log reads on every record page stays small.
#[tokio::test]
async fn tidying_reclaims_the_space_sealed_events_left_in_the_waiting_table() {
    for t in concord_testkit::databases().await {
        if t.db.backend() != Backend::Postgres {
            // Nothing waits on SQLite, and tidying does nothing there.
            audit::tidy(&t.db).await.unwrap();
            t.finish().await;
            continue;
        }
        record_concurrently(&t.db, 40, 50).await;
        while audit::seal(&t.db, 1_000).await.unwrap() > 0 {}
        let size = "SELECT pg_relation_size('audit_pending')::TEXT";
        let before: u64 = text(&t.db, size).await.unwrap().parse().unwrap();
        assert!(before > 0, "2,000 dead rows take room");
        audit::tidy(&t.db).await.unwrap();
        let after: u64 = text(&t.db, size).await.unwrap().parse().unwrap();
        assert_eq!(after, 0, "every row was dead, so every page is given back");
        assert_eq!(
            verify(&t.db).await,
            ChainStatus::Intact { events: 2_000 },
            "{}",
            t.label
        );
        t.finish().await;
    }
}

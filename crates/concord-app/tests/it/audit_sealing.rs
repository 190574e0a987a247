//! The audit chain without a global lock (ADR 0008), through the use cases: concurrent
//! readers and writers lose and duplicate no event, and the chain's head is anchored in a
//! signed file outside the database.

use concord_app::*;

use crate::support::*;

/// A person allocated to the offender manager, and how long the audit trail is once the
/// events of setting them up are sealed.
async fn allocated_person(w: &World) -> (concord_domain::PersonId, usize) {
    let id = w
        .app
        .people()
        .register_person(&w.ppo, &person("Amy", "Jones", ymd(1990, 5, 6)))
        .await
        .unwrap();
    allocate(w, &w.ppo, id, &w.om, "offender_manager").await;
    w.app.settle_audit().await.unwrap();
    (id, audit_trail(w.app.db()).await.len())
}

#[tokio::test]
async fn concurrent_views_and_changes_each_leave_exactly_one_event_in_an_intact_chain() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let (id, before) = allocated_person(&w).await;

        // 20 views and 20 markers added at once, on one person: the writes take turns on
        // the person's row, the views wait for nothing.
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (app, om) = (w.app.clone(), w.om.clone());
            tasks.spawn(async move {
                app.people().view_person(&om, id).await.map(|_| ())?;
                app.people()
                    .add_marker(&om, id, &marker("drugs", &format!("note {i}")))
                    .await
                    .map(|_| ())
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().unwrap();
        }
        let sealed = w.app.settle_audit().await.unwrap();
        let trail = audit_trail(w.app.db()).await;
        let new = &trail[before..];
        assert_eq!(new.len(), 40, "{}: one event per use case", t.label);
        let views = new.iter().filter(|e| e.kind == "consultation").count();
        let changes = new.iter().filter(|e| e.kind == "alteration").count();
        assert_eq!((views, changes), (20, 20), "{}", t.label);
        assert!(sealed <= 40, "{}: sealed {sealed}", t.label);
        assert_chain_intact(&w).await;
        let markers = w.app.people().view_person(&w.om, id).await.unwrap();
        assert_eq!(
            markers.markers.len(),
            20,
            "{}: every acknowledged write is there",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_head_is_anchored_in_a_signed_file_and_verify_checks_it() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dir = std::env::temp_dir().join(format!("concord-anchor-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("anchors");
        let file = AnchorFile::new(&path, Some("a secret the DBA does not hold")).unwrap();
        assert_eq!(
            file.read().unwrap(),
            vec![],
            "{}: no file yet, no anchors",
            t.label
        );

        w.app
            .people()
            .register_person(&w.ppo, &person("Amy", "Jones", ymd(1990, 5, 6)))
            .await
            .unwrap();
        let first = w.app.anchor_audit(&file).await.unwrap().expect("an anchor");
        w.app.people().search_persons(&w.om, "amy").await.unwrap();
        let second = w.app.anchor_audit(&file).await.unwrap().expect("an anchor");
        assert!(second.seq > first.seq, "{}", t.label);
        assert_eq!(
            file.read().unwrap(),
            vec![first.clone(), second],
            "{}",
            t.label
        );
        let status = w
            .app
            .verify_audit_chain_with(Some(&file), &mut |_, _| {})
            .await
            .unwrap();
        assert!(
            matches!(status, AuditChainStatus::Intact { .. }),
            "{}: {status:?}",
            t.label
        );

        // Read with another key, every line is refused by number.
        let other = AnchorFile::new(&path, Some("another secret")).unwrap();
        let err = other.read().unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("signature"), "{err}");

        // A line edited to match a rewritten chain no longer carries a valid signature.
        let text = std::fs::read_to_string(&path).unwrap();
        let forged = text.replacen(&first.hash, &"b".repeat(64), 1);
        std::fs::write(&path, forged).unwrap();
        let err = w
            .app
            .verify_audit_chain_with(Some(&file), &mut |_, _| {})
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 1") && err.contains("forged"),
            "{}: {err}",
            t.label
        );

        // A malformed line is named too.
        std::fs::write(&path, format!("{text}not an anchor\n")).unwrap();
        let err = file.read().unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(
            AnchorFile::new(&path, Some(" ")).is_err(),
            "an empty key signs nothing"
        );
        std::fs::remove_dir_all(&dir).ok();
        t.finish().await;
    }
}

/// Two nodes' appenders on one database take turns on the chain's head: every view on
/// either node leaves exactly one consultation event, whichever appender lost races and
/// took later views into its relinked batch, and the chain stays intact.
#[tokio::test]
async fn views_on_two_nodes_each_leave_exactly_one_event_in_an_intact_chain() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        // A second node: its own app and appender on the same database and clock.
        let node_2 = App::new(
            w.app.db().clone(),
            Clock::fixed(now()),
            AppSettings::default(),
        );
        let (id, before) = allocated_person(&w).await;

        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..80 {
            let app = if i % 2 == 0 {
                w.app.clone()
            } else {
                node_2.clone()
            };
            let om = w.om.clone();
            tasks.spawn(async move { app.people().view_person(&om, id).await.map(|_| ()) });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().unwrap();
        }
        w.app.settle_audit().await.unwrap();
        let trail = audit_trail(w.app.db()).await;
        let new = &trail[before..];
        assert_eq!(new.len(), 80, "{}: one event per view", t.label);
        assert!(new.iter().all(|e| e.kind == "consultation"), "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

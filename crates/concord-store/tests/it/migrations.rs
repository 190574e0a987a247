use concord_store::{current_version, latest_version, migrate, Db, StoreError};
use sqlx::Connection;

use crate::support::exec;

/// An empty, unmigrated database on every engine under test (the testkit's are migrated).
struct Empty {
    db: Db,
    label: &'static str,
    drop: Option<(String, String)>,
    file: Option<std::path::PathBuf>,
}

async fn empty_databases() -> Vec<Empty> {
    let path = std::env::temp_dir().join(format!(
        "concord-it-empty-{}.db",
        uuid::Uuid::new_v4().simple()
    ));
    let sqlite = Db::connect(path.to_str().expect("utf-8 path"))
        .await
        .expect("open SQLite");
    let mut out = vec![Empty {
        db: sqlite,
        label: "sqlite",
        drop: None,
        file: Some(path),
    }];
    if let Some(admin) = concord_testkit::postgres_url() {
        let name = format!("concord_it_empty_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("PostgreSQL reachable");
        sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create database");
        conn.close().await.ok();
        let db = Db::connect(&concord_testkit::with_database(&admin, &name))
            .await
            .expect("connect");
        out.push(Empty {
            db,
            label: "postgres",
            drop: Some((admin, name)),
            file: None,
        });
    }
    out
}

impl Empty {
    /// Another server's pool on the same database.
    async fn second_server(&self) -> Db {
        let url = match (&self.file, &self.drop) {
            (Some(path), _) => path.to_str().expect("utf-8 path").to_string(),
            (None, Some((admin, name))) => concord_testkit::with_database(admin, name),
            (None, None) => unreachable!("every empty database is a file or a PostgreSQL one"),
        };
        Db::connect(&url).await.expect("connect a second server")
    }

    async fn finish(self) {
        self.db.close().await;
        if let Some(path) = self.file {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                std::fs::remove_file(p).ok();
            }
        }
        if let Some((admin, name)) = self.drop {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .ok();
                conn.close().await.ok();
            }
        }
    }
}

#[tokio::test]
async fn a_fresh_database_has_no_version_until_every_migration_is_applied_in_order() {
    for e in empty_databases().await {
        assert_eq!(current_version(&e.db).await.unwrap(), None, "{}", e.label);
        let report = migrate(&e.db)
            .await
            .unwrap_or_else(|err| panic!("{}: {err}", e.label));
        assert_eq!(
            report.applied,
            vec![
                (1, "foundation"),
                (2, "roles"),
                (3, "search order"),
                (4, "need to know"),
                (5, "identify"),
                (6, "assess"),
                (7, "dash"),
                (8, "manage"),
                (9, "enforcement"),
                (10, "disclosure"),
                (11, "mappa"),
                (12, "mappa meetings"),
                (13, "mappa plans"),
                (14, "mappa oversight"),
                (15, "need-to-know relationships"),
                (16, "victim-derived findings"),
                (17, "audit pending"),
                (18, "outbox"),
                (19, "training clock"),
                (20, "queue tables"),
                (21, "access log index"),
                (22, "partners"),
                (23, "action plan"),
                (24, "volunteers"),
                (25, "responsibility transfer"),
                (26, "iom"),
                (27, "iom case"),
                (28, "board measures"),
                (29, "electronic monitoring"),
                (30, "em fix by key"),
                (31, "approved premises"),
                (32, "approved premises register"),
                (33, "approved premises incidents"),
                (34, "sentence term"),
                (35, "notification correction"),
                (36, "category 3 answers"),
                (37, "change sections"),
                (38, "single sign on"),
                (39, "licence appointment"),
                (40, "em rules rev"),
                (41, "diary"),
                (42, "postcode directory"),
                (43, "attachments"),
                (44, "mail summary")
            ],
            "{}",
            e.label
        );
        assert_eq!(report.already, 0, "{}", e.label);
        assert_eq!(
            current_version(&e.db).await.unwrap(),
            Some(latest_version()),
            "{}",
            e.label
        );
        e.finish().await;
    }
}

#[tokio::test]
async fn migrating_twice_applies_nothing_the_second_time() {
    for t in concord_testkit::databases().await {
        // The testkit has migrated once already.
        let again = migrate(&t.db)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert!(again.applied.is_empty(), "{}: {again:?}", t.label);
        assert_eq!(again.already as i64, latest_version(), "{}", t.label);
        let third = migrate(&t.db).await.unwrap();
        assert_eq!(third, again, "{}", t.label);
        assert_eq!(
            current_version(&t.db).await.unwrap(),
            Some(latest_version()),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_build_is_refused() {
    for t in concord_testkit::databases().await {
        exec(&t.db, "INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (999, 'future', 'x', CURRENT_TIMESTAMP)")
            .await
            .unwrap();
        let err = migrate(&t.db).await.unwrap_err();
        assert!(
            matches!(err, StoreError::UnknownMigration(999)),
            "{}: {err:?}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_migration_changed_after_it_was_applied_is_refused() {
    for t in concord_testkit::databases().await {
        exec(
            &t.db,
            "UPDATE schema_migration SET checksum = 'edited' WHERE version = 1",
        )
        .await
        .unwrap();
        let err = migrate(&t.db).await.unwrap_err();
        assert!(
            matches!(err, StoreError::ChangedMigration(1)),
            "{}: {err:?}",
            t.label
        );
        assert!(
            err.to_string().contains("changed after it was applied"),
            "{}: {err}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_roles_of_the_design_are_seeded_as_reference_data() {
    for t in concord_testkit::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let roles = concord_store::roles(&mut tx).await.unwrap();
        tx.rollback().await.unwrap();
        let codes: Vec<&str> = roles.iter().map(|r| r.code.as_str()).collect();
        for expected in [
            "offender_manager",
            "public_protection_officer",
            "partner_caseworker",
            "board_member",
            "administrator",
        ] {
            assert!(
                codes.contains(&expected),
                "{}: {expected} missing from {codes:?}",
                t.label
            );
        }
        // Migration 4 re-states the roles for need-to-know. A partner caseworker holds
        // `person.read`, which reads only what a referral or share gives them, and
        // nothing that searches, writes or opens a restricted section.
        let permissions = |code: &str| -> Vec<String> {
            let role = roles
                .iter()
                .find(|r| r.code == code)
                .unwrap_or_else(|| panic!("{}: no role {code}", t.label));
            serde_json::from_value(role.permissions.clone()).unwrap()
        };
        assert_eq!(
            permissions("partner_caseworker"),
            ["person.read", "caseload.view"],
            "{}",
            t.label
        );
        // Restricted sections go to the roles whose work needs them, and only those.
        let holders = |permission: &str| -> Vec<&str> {
            let mut codes: Vec<&str> = roles
                .iter()
                .filter(|r| permissions(&r.code).iter().any(|p| p == permission))
                .map(|r| r.code.as_str())
                .collect();
            codes.sort();
            codes
        };
        // Migration 7: police domestic abuse officers complete DASH with the victim.
        assert_eq!(
            holders("section.victim"),
            [
                "domestic_abuse_officer",
                "mappa_chair",
                "victim_liaison_officer"
            ],
            "{}",
            t.label
        );
        assert_eq!(
            holders("section.intelligence"),
            ["iom_officer", "mappa_chair", "public_protection_officer"],
            "{}",
            t.label
        );
        assert_eq!(
            holders("access.review"),
            ["information_governance_lead"],
            "{}",
            t.label
        );
        assert!(
            !permissions("partner_caseworker")
                .iter()
                .any(|p| p.starts_with("section.") || p == "person.search" || p == "person.change"),
            "{}",
            t.label
        );
        let board = roles.iter().find(|r| r.code == "board_member").unwrap();
        assert_eq!(
            board.permissions,
            serde_json::json!(["aggregate.view"]),
            "{}",
            t.label
        );
        // Every stored permission is one the policy understands.
        for r in &roles {
            for p in r.permissions.as_array().unwrap() {
                let code = p.as_str().unwrap();
                assert!(
                    concord_authz::Permission::from_code(code).is_some(),
                    "{}: role {} has unknown permission {code}",
                    t.label,
                    r.code
                );
            }
        }
        t.finish().await;
    }
}

/// Two servers started together on one new database both migrate it: each migration is
/// applied once, by one of them, and both start on the whole schema.
#[tokio::test]
async fn two_servers_migrating_together_apply_each_migration_once() {
    for e in empty_databases().await {
        let other = e.second_server().await;
        let (a, b) = tokio::join!(migrate(&e.db), migrate(&other));
        let a = a.unwrap_or_else(|err| panic!("{}: first server: {err}", e.label));
        let b = b.unwrap_or_else(|err| panic!("{}: second server: {err}", e.label));
        assert_eq!(
            (a.applied.len() + b.applied.len()) as i64,
            latest_version(),
            "{}: {a:?} {b:?}",
            e.label
        );
        for server in [&e.db, &other] {
            assert_eq!(
                current_version(server).await.unwrap(),
                Some(latest_version()),
                "{}",
                e.label
            );
        }
        let rows: i64 = match &e.db {
            Db::Sqlite(p) => sqlx::query_scalar("SELECT COUNT(*) FROM schema_migration")
                .fetch_one(p)
                .await
                .unwrap(),
            Db::Postgres(p) => sqlx::query_scalar("SELECT COUNT(*) FROM schema_migration")
                .fetch_one(p)
                .await
                .unwrap(),
        };
        assert_eq!(rows, latest_version(), "{}", e.label);
        other.close().await;
        e.finish().await;
    }
}

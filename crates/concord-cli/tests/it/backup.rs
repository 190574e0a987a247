//! Issue 25 item 5: `concord backup` and `concord restore`. A database with a demo's
//! worth of records and audit events is backed up while it could be serving, restored into
//! an empty database, and the restored audit chain verifies with every event; a backup
//! never overwrites a file, a restore never replaces data without --force, and a file
//! that is not a backup is refused saying so. On SQLite always; on PostgreSQL (pg_dump,
//! pg_restore) when it is configured.

use std::process::Output;

use super::concord;

use concord_app::{App, AppSettings, Clock};

fn stdout(out: &Output) -> String {
    super::succeeded(out);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// "Audit chain intact: N events." → N.
fn events(line: &str) -> i64 {
    let at = line.find("Audit chain intact: ").expect(line) + "Audit chain intact: ".len();
    line[at..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect(line)
}

async fn demo_in(url: &str) {
    let (app, _) = App::open(url, Clock::system(), AppSettings::default())
        .await
        .unwrap();
    concord_demo::load_demo(&app, 6, &|_, _| {}).await.unwrap();
    app.settle_audit().await.unwrap();
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_restores_into_a_new_file_with_its_audit_chain_intact() {
    let dir = super::scratch("backup-sqlite");
    let source = dir.join("live.db");
    let source = source.to_str().unwrap();
    demo_in(source).await;
    let before = events(&stdout(&concord(&dir, source, &["audit", "verify"])));
    assert!(before > 100, "the demo wrote {before} audit events");

    let backed = stdout(&concord(&dir, source, &["backup", "--output", "backup.db"]));
    assert!(backed.starts_with("Backed up to backup.db ("), "{backed}");
    super::refused(
        &concord(&dir, source, &["backup", "--output", "backup.db"]),
        "already exists: a backup never overwrites a file",
    );

    let target = dir.join("restored.db");
    let target = target.to_str().unwrap();
    let restored = stdout(&concord(&dir, target, &["restore", "--input", "backup.db"]));
    assert_eq!(events(&restored), before, "{restored}");
    assert_eq!(
        events(&stdout(&concord(&dir, target, &["audit", "verify"]))),
        before
    );
    // The restored database holds the demo: its accounts sign in through the same app.
    super::refused(
        &concord(&dir, target, &["restore", "--input", "backup.db"]),
        "already holds a database: restore into a new file, or give --force",
    );
    let again = stdout(&concord(
        &dir,
        target,
        &["restore", "--input", "backup.db", "--force"],
    ));
    assert_eq!(events(&again), before);

    std::fs::write(dir.join("notes.txt"), "not a database").unwrap();
    super::refused(
        &concord(
            &dir,
            &dir.join("other.db").to_string_lossy(),
            &["restore", "--input", "notes.txt"],
        ),
        "is not a SQLite backup",
    );
    super::refused(
        &concord(&dir, source, &["restore", "--input", "missing.db"]),
        "--input: cannot open missing.db",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_backup_restores_with_pg_restore_and_its_audit_chain_intact() {
    let Some(admin) = concord_testkit::postgres_url() else {
        eprintln!("skipped: needs PostgreSQL (set CONCORD_TEST_POSTGRES_URL)");
        return;
    };
    let source = concord_testkit::postgres(&admin).await;
    let source_url = source.url();
    demo_in(&source_url).await;
    let dir = super::scratch("backup-postgres");
    let before = events(&stdout(&concord(&dir, &source_url, &["audit", "verify"])));
    assert!(before > 100, "{before}");
    stdout(&concord(
        &dir,
        &source_url,
        &["backup", "--output", "concord.dump"],
    ));

    // A migrated database holds Concord's schema: replaced only with --force.
    let target = concord_testkit::postgres(&admin).await;
    let target_url = target.url();
    super::refused(
        &concord(&dir, &target_url, &["restore", "--input", "concord.dump"]),
        "already holds Concord's data",
    );
    super::refused(
        &concord(&dir, &target_url, &["restore", "--input", "live.db"]),
        "--input: cannot open",
    );
    let restored = stdout(&concord(
        &dir,
        &target_url,
        &["restore", "--input", "concord.dump", "--force"],
    ));
    assert_eq!(events(&restored), before, "{restored}");
    assert!(!restored.contains("password"), "{restored}");
    target.finish().await;
    source.finish().await;
}

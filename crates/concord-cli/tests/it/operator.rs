//! The operator's database commands, which reach the data only through the app:
//! `concord migrate` brings a new database up to date and then says it is; `concord audit
//! verify` recomputes the chain; a database URL Concord cannot use is refused naming it.

use std::process::Command;

use super::concord;

#[test]
fn migrate_then_verify_a_new_database_and_refuse_a_url_it_cannot_use() {
    let dir = super::scratch("operator");
    let db = dir.join("concord.db");
    let url = db.to_str().unwrap();

    let first = concord(&dir, url, &["migrate"]);
    super::succeeded(&first);
    let applied = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(applied.starts_with("Applied migration 1: "), "{applied}");
    let last_version = applied.lines().count();

    let again = concord(&dir, url, &["migrate"]);
    super::succeeded(&again);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        format!("The database is up to date (schema version {last_version}).")
    );

    let verify = concord(&dir, url, &["audit", "verify"]);
    super::succeeded(&verify);
    assert_eq!(
        String::from_utf8_lossy(&verify.stdout).trim(),
        "Audit chain intact: 0 events."
    );

    let stderr = super::refused(
        &concord(&dir, "mysql://root@localhost/concord", &["migrate"]),
        "DATABASE_URL scheme `mysql` is not supported",
    );
    assert!(stderr.contains("database_url: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A node started with `--no-migrate` refuses a database that is not at this build's
/// schema (saying what to run); on a migrated one it serves, and SIGTERM — what a service
/// manager sends — stops it cleanly, finishing in-flight requests first.
#[cfg(unix)]
#[test]
fn a_node_that_does_not_migrate_needs_a_current_schema_and_stops_on_sigterm() {
    let dir = super::scratch("no-migrate");
    let db = dir.join("concord.db");
    let url = db.to_str().unwrap();
    let serve = [
        "serve",
        "--no-migrate",
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
    ];

    super::refused(&concord(&dir, url, &serve), "this build needs version");

    super::succeeded(&concord(&dir, url, &["migrate"]));
    let (mut node, first) = super::serve_node(&dir, url, &[]);
    assert!(first.starts_with("Concord is running at"), "{first}");
    let status = super::terminate(&mut node);
    assert!(
        status.success(),
        "a SIGTERM stop is a clean exit: {status:?}"
    );
}

/// `concord audit anchor` records the chain's head in a signed file outside the database;
/// `audit verify` then checks the chain against it, and refuses a forged anchor line by
/// its number.
#[test]
fn the_audit_chain_is_anchored_outside_the_database_and_checked_against_it() {
    let dir = super::scratch("anchor");
    let db = dir.join("concord.db");
    let url = db.to_str().unwrap();
    let anchors = dir.join("anchors");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(args)
            .current_dir(&dir)
            .env("DATABASE_URL", url)
            .env_remove("CONCORD_DATABASE_URL")
            .env("CONCORD_AUDIT_ANCHOR", &anchors)
            .env(
                "CONCORD_AUDIT_ANCHOR_KEY",
                "held by the auditor, not the DBA",
            )
            .output()
            .unwrap()
    };
    super::succeeded(&run(&["migrate"]));
    let empty = run(&["audit", "anchor"]);
    super::succeeded(&empty);
    assert!(String::from_utf8_lossy(&empty.stdout).contains("nothing to anchor"));

    // The console's account work is audited: the chain now has events to anchor.
    super::succeeded(&run(&[
        "agency",
        "add",
        "--code",
        "pol",
        "--name",
        "Essex Police",
        "--kind",
        "police",
        "--area",
        "Essex",
    ]));
    let anchored = run(&["audit", "anchor"]);
    super::succeeded(&anchored);
    assert!(
        String::from_utf8_lossy(&anchored.stdout).starts_with("Anchored event 1 ("),
        "{}",
        String::from_utf8_lossy(&anchored.stdout)
    );
    let verify = run(&["audit", "verify"]);
    super::succeeded(&verify);
    let said = String::from_utf8_lossy(&verify.stdout).to_string();
    assert!(said.contains("matches the 1 anchor(s)"), "{said}");

    let line = std::fs::read_to_string(&anchors).unwrap();
    let forged = line.replacen(" ", " 0", 1);
    std::fs::write(&anchors, forged).unwrap();
    super::refused(&run(&["audit", "verify"]), "line 1");
}

//! The operator's database commands, which reach the data only through the app:
//! `concord migrate` brings a new database up to date and then says it is; `concord audit
//! verify` recomputes the chain; a database URL Concord cannot use is refused naming it.

use std::process::{Command, Output};

fn concord(dir: &std::path::Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env_remove("CONCORD_DATABASE_URL")
        .output()
        .unwrap()
}

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

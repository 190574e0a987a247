//! Understanding `DATABASE_URL` and failing to connect with a useful message. These tests
//! need no test database, so they do not loop over the engines.

use concord_store::{DatabaseUrl, Db, StoreError};

#[test]
fn database_urls_name_their_engine() {
    let table = [
        ("concord.db", DatabaseUrl::Sqlite("concord.db".into())),
        (
            "  ./data/concord.db  ",
            DatabaseUrl::Sqlite("./data/concord.db".into()),
        ),
        (
            "sqlite:concord.db",
            DatabaseUrl::Sqlite("concord.db".into()),
        ),
        (
            "sqlite://data/c.db",
            DatabaseUrl::Sqlite("data/c.db".into()),
        ),
        (
            "postgres://app@db:5432/concord",
            DatabaseUrl::Postgres("postgres://app@db:5432/concord".into()),
        ),
        (
            "postgresql://app@db/concord",
            DatabaseUrl::Postgres("postgresql://app@db/concord".into()),
        ),
    ];
    for (input, expected) in table {
        assert_eq!(
            DatabaseUrl::parse(input).unwrap(),
            expected,
            "input {input:?}"
        );
    }
}

#[test]
fn unusable_database_urls_are_refused_with_the_reason() {
    for (input, says) in [
        ("", "empty"),
        ("   ", "empty"),
        ("sqlite:", "names no file"),
        ("mysql://localhost/concord", "mysql"),
        (
            "postgres://app@db:notaport/concord",
            "not a valid PostgreSQL URL",
        ),
    ] {
        match DatabaseUrl::parse(input) {
            Err(StoreError::Config(msg)) => assert!(msg.contains(says), "input {input:?}: {msg}"),
            other => panic!("input {input:?}: {other:?}"),
        }
    }
}

#[test]
fn a_redacted_url_never_shows_the_password() {
    let url = DatabaseUrl::parse("postgres://app:s3cret@db.internal:5432/concord").unwrap();
    let shown = url.redacted();
    assert!(!shown.contains("s3cret"), "{shown}");
    assert_eq!(shown, "postgres://app:***@db.internal:5432/concord");
    let no_password = DatabaseUrl::parse("postgres://db.internal/concord").unwrap();
    assert_eq!(no_password.redacted(), "postgres://db.internal/concord");
    assert_eq!(
        DatabaseUrl::parse("concord.db").unwrap().redacted(),
        "sqlite:concord.db"
    );
}

#[tokio::test]
async fn an_unreachable_postgresql_server_is_a_connect_error_naming_the_target() {
    let err = Db::connect("postgres://postgres:hunter2@127.0.0.1:1/x")
        .await
        .err()
        .expect("port 1 refuses connections");
    match &err {
        StoreError::Connect { target, reason } => {
            assert!(target.contains("127.0.0.1:1/x"), "{target}");
            assert!(
                !target.contains("hunter2"),
                "the password leaked into {target}"
            );
            assert!(!reason.is_empty());
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.starts_with("cannot connect to postgres://postgres:***@127.0.0.1:1/x"),
        "{message}"
    );
}

#[tokio::test]
async fn an_sqlite_file_in_a_missing_directory_is_a_connect_error_naming_the_file() {
    let path = std::env::temp_dir()
        .join("concord-no-such-dir")
        .join(uuid::Uuid::new_v4().to_string())
        .join("c.db");
    let url = path.to_str().unwrap().to_string();
    let err = Db::connect(&url)
        .await
        .err()
        .expect("the directory does not exist");
    match err {
        StoreError::Connect { target, .. } => assert_eq!(target, format!("sqlite:{url}")),
        other => panic!("expected a connect error, got {other:?}"),
    }
}

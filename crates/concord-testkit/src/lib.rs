//! Test support shared by every crate's integration tests.
//!
//! Owns: a fresh, migrated database per test on SQLite, and on PostgreSQL too when
//! `CONCORD_TEST_POSTGRES_URL` is set (CI sets it), so every store and integration test
//! runs on both engines; an app seeded with agencies and staff over one ([`TestApp`]); a
//! clock the test moves by hand ([`TestClock`]). Must not be a dependency of any non-test
//! code, and not of concord-app's own unit tests (it links concord-app: a second copy).

mod app;
mod clock;

pub use app::{new_user, TestApp, TestAppBuilder, PASSWORD};
pub use clock::TestClock;

use concord_store::Db;

/// One fresh, migrated database for one test.
pub struct TestDb {
    pub db: Db,
    /// "sqlite" or "postgres", for assertion messages.
    pub label: &'static str,
    /// What to remove when the test is done (by `Drop`).
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDb {
    /// The database's URL, for a process of its own (a `concord serve` node) to open.
    pub fn url(&self) -> String {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => path.to_string_lossy().into_owned(),
            Cleanup::PostgresDatabase { admin_url, name } => with_database(admin_url, name),
        }
    }
}

/// The PostgreSQL server to test against, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("CONCORD_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// The NATS JetStream server to test the domain-event outbox against:
/// `CONCORD_TEST_NATS_URL`, else the development machines' 127.0.0.1:4222 — `None` (the
/// test says it skipped) if nothing answers there, except in CI, where NATS is required and
/// its absence fails the test.
pub fn nats_url() -> Option<String> {
    let url = std::env::var("CONCORD_TEST_NATS_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "nats://127.0.0.1:4222".into());
    let addr = url.trim_start_matches("nats://").to_string();
    let up = std::net::ToSocketAddrs::to_socket_addrs(addr.as_str())
        .ok()
        .and_then(|mut a| a.next())
        .is_some_and(|a| {
            std::net::TcpStream::connect_timeout(&a, std::time::Duration::from_secs(2)).is_ok()
        });
    if up {
        return Some(url);
    }
    assert!(
        std::env::var("CI").is_err(),
        "NATS is required in CI and nothing answers at {url}"
    );
    eprintln!("skipped: no NATS server at {url} (set CONCORD_TEST_NATS_URL)");
    None
}

/// A fresh database on every engine under test: SQLite always, PostgreSQL when
/// configured. Tests loop over the result so each assertion runs on both.
pub async fn databases() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(url) = postgres_url() {
        dbs.push(postgres(&url).await);
    }
    dbs
}

/// A fresh migrated SQLite database in a temporary file.
pub async fn sqlite() -> TestDb {
    let path =
        std::env::temp_dir().join(format!("concord-test-{}.db", uuid::Uuid::new_v4().simple()));
    let db = Db::connect(path.to_str().expect("temp path is UTF-8"))
        .await
        .expect("open SQLite test database");
    concord_store::migrate(&db)
        .await
        .expect("migrate SQLite test database");
    TestDb {
        db,
        label: "sqlite",
        cleanup: Cleanup::SqliteFile(path),
    }
}

/// A fresh migrated PostgreSQL database created on the server at `admin_url`.
pub async fn postgres(admin_url: &str) -> TestDb {
    use sqlx::Connection;
    let name = format!("concord_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| {
            panic!("CONCORD_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
        });
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create test database");
    admin.close().await.ok();
    let url = with_database(admin_url, &name);
    let db = Db::connect(&url)
        .await
        .expect("connect to the new test database");
    concord_store::migrate(&db)
        .await
        .expect("migrate PostgreSQL test database");
    TestDb {
        db,
        label: "postgres",
        cleanup: Cleanup::PostgresDatabase {
            admin_url: admin_url.to_string(),
            name,
        },
    }
}

/// The same server URL with another database name (the path segment), keeping any query.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| i + scheme_end);
    let mut out = format!("{}/{}", &base[..host_end], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl TestDb {
    /// Close the pool, then remove the database (as dropping it does). A failing test
    /// leaves its database behind for inspection.
    pub async fn finish(self) {
        self.db.close().await;
    }
}

impl Cleanup {
    async fn remove(&self) {
        match self {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    std::fs::remove_file(p).ok();
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                use sqlx::Connection;
                if let Ok(mut admin) = sqlx::PgConnection::connect(admin_url).await {
                    // FORCE ends the sessions still open on it (a pool not closed).
                    sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                        .ok();
                    admin.close().await.ok();
                }
            }
        }
    }
}

/// Every test's database is removed here, whether or not the test called
/// [`TestDb::finish`] (many return early or simply end, and each left a PostgreSQL
/// database behind per run), on a thread of its own with a runtime of its own, since
/// `drop` cannot wait on the test's runtime. Not when the test is failing: its database
/// is kept for inspection.
impl Drop for TestDb {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let cleanup = &self.cleanup;
        std::thread::scope(|s| {
            s.spawn(|| {
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    runtime.block_on(cleanup.remove());
                }
            });
        });
    }
}

/// One whole number from the database (a `COUNT(*)`), for a test's checks.
pub async fn scalar_i64(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn a_database_url_gets_a_new_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}

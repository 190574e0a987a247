use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::StoreError;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// A connection pool on either backend. Every query is written once (see [`on_tx!`]);
/// the enum only picks the driver.
#[derive(Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either backend. Every use case runs in exactly one.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(PgTx),
}

/// A PostgreSQL transaction, or for a single read statement a plain pooled connection
/// ([`Db::read_statement`]): one statement is atomic by itself, and on every request the
/// `BEGIN` and `ROLLBACK` round trips around it cost more than the read.
pub enum PgTx {
    Transaction(Transaction<'static, Postgres>),
    Statement(sqlx::pool::PoolConnection<Postgres>),
}

impl From<Transaction<'static, Postgres>> for PgTx {
    fn from(t: Transaction<'static, Postgres>) -> Self {
        PgTx::Transaction(t)
    }
}

impl std::ops::Deref for PgTx {
    type Target = sqlx::PgConnection;
    fn deref(&self) -> &Self::Target {
        match self {
            PgTx::Transaction(t) => t,
            PgTx::Statement(c) => c,
        }
    }
}

impl std::ops::DerefMut for PgTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            PgTx::Transaction(t) => &mut *t,
            PgTx::Statement(c) => &mut *c,
        }
    }
}

/// Run one body of query code against whichever backend the transaction is on. The body
/// is compiled once per backend, so a type that one driver cannot encode fails to build.
#[macro_export]
#[doc(hidden)]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

/// What the operator wrote in `DATABASE_URL`, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    /// `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite:…` or a plain file path is
    /// SQLite; any other scheme is refused with the reason.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::Config(
                "DATABASE_URL is empty: give a SQLite file path or a postgres:// URL".into(),
            ));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            PgConnectOptions::from_str(url).map_err(|e| {
                StoreError::Config(format!("DATABASE_URL is not a valid PostgreSQL URL: {e}"))
            })?;
            return Ok(DatabaseUrl::Postgres(url.to_string()));
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            if path.is_empty() {
                return Err(StoreError::Config(
                    "DATABASE_URL sqlite: URL names no file".into(),
                ));
            }
            return Ok(DatabaseUrl::Sqlite(path.to_string()));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(StoreError::Config(format!(
                "DATABASE_URL scheme `{scheme}` is not supported: use a SQLite file path, sqlite:PATH or postgres://…"
            )));
        }
        Ok(DatabaseUrl::Sqlite(url.to_string()))
    }

    /// The URL with any password replaced, for messages and logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite:{path}"),
            DatabaseUrl::Postgres(url) => redacted_url(url),
        }
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…), …` for `rows` rows of `columns`
/// parameters: numbered (`$1`, …) for PostgreSQL, anonymous `?` for SQLite. sqlx asks
/// SQLite the name of every parameter it binds, and SQLite finds a numbered one by walking
/// its list of names, so `$n` costs time quadratic in the rows (measured: three quarters
/// of the electronic-monitoring feed's CPU at 3,200 parameters).
pub fn multi_row_insert(
    table_and_columns: &str,
    columns: usize,
    rows: usize,
    numbered: bool,
) -> String {
    let mut sql = format!("INSERT INTO {table_and_columns} VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push_str(&format!("${}", r * columns + c + 1));
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// `scheme://user:password@host…` with the password replaced, for logs and settings
/// listings; a URL without credentials is returned as it is.
pub fn redacted_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

impl Db {
    /// SQLite only: a consistent copy of the whole database written to `to` (`VACUUM
    /// INTO`), taken while the database stays in use — readers and writers carry on, and
    /// the copy is the database as of one instant. `to` must not exist.
    pub async fn sqlite_backup_into(&self, to: &str) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(pool) => {
                sqlx::query("VACUUM INTO $1").bind(to).execute(pool).await?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::Config(
                "a PostgreSQL database is backed up with pg_dump, not VACUUM INTO".into(),
            )),
        }
    }

    /// Connections the pool holds now and how many of them are idle, for the operators'
    /// metrics (`/metrics`): a pool always busy is a node short of connections.
    pub fn pool_stats(&self) -> (u32, usize) {
        match self {
            Db::Sqlite(p) => (p.size(), p.num_idle()),
            Db::Postgres(p) => (p.size(), p.num_idle()),
        }
    }

    /// Connect, creating the SQLite file if needed. Errors say which database could not be
    /// reached and why.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        Self::connect_pooled(url, None).await
    }

    /// As [`Db::connect`], with at most `pool_size` connections (default: 4 for SQLite,
    /// whose one writer gains nothing from more; 16 for PostgreSQL). With several nodes
    /// on one PostgreSQL, their pools together must stay under its `max_connections`.
    pub async fn connect_pooled(url: &str, pool_size: Option<u32>) -> Result<Db, StoreError> {
        if pool_size == Some(0) {
            return Err(StoreError::Config(
                "the database pool size must be at least 1".into(),
            ));
        }
        let parsed = DatabaseUrl::parse(url)?;
        match &parsed {
            DatabaseUrl::Sqlite(path) => {
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // A page cache of 32 MiB a connection rather than SQLite's 2 MiB: a
                    // monitoring feed's transaction of thousands of fixes otherwise spills
                    // dirty pages into the log mid-transaction and reads them back
                    // (measured: an eighth of the feed's time in `pagerStress` and page
                    // reads). Pages are allocated as used, so a quiet node stays small.
                    .pragma("cache_size", "-32768")
                    // Statement journals (an INSERT's undo within a transaction) and
                    // temporary tables in memory, not in temporary files.
                    .pragma("temp_store", "memory")
                    // Checkpoint the log every 16 MiB rather than 4: a page written by
                    // many transactions in a row is copied into the database once.
                    .pragma("wal_autocheckpoint", "4096");
                let pool = SqlitePoolOptions::new()
                    .max_connections(pool_size.unwrap_or(4))
                    .connect_with(options)
                    .await
                    .map_err(|e| StoreError::Connect {
                        target: parsed.redacted(),
                        reason: e.to_string(),
                    })?;
                Ok(Db::Sqlite(pool))
            }
            DatabaseUrl::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Config(format!("DATABASE_URL: {e}")))?;
                // One direct connection first: a pool only reports "timed out", while the
                // connection itself says why (refused, unknown host, bad password, no
                // such database).
                {
                    use sqlx::Connection;
                    let probe = sqlx::PgConnection::connect_with(&options)
                        .await
                        .map_err(|e| e.to_string());
                    match probe {
                        Ok(conn) => {
                            conn.close().await.ok();
                        }
                        Err(reason) => {
                            return Err(StoreError::Connect {
                                target: parsed.redacted(),
                                reason,
                            });
                        }
                    }
                }
                let pool = PgPoolOptions::new()
                    .max_connections(pool_size.unwrap_or(16))
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(|e| StoreError::Connect {
                        target: parsed.redacted(),
                        reason: e.to_string(),
                    })?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Begin a use case's transaction. Every use case writes audit events. On SQLite the
    /// transaction takes the database's one write lock at `BEGIN IMMEDIATE`, so it never
    /// has to upgrade from reading to writing half-way, which SQLite cannot do safely.
    /// On PostgreSQL it takes no lock at all: its events wait in `audit_pending` for the
    /// sealer (ADR 0008), so transactions only wait for one another over the same rows.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?.into()),
        })
    }

    /// For exactly one statement that reads staff data (the session behind a request):
    /// on PostgreSQL a pooled connection without `BEGIN`, on SQLite (in process, where a
    /// transaction costs nothing) as [`Db::begin_read`]. The caller ends it with
    /// `rollback`, which on the plain connection only returns it to the pool.
    pub async fn read_statement(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(PgTx::Statement(pool.acquire().await?)),
        })
    }

    /// For a unit of work that only reads personal data and writes its consultation: on
    /// PostgreSQL a pooled connection without `BEGIN` (each statement commits itself); on
    /// SQLite a writing transaction as [`Db::begin`], since a transaction that reads and
    /// then writes must hold the write lock from the start.
    pub async fn begin_read_unit(&self) -> Result<Tx, StoreError> {
        self.self_committing().await
    }

    /// For work whose every statement stands alone (the audit appender's one-statement
    /// appends): on PostgreSQL a pooled connection without `BEGIN`, each statement
    /// committing itself; on SQLite a writing transaction as [`Db::begin`], which the
    /// caller commits. On both, end it with `commit` (a no-op on the plain connection).
    pub async fn self_committing(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(PgTx::Statement(pool.acquire().await?)),
        })
    }

    /// Begin a transaction that only reads staff data (sessions, accounts) and never
    /// writes: it skips the audit-chain lock, so checking a session on every request does
    /// not queue behind writers. Personal data is never read this way (it would need an
    /// audit event, hence a write).
    pub async fn begin_read(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?.into()),
        })
    }

    /// Close the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(PgTx::Transaction(t)) => t.commit().await?,
            Tx::Postgres(PgTx::Statement(_)) => {}
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(PgTx::Transaction(t)) => t.rollback().await?,
            Tx::Postgres(PgTx::Statement(_)) => {}
        }
        Ok(())
    }

    /// A connection without a transaction ([`Db::read_statement`], [`Db::begin_read_unit`]):
    /// each statement on it commits by itself.
    pub fn is_plain(&self) -> bool {
        matches!(self, Tx::Postgres(PgTx::Statement(_)))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_row_insert_numbers_its_parameters_for_postgresql_only() {
        assert_eq!(
            multi_row_insert("t (a, b)", 2, 2, true),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            multi_row_insert("t (a, b)", 2, 2, false),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }

    #[test]
    fn database_urls_are_understood_or_refused_with_a_reason() {
        assert_eq!(
            DatabaseUrl::parse("concord.db").unwrap(),
            DatabaseUrl::Sqlite("concord.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/c.db").unwrap(),
            DatabaseUrl::Sqlite("data/c.db".into())
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u:secret@localhost/db").unwrap(),
            DatabaseUrl::Postgres(_)
        ));
        let err = DatabaseUrl::parse("mysql://localhost/db")
            .unwrap_err()
            .to_string();
        assert!(err.contains("mysql"), "{err}");
        assert!(DatabaseUrl::parse("  ").is_err());
    }

    #[test]
    fn redacted_urls_hide_the_password() {
        let url = DatabaseUrl::parse("postgres://app:secret@db.internal:5432/concord").unwrap();
        assert_eq!(
            url.redacted(),
            "postgres://app:***@db.internal:5432/concord"
        );
    }
}

/// Failures of the persistence layer. The app maps these to its own errors; none of the
/// messages reach a user's browser except through that mapping.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("cannot connect to {target}: {reason}")]
    Connect { target: String, reason: String },
    #[error("migration {version} ({name}) failed: {reason}")]
    Migration {
        version: i64,
        name: String,
        reason: String,
    },
    #[error("the database has migration {0} which this build of Concord does not know: is it older than the database?")]
    UnknownMigration(i64),
    #[error("migration {0} was changed after it was applied (checksum mismatch)")]
    ChangedMigration(i64),
    #[error("a capability for {needed} was required but another was given")]
    WrongCapability { needed: &'static str },
    #[error("the record was changed by someone else since it was read")]
    StaleVersion,
    #[error("not found")]
    NotFound,
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// A fault of the moment, not of the request: the database restarting or unreachable,
    /// the pool exhausted, a serialisation failure or deadlock, SQLite busy. The work was
    /// rolled back whole; the same request may succeed if sent again shortly.
    pub fn is_transient(&self) -> bool {
        let StoreError::Sqlx(e) = self else {
            return false;
        };
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                // PostgreSQL: connection exceptions (08…), shutting down or starting up
                // (57P01–57P03), too many connections, serialisation failure, deadlock.
                // SQLite: busy, locked, busy snapshot.
                code.starts_with("08")
                    || ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].contains(&&*code)
                    || ["5", "6", "517"].contains(&&*code)
            }),
            _ => false,
        }
    }

    /// A unique-constraint violation (e.g. a username already taken).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Sqlx(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

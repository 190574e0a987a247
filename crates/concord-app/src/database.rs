//! The operator's database work: connect, bring the schema up to date, verify the audit
//! chain. The CLI reaches data only through the app (scripts/check-deps forbids it a direct
//! store dependency), so these are the app's answers, in the app's own types.

use concord_store::{DatabaseUrl, Db};

use crate::audit_anchor::{AnchorFile, AuditAnchor};
use crate::{App, AppSettings, Clock};

/// Why the database could not be reached, migrated or read: the store's own explanation
/// (which database, which migration, what went wrong), for the operator to act on.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DatabaseError(String);

impl DatabaseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        DatabaseError(message.into())
    }
}

impl From<concord_store::StoreError> for DatabaseError {
    fn from(e: concord_store::StoreError) -> Self {
        DatabaseError(e.to_string())
    }
}

/// Where a database lives, for backing it up and restoring it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// The SQLite file's path.
    SqliteFile(String),
    /// The PostgreSQL URL (with its password: never print it; see
    /// [`redacted_database_url`]).
    Postgres(String),
}

/// Where the database at `url` lives.
pub fn database_location(url: &str) -> Result<DatabaseLocation, DatabaseError> {
    Ok(match DatabaseUrl::parse(url)? {
        DatabaseUrl::Sqlite(path) => DatabaseLocation::SqliteFile(path),
        DatabaseUrl::Postgres(url) => DatabaseLocation::Postgres(url),
    })
}

/// A SQLite database copied whole, as of one instant, to the new file `to`, while it
/// stays in use (`VACUUM INTO`).
pub async fn backup_sqlite_database(url: &str, to: &str) -> Result<(), DatabaseError> {
    let db = Db::connect(url).await?;
    let done = db.sqlite_backup_into(to).await;
    db.close().await;
    Ok(done?)
}

/// The schema version of the database at `url`; `None` when it holds no Concord schema.
pub async fn database_schema_version(url: &str) -> Result<Option<i64>, DatabaseError> {
    let db = Db::connect(url).await?;
    let at = concord_store::current_version(&db).await;
    db.close().await;
    Ok(at?)
}

/// What a migration run did: the migrations applied now (version, name), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaReport {
    pub applied: Vec<(i64, &'static str)>,
    /// The schema version the database is at now.
    pub version: i64,
}

/// The audit chain recomputed from its first event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditChainStatus {
    Intact { events: i64 },
    Broken { seq: i64, problem: String },
}

/// Check a database URL without connecting; the answer is the URL with any password
/// hidden, for logs and configuration dumps.
pub fn redacted_database_url(url: &str) -> Result<String, DatabaseError> {
    Ok(DatabaseUrl::parse(url)?.redacted())
}

/// Bring the schema of the database at `url` up to date. Each migration is its own
/// transaction, so a failure leaves the database at the previous version.
pub async fn migrate_database(url: &str) -> Result<SchemaReport, DatabaseError> {
    let db = Db::connect(url).await?;
    let report = migrate(&db).await;
    db.close().await;
    report
}

async fn migrate(db: &Db) -> Result<SchemaReport, DatabaseError> {
    let report = concord_store::migrate(db).await?;
    Ok(SchemaReport {
        applied: report.applied,
        version: concord_store::latest_version(),
    })
}

impl App {
    /// Connect and migrate, then the application on that database: the server never runs
    /// on an old schema.
    pub async fn open(
        url: &str,
        clock: Clock,
        settings: AppSettings,
    ) -> Result<(App, SchemaReport), DatabaseError> {
        let db = Db::connect_pooled(url, settings.database_pool_size).await?;
        let report = migrate(&db).await?;
        Ok((App::new(db, clock, settings), report))
    }

    /// The application on a database another node (or `concord migrate`) has already
    /// brought up to date; refused, with what to do, when the schema is not this build's:
    /// for nodes started with `serve --no-migrate` behind a deployment that migrates once.
    pub async fn open_migrated(
        url: &str,
        clock: Clock,
        settings: AppSettings,
    ) -> Result<App, DatabaseError> {
        let db = Db::connect_pooled(url, settings.database_pool_size).await?;
        let at = concord_store::current_version(&db).await?;
        let wanted = concord_store::latest_version();
        if at != Some(wanted) {
            db.close().await;
            let at = at.map_or_else(|| "no schema".to_string(), |v| format!("version {v}"));
            return Err(DatabaseError(format!(
                "the database is at {at} and this build needs version {wanted}: run `concord migrate` (or start one node without --no-migrate) first"
            )));
        }
        Ok(App::new(db, clock, settings))
    }

    /// Let in-flight work finish and close every connection.
    pub async fn close(&self) {
        self.db().close().await;
    }

    /// Recompute the whole audit chain: an edited, deleted or inserted event, or a
    /// truncated tail, is reported with the first event it breaks at. See
    /// [`App::verify_audit_chain_with`] for anchors and progress.
    pub async fn verify_audit_chain(&self) -> Result<AuditChainStatus, DatabaseError> {
        self.verify_audit_chain_with(None, &mut |_, _| {}).await
    }
}

/// The audit chain's anchors and its verification, for the operator.
impl App {
    /// Seal what is waiting and record the chain's head in `file`; returns the anchor.
    /// Nothing is written while the chain is empty.
    pub async fn anchor_audit(
        &self,
        file: &AnchorFile,
    ) -> Result<Option<AuditAnchor>, DatabaseError> {
        self.settle_audit()
            .await
            .map_err(|e| DatabaseError::new(e.to_string()))?;
        let mut tx = self.db().begin_read().await?;
        let head = concord_store::audit::head(&mut tx).await;
        tx.rollback().await.ok();
        let (seq, hash) = head?;
        if seq == 0 {
            return Ok(None);
        }
        let anchor = AuditAnchor {
            seq,
            hash,
            at: self.clock().now(),
        };
        file.append(&anchor)?;
        Ok(Some(anchor))
    }

    /// Recompute the whole audit chain from a consistent snapshot, holding no lock anyone
    /// waits for, after sealing what is waiting; check it against every anchor in
    /// `anchors`; report progress as (events checked, events in all).
    pub async fn verify_audit_chain_with(
        &self,
        anchors: Option<&AnchorFile>,
        progress: &mut (dyn FnMut(i64, i64) + Send),
    ) -> Result<AuditChainStatus, DatabaseError> {
        let anchored: Vec<concord_store::audit::Anchor> = match anchors {
            Some(f) => f
                .read()?
                .into_iter()
                .map(|a| concord_store::audit::Anchor {
                    seq: a.seq,
                    hash: a.hash,
                })
                .collect(),
            None => Vec::new(),
        };
        self.settle_audit()
            .await
            .map_err(|e| DatabaseError::new(e.to_string()))?;
        let status = concord_store::audit::verify_streaming(self.db(), &anchored, progress).await?;
        Ok(match status {
            concord_store::audit::ChainStatus::Intact { events } => {
                AuditChainStatus::Intact { events }
            }
            concord_store::audit::ChainStatus::Broken { seq, problem } => {
                AuditChainStatus::Broken { seq, problem }
            }
        })
    }
}

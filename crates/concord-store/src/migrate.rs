//! Forward-only migrations from one schema source.
//!
//! Each migration is a portable SQL file plus optional backend twins for the few
//! statements one engine spells differently (triggers). Applied versions are recorded
//! with a checksum; a changed or unknown migration stops start-up rather than guessing.

use chrono::Utc;
use sha2::{Digest, Sha256};

use crate::{on_tx, Backend, Db, StoreError, Tx};

struct Migration {
    version: i64,
    name: &'static str,
    portable: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        portable: include_str!("../migrations/0001_foundation.sql"),
        sqlite: include_str!("../migrations/0001_foundation.sqlite.sql"),
        postgres: include_str!("../migrations/0001_foundation.postgres.sql"),
    },
    Migration {
        version: 2,
        name: "roles",
        portable: include_str!("../migrations/0002_roles.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 3,
        name: "search order",
        portable: include_str!("../migrations/0003_search_order.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 4,
        name: "need to know",
        portable: include_str!("../migrations/0004_need_to_know.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 5,
        name: "identify",
        portable: include_str!("../migrations/0005_identify.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 6,
        name: "assess",
        portable: include_str!("../migrations/0006_assess.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 7,
        name: "dash",
        portable: include_str!("../migrations/0007_dash.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 8,
        name: "manage",
        portable: include_str!("../migrations/0008_manage.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 9,
        name: "enforcement",
        portable: include_str!("../migrations/0009_enforcement.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 10,
        name: "disclosure",
        portable: include_str!("../migrations/0010_disclosure.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 11,
        name: "mappa",
        portable: include_str!("../migrations/0011_mappa.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 12,
        name: "mappa meetings",
        portable: include_str!("../migrations/0012_mappa_meetings.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 13,
        name: "mappa plans",
        portable: include_str!("../migrations/0013_mappa_plans.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 14,
        name: "mappa oversight",
        portable: include_str!("../migrations/0014_mappa_oversight.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 15,
        name: "need-to-know relationships",
        portable: include_str!("../migrations/0015_need_to_know_relationships.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 16,
        name: "victim-derived findings",
        portable: include_str!("../migrations/0016_victim_derived_findings.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 17,
        name: "audit pending",
        portable: include_str!("../migrations/0017_audit_pending.sql"),
        sqlite: include_str!("../migrations/0017_audit_pending.sqlite.sql"),
        postgres: include_str!("../migrations/0017_audit_pending.postgres.sql"),
    },
    Migration {
        version: 18,
        name: "outbox",
        portable: include_str!("../migrations/0018_outbox.sql"),
        sqlite: include_str!("../migrations/0018_outbox.sqlite.sql"),
        postgres: include_str!("../migrations/0018_outbox.postgres.sql"),
    },
    Migration {
        version: 19,
        name: "training clock",
        portable: include_str!("../migrations/0019_training_clock.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 20,
        name: "queue tables",
        portable: include_str!("../migrations/0020_queue_tables.sql"),
        sqlite: "",
        postgres: include_str!("../migrations/0020_queue_tables.postgres.sql"),
    },
    Migration {
        version: 21,
        name: "access log index",
        portable: include_str!("../migrations/0021_access_log_index.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 22,
        name: "partners",
        portable: include_str!("../migrations/0022_partners.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 23,
        name: "action plan",
        portable: include_str!("../migrations/0023_action_plan.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 24,
        name: "volunteers",
        portable: include_str!("../migrations/0024_volunteers.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 25,
        name: "responsibility transfer",
        portable: include_str!("../migrations/0025_responsibility_transfer.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 26,
        name: "iom",
        portable: include_str!("../migrations/0026_iom.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 27,
        name: "iom case",
        portable: include_str!("../migrations/0027_iom_case.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 28,
        name: "board measures",
        portable: include_str!("../migrations/0028_board_measures.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 29,
        name: "electronic monitoring",
        portable: include_str!("../migrations/0029_em.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 30,
        name: "em fix by key",
        portable: "",
        sqlite: include_str!("../migrations/0030_em_fix_compact.sqlite.sql"),
        postgres: "",
    },
    Migration {
        version: 31,
        name: "approved premises",
        portable: include_str!("../migrations/0031_approved_premises.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 32,
        name: "approved premises register",
        portable: include_str!("../migrations/0032_ap_register.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 33,
        name: "approved premises incidents",
        portable: include_str!("../migrations/0033_ap_incidents.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 34,
        name: "sentence term",
        portable: include_str!("../migrations/0034_sentence_term.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 35,
        name: "notification correction",
        portable: include_str!("../migrations/0035_notification_correction.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 36,
        name: "category 3 answers",
        portable: include_str!("../migrations/0036_category_3_answers.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 37,
        name: "change sections",
        portable: include_str!("../migrations/0037_change_sections.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 38,
        name: "single sign on",
        portable: include_str!("../migrations/0038_single_sign_on.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 39,
        name: "licence appointment",
        portable: include_str!("../migrations/0039_licence_appointment.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 40,
        name: "em rules rev",
        portable: include_str!("../migrations/0040_em_rules_rev.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 41,
        name: "diary",
        portable: include_str!("../migrations/0041_diary.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 42,
        name: "postcode directory",
        portable: include_str!("../migrations/0042_postcode_directory.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 43,
        name: "attachments",
        portable: include_str!("../migrations/0043_attachments.sql"),
        sqlite: include_str!("../migrations/0043_attachments.sqlite.sql"),
        postgres: include_str!("../migrations/0043_attachments.postgres.sql"),
    },
    Migration {
        version: 44,
        name: "mail summary",
        portable: include_str!("../migrations/0044_mail_summary.sql"),
        sqlite: "",
        postgres: "",
    },
];

impl Migration {
    fn sql(&self, backend: Backend) -> String {
        let twin = match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        };
        format!("{}\n{}", self.portable, twin)
    }

    fn checksum(&self, backend: Backend) -> String {
        hex::encode(Sha256::digest(self.sql(backend).as_bytes()))
    }
}

/// Outcome of [`migrate`], for the CLI to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    pub applied: Vec<(i64, &'static str)>,
    pub already: usize,
}

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Bring the schema up to date. Each migration runs in its own transaction (both engines
/// have transactional DDL), so a failure leaves the database at the previous version.
///
/// Several servers may start together on one database: every migrating transaction first
/// takes the migration lock (a PostgreSQL advisory lock held to its commit; on SQLite the
/// database's write lock, taken at `BEGIN IMMEDIATE`), then checks again whether another
/// server applied the migration meanwhile. A migration is applied exactly once, and a
/// server never starts on a half-migrated schema.
pub async fn migrate(db: &Db) -> Result<MigrationReport, StoreError> {
    let backend = db.backend();
    let mut tx = begin_serialised(db).await?;
    on_tx!(&mut tx, c => sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    ).execute(c).await.map(|r| r.rows_affected()))?;
    let applied = applied_migrations(&mut tx).await?;
    tx.commit().await?;

    for (version, checksum) in &applied {
        let known = MIGRATIONS.iter().find(|m| m.version == *version);
        match known {
            None => return Err(StoreError::UnknownMigration(*version)),
            Some(m) if m.checksum(backend) != *checksum => {
                return Err(StoreError::ChangedMigration(*version))
            }
            Some(_) => {}
        }
    }

    let mut report = MigrationReport {
        applied: vec![],
        already: applied.len(),
    };
    for m in MIGRATIONS
        .iter()
        .filter(|m| !applied.iter().any(|(v, _)| *v == m.version))
    {
        let mut tx = begin_serialised(db).await?;
        // Another server may have applied it while this one waited for the lock.
        if applied_migrations(&mut tx)
            .await?
            .iter()
            .any(|(v, _)| *v == m.version)
        {
            tx.rollback().await.ok();
            report.already += 1;
            continue;
        }
        let sql = m.sql(backend);
        let fail = |e: sqlx::Error| StoreError::Migration {
            version: m.version,
            name: m.name.to_string(),
            reason: e.to_string(),
        };
        on_tx!(&mut tx, c => sqlx::raw_sql(&sql).execute(c).await.map(|r| r.rows_affected()))
            .map_err(fail)?;
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)"
        ).bind(m.version).bind(m.name).bind(m.checksum(backend)).bind(Utc::now()).execute(c).await.map(|r| r.rows_affected()))
        .map_err(fail)?;
        tx.commit().await?;
        report.applied.push((m.version, m.name));
    }
    Ok(report)
}

/// The migrations the database records as applied, with their checksums.
async fn applied_migrations(tx: &mut Tx) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT version, checksum FROM schema_migration ORDER BY version"
    ).fetch_all(c).await)?)
}

/// The advisory-lock key migrators share on PostgreSQL ("concordd" in ASCII): any
/// constant will do, as long as every node uses the same one.
const MIGRATION_LOCK: i64 = 0x636f_6e63_6f72_6464;

/// A transaction that holds the migration lock until it ends.
async fn begin_serialised(db: &Db) -> Result<Tx, StoreError> {
    Ok(match db {
        Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *tx)
                .await?;
            Tx::Postgres(tx.into())
        }
    })
}

/// The schema version the database is at, or `None` before the first migration.
pub async fn current_version(db: &Db) -> Result<Option<i64>, StoreError> {
    let mut tx = begin_plain(db).await?;
    // Before the first migration the table does not exist: that is "no version", not an error.
    let exists: Option<(Option<i64>,)> = on_tx!(&mut tx, c => sqlx::query_as::<_, (Option<i64>,)>(
        "SELECT MAX(version) FROM schema_migration"
    ).fetch_optional(c).await)
    .unwrap_or_default();
    tx.rollback().await.ok();
    Ok(exists.and_then(|(v,)| v))
}

/// A transaction without the audit lock: the audit tables may not exist yet.
async fn begin_plain(db: &Db) -> Result<Tx, StoreError> {
    Ok(match db {
        Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
        Db::Postgres(pool) => Tx::Postgres(pool.begin().await?.into()),
    })
}

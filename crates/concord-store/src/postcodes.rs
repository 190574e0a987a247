//! The postcode directory: each postcode's centre, for placing an address on a map and
//! measuring it against zones. Open reference data, not personal data: looking a
//! postcode up needs no capability (the address it came from was read under one);
//! replacing the directory needs the capability decided for that import.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use concord_authz::{Action, Capability, ResourceKind};
use concord_domain::UserId;
use uuid::Uuid;

use crate::{on_tx, StoreError, Tx};

/// One postcode's centre, as the directory gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct PostcodeRow {
    /// Outward code, one space, inward code (`CM1 1AA`).
    pub postcode: String,
    pub latitude: f64,
    pub longitude: f64,
    /// `YYYYMM`, or `None` while the postcode is in use.
    pub terminated: Option<String>,
}

/// Rows per INSERT: four parameters each keeps a statement well under SQLite's limit of
/// 32,766 bound parameters, and large enough that a full directory (2.7 million rows)
/// takes thousands of statements, not millions.
pub const POSTCODE_BATCH: usize = 1000;

fn require_import(cap: &Capability) -> Result<(), StoreError> {
    if cap.kind() == ResourceKind::PostcodeDirectory && cap.action() == Action::Create {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "replacing the postcode directory",
        })
    }
}

/// Empty the directory before an import refills it (in the same transaction, so a
/// failed import leaves the old directory whole).
pub async fn clear_postcodes(tx: &mut Tx, cap: &Capability) -> Result<u64, StoreError> {
    require_import(cap)?;
    Ok(on_tx!(tx, c => sqlx::query("DELETE FROM postcode")
        .execute(c).await.map(|r| r.rows_affected()))?)
}

/// Add postcodes, [`POSTCODE_BATCH`] to a statement; one already held is replaced. The
/// rows must be distinct postcodes: PostgreSQL refuses a statement that changes a row
/// twice (the import keeps a file's last line for each).
pub async fn insert_postcodes(
    tx: &mut Tx,
    cap: &Capability,
    rows: &[PostcodeRow],
) -> Result<(), StoreError> {
    require_import(cap)?;
    for chunk in rows.chunks(POSTCODE_BATCH) {
        let mut sql = String::from(
            "INSERT INTO postcode (postcode, latitude, longitude, terminated) VALUES ",
        );
        for i in 0..chunk.len() {
            let n = i * 4;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4));
        }
        sql.push_str(
            " ON CONFLICT (postcode) DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude, terminated = excluded.terminated",
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q.bind(&r.postcode).bind(r.latitude).bind(r.longitude).bind(&r.terminated);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Record an import: the file it came from, how many postcodes it held.
pub async fn record_postcode_import(
    tx: &mut Tx,
    cap: &Capability,
    source: &str,
    (postcodes, without_location): (u64, u64),
    by: UserId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    require_import(cap)?;
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO postcode_directory_import (id, source, postcodes, without_location, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(Uuid::now_v7()).bind(source).bind(count(postcodes)).bind(count(without_location))
        .bind(by.0).bind(at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The centres of those of `postcodes` the directory holds (written as `CM1 1AA`),
/// as (latitude, longitude).
pub async fn postcode_centres(
    tx: &mut Tx,
    postcodes: &[String],
) -> Result<HashMap<String, (f64, f64)>, StoreError> {
    let mut found = HashMap::new();
    for chunk in postcodes.chunks(500) {
        if chunk.is_empty() {
            continue;
        }
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT postcode, latitude, longitude FROM postcode WHERE postcode IN ({})",
            marks.join(", ")
        );
        let rows: Vec<(String, f64, f64)> = on_tx!(tx, c => {
            let mut q = sqlx::query_as::<_, (String, f64, f64)>(&sql);
            for p in chunk {
                q = q.bind(p);
            }
            q.fetch_all(c).await
        })?;
        for (p, lat, lon) in rows {
            found.insert(p, (lat, lon));
        }
    }
    Ok(found)
}

/// How many postcodes the directory holds.
pub async fn postcode_count(tx: &mut Tx) -> Result<u64, StoreError> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM postcode")
        .fetch_one(c).await)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

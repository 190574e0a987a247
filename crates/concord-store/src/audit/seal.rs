//! Events waiting to join the chain, and the sealer that moves them in (ADR 0008).
//!
//! A use case on PostgreSQL writes its events to `audit_pending` inside its own
//! transaction: they are durable, and roll back with the change, exactly as before, but no
//! request waits on the chain head any more. [`seal`] takes the head's row lock (so one
//! sealer runs at a time across every node), copies a batch of waiting events into the
//! chain in the order they were numbered, deletes them from `audit_pending` and moves the
//! head, all in one transaction: a sealer killed half-way leaves every event waiting, none
//! sealed twice.

use chrono::{DateTime, SubsecRound, Utc};
use concord_domain::{AgencyId, PersonId, UserId};
use uuid::Uuid;

use super::chain::{check_detail, locked_head, outcome_of, set_head, write_linked, Linked};
use super::{AuditKind, NewAuditEvent};
use crate::columns::OptUuid;
use crate::{on_tx, Backend, Db, StoreError, Tx};

/// Write `event` for the chain as part of the use case's transaction. SQLite appends it at
/// once (the transaction already holds the one write lock); PostgreSQL leaves it waiting
/// for [`seal`].
pub async fn record(tx: &mut Tx, event: NewAuditEvent) -> Result<(), StoreError> {
    if tx.backend() == Backend::Sqlite {
        return super::append(tx, event).await.map(|_| ());
    }
    check_detail(&event)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_pending (id, at, actor_user_id, actor_agency_id, kind, action, resource_type, resource_id, person_id, outcome, reason, recipient, detail, request_id, sections, purpose)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    )
    .bind(Uuid::now_v7()).bind(event.at.trunc_subsecs(6))
    .bind(event.actor_user_id.map(|u| u.0)).bind(event.actor_agency_id.map(|u| u.0))
    .bind(event.kind.code()).bind(&event.action).bind(&event.resource_type)
    .bind(event.resource_id).bind(event.person_id.map(|u| u.0)).bind(outcome_of(event.kind))
    .bind(&event.reason).bind(&event.recipient).bind(&event.detail)
    .bind(&event.request_id).bind(&event.sections).bind(&event.purpose)
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A waiting event as stored.
#[derive(sqlx::FromRow)]
struct Waiting {
    pending_id: i64,
    id: Uuid,
    at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    actor_user_id: Option<UserId>,
    #[sqlx(try_from = "OptUuid")]
    actor_agency_id: Option<AgencyId>,
    kind: String,
    action: String,
    resource_type: String,
    resource_id: Option<Uuid>,
    #[sqlx(try_from = "OptUuid")]
    person_id: Option<PersonId>,
    reason: String,
    recipient: Option<String>,
    detail: serde_json::Value,
    request_id: Option<String>,
    sections: Option<String>,
    purpose: Option<String>,
}

impl Waiting {
    fn into_event(self) -> Result<(i64, Uuid, DateTime<Utc>, NewAuditEvent), StoreError> {
        let kind = AuditKind::from_code(&self.kind).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "waiting audit event {} has an unknown kind `{}`",
                self.id, self.kind
            ))
        })?;
        let event = NewAuditEvent {
            at: self.at,
            actor_user_id: self.actor_user_id,
            actor_agency_id: self.actor_agency_id,
            kind,
            action: self.action,
            resource_type: self.resource_type,
            resource_id: self.resource_id,
            person_id: self.person_id,
            reason: self.reason,
            recipient: self.recipient,
            detail: self.detail,
            request_id: self.request_id,
            sections: self.sections,
            purpose: self.purpose,
        };
        Ok((self.pending_id, self.id, self.at, event))
    }
}

/// Seal up to `batch` waiting events into the chain in one transaction; returns how many
/// it sealed (fewer than `batch` means none were left when it looked). Safe to run from
/// every node at once: the head's row lock makes them take turns, and each sees the
/// others' deletions once it has the lock.
pub async fn seal(db: &Db, batch: i64) -> Result<usize, StoreError> {
    let mut tx = db.begin().await?;
    let (mut seq, mut hash) = locked_head(&mut tx).await?;
    let waiting: Vec<Waiting> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT pending_id, id, at, actor_user_id, actor_agency_id, kind, action, resource_type, resource_id, person_id, reason, recipient, detail, request_id, sections, purpose
         FROM audit_pending ORDER BY pending_id LIMIT $1"
    ).bind(batch).fetch_all(c).await)?;
    if waiting.is_empty() {
        tx.rollback().await?;
        return Ok(0);
    }
    let count = waiting.len();
    let mut sealed = Vec::with_capacity(count);
    let mut events = Vec::with_capacity(count);
    for w in waiting {
        let (pending_id, id, at, event) = w.into_event()?;
        sealed.push(pending_id);
        events.push((id, at, event));
    }
    let mut linked = Vec::with_capacity(count);
    for (id, at, event) in &events {
        seq += 1;
        let l = Linked::new(hash, seq, *id, *at, event)?;
        hash = l.hash.clone();
        linked.push(l);
    }
    write_linked(&mut tx, &linked).await?;
    // By id, not by range: a row numbered inside the batch's range that had not committed
    // when the batch was read was not sealed, and must stay waiting.
    let deleted = match &mut tx {
        Tx::Postgres(t) => sqlx::query("DELETE FROM audit_pending WHERE pending_id = ANY($1)")
            .bind(&sealed)
            .execute(&mut **t)
            .await?
            .rows_affected(),
        Tx::Sqlite(t) => {
            let mut n = 0;
            for id in &sealed {
                n += sqlx::query("DELETE FROM audit_pending WHERE pending_id = $1")
                    .bind(id)
                    .execute(&mut **t)
                    .await?
                    .rows_affected();
            }
            n
        }
    };
    if deleted != count as u64 {
        tx.rollback().await?;
        return Err(StoreError::Corrupt(format!(
            "sealing removed {deleted} waiting audit events but sealed {count}"
        )));
    }
    set_head(&mut tx, seq, &hash).await?;
    tx.commit().await?;
    Ok(count)
}

/// How many events are waiting to be sealed.
pub async fn pending_count(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM audit_pending")
        .fetch_one(c).await)?,
    )
}

/// Reclaim the space of sealed events in `audit_pending` (PostgreSQL; nothing to do on
/// SQLite, where nothing waits). Every event that waits is inserted and then deleted, so
/// the table is a queue that leaves a dead row behind for each, and the access log reads
/// it on every record page: left to grow (autovacuum off, or behind on a busy day), a
/// table that holds a handful of live rows was measured at 7 MB of dead ones, read whole
/// on every page (the planner scans a table it believes tiny), and the record page fell by
/// a quarter. `SKIP_LOCKED`: if another node is vacuuming it already, this one need not
/// wait.
pub async fn tidy(db: &Db) -> Result<(), StoreError> {
    if let Db::Postgres(pool) = db {
        sqlx::raw_sql("VACUUM (SKIP_LOCKED) audit_pending, audit_head")
            .execute(pool)
            .await?;
    }
    Ok(())
}

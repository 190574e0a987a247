//! The outbox of domain events (ADR 0009): written in a use case's transaction, read and
//! emptied by each node's publisher once NATS JetStream has acknowledged what it sent.

use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

use crate::{on_tx, StoreError, Tx};

/// An event ready to wait in the outbox: its id (the JetStream message id), its subject
/// and the JSON body as it will be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: Uuid,
    pub subject: String,
    pub payload: String,
    pub raised_at: DateTime<Utc>,
}

/// A waiting event as stored, with its place in the queue.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WaitingEvent {
    pub seq: i64,
    pub id: Uuid,
    pub subject: String,
    pub payload: String,
}

/// Put `events` in the outbox as part of the caller's transaction.
pub async fn enqueue(tx: &mut Tx, events: &[OutboxEvent]) -> Result<(), StoreError> {
    for e in events {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO outbox (id, subject, payload, raised_at) VALUES ($1, $2, $3, $4)"
        )
        .bind(e.id).bind(&e.subject).bind(&e.payload).bind(e.raised_at.trunc_subsecs(6))
        .execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Whether this transaction may publish: on PostgreSQL one publisher at a time across
/// every node (a transaction-scoped advisory lock, so a node that dies lets go), which
/// keeps each person's events in the order they were raised; SQLite has one node.
pub async fn lead(tx: &mut Tx) -> Result<bool, StoreError> {
    match tx {
        // The first key, 3, is the outbox's; 1 and 2 serialise sign-ins (accounts.rs).
        Tx::Postgres(t) => Ok(sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(3, 0)")
            .fetch_one(&mut **t)
            .await?),
        Tx::Sqlite(_) => Ok(true),
    }
}

/// Up to `limit` waiting events, oldest first.
pub async fn waiting(tx: &mut Tx, limit: i64) -> Result<Vec<WaitingEvent>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT seq, id, subject, payload FROM outbox ORDER BY seq LIMIT $1"
    ).bind(limit).fetch_all(c).await)?)
}

/// Remove the events JetStream has acknowledged, by their place in the queue.
pub async fn remove(tx: &mut Tx, seqs: &[i64]) -> Result<u64, StoreError> {
    Ok(match tx {
        Tx::Postgres(t) => sqlx::query("DELETE FROM outbox WHERE seq = ANY($1)")
            .bind(seqs)
            .execute(&mut **t)
            .await?
            .rows_affected(),
        Tx::Sqlite(t) => {
            let mut n = 0;
            for seq in seqs {
                n += sqlx::query("DELETE FROM outbox WHERE seq = $1")
                    .bind(seq)
                    .execute(&mut **t)
                    .await?
                    .rows_affected();
            }
            n
        }
    })
}

/// How many events wait to be published.
pub async fn waiting_count(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(c).await)?)
}

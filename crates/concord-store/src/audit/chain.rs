//! The chain itself: how an event is numbered, hashed and linked to the one before it.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AuditEvent, AuditKind, NewAuditEvent};
use crate::{on_tx, StoreError, Tx};

/// The hash every chain starts from.
pub(super) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields a hash covers, in a fixed order. Instants are hashed at microsecond
/// precision, the precision both engines keep.
#[derive(Serialize)]
pub(super) struct Hashed<'a> {
    pub seq: i64,
    pub id: Uuid,
    pub at: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_agency_id: Option<Uuid>,
    pub kind: &'a str,
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub outcome: &'a str,
    pub reason: &'a str,
    pub recipient: Option<&'a str>,
    pub detail: &'a serde_json::Value,
    // Added by migration 4. Left out of the hashed text when absent, so that events
    // written before them keep the hashes they were written with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<&'a str>,
}

impl<'a> Hashed<'a> {
    /// What a stored event's hash covers.
    pub fn of_stored(e: &'a AuditEvent) -> Self {
        Hashed {
            seq: e.seq,
            id: e.id,
            at: instant_text(e.at),
            actor_user_id: e.actor_user_id.map(|u| u.0),
            actor_agency_id: e.actor_agency_id.map(|u| u.0),
            kind: &e.kind,
            action: &e.action,
            resource_type: &e.resource_type,
            resource_id: e.resource_id,
            person_id: e.person_id.map(|p| p.as_uuid()),
            outcome: &e.outcome,
            reason: &e.reason,
            recipient: e.recipient.as_deref(),
            detail: &e.detail,
            request_id: e.request_id.as_deref(),
            sections: e.sections.as_deref(),
            purpose: e.purpose.as_deref(),
        }
    }

    /// What the hash of `event` will cover once it is event `seq` of the chain.
    fn of_new(seq: i64, id: Uuid, at: DateTime<Utc>, event: &'a NewAuditEvent) -> Self {
        Hashed {
            seq,
            id,
            at: instant_text(at),
            actor_user_id: event.actor_user_id.map(|u| u.0),
            actor_agency_id: event.actor_agency_id.map(|u| u.0),
            kind: event.kind.code(),
            action: &event.action,
            resource_type: &event.resource_type,
            resource_id: event.resource_id,
            person_id: event.person_id.map(|u| u.0),
            outcome: outcome_of(event.kind),
            reason: &event.reason,
            recipient: event.recipient.as_deref(),
            detail: &event.detail,
            request_id: event.request_id.as_deref(),
            sections: event.sections.as_deref(),
            purpose: event.purpose.as_deref(),
        }
    }
}

pub(super) fn chain_hash(prev_hash: &str, h: &Hashed<'_>) -> Result<String, StoreError> {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(serde_json::to_vec(h)?);
    Ok(hex::encode(hasher.finalize()))
}

fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(super) fn outcome_of(kind: AuditKind) -> &'static str {
    if kind == AuditKind::Denied {
        "denied"
    } else {
        "allowed"
    }
}

/// SQLite gives a JSONB column numeric affinity: a bare number would be stored as an
/// integer that no longer reads back as JSON, and the whole chain would be unreadable.
pub(super) fn check_detail(event: &NewAuditEvent) -> Result<(), StoreError> {
    if event.detail.is_object() {
        Ok(())
    } else {
        Err(StoreError::Corrupt(
            "an audit event's detail must be a JSON object".into(),
        ))
    }
}

/// The chain's head as it stands: (last sequence number, its hash); (0, zeros) when empty.
pub async fn head(tx: &mut Tx) -> Result<(i64, String), StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(c).await)?,
    )
}

/// The head, held to the end of the transaction: on PostgreSQL the row lock is what makes
/// one chain writer at a time; on SQLite the transaction already holds the write lock.
pub(super) async fn locked_head(tx: &mut Tx) -> Result<(i64, String), StoreError> {
    if tx.backend() == crate::Backend::Sqlite {
        return head(tx).await;
    }
    Ok(
        on_tx!(tx, c => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
        .fetch_one(c).await)?,
    )
}

pub(super) async fn set_head(tx: &mut Tx, seq: i64, hash: &str) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("UPDATE audit_head SET seq = $1, hash = $2, touched_at = $3 WHERE id = 1")
        .bind(seq).bind(hash).bind(Utc::now()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// An event numbered, linked and hashed, ready to be written.
pub(super) struct Linked<'a> {
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub event: &'a NewAuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

impl<'a> Linked<'a> {
    /// `event` as event `seq` after `prev_hash`.
    pub fn new(
        prev_hash: String,
        seq: i64,
        id: Uuid,
        at: DateTime<Utc>,
        event: &'a NewAuditEvent,
    ) -> Result<Self, StoreError> {
        let hash = chain_hash(&prev_hash, &Hashed::of_new(seq, id, at, event))?;
        Ok(Linked {
            seq,
            id,
            at,
            event,
            prev_hash,
            hash,
        })
    }
}

/// Rows per INSERT when sealing a batch: 19 values each, well under both engines' limits
/// on bound values (PostgreSQL 65,535; SQLite 32,766).
const ROWS_PER_INSERT: usize = 500;

/// Write linked events, many rows per statement: a sealed batch of a thousand events is
/// two round trips, not a thousand. The caller holds the head and moves it on.
pub(super) async fn write_linked(tx: &mut Tx, rows: &[Linked<'_>]) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        on_tx!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO audit_event (seq, id, at, actor_user_id, actor_agency_id, kind, action, resource_type, resource_id, person_id, outcome, reason, recipient, detail, prev_hash, hash, request_id, sections, purpose) ",
            );
            q.push_values(chunk, |mut b, r| {
                let e = r.event;
                b.push_bind(r.seq)
                    .push_bind(r.id)
                    .push_bind(r.at)
                    .push_bind(e.actor_user_id.map(|u| u.0))
                    .push_bind(e.actor_agency_id.map(|u| u.0))
                    .push_bind(e.kind.code())
                    .push_bind(&e.action)
                    .push_bind(&e.resource_type)
                    .push_bind(e.resource_id)
                    .push_bind(e.person_id.map(|u| u.0))
                    .push_bind(outcome_of(e.kind))
                    .push_bind(&e.reason)
                    .push_bind(&e.recipient)
                    .push_bind(&e.detail)
                    .push_bind(&r.prev_hash)
                    .push_bind(&r.hash)
                    .push_bind(&e.request_id)
                    .push_bind(&e.sections)
                    .push_bind(&e.purpose);
            });
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Append one event to the chain now; returns its sequence number. The transaction must
/// be the only writer of the chain until it commits: on SQLite every writing transaction
/// is (`BEGIN IMMEDIATE`); on PostgreSQL the head is locked here for the rest of the
/// transaction, so use cases call [`super::record`] instead, which does not.
pub async fn append(tx: &mut Tx, event: NewAuditEvent) -> Result<i64, StoreError> {
    check_detail(&event)?;
    let (head_seq, head_hash) = locked_head(tx).await?;
    let linked = Linked::new(
        head_hash,
        head_seq + 1,
        Uuid::now_v7(),
        event.at.trunc_subsecs(6),
        &event,
    )?;
    write_linked(tx, std::slice::from_ref(&linked)).await?;
    set_head(tx, linked.seq, &linked.hash).await?;
    Ok(linked.seq)
}

/// `events`, in their order, numbered and linked after the head `(seq, hash)`.
pub(super) fn link<'e>(
    head: &(i64, String),
    events: &'e [NewAuditEvent],
) -> Result<Vec<Linked<'e>>, StoreError> {
    let (mut seq, mut hash) = head.clone();
    let mut linked = Vec::with_capacity(events.len());
    for event in events {
        seq += 1;
        let l = Linked::new(hash, seq, Uuid::now_v7(), event.at.trunc_subsecs(6), event)?;
        hash = l.hash.clone();
        linked.push(l);
    }
    Ok(linked)
}

//! The audit chain (DPA 2018 Part 3 s.62): every consultation, collection, alteration,
//! disclosure, combination and erasure of personal data, and every denied attempt.
//!
//! Rows are append-only (database triggers refuse update and delete) and each row's hash
//! covers its content and its predecessor's hash, so an edited, deleted or inserted row
//! breaks the chain from that point. Events are written in the same transaction as the
//! change they describe: if the change rolls back, so does its audit, and vice versa.

use chrono::{DateTime, SubsecRound, Utc};
use concord_domain::PersonId;
use concord_domain::{AgencyId, UserId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

/// The s.62 categories, plus denied attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Collection,
    Alteration,
    Consultation,
    Disclosure,
    Combination,
    Erasure,
    Denied,
}

impl AuditKind {
    pub const ALL: [AuditKind; 7] = [
        AuditKind::Collection,
        AuditKind::Alteration,
        AuditKind::Consultation,
        AuditKind::Disclosure,
        AuditKind::Combination,
        AuditKind::Erasure,
        AuditKind::Denied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditKind::Collection => "collection",
            AuditKind::Alteration => "alteration",
            AuditKind::Consultation => "consultation",
            AuditKind::Disclosure => "disclosure",
            AuditKind::Combination => "combination",
            AuditKind::Erasure => "erasure",
            AuditKind::Denied => "denied",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One event to append. `action` and `resource_type` use concord-authz codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAuditEvent {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<UserId>,
    pub actor_agency_id: Option<AgencyId>,
    pub kind: AuditKind,
    pub action: String,
    pub resource_type: String,
    /// Plain `Uuid`: the id of whatever record `resource_type` names (a person, a
    /// meeting, a licence, a user…), so no one typed id fits.
    pub resource_id: Option<Uuid>,
    pub person_id: Option<PersonId>,
    pub reason: String,
    pub recipient: Option<String>,
    pub detail: serde_json::Value,
    /// The web request or CLI command the event happened in.
    pub request_id: Option<String>,
    /// The sections of the record concerned, as comma-separated Section codes.
    pub sections: Option<String>,
    /// The purpose of a disclosure or share, or the justification of a break-glass.
    pub purpose: Option<String>,
}

/// The columns of [`AuditEvent`], named rather than `*`: a pooled connection that read
/// the schema before a migration added a column would otherwise describe a statement with
/// fewer columns than SQLite re-prepares it with (sqlx then panics reading the row), and
/// PostgreSQL refuses a cached plan whose result type changed.
pub const AUDIT_EVENT_COLUMNS: &str = "seq, id, at, actor_user_id, actor_agency_id, kind, action, resource_type, resource_id, person_id, outcome, reason, recipient, detail, prev_hash, hash, request_id, sections, purpose";

/// A stored event.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditEvent {
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub actor_user_id: Option<UserId>,
    #[sqlx(try_from = "OptUuid")]
    pub actor_agency_id: Option<AgencyId>,
    pub kind: String,
    pub action: String,
    pub resource_type: String,
    /// Plain `Uuid`: the id of whatever record `resource_type` names (a person, a
    /// meeting, a licence, a user…), so no one typed id fits.
    pub resource_id: Option<Uuid>,
    #[sqlx(try_from = "OptUuid")]
    pub person_id: Option<PersonId>,
    pub outcome: String,
    pub reason: String,
    pub recipient: Option<String>,
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
    pub request_id: Option<String>,
    pub sections: Option<String>,
    pub purpose: Option<String>,
}

/// The fields a hash covers, in a fixed order. Instants are hashed at microsecond
/// precision, the precision both engines keep.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: i64,
    id: Uuid,
    at: String,
    actor_user_id: Option<Uuid>,
    actor_agency_id: Option<Uuid>,
    kind: &'a str,
    action: &'a str,
    resource_type: &'a str,
    resource_id: Option<Uuid>,
    person_id: Option<Uuid>,
    outcome: &'a str,
    reason: &'a str,
    recipient: Option<&'a str>,
    detail: &'a serde_json::Value,
    // Added by migration 4. Left out of the hashed text when absent, so that events
    // written before them keep the hashes they were written with.
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purpose: Option<&'a str>,
}

fn chain_hash(prev_hash: &str, h: &Hashed<'_>) -> Result<String, StoreError> {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(serde_json::to_vec(h)?);
    Ok(hex::encode(hasher.finalize()))
}

fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Take the chain lock: the first statement of every transaction (see `Db::begin`).
pub(crate) async fn lock_chain(tx: &mut Tx) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("UPDATE audit_head SET touched_at = $1 WHERE id = 1")
        .bind(Utc::now())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Append one event to the chain; returns its sequence number.
pub async fn append(tx: &mut Tx, event: NewAuditEvent) -> Result<i64, StoreError> {
    // SQLite gives a JSONB column numeric affinity: a bare number would be stored as an
    // integer that no longer reads back as JSON, and the whole chain would be unreadable.
    if !event.detail.is_object() {
        return Err(StoreError::Corrupt(
            "an audit event's detail must be a JSON object".into(),
        ));
    }
    let (head_seq, head_hash): (i64, String) = on_tx!(tx, c => sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    ).fetch_one(c).await)?;
    let seq = head_seq + 1;
    let id = Uuid::now_v7();
    let at = event.at.trunc_subsecs(6);
    let outcome = if event.kind == AuditKind::Denied {
        "denied"
    } else {
        "allowed"
    };
    let hash = chain_hash(
        &head_hash,
        &Hashed {
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
            outcome,
            reason: &event.reason,
            recipient: event.recipient.as_deref(),
            detail: &event.detail,
            request_id: event.request_id.as_deref(),
            sections: event.sections.as_deref(),
            purpose: event.purpose.as_deref(),
        },
    )?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_event (seq, id, at, actor_user_id, actor_agency_id, kind, action, resource_type, resource_id, person_id, outcome, reason, recipient, detail, prev_hash, hash, request_id, sections, purpose)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    )
    .bind(seq).bind(id).bind(at).bind(event.actor_user_id.map(|u| u.0)).bind(event.actor_agency_id.map(|u| u.0))
    .bind(event.kind.code()).bind(&event.action).bind(&event.resource_type)
    .bind(event.resource_id).bind(event.person_id.map(|u| u.0)).bind(outcome).bind(&event.reason)
    .bind(&event.recipient).bind(&event.detail).bind(&head_hash).bind(&hash)
    .bind(&event.request_id).bind(&event.sections).bind(&event.purpose)
    .execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq).bind(&hash).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(seq)
}

/// Who has looked at or changed this person's record, newest first.
pub async fn events_for_person(
    tx: &mut Tx,
    cap: &concord_authz::Capability,
    person_id: PersonId,
    limit: i64,
) -> Result<Vec<AuditEvent>, StoreError> {
    crate::require_read(cap, person_id, concord_authz::Section::History)?;
    let sql = format!(
        "SELECT {AUDIT_EVENT_COLUMNS} FROM audit_event WHERE person_id = $1 ORDER BY seq DESC LIMIT $2"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AuditEvent>(&sql)
        .bind(person_id.as_uuid()).bind(limit).fetch_all(c).await)?)
}

/// Every event about one person, oldest first: the trail an information governance lead
/// exports for a complaint or a subject access request.
pub async fn trail_of_person(
    tx: &mut Tx,
    cap: &concord_authz::Capability,
    person_id: PersonId,
) -> Result<Vec<AuditEvent>, StoreError> {
    if cap.kind() != concord_authz::ResourceKind::AuditTrail
        || cap.action() != concord_authz::Action::Export
    {
        return Err(StoreError::WrongCapability {
            needed: "exporting the audit trail",
        });
    }
    let sql =
        format!("SELECT {AUDIT_EVENT_COLUMNS} FROM audit_event WHERE person_id = $1 ORDER BY seq");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AuditEvent>(&sql)
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Intact { events: i64 },
    Broken { seq: i64, problem: String },
}

/// Recompute the whole chain: detects an edited row (hash mismatch), a deleted or
/// inserted row (sequence gap or broken link) and a truncated tail (head mismatch).
pub async fn verify(tx: &mut Tx) -> Result<ChainStatus, StoreError> {
    let sql = format!("SELECT {AUDIT_EVENT_COLUMNS} FROM audit_event ORDER BY seq");
    let events: Vec<AuditEvent> =
        on_tx!(tx, c => sqlx::query_as::<_, AuditEvent>(&sql).fetch_all(c).await)?;
    let (head_seq, head_hash): (i64, String) = on_tx!(tx, c => sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    ).fetch_one(c).await)?;
    let mut prev = "0".repeat(64);
    let mut expected_seq = 1;
    for e in &events {
        if e.seq != expected_seq {
            return Ok(ChainStatus::Broken {
                seq: e.seq,
                problem: format!("expected event {expected_seq}: events are missing"),
            });
        }
        if e.prev_hash != prev {
            return Ok(ChainStatus::Broken {
                seq: e.seq,
                problem: "does not link to the event before it".into(),
            });
        }
        let recomputed = chain_hash(
            &prev,
            &Hashed {
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
            },
        )?;
        if recomputed != e.hash {
            return Ok(ChainStatus::Broken {
                seq: e.seq,
                problem: "content does not match its hash: the event was altered".into(),
            });
        }
        prev = e.hash.clone();
        expected_seq += 1;
    }
    let last = expected_seq - 1;
    if head_seq != last || head_hash != prev {
        return Ok(ChainStatus::Broken {
            seq: head_seq,
            problem: format!("the chain head says {head_seq} events but {last} are present"),
        });
    }
    Ok(ChainStatus::Intact { events: last })
}

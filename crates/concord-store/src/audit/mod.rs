//! The audit chain (DPA 2018 Part 3 s.62): every consultation, collection, alteration,
//! disclosure, combination and erasure of personal data, and every denied attempt.
//!
//! Rows are append-only (database triggers refuse update and delete) and each row's hash
//! covers its content and its predecessor's hash, so an edited, deleted or inserted row
//! breaks the chain from that point. Events are written in the same transaction as the
//! change they describe: if the change rolls back, so does its audit, and vice versa.
//!
//! How an event reaches the chain depends on the engine (ADR 0008). [`record`] is what a
//! use case calls. On SQLite, which has one writer at a time anyway, it appends to the
//! chain at once ([`append`]). On PostgreSQL it writes the event to `audit_pending`, which
//! takes no lock any other transaction waits for; [`seal`], run by one sealer at a time,
//! later moves waiting events into the chain in batches. Either way the event is durable
//! when the use case commits.

mod after_head;
mod chain;
mod seal;
mod verify;

pub use after_head::{append_after, Appended};
pub use chain::{append, head};
pub use seal::{pending_count, record, seal, tidy};
pub use verify::{verify, verify_streaming, Anchor, ChainStatus};

use chrono::{DateTime, Utc};
use concord_domain::PersonId;
use concord_domain::{AgencyId, UserId};
use serde::Serialize;
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

/// One entry of "who has looked at or changed this record".
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub actor_user_id: Option<UserId>,
    #[sqlx(try_from = "OptUuid")]
    pub actor_agency_id: Option<AgencyId>,
    pub kind: String,
    pub reason: String,
    /// The sections the event concerned (comma-separated codes), if it named any.
    pub sections: Option<String>,
}

impl AccessEntry {
    /// Whether a viewer holding `cap` may be told of this entry. A look at the record
    /// (or a refusal) is told to the owning agency whatever was looked at: that is what the
    /// log is for. A write to a section the viewer does not read is not: "Gareth Pryce
    /// added an entry on 25 November" tells of an intelligence entry the chronology hides.
    pub fn told_to(&self, cap: &concord_authz::Capability, person: PersonId) -> bool {
        if self.kind == AuditKind::Consultation.code() || self.kind == AuditKind::Denied.code() {
            return true;
        }
        match self.sections.as_deref().map(crate::sections_from_codes) {
            None => true,
            Some(Ok(set)) => set
                .iter()
                .all(|s| cap.covers(concord_authz::Action::Read, person, s)),
            Some(Err(_)) => false,
        }
    }
}

/// Who has looked at or changed this person's record, newest first: the events still
/// waiting for the sealer (ADR 0008) as well as the chain's, so a change made a moment ago
/// is already listed.
pub async fn events_for_person(
    tx: &mut Tx,
    cap: &concord_authz::Capability,
    person_id: PersonId,
    limit: i64,
) -> Result<Vec<AccessEntry>, StoreError> {
    crate::require_read(cap, person_id, concord_authz::Section::History)?;
    let sql = "SELECT at, actor_user_id, actor_agency_id, kind, reason, sections FROM (
            SELECT at, actor_user_id, actor_agency_id, kind, reason, sections, 1 AS waiting, pending_id AS n
            FROM audit_pending WHERE person_id = $1
            UNION ALL
            SELECT * FROM (SELECT at, actor_user_id, actor_agency_id, kind, reason, sections, 0 AS waiting, seq AS n
            FROM audit_event WHERE person_id = $1 ORDER BY seq DESC LIMIT $2) AS sealed
        ) AS access ORDER BY waiting DESC, n DESC LIMIT $2";
    let mut entries = on_tx!(tx, c => sqlx::query_as::<_, AccessEntry>(sql)
        .bind(person_id.as_uuid()).bind(limit).fetch_all(c).await)?;
    entries.retain(|e| e.told_to(cap, person_id));
    Ok(entries)
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

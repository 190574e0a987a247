//! Identify: what the linkage model compares, the possible-duplicate pairs it finds,
//! reviewers' decisions, and the links that make several agencies' records one person.
//!
//! Comparing the register and working the queue need a capability to compare
//! (`combine` on the register list); linking and unlinking need one for each record.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ListScope, ResourceKind, Section};
use concord_domain::MatchModelId;
use concord_domain::{AgencyId, UserId};
use concord_domain::{LinkId, LinkKind, PairId, PairStatus, PersonId};
use uuid::Uuid;

use crate::capability::{require_create, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

/// One record as the linkage model sees it: the nominal details and the current address.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkageRow {
    #[sqlx(try_from = "Uuid")]
    pub id: PersonId,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: String,
}

/// A current address (no end date) of a record.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkageAddress {
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub line1: String,
    pub town: String,
    pub postcode: Option<String>,
    pub from_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PairRow {
    #[sqlx(try_from = "Uuid")]
    pub id: PairId,
    #[sqlx(try_from = "Uuid")]
    pub left_person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub right_person_id: PersonId,
    pub match_probability: f64,
    pub match_weight: f64,
    pub explanation: serde_json::Value,
    #[sqlx(try_from = "String")]
    pub status: PairStatus,
    pub found_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkRow {
    #[sqlx(try_from = "Uuid")]
    pub id: LinkId,
    #[sqlx(try_from = "Uuid")]
    pub pair_id: PairId,
    #[sqlx(try_from = "Uuid")]
    pub left_person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub right_person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub kind: LinkKind,
    pub reason: String,
    #[sqlx(try_from = "OptUuid")]
    pub linked_by: Option<UserId>,
    pub linked_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub unlinked_by: Option<UserId>,
    pub unlinked_at: Option<DateTime<Utc>>,
    pub unlink_reason: Option<String>,
}

const PAIR_COLUMNS: &str = "id, left_person_id, right_person_id, match_probability, match_weight, explanation, status, found_at, decided_by, decided_at, decision_reason";
const LINK_COLUMNS: &str = "id, pair_id, left_person_id, right_person_id, kind, reason, linked_by, linked_at, unlinked_by, unlinked_at, unlink_reason";

/// Comparing the register's records, or working the queue of what comparing found.
fn require_compare(cap: &Capability) -> Result<(), StoreError> {
    if cap.action() == Action::Combine && cap.kind() == ResourceKind::PersonList {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "comparing records for duplicates",
        })
    }
}

fn require_combine(cap: &Capability, person: PersonId) -> Result<(), StoreError> {
    if cap.covers(Action::Combine, person, Section::Identity) {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "linking this record",
        })
    }
}

/// Reading the register as the linkage model does: to compare it for duplicates, or to
/// search the nominal index by likeness.
fn require_register(cap: &Capability) -> Result<(), StoreError> {
    let search = cap.action() == Action::Read
        && cap.kind() == ResourceKind::PersonList
        && cap.scope() == Some(ListScope::Register);
    if search {
        Ok(())
    } else {
        require_compare(cap)
    }
}

/// Every record's nominal details, for the linkage model.
pub async fn linkage_persons(tx: &mut Tx, cap: &Capability) -> Result<Vec<LinkageRow>, StoreError> {
    require_register(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, LinkageRow>(
        "SELECT id, given_name, middle_names, family_name, date_of_birth, gender FROM person ORDER BY id")
        .fetch_all(c).await)?)
}

/// Every current address, for the linkage model.
pub async fn linkage_addresses(
    tx: &mut Tx,
    cap: &Capability,
) -> Result<Vec<LinkageAddress>, StoreError> {
    require_register(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, LinkageAddress>(
        "SELECT person_id, line1, town, postcode, from_date FROM person_address WHERE to_date IS NULL ORDER BY person_id, from_date")
        .fetch_all(c).await)?)
}

/// Every identifier (person, kind code, value), for the linkage model.
pub async fn linkage_identifiers(
    tx: &mut Tx,
    cap: &Capability,
) -> Result<Vec<(Uuid, String, String)>, StoreError> {
    require_register(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT person_id, kind, value FROM person_identifier ORDER BY person_id")
        .fetch_all(c).await)?)
}

/// The record an agency already holds under its own id, so an import run again skips it.
pub async fn person_by_source(
    tx: &mut Tx,
    cap: &Capability,
    agency: AgencyId,
    source_id: &str,
) -> Result<Option<Uuid>, StoreError> {
    require_create(cap)?;
    let row: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id FROM person WHERE owning_agency_id = $1 AND source_id = $2")
        .bind(agency.0).bind(source_id).fetch_optional(c).await)?;
    Ok(row.map(|(id,)| id))
}

/// Record the source agency's own id on a record it has just been given.
pub async fn set_source_id(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    source_id: &str,
) -> Result<(), StoreError> {
    crate::capability::require_change(cap, person, Section::Identity)?;
    on_tx!(tx, c => sqlx::query("UPDATE person SET source_id = $1 WHERE id = $2")
        .bind(source_id).bind(person.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The source agency's id of a record, if it came from a feed.
pub async fn source_id(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Option<String>, StoreError> {
    require_read(cap, person, Section::Identity)?;
    let row: Option<(Option<String>,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT source_id FROM person WHERE id = $1")
        .bind(person.as_uuid()).fetch_optional(c).await)?;
    Ok(row.and_then(|(s,)| s))
}

pub async fn save_model(
    tx: &mut Tx,
    cap: &Capability,
    trained_by: UserId,
    at: DateTime<Utc>,
    records: i64,
    model: &serde_json::Value,
) -> Result<(), StoreError> {
    require_compare(cap)?;
    on_tx!(tx, c => sqlx::query("INSERT INTO match_model (id, trained_at, trained_by, records, model) VALUES ($1, $2, $3, $4, $5)")
        .bind(MatchModelId::new().0).bind(at).bind(trained_by.0).bind(records).bind(model)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a prepared register was built from: when any of it changes, rebuild. The newest
/// change and the newest record (ids are time-ordered), each read from an index, so a
/// search that asks pays two index probes, not a scan of the register. No personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterFingerprint {
    pub model: MatchModelId,
    pub last_updated: Option<DateTime<Utc>>,
    pub newest: Option<PersonId>,
}

/// `None` while no model has been trained (then there is nothing to prepare).
pub async fn register_fingerprint(tx: &mut Tx) -> Result<Option<RegisterFingerprint>, StoreError> {
    let model: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id FROM match_model ORDER BY trained_at DESC, id DESC LIMIT 1").fetch_optional(c).await)?;
    let Some((model,)) = model else {
        return Ok(None);
    };
    let last_updated: Option<(DateTime<Utc>,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT updated_at FROM person ORDER BY updated_at DESC LIMIT 1").fetch_optional(c).await)?;
    let newest: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id FROM person ORDER BY id DESC LIMIT 1").fetch_optional(c).await)?;
    Ok(Some(RegisterFingerprint {
        model: model.into(),
        last_updated: last_updated.map(|(t,)| t),
        newest: newest.map(|(id,)| id.into()),
    }))
}

/// The newest trained model, if any. Holds no personal data: parameters only.
pub async fn latest_model(tx: &mut Tx) -> Result<Option<serde_json::Value>, StoreError> {
    let row: Option<(serde_json::Value,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT model FROM match_model ORDER BY trained_at DESC, id DESC LIMIT 1")
        .fetch_optional(c).await)?;
    Ok(row.map(|(m,)| m))
}

pub async fn all_pairs(tx: &mut Tx, cap: &Capability) -> Result<Vec<PairRow>, StoreError> {
    require_compare(cap)?;
    let sql = format!("SELECT {PAIR_COLUMNS} FROM match_pair");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, PairRow>(&sql).fetch_all(c).await)?)
}

pub async fn insert_pair(tx: &mut Tx, cap: &Capability, p: &PairRow) -> Result<(), StoreError> {
    require_compare(cap)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO match_pair (id, left_person_id, right_person_id, match_probability, match_weight, explanation, status, found_at, decided_by, decided_at, decision_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(p.id.as_uuid()).bind(p.left_person_id.as_uuid()).bind(p.right_person_id.as_uuid()).bind(p.match_probability)
        .bind(p.match_weight).bind(&p.explanation).bind(p.status.code()).bind(p.found_at)
        .bind(p.decided_by.map(|u| u.0)).bind(p.decided_at).bind(&p.decision_reason)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A later run's score for a known pair. The status is left alone: a decision stands.
pub async fn rescore_pair(
    tx: &mut Tx,
    cap: &Capability,
    id: PairId,
    probability: f64,
    weight: f64,
    explanation: &serde_json::Value,
) -> Result<(), StoreError> {
    require_compare(cap)?;
    on_tx!(tx, c => sqlx::query("UPDATE match_pair SET match_probability = $1, match_weight = $2, explanation = $3 WHERE id = $4")
        .bind(probability).bind(weight).bind(explanation).bind(id.as_uuid())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Pairs in one status, most probable first.
pub async fn pairs_with_status(
    tx: &mut Tx,
    cap: &Capability,
    status: PairStatus,
    limit: i64,
) -> Result<Vec<PairRow>, StoreError> {
    require_compare(cap)?;
    let sql = format!(
        "SELECT {PAIR_COLUMNS} FROM match_pair WHERE status = $1 ORDER BY match_probability DESC, id LIMIT $2"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, PairRow>(&sql).bind(status.code()).bind(limit).fetch_all(c).await)?,
    )
}

pub async fn count_pairs(
    tx: &mut Tx,
    cap: &Capability,
    status: PairStatus,
) -> Result<i64, StoreError> {
    require_compare(cap)?;
    let (n,): (i64,) = on_tx!(tx, c => sqlx::query_as("SELECT COUNT(*) FROM match_pair WHERE status = $1")
        .bind(status.code()).fetch_one(c).await)?;
    Ok(n)
}

pub async fn pair(
    tx: &mut Tx,
    cap: &Capability,
    id: PairId,
) -> Result<Option<PairRow>, StoreError> {
    require_compare(cap)?;
    let sql = format!("SELECT {PAIR_COLUMNS} FROM match_pair WHERE id = $1");
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, PairRow>(&sql).bind(id.as_uuid()).fetch_optional(c).await)?,
    )
}

/// A reviewer's decision on a pair: from which status to which, by whom, when and why.
#[derive(Debug, Clone, Copy)]
pub struct PairDecision<'a> {
    pub from: PairStatus,
    pub to: PairStatus,
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub reason: &'a str,
}

/// Record a decision on a pair; only a pair still in `from` status changes (a second
/// reviewer deciding the same pair at the same time gets `StaleVersion`).
pub async fn decide_pair(
    tx: &mut Tx,
    cap: &Capability,
    id: PairId,
    d: PairDecision<'_>,
) -> Result<(), StoreError> {
    require_compare(cap)?;
    let PairDecision {
        from,
        to: status,
        by,
        at,
        reason,
    } = d;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE match_pair SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 WHERE id = $5 AND status = $6")
        .bind(status.code()).bind(by.0).bind(at).bind(reason).bind(id.as_uuid()).bind(from.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

pub async fn insert_link(
    tx: &mut Tx,
    left: &Capability,
    right: &Capability,
    l: &LinkRow,
) -> Result<(), StoreError> {
    require_combine(left, l.left_person_id)?;
    require_combine(right, l.right_person_id)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO person_link (id, pair_id, left_person_id, right_person_id, kind, reason, linked_by, linked_at, unlinked_by, unlinked_at, unlink_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(l.id.as_uuid()).bind(l.pair_id.as_uuid()).bind(l.left_person_id.as_uuid()).bind(l.right_person_id.as_uuid()).bind(l.kind.code())
        .bind(&l.reason).bind(l.linked_by.map(|u| u.0)).bind(l.linked_at).bind(l.unlinked_by.map(|u| u.0)).bind(l.unlinked_at)
        .bind(&l.unlink_reason).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// End a live link. `StaleVersion` if it was already ended.
pub async fn end_link(
    tx: &mut Tx,
    left: &Capability,
    right: &Capability,
    link: &LinkRow,
    by: UserId,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<(), StoreError> {
    require_combine(left, link.left_person_id)?;
    require_combine(right, link.right_person_id)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE person_link SET unlinked_by = $1, unlinked_at = $2, unlink_reason = $3 WHERE id = $4 AND unlinked_at IS NULL")
        .bind(by.0).bind(at).bind(reason).bind(link.id.as_uuid())
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

/// One link, by id. Holds two record ids and who linked them: not personal data beyond
/// what the access decision on either record then governs.
pub async fn link(tx: &mut Tx, id: LinkId) -> Result<Option<LinkRow>, StoreError> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM person_link WHERE id = $1");
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, LinkRow>(&sql).bind(id.as_uuid()).fetch_optional(c).await)?,
    )
}

/// Every link, live or ended, that touches `person`: for the record's "same person"
/// panel and its chronology.
pub async fn links_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<LinkRow>, StoreError> {
    require_read(cap, person, Section::Identity)?;
    let sql = format!(
        "SELECT {LINK_COLUMNS} FROM person_link WHERE left_person_id = $1 OR right_person_id = $1 ORDER BY linked_at, id"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, LinkRow>(&sql).bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Every live link, for clustering new links so they never join two people a conflict
/// keeps apart.
pub async fn live_links(tx: &mut Tx, cap: &Capability) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
    require_compare(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT left_person_id, right_person_id FROM person_link WHERE unlinked_at IS NULL")
        .fetch_all(c).await)?)
}

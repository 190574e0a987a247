//! The nominal record: the person row and its name search tokens.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::AgencyId;
use concord_domain::PersonId;
use uuid::Uuid;

use crate::capability::{require_any_change, require_change, require_create, require_read};
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonRow {
    #[sqlx(try_from = "Uuid")]
    pub id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub owning_agency_id: AgencyId,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub sort_key: String,
    pub date_of_birth: NaiveDate,
    pub gender: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

const PERSON_COLUMNS: &str = "id, owning_agency_id, given_name, middle_names, family_name, sort_key, date_of_birth, gender, created_at, updated_at, version";

pub async fn insert_person(tx: &mut Tx, cap: &Capability, p: &PersonRow) -> Result<(), StoreError> {
    require_create(cap)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO person (id, owning_agency_id, given_name, middle_names, family_name, sort_key, date_of_birth, gender, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(p.id.as_uuid()).bind(p.owning_agency_id.0).bind(&p.given_name).bind(&p.middle_names)
        .bind(&p.family_name).bind(&p.sort_key).bind(p.date_of_birth).bind(&p.gender)
        .bind(p.created_at).bind(p.updated_at).bind(p.version).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn person(
    tx: &mut Tx,
    cap: &Capability,
    id: PersonId,
) -> Result<Option<PersonRow>, StoreError> {
    require_read(cap, id, Section::Identity)?;
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE id = $1");
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, PersonRow>(&sql).bind(id.as_uuid()).fetch_optional(c).await)?,
    )
}

/// The owning agency of a person, which the policy needs before anything is read. Not
/// personal data in itself, so no capability: it is how the capability is decided.
pub async fn person_owner(tx: &mut Tx, id: PersonId) -> Result<Option<AgencyId>, StoreError> {
    let row: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as("SELECT owning_agency_id FROM person WHERE id = $1")
        .bind(id.as_uuid()).fetch_optional(c).await)?;
    Ok(row.map(|(a,)| AgencyId(a)))
}

/// Change the core details; fails with `StaleVersion` if someone else changed the record
/// since `expected_version` was read (optimistic locking: no lost updates).
pub async fn update_person(
    tx: &mut Tx,
    cap: &Capability,
    p: &PersonRow,
    expected_version: i64,
) -> Result<(), StoreError> {
    require_change(cap, p.id, Section::Identity)?;
    let r = on_tx!(tx, c => sqlx::query(
        "UPDATE person SET given_name = $1, middle_names = $2, family_name = $3, sort_key = $4, date_of_birth = $5, gender = $6, updated_at = $7, version = version + 1
         WHERE id = $8 AND version = $9")
        .bind(&p.given_name).bind(&p.middle_names).bind(&p.family_name).bind(&p.sort_key)
        .bind(p.date_of_birth).bind(&p.gender).bind(p.updated_at).bind(p.id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if r == 0 {
        return Err(StoreError::StaleVersion);
    }
    // A renamed person moves in name order under every one of their tokens.
    on_tx!(tx, c => sqlx::query("UPDATE person_search_token SET sort_key = $1 WHERE person_id = $2")
        .bind(&p.sort_key).bind(p.id.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Mark the record as updated when one of its parts (address, alias…) changes. The
/// version is not bumped: each part carries its own, so editing an address does not
/// invalidate a details form someone else has open.
pub async fn touch_person(
    tx: &mut Tx,
    cap: &Capability,
    id: PersonId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    require_any_change(cap, id)?;
    on_tx!(tx, c => sqlx::query("UPDATE person SET updated_at = $1 WHERE id = $2")
        .bind(at).bind(id.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replace one source's search tokens for a person (source: "name" or "alias:<id>").
/// Each row carries the person's sort key so name searches read their first page in
/// order from the `(token, sort_key, person_id)` index.
pub async fn set_search_tokens(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
    source: &str,
    tokens: &[String],
) -> Result<(), StoreError> {
    require_change(cap, person_id, Section::Identity)?;
    let (sort_key,): (String,) = on_tx!(tx, c => sqlx::query_as("SELECT sort_key FROM person WHERE id = $1")
        .bind(person_id.as_uuid()).fetch_one(c).await)?;
    on_tx!(tx, c => sqlx::query("DELETE FROM person_search_token WHERE person_id = $1 AND source = $2")
        .bind(person_id.as_uuid()).bind(source).execute(c).await.map(|r| r.rows_affected()))?;
    for token in tokens {
        on_tx!(tx, c => sqlx::query("INSERT INTO person_search_token (token, person_id, source, sort_key) VALUES ($1, $2, $3, $4)")
            .bind(token).bind(person_id.as_uuid()).bind(source).bind(&sort_key).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Make the writes about one person take turns until the transaction ends, so a rule that
/// reads before it writes (one open MAPPA spell, one current licence) holds under
/// concurrent requests. PostgreSQL locks the person's row against other writers only
/// (`FOR NO KEY UPDATE`: readers, and rows that merely refer to the person, do not wait);
/// on SQLite every writing transaction already holds the one write lock.
pub async fn hold_person(tx: &mut Tx, person_id: PersonId) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT 1 FROM person WHERE id = $1 FOR NO KEY UPDATE")
            .bind(person_id.as_uuid())
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

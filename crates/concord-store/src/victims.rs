//! Victims and children at risk, in the restricted victim section. One narrow exception:
//! an address check measures a proposed address against their locations without reading
//! who or where they are, so the offender manager who runs the check learns only that an
//! address is too close, never a victim's details.

use chrono::{DateTime, Utc};
use concord_authz::{Capability, Section};
use concord_domain::LicenceId;
use concord_domain::{AgencyId, UserId};
use concord_domain::{PersonId, VictimId, VictimKind};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VictimRow {
    #[sqlx(try_from = "Uuid")]
    pub id: VictimId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: VictimKind,
    pub relationship: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub representations: String,
    pub may_be_told: String,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

const VICTIM_COLUMNS: &str = "id, person_id, agency_id, name, kind, relationship, address, latitude, longitude, representations, may_be_told, created_by, created_at, updated_at, version";

pub async fn insert_victim(tx: &mut Tx, cap: &Capability, v: &VictimRow) -> Result<(), StoreError> {
    require_add(cap, v.person_id, Section::Victim)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO victim ({VICTIM_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"))
        .bind(v.id.as_uuid()).bind(v.person_id.as_uuid()).bind(v.agency_id.0).bind(&v.name).bind(v.kind.code())
        .bind(&v.relationship).bind(&v.address).bind(v.latitude).bind(v.longitude)
        .bind(&v.representations).bind(&v.may_be_told).bind(v.created_by.0).bind(v.created_at)
        .bind(v.updated_at).bind(v.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Save a victim read at `expected_version`; `false` if someone saved it first.
pub async fn update_victim(
    tx: &mut Tx,
    cap: &Capability,
    v: &VictimRow,
    expected_version: i64,
) -> Result<bool, StoreError> {
    require_change(cap, v.person_id, Section::Victim)?;
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE victim SET name = $1, kind = $2, relationship = $3, address = $4, latitude = $5, longitude = $6,
            representations = $7, may_be_told = $8, updated_at = $9, version = $10
         WHERE id = $11 AND person_id = $12 AND version = $13")
        .bind(&v.name).bind(v.kind.code()).bind(&v.relationship).bind(&v.address).bind(v.latitude)
        .bind(v.longitude).bind(&v.representations).bind(&v.may_be_told).bind(v.updated_at)
        .bind(v.version).bind(v.id.as_uuid()).bind(v.person_id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

pub async fn victims_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<VictimRow>, StoreError> {
    require_read(cap, person, Section::Victim)?;
    let sql =
        format!("SELECT {VICTIM_COLUMNS} FROM victim WHERE person_id = $1 ORDER BY created_at, id");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, VictimRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Where a person's victims and children at risk live, as (id, kind, latitude,
/// longitude), for an address check only: the caller must be able to add to the licence
/// section, and gets no name or address. What the check derives from these is written to
/// the check's victim findings, which only the victim section reads back. (Likewise
/// for measuring the premises a place is offered in: see `zones_for_check`.)
pub async fn victim_locations_for_check(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<(Uuid, VictimKind, f64, f64)>, StoreError> {
    if !crate::premises::writes_stay(cap, person) {
        require_add(cap, person, Section::Licence)?;
    }
    let rows = on_tx!(tx, c => sqlx::query_as::<_, (Uuid, String, f64, f64)>(
        "SELECT id, kind, latitude, longitude FROM victim
         WHERE person_id = $1 AND latitude IS NOT NULL AND longitude IS NOT NULL
         ORDER BY created_at, id")
        .bind(person.as_uuid()).fetch_all(c).await)?;
    rows.into_iter()
        .map(|(id, kind, lat, lon)| {
            let kind =
                VictimKind::try_from(kind).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((id, kind, lat, lon))
        })
        .collect()
}

/// Link a licence condition to the victim it protects.
#[allow(clippy::too_many_arguments)]
pub async fn link_victim_condition(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    victim: VictimId,
    licence: LicenceId,
    condition: Uuid,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    require_change(cap, person, Section::Victim)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO victim_condition (victim_id, person_id, licence_id, condition_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (victim_id, condition_id) DO NOTHING")
        .bind(victim.as_uuid()).bind(person.as_uuid()).bind(licence.0).bind(condition).bind(by.0).bind(at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every (victim, licence, condition) link of a person.
pub async fn victim_conditions(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<(Uuid, Uuid, Uuid)>, StoreError> {
    require_read(cap, person, Section::Victim)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, (Uuid, Uuid, Uuid)>(
        "SELECT victim_id, licence_id, condition_id FROM victim_condition WHERE person_id = $1 ORDER BY created_at")
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

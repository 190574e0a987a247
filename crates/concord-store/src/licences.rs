//! Manage: licences and their versions, the licence timeline, zones and address checks,
//! all in the record's licence section. A version is changed only while it is a draft at
//! the version the caller read; an approved version is never edited (a variation is a new
//! version).

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, Section};
use concord_domain::{
    AddressCheckId, AddressCheckOutcome, AddressPurpose, PersonId, VictimId, ZoneKind,
};
use concord_domain::{AgencyId, TeamId, UserId};
use concord_domain::{LicenceEventId, LicenceId, LicenceVersionId, ZoneId};
use concord_licence::{LicenceEvent, LicenceStatus, LicenceType};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LicenceRow {
    #[sqlx(try_from = "Uuid")]
    pub id: LicenceVersionId,
    /// The licence this is a version of (its first version's id).
    #[sqlx(try_from = "Uuid")]
    pub licence_id: LicenceId,
    pub version_number: i32,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub type_code: LicenceType,
    #[sqlx(try_from = "String")]
    pub status: LicenceStatus,
    pub policy_version: String,
    pub release_date: NaiveDate,
    pub licence_end_date: NaiveDate,
    pub sentence_end_date: Option<NaiveDate>,
    pub top_up_end_date: Option<NaiveDate>,
    pub hdc_start_date: Option<NaiveDate>,
    pub hdc_end_date: Option<NaiveDate>,
    #[sqlx(try_from = "OptUuid")]
    pub responsible_officer: Option<UserId>,
    #[sqlx(try_from = "OptUuid")]
    pub team_id: Option<TeamId>,
    pub conditions: serde_json::Value,
    pub reason: String,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub submitted_by: Option<UserId>,
    pub submitted_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "OptUuid")]
    pub approved_by: Option<UserId>,
    pub approved_at: Option<DateTime<Utc>>,
    pub version: i64,
}

pub(crate) const LICENCE_COLUMNS: &str = "id, licence_id, version_number, person_id, agency_id, type_code, status, policy_version, release_date, licence_end_date, sentence_end_date, top_up_end_date, hdc_start_date, hdc_end_date, responsible_officer, team_id, conditions, reason, created_by, created_at, submitted_by, submitted_at, approved_by, approved_at, version";

pub async fn insert_licence(
    tx: &mut Tx,
    cap: &Capability,
    l: &LicenceRow,
) -> Result<(), StoreError> {
    require_add(cap, l.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO licence ({LICENCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)"))
        .bind(l.id.0).bind(l.licence_id.0).bind(l.version_number).bind(l.person_id.as_uuid()).bind(l.agency_id.0)
        .bind(l.type_code.code()).bind(l.status.code()).bind(&l.policy_version).bind(l.release_date)
        .bind(l.licence_end_date).bind(l.sentence_end_date).bind(l.top_up_end_date)
        .bind(l.hdc_start_date).bind(l.hdc_end_date).bind(l.responsible_officer.map(|u| u.0)).bind(l.team_id.map(|u| u.0))
        .bind(&l.conditions).bind(&l.reason).bind(l.created_by.0).bind(l.created_at)
        .bind(l.submitted_by.map(|u| u.0)).bind(l.submitted_at).bind(l.approved_by.map(|u| u.0)).bind(l.approved_at)
        .bind(l.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    crate::em::em_rules_changed(tx, l.person_id).await?;
    Ok(())
}

/// Save a version read at `expected_version`. `false` when someone else saved it first.
pub async fn update_licence(
    tx: &mut Tx,
    cap: &Capability,
    l: &LicenceRow,
    expected_version: i64,
) -> Result<bool, StoreError> {
    require_change(cap, l.person_id, Section::Licence)?;
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE licence SET type_code = $1, status = $2, release_date = $3, licence_end_date = $4,
            sentence_end_date = $5, top_up_end_date = $6, hdc_start_date = $7, hdc_end_date = $8,
            responsible_officer = $9, team_id = $10, conditions = $11, reason = $12,
            submitted_by = $13, submitted_at = $14, approved_by = $15, approved_at = $16, version = $17
         WHERE id = $18 AND person_id = $19 AND version = $20")
        .bind(l.type_code.code()).bind(l.status.code()).bind(l.release_date).bind(l.licence_end_date)
        .bind(l.sentence_end_date).bind(l.top_up_end_date).bind(l.hdc_start_date)
        .bind(l.hdc_end_date).bind(l.responsible_officer.map(|u| u.0)).bind(l.team_id.map(|u| u.0)).bind(&l.conditions)
        .bind(&l.reason).bind(l.submitted_by.map(|u| u.0)).bind(l.submitted_at).bind(l.approved_by.map(|u| u.0))
        .bind(l.approved_at).bind(l.version).bind(l.id.0).bind(l.person_id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 1 {
        crate::em::em_rules_changed(tx, l.person_id).await?;
    }
    Ok(changed == 1)
}

/// Every version of every licence of a person, oldest first.
pub async fn licences_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<LicenceRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {LICENCE_COLUMNS} FROM licence WHERE person_id = $1 ORDER BY created_at, version_number, id"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, LicenceRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LicenceEventRow {
    #[sqlx(try_from = "Uuid")]
    pub id: LicenceEventId,
    #[sqlx(try_from = "Uuid")]
    pub licence_id: LicenceId,
    #[sqlx(try_from = "Uuid")]
    pub version_id: LicenceVersionId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub event: LicenceEvent,
    pub reason: String,
    pub detail: serde_json::Value,
    #[sqlx(try_from = "Uuid")]
    pub by_user: UserId,
    pub at: DateTime<Utc>,
}

pub async fn insert_licence_event(
    tx: &mut Tx,
    cap: &Capability,
    e: &LicenceEventRow,
) -> Result<(), StoreError> {
    require_add(cap, e.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO licence_event (id, licence_id, version_id, person_id, event, reason, detail, by_user, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(e.id.0).bind(e.licence_id.0).bind(e.version_id.0).bind(e.person_id.as_uuid()).bind(e.event.code())
        .bind(&e.reason).bind(&e.detail).bind(e.by_user.0).bind(e.at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's licence timeline, oldest first.
pub async fn licence_events(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<LicenceEventRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, LicenceEventRow>(
        "SELECT id, licence_id, version_id, person_id, event, reason, detail, by_user, at
         FROM licence_event WHERE person_id = $1 ORDER BY at, id")
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ZoneRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ZoneId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub kind: ZoneKind,
    pub name: String,
    pub description: String,
    /// GeoJSON geometry (longitude, latitude), when drawn, uploaded or made as a circle.
    pub geometry: Option<serde_json::Value>,
    /// `HH:MM-HH:MM` windows separated by commas; empty for always.
    pub windows: String,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
    /// The victim whose home the zone is drawn round: its map and description locate her,
    /// so they are shown only with the victim section (set only by those who hold it).
    #[sqlx(try_from = "OptUuid")]
    pub victim_id: Option<VictimId>,
}

pub async fn insert_zone(tx: &mut Tx, cap: &Capability, z: &ZoneRow) -> Result<(), StoreError> {
    require_add(cap, z.person_id, Section::Licence)?;
    // Only someone who writes the victim section may say a zone is drawn round her home.
    if z.victim_id.is_some() {
        require_add(cap, z.person_id, Section::Victim)?;
    }
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO zone (id, person_id, agency_id, kind, name, description, geometry, windows, created_by, created_at, retired_at, victim_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(z.id.0).bind(z.person_id.as_uuid()).bind(z.agency_id.0).bind(z.kind.code()).bind(&z.name)
        .bind(&z.description).bind(&z.geometry).bind(&z.windows).bind(z.created_by.0)
        .bind(z.created_at).bind(z.retired_at).bind(z.victim_id.map(|v| v.as_uuid()))
        .execute(c).await.map(|r| r.rows_affected()))?;
    crate::em::em_rules_changed(tx, z.person_id).await?;
    Ok(())
}

const ZONE_SELECT: &str = "SELECT id, person_id, agency_id, kind, name, description, geometry, windows, created_by, created_at, retired_at, victim_id
         FROM zone WHERE person_id = $1 ORDER BY created_at, id";

/// A person's zones, retired ones included, oldest first. A zone drawn round a victim's
/// home comes with its map, description and times only when `cap` also covers the victim
/// section: without it, its name and kind are all that leave the store.
pub async fn zones_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ZoneRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let mut rows = on_tx!(tx, c => sqlx::query_as::<_, ZoneRow>(ZONE_SELECT)
        .bind(person.as_uuid()).fetch_all(c).await)?;
    if !cap.covers(Action::Read, person, Section::Victim) {
        for z in rows.iter_mut().filter(|z| z.victim_id.is_some()) {
            z.geometry = None;
            z.description = String::new();
            z.windows = String::new();
        }
    }
    Ok(rows)
}

/// A person's zones with their maps, for measuring a proposed address only: the caller
/// must be able to add to the licence section, and what is derived from a zone round a
/// victim's home goes to the check's victim findings. (Or for measuring the premises a
/// place is offered in, by whoever may write the person's approved-premises stay.)
pub async fn zones_for_check(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ZoneRow>, StoreError> {
    if !crate::premises::writes_stay(cap, person) {
        require_add(cap, person, Section::Licence)?;
    }
    Ok(on_tx!(tx, c => sqlx::query_as::<_, ZoneRow>(ZONE_SELECT)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Mark zones as drawn round a victim's home (a condition protecting her names them).
/// Needs the victim section: the mark is what withholds their maps from everyone else.
pub async fn link_zones_to_victim(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    victim: VictimId,
    zones: &[ZoneId],
) -> Result<(), StoreError> {
    require_change(cap, person, Section::Victim)?;
    for zone in zones {
        on_tx!(tx, c => sqlx::query(
            "UPDATE zone SET victim_id = $1 WHERE id = $2 AND person_id = $3 AND victim_id IS NULL")
            .bind(victim.as_uuid()).bind(zone.0).bind(person.as_uuid())
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AddressCheckRow {
    #[sqlx(try_from = "Uuid")]
    pub id: AddressCheckId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub purpose: AddressPurpose,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    #[sqlx(try_from = "String")]
    pub outcome: AddressCheckOutcome,
    pub findings: serde_json::Value,
    pub police_check: String,
    pub childrens_services_check: String,
    pub home_visit: String,
    #[sqlx(try_from = "OptUuid")]
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

pub(crate) const CHECK_COLUMNS: &str = "id, person_id, agency_id, purpose, address, latitude, longitude, outcome, findings, police_check, childrens_services_check, home_visit, decided_by, decided_at, created_by, created_at, version";

/// Keep a check. `victim_findings` — what was measured against victims' homes and the
/// zones round them — is written by whoever runs the check (who need not hold the victim
/// section: they measure without reading) and read back only by
/// [`address_check_victim_findings`], which needs the victim section. The row itself never
/// carries it, so no licence-section read can return it.
pub async fn insert_address_check(
    tx: &mut Tx,
    cap: &Capability,
    a: &AddressCheckRow,
    victim_findings: &serde_json::Value,
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO address_check ({CHECK_COLUMNS}, victim_findings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"))
        .bind(a.id.as_uuid()).bind(a.person_id.as_uuid()).bind(a.agency_id.0).bind(a.purpose.code()).bind(&a.address)
        .bind(a.latitude).bind(a.longitude).bind(a.outcome.code()).bind(&a.findings)
        .bind(&a.police_check).bind(&a.childrens_services_check).bind(&a.home_visit)
        .bind(a.decided_by.map(|u| u.0)).bind(a.decided_at).bind(a.created_by.0).bind(a.created_at).bind(a.version)
        .bind(victim_findings)
        .execute(c).await.map(|r| r.rows_affected()))?;
    crate::em::em_rules_changed(tx, a.person_id).await?;
    Ok(())
}

/// The victim findings of a person's address checks, by check id: distances to victims'
/// homes and to the zones round them. Victim section only.
pub async fn address_check_victim_findings(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<(AddressCheckId, Option<serde_json::Value>)>, StoreError> {
    require_read(cap, person, Section::Victim)?;
    let rows = on_tx!(tx, c => sqlx::query_as::<_, (Uuid, Option<serde_json::Value>)>(
        "SELECT id, victim_findings FROM address_check WHERE person_id = $1 ORDER BY created_at, id")
        .bind(person.as_uuid()).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(id, f)| (id.into(), f)).collect())
}

/// Record the safeguarding checks and the decision of a pending check read at
/// `expected_version`; a refused or approved check is final.
pub async fn update_address_check(
    tx: &mut Tx,
    cap: &Capability,
    a: &AddressCheckRow,
    expected_version: i64,
) -> Result<bool, StoreError> {
    require_change(cap, a.person_id, Section::Licence)?;
    // The code is the enum's own (static text, never input), so it is written inline.
    let sql = format!(
        "UPDATE address_check SET outcome = $1, findings = $2, police_check = $3, childrens_services_check = $4,
            home_visit = $5, decided_by = $6, decided_at = $7, version = $8
         WHERE id = $9 AND person_id = $10 AND version = $11 AND outcome = '{}'",
        AddressCheckOutcome::Pending.code()
    );
    let changed = on_tx!(tx, c => sqlx::query(&sql)
        .bind(a.outcome.code()).bind(&a.findings).bind(&a.police_check).bind(&a.childrens_services_check)
        .bind(&a.home_visit).bind(a.decided_by.map(|u| u.0)).bind(a.decided_at).bind(a.version).bind(a.id.as_uuid())
        .bind(a.person_id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 1 {
        crate::em::em_rules_changed(tx, a.person_id).await?;
    }
    Ok(changed == 1)
}

pub async fn address_checks_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<AddressCheckRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {CHECK_COLUMNS} FROM address_check WHERE person_id = $1 ORDER BY created_at, id"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AddressCheckRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

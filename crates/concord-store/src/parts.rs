//! The parts of a person's record, each owned by the agency that recorded it: aliases,
//! identifiers, addresses, offences, sentences and orders, warning markers, events and
//! allocations. Reads need a read capability for the person, writes a change capability.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::PersonId;
use concord_domain::RecordId;
use concord_domain::{AgencyId, UserId};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AliasRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IdentifierRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub kind: String,
    pub value: String,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AddressRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub kind: String,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: Option<String>,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OffenceRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub offence_code: String,
    pub description: String,
    pub offence_date: NaiveDate,
    pub conviction_date: Option<NaiveDate>,
    pub disposal: Option<String>,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SentenceRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub kind: String,
    pub description: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub release_date: Option<NaiveDate>,
    pub licence_end_date: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub created_at: DateTime<Utc>,
    /// The length as the court imposed it ("2 years"), when recorded.
    pub term: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MarkerRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub kind: String,
    pub note: String,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub raised_by: Option<UserId>,
    pub raised_on: NaiveDate,
    pub removed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub event_type: String,
    pub occurred_on: NaiveDate,
    pub summary: String,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub recorded_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    /// A concord-authz `Section` code: chronology, or a restricted section.
    pub section: String,
    /// "Do not disclose to the person": readable only with that permission.
    pub withheld_from_person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AllocationRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub role: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
}

pub async fn insert_alias(tx: &mut Tx, cap: &Capability, r: &AliasRow) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Identity)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO person_alias (id, person_id, given_name, middle_names, family_name, date_of_birth, agency_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.given_name).bind(&r.middle_names).bind(&r.family_name)
        .bind(r.date_of_birth).bind(r.agency_id.0).bind(r.created_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn aliases(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<AliasRow>, StoreError> {
    require_read(cap, person_id, Section::Identity)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AliasRow>(
        "SELECT id, person_id, given_name, middle_names, family_name, date_of_birth, agency_id, created_at FROM person_alias WHERE person_id = $1 ORDER BY family_name, given_name")
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_identifier(
    tx: &mut Tx,
    cap: &Capability,
    r: &IdentifierRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Identity)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO person_identifier (id, person_id, kind, value, agency_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.kind).bind(&r.value).bind(r.agency_id.0).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn identifiers(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<IdentifierRow>, StoreError> {
    require_read(cap, person_id, Section::Identity)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, IdentifierRow>(
        "SELECT id, person_id, kind, value, agency_id, created_at FROM person_identifier WHERE person_id = $1 ORDER BY kind, value")
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_address(
    tx: &mut Tx,
    cap: &Capability,
    r: &AddressRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Addresses)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO person_address (id, person_id, kind, line1, line2, town, postcode, from_date, to_date, agency_id, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.kind).bind(&r.line1).bind(&r.line2).bind(&r.town)
        .bind(&r.postcode).bind(r.from_date).bind(r.to_date).bind(r.agency_id.0).bind(r.created_at)
        .bind(r.updated_at).bind(r.version).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Change an address in place (a correction, or setting its end date), refusing a stale edit.
pub async fn update_address(
    tx: &mut Tx,
    cap: &Capability,
    r: &AddressRow,
    expected_version: i64,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Addresses)?;
    let done = on_tx!(tx, c => sqlx::query(
        "UPDATE person_address SET kind = $1, line1 = $2, line2 = $3, town = $4, postcode = $5, from_date = $6, to_date = $7, updated_at = $8, version = version + 1
         WHERE id = $9 AND person_id = $10 AND version = $11")
        .bind(&r.kind).bind(&r.line1).bind(&r.line2).bind(&r.town).bind(&r.postcode).bind(r.from_date)
        .bind(r.to_date).bind(r.updated_at).bind(r.id.0).bind(r.person_id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

/// Address history, current first (no end date), then newest first.
pub async fn addresses(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<AddressRow>, StoreError> {
    require_read(cap, person_id, Section::Addresses)?;
    let mut rows = on_tx!(tx, c => sqlx::query_as::<_, AddressRow>(
        "SELECT id, person_id, kind, line1, line2, town, postcode, from_date, to_date, agency_id, created_at, updated_at, version FROM person_address WHERE person_id = $1 ORDER BY to_date IS NOT NULL, from_date DESC")
        .bind(person_id.as_uuid()).fetch_all(c).await)?;
    rows.sort_by_key(|a| (a.to_date.is_some(), std::cmp::Reverse(a.from_date)));
    Ok(rows)
}

pub async fn insert_offence(
    tx: &mut Tx,
    cap: &Capability,
    r: &OffenceRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Convictions)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO offence (id, person_id, offence_code, description, offence_date, conviction_date, disposal, agency_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.offence_code).bind(&r.description).bind(r.offence_date)
        .bind(r.conviction_date).bind(&r.disposal).bind(r.agency_id.0).bind(r.created_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn offences(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<OffenceRow>, StoreError> {
    require_read(cap, person_id, Section::Convictions)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, OffenceRow>(
        "SELECT id, person_id, offence_code, description, offence_date, conviction_date, disposal, agency_id, created_at FROM offence WHERE person_id = $1 ORDER BY offence_date DESC")
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_sentence(
    tx: &mut Tx,
    cap: &Capability,
    r: &SentenceRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Convictions)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO sentence (id, person_id, kind, description, start_date, end_date, release_date, licence_end_date, agency_id, created_at, term) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.kind).bind(&r.description).bind(r.start_date).bind(r.end_date)
        .bind(r.release_date).bind(r.licence_end_date).bind(r.agency_id.0).bind(r.created_at).bind(&r.term).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn sentences(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<SentenceRow>, StoreError> {
    require_read(cap, person_id, Section::Convictions)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, SentenceRow>(
        "SELECT id, person_id, kind, description, start_date, end_date, release_date, licence_end_date, agency_id, created_at, term FROM sentence WHERE person_id = $1 ORDER BY start_date DESC")
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_marker(tx: &mut Tx, cap: &Capability, r: &MarkerRow) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Markers)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO warning_marker (id, person_id, kind, note, agency_id, raised_by, raised_on, removed_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.kind).bind(&r.note).bind(r.agency_id.0).bind(r.raised_by.map(|u| u.0))
        .bind(r.raised_on).bind(r.removed_on).bind(r.created_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove_marker(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
    marker_id: RecordId,
    on: NaiveDate,
) -> Result<(), StoreError> {
    require_change(cap, person_id, Section::Markers)?;
    let r = on_tx!(tx, c => sqlx::query("UPDATE warning_marker SET removed_on = $1 WHERE id = $2 AND person_id = $3 AND removed_on IS NULL")
        .bind(on).bind(marker_id.0).bind(person_id.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    if r == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn markers(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<MarkerRow>, StoreError> {
    require_read(cap, person_id, Section::Markers)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MarkerRow>(
        "SELECT id, person_id, kind, note, agency_id, raised_by, raised_on, removed_on, created_at FROM warning_marker WHERE person_id = $1 ORDER BY raised_on DESC")
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

/// The sections an agency entry can belong to.
pub const ENTRY_SECTIONS: [Section; 4] = [
    Section::Chronology,
    Section::Victim,
    Section::Health,
    Section::Intelligence,
];

fn entry_section(code: &str) -> Result<Section, StoreError> {
    Section::from_code(code)
        .filter(|s| ENTRY_SECTIONS.contains(s))
        .ok_or_else(|| StoreError::Corrupt(format!("`{code}` is not a section entries belong to")))
}

pub async fn insert_event(tx: &mut Tx, cap: &Capability, r: &EventRow) -> Result<(), StoreError> {
    require_add(cap, r.person_id, entry_section(&r.section)?)?;
    if r.withheld_from_person {
        require_add(cap, r.person_id, Section::DoNotDisclose)?;
    }
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO person_event (id, person_id, event_type, occurred_on, summary, agency_id, recorded_by, created_at, section, withheld_from_person) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.event_type).bind(r.occurred_on).bind(&r.summary)
        .bind(r.agency_id.0).bind(r.recorded_by.map(|u| u.0)).bind(r.created_at).bind(&r.section).bind(r.withheld_from_person)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The entries of the sections the capability covers; entries withheld from the person
/// only with the do-not-disclose section. Nothing outside them is even fetched.
pub async fn events(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<EventRow>, StoreError> {
    let readable: Vec<&str> = ENTRY_SECTIONS
        .into_iter()
        .filter(|s| cap.covers(concord_authz::Action::Read, person_id, *s))
        .map(Section::code)
        .collect();
    // A capability for this person that reaches none of the entry sections (a partner
    // referred addresses and markers only) reads no entries; one for someone else is a
    // programming error.
    if readable.is_empty() {
        return if cap.covers_any(concord_authz::Action::Read, person_id) {
            Ok(vec![])
        } else {
            Err(StoreError::WrongCapability {
                needed: "reading this person's entries",
            })
        };
    }
    let withheld_ok = cap.covers(
        concord_authz::Action::Read,
        person_id,
        Section::DoNotDisclose,
    );
    let sql = format!(
        "SELECT id, person_id, event_type, occurred_on, summary, agency_id, recorded_by, created_at, section, withheld_from_person FROM person_event WHERE person_id = $1 AND section IN ({}){} ORDER BY occurred_on DESC",
        crate::in_list(2, readable.len()),
        if withheld_ok { "" } else { " AND withheld_from_person = FALSE" }
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, EventRow>(&sql).bind(person_id.as_uuid());
        for s in &readable {
            q = q.bind(*s);
        }
        q.fetch_all(c).await
    })?)
}

pub async fn insert_allocation(
    tx: &mut Tx,
    cap: &Capability,
    r: &AllocationRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO allocation (id, person_id, user_id, agency_id, role, from_date, to_date) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.user_id.0).bind(r.agency_id.0).bind(&r.role).bind(r.from_date).bind(r.to_date)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn allocations(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<AllocationRow>, StoreError> {
    require_read(cap, person_id, Section::Management)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AllocationRow>(
        "SELECT id, person_id, user_id, agency_id, role, from_date, to_date FROM allocation WHERE person_id = $1 ORDER BY from_date DESC")
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

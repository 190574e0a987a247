//! Volunteers (the provider's register, decided as `VolunteerRegister` for the provider's
//! agency) and their matches and hours (the person's interventions section; a provider
//! gets only matches of its own volunteers).

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ResourceKind, Section};
use concord_domain::{
    AgencyId, PersonId, ServiceReferralId, UserId, VolunteerId, VolunteerMatchId,
};
use concord_partners::{DbsLevel, MatchStatus, VolunteerRole};
use uuid::Uuid;

use crate::capability::{require_add, require_read};
use crate::columns::{OptCode, OptUuid};
use crate::{on_tx, StoreError, Tx};

fn require_register(cap: &Capability, agency: AgencyId, write: bool) -> Result<(), StoreError> {
    let action_ok = if write {
        matches!(cap.action(), Action::Create | Action::Change)
    } else {
        cap.action() == Action::Read
    };
    if cap.kind() == ResourceKind::VolunteerRegister
        && action_ok
        && cap.owning_agency() == Some(agency)
    {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "the provider's volunteers",
        })
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VolunteerRow {
    #[sqlx(try_from = "Uuid")]
    pub id: VolunteerId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: VolunteerRole,
    #[sqlx(try_from = "OptCode")]
    pub dbs_level: Option<DbsLevel>,
    pub dbs_checked_on: Option<NaiveDate>,
    pub references_received: i32,
    pub trained_on: Option<NaiveDate>,
    pub active: bool,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const VOLUNTEER: &str = "id, agency_id, name, role, dbs_level, dbs_checked_on, references_received, trained_on, active, created_by, created_at, updated_at";

pub async fn insert_volunteer(
    tx: &mut Tx,
    cap: &Capability,
    v: &VolunteerRow,
) -> Result<(), StoreError> {
    require_register(cap, v.agency_id, true)?;
    let sql = format!("INSERT INTO volunteer ({VOLUNTEER}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on_tx!(tx, c => sqlx::query(&sql)
        .bind(v.id.as_uuid()).bind(v.agency_id.0).bind(&v.name).bind(v.role.code()).bind(v.dbs_level.map(DbsLevel::code))
        .bind(v.dbs_checked_on).bind(v.references_received).bind(v.trained_on).bind(v.active)
        .bind(v.created_by.0).bind(v.created_at).bind(v.updated_at)
        .execute(c).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// Record new vetting (and whether the volunteer is active).
pub async fn update_volunteer(
    tx: &mut Tx,
    cap: &Capability,
    v: &VolunteerRow,
) -> Result<(), StoreError> {
    require_register(cap, v.agency_id, true)?;
    let done = on_tx!(tx, c => sqlx::query(
        "UPDATE volunteer SET dbs_level = $1, dbs_checked_on = $2, references_received = $3, trained_on = $4, active = $5, updated_at = $6 WHERE id = $7 AND agency_id = $8")
        .bind(v.dbs_level.map(DbsLevel::code)).bind(v.dbs_checked_on).bind(v.references_received).bind(v.trained_on)
        .bind(v.active).bind(v.updated_at).bind(v.id.as_uuid()).bind(v.agency_id.0)
        .execute(c).await.map(|d| d.rows_affected()))?;
    if done == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// The agency's volunteers, by name.
pub async fn volunteers_of(
    tx: &mut Tx,
    cap: &Capability,
    agency: AgencyId,
) -> Result<Vec<VolunteerRow>, StoreError> {
    require_register(cap, agency, false)?;
    let sql = format!("SELECT {VOLUNTEER} FROM volunteer WHERE agency_id = $1 ORDER BY name, id");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, VolunteerRow>(&sql).bind(agency.0).fetch_all(c).await)?)
}

/// The agency a volunteer belongs to, to decide on before reading them (no personal
/// data: an id).
pub async fn volunteer_agency(
    tx: &mut Tx,
    id: VolunteerId,
) -> Result<Option<AgencyId>, StoreError> {
    let row: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as("SELECT agency_id FROM volunteer WHERE id = $1")
        .bind(id.as_uuid()).fetch_optional(c).await)?;
    Ok(row.map(|(a,)| AgencyId(a)))
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VolunteerMatchRow {
    #[sqlx(try_from = "Uuid")]
    pub id: VolunteerMatchId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub volunteer_id: VolunteerId,
    #[sqlx(try_from = "Uuid")]
    pub referral_id: ServiceReferralId,
    #[sqlx(try_from = "String")]
    pub status: MatchStatus,
    #[sqlx(try_from = "Uuid")]
    pub proposed_by: UserId,
    pub proposed_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

const MATCH: &str = "m.id, m.person_id, m.volunteer_id, m.referral_id, m.status, m.proposed_by, m.proposed_at, m.decided_by, m.decided_at, m.decision_note, m.ended_on, m.outcome";

pub async fn insert_match(
    tx: &mut Tx,
    cap: &Capability,
    m: &VolunteerMatchRow,
) -> Result<(), StoreError> {
    require_add(cap, m.person_id, Section::Interventions)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO volunteer_match (id, person_id, volunteer_id, referral_id, status, proposed_by, proposed_at, decided_by, decided_at, decision_note, ended_on, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(m.id.as_uuid()).bind(m.person_id.as_uuid()).bind(m.volunteer_id.as_uuid()).bind(m.referral_id.as_uuid())
        .bind(m.status.code()).bind(m.proposed_by.0).bind(m.proposed_at).bind(m.decided_by.map(|u| u.0))
        .bind(m.decided_at).bind(&m.decision_note).bind(m.ended_on).bind(&m.outcome)
        .execute(c).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// Move a match on, if it still stands at `expected`.
pub async fn update_match(
    tx: &mut Tx,
    cap: &Capability,
    m: &VolunteerMatchRow,
    expected: MatchStatus,
) -> Result<(), StoreError> {
    require_add(cap, m.person_id, Section::Interventions)?;
    let done = on_tx!(tx, c => sqlx::query(
        "UPDATE volunteer_match SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4, ended_on = $5, outcome = $6 WHERE id = $7 AND person_id = $8 AND status = $9")
        .bind(m.status.code()).bind(m.decided_by.map(|u| u.0)).bind(m.decided_at).bind(&m.decision_note)
        .bind(m.ended_on).bind(&m.outcome).bind(m.id.as_uuid()).bind(m.person_id.as_uuid()).bind(expected.code())
        .execute(c).await.map(|d| d.rows_affected()))?;
    if done == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

/// A match with its volunteer's name and role, and the minutes worked.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MatchListRow {
    #[sqlx(flatten)]
    pub m: VolunteerMatchRow,
    pub volunteer_name: String,
    #[sqlx(try_from = "String")]
    pub volunteer_role: VolunteerRole,
    #[sqlx(try_from = "Uuid")]
    pub volunteer_agency: AgencyId,
    pub minutes: i64,
}

/// The person's matches (a provider: only its own volunteers'), newest first.
pub async fn matches_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<MatchListRow>, StoreError> {
    require_read(cap, person, Section::Interventions)?;
    let holder = cap.holder();
    let provider = holder.partner.then_some(holder.agency.0);
    let sql = format!(
        "SELECT {MATCH}, v.name AS volunteer_name, v.role AS volunteer_role, v.agency_id AS volunteer_agency,
            COALESCE((SELECT SUM(h.minutes) FROM volunteer_hours h WHERE h.match_id = m.id), 0) AS minutes
         FROM volunteer_match m JOIN volunteer v ON v.id = m.volunteer_id
         WHERE m.person_id = $1 AND ($2 IS NULL OR v.agency_id = $2)
         ORDER BY m.proposed_at DESC"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, MatchListRow>(&sql).bind(person.as_uuid()).bind(provider).fetch_all(c).await)?,
    )
}

pub async fn insert_hours(
    tx: &mut Tx,
    cap: &Capability,
    (id, m, person): (Uuid, VolunteerMatchId, PersonId),
    (worked_on, minutes, note): (NaiveDate, i32, &str),
    (by, at): (UserId, DateTime<Utc>),
) -> Result<(), StoreError> {
    require_add(cap, person, Section::Interventions)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO volunteer_hours (id, match_id, person_id, worked_on, minutes, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(id).bind(m.as_uuid()).bind(person.as_uuid()).bind(worked_on).bind(minutes).bind(note).bind(by.0).bind(at)
        .execute(c).await.map(|d| d.rows_affected()))?;
    Ok(())
}

//! The MAPPA record of a person (category, level, lead agency, dates, status), the
//! decisions that shaped it, and referrals (MAPPA A) with their screening. All of it is
//! the management section of the person's record.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::MappaDecisionId;
use concord_domain::{AgencyId, UserId};
use concord_domain::{MappaRecordId, MappaReferralId, PersonId};
use concord_mappa::{Category, DecisionKind, Level, MappaStatus, ReferralStatus};
use uuid::Uuid;

use crate::capability::{require_add, require_list, require_read};
use crate::columns::OptCode;
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MappaRecordRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MappaRecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub area: String,
    #[sqlx(try_from = "String")]
    pub category: Category,
    pub category_reasons: String,
    #[sqlx(try_from = "String")]
    pub level: Level,
    #[sqlx(try_from = "Uuid")]
    pub lead_agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub status: MappaStatus,
    pub eligible_from: NaiveDate,
    pub eligibility_ends_on: Option<NaiveDate>,
    pub end_prompt_on: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub critical_public_protection: bool,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    #[sqlx(try_from = "Uuid")]
    pub confirmed_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const RECORD: &str = "id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, eligibility_ends_on, end_prompt_on, next_review_on, critical_public_protection, ended_on, end_reason, confirmed_by, created_at, updated_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MappaDecisionRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MappaDecisionId,
    #[sqlx(try_from = "Uuid")]
    pub record_id: MappaRecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub kind: DecisionKind,
    /// Set for the decisions that set a level (screening, a change, the first spell).
    #[sqlx(try_from = "OptCode")]
    pub level: Option<Level>,
    pub rationale: String,
    pub critical_public_protection: bool,
    pub decided_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub decided_by: UserId,
    pub next_review_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

const DECISION: &str = "id, record_id, person_id, kind, level, rationale, critical_public_protection, decided_on, decided_by, next_review_on, created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MappaReferralRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MappaReferralId,
    #[sqlx(try_from = "Uuid")]
    pub record_id: MappaRecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub area: String,
    #[sqlx(try_from = "String")]
    pub level_requested: Level,
    pub reasons: String,
    /// The pre-filled MAPPA A facts as they stood when sent (JSON).
    pub facts: String,
    pub referred_on: NaiveDate,
    pub release_on: Option<NaiveDate>,
    pub late: bool,
    #[sqlx(try_from = "Uuid")]
    pub referred_by: UserId,
    #[sqlx(try_from = "Uuid")]
    pub referring_agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub status: ReferralStatus,
    #[sqlx(try_from = "OptUuid")]
    pub screened_by: Option<UserId>,
    pub screened_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptCode")]
    pub level_decided: Option<Level>,
    pub screening_rationale: Option<String>,
    pub created_at: DateTime<Utc>,
}

const REFERRAL: &str = "id, record_id, person_id, area, level_requested, reasons, facts, referred_on, release_on, late, referred_by, referring_agency_id, status, screened_by, screened_on, level_decided, screening_rationale, created_at";

pub async fn insert_mappa_record(
    tx: &mut Tx,
    cap: &Capability,
    r: &MappaRecordRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_record ({RECORD}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"))
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(&r.area).bind(r.category.code()).bind(&r.category_reasons)
        .bind(r.level.code()).bind(r.lead_agency_id.0).bind(r.status.code()).bind(r.eligible_from)
        .bind(r.eligibility_ends_on).bind(r.end_prompt_on).bind(r.next_review_on)
        .bind(r.critical_public_protection).bind(r.ended_on).bind(&r.end_reason)
        .bind(r.confirmed_by.0).bind(r.created_at).bind(r.updated_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Write back a record's level, status, dates and end (the columns decisions change).
pub async fn update_mappa_record(
    tx: &mut Tx,
    cap: &Capability,
    r: &MappaRecordRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_record SET area = $2, category = $3, level = $4, lead_agency_id = $5, status = $6, eligibility_ends_on = $7, end_prompt_on = $8, next_review_on = $9, critical_public_protection = $10, ended_on = $11, end_reason = $12, updated_at = $13 WHERE id = $1 AND person_id = $14")
        .bind(r.id.as_uuid()).bind(&r.area).bind(r.category.code()).bind(r.level.code()).bind(r.lead_agency_id.0)
        .bind(r.status.code()).bind(r.eligibility_ends_on).bind(r.end_prompt_on).bind(r.next_review_on)
        .bind(r.critical_public_protection).bind(r.ended_on).bind(&r.end_reason)
        .bind(r.updated_at).bind(r.person_id.as_uuid())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every MAPPA spell of a person, newest first.
pub async fn mappa_records_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<MappaRecordRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql =
        format!("SELECT {RECORD} FROM mappa_record WHERE person_id = $1 ORDER BY created_at DESC");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaRecordRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_mappa_decision(
    tx: &mut Tx,
    cap: &Capability,
    d: &MappaDecisionRow,
) -> Result<(), StoreError> {
    require_add(cap, d.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_decision ({DECISION}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(d.id.0).bind(d.record_id.as_uuid()).bind(d.person_id.as_uuid()).bind(d.kind.code()).bind(d.level.map(Level::code))
        .bind(&d.rationale).bind(d.critical_public_protection).bind(d.decided_on)
        .bind(d.decided_by.0).bind(d.next_review_on).bind(d.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every decision on a person's MAPPA spells, oldest first.
pub async fn mappa_decisions_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<MappaDecisionRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {DECISION} FROM mappa_decision WHERE person_id = $1 ORDER BY decided_on, created_at"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaDecisionRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_mappa_referral(
    tx: &mut Tx,
    cap: &Capability,
    r: &MappaReferralRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_referral ({REFERRAL}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"))
        .bind(r.id.as_uuid()).bind(r.record_id.as_uuid()).bind(r.person_id.as_uuid()).bind(&r.area).bind(r.level_requested.code())
        .bind(&r.reasons).bind(&r.facts).bind(r.referred_on).bind(r.release_on).bind(r.late)
        .bind(r.referred_by.0).bind(r.referring_agency_id.0).bind(r.status.code()).bind(r.screened_by.map(|u| u.0))
        .bind(r.screened_on).bind(r.level_decided.map(Level::code)).bind(&r.screening_rationale).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record the screening of a referral awaiting it. Returns false if it was not awaiting
/// screening (screened meanwhile, or withdrawn).
pub async fn screen_mappa_referral(
    tx: &mut Tx,
    cap: &Capability,
    r: &MappaReferralRow,
) -> Result<bool, StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_referral SET status = $2, screened_by = $3, screened_on = $4, level_decided = $5, screening_rationale = $6 WHERE id = $1 AND person_id = $7 AND status = $8")
        .bind(r.id.as_uuid()).bind(r.status.code()).bind(r.screened_by.map(|u| u.0)).bind(r.screened_on)
        .bind(r.level_decided.map(Level::code)).bind(&r.screening_rationale).bind(r.person_id.as_uuid())
        .bind(ReferralStatus::AwaitingScreening.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Withdraw the person's referrals still awaiting screening (the spell they were for has
/// ended). Returns how many.
pub async fn withdraw_mappa_referrals(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<u64, StoreError> {
    require_add(cap, person, Section::Management)?;
    Ok(on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_referral SET status = $2 WHERE person_id = $1 AND status = $3")
        .bind(person.as_uuid()).bind(ReferralStatus::Withdrawn.code()).bind(ReferralStatus::AwaitingScreening.code()).execute(c).await.map(|r| r.rows_affected()))?)
}

/// A person's referrals, newest first.
pub async fn mappa_referrals_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<MappaReferralRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {REFERRAL} FROM mappa_referral WHERE person_id = $1 ORDER BY referred_on DESC, created_at DESC"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaReferralRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// One line of the coordinator's work for an area: who, and the fact that puts them on
/// the list. The use case decides, person by person, whether the actor may see each.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MappaWorkRow {
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub record_id: MappaRecordId,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub level: Level,
    #[sqlx(try_from = "String")]
    pub status: MappaStatus,
    pub next_review_on: Option<NaiveDate>,
    pub end_prompt_on: Option<NaiveDate>,
    pub eligibility_ends_on: Option<NaiveDate>,
    pub critical_public_protection: bool,
}

/// The area's MAPPA spells that are referred or active: the coordinator's caseload. A
/// list capability (the actor may list people) is needed; each row is then decided.
pub async fn open_mappa_records(
    tx: &mut Tx,
    cap: &Capability,
    area: &str,
) -> Result<Vec<MappaWorkRow>, StoreError> {
    require_list(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaWorkRow>(
        "SELECT person_id, id AS record_id, category, level, status, next_review_on, end_prompt_on, eligibility_ends_on, critical_public_protection FROM mappa_record WHERE area = $1 AND status IN ($2, $3) ORDER BY next_review_on")
        .bind(area).bind(MappaStatus::Referred.code()).bind(MappaStatus::Active.code()).fetch_all(c).await)?)
}

/// The area's referrals awaiting screening, oldest first.
pub async fn referrals_awaiting_screening(
    tx: &mut Tx,
    cap: &Capability,
    area: &str,
) -> Result<Vec<MappaReferralRow>, StoreError> {
    require_list(cap)?;
    let sql = format!(
        "SELECT {REFERRAL} FROM mappa_referral WHERE area = $1 AND status = $2 ORDER BY referred_on, created_at"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaReferralRow>(&sql)
        .bind(area).bind(ReferralStatus::AwaitingScreening.code()).fetch_all(c).await)?)
}

/// The listed people's open MAPPA spells managed at a level: (person, level, next
/// review). For a caseload, whose capability covers the management section.
pub async fn list_mappa_reviews(
    tx: &mut Tx,
    cap: &Capability,
    ids: &[PersonId],
) -> Result<Vec<(PersonId, Level, Option<NaiveDate>)>, StoreError> {
    require_list(cap)?;
    if !cap.sections().contains(Section::Management) || ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT person_id, level, next_review_on FROM mappa_record WHERE status = $1 AND person_id IN ({})",
        crate::in_list(2, ids.len())
    );
    let rows = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, (Uuid, String, Option<NaiveDate>)>(&sql)
            .bind(MappaStatus::Active.code());
        for id in ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    rows.into_iter()
        .map(|(p, level, review)| {
            let level = Level::try_from(level).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((PersonId(p), level, review))
        })
        .collect()
}

//! Oversight of MAPPA (issue 7 items 9–11): serious further offences and the serious case
//! review decision, transfers to another MAPPA area, the orders the annual report counts,
//! the approved minutes and actions a review or transfer carries, and the counts behind
//! the annual report tables. Per-person reads and writes are the management section; the
//! annual counts need an aggregate capability and return nothing that leaves the use case.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::UserId;
use concord_domain::{MappaActionId, MinutesId, OrderEventId};
use concord_domain::{MappaRecordId, MeetingId, PersonId, SfoId, TransferId};
use concord_licence::RecallStatus;
use concord_mappa::{
    ActionStatus, Category, Level, MappaStatus, MinutesStatus, OrderEventKind, Pillar, ScrDecision,
};
use uuid::Uuid;

use crate::aggregates::require_aggregate;
use crate::capability::{require_add, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SfoRow {
    #[sqlx(try_from = "Uuid")]
    pub id: SfoId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "OptUuid")]
    pub record_id: Option<MappaRecordId>,
    pub offence: String,
    pub charged_on: NaiveDate,
    pub notification_due_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    pub scr_decision: ScrDecision,
    pub scr_rationale: Option<String>,
    pub scr_decided_on: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub created_at: DateTime<Utc>,
}

const SFO: &str = "id, person_id, record_id, offence, charged_on, notification_due_on, notified_on, scr_decision, scr_rationale, scr_decided_on, recorded_by, created_at";

pub async fn insert_sfo(tx: &mut Tx, cap: &Capability, r: &SfoRow) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_sfo ({SFO}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(r.record_id.map(|v| v.as_uuid())).bind(&r.offence).bind(r.charged_on)
        .bind(r.notification_due_on).bind(r.notified_on).bind(r.scr_decision.code())
        .bind(&r.scr_rationale).bind(r.scr_decided_on).bind(r.recorded_by.0).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record when MAPPA N was sent. False if there is no such SFO for the person.
pub async fn set_sfo_notified(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    sfo: SfoId,
    on: NaiveDate,
) -> Result<bool, StoreError> {
    require_add(cap, person, Section::Management)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_sfo SET notified_on = $3 WHERE id = $1 AND person_id = $2")
        .bind(sfo.as_uuid()).bind(person.as_uuid()).bind(on)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Record the SCR decision on an SFO still pending one. False if it was decided already
/// (or is not the person's).
pub async fn decide_sfo_review(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    sfo: SfoId,
    decision: ScrDecision,
    rationale: &str,
    on: NaiveDate,
) -> Result<bool, StoreError> {
    require_add(cap, person, Section::Management)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_sfo SET scr_decision = $3, scr_rationale = $4, scr_decided_on = $5 WHERE id = $1 AND person_id = $2 AND scr_decision = $6")
        .bind(sfo.as_uuid()).bind(person.as_uuid()).bind(decision.code()).bind(rationale).bind(on)
        .bind(ScrDecision::Pending.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A person's SFOs, newest charge first.
pub async fn sfos_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<SfoRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {SFO} FROM mappa_sfo WHERE person_id = $1 ORDER BY charged_on DESC, created_at DESC"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, SfoRow>(&sql).bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TransferRow {
    #[sqlx(try_from = "Uuid")]
    pub id: TransferId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub record_id: MappaRecordId,
    pub from_area: String,
    pub to_area: String,
    pub reason: String,
    pub transferred_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub transferred_by: UserId,
    /// Hex SHA-256 of the bundle's JSON as sent.
    pub bundle_sha256: String,
    /// The bundle's JSON as sent.
    pub bundle: String,
    pub created_at: DateTime<Utc>,
}

const TRANSFER: &str = "id, person_id, record_id, from_area, to_area, reason, transferred_on, transferred_by, bundle_sha256, bundle, created_at";

pub async fn insert_transfer(
    tx: &mut Tx,
    cap: &Capability,
    r: &TransferRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_transfer ({TRANSFER}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(r.record_id.as_uuid()).bind(&r.from_area).bind(&r.to_area)
        .bind(&r.reason).bind(r.transferred_on).bind(r.transferred_by.0).bind(&r.bundle_sha256)
        .bind(&r.bundle).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's transfers, newest first.
pub async fn transfers_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<TransferRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {TRANSFER} FROM mappa_transfer WHERE person_id = $1 ORDER BY transferred_on DESC, created_at DESC"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, TransferRow>(&sql).bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OrderEventRow {
    #[sqlx(try_from = "Uuid")]
    pub id: OrderEventId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub kind: OrderEventKind,
    pub occurred_on: NaiveDate,
    pub note: String,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub created_at: DateTime<Utc>,
}

const ORDER: &str = "id, person_id, kind, occurred_on, note, recorded_by, created_at";

pub async fn insert_order_event(
    tx: &mut Tx,
    cap: &Capability,
    r: &OrderEventRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_order_event ({ORDER}) VALUES ($1, $2, $3, $4, $5, $6, $7)"))
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.kind.code()).bind(r.occurred_on).bind(&r.note)
        .bind(r.recorded_by.0).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's orders and breaches, newest first.
pub async fn order_events_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<OrderEventRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {ORDER} FROM mappa_order_event WHERE person_id = $1 ORDER BY occurred_on DESC, created_at DESC"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, OrderEventRow>(&sql).bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Minutes as a review or a transfer carries them: the latest approved or distributed
/// version of each meeting's minutes (drafts never leave the area).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApprovedMinutesRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MinutesId,
    #[sqlx(try_from = "Uuid")]
    pub meeting_id: MeetingId,
    pub held_on: NaiveDate,
    pub town: String,
    pub version: i32,
    #[sqlx(try_from = "String")]
    pub status: MinutesStatus,
    /// JSON: the standard headings.
    pub sections: String,
}

pub async fn approved_minutes_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ApprovedMinutesRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, ApprovedMinutesRow>(
        "SELECT m.id, m.meeting_id, g.held_on, g.town, m.version, m.status, m.sections FROM mappa_minutes m JOIN mappa_meeting g ON g.id = m.meeting_id WHERE m.person_id = $1 AND m.status IN ($2, $3) AND m.version = (SELECT MAX(n.version) FROM mappa_minutes n WHERE n.meeting_id = m.meeting_id AND n.person_id = m.person_id AND n.status IN ($2, $3)) ORDER BY g.held_on, m.version")
        .bind(person.as_uuid()).bind(MinutesStatus::Approved.code()).bind(MinutesStatus::Distributed.code())
        .fetch_all(c).await)?)
}

/// A risk management plan action as a review or a transfer carries it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PlanActionRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MappaActionId,
    #[sqlx(try_from = "String")]
    pub pillar: Pillar,
    pub description: String,
    pub owner_name: String,
    pub due_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub status: ActionStatus,
    pub evidence: String,
    pub completed_on: Option<NaiveDate>,
}

pub async fn plan_actions_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<PlanActionRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, PlanActionRow>(
        "SELECT id, pillar, description, owner_name, due_on, status, evidence, completed_on FROM mappa_action WHERE person_id = $1 ORDER BY due_on, created_at")
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// One MAPPA spell of the area that overlaps the year, for counting only.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SpellFacts {
    #[sqlx(try_from = "Uuid")]
    pub record_id: MappaRecordId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub level: Level,
    pub eligible_from: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

/// A level set on a spell on a day.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LevelFact {
    #[sqlx(try_from = "Uuid")]
    pub record_id: MappaRecordId,
    #[sqlx(try_from = "String")]
    pub level: Level,
    pub decided_on: NaiveDate,
}

/// (person, what, count) within the year: what is `breach_return` (a recall ending in a
/// return to custody), `sfo_charged`, `scr_held`, or an order event kind.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PersonCount {
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub what: String,
    pub count: i64,
}

/// Everything the annual tables count for an area and a year (`from`..=`to`). The ids
/// only join the facts together inside the use case; the tables hold counts alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnualFacts {
    pub spells: Vec<SpellFacts>,
    pub levels: Vec<LevelFact>,
    pub counts: Vec<PersonCount>,
}

pub async fn mappa_annual_facts(
    tx: &mut Tx,
    cap: &Capability,
    area: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AnnualFacts, StoreError> {
    require_aggregate(cap)?;
    let spells = on_tx!(tx, c => sqlx::query_as::<_, SpellFacts>(
        "SELECT id AS record_id, person_id, category, level, eligible_from, ended_on FROM mappa_record WHERE area = $1 AND status IN ($4, $5, $6, $7) AND eligible_from <= $3 AND (ended_on IS NULL OR ended_on >= $2) ORDER BY eligible_from, created_at")
        .bind(area).bind(from).bind(to).bind(MappaStatus::Referred.code())
        .bind(MappaStatus::Active.code()).bind(MappaStatus::Ended.code())
        .bind(MappaStatus::Transferred.code()).fetch_all(c).await)?;
    let levels = on_tx!(tx, c => sqlx::query_as::<_, LevelFact>(
        "SELECT d.record_id, d.level, d.decided_on FROM mappa_decision d JOIN mappa_record r ON r.id = d.record_id WHERE r.area = $1 AND d.level IS NOT NULL AND d.decided_on <= $2 ORDER BY d.decided_on, d.created_at")
        .bind(area).bind(to).fetch_all(c).await)?;
    let counts = on_tx!(tx, c => sqlx::query_as::<_, PersonCount>(
        "SELECT person_id, 'breach_return' AS what, COUNT(*) AS count FROM recall WHERE status = $5 AND returned_on >= $2 AND returned_on <= $3 AND person_id IN (SELECT person_id FROM mappa_record WHERE area = $1) GROUP BY person_id
         UNION ALL SELECT person_id, 'sfo_charged', COUNT(*) FROM mappa_sfo WHERE charged_on >= $2 AND charged_on <= $3 AND person_id IN (SELECT person_id FROM mappa_record WHERE area = $1) GROUP BY person_id
         UNION ALL SELECT person_id, 'scr_held', COUNT(*) FROM mappa_sfo WHERE scr_decision = $4 AND scr_decided_on >= $2 AND scr_decided_on <= $3 AND person_id IN (SELECT person_id FROM mappa_record WHERE area = $1) GROUP BY person_id
         UNION ALL SELECT person_id, kind, COUNT(*) FROM mappa_order_event WHERE occurred_on >= $2 AND occurred_on <= $3 AND person_id IN (SELECT person_id FROM mappa_record WHERE area = $1) GROUP BY person_id, kind")
        .bind(area).bind(from).bind(to).bind(ScrDecision::Review.code())
        .bind(RecallStatus::ReturnedToCustody.code()).fetch_all(c).await)?;
    Ok(AnnualFacts {
        spells,
        levels,
        counts,
    })
}

/// The MAPPA areas with any spell recorded, for the statistics page's choice of area.
pub async fn mappa_areas(tx: &mut Tx, cap: &Capability) -> Result<Vec<String>, StoreError> {
    require_aggregate(cap)?;
    let rows: Vec<(String,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT DISTINCT area FROM mappa_record ORDER BY area").fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(a,)| a).collect())
}

//! The individual action plan: its lines (objectives and the officer's actions) and its
//! reviews with the person. The interventions section of the record; a provider is never
//! given the plan (what it needs of it travels in its referral).

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{PersonId, PlanItemId, PlanReviewId, UserId};
use concord_partners::{Need, PlanItemKind, PlanItemStatus};
use uuid::Uuid;

use crate::capability::{require_add, require_read};
use crate::{on_tx, StoreError, Tx};

fn not_for_providers(cap: &Capability) -> Result<(), StoreError> {
    if cap.holder().partner {
        Err(StoreError::WrongCapability {
            needed: "the case team's action plan",
        })
    } else {
        Ok(())
    }
}

/// A nullable need code.
#[derive(Debug, sqlx::Type)]
#[sqlx(transparent)]
pub struct OptNeed(Option<String>);

impl TryFrom<OptNeed> for Option<Need> {
    type Error = concord_domain::UnknownCode;
    fn try_from(c: OptNeed) -> Result<Self, Self::Error> {
        c.0.map(Need::try_from).transpose()
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PlanItemRow {
    #[sqlx(try_from = "Uuid")]
    pub id: PlanItemId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub kind: PlanItemKind,
    #[sqlx(try_from = "OptNeed")]
    pub need: Option<Need>,
    pub text: String,
    pub target_on: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    pub status: PlanItemStatus,
    pub progress: String,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "Uuid")]
    pub updated_by: UserId,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

const ITEM: &str = "id, person_id, kind, need, text, target_on, status, progress, created_by, created_at, updated_by, updated_at, version";

pub async fn insert_plan_item(
    tx: &mut Tx,
    cap: &Capability,
    i: &PlanItemRow,
) -> Result<(), StoreError> {
    require_add(cap, i.person_id, Section::Interventions)?;
    not_for_providers(cap)?;
    let sql = format!("INSERT INTO action_plan_item ({ITEM}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on_tx!(tx, c => sqlx::query(&sql)
        .bind(i.id.as_uuid()).bind(i.person_id.as_uuid()).bind(i.kind.code()).bind(i.need.map(Need::code))
        .bind(&i.text).bind(i.target_on).bind(i.status.code()).bind(&i.progress)
        .bind(i.created_by.0).bind(i.created_at).bind(i.updated_by.0).bind(i.updated_at).bind(i.version)
        .execute(c).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// Write a line's status and progress as version `i.version + 1`, if it is still at
/// `i.version` (someone else's change in between is a stale version).
pub async fn update_plan_item(
    tx: &mut Tx,
    cap: &Capability,
    i: &PlanItemRow,
) -> Result<(), StoreError> {
    require_add(cap, i.person_id, Section::Interventions)?;
    not_for_providers(cap)?;
    let done = on_tx!(tx, c => sqlx::query(
        "UPDATE action_plan_item SET status = $1, progress = $2, target_on = $3, updated_by = $4, updated_at = $5, version = version + 1 WHERE id = $6 AND person_id = $7 AND version = $8")
        .bind(i.status.code()).bind(&i.progress).bind(i.target_on).bind(i.updated_by.0).bind(i.updated_at)
        .bind(i.id.as_uuid()).bind(i.person_id.as_uuid()).bind(i.version)
        .execute(c).await.map(|d| d.rows_affected()))?;
    if done == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

pub async fn plan_items(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<PlanItemRow>, StoreError> {
    require_read(cap, person, Section::Interventions)?;
    not_for_providers(cap)?;
    let sql =
        format!("SELECT {ITEM} FROM action_plan_item WHERE person_id = $1 ORDER BY created_at, id");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, PlanItemRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PlanReviewRow {
    #[sqlx(try_from = "Uuid")]
    pub id: PlanReviewId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub reviewed_on: NaiveDate,
    pub person_agreed: bool,
    pub note: String,
    pub next_review_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub reviewed_by: UserId,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_plan_review(
    tx: &mut Tx,
    cap: &Capability,
    r: &PlanReviewRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Interventions)?;
    not_for_providers(cap)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO action_plan_review (id, person_id, reviewed_on, person_agreed, note, next_review_on, reviewed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(r.reviewed_on).bind(r.person_agreed)
        .bind(&r.note).bind(r.next_review_on).bind(r.reviewed_by.0).bind(r.created_at)
        .execute(c).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// The plan's reviews, newest first.
pub async fn plan_reviews(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<PlanReviewRow>, StoreError> {
    require_read(cap, person, Section::Interventions)?;
    not_for_providers(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, PlanReviewRow>(
        "SELECT id, person_id, reviewed_on, person_agreed, note, next_review_on, reviewed_by, created_at FROM action_plan_review WHERE person_id = $1 ORDER BY reviewed_on DESC, created_at DESC")
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

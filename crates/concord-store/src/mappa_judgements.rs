//! MAPPA judgements kept beside what Concord computed: corrections of a registered sexual
//! offender's notification period (convictions section) and Category 3's two answers
//! (management section), each with its reason.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{PersonId, UserId};
use uuid::Uuid;

use crate::capability::{require_change, require_read};
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationCorrectionRow {
    pub id: Uuid,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    /// The last day as corrected; `None` for indefinite.
    pub last_day: Option<NaiveDate>,
    pub reason: String,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, person_id, last_day, reason, recorded_by, recorded_at";

pub async fn insert_notification_correction(
    tx: &mut Tx,
    cap: &Capability,
    r: &NotificationCorrectionRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Convictions)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO notification_correction ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"))
        .bind(r.id).bind(r.person_id.as_uuid()).bind(r.last_day).bind(&r.reason)
        .bind(r.recorded_by.0).bind(r.recorded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's corrections, newest first (the first is the one that applies).
pub async fn notification_corrections_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<NotificationCorrectionRow>, StoreError> {
    require_read(cap, person, Section::Convictions)?;
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, NotificationCorrectionRow>(&format!(
        "SELECT {COLUMNS} FROM notification_correction WHERE person_id = $1 ORDER BY recorded_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Category 3's two answers, each with its reason, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Category3AnswerRow {
    pub id: Uuid,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub capacity_for_serious_harm: bool,
    pub capacity_reason: String,
    pub needs_level_2_or_3: bool,
    pub need_reason: String,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

const ANSWER_COLUMNS: &str = "id, person_id, capacity_for_serious_harm, capacity_reason, needs_level_2_or_3, need_reason, recorded_by, recorded_at";

/// Record the answers: a MAPPA judgement, written by those who may change the
/// management section (the case team, MAPPA staff).
pub async fn insert_category3_answer(
    tx: &mut Tx,
    cap: &Capability,
    r: &Category3AnswerRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_category3_answer ({ANSWER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
        .bind(r.id).bind(r.person_id.as_uuid()).bind(r.capacity_for_serious_harm).bind(&r.capacity_reason)
        .bind(r.needs_level_2_or_3).bind(&r.need_reason).bind(r.recorded_by.0).bind(r.recorded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's answers, newest first (the first applies).
pub async fn category3_answers_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<Category3AnswerRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, Category3AnswerRow>(&format!(
        "SELECT {ANSWER_COLUMNS} FROM mappa_category3_answer WHERE person_id = $1 ORDER BY recorded_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

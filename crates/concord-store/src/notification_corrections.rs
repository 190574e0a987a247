//! Corrections of a registered sexual offender's computed notification period, each with
//! its reason: part of the convictions section, read and written under it.

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

//! Electronic-monitoring alerts: written by the feed as the engine opens, closes and
//! retracts them (idempotently: an alert's identity is its tag, rule, kind and the time of
//! its first breaching fix), read and acted on in the person's licence section.

use chrono::{DateTime, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{EmAlertId, EmTagId, PersonId, UserId, ZoneId};
use uuid::Uuid;

use crate::capability::{require_change, require_read};
use crate::columns::OptUuid;
use crate::em::require_feed;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EmAlertRow {
    #[sqlx(try_from = "Uuid")]
    pub id: EmAlertId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub tag_id: EmTagId,
    /// `exclusion`, `inclusion`, `curfew` or `signal_loss`.
    pub kind: String,
    /// `zone:<id>`, `curfew` or `signal`.
    pub rule: String,
    #[sqlx(try_from = "OptUuid")]
    pub zone_id: Option<ZoneId>,
    pub opened_at: DateTime<Utc>,
    /// When Concord raised it (the engine decided), for the time to alert.
    pub raised_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub retracted_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "OptUuid")]
    pub acknowledged_by: Option<UserId>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub outcome_note: String,
    #[sqlx(try_from = "OptUuid")]
    pub outcome_by: Option<UserId>,
    pub outcome_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const ALERT: &str = "id, person_id, tag_id, kind, rule, zone_id, opened_at, raised_at, closed_at, retracted_at, acknowledged_by, acknowledged_at, outcome, outcome_note, outcome_by, outcome_at, version";

/// Keep an alert the engine opened, or restore one retracted before that a late fix
/// showed was a breach after all; its id, or `None` if it was kept before (a redelivered
/// or re-evaluated fix), when nothing changes.
pub async fn open_em_alert(
    tx: &mut Tx,
    cap: &Capability,
    a: &EmAlertRow,
) -> Result<Option<EmAlertId>, StoreError> {
    require_feed(cap)?;
    let id: Option<Uuid> = on_tx!(tx, c => sqlx::query_scalar(&format!(
        "INSERT INTO em_alert ({ALERT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (tag_id, rule, kind, opened_at) DO UPDATE
           SET retracted_at = NULL, closed_at = excluded.closed_at, version = em_alert.version + 1
           WHERE em_alert.retracted_at IS NOT NULL RETURNING id"))
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.tag_id.0).bind(&a.kind).bind(&a.rule)
        .bind(a.zone_id.map(|z| z.0)).bind(a.opened_at).bind(a.raised_at).bind(a.closed_at)
        .bind(a.retracted_at).bind(a.acknowledged_by.map(|u| u.0)).bind(a.acknowledged_at)
        .bind(&a.outcome).bind(&a.outcome_note).bind(a.outcome_by.map(|u| u.0)).bind(a.outcome_at)
        .bind(a.version)
        .fetch_optional(c).await)?;
    Ok(id.map(EmAlertId))
}

/// Which of a tag's alerts an engine change is about.
#[derive(Debug, Clone, Copy)]
pub struct AlertKey<'a> {
    pub tag: EmTagId,
    pub rule: &'a str,
    pub kind: &'a str,
    pub opened_at: DateTime<Utc>,
}

/// Close an open alert (back in compliance, or a fix after signal loss), or move the end
/// of a closed one a late fix showed came at another time; the id of the alert changed,
/// `None` if it was closed then before, or retracted.
pub async fn close_em_alert(
    tx: &mut Tx,
    cap: &Capability,
    key: AlertKey<'_>,
    closed_at: DateTime<Utc>,
) -> Result<Option<EmAlertId>, StoreError> {
    require_feed(cap)?;
    let id: Option<Uuid> = on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE em_alert SET closed_at = $1, version = version + 1
         WHERE tag_id = $2 AND rule = $3 AND kind = $4 AND opened_at = $5
           AND (closed_at IS NULL OR closed_at <> $1) AND retracted_at IS NULL RETURNING id")
        .bind(closed_at).bind(key.tag.0).bind(key.rule).bind(key.kind).bind(key.opened_at)
        .fetch_optional(c).await)?;
    Ok(id.map(EmAlertId))
}

/// Open again an alert a late fix showed had not ended; the id, `None` if it was open
/// or retracted.
pub async fn reopen_em_alert(
    tx: &mut Tx,
    cap: &Capability,
    key: AlertKey<'_>,
) -> Result<Option<EmAlertId>, StoreError> {
    require_feed(cap)?;
    let id: Option<Uuid> = on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE em_alert SET closed_at = NULL, version = version + 1
         WHERE tag_id = $1 AND rule = $2 AND kind = $3 AND opened_at = $4
           AND closed_at IS NOT NULL AND retracted_at IS NULL RETURNING id")
        .bind(key.tag.0).bind(key.rule).bind(key.kind).bind(key.opened_at)
        .fetch_optional(c).await)?;
    Ok(id.map(EmAlertId))
}

/// Retract an alert a late fix showed was never a breach; the id, `None` if it was
/// retracted before or never kept.
pub async fn retract_em_alert(
    tx: &mut Tx,
    cap: &Capability,
    key: AlertKey<'_>,
    at: DateTime<Utc>,
) -> Result<Option<EmAlertId>, StoreError> {
    require_feed(cap)?;
    let id: Option<Uuid> = on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE em_alert SET retracted_at = $1, version = version + 1
         WHERE tag_id = $2 AND rule = $3 AND kind = $4 AND opened_at = $5 AND retracted_at IS NULL
         RETURNING id")
        .bind(at).bind(key.tag.0).bind(key.rule).bind(key.kind).bind(key.opened_at)
        .fetch_optional(c).await)?;
    Ok(id.map(EmAlertId))
}

/// The earliest opening of a tag's alerts (not retracted) still open or closed at or
/// after `since`: a rebuilt evaluator replays from before it, so that it closes them and
/// does not take the end of a breach it did not see begin for a new one.
pub async fn earliest_em_alert_live_since(
    tx: &mut Tx,
    cap: &Capability,
    tag: EmTagId,
    since: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    require_feed(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "SELECT MIN(opened_at) FROM em_alert WHERE tag_id = $1 AND retracted_at IS NULL
           AND (closed_at IS NULL OR closed_at >= $2)")
        .bind(tag.0).bind(since).fetch_one(c).await)?)
}

/// When a tag's newest fix was taken.
pub async fn newest_em_fix(
    tx: &mut Tx,
    cap: &Capability,
    tag: EmTagId,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    require_feed(cap)?;
    Ok(
        on_tx!(tx, c => sqlx::query_scalar("SELECT MAX(at) FROM em_fix WHERE tag_id = $1")
        .bind(tag.0).fetch_one(c).await)?,
    )
}

/// A person's alerts, newest first.
pub async fn em_alerts_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<EmAlertRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, EmAlertRow>(&format!(
        "SELECT {ALERT} FROM em_alert WHERE person_id = $1 ORDER BY opened_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Whose record an alert is on, to decide access before anything of it is read (reads no
/// personal data, as finding a relationship does not).
pub async fn em_alert_person(tx: &mut Tx, id: EmAlertId) -> Result<Option<PersonId>, StoreError> {
    let p: Option<Uuid> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT person_id FROM em_alert WHERE id = $1").bind(id.0).fetch_optional(c).await)?;
    Ok(p.map(PersonId))
}

/// The alerts raised since `since`, or still open, newest first, as (alert, person,
/// version) only:
/// the live page decides each person before it reads anything of their alerts.
pub async fn live_em_alert_ids(
    tx: &mut Tx,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(EmAlertId, PersonId, i64)>, StoreError> {
    let rows: Vec<(Uuid, Uuid, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, person_id, version FROM em_alert
         WHERE (closed_at IS NULL AND retracted_at IS NULL) OR raised_at >= $1
         ORDER BY opened_at DESC, id DESC LIMIT $2")
        .bind(since).bind(limit).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|(a, p, v)| (EmAlertId(a), PersonId(p), v))
        .collect())
}

pub async fn acknowledge_em_alert(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: EmAlertId,
    by: UserId,
    at: DateTime<Utc>,
    version: i64,
) -> Result<(), StoreError> {
    require_change(cap, person, Section::Licence)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE em_alert SET acknowledged_by = $1, acknowledged_at = $2, version = version + 1
         WHERE id = $3 AND person_id = $4 AND version = $5 AND acknowledged_at IS NULL")
        .bind(by.0).bind(at).bind(id.0).bind(person.as_uuid()).bind(version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

/// Record what was done about an alert (acknowledging it too, if nobody had).
#[allow(clippy::too_many_arguments)]
pub async fn record_em_alert_outcome(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: EmAlertId,
    outcome: &str,
    note: &str,
    by: UserId,
    at: DateTime<Utc>,
    version: i64,
) -> Result<(), StoreError> {
    require_change(cap, person, Section::Licence)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE em_alert SET outcome = $1, outcome_note = $2, outcome_by = $3, outcome_at = $4,
             acknowledged_by = COALESCE(acknowledged_by, $3), acknowledged_at = COALESCE(acknowledged_at, $4),
             version = version + 1
         WHERE id = $5 AND person_id = $6 AND version = $7 AND outcome IS NULL")
        .bind(outcome).bind(note).bind(by.0).bind(at).bind(id.0).bind(person.as_uuid()).bind(version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

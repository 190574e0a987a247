//! Electronic monitoring: tags fitted to people (the record's licence section) and the
//! location fixes the provider sends (written under the `MonitoringFeed` capability of
//! the provider's service account, which reads nothing back). Alerts are in `em_alerts`.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ResourceKind, Section};
use concord_domain::{AgencyId, EmTagId, PersonId, UserId};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::licences::{AddressCheckRow, LicenceRow, ZoneRow};
use crate::{multi_row_insert, on_tx, StoreError, Tx};

/// The provider's feed: writes fixes and alerts, and reads only what evaluating them needs.
pub(crate) fn require_feed(cap: &Capability) -> Result<(), StoreError> {
    if cap.kind() == ResourceKind::MonitoringFeed && cap.action() == Action::Create {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "the monitoring provider's feed",
        })
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EmTagRow {
    #[sqlx(try_from = "Uuid")]
    pub id: EmTagId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub device_id: String,
    /// `licence` or `voluntary`.
    pub basis: String,
    /// A JSON list of `exclusion`, `inclusion`, `curfew`.
    pub enforces: serde_json::Value,
    pub consent: String,
    pub fitted_at: DateTime<Utc>,
    pub planned_end: Option<NaiveDate>,
    pub removed_at: Option<DateTime<Utc>>,
    pub removal_reason: String,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

const TAG: &str = "id, person_id, agency_id, device_id, basis, enforces, consent, fitted_at, planned_end, removed_at, removal_reason, created_by, created_at, version";

/// Fit a tag. A device already live on someone is a unique violation
/// ([`StoreError::is_unique_violation`]).
pub async fn insert_em_tag(tx: &mut Tx, cap: &Capability, t: &EmTagRow) -> Result<(), StoreError> {
    require_add(cap, t.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(&format!("INSERT INTO em_tag ({TAG}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"))
        .bind(t.id.0).bind(t.person_id.as_uuid()).bind(t.agency_id.0).bind(&t.device_id).bind(&t.basis)
        .bind(&t.enforces).bind(&t.consent).bind(t.fitted_at).bind(t.planned_end).bind(t.removed_at)
        .bind(&t.removal_reason).bind(t.created_by.0).bind(t.created_at).bind(t.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's tags, newest fitting first.
pub async fn em_tags_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<EmTagRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, EmTagRow>(&format!(
        "SELECT {TAG} FROM em_tag WHERE person_id = $1 ORDER BY fitted_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Record a tag's removal; `StaleVersion` if someone changed it first, `NotFound` if it
/// is not this person's live tag.
pub async fn remove_em_tag(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    tag: EmTagId,
    at: DateTime<Utc>,
    reason: &str,
    version: i64,
) -> Result<(), StoreError> {
    require_change(cap, person, Section::Licence)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE em_tag SET removed_at = $1, removal_reason = $2, version = version + 1
         WHERE id = $3 AND person_id = $4 AND removed_at IS NULL AND version = $5")
        .bind(at).bind(reason).bind(tag.0).bind(person.as_uuid()).bind(version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 1 {
        return Ok(());
    }
    let live: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT version FROM em_tag WHERE id = $1 AND person_id = $2 AND removed_at IS NULL")
        .bind(tag.0).bind(person.as_uuid()).fetch_optional(c).await)?;
    Err(if live.is_some() {
        StoreError::StaleVersion
    } else {
        StoreError::NotFound
    })
}

/// The tag a device is live on, for the feed.
pub async fn live_em_tag(
    tx: &mut Tx,
    cap: &Capability,
    device: &str,
) -> Result<Option<EmTagRow>, StoreError> {
    require_feed(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, EmTagRow>(&format!(
        "SELECT {TAG} FROM em_tag WHERE device_id = $1 AND removed_at IS NULL"))
        .bind(device).fetch_optional(c).await)?)
}

/// What evaluating a person's fixes needs: the zones in force (maps included: the engine
/// measures them, nothing of them goes back to the provider), the licence in force and
/// the approved curfew addresses, newest first.
#[derive(Debug, Clone, Default)]
pub struct MonitoringInputs {
    pub zones: Vec<ZoneRow>,
    pub licence: Option<LicenceRow>,
    pub curfew_addresses: Vec<AddressCheckRow>,
}

pub async fn monitoring_inputs(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<MonitoringInputs, StoreError> {
    require_feed(cap)?;
    let zones = on_tx!(tx, c => sqlx::query_as::<_, ZoneRow>(
        "SELECT id, person_id, agency_id, kind, name, description, geometry, windows, created_by, created_at, retired_at, victim_id
         FROM zone WHERE person_id = $1 AND retired_at IS NULL ORDER BY created_at, id")
        .bind(person.as_uuid()).fetch_all(c).await)?;
    let licence = on_tx!(tx, c => sqlx::query_as::<_, LicenceRow>(&format!(
        "SELECT {} FROM licence WHERE person_id = $1 AND status = 'ACTIVE' ORDER BY version_number DESC LIMIT 1",
        crate::licences::LICENCE_COLUMNS))
        .bind(person.as_uuid()).fetch_optional(c).await)?;
    let curfew_addresses = on_tx!(tx, c => sqlx::query_as::<_, AddressCheckRow>(&format!(
        "SELECT {} FROM address_check WHERE person_id = $1 AND purpose = 'curfew' AND outcome = 'approved'
         ORDER BY decided_at DESC, id DESC", crate::licences::CHECK_COLUMNS))
        .bind(person.as_uuid()).fetch_all(c).await)?;
    Ok(MonitoringInputs {
        zones,
        licence,
        curfew_addresses,
    })
}

/// A location fix as kept.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EmFixRow {
    #[sqlx(try_from = "Uuid")]
    pub tag_id: EmTagId,
    pub fix_id: String,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub at: DateTime<Utc>,
    pub longitude: f64,
    pub latitude: f64,
    pub accuracy_m: f64,
    pub received_at: DateTime<Utc>,
}

const FIX: &str = "tag_id, fix_id, person_id, at, longitude, latitude, accuracy_m, received_at";
/// Rows per INSERT: 8 parameters each, well inside both databases' limits.
const FIX_CHUNK: usize = 1_000;

/// Keep the fixes not kept before (by tag and the provider's id); returns how many were
/// new. (Which ones is not read back: the evaluator knows the fixes it has seen, and
/// reading every id back cost more than keeping it.)
pub async fn insert_em_fixes(
    tx: &mut Tx,
    cap: &Capability,
    fixes: &[EmFixRow],
) -> Result<usize, StoreError> {
    require_feed(cap)?;
    let mut new = 0;
    let numbered = matches!(tx, Tx::Postgres(_));
    for chunk in fixes.chunks(FIX_CHUNK) {
        let mut sql = multi_row_insert(&format!("em_fix ({FIX})"), 8, chunk.len(), numbered);
        sql.push_str(" ON CONFLICT (tag_id, fix_id) DO NOTHING");
        let kept = on_tx!(tx, c => {
            let mut q = sqlx::query(&sql);
            for f in chunk {
                q = q.bind(f.tag_id.0).bind(&f.fix_id).bind(f.person_id.as_uuid()).bind(f.at)
                    .bind(f.longitude).bind(f.latitude).bind(f.accuracy_m).bind(f.received_at);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
        new += kept as usize;
    }
    Ok(new)
}

/// A tag's fixes taken at or after `since`, oldest first: to rebuild its evaluator.
pub async fn em_fixes_since(
    tx: &mut Tx,
    cap: &Capability,
    tag: EmTagId,
    since: DateTime<Utc>,
) -> Result<Vec<EmFixRow>, StoreError> {
    require_feed(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, EmFixRow>(&format!(
        "SELECT {FIX} FROM em_fix WHERE tag_id = $1 AND at >= $2 ORDER BY at, fix_id"))
        .bind(tag.0).bind(since).fetch_all(c).await)?)
}

/// A person's fixes between two instants (an alert's track), oldest first, at most `limit`.
pub async fn em_track(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    tag: EmTagId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<EmFixRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, EmFixRow>(&format!(
        "SELECT {FIX} FROM em_fix WHERE tag_id = $1 AND person_id = $2 AND at >= $3 AND at <= $4
         ORDER BY at, fix_id LIMIT $5"))
        .bind(tag.0).bind(person.as_uuid()).bind(from).bind(until).bind(limit).fetch_all(c).await)?)
}

/// A live tag's two counters, as a batch of fixes left them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct EmTagMark {
    /// Fixes kept for the tag (`em_tag.fix_seq`).
    pub fix_seq: i64,
    /// Revisions of what the tag enforces (`em_tag.rules_rev`).
    pub rules_rev: i64,
}

/// Count `kept` more fixes for a live tag and return its counters (see `em_tag.fix_seq`
/// and `em_tag.rules_rev`); `None` when the tag is no longer live. On PostgreSQL the
/// update holds the tag's row, so evaluators of one tag on several nodes take turns.
pub async fn bump_em_fix_seq(
    tx: &mut Tx,
    cap: &Capability,
    tag: EmTagId,
    kept: i64,
) -> Result<Option<EmTagMark>, StoreError> {
    require_feed(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, EmTagMark>(
        "UPDATE em_tag SET fix_seq = fix_seq + $1 WHERE id = $2 AND removed_at IS NULL RETURNING fix_seq, rules_rev")
        .bind(kept).bind(tag.0).fetch_optional(c).await)?)
}

/// Count one more revision of what `person`'s live tags enforce: called, in the same
/// transaction, by every write to the zones, licences and address checks the rules are
/// built from, so no evaluator goes on enforcing rules that have changed.
pub(crate) async fn em_rules_changed(tx: &mut Tx, person: PersonId) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE em_tag SET rules_rev = rules_rev + 1 WHERE person_id = $1 AND removed_at IS NULL")
        .bind(person.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The devices live now, for the signal-loss watch.
pub async fn live_em_devices(tx: &mut Tx, cap: &Capability) -> Result<Vec<String>, StoreError> {
    require_feed(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "SELECT device_id FROM em_tag WHERE removed_at IS NULL ORDER BY device_id")
        .fetch_all(c).await)?)
}

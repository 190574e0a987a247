//! What waits for someone's approval across the records: licences (and variations)
//! submitted to their agency's senior officers, and MAPP meeting minutes waiting for the
//! meeting's chair. Lists under a list capability: the caller then keeps only the people
//! the actor may read, each decided.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::Capability;
use concord_domain::{AgencyId, PersonId, UserId};
use uuid::Uuid;

use crate::capability::require_list;
use crate::{on_tx, StoreError, Tx};

/// A licence version submitted for approval.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LicenceAwaitingRow {
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub version_id: Uuid,
    pub status: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
}

/// Licence versions of `agency` submitted (or submitted as a variation) and not yet
/// decided, oldest first.
pub async fn licences_awaiting_approval(
    tx: &mut Tx,
    cap: &Capability,
    agency: AgencyId,
) -> Result<Vec<LicenceAwaitingRow>, StoreError> {
    require_list(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, LicenceAwaitingRow>(
        "SELECT l.person_id, l.id AS version_id, l.status, l.submitted_at, p.given_name, p.middle_names, p.family_name
         FROM licence l JOIN person p ON p.id = l.person_id
         WHERE l.agency_id = $1 AND l.status IN ($2, $3)
         ORDER BY l.submitted_at, l.id")
        .bind(agency.0)
        .bind(concord_licence::LicenceStatus::Submitted.code())
        .bind(concord_licence::LicenceStatus::VariationSubmitted.code())
        .fetch_all(c).await)?)
}

/// A case's minutes waiting for the chair's approval.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MinutesAwaitingRow {
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub meeting_id: Uuid,
    pub held_on: NaiveDate,
    pub town: String,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
}

/// Cases whose latest minutes are still a draft, at meetings `chair` chairs, oldest
/// meeting first.
pub async fn minutes_awaiting_chair(
    tx: &mut Tx,
    cap: &Capability,
    chair: UserId,
) -> Result<Vec<MinutesAwaitingRow>, StoreError> {
    require_list(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MinutesAwaitingRow>(
        "SELECT n.person_id, m.id AS meeting_id, m.held_on, m.town, p.given_name, p.middle_names, p.family_name
         FROM mappa_minutes n
         JOIN mappa_meeting m ON m.id = n.meeting_id
         JOIN person p ON p.id = n.person_id
         WHERE m.chair_id = $1 AND n.status = $2
           AND n.version = (SELECT MAX(x.version) FROM mappa_minutes x
                            WHERE x.meeting_id = n.meeting_id AND x.person_id = n.person_id)
         ORDER BY m.held_on, p.family_name")
        .bind(chair.0)
        .bind(concord_mappa::MinutesStatus::Draft.code())
        .fetch_all(c).await)?)
}

//! Incidents at an approved premises, recorded on the resident's stay (under an `ApStay`
//! capability for him): what happened, and to whom it was reported.

use chrono::{DateTime, Utc};
use concord_authz::Capability;
use concord_domain::{ApBookingId, ApPremisesId, IncidentKind, PersonId, UserId};
use uuid::Uuid;

use crate::premises::require_stay;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IncidentRow {
    pub id: Uuid,
    #[sqlx(try_from = "Uuid")]
    pub booking_id: ApBookingId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub premises_id: ApPremisesId,
    pub occurred_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub kind: IncidentKind,
    pub details: String,
    pub police_informed: bool,
    /// The police log or crime number, when they were told.
    pub police_reference: String,
    /// To whom a safeguarding concern was referred; empty when none was.
    pub safeguarding_referral: String,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

const INCIDENT: &str = "id, booking_id, person_id, premises_id, occurred_at, kind, details, police_informed, police_reference, safeguarding_referral, recorded_by, recorded_at";

pub async fn insert_ap_incident(
    tx: &mut Tx,
    cap: &Capability,
    i: &IncidentRow,
) -> Result<(), StoreError> {
    require_stay(cap, i.person_id, true)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO ap_incident ({INCIDENT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
        .bind(i.id).bind(i.booking_id.0).bind(i.person_id.as_uuid()).bind(i.premises_id.0)
        .bind(i.occurred_at).bind(i.kind.code()).bind(&i.details).bind(i.police_informed)
        .bind(&i.police_reference).bind(&i.safeguarding_referral).bind(i.recorded_by.0).bind(i.recorded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's incidents at any premises, newest first.
pub async fn ap_incidents_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<IncidentRow>, StoreError> {
    require_stay(cap, person, false)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, IncidentRow>(&format!(
        "SELECT {INCIDENT} FROM ap_incident WHERE person_id = $1 ORDER BY occurred_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

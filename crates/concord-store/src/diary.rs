//! The supervisor's diary: appointments booked ahead, in the record's licence section.
//! A person's appointments are read under a capability for him; a diary's (one member of
//! staff's, across their cases) is read as ids first, and each person's appointments then
//! under the capability the caller obtains for him, so no appointment of a person the
//! reader may not see leaves this module.

use chrono::{DateTime, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{AgencyId, ComplianceEventId, DiaryAppointmentId, PersonId, UserId};
use concord_licence::AppointmentKind;
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DiaryAppointmentRow {
    #[sqlx(try_from = "Uuid")]
    pub id: DiaryAppointmentId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub kind: AppointmentKind,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub notes: String,
    #[sqlx(try_from = "Uuid")]
    pub booked_by: UserId,
    pub booked_at: DateTime<Utc>,
    /// The compliance event its outcome was recorded as.
    #[sqlx(try_from = "OptUuid")]
    pub event_id: Option<ComplianceEventId>,
    #[sqlx(try_from = "OptUuid")]
    pub cancelled_by: Option<UserId>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: String,
}

impl DiaryAppointmentRow {
    /// Neither kept, missed nor cancelled yet.
    pub fn is_open(&self) -> bool {
        self.event_id.is_none() && self.cancelled_at.is_none()
    }
}

const COLUMNS: &str = "id, person_id, agency_id, kind, starts_at, place, notes, booked_by, booked_at, event_id, cancelled_by, cancelled_at, cancel_reason";

pub async fn insert_diary_appointment(
    tx: &mut Tx,
    cap: &Capability,
    a: &DiaryAppointmentRow,
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO diary_appointment ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.agency_id.0).bind(a.kind.code())
        .bind(a.starts_at).bind(&a.place).bind(&a.notes).bind(a.booked_by.0).bind(a.booked_at)
        .bind(a.event_id.map(|v| v.0)).bind(a.cancelled_by.map(|v| v.0)).bind(a.cancelled_at)
        .bind(&a.cancel_reason)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's appointments, soonest first.
pub async fn diary_appointments_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<DiaryAppointmentRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM diary_appointment WHERE person_id = $1 ORDER BY starts_at, id"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, DiaryAppointmentRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Set the outcome of an open appointment of `person`: false if it is not theirs, or is
/// no longer open (recorded or cancelled meanwhile), so that nothing is recorded twice.
pub async fn set_diary_outcome(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: DiaryAppointmentId,
    event: ComplianceEventId,
) -> Result<bool, StoreError> {
    require_change(cap, person, Section::Licence)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE diary_appointment SET event_id = $3 WHERE id = $1 AND person_id = $2 AND event_id IS NULL AND cancelled_at IS NULL")
        .bind(id.0).bind(person.as_uuid()).bind(event.0)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Cancel an open appointment of `person`; false as for [`set_diary_outcome`].
pub async fn cancel_diary_appointment(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: DiaryAppointmentId,
    by: UserId,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<bool, StoreError> {
    require_change(cap, person, Section::Licence)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE diary_appointment SET cancelled_by = $3, cancelled_at = $4, cancel_reason = $5 WHERE id = $1 AND person_id = $2 AND event_id IS NULL AND cancelled_at IS NULL")
        .bind(id.0).bind(person.as_uuid()).bind(by.0).bind(at).bind(reason)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The people with open appointments in `user`'s diary starting before `until` (those
/// past and still awaiting an outcome included), at most `limit` appointments' worth:
/// ids only, for the caller to read each person's under a capability for him.
pub async fn diary_people_of(
    tx: &mut Tx,
    user: UserId,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT person_id FROM diary_appointment WHERE booked_by = $1 AND event_id IS NULL AND cancelled_at IS NULL AND starts_at < $2 ORDER BY starts_at LIMIT $3")
        .bind(user.0).bind(until).bind(limit)
        .fetch_all(c).await)?;
    let mut people: Vec<PersonId> = rows.into_iter().map(|(p,)| PersonId(p)).collect();
    people.sort_by_key(|p| p.0);
    people.dedup();
    Ok(people)
}

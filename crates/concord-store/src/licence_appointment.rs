//! A licence's reporting instructions: the first appointment after release, one a
//! licence version, in the record's licence section.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{LicenceVersionId, PersonId, UserId};
use uuid::Uuid;

use crate::capability::{require_change, require_read};
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LicenceAppointmentRow {
    #[sqlx(try_from = "Uuid")]
    pub licence_version_id: LicenceVersionId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub with_whom: String,
    pub on_date: NaiveDate,
    /// `HH:MM`, 24-hour.
    pub at_time: String,
    pub address: String,
    pub phone: String,
    #[sqlx(try_from = "Uuid")]
    pub set_by: UserId,
    pub set_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "licence_version_id, person_id, with_whom, on_date, at_time, address, phone, set_by, set_at";

/// The reporting instructions of every version of the person's licences.
pub async fn licence_appointments(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<LicenceAppointmentRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!("SELECT {COLUMNS} FROM licence_appointment WHERE person_id = $1");
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, LicenceAppointmentRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Set (or replace) a version's reporting instructions.
pub async fn set_licence_appointment(
    tx: &mut Tx,
    cap: &Capability,
    a: &LicenceAppointmentRow,
) -> Result<(), StoreError> {
    require_change(cap, a.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query("DELETE FROM licence_appointment WHERE licence_version_id = $1")
        .bind(a.licence_version_id.0).execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO licence_appointment ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
        .bind(a.licence_version_id.0).bind(a.person_id.as_uuid()).bind(&a.with_whom).bind(a.on_date)
        .bind(&a.at_time).bind(&a.address).bind(&a.phone).bind(a.set_by.0).bind(a.set_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

//! MAPPA disclosures to third parties. Writing one needs a capability to disclose the
//! sections it draws on (the policy never grants that for a restricted section); reading
//! the list is part of the record's case management.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, Section};
use concord_domain::DisclosureId;
use concord_domain::PersonId;
use concord_domain::{AgencyId, UserId};
use uuid::Uuid;

use crate::capability::require_read;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DisclosureRow {
    #[sqlx(try_from = "Uuid")]
    pub id: DisclosureId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub recipient: String,
    pub recipient_role: String,
    pub what: String,
    /// Section codes, comma-separated.
    pub sections: String,
    pub lawful_basis: String,
    pub reasons: String,
    pub person_told: bool,
    pub told_detail: String,
    pub undertaking_given: bool,
    pub disclosed_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub disclosed_by: UserId,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, person_id, agency_id, recipient, recipient_role, what, sections, lawful_basis, reasons, person_told, told_detail, undertaking_given, disclosed_on, disclosed_by, created_at";

pub async fn insert_disclosure(
    tx: &mut Tx,
    cap: &Capability,
    d: &DisclosureRow,
    sections: &[Section],
) -> Result<(), StoreError> {
    if sections.is_empty()
        || !sections
            .iter()
            .all(|s| cap.covers(Action::Disclose, d.person_id, *s))
    {
        return Err(StoreError::WrongCapability {
            needed: "disclosing these sections of the record",
        });
    }
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO disclosure ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"))
        .bind(d.id.0).bind(d.person_id.as_uuid()).bind(d.agency_id.0).bind(&d.recipient).bind(&d.recipient_role)
        .bind(&d.what).bind(&d.sections).bind(&d.lawful_basis).bind(&d.reasons).bind(d.person_told)
        .bind(&d.told_detail).bind(d.undertaking_given).bind(d.disclosed_on).bind(d.disclosed_by.0)
        .bind(d.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's disclosures, newest first.
pub async fn disclosures_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<DisclosureRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM disclosure WHERE person_id = $1 ORDER BY disclosed_on DESC, created_at DESC"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, DisclosureRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

//! Field-level change history of a person's record: who changed what, when.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Capability, Section, SectionSet};
use concord_domain::ChangeId;
use concord_domain::PersonId;
use concord_domain::{AgencyId, UserId};
use uuid::Uuid;

use crate::capability::{require_any_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChangeRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ChangeId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub user_id: Option<UserId>,
    #[sqlx(try_from = "OptUuid")]
    pub agency_id: Option<AgencyId>,
    pub entity: String,
    /// Plain `Uuid`: the id of whichever part `entity` names (an address, an alias, the
    /// person…), so no one typed id fits.
    pub entity_id: Uuid,
    pub operation: String,
    /// `[{"field": .., "from": .., "to": ..}, ..]`
    pub changes: serde_json::Value,
    /// The sections the change was written under (comma-separated codes): only a viewer
    /// who may read all of them is told of it.
    pub sections: String,
}

impl ChangeRow {
    /// The sections as written; a code this build does not know makes the row unreadable
    /// to everyone (`None`) rather than readable to all.
    fn section_set(&self) -> Option<SectionSet> {
        crate::sections_from_codes(&self.sections).ok()
    }
}

/// A record's history as one viewer may see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The changes to entries the viewer may read, newest first.
    pub shown: Vec<ChangeRow>,
    /// Whether some changes were to entries the viewer may not read. Neither how many,
    /// nor when, nor by whom: each of those would tell of an entry withheld.
    pub withheld: bool,
}

pub async fn record_change(tx: &mut Tx, cap: &Capability, r: &ChangeRow) -> Result<(), StoreError> {
    require_any_change(cap, r.person_id)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO record_change (id, person_id, at, user_id, agency_id, entity, entity_id, operation, changes, sections) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.at).bind(r.user_id.map(|u| u.0)).bind(r.agency_id.map(|u| u.0)).bind(&r.entity)
        .bind(r.entity_id).bind(&r.operation).bind(&r.changes).bind(&r.sections).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The record's changes, each shown only if `cap` reads every section it was written
/// under.
pub async fn changes(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<History, StoreError> {
    require_read(cap, person_id, Section::History)?;
    let rows = on_tx!(tx, c => sqlx::query_as::<_, ChangeRow>(
        "SELECT id, person_id, at, user_id, agency_id, entity, entity_id, operation, changes, sections FROM record_change WHERE person_id = $1 ORDER BY at DESC, id DESC")
        .bind(person_id.as_uuid()).fetch_all(c).await)?;
    let mut history = History::default();
    for row in rows {
        let readable = row
            .section_set()
            .is_some_and(|set| set.iter().all(|s| cap.covers(Action::Read, person_id, s)));
        if readable {
            history.shown.push(row);
        } else {
            history.withheld = true;
        }
    }
    Ok(history)
}

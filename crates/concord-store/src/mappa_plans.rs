//! MAPPA risk management plans (every version kept), their actions, and the measures
//! that protect a victim. Plans and actions are the management section of the person's
//! record; victim measures are the restricted victim section.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{AgencyId, UserId};
use concord_domain::{MappaActionId, MeetingId, PersonId, VictimId};
use concord_domain::{MappaPlanId, VictimMeasureId};
use concord_mappa::{ActionStatus, Pillar, PlanStatus};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_list, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MappaPlanRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MappaPlanId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub version: i32,
    #[sqlx(try_from = "String")]
    pub status: PlanStatus,
    pub risks: String,
    pub supervision: String,
    pub monitoring_and_control: String,
    pub interventions_and_treatment: String,
    pub victim_safety_planning: String,
    pub contingency: String,
    #[sqlx(try_from = "OptUuid")]
    pub meeting_id: Option<MeetingId>,
    #[sqlx(try_from = "Uuid")]
    pub written_by: UserId,
    pub created_at: DateTime<Utc>,
}

const PLAN: &str = "id, person_id, version, status, risks, supervision, monitoring_and_control, interventions_and_treatment, victim_safety_planning, contingency, meeting_id, written_by, created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MappaActionRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MappaActionId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub pillar: Pillar,
    pub description: String,
    #[sqlx(try_from = "OptUuid")]
    pub owner_user_id: Option<UserId>,
    pub owner_name: String,
    #[sqlx(try_from = "Uuid")]
    pub owner_agency_id: AgencyId,
    pub due_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub status: ActionStatus,
    pub evidence: String,
    pub completed_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptUuid")]
    pub meeting_id: Option<MeetingId>,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "Uuid")]
    pub updated_by: UserId,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

const ACTION: &str = "id, person_id, pillar, description, owner_user_id, owner_name, owner_agency_id, due_on, status, evidence, completed_on, meeting_id, created_by, created_at, updated_by, updated_at, version";

/// An open action with the name of the person it is about, for lists across people.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OpenMappaActionRow {
    #[sqlx(flatten)]
    pub action: MappaActionRow,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VictimMeasureRow {
    #[sqlx(try_from = "Uuid")]
    pub id: VictimMeasureId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "OptUuid")]
    pub victim_id: Option<VictimId>,
    pub measure: String,
    pub in_place_on: NaiveDate,
    pub review_on: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub created_at: DateTime<Utc>,
}

const MEASURE: &str =
    "id, person_id, victim_id, measure, in_place_on, review_on, recorded_by, created_at";

/// Save a new version of the plan, superseding the current one (kept, never changed).
pub async fn insert_mappa_plan(
    tx: &mut Tx,
    cap: &Capability,
    p: &MappaPlanRow,
) -> Result<(), StoreError> {
    require_add(cap, p.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_plan SET status = $2 WHERE person_id = $1 AND status = $3")
        .bind(p.person_id.as_uuid()).bind(PlanStatus::Superseded.code()).bind(PlanStatus::Current.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_plan ({PLAN}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
        .bind(p.id.0).bind(p.person_id.as_uuid()).bind(p.version).bind(p.status.code()).bind(&p.risks)
        .bind(&p.supervision).bind(&p.monitoring_and_control).bind(&p.interventions_and_treatment)
        .bind(&p.victim_safety_planning).bind(&p.contingency).bind(p.meeting_id.map(|v| v.as_uuid()))
        .bind(p.written_by.0).bind(p.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every version of a person's plan, newest first.
pub async fn mappa_plans_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<MappaPlanRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!("SELECT {PLAN} FROM mappa_plan WHERE person_id = $1 ORDER BY version DESC");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaPlanRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

pub async fn insert_mappa_action(
    tx: &mut Tx,
    cap: &Capability,
    a: &MappaActionRow,
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_action ({ACTION}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"))
        .bind(a.id.as_uuid()).bind(a.person_id.as_uuid()).bind(a.pillar.code()).bind(&a.description).bind(a.owner_user_id.map(|u| u.0))
        .bind(&a.owner_name).bind(a.owner_agency_id.0).bind(a.due_on).bind(a.status.code())
        .bind(&a.evidence).bind(a.completed_on).bind(a.meeting_id.map(|v| v.as_uuid())).bind(a.created_by.0)
        .bind(a.created_at).bind(a.updated_by.0).bind(a.updated_at).bind(a.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Who may save a change to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionEditor {
    /// The case team or MAPPA staff: a capability to change the management section.
    CaseTeam,
    /// The action's owner, who may hold only read access (a partner invited to the
    /// panel): the row is changed only while they still own it.
    Owner(UserId),
}

/// Save an action read at `expected_version`; `false` if someone saved it first (or, for
/// an owner, if it is no longer theirs).
pub async fn update_mappa_action(
    tx: &mut Tx,
    cap: &Capability,
    a: &MappaActionRow,
    expected_version: i32,
    editor: ActionEditor,
) -> Result<bool, StoreError> {
    let owner = match editor {
        ActionEditor::CaseTeam => {
            require_change(cap, a.person_id, Section::Management)?;
            None
        }
        ActionEditor::Owner(user) => {
            require_read(cap, a.person_id, Section::Management)?;
            Some(user)
        }
    };
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_action SET pillar = $1, description = $2, owner_user_id = $3, owner_name = $4,
            owner_agency_id = $5, due_on = $6, status = $7, evidence = $8, completed_on = $9,
            updated_by = $10, updated_at = $11, version = $12
         WHERE id = $13 AND person_id = $14 AND version = $15
           AND ($16 IS NULL OR owner_user_id = $16)")
        .bind(a.pillar.code()).bind(&a.description).bind(a.owner_user_id.map(|u| u.0)).bind(&a.owner_name)
        .bind(a.owner_agency_id.0).bind(a.due_on).bind(a.status.code()).bind(&a.evidence)
        .bind(a.completed_on).bind(a.updated_by.0).bind(a.updated_at).bind(a.version)
        .bind(a.id.as_uuid()).bind(a.person_id.as_uuid()).bind(expected_version).bind(owner.map(|u| u.0))
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// A person's actions: open ones first by due date, then the closed ones.
pub async fn mappa_actions_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<MappaActionRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let open = ActionStatus::Open.code();
    let sql = format!(
        "SELECT {ACTION} FROM mappa_action WHERE person_id = $1
         ORDER BY CASE WHEN status = '{open}' THEN 0 ELSE 1 END, due_on, created_at"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MappaActionRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Open actions across people, oldest due first: those owned by `owner`, or (without an
/// owner) those due before `due_before`. The caller must then keep only the people the
/// actor may read.
pub async fn open_mappa_actions(
    tx: &mut Tx,
    cap: &Capability,
    owner: Option<UserId>,
    due_before: Option<NaiveDate>,
) -> Result<Vec<OpenMappaActionRow>, StoreError> {
    require_list(cap)?;
    let columns = ACTION
        .split(", ")
        .map(|c| format!("a.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns}, p.given_name, p.middle_names, p.family_name
         FROM mappa_action a JOIN person p ON p.id = a.person_id
         WHERE a.status = $3 AND ($1 IS NULL OR a.owner_user_id = $1)
           AND ($2 IS NULL OR a.due_on < $2)
         ORDER BY a.due_on, a.created_at"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, OpenMappaActionRow>(&sql)
        .bind(owner.map(|u| u.0)).bind(due_before).bind(ActionStatus::Open.code()).fetch_all(c).await)?,
    )
}

pub async fn insert_victim_measure(
    tx: &mut Tx,
    cap: &Capability,
    m: &VictimMeasureRow,
) -> Result<(), StoreError> {
    require_add(cap, m.person_id, Section::Victim)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO victim_measure ({MEASURE}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
        .bind(m.id.0).bind(m.person_id.as_uuid()).bind(m.victim_id.map(|v| v.as_uuid())).bind(&m.measure).bind(m.in_place_on)
        .bind(m.review_on).bind(m.recorded_by.0).bind(m.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The measures protecting a person's victims, oldest first.
pub async fn victim_measures_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<VictimMeasureRow>, StoreError> {
    require_read(cap, person, Section::Victim)?;
    let sql = format!(
        "SELECT {MEASURE} FROM victim_measure WHERE person_id = $1 ORDER BY in_place_on, created_at"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, VictimMeasureRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

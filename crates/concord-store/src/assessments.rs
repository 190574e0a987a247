//! Assess: risk assessments (RoSH reviews, DASH checklists) and the tasks a rise in risk
//! creates. Assessments are in the record's risk section; a signed one is never updated.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{AgencyId, TeamId, UserId};
use concord_domain::{AssessmentId, TaskId};
use concord_domain::{AssessmentKind, AssessmentStatus, PersonId, TaskKind};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AssessmentRow {
    #[sqlx(try_from = "Uuid")]
    pub id: AssessmentId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub kind: AssessmentKind,
    #[sqlx(try_from = "String")]
    pub status: AssessmentStatus,
    pub inputs: serde_json::Value,
    pub answers: serde_json::Value,
    pub results: Option<serde_json::Value>,
    pub overall_level: Option<String>,
    pub tier: Option<String>,
    pub review_due_on: Option<NaiveDate>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "Uuid")]
    pub started_by: UserId,
    pub started_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub signed_by: Option<UserId>,
    pub signed_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const ASSESSMENT_COLUMNS: &str = "id, person_id, agency_id, kind, status, inputs, answers, results, overall_level, tier, review_due_on, acknowledged_at, started_by, started_at, signed_by, signed_at, version";

pub async fn insert_assessment(
    tx: &mut Tx,
    cap: &Capability,
    a: &AssessmentRow,
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, Section::Risk)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO risk_assessment (id, person_id, agency_id, kind, status, inputs, answers, results, overall_level, tier, review_due_on, acknowledged_at, started_by, started_at, signed_by, signed_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)")
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.agency_id.0).bind(a.kind.code()).bind(a.status.code())
        .bind(&a.inputs).bind(&a.answers).bind(&a.results).bind(&a.overall_level).bind(&a.tier)
        .bind(a.review_due_on).bind(a.acknowledged_at).bind(a.started_by.0).bind(a.started_at)
        .bind(a.signed_by.map(|u| u.0)).bind(a.signed_at).bind(a.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Save a draft. Only a draft at the version the caller read is changed: a signed
/// assessment stays as signed, and two people editing one draft do not overwrite each
/// other silently. `false` when nothing matched.
pub async fn update_draft(
    tx: &mut Tx,
    cap: &Capability,
    a: &AssessmentRow,
    expected_version: i64,
) -> Result<bool, StoreError> {
    require_change(cap, a.person_id, Section::Risk)?;
    // The codes are the enum's own (static text, never input), so they are written inline.
    let sql = format!(
        "UPDATE risk_assessment SET status = $1, inputs = $2, answers = $3, results = $4, overall_level = $5, tier = $6,
            review_due_on = $7, acknowledged_at = $8, signed_by = $9, signed_at = $10, version = $11
         WHERE id = $12 AND person_id = $13 AND status = '{}' AND version = $14",
        AssessmentStatus::Draft.code()
    );
    let changed = on_tx!(tx, c => sqlx::query(&sql)
        .bind(a.status.code()).bind(&a.inputs).bind(&a.answers).bind(&a.results).bind(&a.overall_level)
        .bind(&a.tier).bind(a.review_due_on).bind(a.acknowledged_at).bind(a.signed_by.map(|u| u.0))
        .bind(a.signed_at).bind(a.version).bind(a.id.0).bind(a.person_id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

pub async fn assessment(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: AssessmentId,
) -> Result<Option<AssessmentRow>, StoreError> {
    require_read(cap, person, Section::Risk)?;
    let sql = format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM risk_assessment WHERE id = $1 AND person_id = $2"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AssessmentRow>(&sql)
        .bind(id.0).bind(person.as_uuid()).fetch_optional(c).await)?)
}

/// Every assessment of one kind of a person, oldest first.
pub async fn assessments(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    kind: AssessmentKind,
) -> Result<Vec<AssessmentRow>, StoreError> {
    require_read(cap, person, Section::Risk)?;
    let sql = format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM risk_assessment WHERE person_id = $1 AND kind = $2 ORDER BY started_at, id"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, AssessmentRow>(&sql)
        .bind(person.as_uuid()).bind(kind.code()).fetch_all(c).await)?)
}

/// Keep a DASH checklist's victim answers: victim information, so the restricted victim
/// section is needed to write them (and to read them back, below).
pub async fn set_victim_answers(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: AssessmentId,
    answers: &serde_json::Value,
) -> Result<bool, StoreError> {
    require_add(cap, person, Section::Victim)?;
    let sql = format!(
        "UPDATE risk_assessment SET victim_answers = $1 WHERE id = $2 AND person_id = $3 AND kind = '{}'",
        AssessmentKind::Dash.code()
    );
    let changed = on_tx!(tx, c => sqlx::query(&sql)
        .bind(answers).bind(id.0).bind(person.as_uuid())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// A DASH checklist's victim answers, for those who may read the victim section.
pub async fn victim_answers(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: AssessmentId,
) -> Result<Option<serde_json::Value>, StoreError> {
    require_read(cap, person, Section::Victim)?;
    let sql = format!(
        "SELECT victim_answers FROM risk_assessment WHERE id = $1 AND person_id = $2 AND kind = '{}'",
        AssessmentKind::Dash.code()
    );
    let row: Option<(Option<serde_json::Value>,)> = on_tx!(tx, c => sqlx::query_as(&sql)
        .bind(id.0).bind(person.as_uuid()).fetch_optional(c).await)?;
    Ok(row.and_then(|(v,)| v))
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TaskRow {
    #[sqlx(try_from = "Uuid")]
    pub id: TaskId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub team_id: Option<TeamId>,
    #[sqlx(try_from = "OptUuid")]
    pub user_id: Option<UserId>,
    #[sqlx(try_from = "String")]
    pub kind: TaskKind,
    pub title: String,
    pub reason: String,
    pub due_on: NaiveDate,
    #[sqlx(try_from = "OptUuid")]
    pub assessment_id: Option<AssessmentId>,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub done_by: Option<UserId>,
    pub done_at: Option<DateTime<Utc>>,
}

const TASK_COLUMNS: &str = "id, person_id, agency_id, team_id, user_id, kind, title, reason, due_on, assessment_id, created_by, created_at, done_by, done_at";

/// A task about a person's case: part of the record's management section.
pub async fn insert_task(tx: &mut Tx, cap: &Capability, t: &TaskRow) -> Result<(), StoreError> {
    require_add(cap, t.person_id, Section::Risk)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO task (id, person_id, agency_id, team_id, user_id, kind, title, reason, due_on, assessment_id, created_by, created_at, done_by, done_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
        .bind(t.id.0).bind(t.person_id.as_uuid()).bind(t.agency_id.0).bind(t.team_id.map(|u| u.0)).bind(t.user_id.map(|u| u.0))
        .bind(t.kind.code()).bind(&t.title).bind(&t.reason).bind(t.due_on).bind(t.assessment_id.map(|v| v.0))
        .bind(t.created_by.0).bind(t.created_at).bind(t.done_by.map(|u| u.0)).bind(t.done_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every task about one person, open ones first, then by due date.
pub async fn tasks_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<TaskRow>, StoreError> {
    require_read(cap, person, Section::Risk)?;
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM task WHERE person_id = $1 ORDER BY (done_at IS NOT NULL), due_on, id"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, TaskRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Close a task. `false` when it was not open.
pub async fn complete_task(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: TaskId,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    require_change(cap, person, Section::Risk)?;
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE task SET done_by = $1, done_at = $2 WHERE id = $3 AND person_id = $4 AND done_at IS NULL")
        .bind(by.0).bind(at).bind(id.0).bind(person.as_uuid())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// The listed people's open tasks and latest signed RoSH level, for a caseload.
pub async fn list_risk(
    tx: &mut Tx,
    cap: &Capability,
    person_ids: &[PersonId],
) -> Result<(Vec<TaskRow>, Vec<(PersonId, String, DateTime<Utc>)>), StoreError> {
    crate::capability::require_list(cap)?;
    if person_ids.is_empty() || !cap.sections().contains(Section::Risk) {
        return Ok((vec![], vec![]));
    }
    let ids = crate::in_list(1, person_ids.len());
    let tasks_sql = format!(
        "SELECT {TASK_COLUMNS} FROM task WHERE done_at IS NULL AND person_id IN ({ids}) ORDER BY due_on, id"
    );
    let tasks = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, TaskRow>(&tasks_sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    let levels_sql = format!(
        "SELECT person_id, overall_level, signed_at FROM risk_assessment
         WHERE kind = '{}' AND status = '{}' AND person_id IN ({ids}) ORDER BY signed_at",
        AssessmentKind::Rosh.code(),
        AssessmentStatus::Signed.code()
    );
    let levels = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, (Uuid, Option<String>, DateTime<Utc>)>(&levels_sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    Ok((
        tasks,
        levels
            .into_iter()
            .filter_map(|(p, level, at)| level.map(|l| (PersonId(p), l, at)))
            .collect(),
    ))
}

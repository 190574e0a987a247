//! Manage: compliance with the licence (contacts, appointments, police monitoring visits,
//! disclosures), enforcement actions (warnings and breach referrals) and recalls, all in
//! the record's licence section. The tasks enforcement and recall open for the case team,
//! the police and the victim liaison officer live in the shared task table, but the
//! functions here reach only the kinds in [`LICENCE_TASK_KINDS`]: a licence capability
//! never touches a risk review's task.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::ComplianceEventId;
use concord_domain::{AgencyId, TeamId, UserId};
use concord_domain::{EnforcementActionId, LicenceId, LicenceVersionId, TaskId};
use concord_domain::{PersonId, RecallId, TaskKind};
use concord_licence::{
    ComplianceKind, EnforcementKind, EnforcementStatus, RecallKind, RecallStatus,
};
use uuid::Uuid;

use crate::capability::{require_add, require_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, TaskRow, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ComplianceEventRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ComplianceEventId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    /// The licence in force (the id every version of it shares), if any.
    #[sqlx(try_from = "OptUuid")]
    pub licence_id: Option<LicenceId>,
    #[sqlx(try_from = "String")]
    pub kind: ComplianceKind,
    pub occurred_on: NaiveDate,
    /// An attendance code (`concord_licence::Attendance`), a police visit's outcome text,
    /// or empty for a disclosure: not a closed set, so text.
    pub outcome: String,
    pub details: String,
    /// The enforcement task an unacceptable absence opened.
    #[sqlx(try_from = "OptUuid")]
    pub task_id: Option<TaskId>,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

const EVENT_COLUMNS: &str = "id, person_id, agency_id, licence_id, kind, occurred_on, outcome, details, task_id, recorded_by, recorded_at";

pub async fn insert_compliance_event(
    tx: &mut Tx,
    cap: &Capability,
    e: &ComplianceEventRow,
) -> Result<(), StoreError> {
    // An approved premises records its own curfew, kept or missed, under its stay.
    if !(e.kind == ComplianceKind::ApCurfew && crate::premises::writes_stay(cap, e.person_id)) {
        require_add(cap, e.person_id, Section::Licence)?;
    }
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO compliance_event ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(e.id.as_uuid()).bind(e.person_id.as_uuid()).bind(e.agency_id.0).bind(e.licence_id.map(|v| v.0)).bind(e.kind.code())
        .bind(e.occurred_on).bind(&e.outcome).bind(&e.details).bind(e.task_id.map(|v| v.0))
        .bind(e.recorded_by.0).bind(e.recorded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's compliance events, oldest first.
pub async fn compliance_events_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ComplianceEventRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM compliance_event WHERE person_id = $1 ORDER BY occurred_on, recorded_at, id"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, ComplianceEventRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EnforcementActionRow {
    #[sqlx(try_from = "Uuid")]
    pub id: EnforcementActionId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub licence_id: Option<LicenceId>,
    #[sqlx(try_from = "String")]
    pub kind: EnforcementKind,
    /// The unacceptable absence it answers.
    #[sqlx(try_from = "Uuid")]
    pub failure_event_id: ComplianceEventId,
    pub given_on: NaiveDate,
    pub reason: String,
    /// When the next step is due (a breach); `None` for a warning.
    pub deadline: Option<NaiveDate>,
    /// Given (a warning), referred or recall requested (a breach).
    #[sqlx(try_from = "String")]
    pub status: EnforcementStatus,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

const ACTION_COLUMNS: &str = "id, person_id, agency_id, licence_id, kind, failure_event_id, given_on, reason, deadline, status, created_by, created_at";

pub async fn insert_enforcement_action(
    tx: &mut Tx,
    cap: &Capability,
    a: &EnforcementActionRow,
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO enforcement_action ({ACTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.agency_id.0).bind(a.licence_id.map(|v| v.0)).bind(a.kind.code())
        .bind(a.failure_event_id.as_uuid()).bind(a.given_on).bind(&a.reason).bind(a.deadline)
        .bind(a.status.code()).bind(a.created_by.0).bind(a.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's warnings and breach referrals, oldest first.
pub async fn enforcement_actions_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<EnforcementActionRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {ACTION_COLUMNS} FROM enforcement_action WHERE person_id = $1 ORDER BY given_on, created_at, id"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, EnforcementActionRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Move an enforcement action from status `from` to `to`; `false` when it was not at
/// `from` (someone else moved it first).
pub async fn set_enforcement_status(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: EnforcementActionId,
    from: EnforcementStatus,
    to: EnforcementStatus,
) -> Result<bool, StoreError> {
    require_change(cap, person, Section::Licence)?;
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE enforcement_action SET status = $1 WHERE id = $2 AND person_id = $3 AND status = $4")
        .bind(to.code()).bind(id.0).bind(person.as_uuid()).bind(from.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RecallRow {
    #[sqlx(try_from = "Uuid")]
    pub id: RecallId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    /// The licence version in force when recall was requested.
    #[sqlx(try_from = "Uuid")]
    pub licence_id: LicenceVersionId,
    #[sqlx(try_from = "String")]
    pub status: RecallStatus,
    pub reasons: String,
    /// `concord_licence::RecallFacts`.
    pub facts: serde_json::Value,
    /// `concord_licence::RecallAssessment`, as made when requested.
    pub assessment: serde_json::Value,
    #[sqlx(try_from = "String")]
    pub recall_type: RecallKind,
    pub fixed_term_days: Option<i32>,
    #[sqlx(try_from = "OptUuid")]
    pub breach_action_id: Option<EnforcementActionId>,
    #[sqlx(try_from = "Uuid")]
    pub requested_by: UserId,
    pub requested_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: String,
    pub revoked_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "OptUuid")]
    pub execute_task_id: Option<TaskId>,
    pub returned_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptUuid")]
    pub returned_by: Option<UserId>,
    pub release_on: Option<NaiveDate>,
    pub version: i64,
}

const RECALL_COLUMNS: &str = "id, person_id, agency_id, licence_id, status, reasons, facts, assessment, recall_type, fixed_term_days, breach_action_id, requested_by, requested_at, decided_by, decided_at, decision_reason, revoked_at, execute_task_id, returned_on, returned_by, release_on, version";

pub async fn insert_recall(tx: &mut Tx, cap: &Capability, r: &RecallRow) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Licence)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO recall ({RECALL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)"))
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(r.agency_id.0).bind(r.licence_id.0).bind(r.status.code())
        .bind(&r.reasons).bind(&r.facts).bind(&r.assessment).bind(r.recall_type.code())
        .bind(r.fixed_term_days).bind(r.breach_action_id.map(|v| v.0)).bind(r.requested_by.0)
        .bind(r.requested_at).bind(r.decided_by.map(|u| u.0)).bind(r.decided_at).bind(&r.decision_reason)
        .bind(r.revoked_at).bind(r.execute_task_id.map(|v| v.0)).bind(r.returned_on).bind(r.returned_by.map(|u| u.0))
        .bind(r.release_on).bind(r.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Save the decision or the return to custody of a recall read at `expected_version`;
/// `false` if someone saved it first. What was requested (facts, assessment, reasons) is
/// never rewritten.
pub async fn update_recall(
    tx: &mut Tx,
    cap: &Capability,
    r: &RecallRow,
    expected_version: i64,
) -> Result<bool, StoreError> {
    require_change(cap, r.person_id, Section::Licence)?;
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE recall SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4,
            revoked_at = $5, execute_task_id = $6, returned_on = $7, returned_by = $8,
            release_on = $9, version = $10
         WHERE id = $11 AND person_id = $12 AND version = $13")
        .bind(r.status.code()).bind(r.decided_by.map(|u| u.0)).bind(r.decided_at).bind(&r.decision_reason)
        .bind(r.revoked_at).bind(r.execute_task_id.map(|v| v.0)).bind(r.returned_on).bind(r.returned_by.map(|u| u.0))
        .bind(r.release_on).bind(r.version).bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// A person's recalls, oldest first.
pub async fn recalls_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<RecallRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {RECALL_COLUMNS} FROM recall WHERE person_id = $1 ORDER BY requested_at, id"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, RecallRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// The task kinds that enforcement and recall open, and the only ones a licence
/// capability may add, list or complete.
pub const LICENCE_TASK_KINDS: [TaskKind; 7] = [
    TaskKind::EnforcementDecision,
    TaskKind::BreachReferral,
    TaskKind::RecallExecute,
    TaskKind::VictimNotifyRecall,
    TaskKind::ApNonArrival,
    TaskKind::ApIncident,
    TaskKind::ApResidenceVariation,
];

const TASK_COLUMNS: &str = "id, person_id, agency_id, team_id, user_id, kind, title, reason, due_on, assessment_id, created_by, created_at, done_by, done_at";

/// `kind IN (…)` for the licence task kinds, bound from `$first`.
fn kinds_list(first: usize) -> String {
    crate::in_list(first, LICENCE_TASK_KINDS.len())
}

/// Open a task of one of the [`LICENCE_TASK_KINDS`] about a person.
pub async fn insert_licence_task(
    tx: &mut Tx,
    cap: &Capability,
    t: &TaskRow,
) -> Result<(), StoreError> {
    // An approved premises' staff, whose capability is for the stay alone, open the
    // tasks a non-arrival, an incident, a departure or a missed curfew calls for, and no
    // other.
    let from_premises = matches!(
        t.kind,
        TaskKind::ApNonArrival
            | TaskKind::ApIncident
            | TaskKind::ApResidenceVariation
            | TaskKind::EnforcementDecision
            | TaskKind::BreachReferral
    );
    if !(from_premises && crate::premises::writes_stay(cap, t.person_id)) {
        require_add(cap, t.person_id, Section::Licence)?;
    }
    if !LICENCE_TASK_KINDS.contains(&t.kind) {
        return Err(StoreError::WrongCapability {
            needed: "adding a task outside the licence section",
        });
    }
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO task ({TASK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"))
        .bind(t.id.0).bind(t.person_id.as_uuid()).bind(t.agency_id.0).bind(t.team_id.map(|u| u.0)).bind(t.user_id.map(|u| u.0))
        .bind(t.kind.code()).bind(&t.title).bind(&t.reason).bind(t.due_on).bind(t.assessment_id.map(|v| v.0))
        .bind(t.created_by.0).bind(t.created_at).bind(t.done_by.map(|u| u.0)).bind(t.done_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's enforcement and recall tasks, open ones first, then by due date.
pub async fn licence_tasks_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<TaskRow>, StoreError> {
    require_read(cap, person, Section::Licence)?;
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM task WHERE person_id = $1 AND kind IN ({})
         ORDER BY (done_at IS NOT NULL), due_on, id",
        kinds_list(2)
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, TaskRow>(&sql).bind(person.as_uuid());
        for k in LICENCE_TASK_KINDS {
            q = q.bind(k.code());
        }
        q.fetch_all(c).await
    })?)
}

/// Close an enforcement or recall task. `false` when there is no such open task.
pub async fn complete_licence_task(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: TaskId,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    require_change(cap, person, Section::Licence)?;
    let sql = format!(
        "UPDATE task SET done_by = $1, done_at = $2
         WHERE id = $3 AND person_id = $4 AND done_at IS NULL AND kind IN ({})",
        kinds_list(5)
    );
    let changed = on_tx!(tx, c => {
        let mut q = sqlx::query(&sql).bind(by.0).bind(at).bind(id.0).bind(person.as_uuid());
        for k in LICENCE_TASK_KINDS {
            q = q.bind(k.code());
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(changed == 1)
}

/// One member of staff allocated to a person today, as far as routing a task needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseTeamMember {
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    /// The agency's kind code (`police`, `probation`, …).
    pub agency_kind: String,
    #[sqlx(try_from = "OptUuid")]
    pub team_id: Option<TeamId>,
    /// The role the allocation names.
    pub allocation_role: String,
    /// Whether the member holds the victim liaison officer role.
    pub victim_liaison: bool,
}

/// (user, agency, agency kind, team, allocation role, victim liaison role if held).
type MemberRow = (Uuid, Uuid, String, Option<Uuid>, String, Option<String>);

/// Who is allocated to the person today, for routing the tasks a recall opens to the
/// police and the victim liaison officer. Only ids, agency kinds and roles: a narrow
/// exception to the management section for a caller who may add to the licence section.
pub async fn case_team_for_tasks(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    today: NaiveDate,
) -> Result<Vec<CaseTeamMember>, StoreError> {
    if !crate::premises::writes_stay(cap, person) {
        require_add(cap, person, Section::Licence)?;
    }
    let rows: Vec<MemberRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT a.user_id, a.agency_id, g.kind, u.team_id, a.role, r.role_code
         FROM allocation a
         JOIN app_user u ON u.id = a.user_id
         JOIN agency g ON g.id = a.agency_id
         LEFT JOIN user_role r ON r.user_id = a.user_id AND r.role_code = 'victim_liaison_officer'
         WHERE a.person_id = $1 AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date >= $2)
           AND u.active
         ORDER BY a.from_date, a.id")
        .bind(person.as_uuid()).bind(today).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(user_id, agency_id, agency_kind, team_id, allocation_role, vlo)| CaseTeamMember {
                user_id: UserId(user_id),
                agency_id: AgencyId(agency_id),
                agency_kind,
                team_id: team_id.map(TeamId),
                victim_liaison: vlo.is_some() || allocation_role == "victim_liaison_officer",
                allocation_role,
            },
        )
        .collect())
}

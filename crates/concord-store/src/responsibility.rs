//! Moves of responsibility between probation organisations (issue 20 item 7): agencies'
//! remits, the proposals a signed review makes, their decisions, and the move itself.
//! Everything here is the person's management section ("who manages the person").

use chrono::{DateTime, Days, NaiveDate, Utc};
use concord_authz::{Action, Capability, Section};
use concord_domain::{
    AgencyId, AssessmentId, PersonId, ResponsibilityStatus, ResponsibilityTransferId, TeamId,
    UserId,
};
use serde::Serialize;
use uuid::Uuid;

use crate::capability::{require_add, require_list, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

/// An agency's area and remit (`None`: it manages every case); `None` if there is no
/// such agency. Reference data, read without a capability like the agency's name.
pub async fn agency_remit(
    tx: &mut Tx,
    agency: AgencyId,
) -> Result<Option<(String, Option<String>)>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT area, probation_remit FROM agency WHERE id = $1")
        .bind(agency.0).fetch_optional(c).await)?)
}

/// The agency in `area` with `remit` (the first by name if a deployment has several).
pub async fn agency_with_remit(
    tx: &mut Tx,
    area: &str,
    remit: &str,
) -> Result<Option<AgencyId>, StoreError> {
    let row: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id FROM agency WHERE area = $1 AND probation_remit = $2 ORDER BY name LIMIT 1")
        .bind(area).bind(remit).fetch_optional(c).await)?;
    Ok(row.map(|r| AgencyId(r.0)))
}

/// An agency's id and kind by its code (the console names agencies by code).
pub async fn agency_kind_by_code(
    tx: &mut Tx,
    code: &str,
) -> Result<Option<(Uuid, String)>, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as("SELECT id, kind FROM agency WHERE code = $1")
        .bind(code).fetch_optional(c).await)?,
    )
}

/// Set or clear an agency's remit (reference data kept by the console); false if there is
/// no such agency.
pub async fn set_agency_remit(
    tx: &mut Tx,
    code: &str,
    remit: Option<&str>,
) -> Result<bool, StoreError> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE agency SET probation_remit = $1 WHERE code = $2")
        .bind(remit).bind(code).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ResponsibilityTransferRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ResponsibilityTransferId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub from_agency_id: AgencyId,
    #[sqlx(try_from = "Uuid")]
    pub to_agency_id: AgencyId,
    pub to_remit: String,
    pub reason: String,
    #[sqlx(try_from = "OptUuid")]
    pub assessment_id: Option<AssessmentId>,
    #[sqlx(try_from = "String")]
    pub status: ResponsibilityStatus,
    #[sqlx(try_from = "Uuid")]
    pub proposed_by: UserId,
    pub proposed_at: DateTime<Utc>,
    #[sqlx(try_from = "OptUuid")]
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    #[sqlx(try_from = "OptUuid")]
    pub allocated_to: Option<UserId>,
    pub moved: Option<String>,
}

const COLUMNS: &str = "id, person_id, from_agency_id, to_agency_id, to_remit, reason, assessment_id, status, proposed_by, proposed_at, decided_by, decided_at, decision_note, allocated_to, moved";

/// Record a proposal. False if one is already open for the person (the unique index
/// keeps one; a second rise while it waits adds nothing).
pub async fn insert_responsibility_transfer(
    tx: &mut Tx,
    cap: &Capability,
    r: &ResponsibilityTransferRow,
) -> Result<bool, StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    let open: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id FROM responsibility_transfer WHERE person_id = $1 AND status = $2")
        .bind(r.person_id.as_uuid()).bind(ResponsibilityStatus::Proposed.code()).fetch_optional(c).await)?;
    if open.is_some() {
        return Ok(false);
    }
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO responsibility_transfer ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"))
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.from_agency_id.0).bind(r.to_agency_id.0)
        .bind(&r.to_remit).bind(&r.reason).bind(r.assessment_id.map(|a| a.0)).bind(r.status.code())
        .bind(r.proposed_by.0).bind(r.proposed_at).bind(r.decided_by.map(|u| u.0)).bind(r.decided_at)
        .bind(&r.decision_note).bind(r.allocated_to.map(|u| u.0)).bind(&r.moved)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

/// A person's proposals and moves, newest first.
pub async fn responsibility_transfers(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ResponsibilityTransferRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, ResponsibilityTransferRow>(&format!(
        "SELECT {COLUMNS} FROM responsibility_transfer WHERE person_id = $1 ORDER BY proposed_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// The open proposals to or from the list capability's holder's agency, oldest first;
/// the caller decides each person before showing a row.
pub async fn open_transfers_of_agency(
    tx: &mut Tx,
    cap: &Capability,
) -> Result<Vec<ResponsibilityTransferRow>, StoreError> {
    require_list(cap)?;
    if !cap.sections().contains(Section::Management) {
        return Err(StoreError::WrongCapability {
            needed: "listing transfers of responsibility",
        });
    }
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, ResponsibilityTransferRow>(&format!(
        "SELECT {COLUMNS} FROM responsibility_transfer WHERE status = $1 AND (to_agency_id = $2 OR from_agency_id = $2) ORDER BY proposed_at, id"))
        .bind(ResponsibilityStatus::Proposed.code()).bind(cap.holder().agency.0).fetch_all(c).await)?,
    )
}

/// Close an open proposal (declined or withdrawn, or accepted once the move is made).
/// False if it was no longer open: someone else decided first, and nothing changes.
pub async fn decide_responsibility_transfer(
    tx: &mut Tx,
    cap: &Capability,
    r: &ResponsibilityTransferRow,
) -> Result<bool, StoreError> {
    require_add(cap, r.person_id, Section::Management)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE responsibility_transfer SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4, allocated_to = $5, moved = $6
         WHERE id = $7 AND person_id = $8 AND status = $9")
        .bind(r.status.code()).bind(r.decided_by.map(|u| u.0)).bind(r.decided_at).bind(&r.decision_note)
        .bind(r.allocated_to.map(|u| u.0)).bind(&r.moved).bind(r.id.0).bind(r.person_id.as_uuid())
        .bind(ResponsibilityStatus::Proposed.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The move itself: who, from and to whom, when.
#[derive(Debug, Clone)]
pub struct Move {
    pub person: PersonId,
    pub from_agency: AgencyId,
    pub to_agency: AgencyId,
    pub officer: UserId,
    pub officer_name: String,
    pub officer_team: Option<TeamId>,
    /// The receiving manager who accepted: the open allocation reviews are answered.
    pub by: UserId,
    pub today: NaiveDate,
    pub at: DateTime<Utc>,
}

/// What moved with the case, counted for the record of the move and the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Moved {
    pub allocations_ended: u64,
    pub referrals: u64,
    pub tasks: u64,
    pub actions: u64,
    pub licences: u64,
}

/// The victim contact scheme follows the victim, not the case holder: a victim liaison
/// officer's allocation stays when the case moves (under Transforming Rehabilitation the
/// scheme stayed with the National Probation Service whoever held the case).
const VICTIM_LIAISON: &str = "victim_liaison_officer";

/// Move responsibility for a person: the record's owner becomes the receiving
/// organisation; the sending organisation's allocations end yesterday (so from today only
/// the new officer is the case team) and the new officer is allocated from today (a victim liaison
/// officer's allocation stays); and the open work the sending organisation held moves to the new officer — partner referrals
/// the officer made, open tasks, open MAPPA plan actions it owned, and the responsible
/// officer of the licences. Other agencies' allocations (the police) stay. One capability
/// to change the management section covers it all: each of these is who manages the
/// person, not what is known about them.
pub async fn move_responsibility(
    tx: &mut Tx,
    cap: &Capability,
    m: &Move,
) -> Result<Moved, StoreError> {
    if !cap.covers(Action::Change, m.person, Section::Management)
        && !cap.covers(Action::Create, m.person, Section::Management)
    {
        return Err(StoreError::WrongCapability {
            needed: "moving responsibility for the person",
        });
    }
    let person = m.person.as_uuid();
    let from = m.from_agency.0;
    let yesterday = m.today - Days::new(1);
    let exec = |n: Result<u64, sqlx::Error>| n.map_err(StoreError::from);
    exec(on_tx!(tx, c => sqlx::query(
        "UPDATE person SET owning_agency_id = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND owning_agency_id = $4")
        .bind(m.to_agency.0).bind(m.at).bind(person).bind(from)
        .execute(c).await.map(|r| r.rows_affected())))?;
    // Who held the case, before their allocations end: their open work moves.
    let holders: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT user_id FROM allocation WHERE person_id = $1 AND agency_id = $2 AND (to_date IS NULL OR to_date >= $3) AND role <> $4")
        .bind(person).bind(from).bind(m.today).bind(VICTIM_LIAISON).fetch_all(c).await)?;
    let allocations_ended = exec(on_tx!(tx, c => sqlx::query(
        "UPDATE allocation SET to_date = $1 WHERE person_id = $2 AND agency_id = $3 AND (to_date IS NULL OR to_date >= $4) AND role <> $5")
        .bind(yesterday).bind(person).bind(from).bind(m.today).bind(VICTIM_LIAISON)
        .execute(c).await.map(|r| r.rows_affected())))?;
    exec(on_tx!(tx, c => sqlx::query(
        "INSERT INTO allocation (id, person_id, user_id, agency_id, role, from_date, to_date) VALUES ($1, $2, $3, $4, $5, $6, NULL)")
        .bind(Uuid::now_v7()).bind(person).bind(m.officer.0).bind(m.to_agency.0).bind("offender_manager").bind(m.today)
        .execute(c).await.map(|r| r.rows_affected())))?;
    let mut moved = Moved {
        allocations_ended,
        ..Moved::default()
    };
    // The allocation review a rise in risk asked for is answered by the move.
    exec(on_tx!(tx, c => sqlx::query(
        "UPDATE task SET done_by = $1, done_at = $2 WHERE person_id = $3 AND kind = $4 AND done_at IS NULL")
        .bind(m.by.0).bind(m.at).bind(person).bind(concord_domain::TaskKind::AllocationReview.code())
        .execute(c).await.map(|r| r.rows_affected())))?;
    moved.referrals = exec(on_tx!(tx, c => sqlx::query(
        "UPDATE service_referral SET officer_id = $1 WHERE person_id = $2 AND from_agency_id = $3 AND status NOT IN ('declined', 'closed')")
        .bind(m.officer.0).bind(person).bind(from).execute(c).await.map(|r| r.rows_affected())))?;
    moved.tasks = exec(on_tx!(tx, c => sqlx::query(
        "UPDATE task SET agency_id = $1, team_id = $2, user_id = CASE WHEN user_id IS NULL THEN NULL ELSE $3 END WHERE person_id = $4 AND agency_id = $5 AND done_at IS NULL")
        .bind(m.to_agency.0).bind(m.officer_team.map(|t| t.0)).bind(m.officer.0).bind(person).bind(from)
        .execute(c).await.map(|r| r.rows_affected())))?;
    for (holder,) in &holders {
        moved.actions += exec(on_tx!(tx, c => sqlx::query(
            "UPDATE mappa_action SET owner_user_id = $1, owner_name = $2, owner_agency_id = $3, updated_at = $4, version = version + 1
             WHERE person_id = $5 AND owner_user_id = $6 AND status = $7")
            .bind(m.officer.0).bind(&m.officer_name).bind(m.to_agency.0).bind(m.at).bind(person).bind(holder)
            .bind(concord_mappa::ActionStatus::Open.code())
            .execute(c).await.map(|r| r.rows_affected())))?;
        moved.licences += exec(on_tx!(tx, c => sqlx::query(
            "UPDATE licence SET responsible_officer = $1, team_id = $2 WHERE person_id = $3 AND responsible_officer = $4")
            .bind(m.officer.0).bind(m.officer_team.map(|t| t.0)).bind(person).bind(holder)
            .execute(c).await.map(|r| r.rows_affected())))?;
    }
    // Actions the sending organisation owned without a named person go to the new officer.
    moved.actions += exec(on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_action SET owner_user_id = $1, owner_name = $2, owner_agency_id = $3, updated_at = $4, version = version + 1
         WHERE person_id = $5 AND owner_agency_id = $6 AND status = $7")
        .bind(m.officer.0).bind(&m.officer_name).bind(m.to_agency.0).bind(m.at).bind(person).bind(from)
        .bind(concord_mappa::ActionStatus::Open.code())
        .execute(c).await.map(|r| r.rows_affected())))?;
    Ok(moved)
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: Uuid,
    display_name: String,
    team_id: Option<Uuid>,
    permissions: serde_json::Value,
}

/// The staff of an agency who may take a case on (their roles give a caseload and risk
/// assessment), for the receiving manager's choice: (id, display name, team).
pub async fn case_holders_of_agency(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    agency: AgencyId,
) -> Result<Vec<(UserId, String, Option<TeamId>)>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let rows: Vec<CandidateRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT u.id, u.display_name, u.team_id, r.permissions FROM app_user u
         JOIN user_role ur ON ur.user_id = u.id JOIN role r ON r.code = ur.role_code
         WHERE u.agency_id = $1 AND u.active = TRUE ORDER BY u.display_name, u.id")
        .bind(agency.0).fetch_all(c).await)?;
    let holds = |p: &serde_json::Value, code: &str| {
        p.as_array()
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(code)))
    };
    let mut out: Vec<(UserId, String, Option<TeamId>)> = vec![];
    for r in rows {
        let takes_cases = holds(
            &r.permissions,
            concord_authz::Permission::CaseloadView.code(),
        ) && holds(
            &r.permissions,
            concord_authz::Permission::AssessmentWrite.code(),
        );
        if takes_cases && out.last().is_none_or(|(u, ..)| u.0 != r.id) {
            out.push((UserId(r.id), r.display_name, r.team_id.map(TeamId)));
        }
    }
    Ok(out)
}

//! MAPP meetings: the meeting itself (area, town, date, chair — no personal data about the
//! people discussed), its agenda of cases, invitations, attendance and the minutes of each
//! case in versions, with requests to share them onward. Everything about one case is the
//! management section of that person's record, so it needs a capability for the person;
//! lists of candidate cases need a list capability and are then decided person by person.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Capability, Section};
use concord_domain::OnwardShareId;
use concord_domain::{AgencyId, UserId};
use concord_domain::{AgendaItemId, AttendanceId, InvitationId, MinutesId, PanelMembershipId};
use concord_domain::{MeetingId, PersonId};
use concord_mappa::{
    ActionStatus, AgendaReason, Level, MappaStatus, MeetingStatus, MinutesStatus,
    OnwardShareStatus, ReferralStatus,
};
use uuid::Uuid;

use crate::capability::{require_add, require_list, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MeetingRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MeetingId,
    pub area: String,
    pub town: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    #[sqlx(try_from = "Uuid")]
    pub chair_id: UserId,
    #[sqlx(try_from = "String")]
    pub status: MeetingStatus,
    pub access_until: DateTime<Utc>,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

const MEETING: &str =
    "id, area, town, held_on, starts_at, chair_id, status, access_until, created_by, created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AgendaItemRow {
    #[sqlx(try_from = "Uuid")]
    pub id: AgendaItemId,
    #[sqlx(try_from = "Uuid")]
    pub meeting_id: MeetingId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub reason: AgendaReason,
    pub position: i32,
    pub created_at: DateTime<Utc>,
}

const AGENDA: &str = "id, meeting_id, person_id, reason, position, created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct InvitationRow {
    #[sqlx(try_from = "Uuid")]
    pub id: InvitationId,
    #[sqlx(try_from = "Uuid")]
    pub meeting_id: MeetingId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    #[sqlx(try_from = "Uuid")]
    pub panel_membership_id: PanelMembershipId,
    #[sqlx(try_from = "Uuid")]
    pub invited_by: UserId,
    pub invited_at: DateTime<Utc>,
}

const INVITATION: &str =
    "id, meeting_id, person_id, user_id, panel_membership_id, invited_by, invited_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AttendanceRow {
    #[sqlx(try_from = "Uuid")]
    pub id: AttendanceId,
    #[sqlx(try_from = "Uuid")]
    pub meeting_id: MeetingId,
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub present: bool,
    pub confidentiality_accepted_at: Option<DateTime<Utc>>,
    pub recorded_at: DateTime<Utc>,
}

const ATTENDANCE: &str =
    "id, meeting_id, user_id, agency_id, present, confidentiality_accepted_at, recorded_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MinutesRow {
    #[sqlx(try_from = "Uuid")]
    pub id: MinutesId,
    #[sqlx(try_from = "Uuid")]
    pub meeting_id: MeetingId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub version: i32,
    #[sqlx(try_from = "String")]
    pub status: MinutesStatus,
    /// The standard headings as JSON.
    pub sections: String,
    #[sqlx(try_from = "Uuid")]
    pub written_by: UserId,
    #[sqlx(try_from = "OptUuid")]
    pub approved_by: Option<UserId>,
    pub approved_at: Option<DateTime<Utc>>,
    pub distributed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const MINUTES: &str = "id, meeting_id, person_id, version, status, sections, written_by, approved_by, approved_at, distributed_at, created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OnwardShareRow {
    #[sqlx(try_from = "Uuid")]
    pub id: OnwardShareId,
    #[sqlx(try_from = "Uuid")]
    pub minutes_id: MinutesId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub requested_by: UserId,
    pub recipient: String,
    pub purpose: String,
    #[sqlx(try_from = "String")]
    pub status: OnwardShareStatus,
    #[sqlx(try_from = "OptUuid")]
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const ONWARD: &str = "id, minutes_id, person_id, requested_by, recipient, purpose, status, decided_by, decided_at, created_at";

// --- meetings (no personal data about the people discussed) ---

pub async fn insert_meeting(tx: &mut Tx, m: &MeetingRow) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_meeting ({MEETING}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
        .bind(m.id.as_uuid()).bind(&m.area).bind(&m.town).bind(m.held_on).bind(&m.starts_at)
        .bind(m.chair_id.0).bind(m.status.code()).bind(m.access_until).bind(m.created_by.0).bind(m.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn meeting(tx: &mut Tx, id: MeetingId) -> Result<Option<MeetingRow>, StoreError> {
    let sql = format!("SELECT {MEETING} FROM mappa_meeting WHERE id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, MeetingRow>(&sql).bind(id.0).fetch_optional(c).await)?)
}

/// The area's meetings on or after `from` (all of them when `None`), soonest first.
pub async fn meetings(
    tx: &mut Tx,
    area: &str,
    from: Option<NaiveDate>,
) -> Result<Vec<MeetingRow>, StoreError> {
    let order = "ORDER BY held_on, starts_at, id";
    Ok(match from {
        Some(from) => {
            let sql = format!(
                "SELECT {MEETING} FROM mappa_meeting WHERE area = $1 AND held_on >= $2 {order}"
            );
            on_tx!(tx, c => sqlx::query_as::<_, MeetingRow>(&sql).bind(area).bind(from).fetch_all(c).await)?
        }
        None => {
            let sql = format!("SELECT {MEETING} FROM mappa_meeting WHERE area = $1 {order}");
            on_tx!(tx, c => sqlx::query_as::<_, MeetingRow>(&sql).bind(area).fetch_all(c).await)?
        }
    })
}

pub async fn set_meeting_status(
    tx: &mut Tx,
    id: MeetingId,
    status: MeetingStatus,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("UPDATE mappa_meeting SET status = $1 WHERE id = $2")
        .bind(status.code()).bind(id.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// How many cases each of the meetings has on its agenda: counts, no one named.
pub async fn agenda_counts(
    tx: &mut Tx,
    meeting_ids: &[MeetingId],
) -> Result<Vec<(MeetingId, i64)>, StoreError> {
    if meeting_ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT meeting_id, COUNT(*) FROM mappa_agenda_item WHERE meeting_id IN ({}) GROUP BY meeting_id",
        crate::in_list(1, meeting_ids.len())
    );
    let rows = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, (Uuid, i64)>(&sql);
        for id in meeting_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(|(m, n)| (MeetingId(m), n)).collect())
}

// --- agenda ---

/// The people on a meeting's agenda, in order. Only ids: each is then decided.
pub async fn agenda(tx: &mut Tx, meeting: MeetingId) -> Result<Vec<AgendaItemRow>, StoreError> {
    let sql = format!(
        "SELECT {AGENDA} FROM mappa_agenda_item WHERE meeting_id = $1 ORDER BY position, created_at"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, AgendaItemRow>(&sql).bind(meeting.as_uuid()).fetch_all(c).await)?,
    )
}

pub async fn insert_agenda_item(
    tx: &mut Tx,
    cap: &Capability,
    a: &AgendaItemRow,
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_agenda_item ({AGENDA}) VALUES ($1, $2, $3, $4, $5, $6)"))
        .bind(a.id.0).bind(a.meeting_id.as_uuid()).bind(a.person_id.as_uuid()).bind(a.reason.code()).bind(a.position).bind(a.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Take a case off the agenda; false if it was not on it.
pub async fn delete_agenda_item(
    tx: &mut Tx,
    cap: &Capability,
    meeting: MeetingId,
    person: PersonId,
) -> Result<bool, StoreError> {
    require_add(cap, person, Section::Management)?;
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM mappa_agenda_item WHERE meeting_id = $1 AND person_id = $2")
        .bind(meeting.as_uuid()).bind(person.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Candidates for a meeting's agenda in the area, as (person, reason): new referrals
/// screened to level 2 or 3 and not on any meeting's agenda since, reviews due by the
/// meeting day, and people with open actions. Ids only; each is then decided.
pub async fn agenda_candidates(
    tx: &mut Tx,
    cap: &Capability,
    area: &str,
    held_on: NaiveDate,
) -> Result<Vec<(PersonId, AgendaReason)>, StoreError> {
    require_list(cap)?;
    let referrals: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT r.person_id FROM mappa_referral r
         WHERE r.area = $1 AND r.status = $2 AND r.level_decided IN ($3, $4)
           AND NOT EXISTS (SELECT 1 FROM mappa_agenda_item a JOIN mappa_meeting m ON m.id = a.meeting_id
                           WHERE a.person_id = r.person_id AND m.held_on >= r.screened_on)
           AND NOT EXISTS (SELECT 1 FROM mappa_decision d
                           WHERE d.person_id = r.person_id AND d.kind = $5 AND d.decided_on > r.screened_on)
         ORDER BY r.screened_on, r.created_at")
        .bind(area).bind(ReferralStatus::Screened.code())
        .bind(Level::Two.code()).bind(Level::Three.code())
        // A case reviewed since it was screened is under management, not a new referral:
        // its agenda reason is the review due, if one is.
        .bind(concord_mappa::DecisionKind::Review.code()).fetch_all(c).await)?;
    let reviews: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT person_id FROM mappa_record
         WHERE area = $1 AND status = $3 AND level IN ($4, $5)
           AND next_review_on IS NOT NULL AND next_review_on <= $2
         ORDER BY next_review_on, id")
        .bind(area).bind(held_on).bind(MappaStatus::Active.code())
        .bind(Level::Two.code()).bind(Level::Three.code()).fetch_all(c).await)?;
    let actions: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT DISTINCT a.person_id FROM mappa_action a
         WHERE a.status = $4 AND EXISTS (SELECT 1 FROM mappa_record r
             WHERE r.person_id = a.person_id AND r.area = $1 AND r.status IN ($2, $3))")
        .bind(area).bind(MappaStatus::Referred.code()).bind(MappaStatus::Active.code())
        .bind(ActionStatus::Open.code())
        .fetch_all(c).await)?;
    let mut out: Vec<(PersonId, AgendaReason)> = vec![];
    for (rows, reason) in [
        (referrals, AgendaReason::NewReferral),
        (reviews, AgendaReason::Review),
        (actions, AgendaReason::Actions),
    ] {
        for (p,) in rows {
            let p = PersonId(p);
            if !out.iter().any(|(q, _)| *q == p) {
                out.push((p, reason));
            }
        }
    }
    Ok(out)
}

// --- invitations ---

pub async fn insert_invitation(
    tx: &mut Tx,
    cap: &Capability,
    i: &InvitationRow,
) -> Result<(), StoreError> {
    require_add(cap, i.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_invitation ({INVITATION}) VALUES ($1, $2, $3, $4, $5, $6, $7)"))
        .bind(i.id.0).bind(i.meeting_id.as_uuid()).bind(i.person_id.as_uuid()).bind(i.user_id.0)
        .bind(i.panel_membership_id.0).bind(i.invited_by.0).bind(i.invited_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A meeting's invitations (who is invited for which case: ids only).
pub async fn invitations(
    tx: &mut Tx,
    meeting: MeetingId,
) -> Result<Vec<InvitationRow>, StoreError> {
    let sql = format!(
        "SELECT {INVITATION} FROM mappa_invitation WHERE meeting_id = $1 ORDER BY invited_at, id"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, InvitationRow>(&sql).bind(meeting.as_uuid()).fetch_all(c).await)?,
    )
}

// --- attendance ---

/// Record or re-record one person's attendance (a second entry replaces the first).
pub async fn upsert_attendance(tx: &mut Tx, a: &AttendanceRow) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("DELETE FROM mappa_attendance WHERE meeting_id = $1 AND user_id = $2")
        .bind(a.meeting_id.as_uuid()).bind(a.user_id.0).execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_attendance ({ATTENDANCE}) VALUES ($1, $2, $3, $4, $5, $6, $7)"))
        .bind(a.id.0).bind(a.meeting_id.as_uuid()).bind(a.user_id.0).bind(a.agency_id.0).bind(a.present)
        .bind(a.confidentiality_accepted_at).bind(a.recorded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn attendance(tx: &mut Tx, meeting: MeetingId) -> Result<Vec<AttendanceRow>, StoreError> {
    let sql = format!(
        "SELECT {ATTENDANCE} FROM mappa_attendance WHERE meeting_id = $1 ORDER BY recorded_at, id"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, AttendanceRow>(&sql).bind(meeting.as_uuid()).fetch_all(c).await)?,
    )
}

// --- minutes ---

pub async fn insert_minutes(
    tx: &mut Tx,
    cap: &Capability,
    m: &MinutesRow,
) -> Result<(), StoreError> {
    require_add(cap, m.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_minutes ({MINUTES}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(m.id.0).bind(m.meeting_id.as_uuid()).bind(m.person_id.as_uuid()).bind(m.version).bind(m.status.code())
        .bind(&m.sections).bind(m.written_by.0).bind(m.approved_by.map(|u| u.0)).bind(m.approved_at)
        .bind(m.distributed_at).bind(m.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every version of one case's minutes at one meeting, oldest first.
pub async fn minutes_versions(
    tx: &mut Tx,
    cap: &Capability,
    meeting: MeetingId,
    person: PersonId,
) -> Result<Vec<MinutesRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT {MINUTES} FROM mappa_minutes WHERE meeting_id = $1 AND person_id = $2 ORDER BY version"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, MinutesRow>(&sql).bind(meeting.as_uuid()).bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Mark one version approved or distributed (the row's text never changes).
pub async fn set_minutes_status(
    tx: &mut Tx,
    cap: &Capability,
    m: &MinutesRow,
) -> Result<(), StoreError> {
    require_add(cap, m.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_minutes SET status = $1, approved_by = $2, approved_at = $3, distributed_at = $4 WHERE id = $5")
        .bind(m.status.code()).bind(m.approved_by.map(|u| u.0)).bind(m.approved_at).bind(m.distributed_at).bind(m.id.0)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_onward_share(
    tx: &mut Tx,
    cap: &Capability,
    o: &OnwardShareRow,
) -> Result<(), StoreError> {
    require_read(cap, o.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO mappa_onward_share ({ONWARD}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
        .bind(o.id.as_uuid()).bind(o.minutes_id.0).bind(o.person_id.as_uuid()).bind(o.requested_by.0).bind(&o.recipient)
        .bind(&o.purpose).bind(o.status.code()).bind(o.decided_by.map(|u| u.0)).bind(o.decided_at).bind(o.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Requests to share one case's minutes of one meeting onward, oldest first.
pub async fn onward_shares(
    tx: &mut Tx,
    cap: &Capability,
    meeting: MeetingId,
    person: PersonId,
) -> Result<Vec<OnwardShareRow>, StoreError> {
    require_read(cap, person, Section::Management)?;
    let sql = format!(
        "SELECT o.{} FROM mappa_onward_share o JOIN mappa_minutes m ON m.id = o.minutes_id
         WHERE m.meeting_id = $1 AND o.person_id = $2 ORDER BY o.created_at, o.id",
        ONWARD.replace(", ", ", o.")
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, OnwardShareRow>(&sql).bind(meeting.as_uuid()).bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// The chair's decision on a request still awaiting one; false if there is none.
pub async fn decide_onward_share(
    tx: &mut Tx,
    cap: &Capability,
    o: &OnwardShareRow,
) -> Result<bool, StoreError> {
    require_add(cap, o.person_id, Section::Management)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE mappa_onward_share SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = $5")
        .bind(o.status.code()).bind(o.decided_by.map(|u| u.0)).bind(o.decided_at).bind(o.id.as_uuid())
        .bind(OnwardShareStatus::Requested.code())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

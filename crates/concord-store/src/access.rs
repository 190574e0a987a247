//! The facts the access policy decides on: the actor's relationships with a person
//! (allocations, team, referrals, shares, MAPPA panels, break-glass, possible duplicates), and the rows that
//! create them. Finding a relationship reads no personal data, so it takes no capability;
//! listing or changing shares and break-glass accesses does.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{
    Action, Capability, Holder, ListScope, Relationship, ResourceKind, Section, SectionSet,
};
use concord_domain::{AgencyId, TeamId, UserId};
use concord_domain::{BreakGlassId, PanelMembershipId, ReferralId, ShareId};
use concord_domain::{PairStatus, PersonId, ResponsibilityStatus};
use concord_mappa::MappaStatus;
use uuid::Uuid;

use crate::capability::{require_change, require_read};
use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

// Named columns, never `*`: see `audit::AUDIT_EVENT_COLUMNS` for why.
const REFERRAL_COLUMNS: &str = "id, person_id, from_agency_id, to_agency_id, to_user_id, purpose, sections, opened_on, closed_on, created_by, created_at";
const SHARE_COLUMNS: &str = "id, person_id, sections, from_agency_id, to_agency_id, to_team_id, to_user_id, purpose, expires_on, created_by, created_at, revoked_at, revoked_by, revoke_reason";
const BREAK_GLASS_COLUMNS: &str = "id, person_id, user_id, agency_id, owning_agency_id, reason, opened_at, expires_at, review_outcome, reviewed_by, reviewed_at, review_note";

/// Parse a stored comma-separated list of section codes.
pub fn sections_from_codes(codes: &str) -> Result<SectionSet, StoreError> {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| {
            Section::from_code(c)
                .ok_or_else(|| StoreError::Corrupt(format!("`{c}` is not a section")))
        })
        .collect()
}

pub fn sections_to_codes(sections: SectionSet) -> String {
    sections.codes().join(",")
}

/// The moment a relationship is judged at. Break-glass openings and MAPPA panels run to
/// an instant; allocations, referrals and shares run by calendar date, and the date is
/// the service's local one (Europe/London), which the store does not know: late on a
/// summer evening the UTC date is still yesterday's, and an allocation made "today"
/// would not yet count. The app supplies both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    pub now: DateTime<Utc>,
    /// The calendar date at `now` where the service is run.
    pub today: NaiveDate,
}

/// Record who registered a person (not for a feed loaded on an agency's behalf): they
/// reach the record until its first allocation.
pub async fn set_registrar(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<(), StoreError> {
    require_change(cap, person_id, Section::Identity)?;
    on_tx!(tx, c => sqlx::query("UPDATE person SET registered_by = $1 WHERE id = $2")
        .bind(cap.holder().user.0).bind(person_id.as_uuid()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// How long the registrar keeps a record after registering it, allocated or not: the
/// week in which they complete what they entered and hand it over. After it, only while
/// no one is allocated.
pub const REGISTRAR_DAYS: i64 = 7;

/// Who owns the record, and how `holder` is related to the person right now. (A
/// registrar registers for their own agency: once the record moves to another
/// organisation, registering it gives nothing.) `None` if
/// there is no such person. One round trip.
pub async fn access_facts(
    tx: &mut Tx,
    person_id: PersonId,
    holder: &Holder,
    at: AsOf,
) -> Result<Option<(AgencyId, Vec<Relationship>)>, StoreError> {
    let AsOf { now, today } = at;
    let rows: Vec<(String, Option<String>, Uuid)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT 'owner', NULL, owning_agency_id FROM person WHERE id = $1
         UNION ALL SELECT 'registrar', NULL, p.owning_agency_id FROM person p WHERE p.id = $1 AND p.registered_by = $2 AND p.owning_agency_id = $4 AND (p.created_at >= $7 OR NOT EXISTS (SELECT 1 FROM allocation a WHERE a.person_id = $1 AND a.from_date <= $5 AND (a.to_date IS NULL OR a.to_date >= $5)))
         UNION ALL SELECT 'allocated', NULL, a.agency_id FROM allocation a WHERE a.person_id = $1 AND a.user_id = $2 AND a.from_date <= $5 AND (a.to_date IS NULL OR a.to_date >= $5)
         UNION ALL SELECT 'team', NULL, a.agency_id FROM allocation a JOIN app_user u ON u.id = a.user_id WHERE a.person_id = $1 AND u.team_id = $3 AND a.user_id <> $2 AND a.from_date <= $5 AND (a.to_date IS NULL OR a.to_date >= $5)
         UNION ALL SELECT 'panel_member', NULL, m.person_id FROM panel_membership m WHERE m.person_id = $1 AND m.user_id = $2 AND m.invited_at <= $6 AND m.closes_at > $6
         UNION ALL SELECT 'mappa_case', NULL, mr.person_id FROM mappa_record mr WHERE mr.person_id = $1 AND mr.status IN ($8, $9)
         UNION ALL SELECT 'referral', r.sections, r.to_agency_id FROM referral r WHERE r.person_id = $1 AND r.to_agency_id = $4 AND r.opened_on <= $5 AND (r.closed_on IS NULL OR r.closed_on > $5)
         UNION ALL SELECT 'share', s.sections, s.from_agency_id FROM section_share s WHERE s.person_id = $1 AND s.revoked_at IS NULL AND s.expires_on >= $5 AND (s.to_user_id = $2 OR s.to_team_id = $3 OR s.to_agency_id = $4)
         UNION ALL SELECT 'break_glass', NULL, b.agency_id FROM break_glass b WHERE b.person_id = $1 AND b.user_id = $2 AND b.opened_at <= $6 AND b.expires_at > $6
         UNION ALL SELECT 'duplicate_review', NULL, p.left_person_id FROM match_pair p WHERE (p.left_person_id = $1 OR p.right_person_id = $1) AND p.status <> $10
         UNION ALL SELECT 'transfer_proposed', NULL, t.to_agency_id FROM responsibility_transfer t WHERE t.person_id = $1 AND t.to_agency_id = $4 AND t.status = $11
         UNION ALL SELECT 'premises', NULL, b.premises_id FROM ap_booking b JOIN ap_premises ap ON ap.id = b.premises_id WHERE b.person_id = $1 AND ap.team_id = $3 AND b.status IN ('upcoming', 'arrived')
         UNION ALL SELECT 'ap_applicant', NULL, a.id FROM ap_application a WHERE a.person_id = $1 AND a.status IN ('submitted', 'awaiting_placement')")
        .bind(person_id.as_uuid()).bind(holder.user.0).bind(holder.team.map(|t| t.0)).bind(holder.agency.0)
        .bind(today).bind(now).bind(now - chrono::Duration::days(REGISTRAR_DAYS))
        .bind(MappaStatus::Referred.code()).bind(MappaStatus::Active.code())
        .bind(PairStatus::Different.code()).bind(ResponsibilityStatus::Proposed.code())
        .fetch_all(c).await)?;
    let Some(owner) = rows.iter().find(|r| r.0 == "owner").map(|r| r.2) else {
        return Ok(None);
    };
    let mut relationships = vec![];
    if owner == holder.agency.0 {
        relationships.push(Relationship::OwningAgency);
    }
    for (kind, sections, _) in &rows {
        let sections = sections.as_deref().map(sections_from_codes).transpose()?;
        let r = match (kind.as_str(), sections) {
            ("allocated", _) => Relationship::Allocated,
            ("registrar", _) => Relationship::Registrar,
            ("team", _) => Relationship::Team,
            ("panel_member", _) => Relationship::PanelMember,
            ("mappa_case", _) => Relationship::MappaCase,
            ("referral", Some(s)) => Relationship::Referral(s),
            ("share", Some(s)) => Relationship::Share(s),
            ("break_glass", _) => Relationship::BreakGlass,
            ("duplicate_review", _) => Relationship::DuplicateReview,
            ("transfer_proposed", _) => Relationship::TransferProposed,
            ("premises", _) => Relationship::Premises,
            ("ap_applicant", _) => Relationship::ApApplicant,
            _ => continue,
        };
        if !relationships.contains(&r) {
            relationships.push(r);
        }
    }
    Ok(Some((AgencyId(owner), relationships)))
}

/// The people a "related" list may hold for the capability's holder: allocated, in a
/// team colleague's caseload, referred or shared to them, or on their MAPPA panel.
pub async fn related_person_ids(
    tx: &mut Tx,
    cap: &Capability,
    at: AsOf,
) -> Result<Vec<Uuid>, StoreError> {
    if cap.kind() != ResourceKind::PersonList || cap.scope() != Some(ListScope::Related) {
        return Err(StoreError::WrongCapability {
            needed: "listing the people related to the actor",
        });
    }
    let h = cap.holder();
    let AsOf { now, today } = at;
    let rows: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT person_id FROM allocation WHERE user_id = $1 AND from_date <= $4 AND (to_date IS NULL OR to_date >= $4)
         UNION SELECT person_id FROM referral WHERE to_agency_id = $3 AND opened_on <= $4 AND (closed_on IS NULL OR closed_on > $4)
         UNION SELECT person_id FROM section_share WHERE revoked_at IS NULL AND expires_on >= $4 AND (to_user_id = $1 OR to_team_id = $2 OR to_agency_id = $3)
         UNION SELECT person_id FROM panel_membership WHERE user_id = $1 AND invited_at <= $5 AND closes_at > $5")
        .bind(h.user.0).bind(h.team.map(|t| t.0)).bind(h.agency.0).bind(today).bind(now)
        .fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ReferralId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub from_agency_id: AgencyId,
    #[sqlx(try_from = "Uuid")]
    pub to_agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub to_user_id: Option<UserId>,
    pub purpose: String,
    pub sections: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_referral(
    tx: &mut Tx,
    cap: &Capability,
    r: &ReferralRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO referral (id, person_id, from_agency_id, to_agency_id, to_user_id, purpose, sections, opened_on, closed_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.from_agency_id.0).bind(r.to_agency_id.0).bind(r.to_user_id.map(|u| u.0))
        .bind(&r.purpose).bind(&r.sections).bind(r.opened_on).bind(r.closed_on).bind(r.created_by.0).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn referrals(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<ReferralRow>, StoreError> {
    require_read(cap, person_id, Section::Management)?;
    let sql = format!(
        "SELECT {REFERRAL_COLUMNS} FROM referral WHERE person_id = $1 ORDER BY opened_on DESC"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, ReferralRow>(&sql)
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ShareRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ShareId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub sections: String,
    #[sqlx(try_from = "Uuid")]
    pub from_agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub to_agency_id: Option<AgencyId>,
    #[sqlx(try_from = "OptUuid")]
    pub to_team_id: Option<TeamId>,
    #[sqlx(try_from = "OptUuid")]
    pub to_user_id: Option<UserId>,
    pub purpose: String,
    pub expires_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "OptUuid")]
    pub revoked_by: Option<UserId>,
    pub revoke_reason: Option<String>,
}

/// Record a share. The capability must be a *share* capability covering every section
/// shared: the policy has already refused restricted sections.
pub async fn insert_share(tx: &mut Tx, cap: &Capability, r: &ShareRow) -> Result<(), StoreError> {
    let sections = sections_from_codes(&r.sections)?;
    if sections.is_empty()
        || !sections
            .iter()
            .all(|s| cap.action() == Action::Share && cap.covers(Action::Share, r.person_id, s))
    {
        return Err(StoreError::WrongCapability {
            needed: "sharing these sections",
        });
    }
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO section_share (id, person_id, sections, from_agency_id, to_agency_id, to_team_id, to_user_id, purpose, expires_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(&r.sections).bind(r.from_agency_id.0).bind(r.to_agency_id.map(|u| u.0))
        .bind(r.to_team_id.map(|u| u.0)).bind(r.to_user_id.map(|u| u.0)).bind(&r.purpose).bind(r.expires_on).bind(r.created_by.0).bind(r.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn shares(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<ShareRow>, StoreError> {
    require_read(cap, person_id, Section::Management)?;
    let sql = format!(
        "SELECT {SHARE_COLUMNS} FROM section_share WHERE person_id = $1 ORDER BY created_at DESC"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, ShareRow>(&sql)
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

/// Revoke a live share; false if it was already revoked (nothing changed).
pub async fn revoke_share(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
    share_id: ShareId,
    by: UserId,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if !(cap.action() == Action::Share && cap.covers(Action::Share, person_id, Section::Management))
    {
        return Err(StoreError::WrongCapability {
            needed: "revoking a share",
        });
    }
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE section_share SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND person_id = $5 AND revoked_at IS NULL")
        .bind(at).bind(by.0).bind(reason).bind(share_id.0).bind(person_id.as_uuid())
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PanelMembershipRow {
    #[sqlx(try_from = "Uuid")]
    pub id: PanelMembershipId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    pub meeting: String,
    pub invited_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// Invite a panel member (the MAPPA coordinator's act; the MAPPA issue drives it).
pub async fn insert_panel_membership(
    tx: &mut Tx,
    cap: &Capability,
    r: &PanelMembershipRow,
) -> Result<(), StoreError> {
    require_change(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO panel_membership (id, person_id, user_id, meeting, invited_at, closes_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.user_id.0).bind(&r.meeting).bind(r.invited_at).bind(r.closes_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BreakGlassRow {
    #[sqlx(try_from = "Uuid")]
    pub id: BreakGlassId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "Uuid")]
    pub owning_agency_id: AgencyId,
    pub reason: String,
    pub opened_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub review_outcome: Option<String>,
    #[sqlx(try_from = "OptUuid")]
    pub reviewed_by: Option<UserId>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

pub async fn insert_break_glass(
    tx: &mut Tx,
    cap: &Capability,
    r: &BreakGlassRow,
) -> Result<(), StoreError> {
    if cap.kind() != ResourceKind::BreakGlass || cap.person() != Some(r.person_id) {
        return Err(StoreError::WrongCapability {
            needed: "opening a record by break-glass",
        });
    }
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO break_glass (id, person_id, user_id, agency_id, owning_agency_id, reason, opened_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(r.id.0).bind(r.person_id.as_uuid()).bind(r.user_id.0).bind(r.agency_id.0).bind(r.owning_agency_id.0)
        .bind(&r.reason).bind(r.opened_at).bind(r.expires_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Break-glass accesses to one person's record, newest first, to flag on the record.
pub async fn break_glass_of_person(
    tx: &mut Tx,
    cap: &Capability,
    person_id: PersonId,
) -> Result<Vec<BreakGlassRow>, StoreError> {
    require_read(cap, person_id, Section::Identity)?;
    let sql = format!(
        "SELECT {BREAK_GLASS_COLUMNS} FROM break_glass WHERE person_id = $1 ORDER BY opened_at DESC"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, BreakGlassRow>(&sql)
        .bind(person_id.as_uuid()).fetch_all(c).await)?)
}

fn require_review(cap: &Capability, action: Action) -> Result<(), StoreError> {
    if cap.kind() == ResourceKind::AccessReview && cap.action() == action {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "reviewing break-glass access",
        })
    }
}

/// The review queue of one owning agency: unreviewed first, then the most recent.
pub async fn break_glass_for_review(
    tx: &mut Tx,
    cap: &Capability,
    owning_agency: AgencyId,
    limit: i64,
) -> Result<Vec<BreakGlassRow>, StoreError> {
    require_review(cap, Action::Read)?;
    let sql = format!(
        "SELECT {BREAK_GLASS_COLUMNS} FROM break_glass WHERE owning_agency_id = $1 ORDER BY CASE WHEN review_outcome IS NULL THEN 0 ELSE 1 END, opened_at DESC LIMIT $2"
    );
    Ok(on_tx!(tx, c => sqlx::query_as::<_, BreakGlassRow>(&sql)
        .bind(owning_agency.0).bind(limit).fetch_all(c).await)?)
}

pub async fn break_glass_by_id(
    tx: &mut Tx,
    id: BreakGlassId,
) -> Result<Option<BreakGlassRow>, StoreError> {
    let sql = format!("SELECT {BREAK_GLASS_COLUMNS} FROM break_glass WHERE id = $1");
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, BreakGlassRow>(&sql).bind(id.0).fetch_optional(c).await)?,
    )
}

/// Record the review outcome; false if it had already been reviewed.
pub async fn review_break_glass(
    tx: &mut Tx,
    cap: &Capability,
    id: BreakGlassId,
    outcome: &str,
    by: UserId,
    note: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    require_review(cap, Action::Change)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE break_glass SET review_outcome = $1, reviewed_by = $2, review_note = $3, reviewed_at = $4 WHERE id = $5 AND review_outcome IS NULL")
        .bind(outcome).bind(by.0).bind(note).bind(at).bind(id.0)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Names for the review queue: the reviewer judges a justification, so sees who was
/// looked at, and nothing more of the record.
pub async fn names_for_review(
    tx: &mut Tx,
    cap: &Capability,
    person_ids: &[PersonId],
) -> Result<Vec<(PersonId, String, String)>, StoreError> {
    require_review(cap, Action::Read)?;
    if person_ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id, given_name, family_name FROM person WHERE id IN ({})",
        crate::in_list(1, person_ids.len())
    );
    let rows = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, (Uuid, String, String)>(&sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(p, a, b)| (PersonId(p), a, b))
        .collect())
}

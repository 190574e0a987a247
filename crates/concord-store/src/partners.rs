//! Partnership work: the directory of contracts (no personal data: decided as the
//! service directory), and each person's needs screening, referrals to contracted
//! services and their sessions (the interventions section). A holder from a partner
//! agency is given only the referrals sent to their own agency, whatever it asks for.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ResourceKind, Section};
use concord_domain::{AgencyId, ContractId, PersonId, ReferralId, ScreeningId};
use concord_domain::{AssessmentId, ServiceReferralId, SessionId, UserId};
use concord_partners::{Attendance, Closure, Eligibility, Engagement, ReferralStatus, ServiceType};
use uuid::Uuid;

use crate::capability::{require_add, require_list, require_read};
use crate::columns::{OptCode, OptUuid};
use crate::{on_tx, StoreError, Tx};

fn require_directory(cap: &Capability, write: bool) -> Result<(), StoreError> {
    let action_ok = if write {
        matches!(cap.action(), Action::Create | Action::Change)
    } else {
        cap.action() == Action::Read
    };
    if cap.kind() == ResourceKind::ServiceDirectory && action_ok {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "the directory of services",
        })
    }
}

/// `AND provider_agency_id = …` for a partner holder: the filter every read of referrals
/// takes, so a provider never sees another provider's work on the same person.
fn provider_of(cap: &Capability) -> Option<Uuid> {
    let holder = cap.holder();
    holder.partner.then_some(holder.agency.0)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ContractRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ContractId,
    #[sqlx(try_from = "Uuid")]
    pub provider_agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub service: ServiceType,
    pub reference: String,
    pub package_area: String,
    /// One town per line.
    pub towns: String,
    #[sqlx(try_from = "String")]
    pub eligibility: Eligibility,
    pub places: i32,
    pub waiting_list: i32,
    pub first_contact_days: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

const CONTRACT: &str = "c.id, c.provider_agency_id, c.service, c.reference, c.package_area, c.towns, c.eligibility, c.places, c.waiting_list, c.first_contact_days, c.starts_on, c.ends_on, c.created_by, c.created_at";

/// A contract with its provider's name and how full it is now.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ContractListRow {
    #[sqlx(flatten)]
    pub contract: ContractRow,
    pub provider_name: String,
    pub in_places: i64,
    pub waiting: i64,
}

pub async fn insert_contract(
    tx: &mut Tx,
    cap: &Capability,
    c: &ContractRow,
) -> Result<(), StoreError> {
    require_directory(cap, true)?;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_contract (id, provider_agency_id, service, reference, package_area, towns, eligibility, places, waiting_list, first_contact_days, starts_on, ends_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
        .bind(c.id.as_uuid()).bind(c.provider_agency_id.0).bind(c.service.code()).bind(&c.reference)
        .bind(&c.package_area).bind(&c.towns).bind(c.eligibility.code()).bind(c.places)
        .bind(c.waiting_list).bind(c.first_contact_days).bind(c.starts_on).bind(c.ends_on)
        .bind(c.created_by.0).bind(c.created_at)
        .execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// Every contract (newest first), or one, with the places held and the waiting list.
pub async fn contracts(
    tx: &mut Tx,
    cap: &Capability,
    only: Option<ContractId>,
) -> Result<Vec<ContractListRow>, StoreError> {
    require_directory(cap, false)?;
    let sql = format!(
        "SELECT {CONTRACT}, a.name AS provider_name,
            (SELECT COUNT(*) FROM service_referral r WHERE r.contract_id = c.id AND r.status IN ('accepted', 'assigned', 'plan_submitted', 'in_progress')) AS in_places,
            (SELECT COUNT(*) FROM service_referral r WHERE r.contract_id = c.id AND r.status = 'sent') AS waiting
         FROM service_contract c JOIN agency a ON a.id = c.provider_agency_id
         WHERE ($1 IS NULL OR c.id = $1)
         ORDER BY c.service, a.name, c.reference"
    );
    Ok(
        on_tx!(tx, conn => sqlx::query_as::<_, ContractListRow>(&sql)
        .bind(only.map(|c| c.as_uuid())).fetch_all(conn).await)?,
    )
}

/// Hold the contract while its room is checked and a referral sent, so two officers
/// cannot both take its last place (SQLite's write lock already serialises writers).
pub async fn hold_contract(tx: &mut Tx, contract: ContractId) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT id FROM service_contract WHERE id = $1 FOR UPDATE")
            .bind(contract.as_uuid())
            .fetch_optional(&mut **t)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ScreeningRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ScreeningId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    /// JSON: [{need, level, note, from_review}].
    pub needs: String,
    pub minority_group: bool,
    #[sqlx(try_from = "OptUuid")]
    pub assessment_id: Option<AssessmentId>,
    pub screened_on: NaiveDate,
    #[sqlx(try_from = "Uuid")]
    pub screened_by: UserId,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_screening(
    tx: &mut Tx,
    cap: &Capability,
    s: &ScreeningRow,
) -> Result<(), StoreError> {
    require_add(cap, s.person_id, Section::Interventions)?;
    if provider_of(cap).is_some() {
        return Err(StoreError::WrongCapability {
            needed: "the case team's screening",
        });
    }
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO needs_screening (id, person_id, needs, minority_group, assessment_id, screened_on, screened_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(s.id.as_uuid()).bind(s.person_id.as_uuid()).bind(&s.needs).bind(s.minority_group)
        .bind(s.assessment_id.map(|a| a.0)).bind(s.screened_on).bind(s.screened_by.0).bind(s.created_at)
        .execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// The person's latest screening. A provider is shown none: the screening is the
/// officer's, and what a provider needs of it travels in the referral.
pub async fn latest_screening(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Option<ScreeningRow>, StoreError> {
    require_read(cap, person, Section::Interventions)?;
    if provider_of(cap).is_some() {
        return Ok(None);
    }
    Ok(on_tx!(tx, conn => sqlx::query_as::<_, ScreeningRow>(
        "SELECT id, person_id, needs, minority_group, assessment_id, screened_on, screened_by, created_at FROM needs_screening WHERE person_id = $1 ORDER BY created_at DESC LIMIT 1")
        .bind(person.as_uuid()).fetch_optional(conn).await)?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ServiceReferralRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ServiceReferralId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub contract_id: ContractId,
    #[sqlx(try_from = "Uuid")]
    pub provider_agency_id: AgencyId,
    #[sqlx(try_from = "Uuid")]
    pub from_agency_id: AgencyId,
    #[sqlx(try_from = "Uuid")]
    pub officer_id: UserId,
    #[sqlx(try_from = "OptUuid")]
    pub screening_id: Option<ScreeningId>,
    /// Need codes, comma separated.
    pub needs: String,
    pub reason: String,
    /// Section codes, comma separated.
    pub sections: String,
    #[sqlx(try_from = "OptUuid")]
    pub access_referral_id: Option<ReferralId>,
    #[sqlx(try_from = "String")]
    pub status: ReferralStatus,
    pub town: Option<String>,
    pub sent_on: Option<NaiveDate>,
    pub first_contact_due: Option<NaiveDate>,
    pub first_contact_on: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decline_reason: Option<String>,
    #[sqlx(try_from = "OptUuid")]
    pub caseworker_id: Option<UserId>,
    /// JSON, as the app writes it.
    pub plan: Option<String>,
    pub plan_submitted_at: Option<DateTime<Utc>>,
    pub plan_approved_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "OptUuid")]
    pub plan_approved_by: Option<UserId>,
    /// JSON, as the app writes it.
    pub end_report: Option<String>,
    #[sqlx(try_from = "OptCode")]
    pub closure: Option<Closure>,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const REFERRAL: &str = "r.id, r.person_id, r.contract_id, r.provider_agency_id, r.from_agency_id, r.officer_id, r.screening_id, r.needs, r.reason, r.sections, r.access_referral_id, r.status, r.town, r.sent_on, r.first_contact_due, r.first_contact_on, r.decided_at, r.decline_reason, r.caseworker_id, r.plan, r.plan_submitted_at, r.plan_approved_at, r.plan_approved_by, r.end_report, r.closure, r.closed_on, r.close_reason, r.created_at, r.updated_at";

pub async fn insert_service_referral(
    tx: &mut Tx,
    cap: &Capability,
    r: &ServiceReferralRow,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Interventions)?;
    if provider_of(cap).is_some() {
        return Err(StoreError::WrongCapability {
            needed: "probation's referral of its own case",
        });
    }
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_referral (id, person_id, contract_id, provider_agency_id, from_agency_id, officer_id, screening_id, needs, reason, sections, access_referral_id, status, town, sent_on, first_contact_due, first_contact_on, decided_at, decline_reason, caseworker_id, plan, plan_submitted_at, plan_approved_at, plan_approved_by, end_report, closure, closed_on, close_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)")
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(r.contract_id.as_uuid())
        .bind(r.provider_agency_id.0).bind(r.from_agency_id.0).bind(r.officer_id.0)
        .bind(r.screening_id.map(|s| s.as_uuid())).bind(&r.needs).bind(&r.reason).bind(&r.sections)
        .bind(r.access_referral_id.map(|a| a.0)).bind(r.status.code()).bind(&r.town).bind(r.sent_on)
        .bind(r.first_contact_due).bind(r.first_contact_on).bind(r.decided_at).bind(&r.decline_reason)
        .bind(r.caseworker_id.map(|u| u.0)).bind(&r.plan).bind(r.plan_submitted_at)
        .bind(r.plan_approved_at).bind(r.plan_approved_by.map(|u| u.0)).bind(&r.end_report)
        .bind(r.closure.map(Closure::code)).bind(r.closed_on).bind(&r.close_reason)
        .bind(r.created_at).bind(r.updated_at)
        .execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// Write a referral's new state, if it still stands at `expected` (someone else's step
/// in between is a stale version, never overwritten).
pub async fn update_service_referral(
    tx: &mut Tx,
    cap: &Capability,
    r: &ServiceReferralRow,
    expected: ReferralStatus,
) -> Result<(), StoreError> {
    require_add(cap, r.person_id, Section::Interventions)?;
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE service_referral SET status = $1, town = $22, sent_on = $2, first_contact_due = $3, first_contact_on = $4, decided_at = $5, decline_reason = $6, caseworker_id = $7, plan = $8, plan_submitted_at = $9, plan_approved_at = $10, plan_approved_by = $11, end_report = $12, closure = $13, closed_on = $14, close_reason = $15, access_referral_id = $16, updated_at = $17
         WHERE id = $18 AND person_id = $19 AND status = $20 AND ($21 IS NULL OR provider_agency_id = $21)")
        .bind(r.status.code()).bind(r.sent_on).bind(r.first_contact_due).bind(r.first_contact_on)
        .bind(r.decided_at).bind(&r.decline_reason).bind(r.caseworker_id.map(|u| u.0)).bind(&r.plan)
        .bind(r.plan_submitted_at).bind(r.plan_approved_at).bind(r.plan_approved_by.map(|u| u.0))
        .bind(&r.end_report).bind(r.closure.map(Closure::code)).bind(r.closed_on).bind(&r.close_reason)
        .bind(r.access_referral_id.map(|a| a.0)).bind(r.updated_at)
        .bind(r.id.as_uuid()).bind(r.person_id.as_uuid()).bind(expected.code()).bind(provider_of(cap))
        .bind(&r.town)
        .execute(conn).await.map(|d| d.rows_affected()))?;
    if done == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

/// The person's referrals to services, newest first (a provider: only its own).
pub async fn service_referrals_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ServiceReferralRow>, StoreError> {
    require_read(cap, person, Section::Interventions)?;
    let sql = format!(
        "SELECT {REFERRAL} FROM service_referral r WHERE r.person_id = $1 AND ($2 IS NULL OR r.provider_agency_id = $2) ORDER BY r.created_at DESC"
    );
    Ok(
        on_tx!(tx, conn => sqlx::query_as::<_, ServiceReferralRow>(&sql)
        .bind(person.as_uuid()).bind(provider_of(cap)).fetch_all(conn).await)?,
    )
}

pub async fn service_referral(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: ServiceReferralId,
) -> Result<Option<ServiceReferralRow>, StoreError> {
    require_read(cap, person, Section::Interventions)
        .or_else(|_| require_add(cap, person, Section::Interventions))?;
    let sql = format!(
        "SELECT {REFERRAL} FROM service_referral r WHERE r.id = $1 AND r.person_id = $2 AND ($3 IS NULL OR r.provider_agency_id = $3)"
    );
    Ok(
        on_tx!(tx, conn => sqlx::query_as::<_, ServiceReferralRow>(&sql)
        .bind(id.as_uuid()).bind(person.as_uuid()).bind(provider_of(cap)).fetch_optional(conn).await)?,
    )
}

/// A referral in a provider's list, with whose it is.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WorklistRow {
    #[sqlx(flatten)]
    pub referral: ServiceReferralRow,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub service: String,
    pub sessions: i64,
}

/// The referrals sent to the holder's agency that are still open (sent onwards), for
/// its caseworkers' list; `caseworker` narrows it to one caseworker's and the unassigned.
pub async fn provider_worklist(
    tx: &mut Tx,
    cap: &Capability,
    caseworker: Option<UserId>,
) -> Result<Vec<WorklistRow>, StoreError> {
    require_list(cap)?;
    if !cap.sections().contains(Section::Interventions) {
        return Err(StoreError::WrongCapability {
            needed: "listing referrals",
        });
    }
    let sql = format!(
        "SELECT {REFERRAL}, p.given_name, p.middle_names, p.family_name, c.service,
            (SELECT COUNT(*) FROM referral_session s WHERE s.referral_id = r.id) AS sessions
         FROM service_referral r JOIN person p ON p.id = r.person_id
         JOIN service_contract c ON c.id = r.contract_id
         WHERE r.provider_agency_id = $1 AND r.status NOT IN ('draft', 'declined', 'closed')
           AND ($2 IS NULL OR r.caseworker_id = $2 OR r.caseworker_id IS NULL)
         ORDER BY r.first_contact_due, r.created_at"
    );
    Ok(on_tx!(tx, conn => sqlx::query_as::<_, WorklistRow>(&sql)
        .bind(cap.holder().agency.0).bind(caseworker.map(|u| u.0)).fetch_all(conn).await)?)
}

/// The open referrals an officer made (drafts included), for their caseload's list of
/// what needs attention; the caller decides each person before showing a row.
pub async fn officer_referrals(
    tx: &mut Tx,
    cap: &Capability,
    officer: UserId,
) -> Result<Vec<WorklistRow>, StoreError> {
    require_list(cap)?;
    if !cap.sections().contains(Section::Interventions) || cap.holder().user != officer {
        return Err(StoreError::WrongCapability {
            needed: "listing one's own referrals",
        });
    }
    let sql = format!(
        "SELECT {REFERRAL}, p.given_name, p.middle_names, p.family_name, c.service,
            (SELECT COUNT(*) FROM referral_session s WHERE s.referral_id = r.id) AS sessions
         FROM service_referral r JOIN person p ON p.id = r.person_id
         JOIN service_contract c ON c.id = r.contract_id
         WHERE r.officer_id = $1 AND r.status NOT IN ('declined', 'closed')
         ORDER BY r.first_contact_due, r.created_at"
    );
    Ok(on_tx!(tx, conn => sqlx::query_as::<_, WorklistRow>(&sql)
        .bind(officer.0).fetch_all(conn).await)?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ReferralSessionRow {
    #[sqlx(try_from = "Uuid")]
    pub id: SessionId,
    #[sqlx(try_from = "Uuid")]
    pub referral_id: ServiceReferralId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub held_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub attendance: Attendance,
    #[sqlx(try_from = "OptCode")]
    pub engagement: Option<Engagement>,
    pub notes: String,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

pub async fn insert_referral_session(
    tx: &mut Tx,
    cap: &Capability,
    s: &ReferralSessionRow,
) -> Result<(), StoreError> {
    require_add(cap, s.person_id, Section::Interventions)?;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO referral_session (id, referral_id, person_id, held_on, attendance, engagement, notes, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(s.id.as_uuid()).bind(s.referral_id.as_uuid()).bind(s.person_id.as_uuid()).bind(s.held_on)
        .bind(s.attendance.code()).bind(s.engagement.map(Engagement::code)).bind(&s.notes)
        .bind(s.recorded_by.0).bind(s.recorded_at)
        .execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// The sessions of the person's referrals the holder may read, oldest first.
pub async fn referral_sessions_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ReferralSessionRow>, StoreError> {
    require_read(cap, person, Section::Interventions)?;
    Ok(on_tx!(tx, conn => sqlx::query_as::<_, ReferralSessionRow>(
        "SELECT s.id, s.referral_id, s.person_id, s.held_on, s.attendance, s.engagement, s.notes, s.recorded_by, s.recorded_at
         FROM referral_session s JOIN service_referral r ON r.id = s.referral_id
         WHERE s.person_id = $1 AND ($2 IS NULL OR r.provider_agency_id = $2)
         ORDER BY s.held_on, s.recorded_at")
        .bind(person.as_uuid()).bind(provider_of(cap)).fetch_all(conn).await)?)
}

/// End the access a referral gave its provider (declined, closed).
pub async fn close_access_referral(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    access: ReferralId,
    on: NaiveDate,
) -> Result<(), StoreError> {
    require_add(cap, person, Section::Interventions)?;
    on_tx!(tx, conn => sqlx::query(
        "UPDATE referral SET closed_on = $1 WHERE id = $2 AND person_id = $3 AND closed_on IS NULL")
        .bind(on).bind(access.0).bind(person.as_uuid())
        .execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(())
}

/// Whether a referral sent to `provider` has ended, and when: told to a provider whose
/// access ended with it, so a late session is refused with the reason instead of "not
/// found". Nothing about the person is read.
pub async fn ended_for_provider(
    tx: &mut Tx,
    id: ServiceReferralId,
    provider: AgencyId,
) -> Result<Option<(ReferralStatus, Option<NaiveDate>)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Ended {
        #[sqlx(try_from = "String")]
        status: ReferralStatus,
        closed_on: Option<NaiveDate>,
    }
    let row: Option<Ended> = on_tx!(tx, conn => sqlx::query_as::<_, Ended>(
        "SELECT status, closed_on FROM service_referral WHERE id = $1 AND provider_agency_id = $2 AND status IN ('declined', 'closed')")
        .bind(id.as_uuid()).bind(provider.0).fetch_optional(conn).await)?;
    Ok(row.map(|r| (r.status, r.closed_on)))
}

/// One sent referral as the board's figures count it: no person, only the service,
/// provider, town, dates and how it ended.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ReferralFigureRow {
    #[sqlx(try_from = "String")]
    pub service: ServiceType,
    pub provider: String,
    pub town: Option<String>,
    pub sent_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub status: ReferralStatus,
    #[sqlx(try_from = "OptCode")]
    pub closure: Option<Closure>,
    pub decided_at: Option<DateTime<Utc>>,
    pub first_contact_on: Option<NaiveDate>,
    pub end_report: Option<String>,
    /// Minutes volunteers worked with the person on this referral.
    pub volunteer_minutes: i64,
}

/// Every sent referral, for aggregate figures (decided as aggregate: no person is read).
pub async fn referral_figures(
    tx: &mut Tx,
    cap: &Capability,
) -> Result<Vec<ReferralFigureRow>, StoreError> {
    if cap.kind() != ResourceKind::Aggregate || cap.action() != Action::Read {
        return Err(StoreError::WrongCapability {
            needed: "aggregate figures",
        });
    }
    Ok(on_tx!(tx, conn => sqlx::query_as::<_, ReferralFigureRow>(
        "SELECT c.service, a.name AS provider, r.town, r.sent_on, r.status, r.closure, r.decided_at, r.first_contact_on, r.end_report,
            COALESCE((SELECT SUM(h.minutes) FROM volunteer_hours h JOIN volunteer_match m ON m.id = h.match_id WHERE m.referral_id = r.id), 0) AS volunteer_minutes
         FROM service_referral r JOIN service_contract c ON c.id = r.contract_id JOIN agency a ON a.id = r.provider_agency_id
         WHERE r.sent_on IS NOT NULL ORDER BY r.sent_on")
        .fetch_all(conn).await)?)
}

/// People with an open referral whose supervision has ended: they had a community order,
/// a suspended sentence order, a youth rehabilitation order or a licence, and none runs
/// on `today`. People never supervised (an IOM client on no order, working with a
/// provider voluntarily) are not among them. (person, the day the last one ended)
pub async fn referrals_after_supervision(
    tx: &mut Tx,
    cap: &Capability,
    today: NaiveDate,
) -> Result<Vec<(PersonId, NaiveDate)>, StoreError> {
    require_list(cap)?;
    let ends = "(CASE WHEN s.kind IN ($2, $3, $4) THEN s.end_date ELSE s.licence_end_date END)";
    let sql = format!(
        "SELECT s.person_id, MAX({ends}) FROM sentence s
         WHERE s.person_id IN (SELECT person_id FROM service_referral WHERE status NOT IN ('draft', 'declined', 'closed'))
           AND (s.kind IN ($2, $3, $4) OR s.licence_end_date IS NOT NULL)
         GROUP BY s.person_id HAVING MAX({ends}) < $1"
    );
    let rows: Vec<(Uuid, NaiveDate)> = on_tx!(tx, c => sqlx::query_as(&sql)
        .bind(today)
        .bind(concord_domain::SentenceKind::CommunityOrder.code())
        .bind(concord_domain::SentenceKind::SuspendedSentenceOrder.code())
        .bind(concord_domain::SentenceKind::YouthRehabilitationOrder.code())
        .fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(p, d)| (PersonId(p), d)).collect())
}

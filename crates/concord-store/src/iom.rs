//! IOM: the register's offending for the team selecting its cohort (a list decided as
//! `ListScope::Offending`), and the panel's decisions (decided as `IomCohort`).

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ListScope, ResourceKind, Section};
use concord_domain::{PersonId, SentenceKind, UserId};
use uuid::Uuid;

use crate::capability::require_list;
use crate::{on_tx, StoreError, Tx};

fn require_offending(cap: &Capability) -> Result<(), StoreError> {
    require_list(cap)?;
    if cap.scope() == Some(ListScope::Offending) && cap.sections().contains(Section::Convictions) {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "the register's offending",
        })
    }
}

fn require_cohort(cap: &Capability, write: bool) -> Result<(), StoreError> {
    let action_ok = if write {
        cap.action() == Action::Create
    } else {
        cap.action() == Action::Read
    };
    if cap.kind() == ResourceKind::IomCohort && action_ok {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "the IOM cohort",
        })
    }
}

/// The offences of the people in `ids` (person, offence code, offence date), for callers
/// that have checked their capability to read the convictions of all of them.
pub(crate) async fn offences_of(
    tx: &mut Tx,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String, NaiveDate)>, StoreError> {
    let list = crate::in_list(1, ids.len());
    Ok(on_tx!(tx, c => {
        let sql = format!("SELECT person_id, offence_code, offence_date FROM offence WHERE person_id IN ({list})");
        let mut q = sqlx::query_as(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?)
}

/// Someone whose current address is in the town, with what the cohort score needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffendingPerson {
    pub id: PersonId,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub town: String,
    /// (offence code, offence date)
    pub offences: Vec<(String, NaiveDate)>,
    /// Supervised now: a community or suspended sentence order, or a licence, running.
    pub on_order: bool,
    /// Intelligence entries in the last six months; `None` without the intelligence section.
    pub intelligence: Option<u32>,
}

/// The people living in `town` (the latest address current on `today`), or with
/// `person` that one person wherever they live, and their offending on `today`.
pub async fn offending_people(
    tx: &mut Tx,
    cap: &Capability,
    town: Option<&str>,
    person: Option<PersonId>,
    today: NaiveDate,
) -> Result<Vec<OffendingPerson>, StoreError> {
    require_offending(cap)?;
    type Head = (
        Uuid,
        String,
        Option<String>,
        String,
        NaiveDate,
        Option<String>,
    );
    const HEAD: &str = "SELECT p.id, p.given_name, p.middle_names, p.family_name, p.date_of_birth,
        (SELECT a.town FROM person_address a WHERE a.person_id = p.id AND a.from_date <= $1 AND (a.to_date IS NULL OR a.to_date >= $1) ORDER BY a.from_date DESC, a.id DESC LIMIT 1) AS town
        FROM person p";
    let mut people: Vec<Head> = match (person, town) {
        (Some(p), _) => on_tx!(tx, c => sqlx::query_as(&format!("{HEAD} WHERE p.id = $2"))
            .bind(today).bind(p.as_uuid()).fetch_all(c).await)?,
        (None, Some(t)) => on_tx!(tx, c => sqlx::query_as(&format!(
            "{HEAD} WHERE p.id IN (SELECT a.person_id FROM person_address a WHERE a.town = $2 AND a.from_date <= $1 AND (a.to_date IS NULL OR a.to_date >= $1)) ORDER BY p.sort_key, p.id"))
            .bind(today).bind(t).fetch_all(c).await)?,
        (None, None) => vec![],
    };
    // Counted where they live now: the latest current address names the town.
    if let Some(t) = town.filter(|_| person.is_none()) {
        people.retain(|h| h.5.as_deref() == Some(t));
    }
    if people.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Uuid> = people.iter().map(|h| h.0).collect();
    let list = crate::in_list(1, ids.len());
    let offences = offences_of(tx, &ids).await?;
    let supervised = [
        SentenceKind::CommunityOrder,
        SentenceKind::SuspendedSentenceOrder,
        SentenceKind::YouthRehabilitationOrder,
    ];
    let n = ids.len();
    let on_order: Vec<(Uuid,)> = on_tx!(tx, c => {
        let sql = format!(
            "SELECT DISTINCT person_id FROM sentence WHERE person_id IN ({list})
             AND ((kind IN (${}, ${}, ${}) AND end_date >= ${d}) OR (licence_end_date >= ${d} AND (release_date IS NULL OR release_date <= ${d})))",
            n + 1, n + 2, n + 3, d = n + 4
        );
        let mut q = sqlx::query_as(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        for k in supervised {
            q = q.bind(k.code());
        }
        q.bind(today).fetch_all(c).await
    })?;
    let intelligence: Option<Vec<(Uuid, i64)>> = if cap.sections().contains(Section::Intelligence) {
        let since = today
            .checked_sub_months(chrono::Months::new(6))
            .unwrap_or(today);
        Some(on_tx!(tx, c => {
            let sql = format!(
                "SELECT person_id, COUNT(*) FROM person_event WHERE person_id IN ({list}) AND section = ${} AND occurred_on >= ${} GROUP BY person_id",
                n + 1, n + 2
            );
            let mut q = sqlx::query_as(&sql);
            for id in &ids {
                q = q.bind(*id);
            }
            q.bind(Section::Intelligence.code()).bind(since).fetch_all(c).await
        })?)
    } else {
        None
    };
    Ok(people
        .into_iter()
        .map(
            |(id, given_name, middle_names, family_name, date_of_birth, town)| OffendingPerson {
                id: PersonId(id),
                given_name,
                middle_names,
                family_name,
                date_of_birth,
                town: town.unwrap_or_else(|| "No current address".into()),
                offences: offences
                    .iter()
                    .filter(|o| o.0 == id)
                    .map(|o| (o.1.clone(), o.2))
                    .collect(),
                on_order: on_order.iter().any(|o| o.0 == id),
                intelligence: intelligence.as_ref().map(|rows| {
                    rows.iter()
                        .find(|r| r.0 == id)
                        .map_or(0, |r| u32::try_from(r.1).unwrap_or(u32::MAX))
                }),
            },
        )
        .collect())
}

/// One decision of the IOM panel.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CohortDecisionRow {
    #[sqlx(try_from = "Uuid")]
    pub id: Uuid,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    pub town: String,
    /// `adopt`, `reject` or `deselect`.
    pub decision: String,
    pub strand: Option<String>,
    pub rationale: String,
    /// The score the panel saw (JSON).
    pub score: serde_json::Value,
    pub review_on: Option<NaiveDate>,
    #[sqlx(try_from = "Uuid")]
    pub decided_by: UserId,
    pub decided_at: DateTime<Utc>,
}

const DECISION: &str =
    "id, person_id, town, decision, strand, rationale, score, review_on, decided_by, decided_at";

pub async fn insert_cohort_decision(
    tx: &mut Tx,
    cap: &Capability,
    r: &CohortDecisionRow,
) -> Result<(), StoreError> {
    require_cohort(cap, true)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO iom_cohort_decision ({DECISION}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
        .bind(r.id).bind(r.person_id.as_uuid()).bind(&r.town).bind(&r.decision).bind(&r.strand)
        .bind(&r.rationale).bind(&r.score).bind(r.review_on).bind(r.decided_by.0).bind(r.decided_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Decisions, oldest first: of one person, or of everyone decided in a town.
pub async fn cohort_decisions(
    tx: &mut Tx,
    cap: &Capability,
    town: Option<&str>,
    person: Option<PersonId>,
) -> Result<Vec<CohortDecisionRow>, StoreError> {
    require_cohort(cap, false)?;
    Ok(match (person, town) {
        (Some(p), _) => on_tx!(tx, c => sqlx::query_as::<_, CohortDecisionRow>(&format!(
            "SELECT {DECISION} FROM iom_cohort_decision WHERE person_id = $1 ORDER BY decided_at, id"))
            .bind(p.as_uuid()).fetch_all(c).await)?,
        (None, Some(t)) => on_tx!(tx, c => sqlx::query_as::<_, CohortDecisionRow>(&format!(
            "SELECT {DECISION} FROM iom_cohort_decision WHERE town = $1 OR person_id IN (SELECT person_id FROM iom_cohort_decision WHERE town = $1) ORDER BY decided_at, id"))
            .bind(t).fetch_all(c).await)?,
        (None, None) => vec![],
    })
}

/// One IOM case entry: a status (`engage` / `enforce`), a drop-in attendance, or a
/// voluntary tag request with consent.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IomEntryRow {
    pub id: Uuid,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    /// `status`, `drop_in` or `tag_request`.
    pub kind: String,
    pub status: Option<String>,
    pub held_on: NaiveDate,
    pub attended: Option<bool>,
    pub consent: Option<bool>,
    pub note: String,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: concord_domain::AgencyId,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

const ENTRY: &str = "id, person_id, kind, status, held_on, attended, consent, note, agency_id, recorded_by, recorded_at";

pub async fn insert_iom_entry(
    tx: &mut Tx,
    cap: &Capability,
    r: &IomEntryRow,
) -> Result<(), StoreError> {
    crate::capability::require_add(cap, r.person_id, Section::Management)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO iom_case_entry ({ENTRY}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(r.id).bind(r.person_id.as_uuid()).bind(&r.kind).bind(&r.status).bind(r.held_on)
        .bind(r.attended).bind(r.consent).bind(&r.note).bind(r.agency_id.0).bind(r.recorded_by.0)
        .bind(r.recorded_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's IOM case entries, oldest first.
pub async fn iom_entries(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<IomEntryRow>, StoreError> {
    crate::capability::require_read(cap, person, Section::Management)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, IomEntryRow>(&format!(
        "SELECT {ENTRY} FROM iom_case_entry WHERE person_id = $1 ORDER BY recorded_at, id"))
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Adoption into the cohort gives the deciding IOM officer a case relationship (joint
/// police–probation ownership): an `iom_cohort` allocation from today, unless they are
/// allocated already. Deselection ends the allocations adoption made (yesterday), and
/// none other: an IOM officer supervising the person's order keeps theirs. Decided
/// by the panel's capability, because that decision is what creates the relationship.
/// The allocation role adoption gives.
pub const IOM_COHORT: &str = "iom_cohort";

pub async fn iom_allocation(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    officer: (UserId, concord_domain::AgencyId),
    adopt: bool,
    today: NaiveDate,
) -> Result<(), StoreError> {
    require_cohort(cap, true)?;
    let p = person.as_uuid();
    if adopt {
        let held: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
            "SELECT id FROM allocation WHERE person_id = $1 AND user_id = $2 AND from_date <= $3 AND (to_date IS NULL OR to_date >= $3)")
            .bind(p).bind(officer.0 .0).bind(today).fetch_optional(c).await)?;
        if held.is_none() {
            on_tx!(tx, c => sqlx::query(
                "INSERT INTO allocation (id, person_id, user_id, agency_id, role, from_date, to_date) VALUES ($1, $2, $3, $4, $5, $6, NULL)")
                .bind(Uuid::now_v7()).bind(p).bind(officer.0 .0).bind(officer.1 .0).bind(IOM_COHORT).bind(today)
                .execute(c).await.map(|r| r.rows_affected()))?;
        }
    } else {
        let yesterday = today.pred_opt().unwrap_or(today);
        on_tx!(tx, c => sqlx::query(
            "UPDATE allocation SET to_date = $1 WHERE person_id = $2 AND role = $3 AND (to_date IS NULL OR to_date >= $4)")
            .bind(yesterday).bind(p).bind(IOM_COHORT).bind(today)
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

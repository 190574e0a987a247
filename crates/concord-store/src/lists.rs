//! Summaries over many people at once: caseloads and the facts shown beside each person
//! in a list (identifiers, active markers, current address).

use chrono::NaiveDate;
use concord_authz::{Capability, ListScope, Section};
use concord_domain::{AgencyId, PersonId, UserId};
use uuid::Uuid;

use crate::capability::require_list;
use crate::parts::{AddressRow, IdentifierRow, MarkerRow, SentenceRow};
use crate::persons::PersonRow;
use crate::{on_tx, StoreError, Tx};

/// One allocated case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub person: PersonRow,
    pub allocation_role: String,
    pub allocated_from: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct CaseJoin {
    id: Uuid,
    owning_agency_id: Uuid,
    given_name: String,
    middle_names: Option<String>,
    family_name: String,
    sort_key: String,
    date_of_birth: NaiveDate,
    gender: String,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    version: i64,
    role: String,
    from_date: NaiveDate,
}

/// The people currently allocated to `user_id`.
pub async fn caseload(
    tx: &mut Tx,
    cap: &Capability,
    user_id: UserId,
    today: NaiveDate,
) -> Result<Vec<CaseRow>, StoreError> {
    require_list(cap)?;
    if cap.scope() != Some(ListScope::Caseload) || cap.holder().user != user_id {
        return Err(StoreError::WrongCapability {
            needed: "listing one's own caseload",
        });
    }
    let rows: Vec<CaseJoin> = on_tx!(tx, c => sqlx::query_as::<_, CaseJoin>(
        "SELECT p.id, p.owning_agency_id, p.given_name, p.middle_names, p.family_name, p.sort_key, p.date_of_birth, p.gender, p.created_at, p.updated_at, p.version, a.role, a.from_date
         FROM allocation a JOIN person p ON p.id = a.person_id
         WHERE a.user_id = $1 AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date >= $2)
         ORDER BY p.sort_key")
        .bind(user_id.0).bind(today).fetch_all(c).await)?;
    Ok(rows.into_iter().map(case_row).collect())
}

fn case_row(r: CaseJoin) -> CaseRow {
    CaseRow {
        person: PersonRow {
            id: concord_domain::PersonId(r.id),
            owning_agency_id: AgencyId(r.owning_agency_id),
            given_name: r.given_name,
            middle_names: r.middle_names,
            family_name: r.family_name,
            sort_key: r.sort_key,
            date_of_birth: r.date_of_birth,
            gender: r.gender,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        },
        allocation_role: r.role,
        allocated_from: r.from_date,
    }
}

/// A partner's "my cases": the people referred to their agency or shared with them,
/// their team or their agency, labelled with how they came (one row per person, the
/// earliest relationship first).
pub async fn related_cases(
    tx: &mut Tx,
    cap: &Capability,
    at: crate::AsOf,
) -> Result<Vec<CaseRow>, StoreError> {
    require_list(cap)?;
    if cap.scope() != Some(ListScope::Related) {
        return Err(StoreError::WrongCapability {
            needed: "listing the people related to the actor",
        });
    }
    let h = cap.holder();
    let today = at.today;
    let rows: Vec<CaseJoin> = on_tx!(tx, c => sqlx::query_as::<_, CaseJoin>(
        "SELECT p.id, p.owning_agency_id, p.given_name, p.middle_names, p.family_name, p.sort_key, p.date_of_birth, p.gender, p.created_at, p.updated_at, p.version, x.role, x.from_date
         FROM (SELECT person_id, 'referral' AS role, opened_on AS from_date FROM referral WHERE to_agency_id = $3 AND opened_on <= $4 AND (closed_on IS NULL OR closed_on > $4)
               UNION ALL SELECT person_id, 'share', expires_on FROM section_share WHERE revoked_at IS NULL AND expires_on >= $4 AND (to_user_id = $1 OR to_team_id = $2 OR to_agency_id = $3)
               UNION ALL SELECT person_id, 'allocated', from_date FROM allocation WHERE user_id = $1 AND from_date <= $4 AND (to_date IS NULL OR to_date >= $4)) x
         JOIN person p ON p.id = x.person_id
         ORDER BY p.sort_key, x.from_date")
        .bind(h.user.0).bind(h.team.map(|t| t.0)).bind(h.agency.0).bind(today)
        .fetch_all(c).await)?;
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|r| seen.insert(r.id))
        .map(case_row)
        .collect())
}

/// Identifiers, active warning markers and current addresses of the listed people, for
/// the columns of a results table: three queries however long the list.
/// For each person of a list: the owning agency's name and who to contact about them
/// (the earliest live allocation's officer, with their agency). What the nominal index
/// may say of a record it does not open: that it exists, whose it is, whom to ask.
pub async fn contacts(
    tx: &mut Tx,
    cap: &Capability,
    person_ids: &[PersonId],
    today: chrono::NaiveDate,
) -> Result<Vec<(Uuid, String, Option<String>)>, StoreError> {
    require_list(cap)?;
    if person_ids.is_empty() || !cap.sections().contains(Section::Identity) {
        return Ok(vec![]);
    }
    let ids = crate::in_list(2, person_ids.len());
    let sql = format!(
        "SELECT p.id, g.name, (SELECT u.display_name || ' (' || ua.name || ')' FROM allocation a JOIN app_user u ON u.id = a.user_id JOIN agency ua ON ua.id = u.agency_id
             WHERE a.person_id = p.id AND a.from_date <= $1 AND (a.to_date IS NULL OR a.to_date >= $1) ORDER BY a.from_date, a.id LIMIT 1)
         FROM person p JOIN agency g ON g.id = p.owning_agency_id WHERE p.id IN ({ids})"
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, (Uuid, String, Option<String>)>(&sql).bind(today);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?)
}

pub async fn list_facts(
    tx: &mut Tx,
    cap: &Capability,
    person_ids: &[PersonId],
) -> Result<(Vec<IdentifierRow>, Vec<MarkerRow>, Vec<AddressRow>), StoreError> {
    require_list(cap)?;
    if person_ids.is_empty() || !cap.sections().contains(Section::Identity) {
        return Ok((vec![], vec![], vec![]));
    }
    let ids = crate::in_list(1, person_ids.len());
    let sql = format!("SELECT id, person_id, kind, value, agency_id, created_at FROM person_identifier WHERE person_id IN ({ids}) ORDER BY kind");
    let identifiers = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, IdentifierRow>(&sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    if !cap.sections().contains(Section::Markers) {
        return Ok((identifiers, vec![], vec![]));
    }
    let sql = format!("SELECT id, person_id, kind, note, agency_id, raised_by, raised_on, removed_on, created_at FROM warning_marker WHERE person_id IN ({ids}) AND removed_on IS NULL ORDER BY kind");
    let markers = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, MarkerRow>(&sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    // Addresses only where the list's sections include them (a caseload, not the
    // nominal index or a partner's list).
    if !cap.sections().contains(Section::Addresses) {
        return Ok((identifiers, markers, vec![]));
    }
    let sql = format!("SELECT id, person_id, kind, line1, line2, town, postcode, from_date, to_date, agency_id, created_at, updated_at, version FROM person_address WHERE person_id IN ({ids}) AND to_date IS NULL ORDER BY from_date DESC");
    let addresses = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, AddressRow>(&sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    Ok((identifiers, markers, addresses))
}

/// The sentences and orders of the listed people, for the key dates a caseload shows.
pub async fn list_sentences(
    tx: &mut Tx,
    cap: &Capability,
    person_ids: &[PersonId],
) -> Result<Vec<SentenceRow>, StoreError> {
    require_list(cap)?;
    if person_ids.is_empty() || !cap.sections().contains(Section::Convictions) {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id, person_id, kind, description, start_date, end_date, release_date, licence_end_date, agency_id, created_at, term FROM sentence WHERE person_id IN ({})",
        crate::in_list(1, person_ids.len())
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, SentenceRow>(&sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?)
}

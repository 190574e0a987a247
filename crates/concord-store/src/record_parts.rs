//! Everything a record page shows of a person, in one statement: the person's core
//! details, aliases, identifiers, addresses, offences, sentences, warning markers and
//! allocations; the latest entries of "who has looked at this record"; the names of the
//! agencies and of the staff those parts mention; and whether there are any shares,
//! referrals, break-glass openings or links (which the page then reads on their own, as
//! most people have none). Fourteen reads of a few rows each cost fourteen round trips,
//! and on a busy server the round trips, not the rows, are what the database spends its
//! time on (issue 19's profile: 60–80 µs of database and kernel time per statement, of
//! which the query itself is a fraction). Each part is still read only for a section the
//! capability reaches: a part whose section it does not reach is not in the statement at
//! all, and is returned empty; a member of staff is named only if a part that is read
//! names them.

mod rows;

use concord_authz::{Action, Capability, Section};
use concord_domain::PersonId;

use crate::audit::AccessEntry;
use crate::{
    on_tx, AddressRow, AliasRow, AllocationRow, IdentifierRow, MarkerRow, NameRow, OffenceRow,
    PersonRow, SentenceRow, StoreError, Tx,
};
use rows::PartRow;

/// The parts of one person's record the capability reaches, each in the order its own
/// read ([`crate::person`], [`crate::aliases`], …) returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordParts {
    /// The core details; `None` if there is no such person.
    pub person: Option<PersonRow>,
    pub aliases: Vec<AliasRow>,
    pub identifiers: Vec<IdentifierRow>,
    pub addresses: Vec<AddressRow>,
    pub offences: Vec<OffenceRow>,
    pub sentences: Vec<SentenceRow>,
    pub markers: Vec<MarkerRow>,
    pub allocations: Vec<AllocationRow>,
    /// The latest entries of the access log, newest first, as
    /// [`crate::audit::events_for_person`] returns them (empty unless asked for and the
    /// capability reaches the history).
    pub access: Vec<AccessEntry>,
    /// Every agency, and the staff the allocations and the access log name, as
    /// [`crate::names`] returns them.
    pub names: Vec<NameRow>,
    /// Whether the person has any of the rows a page reads separately, so that it reads
    /// them only when there are some (most people have none).
    pub present: Present,
}

/// Which of the separately read parts have rows (each false if the capability does not
/// reach its section).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Present {
    pub shares: bool,
    pub referrals: bool,
    pub break_glass: bool,
    pub links: bool,
}

/// The thirteen empty columns after part, id and agency_id of a presence row.
macro_rules! presence_tail {
    () => {
        ", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    };
}

/// Each part's select, with the section that guards it. Columns as [`NAMES`] names them:
/// part, id, agency_id, other, created_at, updated_at, version, t1–t5, d1–d4. A bare NULL
/// takes its type from [`NAMES`] on PostgreSQL, and from the value on SQLite.
const PARTS: [(Section, &str); 12] = [
    (Section::Identity,
     "SELECT 'person', id, owning_agency_id, NULL, created_at, updated_at, version, given_name, middle_names, family_name, sort_key, gender, date_of_birth, NULL, NULL, NULL FROM person WHERE id = $1"),
    (Section::Identity,
     "SELECT 'alias', id, agency_id, NULL, created_at, NULL, NULL, given_name, middle_names, family_name, NULL, NULL, date_of_birth, NULL, NULL, NULL FROM person_alias WHERE person_id = $1"),
    (Section::Identity,
     "SELECT 'identifier', id, agency_id, NULL, created_at, NULL, NULL, kind, value, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM person_identifier WHERE person_id = $1"),
    (Section::Addresses,
     "SELECT 'address', id, agency_id, NULL, created_at, updated_at, version, kind, line1, line2, town, postcode, from_date, to_date, NULL, NULL FROM person_address WHERE person_id = $1"),
    (Section::Convictions,
     "SELECT 'offence', id, agency_id, NULL, created_at, NULL, NULL, offence_code, description, disposal, NULL, NULL, offence_date, conviction_date, NULL, NULL FROM offence WHERE person_id = $1"),
    (Section::Convictions,
     "SELECT 'sentence', id, agency_id, NULL, created_at, NULL, NULL, kind, description, term, NULL, NULL, start_date, end_date, release_date, licence_end_date FROM sentence WHERE person_id = $1"),
    (Section::Markers,
     "SELECT 'marker', id, agency_id, raised_by, created_at, NULL, NULL, kind, note, NULL, NULL, NULL, raised_on, removed_on, NULL, NULL FROM warning_marker WHERE person_id = $1"),
    (Section::Management,
     "SELECT 'allocation', id, agency_id, user_id, NULL, NULL, NULL, role, NULL, NULL, NULL, NULL, from_date, to_date, NULL, NULL FROM allocation WHERE person_id = $1"),
    // Presence only: one row per share, referral, break-glass opening or link, no content.
    (Section::Management, concat!("SELECT 'share?', id, from_agency_id", presence_tail!(), " FROM section_share WHERE person_id = $1")),
    (Section::Management, concat!("SELECT 'referral?', id, from_agency_id", presence_tail!(), " FROM referral WHERE person_id = $1")),
    (Section::Identity, concat!("SELECT 'break_glass?', id, agency_id", presence_tail!(), " FROM break_glass WHERE person_id = $1")),
    (Section::Identity, concat!("SELECT 'link?', id, id", presence_tail!(), " FROM person_link WHERE left_person_id = $1 OR right_person_id = $1")),
];

/// The access log's part, read from the `access` common table expression.
const ACCESS: &str = "SELECT 'access', id, actor_agency_id, actor_user_id, at, NULL, rank, kind, reason, sections, NULL, NULL, NULL, NULL, NULL, NULL FROM access";

/// Every agency's name (a short list, and not personal data).
const AGENCIES: &str = "SELECT 'agency', id, id, NULL, NULL, NULL, NULL, name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM agency";

/// The union's first branch: it returns nothing, names the columns (a union takes its
/// names from its first branch) and types them (PostgreSQL types a union pairwise from
/// the left, and would make two bare NULLs text before meeting a date).
const NAMES: &str = "SELECT 'none' AS part, id, agency_id, CAST(NULL AS UUID) AS other, created_at, CAST(NULL AS TIMESTAMPTZ) AS updated_at, CAST(NULL AS BIGINT) AS version, CAST(NULL AS TEXT) AS t1, CAST(NULL AS TEXT) AS t2, CAST(NULL AS TEXT) AS t3, CAST(NULL AS TEXT) AS t4, CAST(NULL AS TEXT) AS t5, CAST(NULL AS DATE) AS d1, CAST(NULL AS DATE) AS d2, CAST(NULL AS DATE) AS d3, CAST(NULL AS DATE) AS d4 FROM person_alias WHERE 1 = 0";

/// The latest `limit` events about the person: those still waiting to be sealed first,
/// then the chain's newest, as [`crate::audit::events_for_person`] orders them; `rank`
/// carries that order through the union.
fn access_cte(limit: i64) -> String {
    format!(
        "access AS (SELECT id, at, actor_user_id, actor_agency_id, kind, reason, sections, rank FROM (
            SELECT id, at, actor_user_id, actor_agency_id, kind, reason, sections,
                ROW_NUMBER() OVER (ORDER BY waiting DESC, n DESC) AS rank FROM (
                SELECT id, at, actor_user_id, actor_agency_id, kind, reason, sections, 1 AS waiting, pending_id AS n
                FROM audit_pending WHERE person_id = $1
                UNION ALL
                SELECT * FROM (SELECT id, at, actor_user_id, actor_agency_id, kind, reason, sections, 0 AS waiting, seq AS n
                FROM audit_event WHERE person_id = $1 ORDER BY seq DESC LIMIT {limit}) AS sealed
            ) AS both_logs
        ) AS ranked WHERE rank <= {limit})"
    )
}

/// The parts of `person`'s record that `cap` reaches (a read of that person, which must
/// reach the core details), in one statement, with the latest `access_log` entries of the
/// access log if the capability reaches the history; parts of sections it does not reach
/// are empty.
pub async fn record_parts(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    access_log: i64,
) -> Result<RecordParts, StoreError> {
    crate::require_read(cap, person, Section::Identity)?;
    let sql = statement(cap, person, access_log);
    let rows: Vec<PartRow> = on_tx!(tx, c => sqlx::query_as::<_, PartRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?;
    let mut parts = RecordParts::default();
    let mut access = Vec::new();
    for r in rows {
        parts.add(r, person, &mut access)?;
    }
    parts.sort();
    access.sort_by_key(|(rank, _)| *rank);
    parts.access = access
        .into_iter()
        .map(|(_, entry)| entry)
        .filter(|e| e.told_to(cap, person))
        .collect();
    Ok(parts)
}

/// The statement for what `cap` reaches of `person`.
fn statement(cap: &Capability, person: PersonId, access_log: i64) -> String {
    let reaches = |section| cap.covers(Action::Read, person, section);
    // A part whose section the capability does not reach is left out of the statement.
    let mut selects: Vec<String> = PARTS
        .iter()
        .filter(|(section, _)| reaches(*section))
        .map(|(_, sql)| (*sql).to_owned())
        .collect();
    let with_access = access_log > 0 && reaches(Section::History);
    // Staff are named only as the parts that are read name them.
    let mut staff = Vec::new();
    if reaches(Section::Management) {
        staff.push("SELECT user_id FROM allocation WHERE person_id = $1");
    }
    if with_access {
        selects.push(ACCESS.to_owned());
        staff.push("SELECT actor_user_id FROM access");
    }
    selects.push(AGENCIES.to_owned());
    if !staff.is_empty() {
        selects.push(format!(
            "SELECT 'user', id, agency_id, NULL, NULL, NULL, NULL, display_name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM app_user WHERE id IN ({})",
            staff.join(" UNION ")
        ));
    }
    let with = if with_access {
        format!("WITH {} ", access_cte(access_log))
    } else {
        String::new()
    };
    format!("{with}{NAMES} UNION ALL {}", selects.join(" UNION ALL "))
}

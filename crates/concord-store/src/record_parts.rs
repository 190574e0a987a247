//! The parts of a person's record a record page shows, in one statement: aliases,
//! identifiers, addresses, offences, sentences, warning markers and allocations, and
//! whether there are any shares, referrals, break-glass openings or links (which the page
//! then reads on their own). Eleven reads of a few rows each cost eleven round trips, and
//! on a busy server the round trips, not the rows, are what the database spends its time
//! on (issue 19's profile: 60–80 µs of database and kernel time per statement, of which
//! the query itself is a fraction). Each part is still read only for a section the
//! capability reaches: a part whose section it does not reach is not in the statement at
//! all, and is returned empty.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, Section};
use concord_domain::{AgencyId, PersonId, RecordId, UserId};
use uuid::Uuid;

use crate::columns::OptUuid;
use crate::{
    on_tx, AddressRow, AliasRow, AllocationRow, IdentifierRow, MarkerRow, OffenceRow, SentenceRow,
    StoreError, Tx,
};

/// The parts of one person's record the capability reaches, each in the order its own
/// read ([`crate::aliases`], …) returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordParts {
    pub aliases: Vec<AliasRow>,
    pub identifiers: Vec<IdentifierRow>,
    pub addresses: Vec<AddressRow>,
    pub offences: Vec<OffenceRow>,
    pub sentences: Vec<SentenceRow>,
    pub markers: Vec<MarkerRow>,
    pub allocations: Vec<AllocationRow>,
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

/// One row of any part, in columns wide enough for all of them: `t1`… text, `d1`… dates,
/// `other` a second id (the marker's raiser, the allocated officer).
#[derive(sqlx::FromRow)]
struct PartRow {
    part: String,
    id: Uuid,
    agency_id: Uuid,
    #[sqlx(try_from = "OptUuid")]
    other: Option<UserId>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    version: Option<i64>,
    t1: Option<String>,
    t2: Option<String>,
    t3: Option<String>,
    t4: Option<String>,
    t5: Option<String>,
    d1: Option<NaiveDate>,
    d2: Option<NaiveDate>,
    d3: Option<NaiveDate>,
    d4: Option<NaiveDate>,
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
const PARTS: [(Section, &str); 11] = [
    (Section::Identity,
     "SELECT 'alias', id, agency_id, NULL, created_at, NULL, NULL, given_name, middle_names, family_name, NULL, NULL, date_of_birth, NULL, NULL, NULL FROM person_alias WHERE person_id = $1"),
    (Section::Identity,
     "SELECT 'identifier', id, agency_id, NULL, created_at, NULL, NULL, kind, value, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM person_identifier WHERE person_id = $1"),
    (Section::Addresses,
     "SELECT 'address', id, agency_id, NULL, created_at, updated_at, version, kind, line1, line2, town, postcode, from_date, to_date, NULL, NULL FROM person_address WHERE person_id = $1"),
    (Section::Convictions,
     "SELECT 'offence', id, agency_id, NULL, created_at, NULL, NULL, offence_code, description, disposal, NULL, NULL, offence_date, conviction_date, NULL, NULL FROM offence WHERE person_id = $1"),
    (Section::Convictions,
     "SELECT 'sentence', id, agency_id, NULL, created_at, NULL, NULL, kind, description, NULL, NULL, NULL, start_date, end_date, release_date, licence_end_date FROM sentence WHERE person_id = $1"),
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

/// The parts of `person`'s record that `cap` reaches (a read of that person), in one
/// statement; parts of sections it does not reach are empty.
pub async fn record_parts(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<RecordParts, StoreError> {
    // A part whose section the capability does not reach is left out of the statement.
    let selects: Vec<&str> = PARTS
        .iter()
        .filter(|(section, _)| cap.covers(Action::Read, person, *section))
        .map(|(_, sql)| *sql)
        .collect();
    let mut parts = RecordParts::default();
    if selects.is_empty() {
        return Ok(parts);
    }
    let sql = format!("{NAMES} UNION ALL {}", selects.join(" UNION ALL "));
    let rows: Vec<PartRow> = on_tx!(tx, c => sqlx::query_as::<_, PartRow>(&sql)
        .bind(person.as_uuid()).fetch_all(c).await)?;
    for r in rows {
        parts.add(r, person)?;
    }
    parts.sort();
    Ok(parts)
}

/// The union's first branch: it returns nothing, names the columns (a union takes its
/// names from its first branch) and types them (PostgreSQL types a union pairwise from
/// the left, and would make two bare NULLs text before meeting a date).
const NAMES: &str = "SELECT 'none' AS part, id, agency_id, CAST(NULL AS UUID) AS other, created_at, CAST(NULL AS TIMESTAMPTZ) AS updated_at, CAST(NULL AS BIGINT) AS version, CAST(NULL AS TEXT) AS t1, CAST(NULL AS TEXT) AS t2, CAST(NULL AS TEXT) AS t3, CAST(NULL AS TEXT) AS t4, CAST(NULL AS TEXT) AS t5, CAST(NULL AS DATE) AS d1, CAST(NULL AS DATE) AS d2, CAST(NULL AS DATE) AS d3, CAST(NULL AS DATE) AS d4 FROM person_alias WHERE 1 = 0";

fn missing(part: &str, column: &str) -> StoreError {
    StoreError::Corrupt(format!("the {part} row has no {column}"))
}

impl RecordParts {
    fn add(&mut self, r: PartRow, person: PersonId) -> Result<(), StoreError> {
        let id = RecordId::from(r.id);
        let agency_id = AgencyId::from(r.agency_id);
        let part = r.part.as_str();
        let need_t = |v: Option<String>, c: &str| v.ok_or_else(|| missing(part, c));
        let need_d = |v: Option<NaiveDate>, c: &str| v.ok_or_else(|| missing(part, c));
        let created_at = || r.created_at.ok_or_else(|| missing(part, "created_at"));
        match part {
            "alias" => self.aliases.push(AliasRow {
                id,
                person_id: person,
                given_name: need_t(r.t1, "given_name")?,
                middle_names: r.t2,
                family_name: need_t(r.t3, "family_name")?,
                date_of_birth: r.d1,
                agency_id,
                created_at: created_at()?,
            }),
            "identifier" => self.identifiers.push(IdentifierRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                value: need_t(r.t2, "value")?,
                agency_id,
                created_at: created_at()?,
            }),
            "address" => self.addresses.push(AddressRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                line1: need_t(r.t2, "line1")?,
                line2: r.t3,
                town: need_t(r.t4, "town")?,
                postcode: r.t5,
                from_date: need_d(r.d1, "from_date")?,
                to_date: r.d2,
                agency_id,
                created_at: created_at()?,
                updated_at: r.updated_at.ok_or_else(|| missing(part, "updated_at"))?,
                version: r.version.ok_or_else(|| missing(part, "version"))?,
            }),
            "offence" => self.offences.push(OffenceRow {
                id,
                person_id: person,
                offence_code: need_t(r.t1, "offence_code")?,
                description: need_t(r.t2, "description")?,
                offence_date: need_d(r.d1, "offence_date")?,
                conviction_date: r.d2,
                disposal: r.t3,
                agency_id,
                created_at: created_at()?,
            }),
            "sentence" => self.sentences.push(SentenceRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                description: r.t2,
                start_date: need_d(r.d1, "start_date")?,
                end_date: r.d2,
                release_date: r.d3,
                licence_end_date: r.d4,
                agency_id,
                created_at: created_at()?,
            }),
            "marker" => self.markers.push(MarkerRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                note: need_t(r.t2, "note")?,
                agency_id,
                raised_by: r.other,
                raised_on: need_d(r.d1, "raised_on")?,
                removed_on: r.d2,
                created_at: created_at()?,
            }),
            "allocation" => self.allocations.push(AllocationRow {
                id,
                person_id: person,
                user_id: r.other.ok_or_else(|| missing(part, "user_id"))?,
                agency_id,
                role: need_t(r.t1, "role")?,
                from_date: need_d(r.d1, "from_date")?,
                to_date: r.d2,
            }),
            "share?" => self.present.shares = true,
            "referral?" => self.present.referrals = true,
            "break_glass?" => self.present.break_glass = true,
            "link?" => self.present.links = true,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "unknown record part `{other}`"
                )))
            }
        }
        Ok(())
    }

    /// The orders of the parts' own reads (the database collates as bytes, as Rust does).
    fn sort(&mut self) {
        self.aliases
            .sort_by(|a, b| (&a.family_name, &a.given_name).cmp(&(&b.family_name, &b.given_name)));
        self.identifiers
            .sort_by(|a, b| (&a.kind, &a.value).cmp(&(&b.kind, &b.value)));
        // Current addresses first, then the newest.
        self.addresses
            .sort_by_key(|a| (a.to_date.is_some(), std::cmp::Reverse(a.from_date)));
        self.offences
            .sort_by_key(|o| std::cmp::Reverse(o.offence_date));
        self.sentences
            .sort_by_key(|x| std::cmp::Reverse(x.start_date));
        self.markers.sort_by_key(|m| std::cmp::Reverse(m.raised_on));
        self.allocations
            .sort_by_key(|a| std::cmp::Reverse(a.from_date));
    }
}

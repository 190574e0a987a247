//! The rows of [`super::record_parts`]'s statement, each turned back into the row type
//! its part's own read returns.

use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::{AgencyId, PersonId, RecordId, UserId};
use uuid::Uuid;

use super::RecordParts;
use crate::audit::AccessEntry;
use crate::columns::OptUuid;
use crate::{
    AddressRow, AliasRow, AllocationRow, IdentifierRow, MarkerRow, NameRow, OffenceRow, PersonRow,
    SentenceRow, StoreError,
};

/// One row of any part, in columns wide enough for all of them: `t1`… text, `d1`… dates,
/// `other` a second id (the marker's raiser, the allocated officer, the access log's
/// actor). `agency_id` is empty only for an access-log entry made by the system.
#[derive(sqlx::FromRow)]
pub(super) struct PartRow {
    part: String,
    id: Uuid,
    #[sqlx(try_from = "OptUuid")]
    agency_id: Option<AgencyId>,
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

fn missing(part: &str, column: &str) -> StoreError {
    StoreError::Corrupt(format!("the {part} row has no {column}"))
}

impl RecordParts {
    /// Add one row to its part; an access-log entry goes to `access` with its rank, for
    /// the caller to order.
    pub(super) fn add(
        &mut self,
        r: PartRow,
        person: PersonId,
        access: &mut Vec<(i64, AccessEntry)>,
    ) -> Result<(), StoreError> {
        let id = RecordId::from(r.id);
        let part = r.part.as_str();
        let need_t = |v: Option<String>, c: &str| v.ok_or_else(|| missing(part, c));
        let need_d = |v: Option<NaiveDate>, c: &str| v.ok_or_else(|| missing(part, c));
        let created_at = || r.created_at.ok_or_else(|| missing(part, "created_at"));
        let agency = || r.agency_id.ok_or_else(|| missing(part, "agency_id"));
        match part {
            "person" => {
                self.person = Some(PersonRow {
                    id: person,
                    owning_agency_id: agency()?,
                    given_name: need_t(r.t1, "given_name")?,
                    middle_names: r.t2,
                    family_name: need_t(r.t3, "family_name")?,
                    sort_key: need_t(r.t4, "sort_key")?,
                    date_of_birth: need_d(r.d1, "date_of_birth")?,
                    gender: need_t(r.t5, "gender")?,
                    created_at: created_at()?,
                    updated_at: r.updated_at.ok_or_else(|| missing(part, "updated_at"))?,
                    version: r.version.ok_or_else(|| missing(part, "version"))?,
                });
            }
            "alias" => self.aliases.push(AliasRow {
                id,
                person_id: person,
                given_name: need_t(r.t1, "given_name")?,
                middle_names: r.t2,
                family_name: need_t(r.t3, "family_name")?,
                date_of_birth: r.d1,
                agency_id: agency()?,
                created_at: created_at()?,
            }),
            "identifier" => self.identifiers.push(IdentifierRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                value: need_t(r.t2, "value")?,
                agency_id: agency()?,
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
                agency_id: agency()?,
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
                agency_id: agency()?,
                created_at: created_at()?,
            }),
            "sentence" => self.sentences.push(SentenceRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                description: r.t2,
                term: r.t3,
                start_date: need_d(r.d1, "start_date")?,
                end_date: r.d2,
                release_date: r.d3,
                licence_end_date: r.d4,
                agency_id: agency()?,
                created_at: created_at()?,
            }),
            "marker" => self.markers.push(MarkerRow {
                id,
                person_id: person,
                kind: need_t(r.t1, "kind")?,
                note: need_t(r.t2, "note")?,
                agency_id: agency()?,
                raised_by: r.other,
                raised_on: need_d(r.d1, "raised_on")?,
                removed_on: r.d2,
                created_at: created_at()?,
            }),
            "allocation" => self.allocations.push(AllocationRow {
                id,
                person_id: person,
                user_id: r.other.ok_or_else(|| missing(part, "user_id"))?,
                agency_id: agency()?,
                role: need_t(r.t1, "role")?,
                from_date: need_d(r.d1, "from_date")?,
                to_date: r.d2,
            }),
            "access" => {
                let rank = r.version.ok_or_else(|| missing(part, "rank"))?;
                access.push((
                    rank,
                    AccessEntry {
                        at: created_at()?,
                        actor_user_id: r.other,
                        actor_agency_id: r.agency_id,
                        kind: need_t(r.t1, "kind")?,
                        reason: need_t(r.t2, "reason")?,
                        sections: r.t3,
                    },
                ));
            }
            "agency" | "user" => self.names.push(NameRow {
                kind: part.to_owned(),
                id: r.id,
                name: need_t(r.t1, "name")?,
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
    pub(super) fn sort(&mut self) {
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

//! New on my cases (issue 24 point 3, in the service): the entries someone else recorded
//! in the last week on the people allocated to the reader — a police intelligence entry,
//! a partner's note, a feed's conviction — so that information on file is seen by the
//! person who manages the risk, not found later by a review. Each person's entries are
//! read under the sections the reader reaches (restricted ones only with the permission
//! they need, as the chronology reads them) and audited; a person whose identity the
//! reader does not reach is left out.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use concord_authz::{Action, Section, SectionSet};
use concord_domain::{EventType, PersonId, UserId};
use concord_store::audit::AuditKind;
use serde::Serialize;

use super::Names;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, People};

/// How far back My cases looks for new entries.
pub const NEWS_DAYS: i64 = 7;
/// The most people whose new entries My cases reads.
const NEWS_PEOPLE: i64 = 50;

/// An entry someone else recorded lately on one of the reader's cases.
#[derive(Debug, Clone, Serialize)]
pub struct NewEntry {
    pub person_id: PersonId,
    pub person_name: String,
    pub event_type: EventType,
    pub occurred_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it and for which agency ("Gareth Pryce, Essex Police"), or the
    /// agency alone for a feed's entry.
    pub recorded_by: String,
    /// Restricted: which restricted section it is in, for a reader who reaches it.
    pub restricted: Option<String>,
}

impl People<'_> {
    /// The entries others recorded in the last [`NEWS_DAYS`] days on the reader's
    /// allocated cases, newest first, within a unit of work (My cases reads them with
    /// its other queues), each person's read and audited with `reason`.
    pub(crate) async fn new_entries_in(
        &self,
        w: &mut Work<'_>,
        reason: &str,
    ) -> Result<Vec<NewEntry>, AppError> {
        let me = w.actor().user_id;
        let since = self.clock.now() - Duration::days(NEWS_DAYS);
        let people = concord_store::people_with_new_entries(
            w.tx(),
            me,
            self.clock.today(),
            since,
            NEWS_PEOPLE,
        )
        .await?;
        let mut out = vec![];
        for person in people {
            let readable = w.readable(person).await?;
            let sections = readable.intersection(SectionSet::of(&concord_store::ENTRY_SECTIONS));
            if !readable.contains(Section::Identity) || sections.is_empty() {
                continue;
            }
            let name = self.record_header_in(w, person).await?.full_name();
            let cap = w.person(Action::Read, person, sections).await?;
            let rows = concord_store::events(w.tx(), &cap, person).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                reason,
                Note::sections(sections),
            );
            let fresh: Vec<_> = rows
                .into_iter()
                .filter(|e| e.created_at >= since && e.recorded_by != Some(me))
                .collect();
            let users: Vec<UserId> = fresh.iter().filter_map(|e| e.recorded_by).collect();
            let names = Names::load(w.tx(), &users).await?;
            for e in fresh {
                let Some(event_type) = EventType::from_code(&e.event_type) else {
                    continue;
                };
                let agency = names.agency(e.agency_id);
                out.push(NewEntry {
                    person_id: person,
                    person_name: name.clone(),
                    event_type,
                    occurred_on: e.occurred_on,
                    recorded_at: e.created_at,
                    recorded_by: match e.recorded_by {
                        Some(u) => format!("{}, {agency}", names.user(Some(u))),
                        None => agency,
                    },
                    restricted: Section::from_code(&e.section)
                        .filter(|s| s.is_restricted())
                        .map(|s| s.label().to_string()),
                });
            }
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.recorded_at));
        Ok(out)
    }
}

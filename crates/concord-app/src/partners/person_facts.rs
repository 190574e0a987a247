//! What the partnership rules need to know of a person (gender, town, sexual offending,
//! last release), read from the record through the access decision.

use chrono::NaiveDate;
use concord_authz::{Action, Section, SectionSet};
use concord_domain::{PersonId, SentenceKind};
use concord_partners::PersonFacts;

use crate::kernel::Work;
use crate::{AppError, Partners};

/// The sections the facts come from: the case team reads them all.
pub(super) fn facts_sections() -> SectionSet {
    SectionSet::of(&[Section::Identity, Section::Addresses, Section::Convictions])
}

impl Partners<'_> {
    /// The person's facts for the rules; `minority_group` comes from their screening.
    pub(super) async fn person_facts_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        minority_group: bool,
    ) -> Result<PersonFacts, AppError> {
        let cap = w.person(Action::Read, person, facts_sections()).await?;
        let record = self.people().load_record(w.tx(), &cap, person, 0).await?;
        let today = self.clock.today();
        let town = record
            .addresses
            .iter()
            .filter(|a| a.from_date <= today && a.to_date.is_none_or(|t| t >= today))
            .max_by_key(|a| a.from_date)
            .map(|a| a.town.clone());
        let sexual_offending = record.offences.iter().any(|o| {
            concord_domain::OffenceCode::parse(&o.offence_code)
                .is_ok_and(|c| c.info().category.starts_with("Sexual"))
        }) || record
            .sentences
            .iter()
            .any(|s| s.kind == SentenceKind::NotificationRequirement);
        let released_on: Option<NaiveDate> =
            record.sentences.iter().filter_map(|s| s.release_date).max();
        Ok(PersonFacts {
            gender: Some(record.gender),
            town,
            sexual_offending,
            minority_group,
            released_on,
        })
    }
}

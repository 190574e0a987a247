//! What waits for the reader's approval, for their home page: licences and variations
//! submitted to their agency (for a senior officer), and minutes of the meetings they
//! chair. Each person on the list is decided under the section the item belongs to, so a
//! queue tells no one of a case they may not read.

use std::collections::HashMap;

use concord_authz::{Action, ListScope, Permission, Resource, Section, SectionSet};
use concord_domain::{display_name, format_date, PersonId};

use crate::kernel::Work;
use crate::{AppError, People};

/// One thing waiting for the reader's approval.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalItem {
    pub person_id: PersonId,
    pub person_name: String,
    /// "Licence submitted on 3 December 2026", "Minutes of the meeting in Chelmsford on …".
    pub what: String,
    pub href: String,
}

/// The reader's approvals, by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Approvals {
    pub licences: Vec<ApprovalItem>,
    pub minutes: Vec<ApprovalItem>,
}

impl People<'_> {
    pub(crate) async fn approvals_in(&self, w: &mut Work<'_>) -> Result<Approvals, AppError> {
        let actor = w.actor().clone();
        let mut out = Approvals::default();
        if !actor.has(Permission::PersonRead) {
            return Ok(out);
        }
        let list = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
        let mut may: HashMap<(PersonId, Section), bool> = HashMap::new();
        if actor.has(Permission::LicenceApprove) {
            for r in
                concord_store::licences_awaiting_approval(w.tx(), &list, actor.agency_id).await?
            {
                if !reads(w, &mut may, r.person_id, Section::Licence).await {
                    continue;
                }
                let variation =
                    r.status == concord_licence::LicenceStatus::VariationSubmitted.code();
                let when = r
                    .submitted_at
                    .map(|t| format!(" on {}", format_date(crate::london_time(t).date())))
                    .unwrap_or_default();
                out.licences.push(ApprovalItem {
                    person_id: r.person_id,
                    person_name: display_name(
                        &r.given_name,
                        r.middle_names.as_deref(),
                        &r.family_name,
                    ),
                    what: format!(
                        "{} submitted{when}",
                        if variation {
                            "Licence variation"
                        } else {
                            "Licence"
                        }
                    ),
                    href: format!("/persons/{}/licence", r.person_id),
                });
            }
        }
        for r in concord_store::minutes_awaiting_chair(w.tx(), &list, actor.user_id).await? {
            if !reads(w, &mut may, r.person_id, Section::Management).await {
                continue;
            }
            out.minutes.push(ApprovalItem {
                person_id: r.person_id,
                person_name: display_name(&r.given_name, r.middle_names.as_deref(), &r.family_name),
                what: format!(
                    "Minutes of the MAPP meeting in {} on {}",
                    r.town,
                    format_date(r.held_on)
                ),
                href: format!("/mappa/meetings/{}/minutes/{}", r.meeting_id, r.person_id),
            });
        }
        Ok(out)
    }
}

/// May the actor read `section` of `person`? Decided once per person and section.
async fn reads(
    w: &mut Work<'_>,
    may: &mut HashMap<(PersonId, Section), bool>,
    person: PersonId,
    section: Section,
) -> bool {
    if let Some(m) = may.get(&(person, section)) {
        return *m;
    }
    let m = w
        .person(Action::Read, person, SectionSet::one(section))
        .await
        .is_ok();
    may.insert((person, section), m);
    m
}

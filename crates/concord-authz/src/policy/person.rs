//! The rules for one person's record: registering someone new, reading section by section
//! what the actor's relationships reach, changing, sharing, disclosing, exporting,
//! erasing and linking duplicates. Apart because they are most of the policy and turn on
//! relationships, which no other kind of resource has.

use super::{Action, Decision, Resource};
use crate::{Actor, Permission, Relationship, Section, SectionSet};

/// Every section the actor's relationships reach, less the restricted ones their roles
/// do not open and the access log unless they work for the owning agency.
pub fn readable_sections(actor: &Actor, resource: &Resource) -> SectionSet {
    let mut reach = resource
        .relationships
        .iter()
        .fold(SectionSet::EMPTY, |acc, r| acc.union(r.reach()));
    for section in SectionSet::restricted().iter() {
        if section.restricted_by().is_some_and(|p| !actor.has(p)) {
            reach = reach.without(SectionSet::one(section));
        }
    }
    if resource.owning_agency != Some(actor.agency_id) {
        reach = reach.without(SectionSet::one(Section::History));
    }
    reach
}

/// The closest relationship, to name in the reason.
fn because(resource: &Resource) -> &'static str {
    match resource.relationships.iter().min_by_key(|r| r.rank()) {
        Some(Relationship::Allocated) => "the actor is allocated to this person",
        Some(Relationship::Team) => "the actor's team manages this person",
        Some(Relationship::OwningAgency) => {
            "the actor manages the agency that owns this record (oversight)"
        }
        Some(Relationship::Registrar) => {
            "the actor registered this person recently or no one is allocated yet"
        }
        Some(Relationship::PanelMember) => "the actor sits on a MAPPA panel for this person",
        Some(Relationship::MappaCase) => "the person is a MAPPA case the actor runs",
        Some(Relationship::Referral(_)) => {
            "the actor's agency has an open referral for this person"
        }
        Some(Relationship::Share(_)) => "the owning agency shared these sections with the actor",
        Some(Relationship::DuplicateReview) => {
            "the record is one side of a possible duplicate the actor resolves"
        }
        Some(Relationship::TransferProposed) => {
            "a transfer of responsibility to the actor's organisation awaits its decision"
        }
        Some(Relationship::Premises) => {
            "the person is booked into or staying at the actor's approved premises"
        }
        Some(Relationship::ApApplicant) => {
            "the person's approved-premises application awaits the actor's unit"
        }
        Some(Relationship::BreakGlass) | None => "the actor opened this record by break-glass",
    }
}

pub(super) fn decide_person(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    let Some(_) = resource.person else {
        // Registering someone new: staff of a responsible authority, for their own agency.
        let restricted_ok = resource
            .sections
            .iter()
            .all(|s| s.restricted_by().is_none_or(|p| actor.has(p)));
        let for_own_agency = actor.has(Permission::PersonCreate)
            && actor.agency_kind.is_responsible_authority()
            && resource.owning_agency == Some(actor.agency_id);
        // An agency's feed is loaded on its behalf: the records stay the agency's.
        let on_behalf = actor.has(Permission::PersonImport) && resource.owning_agency.is_some();
        return if action == Action::Create
            && (for_own_agency || on_behalf)
            && restricted_ok
            && !resource.sections.contains(Section::History)
        {
            Decision::allow(
                "responsible authority staff may register people for their agency",
                resource.sections,
            )
        } else {
            Decision::deny("only responsible authority staff register people, for their own agency")
        };
    };
    if !actor.has(Permission::PersonRead) {
        return Decision::deny("no role of the actor grants access to person records");
    }
    if action == Action::Combine {
        let compared = SectionSet::of(&[Section::Identity, Section::Addresses]);
        return if actor.has(Permission::PersonCombine)
            && resource
                .relationships
                .contains(&Relationship::DuplicateReview)
            && !resource.sections.intersection(compared).is_empty()
        {
            Decision::allow(
                "the record is one side of a possible duplicate the actor resolves",
                resource.sections.intersection(compared),
            )
        } else {
            Decision::deny("only those who resolve duplicates link records, and only records found as possible duplicates")
        };
    }
    if resource.relationships.is_empty() {
        return Decision::deny("the actor has no relationship with this person");
    }
    let readable = readable_sections(actor, resource);
    let owner = resource.owning_agency == Some(actor.agency_id);
    let wanted = resource.sections;
    match action {
        Action::Read => {
            let granted = readable.intersection(wanted);
            if granted.is_empty() {
                Decision::deny("the actor's relationship does not reach these sections")
            } else {
                Decision::allow(because(resource), granted)
            }
        }
        // A partner working a referral that gives them the chronology adds their own
        // contact notes to it (sessions, outcomes), and nothing else: a share is read-only.
        Action::Create
            if wanted == SectionSet::one(Section::Chronology)
                && resource.relationships.iter().any(
                    |r| matches!(r, Relationship::Referral(s) if s.contains(Section::Chronology)),
                ) =>
        {
            Decision::allow(
                "a partner adds entries to the chronology of a referred person",
                wanted,
            )
        }
        // A provider records its own work on a referral sent to it (acceptance, the
        // caseworker, the action plan, sessions, the end report) and nothing else; the
        // store checks the referral is the holder's agency's.
        Action::Create | Action::Change
            if wanted == SectionSet::one(Section::Interventions)
                && !actor.agency_kind.is_responsible_authority()
                && resource
                    .relationships
                    .iter()
                    .any(|r| matches!(r, Relationship::Referral(_))) =>
        {
            Decision::allow(
                "a provider records its work on a referral sent to it",
                wanted,
            )
        }
        // Those who run MAPPA write its records (referral screening, levels, meetings,
        // minutes, reviews) to the management section of a MAPPA case, and nothing else.
        Action::Create | Action::Change
            if wanted == SectionSet::one(Section::Management)
                && actor.has(Permission::MappaManage)
                && resource
                    .relationships
                    .iter()
                    .any(|r| matches!(r, Relationship::MappaCase | Relationship::Allocated)) =>
        {
            Decision::allow("those who run MAPPA record its decisions", wanted)
        }
        // The receiving organisation's manager, deciding a proposed transfer of
        // responsibility, records the decision and allocates the case: the management
        // section only (the store moves the allocations, the owner and the open work).
        Action::Create | Action::Change
            if wanted == SectionSet::one(Section::Management)
                && actor.has(Permission::AgencyOversight)
                && actor.has(Permission::PersonChange)
                && resource
                    .relationships
                    .contains(&Relationship::TransferProposed) =>
        {
            Decision::allow(
                "the receiving organisation's manager decides a proposed transfer",
                wanted,
            )
        }
        Action::Create | Action::Change => {
            if !actor.has(Permission::PersonChange) {
                return Decision::deny("no role of the actor grants changing person records");
            }
            // A risk assessment is signed by a trained assessor, not by anyone who may
            // correct an address.
            if wanted.contains(Section::Risk) && !actor.has(Permission::AssessmentWrite) {
                return Decision::deny("no role of the actor grants completing risk assessments");
            }
            if !resource.relationships.iter().any(|r| r.may_change()) {
                return Decision::deny("only the case team and the owning agency change a record");
            }
            // The change history is written by Concord as a side effect of a change,
            // never directly.
            if wanted.is_empty()
                || wanted.contains(Section::History)
                || !wanted.is_subset_of(readable)
            {
                return Decision::deny("the actor may not write to these sections");
            }
            Decision::allow(because(resource), wanted)
        }
        Action::Share => {
            if !actor.has(Permission::PersonShare) || !owner {
                return Decision::deny("only the owning agency shares its record");
            }
            if !resource.relationships.iter().any(|r| r.may_change()) {
                return Decision::deny("only the case team and the owning agency share a record");
            }
            if wanted.is_empty() || wanted.iter().any(|s| !s.is_shareable()) {
                return Decision::deny("restricted sections and the access log are never shared");
            }
            Decision::allow(
                "the owning agency shares its record for a stated purpose",
                wanted,
            )
        }
        Action::Disclose => {
            if !actor.has(Permission::PersonDisclose) {
                return Decision::deny("no role of the actor grants disclosure");
            }
            if !resource.relationships.iter().any(|r| r.is_case_team()) {
                return Decision::deny("only the case team discloses");
            }
            if wanted.is_empty() || wanted.iter().any(|s| !s.is_shareable()) {
                return Decision::deny("restricted sections are never disclosed");
            }
            Decision::allow("the case team discloses for a stated purpose", wanted)
        }
        Action::Export => {
            if !actor.has(Permission::PersonExport) || !owner {
                return Decision::deny("only the owning agency exports its record");
            }
            let granted = readable.intersection(wanted);
            if granted.is_empty() {
                return Decision::deny("the actor may not export these sections");
            }
            Decision::allow("the owning agency exports its record", granted)
        }
        Action::Erase => {
            if !actor.has(Permission::PersonErase)
                || !owner
                || !resource.relationships.iter().any(|r| r.may_change())
            {
                return Decision::deny(
                    "only the owning agency's information governance erases a record",
                );
            }
            if wanted.is_empty() || !wanted.is_subset_of(readable) {
                return Decision::deny(
                    "restricted sections are erased only by those who may see them",
                );
            }
            Decision::allow("the owning agency erases its record", wanted)
        }
        // Decided above, before the relationships that reading needs.
        Action::Combine => Decision::deny("records are linked only as possible duplicates"),
    }
}

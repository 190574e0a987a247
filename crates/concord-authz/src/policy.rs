use concord_domain::{AgencyId, PersonId};
use serde::Serialize;

use crate::{Actor, Capability, Denial, Permission, Relationship, Section, SectionSet};

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Create,
    Change,
    Share,
    Disclose,
    Export,
    Erase,
    /// Compare records for duplicates, or link and unlink them as one person
    /// (a "combination" in DPA 2018 s.62).
    Combine,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Read,
        Action::Create,
        Action::Change,
        Action::Share,
        Action::Disclose,
        Action::Export,
        Action::Erase,
        Action::Combine,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Change => "change",
            Action::Share => "share",
            Action::Disclose => "disclose",
            Action::Export => "export",
            Action::Erase => "erase",
            Action::Combine => "combine",
        }
    }

    /// Changing a record needs reading it first (to show the form, to diff the change);
    /// sharing needs reading what is shared.
    pub(crate) fn implies(self, other: Action) -> bool {
        matches!(
            (self, other),
            (Action::Change, Action::Read) | (Action::Share, Action::Read)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// One person's record, section by section.
    Person,
    /// A list of people: search results, a caseload.
    PersonList,
    /// A break-glass access to one person's record.
    BreakGlass,
    /// The queue of break-glass accesses awaiting review.
    AccessReview,
    /// The audit trail.
    AuditTrail,
    /// Aggregate figures: counts with no person in them.
    Aggregate,
    /// Staff accounts.
    UserAccount,
    /// The compute-only risk calculators: figures in, scores out, no person in them.
    RiskCalculator,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 8] = [
        ResourceKind::Person,
        ResourceKind::PersonList,
        ResourceKind::BreakGlass,
        ResourceKind::AccessReview,
        ResourceKind::AuditTrail,
        ResourceKind::Aggregate,
        ResourceKind::UserAccount,
        ResourceKind::RiskCalculator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ResourceKind::Person => "person",
            ResourceKind::PersonList => "person_list",
            ResourceKind::BreakGlass => "break_glass",
            ResourceKind::AccessReview => "access_review",
            ResourceKind::AuditTrail => "audit_trail",
            ResourceKind::Aggregate => "aggregate",
            ResourceKind::UserAccount => "user_account",
            ResourceKind::RiskCalculator => "risk_calculator",
        }
    }
}

/// Which people a list may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListScope {
    /// Only the people allocated to the actor ("my cases").
    Caseload,
    /// Only the people the actor has a relationship with (a partner's referrals and
    /// shares, a panel member's cases).
    Related,
    /// The whole register's nominal index (names, dates of birth, identifiers).
    Register,
}

/// The thing acted on, with the facts the policy needs about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub person: Option<PersonId>,
    pub owning_agency: Option<AgencyId>,
    /// The actor's relationships with the person, as the store found them.
    pub relationships: Vec<Relationship>,
    /// The sections acted on: those wanted for a read (often all), those written for a
    /// change, those given for a share.
    pub sections: SectionSet,
    /// For lists: which people.
    pub scope: Option<ListScope>,
}

impl Resource {
    /// One person's record; narrow the sections with [`Resource::sections`].
    pub fn person(
        person: PersonId,
        owning_agency: AgencyId,
        relationships: Vec<Relationship>,
    ) -> Self {
        Self {
            kind: ResourceKind::Person,
            person: Some(person),
            owning_agency: Some(owning_agency),
            relationships,
            sections: SectionSet::all(),
            scope: None,
        }
    }

    /// A person not yet created: only the creating agency is known.
    pub fn new_person(owning_agency: AgencyId) -> Self {
        Self {
            kind: ResourceKind::Person,
            person: None,
            owning_agency: Some(owning_agency),
            relationships: vec![],
            sections: SectionSet::unrestricted().without(SectionSet::one(Section::History)),
            scope: None,
        }
    }

    pub fn list(scope: ListScope) -> Self {
        Self {
            kind: ResourceKind::PersonList,
            person: None,
            owning_agency: None,
            relationships: vec![],
            sections: SectionSet::of(&[Section::Identity, Section::Markers]),
            scope: Some(scope),
        }
    }

    /// Opening `person`'s record outside the actor's relationships.
    pub fn break_glass(person: PersonId, owning_agency: AgencyId) -> Self {
        Self {
            kind: ResourceKind::BreakGlass,
            ..Self::person(person, owning_agency, vec![])
        }
    }

    /// Anything that holds no person: the audit trail, aggregates, accounts, the review
    /// queue (scoped to an owning agency when it is known).
    pub fn other(kind: ResourceKind, owning_agency: Option<AgencyId>) -> Self {
        Self {
            kind,
            person: None,
            owning_agency,
            relationships: vec![],
            sections: SectionSet::EMPTY,
            scope: None,
        }
    }

    pub fn sections(mut self, sections: SectionSet) -> Self {
        self.sections = sections;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub reason: &'static str,
    /// The sections the decision covers (for a read, those the actor may see).
    pub sections: SectionSet,
}

impl Decision {
    fn allow(reason: &'static str, sections: SectionSet) -> Self {
        Self {
            allowed: true,
            reason,
            sections,
        }
    }
    fn deny(reason: &'static str) -> Self {
        Self {
            allowed: false,
            reason,
            sections: SectionSet::EMPTY,
        }
    }
}

/// The policy. Pure: the same actor, action and resource always give the same answer.
///
/// - A permission alone never shows a person: `person.read` reads what a relationship
///   reaches (see [`Relationship::reach`]), section by section.
/// - Restricted sections (victim, health, intelligence, do-not-disclose) also need their
///   `section.*` permission and a case-team, owning-agency, panel or break-glass
///   relationship; referrals and shares never carry them.
/// - The access log ("who has viewed this record") is for the owning agency only.
/// - Board members and lay advisers hold no person permission, so see aggregates only.
pub fn decide(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    match resource.kind {
        ResourceKind::Person => {
            // Relationships that count only for some roles (owning agency: managers;
            // possible duplicate: those who resolve duplicates; MAPPA case: those who run
            // MAPPA) are dropped for everyone else before anything is decided.
            let mut own = resource.clone();
            own.relationships.retain(|r| r.counts_for(actor));
            decide_person(actor, action, &own)
        }
        ResourceKind::PersonList => decide_list(actor, action, resource.scope),
        ResourceKind::BreakGlass => decide_break_glass(actor, action, resource),
        ResourceKind::AccessReview => match action {
            Action::Read | Action::Change
                if actor.has(Permission::AccessReview)
                    && resource
                        .owning_agency
                        .is_none_or(|owner| owner == actor.agency_id) =>
            {
                Decision::allow(
                    "the owning agency's information governance lead reviews break-glass access",
                    SectionSet::EMPTY,
                )
            }
            _ => Decision::deny(
                "only the owning agency's information governance lead reviews access",
            ),
        },
        ResourceKind::AuditTrail => match action {
            Action::Read | Action::Export if actor.has(Permission::AuditRead) => Decision::allow(
                "information governance may read the audit trail",
                SectionSet::EMPTY,
            ),
            _ => Decision::deny("only information governance may read the audit trail"),
        },
        ResourceKind::RiskCalculator => match action {
            Action::Read if actor.has(Permission::RiskCompute) => Decision::allow(
                "the calculators take figures and hold no personal data",
                SectionSet::EMPTY,
            ),
            _ => Decision::deny("no role of the actor grants the risk calculators"),
        },
        ResourceKind::Aggregate => match action {
            Action::Read
                if actor.has(Permission::AggregateView) || actor.has(Permission::PersonRead) =>
            {
                Decision::allow("aggregate figures hold no personal data", SectionSet::EMPTY)
            }
            _ => Decision::deny("no role of the actor grants aggregate figures"),
        },
        ResourceKind::UserAccount => match action {
            Action::Read | Action::Create | Action::Change if actor.has(Permission::UserAdmin) => {
                Decision::allow("administrators manage accounts", SectionSet::EMPTY)
            }
            _ => Decision::deny("only administrators manage accounts"),
        },
    }
}

fn decide_list(actor: &Actor, action: Action, scope: Option<ListScope>) -> Decision {
    if action == Action::Combine {
        return if actor.has(Permission::PersonCombine)
            && actor.has(Permission::PersonRead)
            && scope == Some(ListScope::Register)
        {
            Decision::allow(
                "those who resolve duplicates compare the register's records",
                SectionSet::of(&[Section::Identity, Section::Addresses]),
            )
        } else {
            Decision::deny("no role of the actor grants comparing records for duplicates")
        };
    }
    if action == Action::Create {
        return if actor.has(Permission::PersonImport)
            && actor.has(Permission::PersonRead)
            && scope == Some(ListScope::Register)
        {
            Decision::allow(
                "named staff load agencies' feeds into the register",
                SectionSet::of(&[Section::Identity, Section::Addresses]),
            )
        } else {
            Decision::deny("no role of the actor grants loading feeds into the register")
        };
    }
    if action != Action::Read {
        return Decision::deny("lists can only be read");
    }
    if !actor.has(Permission::PersonRead) {
        return Decision::deny("no role of the actor grants access to person records");
    }
    // What a list shows of each person: a caseload the columns an offender manager works
    // from; the nominal index and a partner's list only who the person is and the
    // warning markers that keep staff safe.
    let index = SectionSet::of(&[Section::Identity, Section::Markers]);
    match scope {
        Some(ListScope::Caseload) if actor.has(Permission::CaseloadView) => Decision::allow(
            "staff may list the cases allocated to them",
            index.union(SectionSet::of(&[
                Section::Addresses,
                Section::Convictions,
                Section::Risk,
                // The MAPPA level and next review, beside the tasks.
                Section::Management,
            ])),
        ),
        Some(ListScope::Related) => Decision::allow(
            "staff may list the people they have a relationship with",
            index,
        ),
        Some(ListScope::Register)
            if actor.has(Permission::PersonSearch)
                && actor.agency_kind.is_responsible_authority() =>
        {
            Decision::allow(
                "responsible authority staff may search the nominal index",
                index,
            )
        }
        Some(ListScope::Register) if actor.has(Permission::PersonSearch) => {
            Decision::deny("partner agencies search only the people referred or shared to them")
        }
        _ => Decision::deny("no role of the actor grants this list"),
    }
}

fn decide_break_glass(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    match action {
        Action::Create
            if actor.has(Permission::BreakGlass)
                && actor.has(Permission::PersonRead)
                && actor.agency_kind.is_responsible_authority() =>
        {
            Decision::allow(
                "named roles may open a record outside their relationships, with a reason",
                resource.sections,
            )
        }
        Action::Create => Decision::deny("no role of the actor allows break-glass access"),
        _ => Decision::deny("break-glass access can only be opened"),
    }
}

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
        Some(Relationship::BreakGlass) | None => "the actor opened this record by break-glass",
    }
}

fn decide_person(actor: &Actor, action: Action, resource: &Resource) -> Decision {
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

/// Ask the policy and, if it allows, receive the capability the store demands.
pub fn authorize(actor: &Actor, action: Action, resource: &Resource) -> Result<Capability, Denial> {
    let decision = decide(actor, action, resource);
    if decision.allowed {
        Ok(Capability::new(
            action,
            resource.kind,
            resource.person,
            decision.sections,
            resource.scope,
            actor,
            resource.owning_agency,
        ))
    } else {
        Err(Denial {
            action,
            kind: resource.kind,
            person: resource.person,
            reason: decision.reason,
        })
    }
}

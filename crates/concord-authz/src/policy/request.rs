//! What the policy is asked about: the action and the resource acted on, with the facts
//! the policy needs about it. Apart from the rules because callers build these (the store
//! finds the relationships) and the rules only read them.

use concord_domain::{AgencyId, PersonId};
use serde::Serialize;

use crate::{Relationship, Section, SectionSet};

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
            (Action::Change | Action::Share, Action::Read)
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
    /// The directory of partner services and the contracts behind it: no person in it.
    ServiceDirectory,
    /// A provider's volunteers and their vetting (`owning_agency`: the provider).
    VolunteerRegister,
    /// The IOM panel's cohort decisions: whom the IOM team works, and why. They name
    /// people, so only the IOM team reads and writes them.
    IomCohort,
    /// The electronic-monitoring provider's feed of location fixes: the fixes of the
    /// tags it has fitted, written to those people's records without reading them.
    MonitoringFeed,
    /// One person's approved-premises application, booking and stay (in the licence
    /// section): the case team applies, the central referral unit assesses and books,
    /// the premises' staff record the stay. None of them reaches the rest of the licence
    /// section's writes through it.
    ApStay,
    /// The approved premises, their beds and occupancy: no person in them.
    ApDirectory,
    /// The postcode directory: each postcode's centre, open reference data.
    PostcodeDirectory,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 15] = [
        ResourceKind::Person,
        ResourceKind::PersonList,
        ResourceKind::BreakGlass,
        ResourceKind::AccessReview,
        ResourceKind::AuditTrail,
        ResourceKind::Aggregate,
        ResourceKind::UserAccount,
        ResourceKind::RiskCalculator,
        ResourceKind::ServiceDirectory,
        ResourceKind::VolunteerRegister,
        ResourceKind::IomCohort,
        ResourceKind::MonitoringFeed,
        ResourceKind::ApStay,
        ResourceKind::ApDirectory,
        ResourceKind::PostcodeDirectory,
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
            ResourceKind::ServiceDirectory => "service_directory",
            ResourceKind::VolunteerRegister => "volunteer_register",
            ResourceKind::IomCohort => "iom_cohort",
            ResourceKind::MonitoringFeed => "monitoring_feed",
            ResourceKind::ApStay => "ap_stay",
            ResourceKind::ApDirectory => "ap_directory",
            ResourceKind::PostcodeDirectory => "postcode_directory",
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
    /// The register's offending, for those who select the IOM cohort: who, where they
    /// live and what they were convicted of — nothing else of anyone's record.
    Offending,
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

use concord_domain::{AgencyId, PersonId, TeamId, UserId};

use crate::policy::{Action, ListScope, ResourceKind};
use crate::{Actor, Section, SectionSet};

/// Proof that the policy allowed `action` on a resource, for the sections it allowed.
/// Fields are private and there is no public constructor: the store's personal-data
/// functions take a `&Capability`, so the only way to call them is through
/// [`crate::authorize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capability {
    action: Action,
    kind: ResourceKind,
    person: Option<PersonId>,
    sections: SectionSet,
    scope: Option<ListScope>,
    holder: Holder,
    /// The agency that owns (or, for a create, will own) the record.
    owner: Option<AgencyId>,
}

/// Who the capability was issued to: a list of "related" people is computed from these,
/// so the store cannot be asked for someone else's relationships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub user: UserId,
    pub team: Option<TeamId>,
    pub agency: AgencyId,
    /// The holder works for a partner agency, not the responsible authority: partner
    /// services' rows are filtered to their own agency's referrals.
    pub partner: bool,
}

impl From<&Actor> for Holder {
    fn from(actor: &Actor) -> Self {
        Holder {
            user: actor.user_id,
            team: actor.team_id,
            agency: actor.agency_id,
            partner: !actor.agency_kind.is_responsible_authority(),
        }
    }
}

impl Capability {
    pub(crate) fn new(
        action: Action,
        kind: ResourceKind,
        person: Option<PersonId>,
        sections: SectionSet,
        scope: Option<ListScope>,
        actor: &Actor,
        owner: Option<AgencyId>,
    ) -> Self {
        Self {
            action,
            kind,
            person,
            sections,
            scope,
            holder: Holder::from(actor),
            owner,
        }
    }

    /// The agency that owns the record, or will own the one being created.
    pub fn owning_agency(&self) -> Option<AgencyId> {
        self.owner
    }

    pub fn action(&self) -> Action {
        self.action
    }

    pub fn kind(&self) -> ResourceKind {
        self.kind
    }

    /// The one person this capability is for, if it is person-specific.
    pub fn person(&self) -> Option<PersonId> {
        self.person
    }

    /// The sections it covers.
    pub fn sections(&self) -> SectionSet {
        self.sections
    }

    /// For a list: which people it may hold.
    pub fn scope(&self) -> Option<ListScope> {
        self.scope
    }

    pub fn holder(&self) -> Holder {
        self.holder
    }

    /// After a create, the same use case completes the record it made (names, identifiers,
    /// addresses) in the same transaction: a create capability becomes a change capability
    /// for the new person and the sections it was allowed to write, and nothing else.
    pub fn into_created(self, person: PersonId) -> Option<Capability> {
        (self.action == Action::Create
            && self.kind == ResourceKind::Person
            && self.person.is_none())
        .then_some(Capability {
            action: Action::Change,
            person: Some(person),
            ..self
        })
    }

    /// Does this capability cover `action` on `section` of `person`?
    pub fn covers(&self, action: Action, person: PersonId, section: Section) -> bool {
        self.kind == ResourceKind::Person
            && self.person == Some(person)
            && self.sections.contains(section)
            && (self.action == action || self.action.implies(action))
    }

    /// Does it cover `action` on `person` at all (any section)? For writes that belong to
    /// no one section, such as the field history a change leaves behind.
    pub fn covers_any(&self, action: Action, person: PersonId) -> bool {
        self.sections.iter().any(|s| self.covers(action, person, s))
    }
}

/// The policy said no. Carries the reason for the audit trail; the user is told less.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub action: Action,
    pub kind: ResourceKind,
    pub person: Option<PersonId>,
    pub reason: &'static str,
}

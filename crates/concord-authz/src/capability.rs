use concord_domain::PersonId;

use crate::policy::{Action, ResourceKind};

/// Proof that the policy allowed `action` on a resource. Fields are private and there is
/// no public constructor: the store's personal-data functions take a `&Capability`, so the
/// only way to call them is through [`crate::authorize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capability {
    action: Action,
    kind: ResourceKind,
    person: Option<PersonId>,
}

impl Capability {
    pub(crate) fn new(action: Action, kind: ResourceKind, person: Option<PersonId>) -> Self {
        Self {
            action,
            kind,
            person,
        }
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

    /// After a create, the same use case completes the record it made (names, identifiers,
    /// addresses) in the same transaction: a create capability becomes a change capability
    /// for the new person, and for nothing else.
    pub fn into_created(self, person: PersonId) -> Option<Capability> {
        (self.action == Action::Create
            && self.kind == ResourceKind::Person
            && self.person.is_none())
        .then(|| Capability::new(Action::Change, ResourceKind::Person, Some(person)))
    }

    /// Does this capability cover `action` on `person`? A capability for a list
    /// (search, caseload) carries no person and covers only list reads.
    pub fn covers(&self, action: Action, person: PersonId) -> bool {
        self.person == Some(person) && (self.action == action || self.action.implies(action))
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

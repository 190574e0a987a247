use concord_domain::{AgencyId, PersonId};
use serde::Serialize;

use crate::{Actor, Capability, Denial, Permission};

/// What the actor wants to do. The full set of the need-to-know model; the foundation
/// policy grants share/disclose/export/erase to nobody until their use cases exist.
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
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Read,
        Action::Create,
        Action::Change,
        Action::Share,
        Action::Disclose,
        Action::Export,
        Action::Erase,
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
        }
    }

    /// Changing a record needs reading it first (to show the form, to diff the change).
    pub(crate) fn implies(self, other: Action) -> bool {
        matches!((self, other), (Action::Change, Action::Read))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// One person's record.
    Person,
    /// A list of people: search results, a caseload.
    PersonList,
    /// The audit trail.
    AuditTrail,
    /// Staff accounts.
    UserAccount,
}

impl ResourceKind {
    pub fn code(self) -> &'static str {
        match self {
            ResourceKind::Person => "person",
            ResourceKind::PersonList => "person_list",
            ResourceKind::AuditTrail => "audit_trail",
            ResourceKind::UserAccount => "user_account",
        }
    }
}

/// The thing acted on, with the facts the policy needs about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub person: Option<PersonId>,
    pub owning_agency: Option<AgencyId>,
    /// Is the actor allocated to this person (offender manager, police officer)? For a
    /// list: does it hold only the people allocated to the actor (their caseload)?
    pub allocated_to_actor: bool,
}

impl Resource {
    pub fn person(person: PersonId, owning_agency: AgencyId, allocated_to_actor: bool) -> Self {
        Self {
            kind: ResourceKind::Person,
            person: Some(person),
            owning_agency: Some(owning_agency),
            allocated_to_actor,
        }
    }

    /// A person not yet created: only the creating agency is known.
    pub fn new_person(owning_agency: AgencyId) -> Self {
        Self {
            kind: ResourceKind::Person,
            person: None,
            owning_agency: Some(owning_agency),
            allocated_to_actor: false,
        }
    }

    pub fn list(kind: ResourceKind) -> Self {
        Self {
            kind,
            person: None,
            owning_agency: None,
            allocated_to_actor: false,
        }
    }

    /// The actor's own caseload: a list of only the people allocated to them, which is
    /// all that `caseload.view` grants (searching the register needs `person.search`).
    pub fn caseload() -> Self {
        Self {
            allocated_to_actor: true,
            ..Self::list(ResourceKind::PersonList)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub reason: &'static str,
}

impl Decision {
    fn allow(reason: &'static str) -> Self {
        Self {
            allowed: true,
            reason,
        }
    }
    fn deny(reason: &'static str) -> Self {
        Self {
            allowed: false,
            reason,
        }
    }
}

/// The policy. Pure: the same actor, action and resource always give the same answer.
///
/// Foundation rules (the need-to-know issue refines "read" by relationship and section):
/// - staff of the responsible authority (police, probation, prison) with the matching
///   permission may read, create and change person records;
/// - partner agencies see no person record until a referral or share exists;
/// - board members and lay advisers never see personal data;
/// - sharing, disclosure, export and erasure have no use case yet, so nobody may.
pub fn decide(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    match resource.kind {
        ResourceKind::Person => decide_person(actor, action, resource),
        ResourceKind::PersonList => match action {
            Action::Read if resource.allocated_to_actor && actor.has(Permission::CaseloadView) => {
                Decision::allow("staff may list the cases allocated to them")
            }
            Action::Read if actor.has(Permission::PersonSearch) => {
                if actor.agency_kind.is_responsible_authority() {
                    Decision::allow("responsible authority staff may search the register")
                } else {
                    Decision::deny("partner agencies search only their referred cases")
                }
            }
            Action::Read => Decision::deny("no role of the actor grants person lists"),
            _ => Decision::deny("lists can only be read"),
        },
        ResourceKind::AuditTrail => match action {
            Action::Read | Action::Export if actor.has(Permission::AuditRead) => {
                Decision::allow("information governance may read the audit trail")
            }
            _ => Decision::deny("only information governance may read the audit trail"),
        },
        ResourceKind::UserAccount => match action {
            Action::Read | Action::Create | Action::Change if actor.has(Permission::UserAdmin) => {
                Decision::allow("administrators manage accounts")
            }
            _ => Decision::deny("only administrators manage accounts"),
        },
    }
}

fn decide_person(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    let needed = match action {
        Action::Read => Permission::PersonRead,
        Action::Create => Permission::PersonCreate,
        Action::Change => Permission::PersonChange,
        Action::Share | Action::Disclose | Action::Export | Action::Erase => {
            return Decision::deny("sharing, disclosure, export and erasure are not yet enabled")
        }
    };
    if !actor.has(needed) {
        return Decision::deny("no role of the actor grants this action on person records");
    }
    if resource.allocated_to_actor {
        return Decision::allow("the actor is allocated to this person");
    }
    if actor.agency_kind.is_responsible_authority() {
        return Decision::allow("responsible authority staff with the required role");
    }
    Decision::deny("partner agencies see only referred or shared cases")
}

/// Ask the policy and, if it allows, receive the capability the store demands.
pub fn authorize(actor: &Actor, action: Action, resource: &Resource) -> Result<Capability, Denial> {
    let decision = decide(actor, action, resource);
    if decision.allowed {
        Ok(Capability::new(action, resource.kind, resource.person))
    } else {
        Err(Denial {
            action,
            kind: resource.kind,
            person: resource.person,
            reason: decision.reason,
        })
    }
}

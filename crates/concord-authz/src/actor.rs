use std::collections::BTreeSet;

use concord_domain::{AgencyId, AgencyKind, TeamId, UserId};
use serde::{Deserialize, Serialize};

/// What a role grants. Roles themselves are data (the `role` table); these codes are the
/// vocabulary they are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Permission {
    #[serde(rename = "person.read")]
    PersonRead,
    #[serde(rename = "person.search")]
    PersonSearch,
    #[serde(rename = "person.create")]
    PersonCreate,
    #[serde(rename = "person.change")]
    PersonChange,
    #[serde(rename = "caseload.view")]
    CaseloadView,
    #[serde(rename = "aggregate.view")]
    AggregateView,
    #[serde(rename = "audit.read")]
    AuditRead,
    #[serde(rename = "user.admin")]
    UserAdmin,
}

impl Permission {
    pub const ALL: [Permission; 8] = [
        Permission::PersonRead,
        Permission::PersonSearch,
        Permission::PersonCreate,
        Permission::PersonChange,
        Permission::CaseloadView,
        Permission::AggregateView,
        Permission::AuditRead,
        Permission::UserAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::PersonRead => "person.read",
            Permission::PersonSearch => "person.search",
            Permission::PersonCreate => "person.create",
            Permission::PersonChange => "person.change",
            Permission::CaseloadView => "caseload.view",
            Permission::AggregateView => "aggregate.view",
            Permission::AuditRead => "audit.read",
            Permission::UserAdmin => "user.admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The person acting: built from the session by the web layer, from the `--as` user by
/// the CLI. Permissions are the union of the actor's roles' permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub agency_id: AgencyId,
    pub agency_kind: AgencyKind,
    pub team_id: Option<TeamId>,
    pub roles: Vec<String>,
    pub permissions: BTreeSet<Permission>,
}

impl Actor {
    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

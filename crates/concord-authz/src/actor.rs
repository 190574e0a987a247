use std::collections::BTreeSet;

use concord_domain::{AgencyId, AgencyKind, TeamId, UserId};
use serde::{Deserialize, Serialize};

/// What a role grants. Roles themselves are data (the `role` table); these codes are the
/// vocabulary they are written in. A permission is never enough on its own to see a
/// person: `person.read` lets the actor read what a *relationship* gives them, and the
/// `section.*` permissions open the restricted sections within that.
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
    #[serde(rename = "person.share")]
    PersonShare,
    #[serde(rename = "person.disclose")]
    PersonDisclose,
    #[serde(rename = "person.export")]
    PersonExport,
    #[serde(rename = "person.erase")]
    PersonErase,
    #[serde(rename = "person.break_glass")]
    BreakGlass,
    /// Compare records for duplicates, review possible duplicates, link and unlink them.
    #[serde(rename = "person.combine")]
    PersonCombine,
    /// Load an agency's feed into the register on that agency's behalf.
    #[serde(rename = "person.import")]
    PersonImport,
    /// Start, complete and sign off risk assessments (RoSH reviews, DASH checklists).
    #[serde(rename = "assessment.write")]
    AssessmentWrite,
    /// Call the compute-only risk calculators (figures in, scores out; no person).
    #[serde(rename = "risk.compute")]
    RiskCompute,
    /// Approve licences and their variations: a second, senior person, never the author.
    #[serde(rename = "licence.approve")]
    LicenceApprove,
    /// Run MAPPA for the area: screen referrals, decide levels, schedule meetings, record
    /// minutes and reviews (MAPPA coordinators and chairs).
    #[serde(rename = "mappa.manage")]
    MappaManage,
    /// Oversight of the owning agency's records (its managers): the unrestricted
    /// sections of every record the agency owns, without a case relationship. Working
    /// for the agency alone opens nothing.
    #[serde(rename = "agency.oversight")]
    AgencyOversight,
    #[serde(rename = "section.victim")]
    SectionVictim,
    #[serde(rename = "section.health")]
    SectionHealth,
    #[serde(rename = "section.intelligence")]
    SectionIntelligence,
    #[serde(rename = "section.do_not_disclose")]
    SectionDoNotDisclose,
    #[serde(rename = "caseload.view")]
    CaseloadView,
    #[serde(rename = "aggregate.view")]
    AggregateView,
    #[serde(rename = "audit.read")]
    AuditRead,
    #[serde(rename = "access.review")]
    AccessReview,
    #[serde(rename = "user.admin")]
    UserAdmin,
    /// Keep the directory of partner services: providers' contracts, their areas,
    /// eligibility and places (probation's partnerships and commissioning staff).
    #[serde(rename = "contract.manage")]
    ContractManage,
    /// Run Integrated Offender Management: read the register's offending to select the
    /// cohort, and record the panel's decisions (the IOM team, police and probation).
    #[serde(rename = "iom.manage")]
    IomManage,
    /// Import the Local Criminal Justice Board's measures held by the courts, the police
    /// and the youth offending service (the board's performance officer): figures only.
    #[serde(rename = "measures.import")]
    MeasuresImport,
    /// Send the location fixes of the electronic-monitoring tags the provider has fitted
    /// (the provider's service account): writes fixes, reads nothing back.
    #[serde(rename = "em.fixes.submit")]
    EmFixesSubmit,
    /// Run an approved premises: its beds, its residents' arrivals, sign-in register,
    /// incidents and departures (the AP manager and staff). Reaches only the residents
    /// and applicants of the actor's own premises.
    #[serde(rename = "ap.manage")]
    ApManage,
    /// Assess applications for approved premises and book the places (the central
    /// referral unit). Reaches only the applicants awaiting a decision or a place.
    #[serde(rename = "ap.assess")]
    ApAssess,
}

impl Permission {
    pub const ALL: [Permission; 31] = [
        Permission::PersonRead,
        Permission::PersonSearch,
        Permission::PersonCreate,
        Permission::PersonChange,
        Permission::PersonShare,
        Permission::PersonDisclose,
        Permission::PersonExport,
        Permission::PersonErase,
        Permission::BreakGlass,
        Permission::PersonCombine,
        Permission::PersonImport,
        Permission::AssessmentWrite,
        Permission::RiskCompute,
        Permission::LicenceApprove,
        Permission::MappaManage,
        Permission::AgencyOversight,
        Permission::SectionVictim,
        Permission::SectionHealth,
        Permission::SectionIntelligence,
        Permission::SectionDoNotDisclose,
        Permission::CaseloadView,
        Permission::AggregateView,
        Permission::AuditRead,
        Permission::AccessReview,
        Permission::UserAdmin,
        Permission::ContractManage,
        Permission::IomManage,
        Permission::MeasuresImport,
        Permission::EmFixesSubmit,
        Permission::ApManage,
        Permission::ApAssess,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::PersonRead => "person.read",
            Permission::PersonSearch => "person.search",
            Permission::PersonCreate => "person.create",
            Permission::PersonChange => "person.change",
            Permission::PersonShare => "person.share",
            Permission::PersonDisclose => "person.disclose",
            Permission::PersonExport => "person.export",
            Permission::PersonErase => "person.erase",
            Permission::BreakGlass => "person.break_glass",
            Permission::PersonCombine => "person.combine",
            Permission::PersonImport => "person.import",
            Permission::AssessmentWrite => "assessment.write",
            Permission::RiskCompute => "risk.compute",
            Permission::LicenceApprove => "licence.approve",
            Permission::MappaManage => "mappa.manage",
            Permission::AgencyOversight => "agency.oversight",
            Permission::SectionVictim => "section.victim",
            Permission::SectionHealth => "section.health",
            Permission::SectionIntelligence => "section.intelligence",
            Permission::SectionDoNotDisclose => "section.do_not_disclose",
            Permission::CaseloadView => "caseload.view",
            Permission::AggregateView => "aggregate.view",
            Permission::AuditRead => "audit.read",
            Permission::AccessReview => "access.review",
            Permission::UserAdmin => "user.admin",
            Permission::ContractManage => "contract.manage",
            Permission::IomManage => "iom.manage",
            Permission::MeasuresImport => "measures.import",
            Permission::EmFixesSubmit => "em.fixes.submit",
            Permission::ApManage => "ap.manage",
            Permission::ApAssess => "ap.assess",
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
    /// The web request or CLI command this actor is acting in, carried into every audit
    /// event so that one request's reads and writes can be found together.
    pub request_id: Option<String>,
}

impl Actor {
    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

//! The access policy: [`decide`] over every kind of resource, and [`authorize`], which
//! turns an allowing decision into the capability the store demands.
//!
//! The decision and the rules for lists, break-glass and the resources that hold no
//! person live here; what the policy is asked about (the action and the resource) and the
//! rules for one person's record are each in their own file below.

mod person;
mod premises;
mod request;

use crate::{Actor, Capability, Denial, Permission, Section, SectionSet};
use person::decide_person;

pub use person::readable_sections;
pub use request::{Action, ListScope, Resource, ResourceKind};

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
///   reaches (see [`Relationship::reach`](crate::Relationship::reach)), section by section.
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
            // Figures held elsewhere (courts, police, youth offending service) arrive as
            // counts per area and period: no person in them.
            Action::Create if actor.has(Permission::MeasuresImport) => Decision::allow(
                "the board's performance officer imports the measures held elsewhere",
                SectionSet::EMPTY,
            ),
            _ => Decision::deny("no role of the actor grants aggregate figures"),
        },
        ResourceKind::IomCohort => match action {
            Action::Read | Action::Create
                if actor.has(Permission::IomManage)
                    && actor.agency_kind.is_responsible_authority() =>
            {
                Decision::allow(
                    "the IOM team keeps its cohort and the panel's decisions",
                    SectionSet::EMPTY,
                )
            }
            _ => Decision::deny("only the IOM team keeps the cohort"),
        },
        ResourceKind::ServiceDirectory => match action {
            Action::Read
                if actor.has(Permission::PersonRead)
                    || actor.has(Permission::AggregateView)
                    || actor.has(Permission::ContractManage) =>
            {
                Decision::allow(
                    "the directory of services holds no personal data",
                    SectionSet::EMPTY,
                )
            }
            Action::Create | Action::Change if actor.has(Permission::ContractManage) => {
                Decision::allow("commissioning staff keep the contracts", SectionSet::EMPTY)
            }
            _ => Decision::deny("only commissioning staff keep the directory of services"),
        },
        // A provider keeps its own volunteers; the responsible authority reads them to
        // approve a match. Nobody reads another provider's.
        ResourceKind::VolunteerRegister => {
            let own = resource.owning_agency == Some(actor.agency_id);
            match action {
                Action::Read
                    if actor.has(Permission::PersonRead)
                        && (own || actor.agency_kind.is_responsible_authority()) =>
                {
                    Decision::allow(
                        "a provider keeps its volunteers; the case team reads them to approve a match",
                        SectionSet::EMPTY,
                    )
                }
                Action::Create | Action::Change
                    if own
                        && actor.has(Permission::PersonRead)
                        && !actor.agency_kind.is_responsible_authority() =>
                {
                    Decision::allow("a provider keeps its own volunteers", SectionSet::EMPTY)
                }
                _ => Decision::deny("only the provider keeps its volunteers"),
            }
        }
        // The provider learns nothing from the feed but counts and refusals: each fix is
        // written to the record of the person its tag is fitted to, never read back.
        ResourceKind::MonitoringFeed => match action {
            Action::Create if actor.has(Permission::EmFixesSubmit) => Decision::allow(
                "the monitoring provider sends the fixes of the tags it has fitted",
                SectionSet::EMPTY,
            ),
            _ => Decision::deny("only the monitoring provider's service account sends fixes"),
        },
        ResourceKind::ApStay => {
            let mut own = resource.clone();
            own.relationships.retain(|r| r.counts_for(actor));
            premises::decide_stay(actor, action, &own)
        }
        ResourceKind::ApDirectory => premises::decide_directory(actor, action),
        // Open reference data: reading it needs no decision (it names no one); replacing
        // it is the administrators' work, like the accounts.
        ResourceKind::PostcodeDirectory => match action {
            Action::Create if actor.has(Permission::UserAdmin) => Decision::allow(
                "administrators load the postcode directory",
                SectionSet::EMPTY,
            ),
            _ => Decision::deny("only administrators load the postcode directory"),
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
        // A provider's list of its referrals shows where each stands (the store gives
        // only the holder's agency's).
        Some(ListScope::Related) => Decision::allow(
            "staff may list the people they have a relationship with",
            index.union(SectionSet::one(Section::Interventions)),
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
        Some(ListScope::Offending)
            if actor.has(Permission::IomManage) && actor.agency_kind.is_responsible_authority() =>
        {
            // Intelligence counts for people on no order (seed 004), for those who may
            // read intelligence at all.
            let intelligence = if actor.has(Permission::SectionIntelligence) {
                SectionSet::one(Section::Intelligence)
            } else {
                SectionSet::EMPTY
            };
            Decision::allow(
                "the IOM team selects its cohort from the register's offending",
                index
                    .union(SectionSet::of(&[Section::Addresses, Section::Convictions]))
                    .union(intelligence),
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

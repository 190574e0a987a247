//! Approved premises (issue 23): one person's application, booking and stay, and the
//! directory of premises and beds.
//!
//! A stay is in the licence section (residence at the premises is a licence condition),
//! but deciding it apart from the person's record keeps each party to its own part: the
//! premises' staff record arrivals, sign-ins and incidents of their residents, and the
//! central referral unit decides and books, without either being able to add a licence
//! condition, fit a tag or draw a zone, which a licence-section change on the record
//! would allow.

use super::person::readable_sections;
use super::{Action, Decision, Resource};
use crate::{Actor, Permission, Relationship, Section, SectionSet};

pub(super) fn decide_stay(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    let licence = SectionSet::one(Section::Licence);
    if resource.person.is_none() {
        return Decision::deny("a stay is always one person's");
    }
    if !actor.has(Permission::PersonRead) || resource.relationships.is_empty() {
        return Decision::deny("the actor has no relationship with this person");
    }
    let readable = readable_sections(actor, resource).contains(Section::Licence);
    let has = |r: Relationship| resource.relationships.contains(&r);
    match action {
        Action::Read if readable => Decision::allow(
            "the approved-premises stay is read with the licence",
            licence,
        ),
        Action::Create | Action::Change
            if readable
                && actor.has(Permission::PersonChange)
                && resource.relationships.iter().any(|r| r.may_change()) =>
        {
            Decision::allow(
                "the case team applies for a place and plans the move-on",
                licence,
            )
        }
        Action::Create | Action::Change
            if actor.has(Permission::ApManage) && has(Relationship::Premises) =>
        {
            Decision::allow(
                "approved premises staff record their resident's stay",
                licence,
            )
        }
        Action::Create | Action::Change
            if actor.has(Permission::ApAssess) && has(Relationship::ApApplicant) =>
        {
            Decision::allow(
                "the central referral unit assesses the application and books the place",
                licence,
            )
        }
        Action::Read => Decision::deny("the actor's relationship does not reach the licence"),
        _ => Decision::deny(
            "only the case team, the central referral unit and the premises' staff record a stay",
        ),
    }
}

pub(super) fn decide_directory(actor: &Actor, action: Action) -> Decision {
    let ap = actor.has(Permission::ApManage) || actor.has(Permission::ApAssess);
    match action {
        Action::Read if ap || actor.has(Permission::PersonRead) => Decision::allow(
            "the premises, their beds and occupancy hold no personal data",
            SectionSet::EMPTY,
        ),
        Action::Change if ap => Decision::allow(
            "approved-premises staff keep beds in or out of service",
            SectionSet::EMPTY,
        ),
        Action::Create if actor.has(Permission::UserAdmin) => {
            Decision::allow("administrators add premises and beds", SectionSet::EMPTY)
        }
        _ => Decision::deny("only approved-premises staff and administrators keep the premises"),
    }
}

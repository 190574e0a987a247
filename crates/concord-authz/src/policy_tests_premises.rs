//! Approved premises: the premises' staff reach their residents and those booked in, the
//! central referral unit its applicants; each records its part of the stay and nothing
//! else of the record, and neither ever reaches a restricted section.

use concord_domain::AgencyKind;

use crate::policy_tests::{actor, OWNER};
use crate::*;

const PERSON: concord_domain::PersonId = concord_domain::PersonId(uuid::Uuid::from_u128(7));

fn resource(kind: ResourceKind, relationships: Vec<Relationship>) -> Resource {
    Resource {
        kind,
        ..Resource::person(PERSON, OWNER, relationships)
    }
}

fn ap_staff(extra: &[Permission]) -> Actor {
    let mut p = vec![Permission::PersonRead, Permission::ApManage];
    p.extend_from_slice(extra);
    actor(AgencyKind::Probation, OWNER, &p)
}

#[test]
fn premises_staff_read_their_residents_and_record_the_stay_only() {
    // Even given the victim permission by mistake, the relationship never reaches it.
    let staff = ap_staff(&[Permission::SectionVictim, Permission::PersonChange]);
    let record = resource(ResourceKind::Person, vec![Relationship::Premises]);
    let read = decide(
        &staff,
        Action::Read,
        &record.clone().sections(SectionSet::all()),
    );
    assert!(read.allowed);
    assert_eq!(
        read.sections,
        SectionSet::of(&[
            Section::Identity,
            Section::Markers,
            Section::Addresses,
            Section::Convictions,
            Section::Risk,
            Section::Licence,
        ])
    );
    for section in [Section::Licence, Section::Identity, Section::Chronology] {
        let change = record.clone().sections(SectionSet::one(section));
        assert!(
            !decide(&staff, Action::Change, &change).allowed,
            "{section:?}"
        );
        assert!(
            !decide(&staff, Action::Create, &change).allowed,
            "{section:?}"
        );
    }
    let stay = resource(ResourceKind::ApStay, vec![Relationship::Premises]);
    for act in [Action::Read, Action::Create, Action::Change] {
        let d = decide(&staff, act, &stay);
        assert!(d.allowed, "{act:?}: {}", d.reason);
        assert_eq!(d.sections, SectionSet::one(Section::Licence));
    }
    // No booking at their premises: nothing.
    let stranger = resource(ResourceKind::ApStay, vec![]);
    assert!(!decide(&staff, Action::Read, &stranger).allowed);
    assert!(!decide(&staff, Action::Create, &stranger).allowed);
}

#[test]
fn the_relationships_count_only_for_the_roles_they_are_for() {
    // An offender manager elsewhere whose team happens to run the premises reaches
    // nothing through it, nor does a premises worker through an application.
    let om = actor(
        AgencyKind::Probation,
        OWNER,
        &[Permission::PersonRead, Permission::PersonChange],
    );
    for r in [Relationship::Premises, Relationship::ApApplicant] {
        let record = resource(ResourceKind::Person, vec![r]);
        assert!(!decide(&om, Action::Read, &record).allowed, "{r:?}");
        assert!(!decide(&om, Action::Read, &resource(ResourceKind::ApStay, vec![r])).allowed);
    }
    let staff = ap_staff(&[]);
    let applicant = resource(ResourceKind::ApStay, vec![Relationship::ApApplicant]);
    assert!(!decide(&staff, Action::Read, &applicant).allowed);
}

#[test]
fn the_central_referral_unit_decides_and_books_but_changes_nothing_else() {
    let cru = actor(
        AgencyKind::Probation,
        OWNER,
        &[
            Permission::PersonRead,
            Permission::PersonChange,
            Permission::ApAssess,
        ],
    );
    let stay = resource(ResourceKind::ApStay, vec![Relationship::ApApplicant]);
    assert!(decide(&cru, Action::Change, &stay).allowed);
    let record = resource(ResourceKind::Person, vec![Relationship::ApApplicant]);
    assert!(
        decide(
            &cru,
            Action::Read,
            &record.clone().sections(SectionSet::one(Section::Risk))
        )
        .allowed
    );
    assert!(
        !decide(
            &cru,
            Action::Read,
            &record.clone().sections(SectionSet::one(Section::Victim))
        )
        .allowed
    );
    assert!(
        !decide(
            &cru,
            Action::Change,
            &record.sections(SectionSet::one(Section::Licence))
        )
        .allowed
    );
}

#[test]
fn the_case_team_applies_and_the_directory_holds_no_one() {
    let om = actor(
        AgencyKind::Probation,
        OWNER,
        &[Permission::PersonRead, Permission::PersonChange],
    );
    let stay = resource(ResourceKind::ApStay, vec![Relationship::Allocated]);
    assert!(decide(&om, Action::Create, &stay).allowed);
    // A partner with a referral reads no licence, so no stay.
    let partner = actor(
        AgencyKind::Housing,
        concord_domain::AgencyId(uuid::Uuid::from_u128(99)),
        &[Permission::PersonRead],
    );
    let referred = resource(
        ResourceKind::ApStay,
        vec![Relationship::Referral(SectionSet::one(Section::Addresses))],
    );
    assert!(!decide(&partner, Action::Read, &referred).allowed);
    let directory = Resource::other(ResourceKind::ApDirectory, None);
    assert!(decide(&om, Action::Read, &directory).allowed);
    assert!(!decide(&om, Action::Change, &directory).allowed);
    assert!(decide(&ap_staff(&[]), Action::Change, &directory).allowed);
    assert!(!decide(&ap_staff(&[]), Action::Create, &directory).allowed);
}

//! A proposed transfer of responsibility between probation organisations: what the
//! receiving organisation's managers may do before the case is theirs.

use concord_domain::AgencyKind;

use crate::policy_tests::{actor, OTHER, OWNER};
use crate::*;

const PERSON: concord_domain::PersonId = concord_domain::PersonId(uuid::Uuid::from_u128(1));

fn proposed() -> Resource {
    Resource::person(PERSON, OWNER, vec![Relationship::TransferProposed])
}

#[test]
fn the_receiving_manager_reads_the_unrestricted_record_and_allocates_nothing_else() {
    let manager = actor(
        AgencyKind::Probation,
        OTHER,
        &[
            Permission::PersonRead,
            Permission::PersonChange,
            Permission::AgencyOversight,
            Permission::SectionHealth,
            Permission::SectionVictim,
        ],
    );
    let read = decide(
        &manager,
        Action::Read,
        &proposed().sections(SectionSet::all()),
    );
    assert!(read.allowed);
    assert_eq!(
        read.sections,
        SectionSet::unrestricted().without(SectionSet::one(Section::History)),
        "restricted sections wait for the allocation, whatever the manager's permissions"
    );
    let allocate = proposed().sections(SectionSet::one(Section::Management));
    assert!(decide(&manager, Action::Change, &allocate).allowed);
    for other in [Section::Risk, Section::Chronology, Section::Identity] {
        let r = proposed().sections(SectionSet::one(other));
        assert!(!decide(&manager, Action::Change, &r).allowed, "{other:?}");
    }
    for act in [
        Action::Share,
        Action::Disclose,
        Action::Export,
        Action::Erase,
    ] {
        assert!(
            !decide(
                &manager,
                act,
                &proposed().sections(SectionSet::one(Section::Identity))
            )
            .allowed
        );
    }
}

#[test]
fn a_proposal_gives_the_receiving_organisations_officers_nothing() {
    let officer = actor(
        AgencyKind::Probation,
        OTHER,
        &[Permission::PersonRead, Permission::PersonChange],
    );
    for act in Action::ALL {
        assert!(!decide(&officer, act, &proposed().sections(SectionSet::all())).allowed);
    }
}

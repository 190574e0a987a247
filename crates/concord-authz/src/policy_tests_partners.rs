//! The policy for partner services' resources: the directory of contracts and a
//! provider's volunteer register (the person-level rules are in `policy_tests`).

use concord_domain::AgencyKind;

use crate::policy_tests::{actor, OTHER, OWNER};
use crate::*;

#[test]
fn the_service_directory_is_read_by_staff_and_the_board_and_kept_by_commissioning() {
    let dir = Resource::other(ResourceKind::ServiceDirectory, None);
    let om = actor(AgencyKind::Probation, OWNER, &[Permission::PersonRead]);
    let board = actor(
        AgencyKind::ResponsibleAuthority,
        OWNER,
        &[Permission::AggregateView],
    );
    let commissioning = actor(AgencyKind::Probation, OWNER, &[Permission::ContractManage]);
    assert!(decide(&om, Action::Read, &dir).allowed && decide(&board, Action::Read, &dir).allowed);
    assert!(!decide(&om, Action::Create, &dir).allowed);
    assert!(decide(&commissioning, Action::Create, &dir).allowed);
    assert!(decide(&commissioning, Action::Change, &dir).allowed);
}

#[test]
fn a_provider_keeps_its_own_volunteers_and_no_other_providers() {
    let own = Resource::other(ResourceKind::VolunteerRegister, Some(OTHER));
    let elsewhere = Resource::other(ResourceKind::VolunteerRegister, Some(OWNER));
    let coordinator = actor(
        AgencyKind::VoluntarySector,
        OTHER,
        &[Permission::PersonRead],
    );
    let om = actor(AgencyKind::Probation, OWNER, &[Permission::PersonRead]);
    assert!(decide(&coordinator, Action::Create, &own).allowed);
    assert!(decide(&coordinator, Action::Read, &own).allowed);
    assert!(!decide(&coordinator, Action::Read, &elsewhere).allowed);
    // The case team reads a register to approve a match, and never writes to it.
    assert!(decide(&om, Action::Read, &own).allowed);
    assert!(!decide(&om, Action::Change, &own).allowed);
}

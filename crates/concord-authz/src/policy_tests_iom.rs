//! IOM: the register's offending for the team that selects the cohort, and the cohort
//! itself — nobody else.

use std::ops::Not;

use concord_domain::AgencyKind;

use crate::policy_tests::{actor, OWNER};
use crate::*;

#[test]
fn the_iom_team_reads_the_registers_offending_and_nothing_more() {
    let team = actor(
        AgencyKind::Police,
        OWNER,
        &[Permission::PersonRead, Permission::IomManage],
    );
    let d = decide(&team, Action::Read, &Resource::list(ListScope::Offending));
    assert!(d.allowed);
    assert_eq!(
        d.sections,
        SectionSet::of(&[
            Section::Identity,
            Section::Markers,
            Section::Addresses,
            Section::Convictions
        ])
    );
    let with_intelligence = actor(
        AgencyKind::Police,
        OWNER,
        &[
            Permission::PersonRead,
            Permission::IomManage,
            Permission::SectionIntelligence,
        ],
    );
    let d = decide(
        &with_intelligence,
        Action::Read,
        &Resource::list(ListScope::Offending),
    );
    assert!(d.sections.contains(Section::Intelligence));
    assert!(!d.sections.contains(Section::Health) && !d.sections.contains(Section::Victim));
    for act in [
        Action::Create,
        Action::Change,
        Action::Share,
        Action::Export,
    ] {
        assert!(!decide(&team, act, &Resource::list(ListScope::Offending)).allowed);
    }
}

#[test]
fn only_the_iom_team_of_the_responsible_authority_keeps_the_cohort() {
    let cohort = Resource::other(ResourceKind::IomCohort, None);
    let team = actor(
        AgencyKind::Probation,
        OWNER,
        &[Permission::PersonRead, Permission::IomManage],
    );
    assert!(decide(&team, Action::Read, &cohort).allowed);
    assert!(decide(&team, Action::Create, &cohort).allowed);
    assert!(!decide(&team, Action::Change, &cohort).allowed);
    let officer = actor(
        AgencyKind::Probation,
        OWNER,
        &[Permission::PersonRead, Permission::CaseloadView],
    );
    let partner = actor(
        AgencyKind::VoluntarySector,
        OWNER,
        &[Permission::PersonRead, Permission::IomManage],
    );
    for a in [&officer, &partner] {
        assert!(!decide(a, Action::Read, &cohort).allowed);
        assert!(!decide(a, Action::Read, &Resource::list(ListScope::Offending)).allowed);
    }
}

#[test]
fn only_the_performance_officer_imports_the_boards_measures_and_the_board_reads_them() {
    let figures = Resource::other(ResourceKind::Aggregate, None);
    let officer = actor(
        AgencyKind::Police,
        OWNER,
        &[Permission::AggregateView, Permission::MeasuresImport],
    );
    assert!(decide(&officer, Action::Create, &figures).allowed);
    assert!(decide(&officer, Action::Read, &figures).allowed);
    assert!(decide(
        &officer,
        Action::Read,
        &Resource::list(ListScope::Offending)
    )
    .allowed
    .not());
    let board = actor(AgencyKind::Police, OWNER, &[Permission::AggregateView]);
    assert!(decide(&board, Action::Read, &figures).allowed);
    let iom = actor(
        AgencyKind::Police,
        OWNER,
        &[Permission::PersonRead, Permission::IomManage],
    );
    for a in [&board, &iom] {
        assert!(!decide(a, Action::Create, &figures).allowed);
    }
    for act in [Action::Change, Action::Export, Action::Share] {
        assert!(!decide(&officer, act, &figures).allowed);
    }
}

//! The policy, exhaustively: a decision table over every role of the demo role set ×
//! relationship × section × action (snapshotted, so a change to the policy shows as a
//! reviewable diff), sentences for the rules that matter most, and properties that must
//! hold for any actor and any relationships.

use std::collections::BTreeSet;
use std::fmt::Write;

use concord_domain::{AgencyId, AgencyKind, PersonId, TeamId, UserId};
use proptest::prelude::*;
use uuid::Uuid;

use crate::*;

pub(crate) const OWNER: AgencyId = AgencyId(Uuid::from_u128(1));
pub(crate) const OTHER: AgencyId = AgencyId(Uuid::from_u128(2));
const PERSON: PersonId = PersonId(Uuid::from_u128(10));

/// The roles of migration 0002/0004, as permission lists (the role table is data; these
/// fixtures mirror it so the table below reads as the policy a real user meets).
fn roles() -> Vec<(&'static str, AgencyKind, Vec<Permission>)> {
    use Permission::*;
    let om = vec![
        PersonRead,
        PersonSearch,
        PersonCreate,
        PersonChange,
        PersonShare,
        PersonDisclose,
        BreakGlass,
        SectionHealth,
        SectionDoNotDisclose,
        CaseloadView,
        AssessmentWrite,
    ];
    let spo: Vec<Permission> = om
        .iter()
        .copied()
        .chain([LicenceApprove, AgencyOversight])
        .collect();
    vec![
        ("offender_manager", AgencyKind::Probation, om),
        (
            "public_protection_officer",
            AgencyKind::Police,
            vec![
                PersonRead,
                PersonSearch,
                PersonCreate,
                PersonChange,
                PersonShare,
                PersonDisclose,
                BreakGlass,
                SectionIntelligence,
                SectionDoNotDisclose,
                CaseloadView,
                AssessmentWrite,
            ],
        ),
        (
            "victim_liaison_officer",
            AgencyKind::Probation,
            vec![
                PersonRead,
                PersonSearch,
                PersonChange,
                SectionVictim,
                SectionDoNotDisclose,
                CaseloadView,
            ],
        ),
        (
            "partner_caseworker",
            AgencyKind::Housing,
            vec![PersonRead, CaseloadView],
        ),
        ("risk_service", AgencyKind::Probation, vec![RiskCompute]),
        (
            "board_member",
            AgencyKind::ResponsibleAuthority,
            vec![AggregateView],
        ),
        (
            "information_governance_lead",
            AgencyKind::Probation,
            vec![
                AuditRead,
                AccessReview,
                PersonExport,
                PersonErase,
                PersonRead,
            ],
        ),
        (
            "data_quality_officer",
            AgencyKind::Probation,
            vec![
                PersonRead,
                PersonSearch,
                PersonChange,
                PersonCombine,
                PersonImport,
            ],
        ),
        ("senior_probation_officer", AgencyKind::Probation, spo),
    ]
}

pub(crate) fn actor(kind: AgencyKind, agency: AgencyId, permissions: &[Permission]) -> Actor {
    Actor {
        user_id: UserId(Uuid::from_u128(100)),
        agency_id: agency,
        agency_kind: kind,
        team_id: Some(TeamId(Uuid::from_u128(200))),
        roles: vec![],
        permissions: permissions.iter().copied().collect::<BTreeSet<_>>(),
        request_id: None,
    }
}

fn relationships() -> Vec<(&'static str, Vec<Relationship>)> {
    let given = SectionSet::of(&[Section::Identity, Section::Addresses, Section::Markers]);
    vec![
        ("none", vec![]),
        ("allocated", vec![Relationship::Allocated]),
        ("team", vec![Relationship::Team]),
        ("owning agency", vec![Relationship::OwningAgency]),
        ("registrar", vec![Relationship::Registrar]),
        ("panel member", vec![Relationship::PanelMember]),
        ("referral", vec![Relationship::Referral(given)]),
        (
            "share",
            vec![Relationship::Share(given.union(SectionSet::restricted()))],
        ),
        ("break-glass", vec![Relationship::BreakGlass]),
        ("duplicate review", vec![Relationship::DuplicateReview]),
        ("transfer proposed", vec![Relationship::TransferProposed]),
    ]
}

fn letter(a: Action) -> char {
    match a {
        Action::Read => 'R',
        Action::Create => 'C',
        Action::Change => 'W',
        Action::Share => 'S',
        Action::Disclose => 'D',
        Action::Export => 'X',
        Action::Erase => 'E',
        Action::Combine => 'M',
    }
}

#[test]
fn the_decision_table_for_every_role_relationship_section_and_action() {
    let mut table = String::from(
        "R read, C create, W change, S share, D disclose, X export, E erase, M combine; '.' denied.\n\
         Actor in the owning agency unless the relationship is referral, share or panel.\n\n",
    );
    for (role, kind, perms) in roles() {
        for (rel_name, rels) in relationships() {
            let agency = if matches!(
                rel_name,
                "referral" | "share" | "panel member" | "transfer proposed"
            ) {
                OTHER
            } else {
                OWNER
            };
            let a = actor(kind, agency, &perms);
            writeln!(table, "{role} / {rel_name}").unwrap();
            for section in Section::ALL {
                let r = Resource::person(PERSON, OWNER, rels.clone())
                    .sections(SectionSet::one(section));
                let cells: String = Action::ALL
                    .into_iter()
                    .map(|act| {
                        if decide(&a, act, &r).allowed {
                            letter(act)
                        } else {
                            '.'
                        }
                    })
                    .collect();
                writeln!(table, "  {:<16} {cells}", section.code()).unwrap();
            }
        }
    }
    insta::assert_snapshot!(table);
}

#[test]
fn an_offender_manager_allocated_to_a_person_reads_everything_but_victim_and_intelligence() {
    let (_, kind, perms) = roles().remove(0);
    let a = actor(kind, OWNER, &perms);
    let d = decide(
        &a,
        Action::Read,
        &Resource::person(PERSON, OWNER, vec![Relationship::Allocated]),
    );
    assert!(d.allowed);
    assert!(d.sections.contains(Section::Health));
    assert!(d.sections.contains(Section::History));
    assert!(!d.sections.contains(Section::Victim));
    assert!(!d.sections.contains(Section::Intelligence));
}

#[test]
fn working_for_the_owning_agency_opens_nothing_without_a_case_relationship() {
    for (role, kind, perms) in roles() {
        if perms.contains(&Permission::AgencyOversight) {
            continue;
        }
        let a = actor(kind, OWNER, &perms);
        for action in Action::ALL {
            let d = decide(
                &a,
                action,
                &Resource::person(PERSON, OWNER, vec![Relationship::OwningAgency]),
            );
            assert!(
                !d.allowed,
                "{role} may {action:?} as a member of the agency"
            );
        }
    }
}

#[test]
fn the_agencys_manager_oversees_the_unrestricted_sections_but_never_health() {
    let (_, kind, perms) = roles()
        .into_iter()
        .find(|(r, _, _)| *r == "senior_probation_officer")
        .unwrap();
    assert!(perms.contains(&Permission::AgencyOversight));
    let spo = actor(kind, OWNER, &perms);
    let d = decide(
        &spo,
        Action::Read,
        &Resource::person(PERSON, OWNER, vec![Relationship::OwningAgency]),
    );
    assert!(d.allowed);
    assert!(d.sections.contains(Section::Convictions));
    assert!(d.sections.contains(Section::History));
    assert!(
        !d.sections.contains(Section::Health),
        "health needs a case relationship"
    );
    // Allocated as well: the case relationship opens what the role's permission allows.
    let both = decide(
        &spo,
        Action::Read,
        &Resource::person(
            PERSON,
            OWNER,
            vec![Relationship::OwningAgency, Relationship::Allocated],
        ),
    );
    assert!(both.sections.contains(Section::Health));
}

#[test]
fn the_registrar_completes_and_allocates_an_unallocated_record_without_restricted_sections() {
    let (_, kind, perms) = roles().remove(0);
    let om = actor(kind, OWNER, &perms);
    let r = Resource::person(PERSON, OWNER, vec![Relationship::Registrar]);
    let read = decide(&om, Action::Read, &r);
    assert!(read.allowed);
    assert!(!read.sections.contains(Section::Health));
    assert!(
        decide(
            &om,
            Action::Change,
            &r.clone().sections(SectionSet::one(Section::Management))
        )
        .allowed
    );
    assert!(
        !decide(
            &om,
            Action::Change,
            &r.sections(SectionSet::one(Section::Health))
        )
        .allowed
    );
}

#[test]
fn a_partner_with_a_referral_reads_exactly_the_referred_sections() {
    let a = actor(
        AgencyKind::Housing,
        OTHER,
        &[Permission::PersonRead, Permission::CaseloadView],
    );
    let given = SectionSet::of(&[Section::Identity, Section::Addresses]);
    let d = decide(
        &a,
        Action::Read,
        &Resource::person(PERSON, OWNER, vec![Relationship::Referral(given)]),
    );
    // And its own work on the referral (the store filters it to the partner's agency).
    assert_eq!(
        d.sections,
        given.union(SectionSet::one(Section::Interventions))
    );
    let work = decide(
        &a,
        Action::Change,
        &Resource::person(PERSON, OWNER, vec![Relationship::Referral(given)])
            .sections(SectionSet::one(Section::Interventions)),
    );
    assert!(work.allowed, "{work:?}");
    let shared = decide(
        &a,
        Action::Change,
        &Resource::person(PERSON, OWNER, vec![Relationship::Share(given)])
            .sections(SectionSet::one(Section::Interventions)),
    );
    assert!(!shared.allowed, "a share is read-only");
    let change = decide(
        &a,
        Action::Change,
        &Resource::person(PERSON, OWNER, vec![Relationship::Referral(given)])
            .sections(SectionSet::one(Section::Addresses)),
    );
    assert!(!change.allowed);
}

#[test]
fn a_police_officer_of_another_agency_without_a_relationship_is_refused_but_may_break_glass() {
    let (_, kind, perms) = roles().remove(1);
    let a = actor(kind, OTHER, &perms);
    let d = decide(&a, Action::Read, &Resource::person(PERSON, OWNER, vec![]));
    assert!(!d.allowed);
    assert_eq!(d.reason, "the actor has no relationship with this person");
    assert!(decide(&a, Action::Create, &Resource::break_glass(PERSON, OWNER)).allowed);
    let partner = actor(AgencyKind::Housing, OTHER, &[Permission::PersonRead]);
    assert!(
        !decide(
            &partner,
            Action::Create,
            &Resource::break_glass(PERSON, OWNER)
        )
        .allowed
    );
}

#[test]
fn a_possible_duplicate_shows_identity_and_addresses_to_the_data_quality_officer_only() {
    let dq = roles()
        .into_iter()
        .find(|r| r.0 == "data_quality_officer")
        .unwrap();
    let officer = actor(dq.1, OTHER, &dq.2);
    let pair = Resource::person(PERSON, OWNER, vec![Relationship::DuplicateReview]);
    let read = decide(&officer, Action::Read, &pair);
    assert!(read.allowed);
    assert_eq!(
        read.sections,
        SectionSet::of(&[Section::Identity, Section::Addresses])
    );
    assert!(
        decide(
            &officer,
            Action::Combine,
            &pair.clone().sections(SectionSet::one(Section::Identity))
        )
        .allowed
    );
    assert!(
        !decide(
            &officer,
            Action::Change,
            &pair.clone().sections(SectionSet::one(Section::Identity))
        )
        .allowed
    );
    // Nobody else gains anything from the pair.
    let (_, kind, perms) = roles().remove(1);
    let police = actor(kind, OTHER, &perms);
    assert!(!decide(&police, Action::Read, &pair).allowed);
    assert!(!decide(&police, Action::Combine, &pair).allowed);
    // Without a pair there is nothing to link.
    let unpaired =
        Resource::person(PERSON, OWNER, vec![]).sections(SectionSet::one(Section::Identity));
    assert!(!decide(&officer, Action::Combine, &unpaired).allowed);
    // Comparing the register is for them too, and for nobody without the permission.
    assert!(
        decide(
            &officer,
            Action::Combine,
            &Resource::list(ListScope::Register)
        )
        .allowed
    );
    assert!(
        !decide(
            &police,
            Action::Combine,
            &Resource::list(ListScope::Register)
        )
        .allowed
    );
}

#[test]
fn an_import_creates_records_owned_by_the_source_agency() {
    let importer = actor(
        AgencyKind::ResponsibleAuthority,
        OTHER,
        &[Permission::PersonImport],
    );
    assert!(decide(&importer, Action::Create, &Resource::new_person(OWNER)).allowed);
    let (_, kind, perms) = roles().remove(1);
    let police = actor(kind, OTHER, &perms);
    assert!(!decide(&police, Action::Create, &Resource::new_person(OWNER)).allowed);
}

#[test]
fn only_the_owning_agency_sees_who_has_viewed_the_record() {
    let (_, kind, perms) = roles().remove(1);
    let other = actor(kind, OTHER, &perms);
    let d = decide(
        &other,
        Action::Read,
        &Resource::person(PERSON, OWNER, vec![Relationship::Allocated]),
    );
    assert!(d.allowed);
    assert!(!d.sections.contains(Section::History));
}

#[test]
fn partners_search_only_their_related_people_and_boards_no_people_at_all() {
    let partner = actor(
        AgencyKind::Housing,
        OTHER,
        &[Permission::PersonRead, Permission::PersonSearch],
    );
    assert!(!decide(&partner, Action::Read, &Resource::list(ListScope::Register)).allowed);
    assert!(decide(&partner, Action::Read, &Resource::list(ListScope::Related)).allowed);
    let board = actor(
        AgencyKind::ResponsibleAuthority,
        OTHER,
        &[Permission::AggregateView],
    );
    for scope in [ListScope::Caseload, ListScope::Related, ListScope::Register] {
        assert!(!decide(&board, Action::Read, &Resource::list(scope)).allowed);
    }
    assert!(
        decide(
            &board,
            Action::Read,
            &Resource::other(ResourceKind::Aggregate, None)
        )
        .allowed
    );
}

#[test]
fn a_capability_covers_only_its_person_and_its_sections() {
    let (_, kind, perms) = roles().remove(0);
    let a = actor(kind, OWNER, &perms);
    let r = Resource::person(PERSON, OWNER, vec![Relationship::Allocated]);
    let cap = authorize(&a, Action::Read, &r).unwrap();
    assert!(cap.covers(Action::Read, PERSON, Section::Identity));
    assert!(!cap.covers(
        Action::Read,
        PersonId(Uuid::from_u128(11)),
        Section::Identity
    ));
    assert!(!cap.covers(Action::Read, PERSON, Section::Victim));
    assert!(!cap.covers(Action::Change, PERSON, Section::Identity));
}

fn any_permissions() -> impl Strategy<Value = Vec<Permission>> {
    proptest::sample::subsequence(Permission::ALL.to_vec(), 0..Permission::ALL.len())
}

fn any_sections() -> impl Strategy<Value = SectionSet> {
    proptest::sample::subsequence(Section::ALL.to_vec(), 0..Section::ALL.len())
        .prop_map(|s| SectionSet::of(&s))
}

fn any_relationship() -> impl Strategy<Value = Relationship> {
    prop_oneof![
        Just(Relationship::Allocated),
        Just(Relationship::Team),
        Just(Relationship::OwningAgency),
        Just(Relationship::PanelMember),
        any_sections().prop_map(Relationship::Referral),
        any_sections().prop_map(Relationship::Share),
        Just(Relationship::BreakGlass),
        Just(Relationship::TransferProposed),
    ]
}

fn any_kind() -> impl Strategy<Value = AgencyKind> {
    proptest::sample::select(AgencyKind::ALL.to_vec())
}

fn any_action() -> impl Strategy<Value = Action> {
    proptest::sample::select(Action::ALL.to_vec())
}

proptest! {
    #[test]
    fn no_relationship_means_no_section_of_anyone(perms in any_permissions(), kind in any_kind(), action in any_action(), sections in any_sections(), own in any::<bool>()) {
        let a = actor(kind, if own { OWNER } else { OTHER }, &perms);
        let d = decide(&a, action, &Resource::person(PERSON, OWNER, vec![]).sections(sections));
        prop_assert!(!d.allowed);
    }

    #[test]
    fn without_person_read_nothing_personal_is_ever_allowed(perms in any_permissions(), kind in any_kind(), action in any_action(), rels in proptest::collection::vec(any_relationship(), 0..4), sections in any_sections()) {
        let perms: Vec<_> = perms.into_iter().filter(|p| *p != Permission::PersonRead).collect();
        let a = actor(kind, OWNER, &perms);
        prop_assert!(!decide(&a, action, &Resource::person(PERSON, OWNER, rels).sections(sections)).allowed);
        for scope in [ListScope::Related, ListScope::Register] {
            prop_assert!(!decide(&a, action, &Resource::list(scope)).allowed);
        }
        prop_assert!(!decide(&a, action, &Resource::break_glass(PERSON, OWNER)).allowed);
    }

    #[test]
    fn a_restricted_section_needs_its_permission_and_never_travels_by_referral_or_share(perms in any_permissions(), kind in any_kind(), action in any_action(), rels in proptest::collection::vec(any_relationship(), 0..4), sections in any_sections(), own in any::<bool>()) {
        let a = actor(kind, if own { OWNER } else { OTHER }, &perms);
        let r = Resource::person(PERSON, OWNER, rels.clone()).sections(sections);
        let d = decide(&a, action, &r);
        prop_assert!(d.sections.is_subset_of(sections) || r.person.is_none());
        for s in d.sections.iter().filter(|s| s.is_restricted()) {
            prop_assert!(a.has(s.restricted_by().unwrap()));
            prop_assert!(rels.iter().any(|r| !matches!(r, Relationship::Referral(_) | Relationship::Share(_))));
            prop_assert!(!matches!(action, Action::Share | Action::Disclose));
        }
    }

    #[test]
    fn a_partner_reads_no_more_than_its_referrals_and_shares_give_and_writes_only_notes(perms in any_permissions(), kind in any_kind(), rels in proptest::collection::vec(any_sections().prop_flat_map(|s| prop_oneof![Just(Relationship::Referral(s)), Just(Relationship::Share(s))]), 0..4), sections in any_sections()) {
        let a = actor(kind, OTHER, &perms);
        let given = rels.iter().fold(SectionSet::EMPTY, |acc, r| acc.union(r.reach()));
        for action in Action::ALL {
            let d = decide(&a, action, &Resource::person(PERSON, OWNER, rels.clone()).sections(sections));
            if d.allowed {
                prop_assert!(d.sections.is_subset_of(given));
                // Reading what was given, or adding a note to a chronology that a referral
                // gave: nothing else, ever.
                let note = action == Action::Create
                    && d.sections == SectionSet::one(Section::Chronology)
                    && rels.iter().any(|r| matches!(r, Relationship::Referral(s) if s.contains(Section::Chronology)));
                // Or recording its own work on a referral sent to it.
                let work = matches!(action, Action::Create | Action::Change)
                    && d.sections == SectionSet::one(Section::Interventions)
                    && !kind.is_responsible_authority()
                    && rels.iter().any(|r| matches!(r, Relationship::Referral(_)));
                prop_assert!(action == Action::Read || note || work, "{action:?} allowed with {rels:?}");
            }
        }
    }
}

#[test]
fn a_partner_adds_chronology_notes_only_through_a_referral_that_gives_the_chronology() {
    let a = actor(AgencyKind::DrugAndAlcohol, OTHER, &[Permission::PersonRead]);
    let note = SectionSet::one(Section::Chronology);
    let with = Relationship::Referral(SectionSet::of(&[Section::Markers, Section::Chronology]));
    let without = Relationship::Referral(SectionSet::one(Section::Markers));
    let shared = Relationship::Share(note);
    let create = |rels: Vec<Relationship>, sections| {
        decide(
            &a,
            Action::Create,
            &Resource::person(PERSON, OWNER, rels).sections(sections),
        )
        .allowed
    };
    assert!(create(vec![with], note));
    assert!(!create(vec![without], note));
    assert!(!create(vec![shared], note));
    assert!(!create(vec![without, shared], note));
    assert!(!create(vec![with], SectionSet::one(Section::Victim)));
    assert!(
        !decide(
            &a,
            Action::Change,
            &Resource::person(PERSON, OWNER, vec![with]).sections(note)
        )
        .allowed
    );
}

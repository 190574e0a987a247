use concord_app::*;
use concord_domain::{AddressKind, Disposal, Gender, IdentifierKind, MarkerKind, SentenceKind};

use crate::support::*;

fn full_record() -> RegisterPersonInput {
    RegisterPersonInput {
        details: PersonDetailsInput {
            given_name: "  Zoë ".into(),
            middle_names: "Anne  Marie".into(),
            family_name: "O’Brien-Smith".into(),
            date_of_birth: DateInput::parts("3", "Feb", "1985"),
            gender: "female".into(),
        },
        identifiers: vec![
            identifier("pnc", "01/123456f"),
            identifier("crn", "x123456"),
            identifier("cro", "123456/79f"),
            identifier("prison_number", "a1234bc"),
            identifier("nino", "AB 12 34 56 C"),
            identifier("pnc", "   "),
        ],
        aliases: vec![AliasInput {
            given_name: "Zoe".into(),
            middle_names: String::new(),
            family_name: "Blackwood".into(),
            date_of_birth: DateInput::text("4/2/1985"),
        }],
        addresses: vec![
            AddressInput {
                to_date: DateInput::text("14/01/2024"),
                ..home("12 Mill Lane", "Colchester", "co1 1aa", ymd(2019, 6, 1))
            },
            AddressInput {
                line2: "Flat 2".into(),
                ..home("3 Duke Street", "Chelmsford", "CM11AA", ymd(2024, 1, 15))
            },
        ],
        offences: vec![OffenceInput {
            offence_code: "028/00".into(),
            description: "Burglary of a dwelling".into(),
            offence_date: DateInput::text("1 June 2015"),
            conviction_date: DateInput::text("2015-09-01"),
            disposal: "immediate_custody".into(),
        }],
        sentences: vec![SentenceInput {
            kind: "custody".into(),
            description: "Four years".into(),
            start_date: DateInput::text("2015-09-01"),
            end_date: DateInput::text("2019-09-01"),
            release_date: DateInput::text("2017-09-01"),
            licence_end_date: DateInput::text("2019-09-01"),
            term: String::new(),
        }],
        markers: vec![
            marker("violence", "Assaulted a hostel worker in 2018"),
            marker("weapons", "Known to carry a knife"),
        ],
        events: vec![event("arrest", ymd(2015, 6, 2), "Arrested at home address")],
    }
}

#[tokio::test]
async fn a_registered_record_is_returned_whole_when_viewed() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &full_record())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let r = w
            .app
            .people()
            .view_person(&w.ppo, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));

        assert_eq!(r.id, id, "{}", t.label);
        assert_eq!(r.version, 1, "{}", t.label);
        assert_eq!(
            r.full_name(),
            "Zoë Anne Marie O’Brien-Smith",
            "{}: names are trimmed and single-spaced",
            t.label
        );
        assert_eq!(
            (r.date_of_birth, r.age, r.gender),
            (ymd(1985, 2, 3), 41, Gender::Female),
            "{}",
            t.label
        );
        assert_eq!(r.owning_agency, "Essex Police", "{}", t.label);
        assert_eq!((r.created_at, r.updated_at), (now(), now()), "{}", t.label);

        let ids: Vec<(IdentifierKind, &str)> = r
            .identifiers
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        for expected in [
            (IdentifierKind::Pnc, "2001/0123456F"),
            (IdentifierKind::Crn, "X123456"),
            (IdentifierKind::Cro, "123456/79F"),
            (IdentifierKind::PrisonNumber, "A1234BC"),
            (IdentifierKind::Nino, "AB123456C"),
        ] {
            assert!(
                ids.contains(&expected),
                "{}: {expected:?} missing from {ids:?}",
                t.label
            );
        }
        assert_eq!(
            ids.len(),
            5,
            "{}: a blank identifier was stored: {ids:?}",
            t.label
        );
        assert_eq!(
            r.identifier(IdentifierKind::Pnc),
            Some(example_pnc().as_str()),
            "{}",
            t.label
        );
        assert!(
            r.identifiers.iter().all(|i| i.agency == "Essex Police"),
            "{}",
            t.label
        );

        assert_eq!(r.aliases.len(), 1, "{}", t.label);
        assert_eq!(
            (r.aliases[0].name.as_str(), r.aliases[0].date_of_birth),
            ("Zoe Blackwood", Some(ymd(1985, 2, 4))),
            "{}",
            t.label
        );

        assert_eq!(r.addresses.len(), 2, "{}", t.label);
        let current = r.current_address().expect("a current address");
        assert_eq!(
            r.addresses[0].id, current.id,
            "{}: the current address comes first",
            t.label
        );
        assert_eq!(
            (
                current.kind,
                current.line1.as_str(),
                current.line2.as_deref(),
                current.town.as_str(),
                current.postcode.as_deref(),
                current.from_date
            ),
            (
                AddressKind::Home,
                "3 Duke Street",
                Some("Flat 2"),
                "Chelmsford",
                Some("CM1 1AA"),
                ymd(2024, 1, 15)
            ),
            "{}",
            t.label
        );
        let previous = &r.addresses[1];
        assert_eq!(
            (previous.postcode.as_deref(), previous.to_date),
            (Some("CO1 1AA"), Some(ymd(2024, 1, 14))),
            "{}",
            t.label
        );

        assert_eq!(r.offences.len(), 1, "{}", t.label);
        let o = &r.offences[0];
        assert_eq!(
            (
                o.offence_code.as_str(),
                o.category.as_str(),
                o.offence_date,
                o.conviction_date,
                o.disposal
            ),
            (
                "02800",
                "Burglary (domestic)",
                ymd(2015, 6, 1),
                Some(ymd(2015, 9, 1)),
                Some(Disposal::ImmediateCustody)
            ),
            "{}",
            t.label
        );

        assert_eq!(r.sentences.len(), 1, "{}", t.label);
        let s = &r.sentences[0];
        assert_eq!(
            (
                s.kind,
                s.description.as_deref(),
                s.start_date,
                s.release_date,
                s.licence_end_date,
                s.end_date
            ),
            (
                SentenceKind::Custody,
                Some("Four years"),
                ymd(2015, 9, 1),
                Some(ymd(2017, 9, 1)),
                Some(ymd(2019, 9, 1)),
                Some(ymd(2019, 9, 1))
            ),
            "{}",
            t.label
        );

        let mut markers: Vec<MarkerKind> = r.active_markers().map(|m| m.kind).collect();
        markers.sort_by_key(|m| m.code());
        assert_eq!(
            markers,
            [MarkerKind::Violence, MarkerKind::Weapons],
            "{}",
            t.label
        );
        assert!(
            r.markers
                .iter()
                .all(|m| m.raised_on == ymd(2026, 3, 10) && m.agency == "Essex Police"),
            "{}",
            t.label
        );
        assert!(r.allocations.is_empty(), "{}", t.label);

        // The event recorded at registration is in the chronology.
        let chronology = w
            .app
            .people()
            .chronology(&w.ppo, id, &ChronologyFilter::default())
            .await
            .unwrap();
        assert!(
            chronology
                .entries
                .iter()
                .any(|e| e.detail == "Arrested at home address"),
            "{}",
            t.label
        );

        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn registering_writes_one_collection_event_and_viewing_one_consultation() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let before = audit_count(w.app.db()).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &full_record())
            .await
            .unwrap();
        let collected = last_audit(w.app.db()).await;
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        assert_eq!(
            (
                collected.kind.as_str(),
                collected.action.as_str(),
                collected.outcome.as_str(),
                collected.person_id,
                collected.actor_user_id
            ),
            (
                "collection",
                "create",
                "allowed",
                Some(id.0),
                Some(w.ppo.user_id.0)
            ),
            "{}",
            t.label
        );

        // Another responsible-authority agency reads it once allocated (an alteration);
        // the view is a consultation.
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;
        // On PostgreSQL the allocation's event waits for the sealer while the view's is
        // appended at once: seal it first, so the view's is the newest (under load the
        // background sealer may not have run yet, and the chain would list them the
        // other way round).
        w.app.settle_audit().await.unwrap();
        w.app
            .people()
            .view_person(&w.om, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let consulted = last_audit(w.app.db()).await;
        assert_eq!(
            (
                consulted.kind.as_str(),
                consulted.action.as_str(),
                consulted.person_id,
                consulted.actor_user_id,
                consulted.reason.as_str()
            ),
            (
                "consultation",
                "read",
                Some(id.0),
                Some(w.om.user_id.0),
                "viewed the record"
            ),
            "{}",
            t.label
        );
        assert_eq!(audit_count(w.app.db()).await, before + 3, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn viewing_a_person_who_does_not_exist_is_not_found() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let err = w
            .app
            .people()
            .view_person(&w.om, concord_domain::PersonId::new())
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound), "{}: {err:?}", t.label);
        assert_eq!(
            (err.status(), err.code()),
            (404, "not_found"),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

/// The record page reads everything in one statement (`concord_store::record_parts`); it
/// must return exactly what each part's own read returns, in the same order, and nothing
/// of a section the capability does not reach.
#[tokio::test]
async fn the_record_in_one_statement_is_what_each_part_reads_on_its_own() {
    use concord_authz::{authorize, Action, Relationship, Resource, Section, SectionSet};
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let people = w.app.people();
        let id = people
            .register_person(&w.ppo, &full_record())
            .await
            .unwrap();
        people
            .allocate(&w.ppo, id, w.ppo.user_id, "public_protection_officer")
            .await
            .unwrap();
        for _ in 0..3 {
            people.view_person(&w.ppo, id).await.unwrap();
        }
        let mut tx = w.app.db().begin().await.unwrap();
        let whole = Resource::person(id, w.ppo.agency_id, vec![Relationship::Allocated]);
        let cap = authorize(&w.ppo, Action::Read, &whole).unwrap();
        let parts = concord_store::record_parts(&mut tx, &cap, id, 4)
            .await
            .unwrap();
        let l = t.label;
        assert_eq!(
            parts.person,
            concord_store::person(&mut tx, &cap, id).await.unwrap(),
            "{l}"
        );
        let aliases = concord_store::aliases(&mut tx, &cap, id).await.unwrap();
        assert_eq!(parts.aliases, aliases, "{l}");
        let identifiers = concord_store::identifiers(&mut tx, &cap, id).await.unwrap();
        assert_eq!(
            (parts.identifiers.len(), &parts.identifiers),
            (5, &identifiers),
            "{l}"
        );
        let addresses = concord_store::addresses(&mut tx, &cap, id).await.unwrap();
        assert_eq!(
            (parts.addresses.len(), &parts.addresses),
            (2, &addresses),
            "{l}"
        );
        let offences = concord_store::offences(&mut tx, &cap, id).await.unwrap();
        assert_eq!(parts.offences, offences, "{l}");
        let sentences = concord_store::sentences(&mut tx, &cap, id).await.unwrap();
        assert_eq!(parts.sentences, sentences, "{l}");
        let markers = concord_store::markers(&mut tx, &cap, id).await.unwrap();
        assert_eq!((parts.markers.len(), &parts.markers), (2, &markers), "{l}");
        let allocations = concord_store::allocations(&mut tx, &cap, id).await.unwrap();
        assert_eq!(
            (parts.allocations.len(), &parts.allocations),
            (1, &allocations),
            "{l}"
        );
        // Collection, allocation and three views: the latest four, newest first.
        let access = concord_store::audit::events_for_person(&mut tx, &cap, id, 4)
            .await
            .unwrap();
        assert_eq!((parts.access.len(), &parts.access), (4, &access), "{l}");
        // Every agency, and the staff the allocations and the access log name.
        let staff: Vec<_> = allocations
            .iter()
            .map(|a| a.user_id)
            .chain(access.iter().filter_map(|e| e.actor_user_id))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let sorted = |mut v: Vec<concord_store::NameRow>| {
            v.sort_by_key(|n| (n.kind.clone(), n.id));
            v
        };
        let names = concord_store::names(&mut tx, &staff).await.unwrap();
        assert!(names.iter().any(|n| n.kind == "user"), "{l}");
        assert_eq!(sorted(parts.names.clone()), sorted(names), "{l}");

        // Without the history: no access log, and nobody named only by it.
        let no_history = whole
            .clone()
            .sections(SectionSet::all().without(SectionSet::one(Section::History)));
        let cap = authorize(&w.ppo, Action::Read, &no_history).unwrap();
        let parts = concord_store::record_parts(&mut tx, &cap, id, 4)
            .await
            .unwrap();
        assert!(parts.access.is_empty(), "{l}");
        assert_eq!(parts.allocations, allocations, "{l}");
        // Identity alone: no addresses, convictions, markers or allocations, and no staff.
        let identity = whole.sections(SectionSet::one(Section::Identity));
        let cap = authorize(&w.ppo, Action::Read, &identity).unwrap();
        let parts = concord_store::record_parts(&mut tx, &cap, id, 4)
            .await
            .unwrap();
        assert_eq!(
            (parts.aliases.len(), parts.identifiers.len()),
            (1, 5),
            "{l}"
        );
        assert!(
            parts.addresses.is_empty()
                && parts.offences.is_empty()
                && parts.sentences.is_empty()
                && parts.markers.is_empty()
                && parts.allocations.is_empty()
                && parts.access.is_empty()
                && parts.names.iter().all(|n| n.kind == "agency"),
            "{l}: {parts:?}"
        );
        tx.rollback().await.unwrap();
        t.finish().await;
    }
}

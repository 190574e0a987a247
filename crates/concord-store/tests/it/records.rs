//! Personal-data functions: the capability each demands, optimistic locking, and the
//! name-token prefix search on both engines.

use concord_authz::{authorize, Action, Resource, Section};
use concord_domain::{AgencyId, AgencyKind, PersonId};
use concord_store::{AddressRow, StoreError};

use crate::support::*;

#[tokio::test]
async fn a_capability_for_one_person_does_not_open_another() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let ann = add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
        let bob = add_person(&mut tx, &actor, "Bob", "Jones", ymd(1981, 2, 3)).await;

        let ann_read = read_cap(&actor, ann, agency);
        let got = concord_store::person(&mut tx, &ann_read, ann)
            .await
            .unwrap()
            .expect("Ann exists");
        assert_eq!(
            (got.given_name.as_str(), got.date_of_birth),
            ("Ann", ymd(1980, 1, 2)),
            "{}",
            t.label
        );

        let err = concord_store::person(&mut tx, &ann_read, bob)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::WrongCapability { .. }),
            "{}: {err:?}",
            t.label
        );
        let err = concord_store::addresses(&mut tx, &ann_read, bob)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::WrongCapability { .. }),
            "{}: {err:?}",
            t.label
        );
        // Give the connection back: closing the pool waits for it.
        tx.rollback().await.unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn a_read_capability_cannot_change_and_a_list_capability_cannot_open_a_record() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let ann = add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
        let read = read_cap(&actor, ann, agency);
        let err = concord_store::touch_person(&mut tx, &read, ann, at(11, 0))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::WrongCapability {
                    needed: "changing this person"
                }
            ),
            "{}: {err:?}",
            t.label
        );

        let list = list_cap(&actor);
        let err = concord_store::person(&mut tx, &list, ann)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::WrongCapability { .. }),
            "{}: {err:?}",
            t.label
        );

        // …while a change capability also reads (a form shows the record before changing it).
        let change = change_cap(&actor, ann, agency);
        assert!(
            concord_store::person(&mut tx, &change, ann)
                .await
                .unwrap()
                .is_some(),
            "{}",
            t.label
        );
        // A person-specific capability cannot run a search.
        let err = concord_store::persons_by_name(
            &mut tx,
            &change,
            &["smi".into()],
            None,
            10,
            as_of_now(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::WrongCapability {
                    needed: "listing people"
                }
            ),
            "{}: {err:?}",
            t.label
        );
        // Give the connection back: closing the pool waits for it.
        tx.rollback().await.unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn a_create_capability_is_spent_on_one_new_person_only() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let ann = add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
        let create = authorize(
            &actor,
            Action::Create,
            &Resource::new_person(actor.agency_id),
        )
        .unwrap();
        let new_id = uuid::Uuid::now_v7();
        let cap = create.clone().into_created(PersonId(new_id)).unwrap();
        assert!(cap.covers(Action::Change, PersonId(new_id), Section::Identity));
        assert!(
            !cap.covers(Action::Change, ann, Section::Identity),
            "{}: the created capability reaches another person",
            t.label
        );
        // A read capability cannot be turned into a change capability.
        assert!(read_cap(&actor, ann, agency).into_created(ann).is_none());
        tx.rollback().await.unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn a_stale_update_is_refused_rather_than_lost() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let ann = add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
        let cap = change_cap(&actor, ann, agency);
        let mut row = concord_store::person(&mut tx, &cap, ann)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.version, 1, "{}", t.label);
        row.given_name = "Anne".into();
        concord_store::update_person(&mut tx, &cap, &row, 1)
            .await
            .unwrap();
        row.given_name = "Annie".into();
        let err = concord_store::update_person(&mut tx, &cap, &row, 1)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion),
            "{}: {err:?}",
            t.label
        );
        let now = concord_store::person(&mut tx, &cap, ann)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (now.given_name.as_str(), now.version),
            ("Anne", 2),
            "{}",
            t.label
        );

        let address = AddressRow {
            id: concord_domain::RecordId::new(),
            person_id: ann,
            kind: "home".into(),
            line1: "1 High Street".into(),
            line2: None,
            town: "Chelmsford".into(),
            postcode: Some("CM1 1AA".into()),
            from_date: ymd(2020, 1, 1),
            to_date: None,
            agency_id: AgencyId(agency),
            created_at: at(9, 0),
            updated_at: at(9, 0),
            version: 1,
        };
        concord_store::insert_address(&mut tx, &cap, &address)
            .await
            .unwrap();
        concord_store::update_address(
            &mut tx,
            &cap,
            &AddressRow {
                town: "Colchester".into(),
                ..address.clone()
            },
            1,
        )
        .await
        .unwrap();
        let err = concord_store::update_address(
            &mut tx,
            &cap,
            &AddressRow {
                town: "Harlow".into(),
                ..address.clone()
            },
            1,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion),
            "{}: {err:?}",
            t.label
        );
        tx.commit().await.unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn name_tokens_match_by_prefix_on_both_engines() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let smith = add_person(&mut tx, &actor, "Zoe", "Smith", ymd(1980, 1, 2)).await;
        let smyth = add_person(&mut tx, &actor, "Bob", "Smyth", ymd(1975, 6, 1)).await;
        let olsen = add_person(&mut tx, &actor, "Øystein", "Ølstad", ymd(1990, 7, 8)).await;
        let cap = list_cap(&actor);
        let ids = |rows: Vec<concord_store::PersonRow>| {
            rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
        };

        let found = ids(concord_store::persons_by_name(
            &mut tx,
            &cap,
            &["sm".into()],
            None,
            10,
            as_of_now(),
        )
        .await
        .unwrap());
        assert_eq!(
            found,
            vec![smith, smyth],
            "{}: ordered by sort key",
            t.label
        );
        let found = ids(concord_store::persons_by_name(
            &mut tx,
            &cap,
            &["smi".into()],
            None,
            10,
            as_of_now(),
        )
        .await
        .unwrap());
        assert_eq!(found, vec![smith], "{}", t.label);
        // Every prefix must match some token of the same person.
        let found = ids(concord_store::persons_by_name(
            &mut tx,
            &cap,
            &["sm".into(), "b".into()],
            None,
            10,
            as_of_now(),
        )
        .await
        .unwrap());
        assert_eq!(found, vec![smyth], "{}", t.label);
        // Non-ASCII tokens compare bytewise too.
        let found = ids(concord_store::persons_by_name(
            &mut tx,
            &cap,
            &["øl".into()],
            None,
            10,
            as_of_now(),
        )
        .await
        .unwrap());
        assert_eq!(found, vec![olsen], "{}", t.label);
        // Date of birth narrows; limit caps.
        let found = ids(concord_store::persons_by_name(
            &mut tx,
            &cap,
            &["sm".into()],
            Some(ymd(1975, 6, 1)),
            10,
            as_of_now(),
        )
        .await
        .unwrap());
        assert_eq!(found, vec![smyth], "{}", t.label);
        let found = ids(concord_store::persons_by_name(
            &mut tx,
            &cap,
            &[],
            Some(ymd(1990, 7, 8)),
            10,
            as_of_now(),
        )
        .await
        .unwrap());
        assert_eq!(found, vec![olsen], "{}", t.label);
        let found =
            concord_store::persons_by_name(&mut tx, &cap, &["sm".into()], None, 1, as_of_now())
                .await
                .unwrap();
        assert_eq!(found.len(), 1, "{}", t.label);
        // Nothing starts with "smz", though "smyth" sorts just below it.
        let found =
            concord_store::persons_by_name(&mut tx, &cap, &["smz".into()], None, 10, as_of_now())
                .await
                .unwrap();
        assert!(found.is_empty(), "{}: {found:?}", t.label);
        tx.commit().await.unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn the_owner_of_a_person_is_known_before_any_capability_exists() {
    for t in concord_testkit::databases().await {
        let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
        let actor = police_actor(agency);
        let mut tx = t.db.begin().await.unwrap();
        let ann = add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
        assert_eq!(
            concord_store::person_owner(&mut tx, ann).await.unwrap(),
            Some(AgencyId(agency)),
            "{}",
            t.label
        );
        assert_eq!(
            concord_store::person_owner(&mut tx, concord_domain::PersonId::new())
                .await
                .unwrap(),
            None,
            "{}",
            t.label
        );
        // A partner actor is refused the capability: the store cannot be reached.
        let mut partner = police_actor(agency);
        partner.agency_kind = AgencyKind::Housing;
        partner.agency_id = AgencyId(uuid::Uuid::now_v7());
        partner.permissions = [concord_authz::Permission::CaseloadView].into();
        assert!(authorize(
            &partner,
            Action::Read,
            &Resource::person(ann, AgencyId(agency), vec![])
        )
        .is_err());
        tx.rollback().await.unwrap();
        t.finish().await;
    }
}

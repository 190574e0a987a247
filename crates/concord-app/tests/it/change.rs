use concord_app::*;
use concord_domain::RecordId;

use crate::support::*;

#[tokio::test]
async fn changing_details_from_a_stale_form_is_a_conflict_and_changes_nothing() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &person("Jon", "Smith", ymd(1985, 2, 3)))
            .await
            .unwrap();
        // Probation's offender manager works on the police's record once allocated.
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;

        // Two people open the form at version 1; the first to save wins.
        w.app
            .people()
            .change_person_details(&w.ppo, id, 1, &details("John", "Smith", ymd(1985, 2, 3)))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let after_first = audit_count(w.app.db()).await;
        let err = w
            .app
            .people()
            .change_person_details(&w.om, id, 1, &details("Jonathan", "Smyth", ymd(1985, 2, 4)))
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Conflict), "{}: {err:?}", t.label);
        assert_eq!(
            (err.status(), err.code()),
            (409, "edit_conflict"),
            "{}",
            t.label
        );
        assert_eq!(
            audit_count(w.app.db()).await,
            after_first,
            "{}: a refused change was audited as made",
            t.label
        );

        let r = w.app.people().view_person(&w.om, id).await.unwrap();
        assert_eq!(
            (r.full_name().as_str(), r.date_of_birth, r.version),
            ("John Smith", ymd(1985, 2, 3), 2),
            "{}",
            t.label
        );
        // Reloaded at version 2, the second person's change goes through.
        w.app
            .people()
            .change_person_details(
                &w.om,
                id,
                r.version,
                &details("Jonathan", "Smyth", ymd(1985, 2, 4)),
            )
            .await
            .unwrap();
        assert_eq!(
            w.app.people().view_person(&w.om, id).await.unwrap().version,
            3,
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_changed_name_is_found_by_search_and_the_old_one_is_not() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &person("Jon", "Smith", ymd(1985, 2, 3)))
            .await
            .unwrap();
        w.app
            .people()
            .change_person_details(&w.ppo, id, 1, &details("Jon", "Smyth", ymd(1985, 2, 3)))
            .await
            .unwrap();
        assert!(
            w.app
                .people()
                .search_persons(&w.ppo, "smith")
                .await
                .unwrap()
                .hits
                .is_empty(),
            "{}",
            t.label
        );
        let hits = w
            .app
            .people()
            .search_persons(&w.ppo, "smyth")
            .await
            .unwrap()
            .hits;
        assert_eq!(
            hits.iter().map(|h| h.person_id).collect::<Vec<_>>(),
            [id],
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_new_current_address_ends_the_previous_one_the_day_before() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut input = person("Amy", "Jones", ymd(1990, 5, 6));
        input.addresses = vec![home(
            "12 Mill Lane",
            "Colchester",
            "CO1 1AA",
            ymd(2024, 1, 15),
        )];
        let id = w.app.people().register_person(&w.om, &input).await.unwrap();
        let before = audit_count(w.app.db()).await;

        let new = w
            .app
            .people()
            .add_address(
                &w.om,
                id,
                &home("3 Duke Street", "Chelmsford", "CM1 1AA", ymd(2026, 2, 1)),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let r = w.app.people().view_person(&w.om, id).await.unwrap();
        let towns: Vec<(&str, chrono::NaiveDate, Option<chrono::NaiveDate>)> = r
            .addresses
            .iter()
            .map(|a| (a.town.as_str(), a.from_date, a.to_date))
            .collect();
        assert_eq!(
            towns,
            [
                ("Chelmsford", ymd(2026, 2, 1), None),
                ("Colchester", ymd(2024, 1, 15), Some(ymd(2026, 1, 31)))
            ],
            "{}",
            t.label
        );
        assert_eq!(r.current_address().map(|a| a.id), Some(new), "{}", t.label);
        assert_eq!(
            r.addresses[1].version, 2,
            "{}: ending the old address is a change to it",
            t.label
        );
        // Two alterations (old address ended, new one added), then the view.
        let trail = audit_trail(w.app.db()).await;
        let kinds: Vec<(&str, &str)> = trail[before as usize..]
            .iter()
            .map(|e| (e.kind.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("alteration", "ended address"),
                ("alteration", "added address"),
                ("consultation", "viewed the record")
            ],
            "{}",
            t.label
        );

        // A past address with its own end date leaves the current one alone.
        let past = AddressInput {
            to_date: DateInput::text("2019-12-31"),
            ..home("1 Old Road", "Harlow", "CM20 1AA", ymd(2018, 1, 1))
        };
        w.app.people().add_address(&w.om, id, &past).await.unwrap();
        let r = w.app.people().view_person(&w.om, id).await.unwrap();
        assert_eq!(
            r.current_address().map(|a| a.town.as_str()),
            Some("Chelmsford"),
            "{}",
            t.label
        );
        assert_eq!(
            r.addresses.iter().filter(|a| a.to_date.is_none()).count(),
            1,
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn an_address_is_corrected_in_place_and_a_stale_correction_is_a_conflict() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut input = person("Amy", "Jones", ymd(1990, 5, 6));
        input.addresses = vec![home(
            "12 Mill Lane",
            "Colchester",
            "CO1 1AA",
            ymd(2024, 1, 15),
        )];
        let id = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, id, &w.ppo, "police_lead").await;
        let address = w
            .app
            .people()
            .view_person(&w.om, id)
            .await
            .unwrap()
            .addresses[0]
            .clone();
        assert_eq!(address.version, 1, "{}", t.label);

        let corrected = home("12 Mill Lane", "Colchester", "CO2 7AA", ymd(2024, 1, 16));
        w.app
            .people()
            .change_address(&w.om, id, address.id, 1, &corrected)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let changed = last_audit(w.app.db()).await;
        assert_eq!(
            (changed.kind.as_str(), changed.reason.as_str()),
            ("alteration", "changed address"),
            "{}",
            t.label
        );

        let err = w
            .app
            .people()
            .change_address(
                &w.ppo,
                id,
                address.id,
                1,
                &home("1 Other Road", "Harlow", "CM20 1AA", ymd(2024, 1, 15)),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Conflict), "{}: {err:?}", t.label);

        let r = w.app.people().view_person(&w.om, id).await.unwrap();
        let a = &r.addresses[0];
        assert_eq!(
            (a.postcode.as_deref(), a.from_date, a.version, a.id),
            (Some("CO2 7AA"), ymd(2024, 1, 16), 2, address.id),
            "{}",
            t.label
        );
        assert_eq!(r.addresses.len(), 1, "{}", t.label);

        let err = w
            .app
            .people()
            .change_address(&w.om, id, RecordId::new(), 2, &corrected)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound), "{}: {err:?}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn markers_are_raised_and_removed_once() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &person("Amy", "Jones", ymd(1990, 5, 6)))
            .await
            .unwrap();
        let m = w
            .app
            .people()
            .add_marker(&w.ppo, id, &marker("self_harm", "Disclosed in custody"))
            .await
            .unwrap();
        assert_eq!(
            w.app
                .people()
                .view_person(&w.ppo, id)
                .await
                .unwrap()
                .active_markers()
                .count(),
            1,
            "{}",
            t.label
        );
        w.app.people().remove_marker(&w.ppo, id, m).await.unwrap();
        let r = w.app.people().view_person(&w.ppo, id).await.unwrap();
        assert_eq!(r.active_markers().count(), 0, "{}", t.label);
        assert_eq!(
            r.markers[0].removed_on,
            Some(ymd(2026, 3, 10)),
            "{}: removed markers stay on the record",
            t.label
        );
        let err = w
            .app
            .people()
            .remove_marker(&w.ppo, id, m)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound), "{}: {err:?}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

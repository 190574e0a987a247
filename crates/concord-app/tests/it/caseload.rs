use chrono::Duration;
use concord_app::*;
use concord_domain::{MarkerKind, PersonId};

use crate::support::*;

struct Cases {
    adam: PersonId,
    beth: PersonId,
    carl: PersonId,
}

/// Three people allocated to om.jones on three successive days, one to om.brown.
async fn allocated(w: &World, clock: &TestClock) -> Cases {
    let mut adam = person("Adam", "Zephyr", ymd(1970, 4, 4));
    adam.markers = vec![
        marker("weapons", "Carries a knife"),
        marker("violence", "Assaulted staff"),
    ];
    adam.identifiers = vec![
        identifier("crn", "A111111"),
        identifier("pnc", &example_pnc()),
    ];
    let mut beth = person("Beth", "Young", ymd(1990, 9, 9));
    beth.markers = vec![marker("self_harm", "Disclosed in custody")];
    beth.addresses = vec![home(
        "3 Duke Street",
        "Chelmsford",
        "CM1 1AA",
        ymd(2024, 1, 15),
    )];
    let carl = person("Carl", "Xavier", ymd(1980, 8, 8));
    let dora = person("Dora", "Walsh", ymd(1975, 7, 7));

    let mut ids = vec![];
    for input in [adam, beth, carl] {
        let id = w.app.people().register_person(&w.om, &input).await.unwrap();
        w.app
            .people()
            .allocate(&w.om, id, w.om.user_id, "offender_manager")
            .await
            .unwrap();
        ids.push(id);
        clock.advance(Duration::days(1));
    }
    let dora = w.app.people().register_person(&w.om2, &dora).await.unwrap();
    w.app
        .people()
        .allocate(&w.om2, dora, w.om2.user_id, "offender_manager")
        .await
        .unwrap();
    Cases {
        adam: ids[0],
        beth: ids[1],
        carl: ids[2],
    }
}

async fn caseload(w: &World, query: CaseloadQuery) -> Vec<CaseloadRow> {
    w.app
        .people()
        .caseload(&w.om, &query)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", w.label))
}

fn ids(rows: &[CaseloadRow]) -> Vec<PersonId> {
    rows.iter().map(|r| r.person_id).collect()
}

#[tokio::test]
async fn my_caseload_shows_the_people_allocated_to_me_with_their_markers() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let c = allocated(&w, &clock).await;
        let rows = caseload(&w, CaseloadQuery::default()).await;
        assert_eq!(
            ids(&rows),
            [c.carl, c.beth, c.adam],
            "{}: by surname (Xavier, Young, Zephyr); om.brown's case absent",
            t.label
        );

        let adam = &rows[2];
        assert_eq!(adam.name, "Adam Zephyr", "{}", t.label);
        assert_eq!(
            adam.markers,
            [MarkerKind::Violence, MarkerKind::Weapons],
            "{}",
            t.label
        );
        assert_eq!(
            (adam.crn.as_deref(), adam.pnc.as_deref()),
            (Some("A111111"), Some("2001/0123456F")),
            "{}",
            t.label
        );
        assert_eq!(
            (adam.role.as_str(), adam.allocated_from),
            ("offender_manager", ymd(2026, 3, 10)),
            "{}",
            t.label
        );
        assert_eq!(rows[1].town.as_deref(), Some("Chelmsford"), "{}", t.label);
        assert!(rows[0].markers.is_empty(), "{}", t.label);

        let viewed = last_audit(w.app.db()).await;
        assert_eq!(
            (
                viewed.kind.as_str(),
                viewed.reason.as_str(),
                viewed.actor_user_id
            ),
            (
                "consultation",
                "viewed their caseload",
                Some(w.om.user_id.0)
            ),
            "{}",
            t.label
        );

        // The other offender manager sees only their own case.
        assert_eq!(
            w.app
                .people()
                .caseload(&w.om2, &CaseloadQuery::default())
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn my_caseload_sorts_by_each_column_both_ways() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let c = allocated(&w, &clock).await;
        let sorted = |sort, descending| CaseloadQuery {
            sort,
            descending,
            ..Default::default()
        };
        for (query, expected) in [
            (sorted(CaseloadSort::Name, true), [c.adam, c.beth, c.carl]),
            (
                sorted(CaseloadSort::DateOfBirth, false),
                [c.adam, c.carl, c.beth],
            ),
            (
                sorted(CaseloadSort::DateOfBirth, true),
                [c.beth, c.carl, c.adam],
            ),
            (
                sorted(CaseloadSort::AllocatedFrom, false),
                [c.adam, c.beth, c.carl],
            ),
            (
                sorted(CaseloadSort::AllocatedFrom, true),
                [c.carl, c.beth, c.adam],
            ),
            (
                sorted(CaseloadSort::Markers, false),
                [c.adam, c.beth, c.carl],
            ),
        ] {
            assert_eq!(
                ids(&caseload(&w, query.clone()).await),
                expected,
                "{}: {query:?}",
                t.label
            );
        }
        assert_eq!(
            CaseloadSort::from_code("dob"),
            Some(CaseloadSort::DateOfBirth)
        );
        assert_eq!(CaseloadSort::from_code("shoe size"), None);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn my_caseload_filters_by_marker_and_by_name() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let c = allocated(&w, &clock).await;
        let with = |marker| CaseloadQuery {
            marker: Some(marker),
            ..Default::default()
        };
        assert_eq!(
            ids(&caseload(&w, with(MarkerKind::Violence)).await),
            [c.adam],
            "{}",
            t.label
        );
        assert_eq!(
            ids(&caseload(&w, with(MarkerKind::SelfHarm)).await),
            [c.beth],
            "{}",
            t.label
        );
        assert!(
            caseload(&w, with(MarkerKind::Escape)).await.is_empty(),
            "{}",
            t.label
        );
        let named = CaseloadQuery {
            name: "BETH".into(),
            ..Default::default()
        };
        assert_eq!(ids(&caseload(&w, named).await), [c.beth], "{}", t.label);

        // A removed marker no longer counts.
        let record = w.app.people().view_person(&w.om, c.adam).await.unwrap();
        let violence = record
            .markers
            .iter()
            .find(|m| m.kind == MarkerKind::Violence)
            .unwrap();
        w.app
            .people()
            .remove_marker(&w.om, c.adam, violence.id)
            .await
            .unwrap();
        assert!(
            caseload(&w, with(MarkerKind::Violence)).await.is_empty(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn allocating_someone_already_allocated_is_refused_so_no_case_is_listed_twice() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.om, &person("Eve", "Hart", ymd(1982, 2, 2)))
            .await
            .unwrap();
        w.app
            .people()
            .allocate(&w.om, id, w.om.user_id, "offender_manager")
            .await
            .unwrap();
        let before = audit_count(w.app.db()).await;
        // She tries to allocate herself again.
        let err = w
            .app
            .people()
            .allocate(&w.om, id, w.om.user_id, "offender_manager")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("user".to_string(), "allocation_duplicate")],
            "{}",
            t.label
        );
        assert_eq!(audit_count(w.app.db()).await, before, "{}", t.label);
        assert_eq!(
            caseload(&w, CaseloadQuery::default()).await.len(),
            1,
            "{}",
            t.label
        );
        // Someone else may still be allocated alongside.
        w.app
            .people()
            .allocate(&w.om, id, w.ppo.user_id, "police_lead")
            .await
            .unwrap();
        assert_eq!(
            w.app
                .people()
                .view_person(&w.om, id)
                .await
                .unwrap()
                .allocations
                .len(),
            2,
            "{}",
            t.label
        );
        let err = w
            .app
            .people()
            .allocate(&w.om, id, concord_domain::UserId::new(), "offender_manager")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("user".to_string(), "user_unknown")],
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn the_mappa_coordinators_caseload_shows_town_and_key_columns_of_the_cases_allocated_to_them()
{
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let c = allocated(&w, &clock).await;
        // The MAPPA unit (a responsible authority's coordinating body) is not police,
        // probation or prison, but its coordinator works a caseload of allocated cases.
        let coordinator = add_staff(&w, "mappa.co", "Janet Rowe", "SMB", "mappa_coordinator").await;
        allocate(&w, &w.om, c.beth, &coordinator, "mappa_coordinator").await;
        let rows = w
            .app
            .people()
            .caseload(&coordinator, &CaseloadQuery::default())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(ids(&rows), [c.beth], "{}", t.label);
        let beth = &rows[0];
        // The columns an allocation lets the coordinator read, not only who she is.
        assert_eq!(beth.town.as_deref(), Some("Chelmsford"), "{}", t.label);
        assert_eq!(beth.role, "mappa_coordinator", "{}", t.label);
        assert_eq!(beth.markers, [MarkerKind::SelfHarm], "{}", t.label);
        t.finish().await;
    }
}

/// New on my cases: what others recorded in the last week on the people allocated to the
/// reader, as far as the reader may read it. The offender manager is told of the police
/// officer's contact note, not of the intelligence entry she cannot read (not even that
/// there is one), nor of her own entries; the police officer is told of the offender
/// manager's entry and not of her own; a partner with no allocation is told nothing;
/// after a week the news is gone.
#[tokio::test]
async fn my_cases_tells_of_entries_others_recorded_this_week_as_far_as_i_may_read_them() {
    for t in concord_testkit::databases().await {
        let l = t.label;
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let id = w
            .app
            .people()
            .register_person(&w.om, &person("Dean", "Hale", ymd(1984, 4, 4)))
            .await
            .unwrap();
        w.app
            .people()
            .allocate(&w.om, id, w.om.user_id, "offender_manager")
            .await
            .unwrap();
        allocate(&w, &w.om, id, &w.ppo, "police_lead").await;
        clock.advance(Duration::hours(1));
        let record = |who: &concord_authz::Actor, e: EventInput| {
            let (app, who) = (&w.app, who.clone());
            async move { app.people().record_event(&who, id, &e).await.unwrap() }
        };
        record(
            &w.ppo,
            EventInput {
                section: "intelligence".into(),
                ..event("intelligence", ymd(2026, 3, 9), "Seen near the school")
            },
        )
        .await;
        record(
            &w.ppo,
            event("contact", ymd(2026, 3, 9), "Home visit: present"),
        )
        .await;
        record(&w.om, event("contact", ymd(2026, 3, 10), "Reported")).await;

        let page = |who: concord_authz::Actor| {
            let app = &w.app;
            async move {
                app.people()
                    .caseload_page(&who, &CaseloadQuery::default())
                    .await
                    .unwrap()
                    .new_entries
            }
        };
        let mine = page(w.om.clone()).await;
        let told: Vec<_> = mine
            .iter()
            .map(|e| (e.person_id, e.event_type.code(), e.restricted.is_some()))
            .collect();
        assert_eq!(told, vec![(id, "contact", false)], "{l}: {mine:?}");
        assert!(
            mine[0].recorded_by.starts_with("Priya Khan"),
            "{l}: {mine:?}"
        );
        let police = page(w.ppo.clone()).await;
        let told: Vec<_> = police
            .iter()
            .map(|e| (e.event_type.code(), e.restricted.is_some()))
            .collect();
        assert_eq!(told, vec![("contact", false)], "{l}: {police:?}");
        assert!(
            police[0].recorded_by.starts_with("Olivia"),
            "{l}: {police:?}"
        );
        assert!(page(w.housing.clone()).await.is_empty(), "{l}");

        clock.advance(Duration::days(NEWS_DAYS) + Duration::hours(1));
        assert!(
            page(w.om.clone()).await.is_empty(),
            "{l}: a week on, it is not new"
        );
        t.finish().await;
    }
}

use chrono::Duration;
use concord_app::*;

use crate::support::*;

fn changed(c: &ChangeView) -> Vec<(&str, &str, &str)> {
    c.changes
        .iter()
        .map(|f| (f.field.as_str(), f.from.as_str(), f.to.as_str()))
        .collect()
}

#[tokio::test]
async fn the_history_lists_who_changed_what_from_and_to_newest_first() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &person("Jon", "Smith", ymd(1985, 2, 3)))
            .await
            .unwrap();
        // Probation's staff change the police's record through their allocations, which
        // the history shows too.
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;
        allocate(&w, &w.ppo, id, &w.om2, "offender_manager").await;

        clock.advance(Duration::hours(1));
        w.app
            .people()
            .change_person_details(&w.om, id, 1, &details("John", "Smith", ymd(1985, 3, 2)))
            .await
            .unwrap();
        clock.advance(Duration::hours(1));
        w.app
            .people()
            .add_address(
                &w.om2,
                id,
                &home("3 Duke Street", "Chelmsford", "CM1 1AA", ymd(2026, 2, 1)),
            )
            .await
            .unwrap();
        clock.advance(Duration::hours(1));

        let concord_app::RecordHistory {
            record,
            changes,
            access,
            ..
        } = w
            .app
            .people()
            .person_history(&w.ppo, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(record.full_name(), "John Smith", "{}", t.label);
        assert_eq!(changes.len(), 5, "{}: {changes:#?}", t.label);

        let address = &changes[0];
        assert_eq!(
            (
                address.staff.as_str(),
                address.agency.as_str(),
                address.entity.as_str(),
                address.operation.as_str()
            ),
            ("Oscar Brown", "Essex Probation", "address", "added"),
            "{}",
            t.label
        );
        assert_eq!(address.at, now() + Duration::hours(2), "{}", t.label);
        let fields = changed(address);
        assert!(
            fields.contains(&("town", "", "Chelmsford")),
            "{}: {fields:?}",
            t.label
        );
        assert!(
            fields.contains(&("postcode", "", "CM1 1AA")),
            "{}: {fields:?}",
            t.label
        );
        assert!(
            fields
                .iter()
                .all(|(field, ..)| *field != "line2" && *field != "to date"),
            "{}: unchanged fields listed: {fields:?}",
            t.label
        );

        let details = &changes[1];
        assert_eq!(
            (
                details.staff.as_str(),
                details.agency.as_str(),
                details.entity.as_str(),
                details.operation.as_str()
            ),
            ("Olivia Jones", "Essex Probation", "person", "changed"),
            "{}",
            t.label
        );
        assert_eq!(
            changed(details),
            [
                ("given name", "Jon", "John"),
                ("date of birth", "1985-02-03", "1985-03-02")
            ],
            "{}",
            t.label
        );

        let allocations: Vec<(&str, &str, &str)> = changes[2..4]
            .iter()
            .map(|c| (c.staff.as_str(), c.entity.as_str(), c.operation.as_str()))
            .collect();
        assert_eq!(
            allocations,
            [
                ("Priya Khan", "allocation", "added"),
                ("Priya Khan", "allocation", "added")
            ],
            "{}",
            t.label
        );
        assert!(
            changed(&changes[2]).contains(&("allocated to", "", "Oscar Brown")),
            "{}: {:?}",
            t.label,
            changed(&changes[2])
        );

        let created = &changes[4];
        assert_eq!(
            (
                created.staff.as_str(),
                created.agency.as_str(),
                created.operation.as_str(),
                created.at
            ),
            ("Priya Khan", "Essex Police", "created", now()),
            "{}",
            t.label
        );

        // Who has looked at or changed the record, newest first; this view is not yet in it.
        let seen: Vec<(&str, &str)> = access
            .iter()
            .map(|a| (a.staff.as_str(), a.kind.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Oscar Brown", "alteration"),
                ("Olivia Jones", "alteration"),
                ("Priya Khan", "alteration"),
                ("Priya Khan", "alteration"),
                ("Priya Khan", "collection")
            ],
            "{}",
            t.label
        );
        let viewed = last_audit(w.app.db()).await;
        assert_eq!(
            (
                viewed.kind.as_str(),
                viewed.reason.as_str(),
                viewed.person_id
            ),
            ("consultation", "viewed the record's history", Some(id.0)),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_change_that_changes_nothing_lists_no_fields() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &person("Amy", "Jones", ymd(1990, 5, 6)))
            .await
            .unwrap();
        w.app
            .people()
            .change_person_details(&w.ppo, id, 1, &details("Amy", "Jones", ymd(1990, 5, 6)))
            .await
            .unwrap();
        let changes = w
            .app
            .people()
            .person_history(&w.ppo, id)
            .await
            .unwrap()
            .changes;
        let saved = changes
            .iter()
            .find(|c| c.operation == "changed")
            .expect("the save is in the history");
        assert!(saved.changes.is_empty(), "{}: {:?}", t.label, saved.changes);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

/// Issue 24: the offender manager's record gains a police intelligence entry she may not
/// read. Her history neither lists the change nor names its author or date, in the changes
/// or in who has changed the record; her own entries are listed as before.
#[tokio::test]
async fn a_change_to_an_entry_the_viewer_cannot_read_is_not_told() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let id = w
            .app
            .people()
            .register_person(&w.om, &person("Dean", "Hale", ymd(1984, 4, 4)))
            .await
            .unwrap();
        allocate(&w, &w.om, id, &w.ppo, "police_lead").await;
        clock.advance(Duration::hours(1));
        w.app
            .people()
            .record_event(
                &w.ppo,
                id,
                &EventInput {
                    section: "intelligence".into(),
                    ..event("intelligence", ymd(2026, 2, 1), "Seen near the school")
                },
            )
            .await
            .unwrap();
        clock.advance(Duration::hours(1));
        w.app
            .people()
            .record_event(&w.om, id, &event("contact", ymd(2026, 2, 2), "Reported"))
            .await
            .unwrap();

        let mine = w.app.people().person_history(&w.om, id).await.unwrap();
        assert!(mine.changes_withheld, "{}: {:#?}", t.label, mine.changes);
        let told: Vec<String> = mine
            .changes
            .iter()
            .map(|c| format!("{} {} {:?}", c.entity, c.staff, changed(c)))
            .collect();
        assert!(
            told.iter()
                .all(|c| !c.contains("intelligence") && !c.contains("2026-02-01")),
            "{}: {told:?}",
            t.label
        );
        assert!(
            told.iter().any(|c| c.contains("contact")),
            "{}: {told:?}",
            t.label
        );
        // The access log does not say the police officer wrote to the record.
        assert!(
            mine.access
                .iter()
                .all(|a| a.kind != "alteration" || a.staff != "Priya Khan"),
            "{}: {:?}",
            t.label,
            mine.access
        );
        t.finish().await;
    }
}

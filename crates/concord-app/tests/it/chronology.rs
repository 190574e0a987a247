use concord_app::*;
use concord_domain::{EventType, PersonId};

use crate::support::*;

/// A person known to the police and then to probation.
async fn shared_case(w: &World) -> PersonId {
    let mut input = person("Dan", "Reed", ymd(1988, 8, 8));
    input.offences = vec![OffenceInput {
        offence_code: "00100".into(),
        description: "Assault".into(),
        offence_date: DateInput::text("2015-06-01"),
        conviction_date: DateInput::text("2015-09-01"),
        disposal: "community_order".into(),
    }];
    input.events = vec![event(
        "arrest",
        ymd(2015, 6, 2),
        "Arrested after a fight outside a pub",
    )];
    input.addresses = vec![home(
        "3 Duke Street",
        "Chelmsford",
        "CM1 1AA",
        ymd(2024, 1, 15),
    )];
    let id = w
        .app
        .people()
        .register_person(&w.ppo, &input)
        .await
        .unwrap();
    // Probation adds to the police's record through an allocation.
    allocate(w, &w.ppo, id, &w.om, "offender_manager").await;
    w.app
        .people()
        .record_event(
            &w.ppo,
            id,
            &event(
                "intelligence",
                ymd(2025, 12, 1),
                "Seen with known associates",
            ),
        )
        .await
        .unwrap();
    w.app
        .people()
        .record_event(
            &w.om,
            id,
            &event("home_visit", ymd(2026, 2, 15), "Visited; address confirmed"),
        )
        .await
        .unwrap();
    w.app
        .people()
        .record_event(
            &w.om,
            id,
            &event("contact", ymd(2026, 3, 1), "Reported as instructed"),
        )
        .await
        .unwrap();
    id
}

fn dated(c: &Chronology) -> Vec<(chrono::NaiveDate, EventType, &str)> {
    c.entries
        .iter()
        .map(|e| (e.date, e.event_type, e.agency.as_str()))
        .collect()
}

#[tokio::test]
async fn the_chronology_merges_every_agency_newest_first() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = shared_case(&w).await;
        let c = w
            .app
            .people()
            .chronology(&w.om, id, &ChronologyFilter::default())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(
            dated(&c),
            [
                (ymd(2026, 3, 1), EventType::Contact, "Essex Probation"),
                (ymd(2026, 2, 15), EventType::HomeVisit, "Essex Probation"),
                (ymd(2025, 12, 1), EventType::Intelligence, "Essex Police"),
                (ymd(2024, 1, 15), EventType::AddressChange, "Essex Police"),
                (ymd(2015, 9, 1), EventType::Conviction, "Essex Police"),
                (ymd(2015, 6, 2), EventType::Arrest, "Essex Police"),
                (ymd(2015, 6, 1), EventType::Offence, "Essex Police"),
            ],
            "{}",
            t.label
        );
        assert_eq!(
            c.agencies,
            ["Essex Police", "Essex Probation"],
            "{}",
            t.label
        );
        assert_eq!(c.event_types.len(), 7, "{}: {:?}", t.label, c.event_types);
        let conviction = c
            .entries
            .iter()
            .find(|e| e.event_type == EventType::Conviction)
            .unwrap();
        assert!(
            conviction.detail.contains("1 June 2015"),
            "{}: {}",
            t.label,
            conviction.detail
        );

        let viewed = last_audit(w.app.db()).await;
        assert_eq!(
            (
                viewed.kind.as_str(),
                viewed.reason.as_str(),
                viewed.person_id
            ),
            ("consultation", "viewed the chronology", Some(id.0)),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn the_chronology_filters_by_agency_and_by_event_type() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = shared_case(&w).await;
        let probation = ChronologyFilter {
            agency: Some("Essex Probation".into()),
            event_type: None,
        };
        let c = w
            .app
            .people()
            .chronology(&w.ppo, id, &probation)
            .await
            .unwrap();
        assert_eq!(
            dated(&c),
            [
                (ymd(2026, 3, 1), EventType::Contact, "Essex Probation"),
                (ymd(2026, 2, 15), EventType::HomeVisit, "Essex Probation")
            ],
            "{}",
            t.label
        );
        // The filter controls still offer everything present.
        assert_eq!(
            c.agencies,
            ["Essex Police", "Essex Probation"],
            "{}",
            t.label
        );

        let arrests = ChronologyFilter {
            agency: None,
            event_type: Some(EventType::Arrest),
        };
        let c = w
            .app
            .people()
            .chronology(&w.ppo, id, &arrests)
            .await
            .unwrap();
        assert_eq!(
            dated(&c),
            [(ymd(2015, 6, 2), EventType::Arrest, "Essex Police")],
            "{}",
            t.label
        );

        let none = ChronologyFilter {
            agency: Some("Essex Probation".into()),
            event_type: Some(EventType::Arrest),
        };
        assert!(
            w.app
                .people()
                .chronology(&w.ppo, id, &none)
                .await
                .unwrap()
                .entries
                .is_empty(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

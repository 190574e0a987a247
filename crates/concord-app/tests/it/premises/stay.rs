//! The stay: arrival, departure and move-on, and a non-arrival.

use concord_app::*;
use concord_domain::BookingStatus;

use super::*;

#[tokio::test]
async fn the_premises_record_his_arrival_and_departure_and_the_bed_is_free_again() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let (id, v) = accepted(&s, d, &w.om).await;
        let booking_id = p
            .book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        let version = |page: &StayPage| page.bookings[0].version;
        let page = p.stay_page(&s.staff, d).await.unwrap();
        // Today is 10 March; the booking starts on the 12th.
        let early = ArrivalForm {
            arrived_on: "11/3/2026".into(),
            version: version(&page),
        };
        let err = p
            .record_arrival(&s.staff, d, booking_id, &early)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "in_future", "{}", t.label);
        s.c.clock.advance(days(2));
        let err = p
            .record_arrival(&s.staff, d, booking_id, &early)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "before_booking", "{}", t.label);
        let err = p
            .record_non_arrival(
                &s.staff,
                d,
                booking_id,
                &NonArrivalForm {
                    reason: String::new(),
                    version: version(&page),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].0, "reason", "{}", t.label);
        p.record_arrival(
            &s.staff,
            d,
            booking_id,
            &ArrivalForm {
                arrived_on: "12/3/2026".into(),
                version: version(&page),
            },
        )
        .await
        .unwrap();
        let page = p.stay_page(&w.om, d).await.unwrap();
        assert_eq!(
            page.bookings[0].status,
            BookingStatus::Arrived,
            "{}",
            t.label
        );
        assert_eq!(
            page.bookings[0].key_worker.as_deref(),
            Some("Ada Okafor"),
            "{}",
            t.label
        );
        // A stale form is refused.
        let stale = ArrivalForm {
            arrived_on: "12/3/2026".into(),
            version: 1,
        };
        assert!(
            p.record_arrival(&s.staff, d, booking_id, &stale)
                .await
                .is_err(),
            "{}",
            t.label
        );
        // Six weeks on he moves on; a planned move-on says where to.
        s.c.clock.advance(days(42));
        let mut leave = DepartureForm {
            departed_on: "23/4/2026".into(),
            reason: "planned_move_on".into(),
            move_on_plan: String::new(),
            next_address_check: String::new(),
            version: version(&page),
        };
        let err = p
            .record_departure(&s.staff, d, booking_id, &leave)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![
                ("move_on_plan".to_string(), "required"),
                ("next_address_check".to_string(), "required")
            ],
            "{}",
            t.label
        );
        leave.move_on_plan = "Back to 3 Galleywood Road with his brother".into();
        // The form offers his checked addresses (not an approved premises' check).
        let offered = p.stay_page(&s.staff, d).await.unwrap().move_on_addresses;
        assert_eq!(offered.len(), 1, "{}: {offered:?}", t.label);
        assert_eq!(offered[0].2, concord_domain::AddressCheckOutcome::Approved);
        leave.next_address_check = "not-a-check".into();
        let err = p
            .record_departure(&s.staff, d, booking_id, &leave)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "unknown", "{}", t.label);
        leave.next_address_check = offered[0].0.to_string();
        p.record_departure(&s.staff, d, booking_id, &leave)
            .await
            .unwrap();
        let page = p.stay_page(&w.om, d).await.unwrap();
        assert_eq!(
            page.bookings[0].status,
            BookingStatus::Departed,
            "{}",
            t.label
        );
        assert_eq!(
            page.bookings[0].departure_reason,
            Some("Planned move-on"),
            "{}",
            t.label
        );
        assert_eq!(
            page.bookings[0].departure_on,
            ymd(2026, 4, 23),
            "{}",
            t.label
        );
        assert_eq!(
            page.bookings[0].next_address.as_deref(),
            Some("3 Galleywood Road, Chelmsford"),
            "{}",
            t.label
        );
        // Gone: the premises' staff no longer reach him; the bed is free from that day.
        assert!(p.stay_page(&s.staff, d).await.is_err(), "{}", t.label);
        let dir = p.directory(&w.om, ymd(2026, 4, 22), 2).await.unwrap();
        let b = dir.premises.iter().find(|x| x.id == s.braemar).unwrap();
        assert_eq!(
            b.days.iter().map(|x| x.free).collect::<Vec<_>>(),
            vec![1, 2],
            "{}",
            t.label
        );
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn a_non_arrival_sets_the_offender_manager_and_the_police_a_task() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let (id, v) = accepted(&s, d, &w.om).await;
        let booking_id = p
            .book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        let version = p.stay_page(&s.staff, d).await.unwrap().bookings[0].version;
        let form = NonArrivalForm {
            reason: "Not at the gate; his phone is off".into(),
            version,
        };
        let err = p
            .record_non_arrival(&s.staff, d, booking_id, &form)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "not_due", "{}", t.label);
        s.c.clock.advance(days(2));
        p.record_non_arrival(&s.staff, d, booking_id, &form)
            .await
            .unwrap();
        let page = p.stay_page(&w.om, d).await.unwrap();
        assert_eq!(
            page.bookings[0].status,
            BookingStatus::NotArrived,
            "{}",
            t.label
        );
        // A task each for the officers allocated from probation and the police (the
        // offender manager, the senior and the police officer; not the victim liaison
        // officer's agency alone), due today, on the compliance page both read.
        for actor in [&w.om, &w.ppo] {
            let due = w
                .app
                .manage()
                .compliance_page(actor, d)
                .await
                .unwrap()
                .compliance
                .deadlines;
            let ours: Vec<_> = due
                .iter()
                .filter(|t| t.kind == concord_domain::TaskKind::ApNonArrival)
                .collect();
            assert!(ours.len() >= 2, "{}: {due:?}", t.label);
            assert!(
                ours.iter().all(|t| t.due_on == ymd(2026, 3, 12)),
                "{}",
                t.label
            );
        }
        // He never arrived: the premises' staff reach him no more.
        assert!(p.stay_page(&s.staff, d).await.is_err(), "{}", t.label);
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn a_resident_past_his_departure_date_still_holds_his_bed() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let (id, v) = accepted(&s, d, &w.om).await;
        let booking_id = p
            .book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        s.c.clock.advance(days(2));
        let arrival = ArrivalForm {
            arrived_on: "12/3/2026".into(),
            version: 1,
        };
        p.record_arrival(&s.staff, d, booking_id, &arrival)
            .await
            .unwrap();
        // His booking ends on 4 June; on 10 June he is still there.
        s.c.clock.advance(days(90));
        let dir = p.directory(&s.staff, ymd(2026, 6, 10), 1).await.unwrap();
        let b = dir.premises.iter().find(|x| x.id == s.braemar).unwrap();
        assert_eq!(b.overstays, 1, "{}", t.label);
        assert_eq!(b.days[0].free, 1, "{}: his bed is not free", t.label);
        // So it is not offered, nor booked, to another man.
        let other = w
            .app
            .people()
            .register_person(&w.om, &person("Eric", "Evans", ymd(1990, 1, 1)))
            .await
            .unwrap();
        let form = ApplicationForm {
            release_on: "10/6/2026".into(),
            ..application()
        };
        let second = p.apply_for_place(&w.om, other, &form).await.unwrap();
        let accept = AssessmentForm {
            decision: "accept".into(),
            reasons: "Meets the criteria".into(),
            version: 1,
        };
        p.assess_application(&s.cru, other, second, &accept)
            .await
            .unwrap();
        let places = p.places_for(&s.cru, other, second).await.unwrap();
        let braemar = places
            .options
            .iter()
            .find(|o| o.name == "Braemar House")
            .unwrap();
        assert!(braemar.free_beds.is_empty(), "{}: {braemar:?}", t.label);
        let late = BookingForm {
            arrival_on: "10/6/2026".into(),
            departure_on: "1/9/2026".into(),
            ..booking(s.ground_floor_bed, 2)
        };
        let err = p
            .book_place(&s.cru, other, second, &late)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "overlap", "{}", t.label);
    }
}

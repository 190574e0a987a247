//! Applying, assessing, matching and booking.

use concord_app::*;

use super::*;

#[tokio::test]
async fn the_application_is_assessed_matched_away_from_the_victim_and_booked() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        // Bad input, each field named; nothing saved.
        let bad = ApplicationForm {
            ap_type: "palace".into(),
            reason: " ".into(),
            release_on: "31/2/2026".into(),
            duration_weeks: "0".into(),
            needs: vec!["women_only".into(), "men_only".into(), "moat".into()],
            ..application()
        };
        let err = p.apply_for_place(&w.om, d, &bad).await.unwrap_err();
        let fields: Vec<String> = field_codes(&err).into_iter().map(|(f, _)| f).collect();
        for f in ["ap_type", "reason", "release_on", "duration_weeks", "needs"] {
            assert!(
                fields.iter().any(|x| x == f),
                "{}: {f} not named in {fields:?}",
                t.label
            );
        }
        assert!(
            p.stay_page(&w.om, d).await.unwrap().applications.is_empty(),
            "{}",
            t.label
        );
        // Before any application the unit and the premises reach nothing of him.
        assert!(p.stay_page(&s.cru, d).await.is_err(), "{}", t.label);
        assert!(p.stay_page(&s.staff, d).await.is_err(), "{}", t.label);
        let id = p.apply_for_place(&w.om, d, &application()).await.unwrap();
        let again = p
            .apply_for_place(&w.om, d, &application())
            .await
            .unwrap_err();
        assert_eq!(field_codes(&again)[0].1, "open_application", "{}", t.label);
        // On the unit's worklist; the unit reads his risk but not his victim.
        let list = p.worklist(&s.cru).await.unwrap();
        assert_eq!(list.len(), 1, "{}", t.label);
        assert_eq!(list[0].person_name, "Daniel Dawson", "{}", t.label);
        assert!(
            p.worklist(&s.staff).await.unwrap().is_empty(),
            "{}",
            t.label
        );
        let page = p.stay_page(&s.cru, d).await.unwrap();
        assert!(page.may_act && page.assesses, "{}", t.label);
        assert!(
            w.app.manage().victims_page(&s.cru, d).await.is_err(),
            "{}",
            t.label
        );
        // Reasons are required; then accepted.
        let version = page.applications[0].version;
        let no_reasons = AssessmentForm {
            decision: "accept".into(),
            reasons: String::new(),
            version,
        };
        let err = p
            .assess_application(&s.cru, d, id, &no_reasons)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].0, "reasons", "{}", t.label);
        let accept = AssessmentForm {
            reasons: "Meets the criteria".into(),
            ..no_reasons
        };
        assert_eq!(
            p.assess_application(&s.cru, d, id, &accept).await.unwrap(),
            concord_domain::ApplicationStatus::AwaitingPlacement,
            "{}",
            t.label
        );
        assert!(
            p.assess_application(&s.cru, d, id, &accept).await.is_err(),
            "{}: decided once",
            t.label
        );
        // Matching: Braemar offered (its ground-floor bed only); Lady Lane refused for a
        // victim-related restriction whose distance the unit never sees; Rose House is
        // women only.
        let places = p.places_for(&s.cru, d, id).await.unwrap();
        let by_name = |n: &str| places.options.iter().find(|o| o.name == n).unwrap().clone();
        let braemar = by_name("Braemar House");
        assert!(braemar.offered(), "{}: {braemar:?}", t.label);
        assert_eq!(
            braemar.free_beds,
            vec![(s.ground_floor_bed, "Room 1, bed A".to_string())],
            "{}",
            t.label
        );
        let lady_lane = by_name("Lady Lane House");
        assert!(!lady_lane.offered(), "{}", t.label);
        assert!(
            lady_lane.refusals.iter().any(|r| r == VICTIM_RESTRICTION),
            "{}: {:?}",
            t.label,
            lady_lane.refusals
        );
        assert!(
            lady_lane.victim_refusals.is_empty(),
            "{}: the unit has no victim section",
            t.label
        );
        let shown = serde_json::to_string(&places).unwrap();
        assert!(
            !shown.contains(" m ") && !shown.contains("metres"),
            "{}: a distance leaked: {shown}",
            t.label
        );
        assert!(
            by_name("Rose House")
                .refusals
                .iter()
                .any(|r| r.contains("women only")),
            "{}",
            t.label
        );
        assert_eq!(
            places.options[0].name, "Braemar House",
            "{}: offered first",
            t.label
        );
        // The victim liaison officer sees the distance.
        let vlo = p.places_for(&s.c.vlo, d, id).await.unwrap();
        let ll = vlo
            .options
            .iter()
            .find(|o| o.name == "Lady Lane House")
            .unwrap();
        assert!(!ll.victim_refusals.is_empty(), "{}", t.label);
        // Booking Lady Lane is refused whatever the form says; the upstairs bed lacks a
        // ground floor; nothing saved.
        let v = version + 1;
        let err = p
            .book_place(&s.cru, d, id, &booking(s.lady_lane_bed, v))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "premises_unsuitable", "{}", t.label);
        let err = p
            .book_place(&s.cru, d, id, &booking(s.upstairs_bed, v))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "bed_unsuitable", "{}", t.label);
        let backwards = BookingForm {
            arrival_on: "1/3/2026".into(),
            departure_on: "28/2/2026".into(),
            ..booking(s.ground_floor_bed, v)
        };
        let err = p.book_place(&s.cru, d, id, &backwards).await.unwrap_err();
        assert!(
            field_codes(&err).iter().any(|(f, _)| f == "arrival_on"),
            "{}: {err:?}",
            t.label
        );
        assert!(
            field_codes(&err).iter().any(|(f, _)| f == "departure_on"),
            "{}",
            t.label
        );
        p.book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        let page = p.stay_page(&w.om, d).await.unwrap();
        assert_eq!(
            page.applications[0].status,
            concord_domain::ApplicationStatus::PlacementAllocated,
            "{}",
            t.label
        );
        assert_eq!(
            page.bookings[0].premises_name, "Braemar House",
            "{}",
            t.label
        );
        assert_eq!(page.bookings[0].bed, "Room 1, bed A", "{}", t.label);
        // Once booked, the unit's relationship ends; Braemar's staff now reach him, but
        // not his victims, and they cannot touch his licence.
        assert!(p.stay_page(&s.cru, d).await.is_err(), "{}", t.label);
        assert!(p.stay_page(&s.staff, d).await.is_ok(), "{}", t.label);
        assert!(
            w.app.manage().victims_page(&s.staff, d).await.is_err(),
            "{}",
            t.label
        );
        let zone = ZoneForm {
            kind: "exclusion".into(),
            name: "Anywhere".into(),
            description: "A zone drawn by the wrong person".into(),
            circle_radius_metres: "100".into(),
            ..ZoneForm::default()
        };
        assert!(
            w.app.manage().add_zone(&s.staff, d, &zone).await.is_err(),
            "{}",
            t.label
        );
        // The directory shows the bed taken from the arrival, and no one's name.
        let dir = p.directory(&s.staff, ymd(2026, 3, 11), 3).await.unwrap();
        let b = dir.premises.iter().find(|x| x.id == s.braemar).unwrap();
        let free: Vec<usize> = b.days.iter().map(|x| x.free).collect();
        assert_eq!(free, vec![2, 1, 1], "{}", t.label);
        assert!(
            !serde_json::to_string(&dir).unwrap().contains("Dawson"),
            "{}",
            t.label
        );
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn a_second_booking_of_a_bed_for_any_of_the_same_nights_is_refused() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, p) = (&s.c.w, s.c.w.app.premises());
        let (first, v) = accepted(&s, s.c.d, &w.om).await;
        p.book_place(&s.cru, s.c.d, first, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        let other = w
            .app
            .people()
            .register_person(&w.om, &person("Eric", "Evans", ymd(1990, 1, 1)))
            .await
            .unwrap();
        let (second, v2) = accepted(&s, other, &w.om).await;
        // Arriving the day before the first leaves: one night in common.
        let overlapping = BookingForm {
            arrival_on: "3/6/2026".into(),
            departure_on: "10/6/2026".into(),
            ..booking(s.ground_floor_bed, v2)
        };
        let err = p
            .book_place(&s.cru, other, second, &overlapping)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "overlap", "{}", t.label);
        assert!(
            p.stay_page(&w.om, other).await.unwrap().bookings.is_empty(),
            "{}: nothing saved",
            t.label
        );
        // Arriving the day the first leaves: free.
        let after = BookingForm {
            arrival_on: "4/6/2026".into(),
            ..overlapping
        };
        p.book_place(&s.cru, other, second, &after).await.unwrap();
        // Only an administrator adds premises.
        let form = premises_form("X", "X House", (51.7, 0.45), uuid::Uuid::nil(), &[]);
        assert!(
            p.add_premises(&s.staff, &form).await.is_err(),
            "{}",
            t.label
        );
        let err = p.add_premises(&s.admin, &form).await.unwrap_err();
        assert_eq!(field_codes(&err)[0].0, "team", "{}", t.label);
        let _ = (s.braemar, s.lady_lane, s.upstairs_bed, days(0));
    }
}

//! The sign-in register: a late return is a missed curfew on the licence, met by the
//! offender manager as a missed appointment is; an excused one is recorded and opens
//! nothing; a resident who does not come back is recorded once; only a resident signs.

use concord_app::*;
use concord_licence::ComplianceKind;

use super::*;

fn movement(direction: &str, on: &str, time: &str) -> MovementForm {
    MovementForm {
        direction: direction.into(),
        on: on.into(),
        time: time.into(),
        ..MovementForm::default()
    }
}

#[tokio::test]
async fn a_late_return_is_a_missed_curfew_the_offender_manager_must_decide_on() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let (id, v) = accepted(&s, d, &w.om).await;
        let booking = p
            .book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        // Not yet resident: nothing is signed.
        let err = p
            .record_movement(&s.staff, d, booking, &movement("out", "", "09:00"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "not_resident", "{}", t.label);
        s.c.clock.advance(days(2));
        p.record_arrival(
            &s.staff,
            d,
            booking,
            &ArrivalForm {
                arrived_on: "12/3/2026".into(),
                version: 1,
            },
        )
        .await
        .unwrap();
        s.c.clock.advance(chrono::Duration::hours(12)); // 22:00 on 12 March
        let page = p.stay_page(&s.staff, d).await.unwrap();
        let curfew = page.curfew.clone().unwrap();
        assert_eq!(
            curfew.start.format("%H:%M").to_string(),
            "19:00",
            "{}: the licence's curfew",
            t.label
        );
        let err = p
            .record_movement(&s.staff, d, booking, &movement("in", "", "17:00"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "already_in", "{}", t.label);
        let err = p
            .record_movement(&s.staff, d, booking, &movement("out", "", "23:30"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "in_future", "{}", t.label);
        let err = p
            .record_movement(&s.staff, d, booking, &movement("sideways", "", "25:00"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err).len(),
            2,
            "{}: direction and time named",
            t.label
        );
        assert!(
            !p.record_movement(&s.staff, d, booking, &movement("out", "", "17:30"))
                .await
                .unwrap(),
            "{}",
            t.label
        );
        assert!(
            p.stay_page(&s.staff, d).await.unwrap().signed_out,
            "{}",
            t.label
        );
        // Back at 20:10, seventy minutes after the curfew began.
        assert!(
            p.record_movement(&s.staff, d, booking, &movement("in", "", "20:10"))
                .await
                .unwrap(),
            "{}",
            t.label
        );
        let compliance = w
            .app
            .manage()
            .compliance_page(&w.om, d)
            .await
            .unwrap()
            .compliance;
        let missed: Vec<_> = compliance
            .events
            .iter()
            .filter(|e| e.kind == ComplianceKind::ApCurfew)
            .collect();
        assert_eq!(missed.len(), 1, "{}", t.label);
        assert!(
            missed[0].details.contains("70 minutes late"),
            "{}: {}",
            t.label,
            missed[0].details
        );
        assert!(missed[0].awaiting_decision, "{}", t.label);
        assert!(
            compliance
                .deadlines
                .iter()
                .any(|x| x.kind == concord_domain::TaskKind::EnforcementDecision),
            "{}: {:?}",
            t.label,
            compliance.deadlines
        );
        // The next evening, late again but with an excuse: recorded, no new decision.
        s.c.clock.advance(days(1));
        p.record_movement(&s.staff, d, booking, &movement("out", "13/3/2026", "18:00"))
            .await
            .unwrap();
        let excused = MovementForm {
            excuse: "The bus broke down; he phoned at 18:50".into(),
            ..movement("in", "13/3/2026", "19:30")
        };
        assert!(
            p.record_movement(&s.staff, d, booking, &excused)
                .await
                .unwrap(),
            "{}",
            t.label
        );
        let compliance = w
            .app
            .manage()
            .compliance_page(&w.om, d)
            .await
            .unwrap()
            .compliance;
        let missed: Vec<_> = compliance
            .events
            .iter()
            .filter(|e| e.kind == ComplianceKind::ApCurfew)
            .collect();
        assert_eq!(missed.len(), 2, "{}", t.label);
        assert_eq!(
            missed.iter().filter(|e| e.awaiting_decision).count(),
            1,
            "{}",
            t.label
        );
        // The third night he does not come back: recorded once, and his return later
        // adds no second event.
        s.c.clock.advance(days(1));
        p.record_movement(&s.staff, d, booking, &movement("out", "14/3/2026", "18:30"))
            .await
            .unwrap();
        let night = MissedCurfewForm {
            night: "14/3/2026".into(),
            note: "Phone off; police told".into(),
        };
        p.record_missed_curfew(&s.staff, d, booking, &night)
            .await
            .unwrap();
        let err = p
            .record_missed_curfew(&s.staff, d, booking, &night)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "already_recorded", "{}", t.label);
        p.record_movement(&s.staff, d, booking, &movement("in", "14/3/2026", "21:45"))
            .await
            .unwrap();
        let compliance = w
            .app
            .manage()
            .compliance_page(&w.om, d)
            .await
            .unwrap()
            .compliance;
        assert_eq!(
            compliance
                .events
                .iter()
                .filter(|e| e.kind == ComplianceKind::ApCurfew)
                .count(),
            3,
            "{}",
            t.label
        );
        // Going out while the curfew is in force is a breach too: out at 05:00, back at
        // 05:30, inside the night's 19:00 to 07:00.
        s.c.clock.advance(days(1));
        p.record_movement(&s.staff, d, booking, &movement("out", "15/3/2026", "05:00"))
            .await
            .unwrap();
        assert!(
            p.record_movement(&s.staff, d, booking, &movement("in", "15/3/2026", "05:30"))
                .await
                .unwrap(),
            "{}",
            t.label
        );
        let events = w
            .app
            .manage()
            .compliance_page(&w.om, d)
            .await
            .unwrap()
            .compliance
            .events;
        let during = events
            .iter()
            .find(|e| e.details.contains("during the curfew"))
            .unwrap();
        assert_eq!(
            during.occurred_on,
            ymd(2026, 3, 14),
            "{}: the night it began",
            t.label
        );
        // A movement before the day he arrived is refused.
        let err = p
            .record_movement(&s.staff, d, booking, &movement("out", "11/3/2026", "12:00"))
            .await
            .unwrap_err();
        assert!(
            field_codes(&err)
                .iter()
                .any(|(_, c)| *c == "before_arrival" || *c == "out_of_order"),
            "{}: {err:?}",
            t.label
        );
        let page = p.stay_page(&w.om, d).await.unwrap();
        assert_eq!(page.register.len(), 9, "{}: {:?}", t.label, page.register);
        assert_eq!(
            page.register.iter().filter(|r| r.missed_curfew).count(),
            4,
            "{}",
            t.label
        );
        assert_chain_intact(w).await;
    }
}

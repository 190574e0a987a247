//! A premises' own page: its staff see who is booked in and keep the beds in or out of
//! service (never over a booking); everyone else sees the beds only.

use concord_app::*;

use super::*;

fn out(from: &str, until: &str, version: i64) -> BedServiceForm {
    BedServiceForm {
        from: from.into(),
        until: until.into(),
        reason: "Water damage to the ceiling".into(),
        version,
    }
}

#[tokio::test]
async fn the_premises_staff_keep_their_beds_and_see_who_is_booked_in() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let (id, v) = accepted(&s, d, &w.om).await;
        p.book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        let page = p.premises_page(&s.staff, s.braemar).await.unwrap();
        assert!(page.runs_it, "{}", t.label);
        assert_eq!(page.residents.len(), 1, "{}", t.label);
        assert_eq!(page.residents[0].name, "Daniel Dawson", "{}", t.label);
        // Another premises' page, or another reader: beds only, no one's name.
        let other = p.premises_page(&s.staff, s.lady_lane).await.unwrap();
        assert!(!other.runs_it && other.residents.is_empty(), "{}", t.label);
        let om_view = p.premises_page(&w.om, s.braemar).await.unwrap();
        assert!(om_view.residents.is_empty(), "{}", t.label);
        let version = |page: &PremisesPage, bed: concord_domain::ApBedId| {
            page.beds.iter().find(|(b, _)| b.id == bed).unwrap().1
        };
        // Not over Mr D's booking; not in the past; the reason named.
        let err = p
            .set_bed_service(
                &s.staff,
                s.ground_floor_bed,
                Some(&out("20/3/2026", "", 0)),
                version(&page, s.ground_floor_bed),
            )
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "booked", "{}", t.label);
        let up = version(&page, s.upstairs_bed);
        let err = p
            .set_bed_service(&s.staff, s.upstairs_bed, Some(&out("1/3/2026", "", up)), up)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "in_past", "{}", t.label);
        let err = p
            .set_bed_service(
                &s.staff,
                s.upstairs_bed,
                Some(&BedServiceForm {
                    reason: String::new(),
                    ..out("11/3/2026", "9/3/2026", up)
                }),
                up,
            )
            .await
            .unwrap_err();
        let codes: Vec<_> = field_codes(&err).into_iter().map(|(f, _)| f).collect();
        assert!(
            codes.contains(&"until".to_string()) && codes.contains(&"reason".to_string()),
            "{}: {codes:?}",
            t.label
        );
        // Only the premises' own staff.
        assert!(
            p.set_bed_service(&w.om, s.upstairs_bed, Some(&out("11/3/2026", "", up)), up)
                .await
                .is_err(),
            "{}",
            t.label
        );
        p.set_bed_service(
            &s.staff,
            s.upstairs_bed,
            Some(&out("11/3/2026", "20/3/2026", up)),
            up,
        )
        .await
        .unwrap();
        // A stale form is refused.
        assert!(
            p.set_bed_service(&s.staff, s.upstairs_bed, None, up)
                .await
                .is_err(),
            "{}",
            t.label
        );
        let dir = p.directory(&s.staff, ymd(2026, 3, 11), 1).await.unwrap();
        let b = dir.premises.iter().find(|x| x.id == s.braemar).unwrap();
        assert_eq!(
            b.days[0].free, 1,
            "{}: the ground floor bed is booked from the 12th, the upstairs one out",
            t.label
        );
        let page = p.premises_page(&s.staff, s.braemar).await.unwrap();
        let line = page
            .beds
            .iter()
            .find(|(b, _)| b.id == s.upstairs_bed)
            .unwrap();
        assert!(
            line.0
                .out_of_service
                .as_deref()
                .unwrap_or("")
                .contains("Water damage"),
            "{}",
            t.label
        );
        p.set_bed_service(&s.staff, s.upstairs_bed, None, line.1)
            .await
            .unwrap();
        let page = p.premises_page(&s.staff, s.braemar).await.unwrap();
        assert!(
            page.beds.iter().all(|(b, _)| b.out_of_service.is_none()),
            "{}",
            t.label
        );
        assert_chain_intact(w).await;
    }
}

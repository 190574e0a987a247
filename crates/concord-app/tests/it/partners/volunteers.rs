//! Volunteers: vetting, a safe match proposed by the co-ordinator and approved by the
//! officer, hours and the outcome; unvetted and unsafe matches refused, nothing saved.

use concord_app::*;
use concord_domain::AgencyKind;

use super::*;

fn volunteer(name: &str, role: &str, vetted: bool) -> VolunteerInput {
    VolunteerInput {
        name: name.into(),
        role: role.into(),
        dbs_level: if vetted {
            "enhanced".into()
        } else {
            String::new()
        },
        dbs_checked_on: if vetted {
            DateInput::from_date(ymd(2025, 6, 1))
        } else {
            DateInput::default()
        },
        references: if vetted { "2".into() } else { "1".into() },
        trained_on: if vetted {
            DateInput::from_date(ymd(2025, 7, 1))
        } else {
            DateInput::default()
        },
        active: true,
    }
}

#[tokio::test]
async fn a_vetted_volunteer_is_matched_approved_and_logs_hours_and_unsafe_matches_are_refused() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        app.accounts()
            .add_agency(
                "VOL",
                "Essex Community Volunteers",
                AgencyKind::VoluntarySector,
                "Essex",
            )
            .await
            .unwrap();
        let coordinator = add_staff(w, "vol.amos", "Derek Amos", "VOL", "partner_caseworker").await;
        let c = add(
            &p,
            &contract(
                "VOL",
                "practical_help_volunteers",
                "ESX-PH-01",
                "Chelmsford",
            ),
        )
        .await;
        let person = client(w, "Lee").await;
        let id = app
            .partners()
            .refer_to_service(&w.om, person, &refer(c, &["lifestyle"]))
            .await
            .unwrap();
        app.partners()
            .accept_referral(&coordinator, person, id)
            .await
            .unwrap();
        app.partners()
            .assign_caseworker(&coordinator, person, id, "vol.amos")
            .await
            .unwrap();

        let raw = app
            .partners()
            .add_volunteer(
                &coordinator,
                &volunteer("Rita Unvetted", "practical_help", false),
            )
            .await
            .unwrap();
        let victims = app
            .partners()
            .add_volunteer(
                &coordinator,
                &volunteer("Vera Victims", "victim_support", true),
            )
            .await
            .unwrap();
        let good = app
            .partners()
            .add_volunteer(
                &coordinator,
                &volunteer("Gary Good", "practical_help", true),
            )
            .await
            .unwrap();
        let list = app.partners().volunteers(&coordinator).await.unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            list.iter().find(|v| v.id == raw).unwrap().problems.len(),
            3,
            "{}",
            w.label
        );

        // Unvetted, and a victims' volunteer: refused with the reason, nothing saved.
        let e = app
            .partners()
            .propose_match(&coordinator, person, id, &raw.to_string())
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("volunteer".to_string(), "not_vetted")],
            "{}",
            w.label
        );
        let e = app
            .partners()
            .propose_match(&coordinator, person, id, &victims.to_string())
            .await
            .unwrap_err();
        assert!(
            field_codes(&e).contains(&("volunteer".to_string(), "unsafe_match")),
            "{e:?}"
        );
        // The officer does not propose; another provider cannot see the register.
        let e = app
            .partners()
            .propose_match(&w.om, person, id, &good.to_string())
            .await
            .unwrap_err();
        assert_eq!(e.status(), 403, "{}: {e:?}", w.label);
        let e = app.partners().volunteers(&p.drugs).await.unwrap();
        assert!(
            e.is_empty(),
            "{}: the drug service has none of its own",
            w.label
        );
        let d = app.partners().referral(&w.om, person, id).await.unwrap();
        assert!(d.matches.is_empty(), "{}: nothing saved", w.label);

        let m = app
            .partners()
            .propose_match(&coordinator, person, id, &good.to_string())
            .await
            .unwrap();
        let hours = HoursInput {
            worked_on: DateInput::from_date(ymd(2026, 3, 10)),
            hours: "1.5".into(),
            note: "Helped open a bank account".into(),
        };
        let e = app
            .partners()
            .log_volunteer_hours(&coordinator, person, m, &hours)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("status".to_string(), "wrong_status")],
            "{}: not approved yet",
            w.label
        );
        let e = app
            .partners()
            .decide_match(&coordinator, person, m, true, "")
            .await
            .unwrap_err();
        assert_eq!(
            e.status(),
            404,
            "{}: only the case team approves: {e:?}",
            w.label
        );
        app.partners()
            .decide_match(&w.om, person, m, true, "")
            .await
            .unwrap();
        let bad = HoursInput {
            hours: "1.3".into(),
            ..hours.clone()
        };
        let e = app
            .partners()
            .log_volunteer_hours(&coordinator, person, m, &bad)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&e), [("hours".to_string(), "out_of_range")]);
        app.partners()
            .log_volunteer_hours(&coordinator, person, m, &hours)
            .await
            .unwrap();
        app.partners()
            .end_match(
                &coordinator,
                person,
                m,
                "Bank account open; now volunteering at the food bank",
            )
            .await
            .unwrap();

        let d = app.partners().referral(&w.om, person, id).await.unwrap();
        assert_eq!(d.matches.len(), 1);
        let m = &d.matches[0];
        assert_eq!(
            (m.volunteer.as_str(), m.status, m.hours),
            ("Gary Good", MatchStatus::Ended, 1.5),
            "{}",
            w.label
        );
        t.finish().await;
    }
}

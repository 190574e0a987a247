//! A licence's reporting instructions (issue 24): set on a licence in progress, checked
//! field by field, fixed once approved, and carried into a variation.

use concord_app::*;
use concord_licence::LicenceAction;

use super::{codes, mr_d};
use crate::support::*;

fn instructions(date: &str) -> AppointmentForm {
    AppointmentForm {
        with_whom: "Olivia Jones".into(),
        date: date.into(),
        time: "2pm".into(),
        address: "Chelmsford probation office, 1 Brook Street, Chelmsford CM1 1UH".into(),
        phone: "01245 000123".into(),
    }
}

#[tokio::test]
async fn reporting_instructions_are_checked_kept_with_the_version_and_carried_into_a_variation() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;
        let spo = add_staff(
            &w,
            "spo.hale",
            "Richard Hale",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        allocate(&w, &w.om, d, &spo, "senior_probation_officer").await;
        draft_licence(&w, &w.om, d).await;
        let version = async || {
            w.app
                .manage()
                .licences(&w.om, d)
                .await
                .unwrap()
                .versions
                .last()
                .cloned()
                .unwrap()
        };
        let v = version().await;
        assert!(v.appointment.is_none(), "{}", t.label);

        // Every problem at once, each naming its field; nothing saved.
        let bad = AppointmentForm {
            with_whom: " ".into(),
            date: "28/2/2026".into(),
            time: "25:00".into(),
            address: String::new(),
            phone: "ring the office".into(),
        };
        let e = w
            .app
            .manage()
            .set_licence_appointment(&w.om, d, v.id, &bad)
            .await
            .unwrap_err();
        let mut got = codes(e);
        got.sort();
        assert_eq!(
            got,
            [
                ("address".to_string(), "required"),
                ("date".to_string(), "before_release"),
                ("phone".to_string(), "invalid"),
                ("time".to_string(), "invalid"),
                ("with_whom".to_string(), "required"),
            ],
            "{}",
            t.label
        );
        assert!(version().await.appointment.is_none());

        // The housing worker may not set them.
        assert!(w
            .app
            .manage()
            .set_licence_appointment(&w.housing, d, v.id, &instructions("1/3/2026"))
            .await
            .is_err());

        w.app
            .manage()
            .set_licence_appointment(&w.om, d, v.id, &instructions("1/3/2026"))
            .await
            .unwrap();
        let set = version().await.appointment.expect("the instructions");
        assert_eq!(
            (set.on, set.time.as_str()),
            (ymd(2026, 3, 1), "14:00"),
            "{}",
            t.label
        );
        assert_eq!(set.with_whom, "Olivia Jones");

        // Approved, they are fixed; a variation starts with them and may change them.
        for (by, action) in [
            (&w.om, LicenceAction::Submit),
            (&spo, LicenceAction::Approve),
        ] {
            let v = version().await;
            w.app
                .manage()
                .act_on_licence(by, d, v.id, v.version, action, "")
                .await
                .unwrap();
        }
        let approved = version().await;
        let e = w
            .app
            .manage()
            .set_licence_appointment(&w.om, d, approved.id, &instructions("2/3/2026"))
            .await
            .unwrap_err();
        assert!(
            codes(e).contains(&("status".into(), "not_a_draft")),
            "{}",
            t.label
        );
        let v = version().await;
        w.app
            .manage()
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Activate, "")
            .await
            .unwrap();
        let active = version().await;
        let variation = w
            .app
            .manage()
            .start_licence_variation(&w.om, d, active.id, "Moved to the Colchester office")
            .await
            .unwrap();
        let var = w
            .app
            .manage()
            .licences(&w.om, d)
            .await
            .unwrap()
            .versions
            .into_iter()
            .find(|x| x.id == variation)
            .unwrap();
        assert_eq!(
            var.appointment.as_ref(),
            Some(&set),
            "{}: the variation starts with them",
            t.label
        );
        let mut moved = instructions("2/3/2026");
        moved.address = "Colchester probation office, Colchester CO1 1AA".into();
        w.app
            .manage()
            .set_licence_appointment(&w.om, d, variation, &moved)
            .await
            .unwrap();
        let all = w.app.manage().licences(&w.om, d).await.unwrap().versions;
        let first = all.iter().find(|x| x.id == active.id).unwrap();
        assert_eq!(
            first.appointment.as_ref(),
            Some(&set),
            "{}: the licence in force keeps its own",
            t.label
        );
        assert!(all
            .iter()
            .find(|x| x.id == variation)
            .unwrap()
            .appointment
            .as_ref()
            .unwrap()
            .address
            .starts_with("Colchester"));
        assert!(
            audit_trail(w.app.db())
                .await
                .iter()
                .any(|e| e.reason == "licence: reporting instructions set"),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

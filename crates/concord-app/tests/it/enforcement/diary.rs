//! The diary: an appointment booked ahead, on the officer's home page the day it falls,
//! waiting for its outcome once its time has passed, and its outcome recorded as a
//! compliance event — a missed one opening the warning-or-breach decision as a contact
//! recorded by hand does. Bad bookings are refused field by field; a partner books and
//! reads nothing, and the refusal is audited.

use chrono::Duration;
use concord_app::*;
use concord_licence::{AppointmentKind, ComplianceKind, EnforcementDecision};

use super::{activate_licence, case, codes};
use crate::support::*;

fn booking(kind: &str, date: &str, time: &str, place: &str) -> DiaryBooking {
    DiaryBooking {
        kind: kind.into(),
        date: date.into(),
        time: time.into(),
        place: place.into(),
        notes: String::new(),
    }
}

fn attended(outcome: &str) -> DiaryOutcomeForm {
    DiaryOutcomeForm {
        outcome: outcome.into(),
        details: String::new(),
    }
}

#[tokio::test]
async fn a_booked_appointment_reminds_its_officer_and_its_outcome_feeds_compliance() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let (w, d, l) = (&c.w, c.d, t.label);
        activate_licence(&c).await;
        let manage = w.app.manage();

        // Bad bookings: each field named, nothing kept. (Now is 10 March 2026, 10:00.)
        for (form, field, code) in [
            (
                booking("tea", "11/3/2026", "14:00", "Office"),
                "kind",
                "invalid",
            ),
            (
                booking("office", "9/3/2026", "14:00", "Office"),
                "date",
                "past",
            ),
            (
                booking("office", "2/3/2027", "14:00", "Office"),
                "date",
                "after_licence",
            ),
            (
                booking("office", "11/3/2026", "25:00", "Office"),
                "time",
                "invalid",
            ),
            (
                booking("office", "11/3/2026", "14:00", " "),
                "place",
                "required",
            ),
        ] {
            let e = manage.book_appointment(&w.om, d, &form).await.unwrap_err();
            assert_eq!(codes(e), vec![(field.into(), code)], "{l}: {field}");
        }
        let page = manage.compliance_page(&w.om, d).await.unwrap();
        assert!(page.diary.upcoming.is_empty() && page.diary.may_book, "{l}");

        // An office appointment this afternoon and a home visit tomorrow.
        let office = manage
            .book_appointment(
                &w.om,
                d,
                &booking("office", "10/3/2026", "2pm", "Chelmsford office"),
            )
            .await
            .unwrap();
        let visit = manage
            .book_appointment(
                &w.om,
                d,
                &booking("home_visit", "11/3/2026", "10:30", "His flat"),
            )
            .await
            .unwrap();
        let diary = manage.compliance_page(&w.om, d).await.unwrap().diary;
        let upcoming: Vec<_> = diary
            .upcoming
            .iter()
            .map(|a| (a.id, a.at.as_str()))
            .collect();
        assert_eq!(upcoming, vec![(office, "14:00"), (visit, "10:30")], "{l}");

        // Its outcome waits for its time.
        let e = manage
            .record_appointment_outcome(&w.om, d, office, &attended("attended"))
            .await
            .unwrap_err();
        assert_eq!(codes(e), vec![("outcome".into(), "not_yet")], "{l}");

        // Today's appointment is on the officer's home page, not on anyone else's.
        let mine = w
            .app
            .people()
            .caseload_page(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        let today: Vec<_> = mine.diary.today.iter().map(|x| x.appointment.id).collect();
        assert_eq!(today, vec![office], "{l}");
        let theirs = w
            .app
            .people()
            .caseload_page(&c.spo, &CaseloadQuery::default())
            .await
            .unwrap();
        assert!(theirs.diary.today.is_empty(), "{l}");

        // The next day: the office appointment waits for its outcome, the visit is today.
        c.clock.advance(Duration::hours(24));
        let mine = w
            .app
            .people()
            .caseload_page(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        let waiting: Vec<_> = mine
            .diary
            .awaiting_outcome
            .iter()
            .map(|x| x.appointment.id)
            .collect();
        let today: Vec<_> = mine.diary.today.iter().map(|x| x.appointment.id).collect();
        assert_eq!((waiting, today), (vec![office], vec![visit]), "{l}");

        // He did not come: recorded as a missed appointment on the day it was, and the
        // decision it needs is opened.
        let recorded = manage
            .record_appointment_outcome(&w.om, d, office, &attended("unacceptable_absence"))
            .await
            .unwrap();
        assert!(
            matches!(recorded.decision, Some(EnforcementDecision::WarnOrRefer)),
            "{l}"
        );
        let compliance = manage.compliance(&w.om, d).await.unwrap();
        let event = compliance
            .events
            .iter()
            .find(|e| e.id == recorded.event_id.0)
            .unwrap();
        assert_eq!(
            (event.kind, event.occurred_on),
            (ComplianceKind::Appointment, ymd(2026, 3, 10)),
            "{l}"
        );
        assert_eq!(compliance.deadlines.len(), 1, "{l}");
        // Once recorded it cannot be recorded again, nor cancelled.
        let e = manage
            .record_appointment_outcome(&w.om, d, office, &attended("attended"))
            .await
            .unwrap_err();
        assert_eq!(codes(e), vec![("outcome".into(), "recorded")], "{l}");
        assert!(
            matches!(
                manage
                    .cancel_appointment(&w.om, d, office, "Booked in error")
                    .await,
                Err(AppError::Conflict)
            ),
            "{l}"
        );

        // The visit is cancelled, with its reason; a reason is required.
        let e = manage
            .cancel_appointment(&w.om, d, visit, " ")
            .await
            .unwrap_err();
        assert_eq!(codes(e), vec![("reason".into(), "required")], "{l}");
        manage
            .cancel_appointment(&w.om, d, visit, "He is in hospital")
            .await
            .unwrap();
        let diary = manage.compliance_page(&w.om, d).await.unwrap().diary;
        assert!(
            diary.upcoming.is_empty() && diary.awaiting_outcome.is_empty(),
            "{l}"
        );
        let past: Vec<_> = diary
            .past
            .iter()
            .map(|a| (a.kind, a.state, a.outcome_label.clone()))
            .collect();
        assert_eq!(
            past,
            vec![
                (
                    AppointmentKind::HomeVisit,
                    DiaryState::Cancelled,
                    String::new()
                ),
                (
                    AppointmentKind::Office,
                    DiaryState::Recorded,
                    "Absent without a reasonable excuse".into()
                ),
            ],
            "{l}"
        );
        let mine = w
            .app
            .people()
            .caseload_page(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        assert!(
            mine.diary.today.is_empty() && mine.diary.awaiting_outcome.is_empty(),
            "{l}"
        );

        // A partner caseworker books nothing and reads nothing; the refusal is audited.
        let err = manage
            .book_appointment(
                &w.housing,
                d,
                &booking("office", "12/3/2026", "14:00", "Office"),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{l}: {err:?}");
        let denied = last_audit(w.app.db()).await;
        assert_eq!(
            (
                denied.outcome.as_str(),
                denied.person_id,
                denied.actor_user_id
            ),
            ("denied", Some(d.0), Some(w.housing.user_id.0)),
            "{l}"
        );
        assert!(
            matches!(
                manage.diary_appointment_page(&w.housing, d, office).await,
                Err(AppError::Denied { .. })
            ),
            "{l}"
        );
        assert_chain_intact(w).await;
    }
}

//! Scheduling a meeting (and its refusals) and the agenda the meeting is built from.

use concord_app::*;
use concord_domain::PersonId;

use super::{cast, form, mappa_record, reviewed, screened_referral};
use crate::support::*;

#[tokio::test]
async fn scheduling_refuses_a_past_date_an_unknown_town_a_bad_time_and_a_chair_who_does_not_chair()
{
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let c = cast(&w).await;
        let err = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Gotham", "2026-03-09", "25:00", "mappa.coord"),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![
                ("chair".to_string(), "not_a_chair"),
                ("held_on".to_string(), "meeting_in_past"),
                ("starts_at".to_string(), "invalid"),
                ("town".to_string(), "invalid"),
            ],
            "{}",
            t.label
        );
        let err = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "10:00", "nobody"),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("chair".to_string(), "not_a_chair")]
        );
        assert!(
            w.app
                .meetings()
                .mappa_meetings(&c.coordinator, false)
                .await
                .unwrap()
                .is_empty(),
            "nothing saved"
        );
        // An offender manager does not run MAPPA: refused and audited.
        let err = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &w.om,
                &form("Chelmsford", "2026-03-17", "10:00", "mappa.chair"),
            )
            .await
            .unwrap_err();
        assert_eq!(err.status(), 403, "{}", t.label);
        let last = last_audit(w.app.db()).await;
        assert_eq!(
            (last.kind.as_str(), last.actor_user_id),
            ("denied", Some(w.om.user_id.0))
        );
        // Today is allowed; unknown meetings are 404.
        w.app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "10/3/2026", "14:30", "mappa.chair"),
            )
            .await
            .unwrap();
        let err = w
            .app
            .meetings()
            .mappa_meeting(&c.coordinator, concord_domain::MeetingId::new())
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404);
        assert_chain_intact(&w).await;
    }
}

#[tokio::test]
async fn the_agenda_holds_referrals_reviews_due_and_open_actions_and_only_mappa_cases() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let c = cast(&w).await;
        let id = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "10:00", "mappa.chair"),
            )
            .await
            .unwrap();
        assert_eq!(
            w.app
                .meetings()
                .build_mappa_agenda(&c.coordinator, id)
                .await
                .unwrap(),
            3,
            "{}",
            t.label
        );
        // Building again adds nothing twice.
        assert_eq!(
            w.app
                .meetings()
                .build_mappa_agenda(&c.coordinator, id)
                .await
                .unwrap(),
            0
        );
        let m = w
            .app
            .meetings()
            .mappa_meeting(&c.coordinator, id)
            .await
            .unwrap();
        let lines: Vec<(PersonId, &str)> = m
            .agenda
            .iter()
            .map(|a| (a.person, a.reason.code()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (c.referral, "new_referral"),
                (c.review, "review"),
                (c.actions, "actions")
            ],
            "{}",
            t.label
        );
        // The coordinator runs only MAPPA cases: another person cannot be added by hand.
        let err = w
            .app
            .meetings()
            .add_to_mappa_agenda(&c.coordinator, id, c.other)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{err:?}");
        w.app
            .meetings()
            .remove_from_mappa_agenda(&c.coordinator, id, c.actions)
            .await
            .unwrap();
        w.app
            .meetings()
            .add_to_mappa_agenda(&c.coordinator, id, c.actions)
            .await
            .unwrap();
        let err = w
            .app
            .meetings()
            .add_to_mappa_agenda(&c.coordinator, id, c.actions)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("person".to_string(), "already_on_agenda")]
        );
        // A second meeting does not take the same referral again as new.
        let next = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Basildon", "2026-03-24", "10:00", "mappa.chair"),
            )
            .await
            .unwrap();
        w.app
            .meetings()
            .build_mappa_agenda(&c.coordinator, next)
            .await
            .unwrap();
        let m2 = w
            .app
            .meetings()
            .mappa_meeting(&c.coordinator, next)
            .await
            .unwrap();
        assert!(
            !m2.agenda.iter().any(|a| a.reason.code() == "new_referral"),
            "{:?}",
            m2.agenda
        );
        // The dashboard's summary: counts, the chair's name.
        let up = w
            .app
            .meetings()
            .upcoming_mappa_meetings(&c.coordinator)
            .await
            .unwrap();
        assert_eq!(up.len(), 2);
        assert_eq!(
            (up[0].town.as_str(), up[0].cases, up[0].chair.as_str()),
            ("Chelmsford", 3, "Charles Chair")
        );
        // Viewing the agenda is a consultation of each person shown.
        let trail = audit_trail(w.app.db()).await;
        assert!(trail.iter().any(
            |e| e.reason == "viewed the MAPP meeting agenda" && e.person_id == Some(c.review.0)
        ));
        assert_chain_intact(&w).await;
    }
}

/// Issue 24: a case screened in, then reviewed at its level, and now due a review again
/// is on the agenda for its review, not as a new referral.
#[tokio::test]
async fn a_case_reviewed_since_its_referral_is_on_the_agenda_for_review_not_as_new() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let c = cast(&w).await;
        let rex = w
            .app
            .people()
            .register_person(&w.om, &person("Rex", "Reviewed", ymd(1979, 2, 2)))
            .await
            .unwrap();
        let rec = mappa_record(&w, rex, &w.om, ymd(2026, 3, 16)).await;
        screened_referral(&w, rex, rec, &w.om).await;
        reviewed(&w, rex, rec, &w.om).await;
        let id = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "10:00", "mappa.chair"),
            )
            .await
            .unwrap();
        w.app
            .meetings()
            .build_mappa_agenda(&c.coordinator, id)
            .await
            .unwrap();
        let m = w
            .app
            .meetings()
            .mappa_meeting(&c.coordinator, id)
            .await
            .unwrap();
        let reasons: Vec<(PersonId, &str)> = m
            .agenda
            .iter()
            .map(|a| (a.person, a.reason.code()))
            .collect();
        assert!(
            reasons.contains(&(rex, "review")),
            "{}: {reasons:?}",
            t.label
        );
        assert!(
            reasons.contains(&(c.referral, "new_referral")),
            "{}: {reasons:?}",
            t.label
        );
        t.finish().await;
    }
}

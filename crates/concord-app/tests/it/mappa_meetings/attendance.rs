//! An invitation's access window, attendance, and the minutes from versions to sharing.

use chrono::{Duration, TimeZone, Utc};
use concord_app::*;
use uuid::Uuid;

use super::{cast, form, minutes};
use crate::support::*;

#[tokio::test]
async fn an_invitation_opens_one_record_until_the_meetings_access_ends() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
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
        w.app
            .meetings()
            .build_mappa_agenda(&c.coordinator, id)
            .await
            .unwrap();
        assert!(
            w.app
                .people()
                .view_person(&w.housing, c.review)
                .await
                .is_err(),
            "{}: denied before",
            t.label
        );
        let err = w
            .app
            .meetings()
            .invite_to_mappa_meeting(&c.coordinator, id, c.review, "nobody")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("username".to_string(), "user_unknown")]
        );
        let err = w
            .app
            .meetings()
            .invite_to_mappa_meeting(&c.coordinator, id, c.other, "housing.lee")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{err:?}");
        w.app
            .meetings()
            .invite_to_mappa_meeting(&c.coordinator, id, c.review, "housing.lee")
            .await
            .unwrap();
        let invited = audit_trail(w.app.db())
            .await
            .into_iter()
            .rfind(|e| e.kind == "disclosure")
            .unwrap();
        assert_eq!(invited.reason, "invited to a MAPP meeting");
        assert!(
            w.app
                .people()
                .view_person(&w.housing, c.review)
                .await
                .is_ok(),
            "{}: allowed after",
            t.label
        );
        assert!(
            w.app
                .people()
                .view_person(&w.housing, c.referral)
                .await
                .is_err(),
            "other persons still denied"
        );
        // The invitee sees the meeting with only their case on the agenda.
        let m = w
            .app
            .meetings()
            .mappa_meeting(&w.housing, id)
            .await
            .unwrap();
        assert_eq!(
            m.agenda.iter().map(|a| a.person).collect::<Vec<_>>(),
            vec![c.review]
        );
        assert_eq!(
            m.access_until,
            Utc.with_ymd_and_hms(2026, 3, 31, 23, 0, 0).unwrap(),
            "London midnight in summer time"
        );
        clock.advance(Utc.with_ymd_and_hms(2026, 3, 31, 22, 59, 0).unwrap() - now());
        assert!(
            w.app
                .people()
                .view_person(&w.housing, c.review)
                .await
                .is_ok(),
            "still inside the window"
        );
        clock.advance(Duration::minutes(1));
        assert!(
            w.app
                .people()
                .view_person(&w.housing, c.review)
                .await
                .is_err(),
            "{}: denied after access_until",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

#[tokio::test]
async fn attendance_confidentiality_minutes_versions_chair_only_approval_distribution_and_onward_sharing(
) {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let c = cast(&w).await;
        let id = w
            .app
            .meetings()
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "14:00", "mappa.chair"),
            )
            .await
            .unwrap();
        w.app
            .meetings()
            .build_mappa_agenda(&c.coordinator, id)
            .await
            .unwrap();
        w.app
            .meetings()
            .invite_to_mappa_meeting(&c.coordinator, id, c.review, "housing.lee")
            .await
            .unwrap();
        // An action agreed at the meeting is listed with the case's minutes; a meeting
        // that does not have the person on its agenda is refused.
        let agreed = |meeting: String| ActionForm {
            pillar: concord_mappa::Pillar::Supervision.code().into(),
            description: "Home visit within a week".into(),
            owner_user_id: w.om.user_id.0.to_string(),
            due_on: "2026-03-24".into(),
            meeting,
            ..ActionForm::default()
        };
        let err = w
            .app
            .plans()
            .add_mappa_action(
                &c.coordinator,
                c.review,
                &agreed(Uuid::now_v7().to_string()),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("meeting".to_string(), "not_on_agenda")],
            "{}",
            t.label
        );
        w.app
            .plans()
            .add_mappa_action(&c.coordinator, c.review, &agreed(id.to_string()))
            .await
            .unwrap();
        let listed = w
            .app
            .meetings()
            .mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap()
            .actions;
        assert_eq!(listed.len(), 1, "{}", t.label);
        assert_eq!(
            listed[0].description, "Home visit within a week",
            "{}",
            t.label
        );
        let attend = |u: &str, a: &str, accepted: bool| AttendanceForm {
            username: u.into(),
            attendance: a.into(),
            accepted,
        };
        // Present without accepting the statement: refused.
        let err = w
            .app
            .meetings()
            .record_mappa_attendance(&c.coordinator, id, &attend("mappa.chair", "present", false))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("accepted".to_string(), "confidentiality_not_accepted")],
            "{}",
            t.label
        );
        let err = w
            .app
            .meetings()
            .record_mappa_attendance(&c.coordinator, id, &attend("ghost", "", false))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![
                ("attendance".to_string(), "required"),
                ("username".to_string(), "user_unknown")
            ]
        );
        // Not open before its day: minutes would record a discussion not yet held.
        let err = w
            .app
            .meetings()
            .open_mappa_meeting(&c.coordinator, id)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("held_on".to_string(), "meeting_not_today")],
            "{}",
            t.label
        );
        clock.advance(Duration::days(7));
        // Not open until the chair has accepted.
        let err = w
            .app
            .meetings()
            .open_mappa_meeting(&c.coordinator, id)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("accepted".to_string(), "confidentiality_not_accepted")]
        );
        w.app
            .meetings()
            .record_mappa_attendance(&c.coordinator, id, &attend("mappa.chair", "present", true))
            .await
            .unwrap();
        w.app
            .meetings()
            .record_mappa_attendance(&c.coordinator, id, &attend("housing.lee", "present", true))
            .await
            .unwrap();
        w.app
            .meetings()
            .record_mappa_attendance(&c.coordinator, id, &attend("om.brown", "apologies", false))
            .await
            .unwrap();
        w.app
            .meetings()
            .open_mappa_meeting(&c.coordinator, id)
            .await
            .unwrap();
        let m = w
            .app
            .meetings()
            .mappa_meeting(&c.coordinator, id)
            .await
            .unwrap();
        assert_eq!(m.status.code(), "open");
        assert_eq!(m.attendance.len(), 3);
        assert!(m
            .attendance
            .iter()
            .any(|a| a.name == "Harry Lee" && a.agency == "Chelmsford Housing" && a.present));

        // Minutes: required headings named, nothing saved.
        let err = w
            .app
            .meetings()
            .save_mappa_minutes(
                &c.coordinator,
                id,
                c.review,
                &minutes(&["reason", "actions"]),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![
                ("actions".to_string(), "required"),
                ("reason".to_string(), "required")
            ]
        );
        assert!(w
            .app
            .meetings()
            .mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap()
            .versions
            .is_empty());
        // Every save is a new version; optional headings may be blank.
        assert_eq!(
            w.app
                .meetings()
                .save_mappa_minutes(&c.coordinator, id, c.review, &minutes(&["disclosure"]))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            w.app
                .meetings()
                .save_mappa_minutes(&c.coordinator, id, c.review, &minutes(&[]))
                .await
                .unwrap(),
            2
        );
        let view = w
            .app
            .meetings()
            .mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap();
        assert_eq!(
            view.versions
                .iter()
                .map(|v| (v.version, v.status.code()))
                .collect::<Vec<_>>(),
            vec![(1, "draft"), (2, "draft")]
        );
        assert_eq!(view.versions[0].sections[5].1, "", "{}", t.label);

        // Only the chair approves: the coordinator is refused, audited, nothing changed.
        let err = w
            .app
            .meetings()
            .approve_mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("approver".to_string(), "not_chair")]
        );
        let last = last_audit(w.app.db()).await;
        assert_eq!(
            (last.kind.as_str(), last.person_id),
            ("denied", Some(c.review.0)),
            "{}",
            t.label
        );
        assert!(last.reason.contains("only the chair"));
        let view = w
            .app
            .meetings()
            .mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap();
        assert_eq!(view.versions[1].status.code(), "draft");
        // Distribution needs the approval first.
        let err = w
            .app
            .meetings()
            .distribute_mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("version".to_string(), "not_approved")]
        );
        assert_eq!(
            w.app
                .meetings()
                .approve_mappa_minutes(&c.chair, id, c.review)
                .await
                .unwrap(),
            2
        );
        let recipients = w
            .app
            .meetings()
            .distribute_mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap();
        assert_eq!(
            recipients,
            vec!["Charles Chair".to_string(), "Harry Lee".to_string()]
        );
        let last = last_audit(w.app.db()).await;
        assert_eq!(
            (last.kind.as_str(), last.action.as_str()),
            ("disclosure", "share")
        );

        // The invitee received them and asks to share onward; only the chair decides.
        let view = w
            .app
            .meetings()
            .mappa_minutes(&w.housing, id, c.review)
            .await
            .unwrap();
        assert!(view.may_request_onward);
        let err = w
            .app
            .meetings()
            .request_onward_sharing(&w.housing, id, c.review, "", "")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![
                ("purpose".to_string(), "required"),
                ("recipient".to_string(), "required")
            ]
        );
        let req = w
            .app
            .meetings()
            .request_onward_sharing(
                &w.housing,
                id,
                c.review,
                "Housing association",
                "tenancy decision",
            )
            .await
            .unwrap();
        let err = w
            .app
            .meetings()
            .decide_onward_sharing(&c.coordinator, id, c.review, req, true)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("decision".to_string(), "not_chair")]
        );
        assert_eq!(last_audit(w.app.db()).await.kind, "denied");
        w.app
            .meetings()
            .decide_onward_sharing(&c.chair, id, c.review, req, true)
            .await
            .unwrap();
        let view = w
            .app
            .meetings()
            .mappa_minutes(&c.chair, id, c.review)
            .await
            .unwrap();
        assert_eq!(view.onward[0].status.code(), "granted");
        let err = w
            .app
            .meetings()
            .decide_onward_sharing(&c.chair, id, c.review, req, false)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("decision".to_string(), "already_decided")]
        );
        // Minutes of a case not on the agenda, or of an unknown meeting: 404.
        assert_eq!(
            w.app
                .meetings()
                .mappa_minutes(&c.coordinator, id, c.other)
                .await
                .unwrap_err()
                .status(),
            404
        );
        assert_eq!(
            w.app
                .meetings()
                .mappa_minutes(&c.coordinator, concord_domain::MeetingId::new(), c.review)
                .await
                .unwrap_err()
                .status(),
            404
        );
        assert_chain_intact(&w).await;
    }
}

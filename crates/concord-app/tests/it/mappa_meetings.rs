//! MAPP meetings through the use cases: scheduling (and its refusals), the agenda built
//! from referrals, reviews due and open actions, an invitation's access window, attendance
//! with the confidentiality statement, minutes in versions approved by the chair only,
//! distribution and onward sharing.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_store::Db;
use uuid::Uuid;

use crate::support::*;

/// Run one statement on either engine (the test sets up MAPPA rows another part of
/// Concord writes).
macro_rules! run {
    ($db:expr, $q:expr) => {
        match $db {
            Db::Sqlite(p) => $q.execute(p).await.map(|_| ()),
            Db::Postgres(p) => $q.execute(p).await.map(|_| ()),
        }
        .expect("set-up statement")
    };
}

async fn mappa_record(w: &World, person: PersonId, by: &Actor, next_review: NaiveDate) -> Uuid {
    let id = Uuid::now_v7();
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_record (id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, next_review_on, confirmed_by, created_at, updated_at)
             VALUES ($1, $2, 'Essex', 'CATEGORY_2', 'violent offence, 2 years', 'LEVEL_2', $3, 'active', $4, $5, $6, $7, $7)"
        )
        .bind(id)
        .bind(person.0)
        .bind(by.agency_id.0)
        .bind(ymd(2026, 1, 1))
        .bind(next_review)
        .bind(by.user_id.0)
        .bind(now())
    );
    id
}

async fn screened_referral(w: &World, person: PersonId, record: Uuid, by: &Actor) {
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_referral (id, record_id, person_id, area, level_requested, reasons, facts, referred_on, late, referred_by, referring_agency_id, status, screened_by, screened_on, level_decided, created_at)
             VALUES ($1, $2, $3, 'Essex', 'LEVEL_2', 'high RoSH', '{}', $4, FALSE, $5, $6, 'screened', $5, $4, 'LEVEL_2', $7)"
        )
        .bind(Uuid::now_v7())
        .bind(record)
        .bind(person.0)
        .bind(ymd(2026, 3, 2))
        .bind(by.user_id.0)
        .bind(by.agency_id.0)
        .bind(now())
    );
}

async fn open_action(w: &World, person: PersonId, by: &Actor) {
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_action (id, person_id, pillar, description, owner_name, owner_agency_id, due_on, status, evidence, created_by, created_at, updated_by, updated_at, version)
             VALUES ($1, $2, 'supervision', 'Home visit', 'Olivia Jones', $3, $4, 'OPEN', '', $5, $6, $5, $6, 1)"
        )
        .bind(Uuid::now_v7())
        .bind(person.0)
        .bind(by.agency_id.0)
        .bind(ymd(2026, 3, 20))
        .bind(by.user_id.0)
        .bind(now())
    );
}

pub(crate) struct Cast {
    pub(crate) coordinator: Actor,
    pub(crate) chair: Actor,
    /// Reviews due (active, level 2, next review before the meeting).
    pub(crate) review: PersonId,
    /// A new referral screened to level 2 (its review is months away).
    pub(crate) referral: PersonId,
    /// Open actions carried (review months away, no new referral).
    pub(crate) actions: PersonId,
    /// Not a MAPPA case.
    pub(crate) other: PersonId,
}

pub(crate) async fn cast(w: &World) -> Cast {
    let coordinator = add_staff(
        w,
        "mappa.coord",
        "Maya Coordinator",
        "POL",
        "mappa_coordinator",
    )
    .await;
    let chair = add_staff(w, "mappa.chair", "Charles Chair", "POL", "mappa_chair").await;
    let mut ids = vec![];
    for (given, family) in [
        ("Ray", "Review"),
        ("Rita", "Referral"),
        ("Alan", "Actions"),
        ("Oscar", "Other"),
    ] {
        ids.push(
            w.app
                .register_person(&w.om, &person(given, family, ymd(1980, 1, 1)))
                .await
                .unwrap(),
        );
    }
    mappa_record(w, ids[0], &w.om, ymd(2026, 3, 16)).await;
    let rec = mappa_record(w, ids[1], &w.om, ymd(2026, 7, 1)).await;
    screened_referral(w, ids[1], rec, &w.om).await;
    mappa_record(w, ids[2], &w.om, ymd(2026, 7, 1)).await;
    open_action(w, ids[2], &w.om).await;
    Cast {
        coordinator,
        chair,
        review: ids[0],
        referral: ids[1],
        actions: ids[2],
        other: ids[3],
    }
}

pub(crate) fn form(town: &str, held_on: &str, starts_at: &str, chair: &str) -> MeetingForm {
    MeetingForm {
        town: town.into(),
        held_on: held_on.into(),
        starts_at: starts_at.into(),
        chair: chair.into(),
    }
}

pub(crate) fn minutes(blank: &[&str]) -> MinutesForm {
    MinutesForm {
        sections: MINUTES_HEADINGS
            .iter()
            .filter(|(k, _, _)| !blank.contains(k))
            .map(|(k, h, _)| (k.to_string(), format!("Minutes under {h}")))
            .collect(),
    }
}

#[tokio::test]
async fn scheduling_refuses_a_past_date_an_unknown_town_a_bad_time_and_a_chair_who_does_not_chair()
{
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let c = cast(&w).await;
        let err = w
            .app
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
                .mappa_meetings(&c.coordinator, false)
                .await
                .unwrap()
                .is_empty(),
            "nothing saved"
        );
        // An offender manager does not run MAPPA: refused and audited.
        let err = w
            .app
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
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "10/3/2026", "14:30", "mappa.chair"),
            )
            .await
            .unwrap();
        let err = w
            .app
            .mappa_meeting(&c.coordinator, Uuid::now_v7())
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
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "10:00", "mappa.chair"),
            )
            .await
            .unwrap();
        assert_eq!(
            w.app.build_mappa_agenda(&c.coordinator, id).await.unwrap(),
            3,
            "{}",
            t.label
        );
        // Building again adds nothing twice.
        assert_eq!(
            w.app.build_mappa_agenda(&c.coordinator, id).await.unwrap(),
            0
        );
        let m = w.app.mappa_meeting(&c.coordinator, id).await.unwrap();
        let lines: Vec<(PersonId, &str)> = m
            .agenda
            .iter()
            .map(|a| (a.person, a.reason.as_str()))
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
            .add_to_mappa_agenda(&c.coordinator, id, c.other)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{err:?}");
        w.app
            .remove_from_mappa_agenda(&c.coordinator, id, c.actions)
            .await
            .unwrap();
        w.app
            .add_to_mappa_agenda(&c.coordinator, id, c.actions)
            .await
            .unwrap();
        let err = w
            .app
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
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Basildon", "2026-03-24", "10:00", "mappa.chair"),
            )
            .await
            .unwrap();
        w.app
            .build_mappa_agenda(&c.coordinator, next)
            .await
            .unwrap();
        let m2 = w.app.mappa_meeting(&c.coordinator, next).await.unwrap();
        assert!(
            !m2.agenda.iter().any(|a| a.reason == "new_referral"),
            "{:?}",
            m2.agenda
        );
        // The dashboard's summary: counts, the chair's name.
        let up = w.app.upcoming_mappa_meetings(&c.coordinator).await.unwrap();
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

#[tokio::test]
async fn an_invitation_opens_one_record_until_the_meetings_access_ends() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let c = cast(&w).await;
        let id = w
            .app
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "10:00", "mappa.chair"),
            )
            .await
            .unwrap();
        w.app.build_mappa_agenda(&c.coordinator, id).await.unwrap();
        assert!(
            w.app.view_person(&w.housing, c.review).await.is_err(),
            "{}: denied before",
            t.label
        );
        let err = w
            .app
            .invite_to_mappa_meeting(&c.coordinator, id, c.review, "nobody")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("username".to_string(), "user_unknown")]
        );
        let err = w
            .app
            .invite_to_mappa_meeting(&c.coordinator, id, c.other, "housing.lee")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{err:?}");
        w.app
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
            w.app.view_person(&w.housing, c.review).await.is_ok(),
            "{}: allowed after",
            t.label
        );
        assert!(
            w.app.view_person(&w.housing, c.referral).await.is_err(),
            "other persons still denied"
        );
        // The invitee sees the meeting with only their case on the agenda.
        let m = w.app.mappa_meeting(&w.housing, id).await.unwrap();
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
            w.app.view_person(&w.housing, c.review).await.is_ok(),
            "still inside the window"
        );
        clock.advance(Duration::minutes(1));
        assert!(
            w.app.view_person(&w.housing, c.review).await.is_err(),
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
        let w = world(&t).await;
        let c = cast(&w).await;
        let id = w
            .app
            .schedule_mappa_meeting(
                &c.coordinator,
                &form("Chelmsford", "2026-03-17", "14:00", "mappa.chair"),
            )
            .await
            .unwrap();
        w.app.build_mappa_agenda(&c.coordinator, id).await.unwrap();
        w.app
            .invite_to_mappa_meeting(&c.coordinator, id, c.review, "housing.lee")
            .await
            .unwrap();
        // An action agreed at the meeting is listed with the case's minutes; a meeting
        // that does not have the person on its agenda is refused.
        let agreed = |meeting: String| ActionForm {
            pillar: pillar_code(concord_mappa::Pillar::Supervision),
            description: "Home visit within a week".into(),
            owner_user_id: w.om.user_id.0.to_string(),
            due_on: "2026-03-24".into(),
            meeting,
            ..ActionForm::default()
        };
        let err = w
            .app
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
            .add_mappa_action(&c.coordinator, c.review, &agreed(id.to_string()))
            .await
            .unwrap();
        let listed = w
            .app
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
        // Not open until the chair has accepted.
        let err = w
            .app
            .open_mappa_meeting(&c.coordinator, id)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("accepted".to_string(), "confidentiality_not_accepted")]
        );
        w.app
            .record_mappa_attendance(&c.coordinator, id, &attend("mappa.chair", "present", true))
            .await
            .unwrap();
        w.app
            .record_mappa_attendance(&c.coordinator, id, &attend("housing.lee", "present", true))
            .await
            .unwrap();
        w.app
            .record_mappa_attendance(&c.coordinator, id, &attend("om.brown", "apologies", false))
            .await
            .unwrap();
        w.app.open_mappa_meeting(&c.coordinator, id).await.unwrap();
        let m = w.app.mappa_meeting(&c.coordinator, id).await.unwrap();
        assert_eq!(m.status.code(), "open");
        assert_eq!(m.attendance.len(), 3);
        assert!(m
            .attendance
            .iter()
            .any(|a| a.name == "Harry Lee" && a.agency == "Chelmsford Housing" && a.present));

        // Minutes: required headings named, nothing saved.
        let err = w
            .app
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
            .mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap()
            .versions
            .is_empty());
        // Every save is a new version; optional headings may be blank.
        assert_eq!(
            w.app
                .save_mappa_minutes(&c.coordinator, id, c.review, &minutes(&["disclosure"]))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            w.app
                .save_mappa_minutes(&c.coordinator, id, c.review, &minutes(&[]))
                .await
                .unwrap(),
            2
        );
        let view = w
            .app
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
            .mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap();
        assert_eq!(view.versions[1].status.code(), "draft");
        // Distribution needs the approval first.
        let err = w
            .app
            .distribute_mappa_minutes(&c.coordinator, id, c.review)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("version".to_string(), "not_approved")]
        );
        assert_eq!(
            w.app
                .approve_mappa_minutes(&c.chair, id, c.review)
                .await
                .unwrap(),
            2
        );
        let recipients = w
            .app
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
        let view = w.app.mappa_minutes(&w.housing, id, c.review).await.unwrap();
        assert!(view.may_request_onward);
        let err = w
            .app
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
            .decide_onward_sharing(&c.coordinator, id, c.review, req, true)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("decision".to_string(), "not_chair")]
        );
        assert_eq!(last_audit(w.app.db()).await.kind, "denied");
        w.app
            .decide_onward_sharing(&c.chair, id, c.review, req, true)
            .await
            .unwrap();
        let view = w.app.mappa_minutes(&c.chair, id, c.review).await.unwrap();
        assert_eq!(view.onward[0].status.code(), "granted");
        let err = w
            .app
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
                .mappa_minutes(&c.coordinator, id, c.other)
                .await
                .unwrap_err()
                .status(),
            404
        );
        assert_eq!(
            w.app
                .mappa_minutes(&c.coordinator, Uuid::now_v7(), c.review)
                .await
                .unwrap_err()
                .status(),
            404
        );
        assert_chain_intact(&w).await;
    }
}

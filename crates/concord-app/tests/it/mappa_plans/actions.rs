//! Actions: an owner and due date required, closed with evidence, surfaced when overdue.

use chrono::Duration;
use concord_app::*;
use concord_mappa::{ActionStatus, Pillar};

use super::{action, fields, mappa_record, mr_d, plan};
use crate::support::*;

#[tokio::test]
async fn actions_need_an_owner_and_a_due_date_and_their_owner_closes_them_with_evidence() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let d = mr_d(&w).await;

        // No owner, no due date: both named. A due date in the past: refused.
        let got = fields(
            w.app
                .plans()
                .add_mappa_action(
                    &w.om,
                    d,
                    &ActionForm {
                        pillar: Pillar::Supervision.code().into(),
                        description: "Home visit".into(),
                        ..ActionForm::default()
                    },
                )
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("owner".into(), "missing")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            got.contains(&("due_on".into(), "missing")),
            "{}: {got:?}",
            t.label
        );
        let got = fields(
            w.app
                .plans()
                .add_mappa_action(
                    &w.om,
                    d,
                    &action(Pillar::Supervision, "Home visit", &w.om, "9/3/2026"),
                )
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("due_on".into(), "due_in_past")),
            "{}: {got:?}",
            t.label
        );
        let got = fields(
            w.app
                .plans()
                .add_mappa_action(
                    &w.om,
                    d,
                    &ActionForm {
                        pillar: "NOT_A_PILLAR".into(),
                        ..action(Pillar::Supervision, " ", &w.om, "20/3/2026")
                    },
                )
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("pillar".into(), "missing")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            got.contains(&("description".into(), "missing")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            w.app
                .plans()
                .mappa_actions(&w.om, d)
                .await
                .unwrap()
                .actions
                .is_empty(),
            "{}: nothing saved",
            t.label
        );

        // One action for housing (a partner), one for the offender manager due today.
        let housing_action = w
            .app
            .plans()
            .add_mappa_action(
                &w.om,
                d,
                &action(
                    Pillar::Supervision,
                    "Find move-on accommodation",
                    &w.housing,
                    "17/3/2026",
                ),
            )
            .await
            .unwrap();
        let om_action = w
            .app
            .plans()
            .add_mappa_action(
                &w.om,
                d,
                &action(
                    Pillar::VictimSafety,
                    "Refer the victim to the VLO scheme",
                    &w.om,
                    "10/3/2026",
                ),
            )
            .await
            .unwrap();
        let view = w.app.plans().mappa_actions(&w.om, d).await.unwrap();
        assert!(view.may_add && !view.staff.is_empty(), "{}", t.label);
        let h = view
            .actions
            .iter()
            .find(|a| a.id == housing_action)
            .unwrap();
        assert_eq!(
            (h.owner_name.as_str(), h.owner_agency.as_str(), h.status),
            ("Harry Lee", "Chelmsford Housing", ActionStatus::Open),
            "{}",
            t.label
        );

        // Before the panel invitation the partner may not touch it.
        let close = |evidence: &str| ActionForm {
            status: "DONE".into(),
            evidence: evidence.into(),
            ..ActionForm::default()
        };
        let (form, version) = (close("Tenancy signed at 4 Mill Road"), 1);
        assert!(
            matches!(
                w.app
                    .plans()
                    .update_mappa_action(&w.housing, d, housing_action, version, &form)
                    .await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        w.app
            .sharing()
            .invite_to_panel(
                &w.om,
                d,
                w.housing.user_id,
                "MAPP meeting, Chelmsford",
                now() + Duration::days(30),
            )
            .await
            .unwrap();
        // Done needs evidence; then the owner closes it, audited.
        let blank = close(" ");
        let got = fields(
            w.app
                .plans()
                .update_mappa_action(&w.housing, d, housing_action, version, &blank)
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("evidence".into(), "evidence_required")),
            "{}: {got:?}",
            t.label
        );
        w.app
            .plans()
            .update_mappa_action(&w.housing, d, housing_action, version, &form)
            .await
            .unwrap();
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (
                audited.kind.as_str(),
                audited.outcome.as_str(),
                audited.reason.as_str()
            ),
            ("alteration", "allowed", "completed a MAPPA action"),
            "{}",
            t.label
        );
        let view = w.app.plans().mappa_actions(&w.housing, d).await.unwrap();
        let h = view
            .actions
            .iter()
            .find(|a| a.id == housing_action)
            .unwrap();
        assert_eq!(
            (h.status, h.completed_on, h.evidence.as_str()),
            (
                ActionStatus::Done,
                Some(ymd(2026, 3, 10)),
                "Tenancy signed at 4 Mill Road"
            ),
            "{}",
            t.label
        );
        assert!(!view.may_add, "{}: a panel member reads only", t.label);
        // Someone else's action stays out of the partner's reach.
        let form = close("Done");
        assert!(
            matches!(
                w.app
                    .plans()
                    .update_mappa_action(&w.housing, d, om_action, version, &form)
                    .await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        assert_eq!(
            last_audit(w.app.db()).await.outcome,
            "denied",
            "{}",
            t.label
        );

        // Two days on, the offender manager's action is overdue: first in their list,
        // and on the overdue list of those who may read the case.
        clock.advance(Duration::days(2));
        let mine = w.app.plans().my_mappa_actions(&w.om).await.unwrap();
        assert_eq!(mine.len(), 1, "{}: the done one has gone", t.label);
        assert!(
            mine[0].overdue && mine[0].action_id == om_action,
            "{}",
            t.label
        );
        assert_eq!(mine[0].person_name, "Darren Dolby", "{}", t.label);
        let overdue = w.app.plans().overdue_mappa_actions(&w.om).await.unwrap();
        assert_eq!(overdue.len(), 1, "{}", t.label);
        assert_eq!(overdue[0].pillar, Pillar::VictimSafety, "{}", t.label);
        assert!(
            w.app
                .plans()
                .overdue_mappa_actions(&w.ppo)
                .await
                .unwrap()
                .is_empty(),
            "{}: not a case the police officer may read",
            t.label
        );
        let view = w.app.plans().mappa_actions(&w.om, d).await.unwrap();
        assert!(
            view.actions
                .iter()
                .find(|a| a.id == om_action)
                .unwrap()
                .overdue,
            "{}",
            t.label
        );

        // An overdue action can still be closed; a new due date in the past cannot be set.
        let mut late = action(
            Pillar::VictimSafety,
            "Refer the victim to the VLO scheme",
            &w.om,
            "1/3/2026",
        );
        late.status = "OPEN".into();
        let got = fields(
            w.app
                .plans()
                .update_mappa_action(&w.om, d, om_action, 1, &late)
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("due_on".into(), "due_in_past")),
            "{}: {got:?}",
            t.label
        );
        let mut done = action(
            Pillar::VictimSafety,
            "Refer the victim to the VLO scheme",
            &w.om,
            "10/3/2026",
        );
        done.status = "DONE".into();
        done.evidence = "Referred on 11 March".into();
        w.app
            .plans()
            .update_mappa_action(&w.om, d, om_action, 1, &done)
            .await
            .unwrap();
        assert!(
            matches!(
                w.app
                    .plans()
                    .update_mappa_action(&w.om, d, om_action, 1, &done)
                    .await,
                Err(AppError::Conflict)
            ),
            "{}: a stale version",
            t.label
        );
        assert!(
            w.app
                .plans()
                .my_mappa_actions(&w.om)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );

        // The MAPPA coordinator: no relationship until the person is a MAPPA case; then
        // they add actions and see the overdue ones.
        let coordinator =
            add_staff(&w, "mappa.rowe", "Janet Rowe", "SMB", "mappa_coordinator").await;
        w.app
            .plans()
            .add_mappa_action(
                &w.om,
                d,
                &action(
                    Pillar::InterventionsAndTreatment,
                    "Start the programme",
                    &w.om,
                    "12/3/2026",
                ),
            )
            .await
            .unwrap();
        clock.advance(Duration::days(1));
        assert!(
            w.app
                .plans()
                .overdue_mappa_actions(&coordinator)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );
        mappa_record(&w, d).await;
        assert_eq!(
            w.app
                .plans()
                .overdue_mappa_actions(&coordinator)
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.label
        );
        w.app
            .plans()
            .add_mappa_action(
                &coordinator,
                d,
                &action(
                    Pillar::MonitoringAndControl,
                    "Police visit",
                    &w.ppo,
                    "20/3/2026",
                ),
            )
            .await
            .unwrap();
        w.app
            .plans()
            .save_mappa_plan(&coordinator, d, &plan("panel"))
            .await
            .unwrap();
    }
}

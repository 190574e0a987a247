//! MAPPA risk management plans and actions, end to end through the use cases: a plan
//! under the four pillars kept in versions with the licence in force's conditions read
//! from the licence; actions refused without an owner or due date, closed by a partner
//! who owns one with evidence, and surfaced when overdue; victim measures restricted to
//! the victim section.

use chrono::Duration;
use concord_app::*;
use concord_domain::PersonId;
use concord_licence::LicenceAction;
use concord_mappa::{ActionStatus, Pillar};

use crate::support::*;

async fn mr_d(w: &World) -> PersonId {
    let mut input = person("Darren", "Dolby", ymd(1979, 5, 14));
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "4 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2024, 3, 1)),
        end_date: DateInput::from_date(ymd(2028, 3, 1)),
        release_date: DateInput::from_date(ymd(2026, 3, 1)),
        licence_end_date: DateInput::from_date(ymd(2028, 3, 1)),
    }];
    let id = w.app.register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

fn plan(tag: &str) -> PlanForm {
    PlanForm {
        risks: format!("Violence to a new partner when a relationship fails ({tag})"),
        supervision: "Weekly office appointments; joint home visits with police".into(),
        monitoring_and_control: "Licence conditions below; police intelligence checks".into(),
        interventions_and_treatment: "Building Better Relationships programme".into(),
        victim_safety_planning: "VLO contact with the former partner; measures reviewed".into(),
        contingency: "If he contacts her: recall considered the same day".into(),
    }
}

fn fields(e: AppError) -> Vec<(String, &'static str)> {
    match e {
        AppError::Validation(v) => v.errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn action(pillar: Pillar, what: &str, owner: &concord_authz::Actor, due: &str) -> ActionForm {
    ActionForm {
        pillar: pillar_code(pillar),
        description: what.into(),
        owner_user_id: owner.user_id.0.to_string(),
        due_on: due.into(),
        status: String::new(),
        evidence: String::new(),
        meeting: String::new(),
    }
}

/// Bring the person into MAPPA (Level 1, confirmed by the offender manager): what gives
/// MAPPA staff their relationship to the case.
async fn mappa_record(w: &World, person: PersonId) {
    w.app
        .confirm_mappa_eligibility(
            &w.om,
            person,
            &EligibilityForm {
                category: "CATEGORY_2".into(),
                note: "Violent offender, 12 months or more".into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{}: confirm MAPPA eligibility: {e}", w.label));
}

#[tokio::test]
async fn a_plan_keeps_every_version_and_pulls_in_the_licence_in_force() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;

        // Every blank part of the plan is named; nothing is saved.
        let got = fields(
            w.app
                .save_mappa_plan(&w.om, d, &PlanForm::default())
                .await
                .unwrap_err(),
        );
        for field in [
            "risks",
            "supervision",
            "monitoring_and_control",
            "interventions_and_treatment",
            "victim_safety_planning",
            "contingency",
        ] {
            assert!(
                got.contains(&(field.to_string(), "missing")),
                "{}: {field} in {got:?}",
                t.label
            );
        }
        let view = w.app.mappa_plan(&w.om, d).await.unwrap();
        assert!(view.versions.is_empty(), "{}", t.label);
        assert!(view.may_write, "{}", t.label);
        // No licence yet: said so, not hidden.
        assert!(
            view.licence_visible && view.licence.is_none(),
            "{}",
            t.label
        );
        assert_eq!(view.person_name, "Darren Dolby", "{}", t.label);

        // Two saves are two versions; the first is kept, superseded.
        w.app
            .save_mappa_plan(&w.om, d, &plan("first"))
            .await
            .unwrap();
        let second = w
            .app
            .save_mappa_plan(&w.om, d, &plan("second"))
            .await
            .unwrap();
        let view = w.app.mappa_plan(&w.om, d).await.unwrap();
        assert_eq!(view.versions.len(), 2, "{}", t.label);
        let current = view.current().expect("a current version");
        assert_eq!((current.id, current.version), (second, 2), "{}", t.label);
        assert!(current.risks.contains("second"), "{}", t.label);
        assert!(!view.versions[1].current, "{}", t.label);
        assert!(view.versions[1].risks.contains("first"), "{}", t.label);

        // A licence drafted is not yet in force; once approved it is, with all its
        // conditions as the licence words them.
        let spo = add_staff(
            &w,
            "spo.hale",
            "Richard Hale",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        allocate(&w, &w.om, d, &spo, "senior_probation_officer").await;
        let from = w.app.licences(&w.om, d).await.unwrap().from_sentence;
        w.app
            .create_licence(
                &w.om,
                d,
                &LicenceForm {
                    type_code: "AP".into(),
                    release_date: from.release_date.clone(),
                    licence_end_date: from.licence_end_date.clone(),
                    ..LicenceForm::default()
                },
            )
            .await
            .unwrap();
        assert!(
            w.app.mappa_plan(&w.om, d).await.unwrap().licence.is_none(),
            "{}: a draft is not in force",
            t.label
        );
        let v = w.app.licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Submit, "")
            .await
            .unwrap();
        let v = w.app.licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .act_on_licence(&spo, d, v.id, v.version, LicenceAction::Approve, "")
            .await
            .unwrap();
        let approved = w.app.mappa_plan(&w.om, d).await.unwrap().licence.unwrap();
        assert_eq!(approved.status, "approved, not yet active", "{}", t.label);
        let v = w.app.licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Activate, "")
            .await
            .unwrap();
        let licence = w.app.mappa_plan(&w.om, d).await.unwrap().licence.unwrap();
        assert_eq!(licence.status, "active", "{}", t.label);
        assert_eq!(
            licence.conditions.len(),
            v.conditions.len(),
            "{}: every condition",
            t.label
        );
        assert_eq!(licence.conditions[0].1, v.conditions[0].text, "{}", t.label);
        // Never copied into the plan's own text.
        let current = w.app.mappa_plan(&w.om, d).await.unwrap();
        assert!(
            !current.versions[0]
                .monitoring_and_control
                .contains(&v.conditions[0].text),
            "{}",
            t.label
        );

        // Someone with no part in the case is refused, and the refusal audited.
        assert!(
            w.app.mappa_plan(&w.housing, d).await.is_err(),
            "{}",
            t.label
        );
        let refused = last_audit(w.app.db()).await;
        assert_eq!(refused.outcome, "denied", "{}", t.label);
        assert!(
            w.app
                .save_mappa_plan(&w.housing, d, &plan("third"))
                .await
                .is_err(),
            "{}",
            t.label
        );
        assert_eq!(
            w.app.mappa_plan(&w.om, d).await.unwrap().versions.len(),
            2,
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn actions_need_an_owner_and_a_due_date_and_their_owner_closes_them_with_evidence() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let d = mr_d(&w).await;

        // No owner, no due date: both named. A due date in the past: refused.
        let got = fields(
            w.app
                .add_mappa_action(
                    &w.om,
                    d,
                    &ActionForm {
                        pillar: pillar_code(Pillar::Supervision),
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
        let view = w.app.mappa_actions(&w.om, d).await.unwrap();
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
                    .update_mappa_action(&w.housing, d, housing_action, version, &form)
                    .await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        w.app
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
        let view = w.app.mappa_actions(&w.housing, d).await.unwrap();
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
        let mine = w.app.my_mappa_actions(&w.om).await.unwrap();
        assert_eq!(mine.len(), 1, "{}: the done one has gone", t.label);
        assert!(
            mine[0].overdue && mine[0].action_id == om_action,
            "{}",
            t.label
        );
        assert_eq!(mine[0].person_name, "Darren Dolby", "{}", t.label);
        let overdue = w.app.overdue_mappa_actions(&w.om).await.unwrap();
        assert_eq!(overdue.len(), 1, "{}", t.label);
        assert_eq!(overdue[0].pillar, Pillar::VictimSafety, "{}", t.label);
        assert!(
            w.app
                .overdue_mappa_actions(&w.ppo)
                .await
                .unwrap()
                .is_empty(),
            "{}: not a case the police officer may read",
            t.label
        );
        let view = w.app.mappa_actions(&w.om, d).await.unwrap();
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
            .update_mappa_action(&w.om, d, om_action, 1, &done)
            .await
            .unwrap();
        assert!(
            matches!(
                w.app
                    .update_mappa_action(&w.om, d, om_action, 1, &done)
                    .await,
                Err(AppError::Conflict)
            ),
            "{}: a stale version",
            t.label
        );
        assert!(
            w.app.my_mappa_actions(&w.om).await.unwrap().is_empty(),
            "{}",
            t.label
        );

        // The MAPPA coordinator: no relationship until the person is a MAPPA case; then
        // they add actions and see the overdue ones.
        let coordinator =
            add_staff(&w, "mappa.rowe", "Janet Rowe", "SMB", "mappa_coordinator").await;
        w.app
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
                .overdue_mappa_actions(&coordinator)
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.label
        );
        w.app
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
            .save_mappa_plan(&coordinator, d, &plan("panel"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn victim_measures_are_for_the_victim_section_only() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;
        let vlo = add_staff(
            &w,
            "vlo.kelly",
            "Bernadette Kelly",
            "PRB",
            "victim_liaison_officer",
        )
        .await;
        allocate(&w, &w.om, d, &vlo, "victim_liaison_officer").await;
        let victim = w
            .app
            .add_victim(
                &vlo,
                d,
                &VictimForm {
                    name: "Alison".into(),
                    kind: "victim".into(),
                    representations: "Wants to know when he is released".into(),
                    ..VictimForm::default()
                },
            )
            .await
            .unwrap();
        let measure = |what: &str, on: &str, review: &str| VictimMeasureForm {
            victim_id: victim.to_string(),
            measure: what.into(),
            in_place_on: on.into(),
            review_on: review.into(),
        };

        // Bad input named; nothing saved.
        let got = fields(
            w.app
                .add_victim_measure(&vlo, d, &measure(" ", "11/3/2026", "1/3/2026"))
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("measure".into(), "missing")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            got.contains(&("in_place_on".into(), "date_in_future")),
            "{}: {got:?}",
            t.label
        );
        let got = fields(
            w.app
                .add_victim_measure(&vlo, d, &measure("Alarm", "1/3/2026", "28/2/2026"))
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("review_on".into(), "before_in_place")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            w.app.victim_measures(&vlo, d).await.unwrap().is_empty(),
            "{}",
            t.label
        );

        w.app
            .add_victim_measure(
                &vlo,
                d,
                &measure("Police alarm fitted", "2/3/2026", "2/6/2026"),
            )
            .await
            .unwrap();
        let list = w.app.victim_measures(&vlo, d).await.unwrap();
        assert_eq!(
            (
                list[0].measure.as_str(),
                list[0].victim_id,
                list[0].review_on
            ),
            ("Police alarm fitted", Some(victim), Some(ymd(2026, 6, 2))),
            "{}",
            t.label
        );

        // The offender manager holds the case but not the victim section: refused both
        // ways, each refusal audited.
        for attempt in [
            w.app.victim_measures(&w.om, d).await.map(|_| ()),
            w.app
                .add_victim_measure(&w.om, d, &measure("Marker on address", "2/3/2026", ""))
                .await
                .map(|_| ()),
        ] {
            assert!(
                matches!(attempt, Err(AppError::Denied { .. })),
                "{}",
                t.label
            );
            let audited = last_audit(w.app.db()).await;
            assert_eq!(
                (audited.outcome.as_str(), audited.person_id),
                ("denied", Some(d.0)),
                "{}",
                t.label
            );
        }
        assert_eq!(
            w.app.victim_measures(&vlo, d).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
    }
}

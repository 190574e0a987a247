//! Four-eyes, as an insider would try to get round it: the senior officer sends a licence
//! back, adds a condition of their own, lets the author resubmit and approves it; the
//! same with a variation; and the MAPP meeting's chair approving minutes the chair wrote.
//! Each refusal is a 422 naming the rule and a denied event with the actor and person.

use std::collections::BTreeMap;

use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_licence::{LicenceAction, LicenceStatus};

use crate::mappa_meetings::{cast, form, minutes};
use crate::support::*;

async fn released_person(w: &World) -> PersonId {
    let mut input = person("Frank", "Foster", ymd(1979, 4, 12));
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "3 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2024, 9, 1)),
        end_date: DateInput::from_date(ymd(2027, 9, 1)),
        release_date: DateInput::from_date(ymd(2026, 3, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 9, 1)),
        term: String::new(),
    }];
    let id = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

fn bespoke(wording: &str) -> ConditionForm {
    ConditionForm {
        code: "BESPOKE".into(),
        params: BTreeMap::from([("wording".to_string(), wording.to_string())]),
    }
}

async fn newest(w: &World, by: &Actor, p: PersonId) -> LicenceVersionView {
    w.app.manage().licences(by, p).await.unwrap().versions[0].clone()
}

async fn act(w: &World, by: &Actor, p: PersonId, action: LicenceAction) -> Result<(), AppError> {
    let v = newest(w, by, p).await;
    w.app
        .manage()
        .act_on_licence(by, p, v.id, v.version, action, "")
        .await
}

/// The refusal is `own_licence`, and the chain's newest event is the denied attempt by
/// `by` on `p`.
async fn assert_refused_and_audited(w: &World, err: AppError, by: &Actor, p: PersonId, rule: &str) {
    assert_eq!(err.status(), 422, "{}: {err:?}", w.label);
    assert!(
        field_codes(&err).iter().any(|(_, c)| *c == rule),
        "{}: {err:?}",
        w.label
    );
    let last = last_audit(w.app.db()).await;
    assert_eq!(
        (last.kind.as_str(), last.actor_user_id, last.person_id),
        ("denied", Some(by.user_id.0), Some(p.0)),
        "{}: {last:?}",
        w.label
    );
}

#[tokio::test]
async fn an_approver_who_added_a_condition_to_a_sent_back_licence_may_not_approve_it() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = released_person(&w).await;
        let spo = add_staff(
            &w,
            "spo.hale",
            "Richard Hale",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        let spo2 = add_staff(
            &w,
            "spo.ward",
            "Wendy Ward",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        allocate(&w, &w.om, p, &spo, "senior_probation_officer").await;
        allocate(&w, &w.om, p, &spo2, "senior_probation_officer").await;
        draft_licence(&w, &w.om, p).await;
        act(&w, &w.om, p, LicenceAction::Submit).await.unwrap();

        // The senior officer sends it back and writes a condition of their own into it;
        // the author resubmits.
        act(&w, &spo, p, LicenceAction::BackToInProgress)
            .await
            .unwrap();
        let v = newest(&w, &spo, p).await;
        w.app
            .manage()
            .add_licence_condition(&spo, p, v.id, v.version, &bespoke("Not to contact Mr Y"))
            .await
            .unwrap();
        act(&w, &w.om, p, LicenceAction::Submit).await.unwrap();

        // The approve button is not offered to them, and approving is refused and audited.
        let v = newest(&w, &spo, p).await;
        assert!(
            !v.actions.contains(&LicenceAction::Approve),
            "{}: {:?}",
            t.label,
            v.actions
        );
        let err = act(&w, &spo, p, LicenceAction::Approve).await.unwrap_err();
        assert_refused_and_audited(&w, err, &spo, p, "own_licence").await;
        assert_eq!(
            newest(&w, &spo, p).await.status,
            LicenceStatus::Submitted,
            "{}",
            t.label
        );

        // Another senior officer, who changed nothing, approves.
        assert!(newest(&w, &spo2, p)
            .await
            .actions
            .contains(&LicenceAction::Approve));
        act(&w, &spo2, p, LicenceAction::Approve).await.unwrap();
        act(&w, &w.om, p, LicenceAction::Activate).await.unwrap();

        // A variation: the same senior officer removes a condition of the variation
        // another officer started and submitted.
        let v = newest(&w, &w.om, p).await;
        w.app
            .manage()
            .start_licence_variation(&w.om, p, v.id, "Moving to approved premises")
            .await
            .unwrap();
        let v = newest(&w, &spo, p).await;
        let mine = v
            .conditions
            .iter()
            .find(|c| c.code == "BESPOKE")
            .unwrap()
            .id;
        w.app
            .manage()
            .remove_licence_condition(&spo, p, v.id, v.version, mine)
            .await
            .unwrap();
        act(&w, &w.om, p, LicenceAction::SubmitVariation)
            .await
            .unwrap();
        let err = act(&w, &spo, p, LicenceAction::ApproveVariation)
            .await
            .unwrap_err();
        assert_refused_and_audited(&w, err, &spo, p, "own_licence").await;
        act(&w, &spo2, p, LicenceAction::ApproveVariation)
            .await
            .unwrap();
        assert_eq!(
            newest(&w, &w.om, p).await.status,
            LicenceStatus::Active,
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

#[tokio::test]
async fn the_author_refused_approval_of_their_own_licence_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = released_person(&w).await;
        let spo = add_staff(
            &w,
            "spo.hale",
            "Richard Hale",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        allocate(&w, &w.om, p, &spo, "senior_probation_officer").await;
        let view = w.app.manage().licences(&spo, p).await.unwrap();
        w.app
            .manage()
            .create_licence(
                &spo,
                p,
                &LicenceForm {
                    type_code: "AP".into(),
                    release_date: view.from_sentence.release_date.clone(),
                    licence_end_date: view.from_sentence.licence_end_date.clone(),
                    ..LicenceForm::default()
                },
            )
            .await
            .unwrap();
        act(&w, &spo, p, LicenceAction::Submit).await.unwrap();
        let err = act(&w, &spo, p, LicenceAction::Approve).await.unwrap_err();
        assert_refused_and_audited(&w, err, &spo, p, "own_licence").await;
    }
}

#[tokio::test]
async fn a_chair_may_not_approve_minutes_the_chair_wrote_until_the_minute_taker_rewrites_them() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
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
            .save_mappa_minutes(&c.coordinator, id, c.review, &minutes(&[]))
            .await
            .unwrap();
        // The chair changes what was agreed, then tries to approve it.
        let mut edited = minutes(&[]);
        edited
            .sections
            .insert("actions".into(), "No further action".into());
        w.app
            .meetings()
            .save_mappa_minutes(&c.chair, id, c.review, &edited)
            .await
            .unwrap();
        let view = w
            .app
            .meetings()
            .mappa_minutes(&c.chair, id, c.review)
            .await
            .unwrap();
        assert_eq!(view.chair_wrote, vec!["7. Actions agreed".to_string()]);
        let err = w
            .app
            .meetings()
            .approve_mappa_minutes(&c.chair, id, c.review)
            .await
            .unwrap_err();
        assert_refused_and_audited(&w, err, &c.chair, c.review, "own_minutes").await;

        // The minute-taker reviews that heading and saves it in their own words.
        edited.sections.insert(
            "actions".into(),
            "No further action; review in 3 months".into(),
        );
        w.app
            .meetings()
            .save_mappa_minutes(&c.coordinator, id, c.review, &edited)
            .await
            .unwrap();
        assert_eq!(
            w.app
                .meetings()
                .approve_mappa_minutes(&c.chair, id, c.review)
                .await
                .unwrap(),
            3,
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

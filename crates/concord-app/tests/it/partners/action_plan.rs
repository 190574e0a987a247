//! The individual action plan: objectives from screening, the partner work, the
//! officer's actions, progress, and the person's agreement at a review.

use concord_app::*;

use super::*;

#[tokio::test]
async fn the_action_plan_holds_objectives_partner_work_actions_and_the_persons_agreement() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        let c = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-01", "Chelmsford"),
        )
        .await;
        let person = client(w, "Lee").await;
        app.partners()
            .screen_needs(
                &w.om,
                person,
                &screening(&[("drugs", "severe"), ("ete", "standard")]),
            )
            .await
            .unwrap();
        super::sent(&p, person, c).await;

        // No objective yet: the person cannot be asked to agree to an empty plan.
        let review = PlanReviewInput {
            person_agreed: "yes".into(),
            note: String::new(),
            next_review_on: DateInput::from_date(ymd(2026, 6, 1)),
        };
        let e = app
            .partners()
            .review_action_plan(&w.om, person, &review)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("person_agreed".to_string(), "no_objectives")],
            "{}",
            w.label
        );

        let plan = app.partners().action_plan(&w.om, person).await.unwrap();
        assert_eq!(
            plan.uncovered_needs.len(),
            2,
            "{}: both screened needs await an objective",
            w.label
        );
        assert_eq!(plan.partner_work.len(), 1);

        let objective = app
            .partners()
            .add_plan_item(
                &w.om,
                person,
                &PlanItemInput {
                    kind: "objective".into(),
                    need: "drugs".into(),
                    text: "Stop using heroin".into(),
                    target_on: DateInput::from_date(ymd(2026, 9, 1)),
                },
            )
            .await
            .unwrap();
        let e = app
            .partners()
            .add_plan_item(
                &w.om,
                person,
                &PlanItemInput {
                    kind: "action".into(),
                    need: String::new(),
                    text: "Book the prescribing clinic".into(),
                    target_on: DateInput::default(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(field_codes(&e), [("target_on".to_string(), "required")]);
        app.partners()
            .add_plan_item(
                &w.om,
                person,
                &PlanItemInput {
                    kind: "action".into(),
                    need: String::new(),
                    text: "Book the prescribing clinic".into(),
                    target_on: DateInput::from_date(ymd(2026, 3, 20)),
                },
            )
            .await
            .unwrap();

        // A review too far off, and a refusal without a reason, are refused.
        let far = PlanReviewInput {
            person_agreed: "no".into(),
            note: String::new(),
            next_review_on: DateInput::from_date(ymd(2026, 12, 1)),
        };
        let e = app
            .partners()
            .review_action_plan(&w.om, person, &far)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [
                ("next_review_on".to_string(), "out_of_range"),
                ("note".to_string(), "required")
            ],
            "{}",
            w.label
        );
        app.partners()
            .review_action_plan(&w.om, person, &review)
            .await
            .unwrap();

        let plan = app.partners().action_plan(&w.om, person).await.unwrap();
        assert_eq!((plan.objectives.len(), plan.actions.len()), (1, 1));
        assert_eq!(plan.uncovered_needs, [(Need::Ete, NeedLevel::Standard)]);
        assert_eq!(plan.next_review_on, Some(ymd(2026, 6, 1)));
        assert!(plan.reviews[0].person_agreed);

        // Progress, checked against the version the form saw.
        let seen = plan.objectives[0].version.to_string();
        app.partners()
            .record_plan_progress(
                &w.om,
                person,
                objective,
                &PlanProgressInput {
                    status: "partly_achieved".into(),
                    progress: "Using less; engaging with Open Road".into(),
                    version: seen.clone(),
                },
            )
            .await
            .unwrap();
        let stale = app
            .partners()
            .record_plan_progress(
                &w.om,
                person,
                objective,
                &PlanProgressInput {
                    status: "achieved".into(),
                    progress: "Abstinent".into(),
                    version: seen,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(stale.status(), 409, "{}: {stale:?}", w.label);

        // The provider never reads the plan; nor does anyone without a relationship.
        let e = app
            .partners()
            .action_plan(&p.drugs, person)
            .await
            .unwrap_err();
        assert_eq!(e.status(), 404, "{}: {e:?}", w.label);
        let e = app
            .partners()
            .action_plan(&w.ppo, person)
            .await
            .unwrap_err();
        assert_eq!(e.status(), 403, "{}: {e:?}", w.label);
        t.finish().await;
    }
}

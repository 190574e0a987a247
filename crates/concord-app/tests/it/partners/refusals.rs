//! Bad input and wrong hands: each refused with its reason, nothing written.

use concord_app::*;

use super::*;

async fn referrals_of(p: &Partnered, person: concord_domain::PersonId) -> usize {
    p.w.app
        .partners()
        .interventions(&p.w.om, person)
        .await
        .unwrap()
        .referrals
        .len()
}

#[tokio::test]
async fn a_referral_the_contract_cannot_take_is_refused_with_each_reason() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        let person = client(w, "Rob").await;
        let women = add(
            &p,
            &contract("WOM", "womens_project", "ESX-WP-01", "Chelmsford"),
        )
        .await;
        let elsewhere = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-09", "Harlow"),
        )
        .await;
        let mut small = contract("DRG", "drug_and_alcohol", "ESX-DA-03", "Chelmsford");
        small.places = "1".into();
        small.waiting_list = "0".into();
        let small = add(&p, &small).await;

        let mut man_to_women = refer(women, &["relationships"]);
        man_to_women.reason = "Support".into();
        let e = app
            .partners()
            .refer_to_service(&w.om, person, &man_to_women)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("contract".to_string(), "ineligible")],
            "{}",
            w.label
        );
        let AppError::Validation(v) = &e else {
            unreachable!()
        };
        assert_eq!(v.errors[0].message, "The service is for women only");

        let e = app
            .partners()
            .refer_to_service(&w.om, person, &refer(elsewhere, &["drugs"]))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("contract".to_string(), "no_contract_in_area")]
        );

        // The one place goes to the first; the second finds the contract full.
        super::sent(&p, person, small).await;
        let other = client(w, "Tom").await;
        let e = app
            .partners()
            .refer_to_service(&w.om, other, &refer(small, &["drugs"]))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("contract".to_string(), "full")],
            "{}",
            w.label
        );
        assert_eq!(
            referrals_of(&p, other).await,
            0,
            "{}: nothing written",
            w.label
        );

        // A restricted section never travels; a need the service does not meet is named.
        let mut victim = refer(small, &["accommodation"]);
        victim.sections = vec!["victim".into()];
        let e = app
            .partners()
            .refer_to_service(&w.om, other, &victim)
            .await
            .unwrap_err();
        let codes = field_codes(&e);
        assert!(
            codes.contains(&("sections".to_string(), "section_restricted")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("needs".to_string(), "need_not_met")),
            "{codes:?}"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn each_side_takes_only_its_own_steps_and_a_plan_needs_objectives() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        let c = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-01", "Chelmsford"),
        )
        .await;
        let person = client(w, "Lee").await;
        let id = super::sent(&p, person, c).await;

        // The officer cannot accept for the provider; the provider cannot approve.
        let e = app
            .partners()
            .accept_referral(&w.om, person, id)
            .await
            .unwrap_err();
        assert_eq!(e.status(), 403, "{}: {e:?}", w.label);
        let trail = audit_trail(app.db()).await;
        assert!(trail.iter().any(|a| a.outcome == "denied"
            && a.reason == "only the provider takes this step on a referral"));
        app.partners()
            .accept_referral(&p.drugs, person, id)
            .await
            .unwrap();
        let e = app
            .partners()
            .approve_plan(&p.drugs, person, id)
            .await
            .unwrap_err();
        assert_eq!(e.status(), 403, "{}: {e:?}", w.label);

        // A session before a caseworker, and a plan without objectives, are refused.
        let session = SessionInput {
            held_on: DateInput::from_date(ymd(2026, 3, 10)),
            attendance: "attended".into(),
            engagement: "good".into(),
            notes: "First meeting".into(),
        };
        let e = app
            .partners()
            .record_session(&p.drugs, person, id, &session)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&e), [("status".to_string(), "wrong_status")]);
        app.partners()
            .assign_caseworker(&p.drugs, person, id, "drg.okoro")
            .await
            .unwrap();
        let e = app
            .partners()
            .submit_plan(
                &p.drugs,
                person,
                id,
                &PlanInput {
                    objectives: vec![],
                    activities: "Keywork".into(),
                    sessions_planned: "6".into(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("objective_1".to_string(), "required")],
            "{}",
            w.label
        );
        // Another provider's caseworker cannot be assigned.
        let e = app
            .partners()
            .assign_caseworker(&p.drugs, person, id, "housing.lee")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("caseworker".to_string(), "not_provider_staff")]
        );

        // Cancelled by probation: a late session is refused with the reason, not "not found".
        app.partners()
            .end_referral(&w.om, person, id, false, "Recalled to prison")
            .await
            .unwrap();
        let e = app
            .partners()
            .record_session(&p.drugs, person, id, &session)
            .await
            .unwrap_err();
        assert_eq!(e.status(), 403, "{}: {e:?}", w.label);
        assert!(e.to_string().contains("the referral has ended"), "{e}");
        let d = app.partners().referral(&w.om, person, id).await.unwrap();
        assert_eq!(
            (d.summary.closure, d.summary.sessions),
            (Some(Closure::Cancelled), 0)
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_directory_is_kept_by_commissioning_staff_and_checks_every_field() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        let e = app
            .partners()
            .add_contract(
                &w.om,
                &contract("DRG", "drug_and_alcohol", "X-1", "Chelmsford"),
            )
            .await
            .unwrap_err();
        assert_eq!(e.status(), 403, "{}: {e:?}", w.label);
        let bad = ContractInput {
            provider: "PRB".into(),
            service: "astrology".into(),
            reference: String::new(),
            package_area: "Essex".into(),
            towns: vec!["Gotham".into()],
            eligibility: "anyone".into(),
            places: "0".into(),
            waiting_list: "-1".into(),
            first_contact_days: "5".into(),
            starts_on: DateInput::from_date(ymd(2026, 6, 1)),
            ends_on: DateInput::from_date(ymd(2026, 1, 1)),
        };
        let e = app
            .partners()
            .add_contract(&p.commissioning, &bad)
            .await
            .unwrap_err();
        let fields: Vec<String> = field_codes(&e).into_iter().map(|(f, _)| f).collect();
        for f in [
            "service",
            "reference",
            "towns",
            "places",
            "waiting_list",
            "ends_on",
            "provider",
        ] {
            assert!(
                fields.contains(&f.to_string()),
                "{}: {f} in {fields:?}",
                w.label
            );
        }
        assert!(app.partners().directory(&w.om).await.unwrap().is_empty());
        add(
            &p,
            &contract("DRG", "drug_and_alcohol", "X-1", "Chelmsford"),
        )
        .await;
        let e = app
            .partners()
            .add_contract(
                &p.commissioning,
                &contract("DRG", "housing", "X-1", "Chelmsford"),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("reference".to_string(), "taken")],
            "{}",
            w.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_provider_cannot_screen_refer_or_touch_the_action_plan_though_it_records_its_own_work() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        let c = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-01", "Chelmsford"),
        )
        .await;
        let person = client(w, "Lee").await;
        super::sent(&p, person, c).await;
        let e = app
            .partners()
            .screen_needs(&p.drugs, person, &screening(&[("drugs", "severe")]))
            .await
            .unwrap_err();
        assert_eq!(e.status(), 404, "{}: {e:?}", w.label);
        let e = app
            .partners()
            .refer_to_service(&p.drugs, person, &refer(c, &["drugs"]))
            .await
            .unwrap_err();
        assert_eq!(e.status(), 404, "{}: {e:?}", w.label);
        let e = app
            .partners()
            .add_plan_item(
                &p.drugs,
                person,
                &PlanItemInput {
                    kind: "objective".into(),
                    need: "drugs".into(),
                    text: "Written by the provider".into(),
                    target_on: DateInput::default(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.status(), 404, "{}: {e:?}", w.label);
        let plan = app.partners().action_plan(&w.om, person).await.unwrap();
        assert!(plan.objectives.is_empty(), "{}: nothing written", w.label);
        let v = app.partners().interventions(&w.om, person).await.unwrap();
        assert!(
            v.screening.unwrap().screened_on.is_none(),
            "{}: no screening written",
            w.label
        );
        let trail = audit_trail(app.db()).await;
        assert!(trail.iter().any(|a| a.outcome == "denied"
            && a.reason == "screening, referring and the action plan are the case team's"));
        t.finish().await;
    }
}

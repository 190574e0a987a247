//! The whole way: screened, suggested, referred, accepted, assigned, planned, approved,
//! sessions, end report; the provider sees only its referral and loses access at the end.

use concord_app::*;

use super::*;

#[tokio::test]
async fn a_referral_runs_from_screening_to_the_end_report_with_the_provider_acting_in_it() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let (w, app) = (&p.w, &p.w.app);
        let drugs_contract = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-01", "Chelmsford"),
        )
        .await;
        add(&p, &contract("HSG", "housing", "ESX-HS-01", "Chelmsford")).await;
        add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-02", "Colchester"),
        )
        .await;
        let person = client(w, "Lee").await;

        // Screening: severe drug misuse; Concord suggests the Chelmsford drug service only.
        app.partners()
            .screen_needs(&w.om, person, &screening(&[("drugs", "severe")]))
            .await
            .unwrap();
        let s = app.partners().screening(&w.om, person).await.unwrap();
        let suggested: Vec<&str> = s
            .suggestions
            .iter()
            .map(|s| s.contract.reference.as_str())
            .collect();
        assert_eq!(suggested, ["ESX-DA-01"], "{}", w.label);
        assert!(s.suggestions[0]
            .reasons
            .contains(&"Severe need drug misuse (OASys 8)".to_string()));

        let id = super::sent(&p, person, drugs_contract).await;
        let v = app.partners().interventions(&w.om, person).await.unwrap();
        assert_eq!(v.referrals.len(), 1);
        assert_eq!(v.referrals[0].status, ReferralStatus::Sent);
        // Sent on Tuesday 10 March 2026 with 5 working days to first contact.
        assert_eq!(
            v.referrals[0].first_contact_due,
            Some(ymd(2026, 3, 17)),
            "{}",
            w.label
        );

        // The provider's list holds it; the housing partner's does not, nor the record.
        let list = app
            .partners()
            .provider_referrals(&p.drugs, false)
            .await
            .unwrap();
        assert_eq!(
            list.iter().map(|i| i.person_id).collect::<Vec<_>>(),
            [person]
        );
        assert!(app
            .partners()
            .provider_referrals(&w.housing, false)
            .await
            .unwrap()
            .is_empty());
        let err = app
            .partners()
            .referral(&w.housing, person, id)
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404, "{}: {err:?}", w.label);

        // The provider reads the referral with the shared sections only.
        let d = app.partners().referral(&p.drugs, person, id).await.unwrap();
        assert!(d.by_provider);
        assert_eq!(d.shared.addresses.len(), 1, "{}", w.label);
        assert_eq!(d.shared.markers.len(), 1);
        assert!(d.shared.offences.is_empty());

        app.partners()
            .accept_referral(&p.drugs, person, id)
            .await
            .unwrap();
        app.partners()
            .assign_caseworker(&p.drugs, person, id, "drg.hale")
            .await
            .unwrap();
        app.partners()
            .record_session(
                &p.drugs2,
                person,
                id,
                &SessionInput {
                    held_on: DateInput::from_date(ymd(2026, 3, 10)),
                    attendance: "attended".into(),
                    engagement: "good".into(),
                    notes: "Assessment: daily heroin use; agreed to a script".into(),
                },
            )
            .await
            .unwrap();
        app.partners()
            .submit_plan(
                &p.drugs2,
                person,
                id,
                &PlanInput {
                    objectives: vec![(
                        "drugs".into(),
                        "Stable on a methadone script within 8 weeks".into(),
                    )],
                    activities: "Weekly keywork; prescribing clinic; recovery group".into(),
                    sessions_planned: "12".into(),
                },
            )
            .await
            .unwrap();
        let v = app.partners().interventions(&w.om, person).await.unwrap();
        assert_eq!(v.referrals[0].status, ReferralStatus::PlanSubmitted);
        assert_eq!(v.referrals[0].first_contact_on, Some(ymd(2026, 3, 10)));
        assert!(v.referrals[0]
            .due
            .as_deref()
            .is_some_and(|d| d.contains("approval")));

        // The officer is told on "My cases" without opening the record.
        let cases = app
            .people()
            .caseload_page(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        assert_eq!(cases.partner_referrals.len(), 1, "{}", w.label);
        assert_eq!(
            cases.partner_referrals[0].referral.status,
            ReferralStatus::PlanSubmitted
        );
        app.partners()
            .approve_plan(&w.om, person, id)
            .await
            .unwrap();
        let cases = app
            .people()
            .caseload_page(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        assert!(
            cases.partner_referrals.is_empty(),
            "{}: nothing waits on the officer now",
            w.label
        );
        app.partners()
            .record_session(
                &p.drugs2,
                person,
                id,
                &SessionInput {
                    held_on: DateInput::from_date(ymd(2026, 3, 10)),
                    attendance: "did_not_attend".into(),
                    engagement: String::new(),
                    notes: "Did not come; phoned, rebooked".into(),
                },
            )
            .await
            .unwrap();
        app.partners()
            .submit_end_report(
                &p.drugs2,
                person,
                id,
                &EndReportInput {
                    summary: "Engaged well after a slow start; now on a stable script".into(),
                    outcomes: vec![("achieved".into(), "Stable on 40ml".into())],
                    further_work: "Recovery group continues voluntarily".into(),
                },
            )
            .await
            .unwrap();

        // Closed: the officer sees the outcome; the provider's access ended with it.
        let d = app.partners().referral(&w.om, person, id).await.unwrap();
        assert_eq!(d.summary.status, ReferralStatus::Closed);
        assert_eq!(d.summary.closure, Some(Closure::Completed));
        assert_eq!((d.summary.sessions, d.summary.attended), (2, 1));
        assert_eq!(
            d.end_report.unwrap().outcomes[0].achieved,
            OutcomeAchieved::Achieved
        );
        let err = app
            .partners()
            .referral(&p.drugs, person, id)
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404, "{}: {err:?}", w.label);
        assert!(app
            .partners()
            .provider_referrals(&p.drugs, false)
            .await
            .unwrap()
            .is_empty());

        // Every step is in the audit chain, the sending as a disclosure to the provider.
        let trail = audit_trail(app.db()).await;
        for reason in [
            "screened the person's needs",
            "referred to a partner service",
            "accepted a referral",
            "assigned a caseworker to a referral",
            "submitted an action plan for a referral",
            "approved a provider's action plan",
            "recorded a session of a referral",
            "closed a referral with an end-of-service report",
        ] {
            assert!(
                trail.iter().any(|e| e.reason == reason),
                "{}: {reason}",
                w.label
            );
        }
        assert!(trail
            .iter()
            .any(|e| e.kind == "disclosure" && e.reason == "referred to a partner service"));
        t.finish().await;
    }
}

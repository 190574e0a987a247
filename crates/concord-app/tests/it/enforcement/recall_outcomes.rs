//! A fixed-term recall's release, a rejected recall, and a breach in a woman's tier.

use concord_app::*;
use concord_licence::{LicenceStatus, RecallType};

use super::{absence, activate_licence, case, codes, current_version, recall_form, Case};
use crate::support::*;

#[tokio::test]
async fn a_fixed_term_recall_is_released_automatically_after_28_days() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let (w, d, l) = (&c.w, c.d, t.label);
        activate_licence(&c).await;
        let requested = w
            .app
            .manage()
            .request_recall(
                &w.om,
                d,
                &RecallForm {
                    mappa_level: Some(1),
                    ..recall_form("Failed to reside at the approved premises", None)
                },
            )
            .await
            .unwrap();
        assert_eq!(
            requested.assessment.recommended,
            RecallType::FixedTerm { days: 28 },
            "{l}: {}",
            requested.assessment.summary
        );
        w.app
            .manage()
            .decide_recall(&c.spo, d, requested.recall_id, true, "Agreed")
            .await
            .unwrap();
        let referral = refer_to_drug_service(w, d).await;
        let returned = w
            .app
            .manage()
            .return_to_custody(&w.ppo, d, requested.recall_id, ymd(2026, 3, 10))
            .await
            .unwrap();
        assert_eq!(returned.release_on, Some(ymd(2026, 4, 7)), "{l}");
        // His work in the community ends with the recall: the referral is cancelled.
        assert_eq!(returned.referrals_cancelled, 1, "{l}");
        let r = w.app.partners().referral(&w.om, d, referral).await.unwrap();
        assert_eq!(r.summary.closure, Some(Closure::Cancelled), "{l}");
        assert!(r.close_reason.unwrap().starts_with("Recalled"), "{l}");
        assert_eq!(returned.parole_board_referral_by, None, "{l}");
        // A recalled licence cannot be recalled again.
        let e = w
            .app
            .manage()
            .request_recall(&w.om, d, &recall_form("Again", None))
            .await
            .unwrap_err();
        assert_eq!(
            codes(e),
            vec![("licence".into(), "no_active_licence")],
            "{l}"
        );
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn a_rejected_recall_leaves_the_licence_in_force() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let (w, d, l) = (&c.w, c.d, t.label);
        activate_licence(&c).await;
        let requested = w
            .app
            .manage()
            .request_recall(&w.ppo, d, &recall_form("Seen near the victim's home", None))
            .await
            .unwrap();
        let e = w
            .app
            .manage()
            .decide_recall(&c.spo, d, requested.recall_id, false, "")
            .await
            .unwrap_err();
        assert_eq!(codes(e), vec![("reason".into(), "required")], "{l}");
        let decided = w
            .app
            .manage()
            .decide_recall(
                &c.spo,
                d,
                requested.recall_id,
                false,
                "Sighting not confirmed; increase police visits instead",
            )
            .await
            .unwrap();
        assert_eq!(decided.status, RecallStatus::Rejected, "{l}");
        assert!(decided.tasks.is_empty(), "{l}");
        assert_eq!(
            current_version(&c).await.status,
            LicenceStatus::Active,
            "{l}"
        );
        let e = w
            .app
            .manage()
            .return_to_custody(&w.ppo, d, requested.recall_id, ymd(2026, 3, 10))
            .await
            .unwrap_err();
        assert_eq!(codes(e), vec![("status".into(), "not_revoked")], "{l}");
        assert_chain_intact(w).await;
    }
}

/// The tiering framework counts breach and recall outcomes as an additional factor for
/// women (+2 protect points): a breach referral shows in her next risk review's tier.
#[tokio::test]
async fn a_breach_counts_as_previous_enforcement_in_a_womans_tier() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let mut input = person("Dana", "Dawson", ymd(1990, 4, 2));
        input.details.gender = "female".into();
        input.offences = vec![OffenceInput {
            offence_code: "00800".into(),
            description: "Wounding with intent".into(),
            offence_date: DateInput::from_date(ymd(2024, 5, 1)),
            conviction_date: DateInput::from_date(ymd(2025, 2, 1)),
            disposal: String::new(),
        }];
        input.sentences = vec![SentenceInput {
            kind: "custody".into(),
            description: "2 years' imprisonment".into(),
            start_date: DateInput::from_date(ymd(2025, 3, 1)),
            end_date: DateInput::from_date(ymd(2027, 3, 1)),
            release_date: DateInput::from_date(ymd(2026, 3, 1)),
            licence_end_date: DateInput::from_date(ymd(2027, 3, 1)),
            term: String::new(),
        }];
        let her =
            c.w.app
                .people()
                .register_person(&c.w.om, &input)
                .await
                .unwrap();
        allocate(&c.w, &c.w.om, her, &c.w.om, "offender_manager").await;
        allocate(&c.w, &c.w.om, her, &c.spo, "senior_probation_officer").await;
        let c = Case { d: her, ..c };
        activate_licence(&c).await;
        let w = &c.w;
        let review = w.app.assess().start_risk_review(&w.om, her).await.unwrap();
        let points = |r: &RiskReview| {
            r.tier.as_ref().map_or_else(
                || panic!("{}: no tier: {:?}", w.label, r.tier_problem),
                |t| t.protect_points,
            )
        };
        let before = points(
            &w.app
                .assess()
                .risk_review(&w.om, her, review)
                .await
                .unwrap(),
        );
        let missed = w
            .app
            .manage()
            .record_compliance(&w.om, her, &absence("2026-03-09"))
            .await
            .unwrap();
        w.app
            .manage()
            .refer_breach(
                &w.om,
                her,
                missed.event_id,
                "Referred at once: risk to the victim",
            )
            .await
            .unwrap();
        let after = points(
            &w.app
                .assess()
                .risk_review(&w.om, her, review)
                .await
                .unwrap(),
        );
        assert_eq!(after, before + 2, "{}", w.label);
    }
}

/// A drug service contracted in Chelmsford, and the person (given a Chelmsford address)
/// referred to it by the offender manager.
async fn refer_to_drug_service(
    w: &World,
    d: concord_domain::PersonId,
) -> concord_domain::ServiceReferralId {
    w.app
        .people()
        .add_address(
            &w.om,
            d,
            &home("3 Baddow Road", "Chelmsford", "CM2 0DG", ymd(2026, 3, 1)),
        )
        .await
        .unwrap();
    w.app
        .accounts()
        .add_agency(
            "DRG",
            "Open Road",
            concord_domain::AgencyKind::DrugAndAlcohol,
            "Essex",
        )
        .await
        .unwrap();
    let pm = add_staff(w, "pm.ford", "Pat Ford", "PRB", "partnerships_manager").await;
    let contract = w
        .app
        .partners()
        .add_contract(
            &pm,
            &ContractInput {
                provider: "DRG".into(),
                service: "drug_and_alcohol".into(),
                reference: "ESX-DA-01".into(),
                package_area: "Essex".into(),
                towns: vec!["Chelmsford".into()],
                eligibility: "anyone".into(),
                places: "5".into(),
                waiting_list: "5".into(),
                first_contact_days: "5".into(),
                starts_on: DateInput::from_date(ymd(2026, 1, 1)),
                ends_on: DateInput::from_date(ymd(2026, 12, 31)),
            },
        )
        .await
        .unwrap();
    w.app
        .partners()
        .refer_to_service(
            &w.om,
            d,
            &ReferInput {
                contract: contract.to_string(),
                needs: vec!["drugs".into()],
                reason: "Crack cocaine use since release".into(),
                sections: vec!["markers".into()],
                send: true,
            },
        )
        .await
        .unwrap()
}

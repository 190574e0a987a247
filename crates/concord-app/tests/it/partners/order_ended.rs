//! When an order or licence runs out, the owning agency's daily sweep cancels the open
//! partner referrals and ends each provider's access; people never supervised (a
//! voluntary IOM client) and people still supervised keep theirs.

use concord_app::*;
use concord_domain::PersonId;

use super::*;

async fn order(p: &Partnered, person: PersonId, ends: (i32, u32, u32)) {
    p.w.app
        .people()
        .add_sentence(
            &p.w.om,
            person,
            &SentenceInput {
                kind: "community_order".into(),
                description: "Community order: drug rehabilitation requirement".into(),
                start_date: DateInput::from_date(ymd(2025, 3, 1)),
                end_date: DateInput::from_date(ymd(ends.0, ends.1, ends.2)),
                ..SentenceInput::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{}: sentence: {e}", p.w.label));
}

#[tokio::test]
async fn the_sweep_cancels_referrals_of_those_whose_order_has_ended_and_no_one_else() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let l = t.label;
        let c = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-09", "Chelmsford"),
        )
        .await;
        let ended = client(&p.w, "Ended").await;
        order(&p, ended, (2026, 3, 1)).await;
        let running = client(&p.w, "Running").await;
        order(&p, running, (2027, 3, 1)).await;
        let voluntary = client(&p.w, "Voluntary").await;
        let referrals = [
            sent(&p, ended, c).await,
            sent(&p, running, c).await,
            sent(&p, voluntary, c).await,
        ];

        // A partner runs no sweep; another agency's officer may change none of these.
        assert!(
            p.w.app
                .partners()
                .end_referrals_after_orders(&p.drugs)
                .await
                .is_err(),
            "{l}"
        );
        let police =
            p.w.app
                .partners()
                .end_referrals_after_orders(&p.w.ppo)
                .await
                .unwrap();
        assert_eq!((police.referrals, police.left_for_others), (0, 1), "{l}");

        let spo = add_staff(
            &p.w,
            "spo.one",
            "Sam Price",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        let r =
            p.w.app
                .partners()
                .end_referrals_after_orders(&spo)
                .await
                .unwrap();
        assert_eq!((r.people, r.referrals, r.left_for_others), (1, 1, 0), "{l}");
        let d =
            p.w.app
                .partners()
                .referral(&p.w.om, ended, referrals[0])
                .await
                .unwrap();
        assert_eq!(d.summary.status, ReferralStatus::Closed, "{l}");
        assert_eq!(d.summary.closure, Some(Closure::Cancelled), "{l}");
        assert!(
            d.close_reason
                .as_deref()
                .unwrap()
                .contains("The order ended on 1 March 2026"),
            "{l}: {:?}",
            d.close_reason
        );
        // The provider's access to him ended with it; the others are untouched.
        assert!(
            p.w.app
                .partners()
                .referral(&p.drugs, ended, referrals[0])
                .await
                .is_err(),
            "{l}"
        );
        for (who, id, rid) in [
            ("running", running, referrals[1]),
            ("voluntary", voluntary, referrals[2]),
        ] {
            let d = p.w.app.partners().referral(&p.w.om, id, rid).await.unwrap();
            assert!(d.summary.status.is_open(), "{l}: {who}");
        }
        // A second run finds nothing to do.
        let again =
            p.w.app
                .partners()
                .end_referrals_after_orders(&spo)
                .await
                .unwrap();
        assert_eq!(again.referrals, 0, "{l}");
        assert_chain_intact(&p.w).await;
    }
}

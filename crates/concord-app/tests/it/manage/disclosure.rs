//! A MAPPA disclosure recorded by the police with its test, the recipient audited.

use concord_app::*;

use super::{codes, mr_d};
use crate::support::*;

fn disclosure_to_new_partner() -> DisclosureForm {
    DisclosureForm {
        recipient: "Karen (new partner)".into(),
        recipient_role: "new partner".into(),
        what: "His convictions for false imprisonment and threats to kill a former partner".into(),
        sections: vec!["convictions".into()],
        lawful_basis: "Common-law power to disclose to prevent crime".into(),
        necessary: "yes".into(),
        proportionate: "yes".into(),
        reasons:
            "He has begun a relationship with her; she and her children are at risk of serious harm"
                .into(),
        person_told: "yes".into(),
        told_detail: "Told by his offender manager before the disclosure".into(),
        undertaking_given: true,
        disclosed_on: "9/3/2026".into(),
    }
}

#[tokio::test]
async fn the_police_record_a_mappa_disclosure_with_its_test_and_the_recipient_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;
        allocate(&w, &w.om, d, &w.ppo, "public_protection_officer").await;

        // Probation may not make the disclosure: the police do.
        let e = w
            .app
            .manage()
            .record_disclosure(&w.om, d, &disclosure_to_new_partner())
            .await
            .unwrap_err();
        assert!(
            codes(e).iter().any(|(_, c)| *c == "discloser_not_police"),
            "{}",
            t.label
        );

        // Every gap in the test is named; nothing is stored.
        let mut bad = disclosure_to_new_partner();
        bad.proportionate = "no".into();
        bad.reasons = " ".into();
        bad.sections = vec![];
        let got = codes(
            w.app
                .manage()
                .record_disclosure(&w.ppo, d, &bad)
                .await
                .unwrap_err(),
        );
        for expected in ["not_proportionate", "reasons_required"] {
            assert!(
                got.iter().any(|(_, c)| *c == expected),
                "{}: {expected} in {got:?}",
                t.label
            );
        }
        assert!(
            got.contains(&("sections".into(), "required")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            w.app
                .manage()
                .disclosures(&w.ppo, d)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );

        // A restricted section is never disclosed.
        let mut victim = disclosure_to_new_partner();
        victim.sections = vec!["victim".into()];
        assert!(
            matches!(
                w.app.manage().record_disclosure(&w.ppo, d, &victim).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );

        let id = w
            .app
            .manage()
            .record_disclosure(&w.ppo, d, &disclosure_to_new_partner())
            .await
            .unwrap();
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.outcome.as_str()),
            ("disclosure", "allowed"),
            "{}",
            t.label
        );
        let list = w.app.manage().disclosures(&w.om, d).await.unwrap();
        assert_eq!(
            (list[0].id, list[0].recipient.as_str()),
            (id, "Karen (new partner)"),
            "{}",
            t.label
        );
        assert!(
            w.app.manage().disclosures(&w.housing, d).await.is_err(),
            "{}",
            t.label
        );
    }
}

//! A plan's versions under the four pillars, with the licence in force's conditions.

use concord_app::*;
use concord_licence::LicenceAction;

use super::{fields, mr_d, plan};
use crate::support::*;

#[tokio::test]
async fn a_plan_keeps_every_version_and_pulls_in_the_licence_in_force() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;

        // Every blank part of the plan is named; nothing is saved.
        let got = fields(
            w.app
                .plans()
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
        let view = w.app.plans().mappa_plan(&w.om, d).await.unwrap();
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
            .plans()
            .save_mappa_plan(&w.om, d, &plan("first"))
            .await
            .unwrap();
        let second = w
            .app
            .plans()
            .save_mappa_plan(&w.om, d, &plan("second"))
            .await
            .unwrap();
        let view = w.app.plans().mappa_plan(&w.om, d).await.unwrap();
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
        let from = w
            .app
            .manage()
            .licences(&w.om, d)
            .await
            .unwrap()
            .from_sentence;
        w.app
            .manage()
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
            w.app
                .plans()
                .mappa_plan(&w.om, d)
                .await
                .unwrap()
                .licence
                .is_none(),
            "{}: a draft is not in force",
            t.label
        );
        let v = w.app.manage().licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .manage()
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Submit, "")
            .await
            .unwrap();
        let v = w.app.manage().licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .manage()
            .act_on_licence(&spo, d, v.id, v.version, LicenceAction::Approve, "")
            .await
            .unwrap();
        let approved = w
            .app
            .plans()
            .mappa_plan(&w.om, d)
            .await
            .unwrap()
            .licence
            .unwrap();
        assert_eq!(approved.status, "approved, not yet active", "{}", t.label);
        let v = w.app.manage().licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .manage()
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Activate, "")
            .await
            .unwrap();
        let licence = w
            .app
            .plans()
            .mappa_plan(&w.om, d)
            .await
            .unwrap()
            .licence
            .unwrap();
        assert_eq!(licence.status, "active", "{}", t.label);
        assert_eq!(
            licence.conditions.len(),
            v.conditions.len(),
            "{}: every condition",
            t.label
        );
        assert_eq!(licence.conditions[0].1, v.conditions[0].text, "{}", t.label);
        // Never copied into the plan's own text.
        let current = w.app.plans().mappa_plan(&w.om, d).await.unwrap();
        assert!(
            !current.versions[0]
                .monitoring_and_control
                .contains(&v.conditions[0].text),
            "{}",
            t.label
        );

        // Someone with no part in the case is refused, and the refusal audited.
        assert!(
            w.app.plans().mappa_plan(&w.housing, d).await.is_err(),
            "{}",
            t.label
        );
        let refused = last_audit(w.app.db()).await;
        assert_eq!(refused.outcome, "denied", "{}", t.label);
        assert!(
            w.app
                .plans()
                .save_mappa_plan(&w.housing, d, &plan("third"))
                .await
                .is_err(),
            "{}",
            t.label
        );
        assert_eq!(
            w.app
                .plans()
                .mappa_plan(&w.om, d)
                .await
                .unwrap()
                .versions
                .len(),
            2,
            "{}",
            t.label
        );
    }
}

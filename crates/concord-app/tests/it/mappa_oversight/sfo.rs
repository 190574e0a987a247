//! A serious further offence: its MAPPA N deadline, the chair's decision, the SCR export.

use concord_app::*;

use super::{active, case, last_purpose_and_recipient, mappa_staff, seed_spell, sfo};
use crate::support::*;

#[tokio::test]
async fn an_sfo_has_its_mappa_n_deadline_and_only_the_chair_decides_the_review() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let m = mappa_staff(&w).await;
        let d = case(&w, "Darren").await;
        seed_spell(&w, d, active("CATEGORY_2", "LEVEL_2", ymd(2025, 6, 1))).await;
        w.app
            .people()
            .record_event(
                &w.om,
                d,
                &event("contact", ymd(2026, 2, 20), "Reported as instructed"),
            )
            .await
            .unwrap();

        // Every problem is named and nothing is saved.
        let e = w
            .app
            .oversight()
            .record_sfo(&m.coordinator, d, &sfo(" ", "11/3/2026"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("charged_on".into(), "date_in_future"),
                ("offence".into(), "required")
            ],
            "{}",
            t.label
        );
        let e = w
            .app
            .oversight()
            .record_sfo(&m.coordinator, d, &sfo("Robbery", "1/5/2025"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("charged_on".into(), "outside_mappa")],
            "{}",
            t.label
        );
        assert!(
            w.app
                .oversight()
                .sfos(&m.coordinator, d)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );

        // Charged on 2 March: MAPPA N due five days later, overdue on 10 March.
        let id = w
            .app
            .oversight()
            .record_sfo(&m.coordinator, d, &sfo("Wounding with intent", "2/3/2026"))
            .await
            .unwrap();
        let got = w.app.oversight().sfos(&m.coordinator, d).await.unwrap();
        assert_eq!(
            (
                got[0].notification_due_on,
                got[0].notification_overdue,
                got[0].scr_decision.code()
            ),
            (ymd(2026, 3, 7), true, "pending"),
            "{}",
            t.label
        );
        let e = w
            .app
            .oversight()
            .record_sfo_notified(&m.coordinator, d, id, "1/3/2026")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("notified_on".into(), "before_charge")],
            "{}",
            t.label
        );
        w.app
            .oversight()
            .record_sfo_notified(&m.coordinator, d, id, "6/3/2026")
            .await
            .unwrap();
        let got = w.app.oversight().sfos(&m.coordinator, d).await.unwrap();
        assert_eq!(
            (got[0].notified_on, got[0].notification_overdue),
            (Some(ymd(2026, 3, 6)), false),
            "{}",
            t.label
        );

        // No export before the chair decides a review is held.
        let e = w.app.oversight().scr_export(&m.chair, d).await.unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("sfo".into(), "no_review")],
            "{}",
            t.label
        );

        // The coordinator may not decide the review: refused and audited.
        let decision = ScrDecisionForm {
            decision: "review".into(),
            rationale: "Level 2 case; learning for the agencies involved".into(),
        };
        let e = w
            .app
            .oversight()
            .decide_scr(&m.coordinator, d, id, &decision)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Denied { .. }), "{}: {e:?}", t.label);
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.person_id),
            ("denied", Some(d.0)),
            "{}",
            t.label
        );
        let e = w
            .app
            .oversight()
            .decide_scr(
                &m.chair,
                d,
                id,
                &ScrDecisionForm {
                    decision: "maybe".into(),
                    rationale: String::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("decision".into(), "required"),
                ("rationale".into(), "required")
            ],
            "{}",
            t.label
        );
        w.app
            .oversight()
            .decide_scr(&m.chair, d, id, &decision)
            .await
            .unwrap();
        assert!(
            matches!(
                w.app
                    .oversight()
                    .decide_scr(&m.chair, d, id, &decision)
                    .await,
                Err(AppError::Conflict)
            ),
            "{}",
            t.label
        );

        // The SCR export: chronology, decisions and the SFO, audited as an export for a
        // serious case review. The offender manager does not run MAPPA: refused.
        let export = w
            .app
            .oversight()
            .scr_export(&m.coordinator, d)
            .await
            .unwrap();
        assert_eq!(export.bundle.chronology.len(), 1, "{}", t.label);
        assert_eq!(
            export.bundle.serious_further_offences[0]
                .scr_decision
                .code(),
            "review",
            "{}",
            t.label
        );
        assert_eq!(export.bundle.victims, None, "{}", t.label);
        assert!(export.json.contains("Wounding with intent"), "{}", t.label);
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.action.as_str()),
            ("disclosure", "export"),
            "{}",
            t.label
        );
        assert_eq!(
            last_purpose_and_recipient(w.app.db()).await.0.as_deref(),
            Some("serious case review"),
            "{}",
            t.label
        );
        assert!(
            matches!(
                w.app.oversight().scr_export(&w.om, d).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

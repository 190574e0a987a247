//! Partners see no risk section; only service accounts use the calculators.

use concord_app::*;

use super::dean;
use crate::support::*;

#[tokio::test]
async fn partners_see_no_risk_section_and_only_service_accounts_compute() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dean = dean(&w).await;
        let denied = w
            .app
            .assess()
            .risk_history(&w.housing, dean)
            .await
            .unwrap_err();
        assert!(
            matches!(denied, AppError::Denied { .. } | AppError::NotFound),
            "{}: {denied:?}",
            t.label
        );
        assert!(
            w.app
                .assess()
                .start_risk_review(&w.housing, dean)
                .await
                .is_err(),
            "{}",
            t.label
        );
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            refused.outcome, "denied",
            "{}: the attempt is audited",
            t.label
        );

        let request: concord_risk::RiskScoreRequest = serde_json::from_value(serde_json::json!({
            "gender": "MALE", "date_of_birth": "1990-06-15",
            "date_of_current_conviction": "2025-08-01",
            "date_at_start_of_followup_calculated": "2026-02-01",
            "total_number_of_sanctions_for_all_offences": 3, "age_at_first_sanction": 17,
            "current_offence_code": "00800"
        }))
        .unwrap();
        assert!(
            matches!(
                w.app.assess().compute_risk_scores(&w.om, &request).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        let service = add_staff(&w, "svc.oasys", "OASys bridge", "PRB", "risk_service").await;
        let scores = w
            .app
            .assess()
            .compute_risk_scores(&service, &request)
            .await
            .unwrap();
        assert_eq!(scores.ogrs3.output.two_year_score, Some(17), "{}", t.label);
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.person_id, audited.outcome.as_str()),
            (None, "allowed"),
            "{}",
            t.label
        );
        // The service account reads no record.
        assert!(
            w.app.people().view_person(&service, dean).await.is_err(),
            "{}",
            t.label
        );
    }
}

//! The review and the compute-only API are one engine: the RSR an officer sees on a review
//! is exactly what `POST /api/v1/risk-scores` answers for the request the review read, and
//! a predictor that does not apply reads "Not applicable", never a low score.

use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

/// A man with no sexual offending history: theft, then wounding; released in February.
async fn ewan(w: &World) -> PersonId {
    let mut input = person("Ewan", "Marsh", ymd(1988, 3, 2));
    input.offences = vec![
        offence("03800", "Theft from a shop", (2009, 1, 10), (2009, 3, 1)),
        offence("00800", "Wounding with intent", (2025, 5, 1), (2025, 8, 1)),
    ];
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "18 months".into(),
        start_date: DateInput::from_date(ymd(2025, 8, 1)),
        end_date: DateInput::from_date(ymd(2027, 2, 1)),
        release_date: DateInput::from_date(ymd(2026, 2, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 2, 1)),
        term: String::new(),
    }];
    let id = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

#[tokio::test]
async fn the_reviews_rsr_is_the_apis_and_not_applicable_is_shown_as_such() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let ewan = ewan(&w).await;
        let id = w.app.assess().start_risk_review(&w.om, ewan).await.unwrap();
        let review = w.app.assess().risk_review(&w.om, ewan, id).await.unwrap();
        let request: concord_risk::RiskScoreRequest =
            serde_json::from_value(review.request_json.clone())
                .unwrap_or_else(|e| panic!("{}: the review's request: {e}", t.label));
        let service = add_staff(&w, "svc.oasys", "OASys bridge", "PRB", "risk_service").await;
        let api = w
            .app
            .assess()
            .compute_risk_scores(&service, &request)
            .await
            .unwrap();
        let api = serde_json::to_value(&api).unwrap();
        // Every predictor, not only RSR: one engine, one answer.
        for key in ["ogrs3", "ovp", "ogp", "osp_dc", "osp_iic", "snsv", "rsr"] {
            assert_eq!(review.scores_json[key], api[key], "{}: {key}", t.label);
        }
        // No sexual history: both sexual predictors do not apply, with 0.0 as the service
        // writes it, and RSR is the serious-violence score alone.
        for key in ["osp_dc", "osp_iic"] {
            assert_eq!(
                api[key]["output"]["band"], "NOT_APPLICABLE",
                "{}: {key}",
                t.label
            );
            assert_eq!(api[key]["output"]["score"], 0.0, "{}: {key}", t.label);
            let view = review.scores.iter().find(|p| p.key == key).unwrap();
            assert_eq!(
                view.headline.as_deref(),
                Some("Not applicable"),
                "{}",
                t.label
            );
            assert!(
                view.title().ends_with(": Not applicable"),
                "{}",
                view.title()
            );
            assert_eq!(view.value, None, "{}: not charted as a 0", t.label);
        }
        let rsr = &api["rsr"]["output"];
        let snsv = api["snsv"]["output"]["score"]
            .as_f64()
            .unwrap_or_else(|| panic!("{}: SNSV from the record: {}", t.label, api["snsv"]));
        assert_eq!(rsr["overall_score"].as_f64(), Some(snsv), "{}", t.label);
        assert_eq!(
            api["rsr"]["output"]["component_scores"]["direct_contact_sexual_predictor_score"]
                ["algorithm"],
            "OSPDC",
            "{}",
            t.label
        );
        // SNSV has no band: its card shows the figure alone.
        let snsv = review.scores.iter().find(|p| p.key == "snsv").unwrap();
        assert_eq!(snsv.band, None, "{}", t.label);
        assert!(!snsv.title().contains('–'), "{}", snsv.title());
    }
}

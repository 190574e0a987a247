//! The JSON produced is exactly the shape of the MoJ service's answer (predictor-api.md,
//! with the service's names): every key present, in the service's order.

use serde_json::{json, Value};

use super::*;
use crate::compute;
use crate::conformance::Json;

/// The keys of an object, in the order they were written.
fn keys(v: &Json) -> Vec<&str> {
    match v {
        Json::Object(fields) => fields.iter().map(|(k, _)| k.as_str()).collect(),
        other => panic!("not an object: {other}"),
    }
}

fn at<'a>(v: &'a Json, key: &str) -> &'a Json {
    v.get(key).unwrap_or_else(|| panic!("no {key} in {v}"))
}

/// `score_type` is the `type` expected; `None` when it must be null.
fn assert_predictor(p: &Json, algorithm: &str, score_type: Option<&str>, output: &[&str]) {
    assert_eq!(
        keys(p),
        [
            "algorithm",
            "type",
            "model_version",
            "thresholds_version",
            "output",
            "feature_values",
            "validation_errors"
        ]
    );
    assert_eq!(at(p, "algorithm"), &Json::String(algorithm.to_owned()));
    let expected_type = score_type.map_or(Json::Null, |t| Json::String(t.to_owned()));
    assert_eq!(at(p, "type"), &expected_type, "{algorithm}");
    assert_eq!(at(p, "model_version"), &Json::String("1.0".to_owned()));
    assert_eq!(at(p, "thresholds_version"), &Json::String("1.0".to_owned()));
    assert_eq!(keys(at(p, "output")), output, "{algorithm}");
    let Json::Object(features) = at(p, "feature_values") else {
        panic!("{algorithm}: feature_values is not an object");
    };
    assert!(features.iter().all(|(_, v)| matches!(v, Json::Number(_))));
    let Json::Array(errors) = at(p, "validation_errors") else {
        panic!("{algorithm}: validation_errors is not a list");
    };
    for e in errors {
        assert_eq!(keys(e), ["type", "message", "fields"]);
    }
}

const OSP_DC: [&str; 6] = [
    "band",
    "point_score",
    "score",
    "female_version",
    "has_sexual_offence_history",
    "risk_band_reduction_applied",
];
const OSP_IIC: [&str; 4] = [
    "band",
    "score",
    "female_version",
    "has_sexual_offence_history",
];

/// `snsv_type`: SNSV's `type`, the only one that varies (null when SNSV was not scored).
fn assert_shape(v: &Json, snsv_type: Option<&str>) {
    assert_eq!(
        keys(v),
        ["ogrs3", "ovp", "ogp", "osp_dc", "osp_iic", "snsv", "rsr"]
    );
    assert_predictor(
        at(v, "ogrs3"),
        "OGRS3",
        Some("STATIC"),
        &["band", "one_year_score", "two_year_score"],
    );
    assert_predictor(
        at(v, "ovp"),
        "OVP",
        Some("DYNAMIC"),
        &["band", "one_year_score", "two_year_score", "point_score"],
    );
    // OGP's total is written `point_score`, as the service writes it.
    assert_predictor(
        at(v, "ogp"),
        "OGP",
        Some("DYNAMIC"),
        &["band", "one_year_score", "two_year_score", "point_score"],
    );
    assert_predictor(at(v, "osp_dc"), "OSPDC", Some("STATIC"), &OSP_DC);
    assert_predictor(at(v, "osp_iic"), "OSPIIC", Some("STATIC"), &OSP_IIC);
    assert_predictor(at(v, "snsv"), "SNSV", snsv_type, &["band", "score"]);
    assert_predictor(
        at(v, "rsr"),
        "RSR",
        Some("COMBINED"),
        &[
            "band",
            "overall_score",
            "female_version",
            "has_sexual_offence_history",
            "component_scores",
        ],
    );
    let c = at(at(at(v, "rsr"), "output"), "component_scores");
    assert_eq!(
        keys(c),
        [
            "direct_contact_sexual_predictor_score",
            "indirect_contact_sexual_predictor_score",
            "serious_violence_predictor_score"
        ]
    );
    // The components are the very objects reported at the top level.
    assert_eq!(
        at(c, "direct_contact_sexual_predictor_score"),
        at(v, "osp_dc")
    );
    assert_eq!(
        at(c, "indirect_contact_sexual_predictor_score"),
        at(v, "osp_iic")
    );
    assert_eq!(at(c, "serious_violence_predictor_score"), at(v, "snsv"));
}

#[test]
fn a_full_request_produces_the_documented_shape_and_values() {
    let response = compute(&man());
    assert_shape(&Json::of(&response).unwrap(), Some("DYNAMIC"));
    let v = serde_json::to_value(&response).unwrap();
    // The OGRS3 worked case: copas round5(ln(3/19)) × 1.25112 = −1.84583 × 1.25112.
    assert_eq!(
        v["ogrs3"],
        json!({
            "algorithm": "OGRS3",
            "type": "STATIC",
            "model_version": "1.0",
            "thresholds_version": "1.0",
            "output": { "band": "LOW", "one_year_score": 15, "two_year_score": 26 },
            "feature_values": {
                "age_gender_score": -1.326,
                "conviction_status_score": 0.46306,
                "copas_score": -1.84583 * 1.25112,
                "offence_group_parameter": 0.0
            },
            "validation_errors": []
        })
    );
    // No sexual history: not applicable, with 0.0 (not null, not low).
    assert_eq!(
        v["osp_dc"]["output"],
        json!({
            "band": "NOT_APPLICABLE",
            "point_score": null,
            "score": 0.0,
            "female_version": false,
            "has_sexual_offence_history": false,
            "risk_band_reduction_applied": null
        })
    );
    assert_eq!(v["osp_iic"]["output"]["band"], "NOT_APPLICABLE");
    assert_eq!(v["osp_iic"]["output"]["score"], 0.0);
    assert_eq!(v["snsv"]["output"]["band"], Value::Null);
    assert_eq!(v["snsv"]["output"]["score"], 0.35);
    // Only OGRS3, OSP-DC and SNSV report feature values (none for OSP-DC here).
    for p in ["ovp", "ogp", "osp_dc", "osp_iic", "rsr"] {
        assert_eq!(v[p]["feature_values"], json!({}), "{p}");
    }
    assert_eq!(v["snsv"]["feature_values"].as_object().unwrap().len(), 24);
    assert_eq!(v["rsr"]["output"]["overall_score"], 0.35);
}

#[test]
fn an_empty_request_gives_nulls_and_reasons_for_every_predictor() {
    let response = compute(&RiskScoreRequest::default());
    assert_shape(&Json::of(&response).unwrap(), None);
    let v = serde_json::to_value(&response).unwrap();
    for p in ["ogrs3", "ogp", "ovp", "osp_dc", "osp_iic", "snsv", "rsr"] {
        let output = v[p]["output"].as_object().unwrap();
        assert!(
            output
                .iter()
                .filter(|(k, _)| *k != "component_scores")
                .all(|(_, value)| value.is_null()),
            "{p}: {output:?}"
        );
        assert!(
            !v[p]["validation_errors"].as_array().unwrap().is_empty(),
            "{p}"
        );
        assert_eq!(v[p]["feature_values"], json!({}));
    }
    assert_eq!(
        v["ogrs3"]["validation_errors"][0],
        json!({
            "type": "MISSING_MANDATORY_INPUT",
            "message": "Mandatory input field(s) missing",
            "fields": [
                "gender",
                "date_of_birth",
                "date_of_current_conviction",
                "date_at_start_of_followup_calculated",
                "total_number_of_sanctions_for_all_offences",
                "age_at_first_sanction",
                "current_offence_code"
            ]
        })
    );
    assert_eq!(
        v["rsr"]["validation_errors"],
        json!([{
            "type": "COMPONENT_VALIDATION_ERROR",
            "message": "Validation error(s) in component scores",
            "fields": ["OSPDC", "OSPIIC", "SNSV"]
        }])
    );
}

#[test]
fn a_json_request_round_trips_through_compute() {
    let req: RiskScoreRequest = serde_json::from_value(json!({
        "version": "V1_0",
        "gender": "MALE",
        "date_of_birth": "1990-01-01",
        "date_of_current_conviction": "2019-06-01",
        "date_at_start_of_followup_calculated": "2020-01-01",
        "total_number_of_sanctions_for_all_offences": 3,
        "age_at_first_sanction": 20,
        "current_offence_code": "00100",
        "an_unknown_field": true
    }))
    .unwrap();
    let v = serde_json::to_value(compute(&req)).unwrap();
    assert_eq!(v["ogrs3"]["output"]["two_year_score"], 26);
    assert_eq!(v["ogp"]["output"]["two_year_score"], Value::Null);
}

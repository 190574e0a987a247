//! The JSON produced is exactly the shape of predictor-api.md.

use serde_json::{json, Value};

use super::*;
use crate::compute;

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn sorted(mut k: Vec<&str>) -> Vec<&str> {
    k.sort_unstable();
    k
}

fn assert_predictor(p: &Value, algorithm: &str, output: &[&str]) {
    assert_eq!(
        keys(p),
        sorted(vec![
            "algorithm",
            "type",
            "model_version",
            "thresholds_version",
            "output",
            "feature_values",
            "validation_errors"
        ])
    );
    assert_eq!(p["algorithm"], algorithm);
    assert_eq!(p["model_version"], "1.0");
    assert_eq!(p["thresholds_version"], "1.0");
    assert!(["STATIC", "DYNAMIC", "COMBINED"].contains(&p["type"].as_str().unwrap()));
    assert_eq!(keys(&p["output"]), sorted(output.to_vec()));
    assert!(p["feature_values"]
        .as_object()
        .unwrap()
        .values()
        .all(Value::is_number));
    for e in p["validation_errors"].as_array().unwrap() {
        assert_eq!(keys(e), ["fields", "message", "type"]);
    }
}

fn assert_shape(v: &Value) {
    assert_eq!(
        keys(v),
        ["ogp", "ogrs3", "osp_dc", "osp_iic", "ovp", "rsr", "snsv"]
    );
    assert_predictor(
        &v["ogrs3"],
        "OGRS3",
        &["band", "one_year_score", "two_year_score"],
    );
    assert_predictor(
        &v["ogp"],
        "OGP",
        &[
            "band",
            "one_year_score",
            "two_year_score",
            "total_ogp_score",
        ],
    );
    assert_predictor(
        &v["ovp"],
        "OVP",
        &["band", "one_year_score", "two_year_score", "point_score"],
    );
    let osp_dc = [
        "band",
        "point_score",
        "score",
        "female_version",
        "has_sexual_offence_history",
        "risk_band_reduction_applied",
    ];
    let osp_iic = [
        "band",
        "score",
        "female_version",
        "has_sexual_offence_history",
    ];
    assert_predictor(&v["osp_dc"], "OSP_DC", &osp_dc);
    assert_predictor(&v["osp_iic"], "OSP_IIC", &osp_iic);
    assert_predictor(&v["snsv"], "SNSV", &["band", "score"]);
    assert_predictor(
        &v["rsr"],
        "RSR",
        &[
            "band",
            "overall_score",
            "female_version",
            "has_sexual_offence_history",
            "component_scores",
        ],
    );
    let c = &v["rsr"]["output"]["component_scores"];
    assert_eq!(
        keys(c),
        [
            "direct_contact_sexual_predictor_score",
            "indirect_contact_sexual_predictor_score",
            "serious_violence_predictor_score"
        ]
    );
    assert_predictor(
        &c["serious_violence_predictor_score"],
        "SNSV",
        &["band", "score"],
    );
    assert_predictor(
        &c["direct_contact_sexual_predictor_score"],
        "OSP_DC",
        &osp_dc,
    );
    assert_predictor(
        &c["indirect_contact_sexual_predictor_score"],
        "OSP_IIC",
        &osp_iic,
    );
}

#[test]
fn a_full_request_produces_the_documented_shape_and_values() {
    let v = serde_json::to_value(compute(&man())).unwrap();
    assert_shape(&v);
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
                "copas_score": 1.25112 * (3.0_f64 / 19.0).ln(),
                "offence_group_parameter": 0.0
            },
            "validation_errors": []
        })
    );
    assert_eq!(v["osp_dc"]["output"]["band"], "NOT_APPLICABLE");
    assert_eq!(v["osp_dc"]["output"]["score"], Value::Null);
    assert_eq!(v["snsv"]["type"], "DYNAMIC");
    assert_eq!(v["rsr"]["type"], "COMBINED");
}

#[test]
fn an_empty_request_gives_nulls_and_reasons_for_every_predictor() {
    let v = serde_json::to_value(compute(&RiskScoreRequest::default())).unwrap();
    assert_shape(&v);
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
        v["rsr"]["validation_errors"][0]["type"],
        "COMPONENT_VALIDATION_ERROR"
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

//! Scores as pages show them: each predictor's headline, band, every feature that went
//! into it (the explanation) and why it could not be computed. Read from the predictors'
//! JSON, so a signed review shows exactly what was signed, whatever later versions do.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The predictors in the order the result page shows them, with their names.
pub const PREDICTORS: [(&str, &str, &str); 7] = [
    (
        "ogrs3",
        "OGRS3",
        "Proven reoffending within two years (Offender Group Reconviction Scale)",
    ),
    (
        "ogp",
        "OGP",
        "Non-violent reoffending (OASys General reoffending Predictor)",
    ),
    (
        "ovp",
        "OVP",
        "Violent reoffending (OASys Violence Predictor)",
    ),
    (
        "rsr",
        "RSR",
        "Serious reoffending (Risk of Serious Recidivism)",
    ),
    ("snsv", "SNSV", "Serious non-sexual violence (part of RSR)"),
    (
        "osp_dc",
        "OSP-DC",
        "Direct-contact sexual reoffending (part of RSR)",
    ),
    (
        "osp_iic",
        "OSP-IIC",
        "Indecent images and indirect contact (part of RSR)",
    ),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// The factor in words ("Rate of offending (Copas rate)").
    pub name: String,
    /// What it stands for, for a reader who does not know the model.
    pub explanation: &'static str,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictorView {
    pub key: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// STATIC, DYNAMIC or COMBINED.
    pub score_type: String,
    pub model_version: String,
    pub band: Option<String>,
    /// The score people quote, e.g. "37%" (2-year) or "4.21%"; `None` when not computed.
    pub headline: Option<String>,
    /// The headline as a number, for charts.
    pub value: Option<f64>,
    /// Every output value, e.g. ("one_year_score", "23").
    pub outputs: Vec<(String, String)>,
    pub features: Vec<Feature>,
    pub problems: Vec<Problem>,
}

impl PredictorView {
    pub fn band_label(&self) -> &str {
        match self.band.as_deref() {
            Some("LOW") => "Low",
            Some("MEDIUM") => "Medium",
            Some("HIGH") => "High",
            Some("VERY_HIGH") => "Very high",
            Some("NOT_APPLICABLE") => "Not applicable",
            // SNSV has no bands: a score without one is still a score.
            None if self.headline.is_some() => "",
            _ => "Not computed",
        }
    }

    /// Whether the predictor gave a figure (a "not applicable" is an answer too).
    pub fn computed(&self) -> bool {
        self.headline.is_some()
    }

    /// "OGRS3: 37% – Medium", "SNSV: 1.80%", "OSP-DC: Not applicable".
    pub fn title(&self) -> String {
        // One state: a score (with its band), or not computed and why below.
        let Some(headline) = self.headline.as_deref() else {
            return format!("{}: not computed yet", self.name);
        };
        match self.band_label() {
            "" => format!("{}: {headline}", self.name),
            band if band == headline => format!("{}: {headline}", self.name),
            band => format!("{}: {headline} – {band}", self.name),
        }
    }

    /// The largest feature magnitude, to draw the explanation's bars to scale.
    pub fn largest_feature(&self) -> f64 {
        self.features
            .iter()
            .map(|f| f.value.abs())
            .fold(0.0, f64::max)
            .max(1e-9)
    }
}

/// The headline output of each predictor and whether it is a whole percentage.
fn headline_field(key: &str) -> (&'static str, bool) {
    match key {
        "ogrs3" | "ogp" | "ovp" => ("two_year_score", true),
        "rsr" => ("overall_score", false),
        _ => ("score", false),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// Every predictor of a risk-scores response (concord-risk's JSON) as views.
pub fn predictor_views(scores: &Value) -> Vec<PredictorView> {
    PREDICTORS
        .iter()
        .filter_map(|(key, name, description)| {
            let p = scores.get(*key)?;
            let output = p.get("output").cloned().unwrap_or(Value::Null);
            let (field, whole) = headline_field(key);
            // Not applicable is not a low score: the service's 0.0 is not shown as a figure.
            let not_applicable =
                output.get("band").and_then(Value::as_str) == Some("NOT_APPLICABLE");
            let value = output
                .get(field)
                .and_then(Value::as_f64)
                .filter(|_| !not_applicable);
            let headline = if not_applicable {
                Some("Not applicable".to_owned())
            } else {
                value.map(|v| {
                    if whole {
                        format!("{v:.0}%")
                    } else {
                        format!("{v:.2}%")
                    }
                })
            };
            let outputs = output
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, _)| *k != "component_scores")
                        .map(|(k, v)| (k.clone(), text(v)))
                        .collect()
                })
                .unwrap_or_default();
            let features = p
                .get("feature_values")
                .and_then(Value::as_object)
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| {
                            v.as_f64().map(|value| {
                                let (name, explanation) = super::labels::factor(k);
                                Feature {
                                    name,
                                    explanation,
                                    value,
                                }
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let problems = p
                .get("validation_errors")
                .and_then(Value::as_array)
                .map(|errors| {
                    errors
                        .iter()
                        .map(|e| Problem {
                            code: e.get("type").map(text).unwrap_or_default(),
                            message: e.get("message").map(text).unwrap_or_default(),
                            fields: e
                                .get("fields")
                                .and_then(Value::as_array)
                                .map(|f| f.iter().map(text).collect())
                                .unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(PredictorView {
                key,
                name,
                description,
                score_type: p.get("type").map(text).unwrap_or_default(),
                model_version: p.get("model_version").map(text).unwrap_or_default(),
                band: output
                    .get("band")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                headline,
                value,
                outputs,
                features,
                problems,
            })
        })
        .collect()
}

/// The legacy tier as stored (concord-risk's `LegacyTier` JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierView {
    pub code: String,
    pub protect_level: String,
    pub protect_points: u32,
    pub change_level: u8,
    pub change_points: Option<u32>,
}

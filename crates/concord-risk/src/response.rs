//! The response of `POST /api/v1/risk-scores`: one [`PredictorResult`] per predictor, in
//! the shape of predictor-api.md. Outputs keep every field and write `null` when a value
//! cannot be computed, so a client can always read the same keys.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::validation::ValidationError;

/// Version of every model's coefficients and of its band thresholds, as the MoJ service
/// reports them for the OASys-era predictors.
pub const MODEL_VERSION: &str = "1.0";
pub const THRESHOLDS_VERSION: &str = "1.0";

/// Which predictor a result is, named exactly as the MoJ service writes it (`OSPDC`, not
/// `OSP_DC`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Algorithm {
    #[serde(rename = "OGRS3")]
    Ogrs3,
    #[serde(rename = "OGP")]
    Ogp,
    #[serde(rename = "OVP")]
    Ovp,
    #[serde(rename = "OSPDC")]
    OspDc,
    #[serde(rename = "OSPIIC")]
    OspIic,
    #[serde(rename = "SNSV")]
    Snsv,
    #[serde(rename = "RSR")]
    Rsr,
}

impl Algorithm {
    /// The name as written in responses and in `COMPONENT_VALIDATION_ERROR` fields.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ogrs3 => "OGRS3",
            Self::Ogp => "OGP",
            Self::Ovp => "OVP",
            Self::OspDc => "OSPDC",
            Self::OspIic => "OSPIIC",
            Self::Snsv => "SNSV",
            Self::Rsr => "RSR",
        }
    }
}

/// Static models use history only; dynamic ones also OASys need answers; combined is RSR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScoreType {
    Static,
    Dynamic,
    Combined,
}

/// Risk band of a predictor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Band {
    NotApplicable,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Band {
    /// One band down, as the OSP-DC risk-band reduction applies it.
    pub fn reduced(self) -> Self {
        match self {
            Self::VeryHigh => Self::High,
            Self::High => Self::Medium,
            Self::Medium | Self::Low => Self::Low,
            Self::NotApplicable => Self::NotApplicable,
        }
    }
}

/// The named numbers that went into a score, in the order they were added, so that a
/// reader can see which factor contributed how much. Serialised as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeatureValues(Vec<(&'static str, f64)>);

impl FeatureValues {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a term and returns it, so a sum can be built while recording its parts.
    pub fn add(&mut self, name: &'static str, value: f64) -> f64 {
        self.0.push((name, value));
        value
    }

    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        self.0.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The sum of every value: for the additive models, the linear score.
    pub fn sum(&self) -> f64 {
        self.0.iter().map(|(_, v)| v).sum()
    }
}

impl Serialize for FeatureValues {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One predictor's answer: `P` in predictor-api.md. `type` is fixed per predictor except
/// SNSV's, which is the model used and null when SNSV was not scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictorResult<O> {
    pub algorithm: Algorithm,
    #[serde(rename = "type")]
    pub score_type: Option<ScoreType>,
    pub model_version: &'static str,
    pub thresholds_version: &'static str,
    pub output: O,
    pub feature_values: FeatureValues,
    pub validation_errors: Vec<ValidationError>,
}

impl<O: Default> PredictorResult<O> {
    /// A result with every output null, for a predictor stopped by validation errors.
    pub fn not_computed(
        algorithm: Algorithm,
        score_type: Option<ScoreType>,
        validation_errors: Vec<ValidationError>,
    ) -> Self {
        Self::new(
            algorithm,
            score_type,
            O::default(),
            FeatureValues::new(),
            validation_errors,
        )
    }
}

impl<O> PredictorResult<O> {
    pub fn new(
        algorithm: Algorithm,
        score_type: Option<ScoreType>,
        output: O,
        feature_values: FeatureValues,
        validation_errors: Vec<ValidationError>,
    ) -> Self {
        Self {
            algorithm,
            score_type,
            model_version: MODEL_VERSION,
            thresholds_version: THRESHOLDS_VERSION,
            output,
            feature_values,
            validation_errors,
        }
    }
}

/// OGRS3 output: whole percentages.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ogrs3Output {
    pub band: Option<Band>,
    pub one_year_score: Option<u8>,
    pub two_year_score: Option<u8>,
}

/// OGP output: whole percentages and the integer total OGP score, which the service
/// writes as `point_score` (OGP and OVP share one output shape there).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OgpOutput {
    pub band: Option<Band>,
    pub one_year_score: Option<u8>,
    pub two_year_score: Option<u8>,
    pub point_score: Option<u32>,
}

/// OVP output: whole percentages and the integer point score.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OvpOutput {
    pub band: Option<Band>,
    pub one_year_score: Option<u8>,
    pub two_year_score: Option<u8>,
    pub point_score: Option<u32>,
}

/// OSP-DC output: `score` is a percentage to 2 dp; `point_score` is out of 64.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OspDcOutput {
    pub band: Option<Band>,
    pub point_score: Option<u32>,
    pub score: Option<f64>,
    pub female_version: Option<bool>,
    pub has_sexual_offence_history: Option<bool>,
    pub risk_band_reduction_applied: Option<bool>,
}

/// OSP-IIC output: `score` is a percentage to 2 dp.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OspIicOutput {
    pub band: Option<Band>,
    pub score: Option<f64>,
    pub female_version: Option<bool>,
    pub has_sexual_offence_history: Option<bool>,
}

/// SNSV output: `score` is a percentage to 2 dp.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SnsvOutput {
    pub band: Option<Band>,
    pub score: Option<f64>,
}

/// RSR output: `overall_score` is a percentage to 2 dp. The components are always present
/// (they say why RSR could not be computed when it could not).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RsrOutput {
    pub band: Option<Band>,
    pub overall_score: Option<f64>,
    pub female_version: Option<bool>,
    pub has_sexual_offence_history: Option<bool>,
    pub component_scores: RsrComponentScores,
}

/// The three predictors RSR adds up, in the service's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RsrComponentScores {
    pub direct_contact_sexual_predictor_score: PredictorResult<OspDcOutput>,
    pub indirect_contact_sexual_predictor_score: PredictorResult<OspIicOutput>,
    pub serious_violence_predictor_score: PredictorResult<SnsvOutput>,
}

/// Every predictor's answer to one request, in the order of the service's
/// `actuarialPredictors` (all, violent, non-violent, direct contact, indirect contact,
/// serious violence, serious).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskScoreResponse {
    pub ogrs3: PredictorResult<Ogrs3Output>,
    pub ovp: PredictorResult<OvpOutput>,
    pub ogp: PredictorResult<OgpOutput>,
    pub osp_dc: PredictorResult<OspDcOutput>,
    pub osp_iic: PredictorResult<OspIicOutput>,
    pub snsv: PredictorResult<SnsvOutput>,
    pub rsr: PredictorResult<RsrOutput>,
}

//! RSR, the Risk of Serious Recidivism: the sum of SNSV, OSP-DC and OSP-IIC
//! (hmpps-services.md §1.8).
//!
//! Readings of the published text:
//! - The sum adds the component percentages as reported (each already 2 dp), so a reader
//!   can check RSR from the components shown beside it; the sum is then rounded to 2 dp
//!   HALF_UP and clamped (≤ 0 → 0.0, ≥ 100 → 99.99).
//! - A `NOT_APPLICABLE` component (females, males without sexual history) adds nothing; a
//!   female with sexual offence history adds the fixed 0.383141762 % instead.
//! - The response type is `COMBINED`; the SNSV model used (static or dynamic) and whether
//!   the OSP-DC band was reduced are in the component results, since predictor-api.md's
//!   RSR output has no field for them.

use crate::response::{
    Algorithm, Band, FeatureValues, OspDcOutput, OspIicOutput, PredictorResult, RsrComponentScores,
    RsrOutput, ScoreType, SnsvOutput,
};
use crate::rounding::{clamp_percentage_2dp, round_half_up};
use crate::validation::{ValidationError, ValidationErrorType};

/// Fixed contribution, in percent, of sexual offending history for a female.
pub const FEMALE_SEXUAL_HISTORY_CONTRIBUTION: f64 = 0.383141762;

/// Combines the three components into RSR.
pub fn rsr(
    snsv: PredictorResult<SnsvOutput>,
    osp_dc: PredictorResult<OspDcOutput>,
    osp_iic: PredictorResult<OspIicOutput>,
) -> PredictorResult<RsrOutput> {
    let blocked: Vec<&[ValidationError]> = [
        (snsv.output.score.is_none(), &snsv.validation_errors),
        (osp_dc.output.band.is_none(), &osp_dc.validation_errors),
        (osp_iic.output.band.is_none(), &osp_iic.validation_errors),
    ]
    .into_iter()
    .filter(|(is_blocked, _)| *is_blocked)
    .map(|(_, errors)| errors.as_slice())
    .collect();
    let mut fields: Vec<&'static str> = Vec::new();
    for field in blocked
        .iter()
        .flat_map(|errors| errors.iter())
        .flat_map(|e| e.fields.iter())
    {
        if !fields.contains(field) {
            fields.push(field);
        }
    }
    let any_blocked = !blocked.is_empty();
    let female = osp_dc.output.female_version;
    let history = osp_dc.output.has_sexual_offence_history;
    let parts = (
        snsv.output.score,
        osp_dc.output.score.unwrap_or(0.0),
        osp_iic.output.score.unwrap_or(0.0),
    );
    let components = RsrComponentScores {
        serious_violence_predictor_score: snsv,
        direct_contact_sexual_predictor_score: osp_dc,
        indirect_contact_sexual_predictor_score: osp_iic,
    };
    let (Some(snsv_score), Some(female), Some(history), false) =
        (parts.0, female, history, any_blocked)
    else {
        return PredictorResult::new(
            Algorithm::Rsr,
            ScoreType::Combined,
            RsrOutput {
                band: None,
                overall_score: None,
                female_version: None,
                has_sexual_offence_history: None,
                component_scores: components,
            },
            FeatureValues::new(),
            vec![ValidationError::new(
                ValidationErrorType::ComponentValidationError,
                fields,
            )],
        );
    };
    let mut features = FeatureValues::new();
    features.add("serious_violence_predictor_score", snsv_score);
    features.add("direct_contact_sexual_predictor_score", parts.1);
    features.add("indirect_contact_sexual_predictor_score", parts.2);
    features.add(
        "female_sexual_offence_history_score",
        if female && history {
            FEMALE_SEXUAL_HISTORY_CONTRIBUTION
        } else {
            0.0
        },
    );
    let overall = clamp_percentage_2dp(round_half_up(features.sum(), 2));
    PredictorResult::new(
        Algorithm::Rsr,
        ScoreType::Combined,
        RsrOutput {
            band: Some(rsr_band(overall)),
            overall_score: Some(overall),
            female_version: Some(female),
            has_sexual_offence_history: Some(history),
            component_scores: components,
        },
        features,
        Vec::new(),
    )
}

/// RSR (and SNSV) band of a percentage: below 3.0 low, below 6.9 medium, else high.
pub fn rsr_band(score: f64) -> Band {
    if score < 3.0 {
        Band::Low
    } else if score < 6.9 {
        Band::Medium
    } else {
        Band::High
    }
}

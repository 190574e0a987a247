//! RSR, the Risk of Serious Recidivism: SNSV + OSP-DC + OSP-IIC (hmpps-services.md §1.8),
//! answering as the MoJ actuarial service did.
//!
//! - A component with any validation error (for SNSV: any but the non-blocking
//!   `MISSING_DYNAMIC_INPUT`) stops RSR: every output null and one
//!   `COMPONENT_VALIDATION_ERROR` whose fields name the components (`OSPDC`, `OSPIIC`,
//!   `SNSV`, in that order).
//! - A sexual section left empty, or a history "yes" with the offence sexually motivated
//!   and every count 0, gives null outputs and no error (only a woman reaches the second:
//!   for a man it is a component error).
//! - Otherwise the overall score adds the components' percentages as reported (a
//!   `NOT_APPLICABLE` component is 0.0) and, for a woman with sexual offending history,
//!   0.38 (the fixed 0.00383141762 as a percentage), rounds to 2 places and keeps it within
//!   0.0–99.99. Band: up to 3.0 low, below 6.9 medium, else high. `type` is `COMBINED`;
//!   there are no feature values.

use crate::request::{Gender, RiskScoreRequest};
use crate::response::{
    Algorithm, Band, FeatureValues, OspDcOutput, OspIicOutput, PredictorResult, RsrComponentScores,
    RsrOutput, ScoreType, SnsvOutput,
};
use crate::rounding::{clamp_percentage_2dp, percentage_2dp_unclamped, round_half_up};
use crate::validation::{ValidationError, ValidationErrorType};

/// Fixed probability of serious reoffending a woman's sexual offending history adds.
pub const FEMALE_SEXUAL_HISTORY_CONTRIBUTION: f64 = 0.00383141762;

/// Combines the three components into RSR.
pub fn rsr(
    req: &RiskScoreRequest,
    snsv: PredictorResult<SnsvOutput>,
    osp_dc: PredictorResult<OspDcOutput>,
    osp_iic: PredictorResult<OspIicOutput>,
) -> PredictorResult<RsrOutput> {
    let failed: Vec<&'static str> = [
        (Algorithm::OspDc, !osp_dc.validation_errors.is_empty()),
        (Algorithm::OspIic, !osp_iic.validation_errors.is_empty()),
        (
            Algorithm::Snsv,
            snsv.validation_errors
                .iter()
                .any(|e| e.kind != ValidationErrorType::MissingDynamicInput),
        ),
    ]
    .into_iter()
    .filter(|(_, failed)| *failed)
    .map(|(a, _)| a.name())
    .collect();
    let parts = [snsv.output.score, osp_dc.output.score, osp_iic.output.score];
    let components = RsrComponentScores {
        direct_contact_sexual_predictor_score: osp_dc,
        indirect_contact_sexual_predictor_score: osp_iic,
        serious_violence_predictor_score: snsv,
    };
    let empty = |components, errors| {
        PredictorResult::new(
            Algorithm::Rsr,
            Some(ScoreType::Combined),
            RsrOutput {
                band: None,
                overall_score: None,
                female_version: None,
                has_sexual_offence_history: None,
                component_scores: components,
            },
            FeatureValues::new(),
            errors,
        )
    };
    if !failed.is_empty() {
        return empty(
            components,
            vec![ValidationError::new(
                ValidationErrorType::ComponentValidationError,
                failed,
            )],
        );
    }
    if sexual_section_empty(req) || history_without_counts(req) {
        return empty(components, Vec::new());
    }
    let female = req.gender == Some(Gender::Female);
    let history = req.has_ever_committed_sexual_offence;
    let female_part = if female && history == Some(true) {
        percentage_2dp_unclamped(FEMALE_SEXUAL_HISTORY_CONTRIBUTION)
    } else {
        0.0
    };
    // Added as doubles in the service's order; a component without a score adds nothing.
    let sum = parts
        .iter()
        .map(|p| p.unwrap_or(0.0))
        .chain([female_part])
        .fold(0.0, |sum, p| sum + p);
    let overall = clamp_percentage_2dp(round_half_up(sum, 2));
    PredictorResult::new(
        Algorithm::Rsr,
        Some(ScoreType::Combined),
        RsrOutput {
            band: Some(rsr_band(overall)),
            overall_score: Some(overall),
            female_version: Some(female),
            has_sexual_offence_history: history,
            component_scores: components,
        },
        FeatureValues::new(),
        Vec::new(),
    )
}

/// The four sexual offence counts as given.
fn sexual_counts(req: &RiskScoreRequest) -> [Option<i64>; 4] {
    [
        req.total_contact_adult_sexual_sanctions,
        req.total_contact_child_sexual_sanctions,
        req.total_indecent_image_sanctions,
        req.total_non_contact_sexual_offences,
    ]
}

/// Nothing answered in the sexual offending section.
fn sexual_section_empty(req: &RiskScoreRequest) -> bool {
    req.has_ever_committed_sexual_offence.is_none()
        && req.is_current_offence_sexually_motivated.is_none()
        && sexual_counts(req).iter().all(Option::is_none)
}

/// History "yes", the offence sexually motivated, and yet every count 0.
fn history_without_counts(req: &RiskScoreRequest) -> bool {
    req.has_ever_committed_sexual_offence == Some(true)
        && req.is_current_offence_sexually_motivated == Some(true)
        && sexual_counts(req).iter().all(|c| *c == Some(0))
}

/// RSR band of a percentage: up to 3.0 low, below 6.9 medium, else high.
pub fn rsr_band(score: f64) -> Band {
    if score <= 3.0 {
        Band::Low
    } else if score < 6.9 {
        Band::Medium
    } else {
        Band::High
    }
}

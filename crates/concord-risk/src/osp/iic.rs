//! OSP-IIC, indecent images and indirect contact (hmpps-services.md §1.6): a hierarchy for
//! men with sexual offending history, first match wins. As the service, it has no feature
//! values, and it scores nobody without history: a woman, or a man who has none, is
//! `NOT_APPLICABLE` with 0.0 (the "no sexual sanctions" row is never reached, since all
//! four counts 0 is a validation error).

use super::{validate, SexualCounts};
use crate::request::{Gender, RiskScoreRequest};
use crate::response::{Algorithm, Band, FeatureValues, OspIicOutput, PredictorResult, ScoreType};
use crate::rounding::percentage_2dp_unclamped;

/// Scores OSP-IIC, or says why it cannot.
pub fn osp_iic(req: &RiskScoreRequest) -> PredictorResult<OspIicOutput> {
    let errors = validate(req, &[], true);
    let output = match (req.gender, req.has_ever_committed_sexual_offence) {
        _ if !errors.is_empty() => OspIicOutput::default(),
        (Some(Gender::Female), history) => OspIicOutput {
            band: Some(Band::NotApplicable),
            score: Some(0.0),
            female_version: Some(true),
            has_sexual_offence_history: history,
        },
        (Some(Gender::Male), Some(false)) => OspIicOutput {
            band: Some(Band::NotApplicable),
            score: Some(0.0),
            female_version: Some(false),
            has_sexual_offence_history: Some(false),
        },
        (Some(Gender::Male), Some(true)) => {
            let (band, probability) = iic_hierarchy(SexualCounts::of(req));
            OspIicOutput {
                band: Some(band),
                score: Some(percentage_2dp_unclamped(probability)),
                female_version: Some(false),
                has_sexual_offence_history: Some(true),
            }
        }
        // Unreachable: validation names a missing gender or a man's missing history.
        _ => OspIicOutput::default(),
    };
    PredictorResult::new(
        Algorithm::OspIic,
        Some(ScoreType::Static),
        output,
        FeatureValues::new(),
        errors,
    )
}

/// The OSP-IIC hierarchy and each row's probability (its contribution to RSR).
pub fn iic_hierarchy(counts: Option<SexualCounts>) -> (Band, f64) {
    match counts {
        Some(c) if c.indecent_images >= 2 => (Band::High, 0.10310),
        Some(c) if c.indecent_images == 1 => (Band::Medium, 0.03328),
        Some(c) if c.contact_child >= 2 => (Band::Low, 0.00926),
        Some(c) if c.contact_child == 1 => (Band::Low, 0.00634),
        // The counts adding up to 0, as the service tests it (there is no negative-count
        // check; summed wide so no count can overflow).
        Some(c)
            if [
                c.contact_adult,
                c.contact_child,
                c.non_contact,
                c.indecent_images,
            ]
            .iter()
            .map(|&n| i128::from(n))
            .sum::<i128>()
                == 0 =>
        {
            (Band::Low, 0.00062)
        }
        _ => (Band::Low, 0.00281),
    }
}

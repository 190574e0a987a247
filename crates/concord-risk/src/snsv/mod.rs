//! SNSV, the Serious Non-Sexual Violence predictor: two logistic models, static (history
//! only) and dynamic (history plus OASys answers), the violence part of RSR
//! (hmpps-services.md §1.7), answering exactly as the MoJ actuarial service did.
//!
//! - `output` is `{band: null, score}`: SNSV has no bands. `score` is the logistic of the
//!   summed weights rounded HALF_UP to 16 places, then as a percentage to 2 places, with no
//!   clamp. `feature_values` lists every weight in the order it was added ([`terms`]).
//! - Validation, in order, every problem listed and any one blocking (`type` null):
//!   mandatory fields; a forced `DYNAMIC` with dynamic items missing; the offence code's
//!   length; more violent sanctions than sanctions; follow-up before conviction.
//! - Model: a forced `STATIC` never looks at dynamic items. Otherwise the dynamic model is
//!   used when all ten items and the domestic-violence answer are known; if not, the
//!   static score comes with a non-blocking `MISSING_DYNAMIC_INPUT`.
//! - An unknown offence code is found after validation: the chosen `type` and only
//!   `OFFENCE_CODE_MAPPING_NOT_FOUND`.
//! - What the service throws on while computing (no sanctions, an age below 10, a first
//!   sanction after the conviction, a negative violent count) is `UNEXPECTED_ERROR` with
//!   the service's message, no fields, and nothing else.
//! - Evidence of domestic abuse answered "no" means not a perpetrator, whatever the
//!   partner and family answers say: SNSV has no inconsistency error.

mod terms;

use crate::history::{check_code_format, find_offence};
use crate::request::{RiskScoreRequest, StaticOrDynamic};
use crate::response::{Algorithm, FeatureValues, PredictorResult, ScoreType, SnsvOutput};
use crate::rounding::{percentage_2dp_unclamped, round_half_up};
use crate::validation::{fields as f, missing, ValidationError, ValidationErrorType};

pub use terms::previous_conviction_weight;
use terms::{dynamic_terms, perpetrator, static_terms, History, DYNAMIC, STATIC};

/// Scores SNSV, or says why it cannot.
pub fn snsv(req: &RiskScoreRequest) -> PredictorResult<SnsvOutput> {
    let forced = req.snsv_static_or_dynamic;
    let dynamic_missing = missing_dynamic(req);
    let mut errors = Vec::new();
    errors.extend(missing(
        ValidationErrorType::MissingMandatoryInput,
        &[
            (f::GENDER, req.gender.is_some()),
            (f::DATE_OF_BIRTH, req.date_of_birth.is_some()),
            (
                f::DATE_OF_CURRENT_CONVICTION,
                req.date_of_current_conviction.is_some(),
            ),
            (f::CURRENT_OFFENCE_CODE, req.current_offence_code.is_some()),
            (
                f::TOTAL_SANCTIONS,
                req.total_number_of_sanctions_for_all_offences.is_some(),
            ),
            (
                f::AGE_AT_FIRST_SANCTION,
                req.age_at_first_sanction.is_some(),
            ),
            (f::SUPERVISION_STATUS, req.supervision_status.is_some()),
            (
                f::FOLLOWUP_USER_INPUT,
                req.date_at_start_of_followup_user_input.is_some(),
            ),
            (
                f::TOTAL_VIOLENT_SANCTIONS,
                req.total_number_of_violent_sanctions.is_some(),
            ),
        ],
    ));
    if forced == Some(StaticOrDynamic::Dynamic) {
        errors.extend(dynamic_missing.clone());
    }
    check_code_format(req.current_offence_code.as_deref(), &mut errors);
    if let (Some(total), Some(violent)) = (
        req.total_number_of_sanctions_for_all_offences,
        req.total_number_of_violent_sanctions,
    ) {
        if violent > total {
            errors.push(ValidationError::new(
                ValidationErrorType::ViolentSanctionGreaterThanTotalSanctions,
                vec![f::TOTAL_SANCTIONS, f::TOTAL_VIOLENT_SANCTIONS],
            ));
        }
    }
    if let (Some(followup), Some(conviction)) = (
        req.date_at_start_of_followup_user_input,
        req.date_of_current_conviction,
    ) {
        if followup < conviction {
            errors.push(ValidationError::new(
                ValidationErrorType::FollowUpDateBeforeConvictionDate,
                vec![f::FOLLOWUP_USER_INPUT, f::DATE_OF_CURRENT_CONVICTION],
            ));
        }
    }
    let (
        Some(gender),
        Some(date_of_birth),
        Some(date_of_current_conviction),
        Some(code),
        Some(total),
        Some(age_at_first_sanction),
        Some(followup),
        Some(violent),
        true,
    ) = (
        req.gender,
        req.date_of_birth,
        req.date_of_current_conviction,
        req.current_offence_code.as_deref(),
        req.total_number_of_sanctions_for_all_offences,
        req.age_at_first_sanction,
        req.date_at_start_of_followup_user_input,
        req.total_number_of_violent_sanctions,
        errors.is_empty(),
    )
    else {
        return PredictorResult::not_computed(Algorithm::Snsv, None, errors);
    };

    let score_type = match (forced, &dynamic_missing) {
        (Some(StaticOrDynamic::Static), _) | (None, Some(_)) => ScoreType::Static,
        (Some(StaticOrDynamic::Dynamic), _) | (None, None) => ScoreType::Dynamic,
    };
    let dynamic = score_type == ScoreType::Dynamic;
    let offence = match find_offence(code) {
        Ok(o) if dynamic => (o.snsv_dynamic, o.snsv_vatp_dynamic),
        Ok(o) => (o.snsv_static, o.snsv_vatp_static),
        Err(e) => return PredictorResult::not_computed(Algorithm::Snsv, Some(score_type), vec![e]),
    };
    let Some(assessment) = req.assessment_date else {
        // The service defaults the assessment date to today; callers fill it
        // (`RiskScoreRequest::assessed_on`), so only a library caller can get here.
        return unexpected("assessment_date is required".into());
    };
    let warnings: Vec<ValidationError> = if forced.is_none() {
        dynamic_missing.into_iter().collect()
    } else {
        Vec::new()
    };
    let history = History {
        gender,
        date_of_birth,
        date_of_current_conviction,
        followup,
        assessment,
        total,
        violent,
        age_at_first_sanction,
        offence,
    };
    let mut features = FeatureValues::new();
    let computed = static_terms(
        if dynamic { &DYNAMIC } else { &STATIC },
        &history,
        &mut features,
    );
    if let Err(message) = computed {
        return unexpected(message);
    }
    if dynamic {
        dynamic_terms(req, &mut features);
    }
    let sum = features.iter().fold(0.0, |sum, (_, v)| sum + v);
    let e = sum.exp();
    let probability = e / (1.0 + e);
    if !probability.is_finite() {
        return unexpected("Infinite or NaN".into());
    }
    let score = percentage_2dp_unclamped(round_half_up(probability, 16));
    PredictorResult::new(
        Algorithm::Snsv,
        Some(score_type),
        SnsvOutput {
            band: None,
            score: Some(score),
        },
        features,
        warnings,
    )
}

/// The service's answer when a calculation throws: no type, no score, one error.
fn unexpected(message: String) -> PredictorResult<SnsvOutput> {
    PredictorResult::not_computed(
        Algorithm::Snsv,
        None,
        vec![ValidationError::unexpected(message)],
    )
}

/// `MISSING_DYNAMIC_INPUT` naming what keeps the dynamic model from being used: the ten
/// items, then the domestic abuse evidence, then the partner answer when evidence is yes.
fn missing_dynamic(req: &RiskScoreRequest) -> Option<ValidationError> {
    let partner_missing = perpetrator(req) == Some(None);
    missing(
        ValidationErrorType::MissingDynamicInput,
        &[
            (
                f::WEAPON,
                req.did_offence_involve_carrying_or_using_weapon.is_some(),
            ),
            (
                f::SUITABILITY_OF_ACCOMMODATION,
                req.suitability_of_accommodation.is_some(),
            ),
            (f::IS_UNEMPLOYED, req.is_unemployed.is_some()),
            (
                f::RELATIONSHIP_WITH_PARTNER,
                req.current_relationship_with_partner.is_some(),
            ),
            (
                f::CURRENT_ALCOHOL_USE,
                req.current_alcohol_use_problems.is_some(),
            ),
            (
                f::EXCESSIVE_ALCOHOL_USE,
                req.excessive_alcohol_use.is_some(),
            ),
            (f::IMPULSIVITY, req.impulsivity_problems.is_some()),
            (f::TEMPER_CONTROL, req.temper_control.is_some()),
            (
                f::PRO_CRIMINAL_ATTITUDES,
                req.pro_criminal_attitudes.is_some(),
            ),
            (f::PREVIOUS_CONVICTIONS, req.previous_convictions.is_some()),
            (
                f::EVIDENCE_OF_DOMESTIC_ABUSE,
                req.evidence_of_domestic_abuse.is_some(),
            ),
            (f::DOMESTIC_ABUSE_AGAINST_PARTNER, !partner_missing),
        ],
    )
}

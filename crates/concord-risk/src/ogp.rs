//! OGP, the OASys General reoffending Predictor (non-violent reoffending), built on the
//! OGRS3 two-year percentage plus OASys need answers (hmpps-services.md §1.3).
//!
//! As the MoJ service: OGP's one validation is a `MISSING_MANDATORY_INPUT` listing its own
//! nine answers and, last, `ogrs3_two_year` when OGRS3 gave no two-year score (OGRS3's own
//! problems are in OGRS3's result, not repeated here). The total is `point_score`; there
//! are no feature values. Every partial sum is rounded HALF_UP with exact integer
//! arithmetic (none of the service's doubles lands near a half).

use crate::request::RiskScoreRequest;
use crate::response::{
    Algorithm, Band, FeatureValues, OgpOutput, Ogrs3Output, PredictorResult, ScoreType,
};
use crate::rounding::{ratio_half_up, whole_percentage};
use crate::validation::{fields as f, logistic, missing, ValidationErrorType};

/// Scores OGP from the request and OGRS3's result for it, or says why it cannot.
pub fn ogp(
    req: &RiskScoreRequest,
    base: &PredictorResult<Ogrs3Output>,
) -> PredictorResult<OgpOutput> {
    let errors: Vec<_> = missing(
        ValidationErrorType::MissingMandatoryInput,
        &[
            (
                f::NO_FIXED_ABODE,
                req.is_currently_of_no_fixed_abode_or_transient_accommodation
                    .is_some(),
            ),
            (f::IS_UNEMPLOYED, req.is_unemployed.is_some()),
            (
                f::REGULAR_OFFENDING_ACTIVITIES,
                req.regular_offending_activities.is_some(),
            ),
            (f::CURRENT_DRUG_MISUSE, req.current_drug_misuse.is_some()),
            (
                f::MOTIVATION_TO_TACKLE_DRUG_MISUSE,
                req.motivation_to_tackle_drug_misuse.is_some(),
            ),
            (
                f::PROBLEM_SOLVING_SKILLS,
                req.problem_solving_skills.is_some(),
            ),
            (
                f::AWARENESS_OF_CONSEQUENCES,
                req.awareness_of_consequences.is_some(),
            ),
            (
                f::UNDERSTANDS_OTHER_PEOPLES_VIEWS,
                req.understands_other_peoples_views.is_some(),
            ),
            (
                f::PRO_CRIMINAL_ATTITUDES,
                req.pro_criminal_attitudes.is_some(),
            ),
            (f::OGRS3_TWO_YEAR, base.output.two_year_score.is_some()),
        ],
    )
    .into_iter()
    .collect();

    let (
        Some(ogrs3_two_year),
        Some(nfa),
        Some(unemployed),
        Some(activities),
        Some(drugs),
        Some(motivation),
        Some(problem_solving),
        Some(awareness),
        Some(views),
        Some(attitudes),
        true,
    ) = (
        base.output.two_year_score,
        req.is_currently_of_no_fixed_abode_or_transient_accommodation,
        req.is_unemployed,
        req.regular_offending_activities,
        req.current_drug_misuse,
        req.motivation_to_tackle_drug_misuse,
        req.problem_solving_skills,
        req.awareness_of_consequences,
        req.understands_other_peoples_views,
        req.pro_criminal_attitudes,
        errors.is_empty(),
    )
    else {
        return PredictorResult::not_computed(Algorithm::Ogp, Some(ScoreType::Dynamic), errors);
    };

    // "some problems" 3, "significant problems" 5.
    let three_or_five = |score: u8| match score {
        0 => 0,
        1 => 3,
        _ => 5,
    };
    let terms: [(&'static str, u64); 7] = [
        // round(OGRS3 two-year % × 0.6) = round(% × 6 / 10)
        (
            "ogrs3_score",
            ratio_half_up(u64::from(ogrs3_two_year) * 6, 10),
        ),
        ("accommodation_score", if nfa { 5 } else { 0 }),
        ("employment_score", if unemployed { 5 } else { 0 }),
        (
            "regular_offending_activities_score",
            three_or_five(activities.score()),
        ),
        // round((drug misuse + motivation) × 3.75) = round(sum × 15 / 4)
        (
            "drug_misuse_score",
            ratio_half_up(u64::from(drugs.score() + motivation.score()) * 15, 4),
        ),
        // round((problem solving + awareness + others' views) × 5/6)
        (
            "thinking_and_behaviour_score",
            ratio_half_up(
                u64::from(problem_solving.score() + awareness.score() + views.score()) * 5,
                6,
            ),
        ),
        (
            "pro_criminal_attitudes_score",
            three_or_five(attitudes.score()),
        ),
    ];
    // Named for the reader of this code; the service reports no feature values for OGP.
    let total: u64 = terms.iter().map(|(_, points)| points).sum();
    let t = total as f64;
    let (Ok(p1), Ok(p2)) = (logistic(0.0616 * t - 3.6832), logistic(0.0616 * t - 3.0795)) else {
        // Unreachable: the total is at most 99 × 0.6 + 38, far inside exp's range.
        return PredictorResult::not_computed(Algorithm::Ogp, Some(ScoreType::Dynamic), errors);
    };
    let (one_year, two_year) = (whole_percentage(p1), whole_percentage(p2));
    PredictorResult::new(
        Algorithm::Ogp,
        Some(ScoreType::Dynamic),
        OgpOutput {
            band: Some(band(two_year)),
            one_year_score: Some(one_year),
            two_year_score: Some(two_year),
            point_score: Some(total as u32),
        },
        FeatureValues::new(),
        errors,
    )
}

/// Band of the two-year percentage (always 1..=99 after the clamp): 1–33 low, 34–66
/// medium, 67–84 high, 85–99 very high.
pub fn band(two_year: u8) -> Band {
    match two_year {
        0..=33 => Band::Low,
        34..=66 => Band::Medium,
        67..=84 => Band::High,
        _ => Band::VeryHigh,
    }
}

//! OGP, the OASys General reoffending Predictor (non-violent reoffending), built on the
//! OGRS3 two-year percentage plus OASys need answers (hmpps-services.md §1.3).
//!
//! OGP cannot be scored without OGRS3, so its validation repeats OGRS3's: one
//! `MISSING_MANDATORY_INPUT` lists OGRS3's missing fields then OGP's own, followed by OGRS3's
//! other problems. Every partial sum is rounded HALF_UP with exact integer arithmetic.

use crate::ogrs3::ogrs3;
use crate::request::RiskScoreRequest;
use crate::response::{Algorithm, Band, FeatureValues, OgpOutput, PredictorResult, ScoreType};
use crate::rounding::{ratio_half_up, whole_percentage};
use crate::validation::{fields as f, logistic, missing, ValidationErrorType};

/// Scores OGP, or says why it cannot.
pub fn ogp(req: &RiskScoreRequest) -> PredictorResult<OgpOutput> {
    let base = ogrs3(req);
    let own = missing(
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
        ],
    );
    let mut errors = base.validation_errors;
    if let Some(own) = own {
        match errors
            .iter_mut()
            .find(|e| e.kind == ValidationErrorType::MissingMandatoryInput)
        {
            Some(shared) => shared.fields.extend(own.fields),
            None => errors.insert(0, own),
        }
    }

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
    let mut features = FeatureValues::new();
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
    let mut total: u64 = 0;
    for (name, points) in terms {
        features.add(name, points as f64);
        total += points;
    }
    let t = total as f64;
    let fields = vec![f::TOTAL_SANCTIONS];
    let (Ok(p1), Ok(p2)) = (
        logistic(0.0616 * t - 3.6832, fields.clone()),
        logistic(0.0616 * t - 3.0795, fields),
    ) else {
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
            total_ogp_score: Some(total as u32),
        },
        features,
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

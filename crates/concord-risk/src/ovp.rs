//! OVP, the OASys Violence Predictor: a point score from history (static items) and OASys
//! answers (dynamic items) turned into one- and two-year probabilities of violent
//! reoffending (hmpps-services.md §1.4).
//!
//! Readings of the published text:
//! - Violent sanctions score 0→0, 1→4, 2→7, 3→9, 4→11, 5→12, 6→13, then +1 for each
//!   further sanction up to 17→24, and 25 from 18 on: the "+1 each" continues 6→13 evenly.
//! - "Any previous sanctions (total > 0) 5": the total includes the current offence, and
//!   like OGRS3 we require it to be at least one, so every scored case gets these 5 points.
//! - Age is at the start of follow-up (the calculated date, as for OGRS3); under 18 has no
//!   row and is reported as `UNEXPECTED_ERROR` "Unhandled age", as the MoJ service throws.
//! - The model mixes static and dynamic items, so every item is mandatory and the result
//!   type is `DYNAMIC`.

use crate::history::{check_ages, check_total_sanctions};
use crate::request::{Gender, RiskScoreRequest};
use crate::response::{Algorithm, Band, FeatureValues, OvpOutput, PredictorResult, ScoreType};
use crate::rounding::whole_percentage;
use crate::validation::{
    fields as f, logistic, missing, negative_count, ValidationError, ValidationErrorType,
};

/// Scores OVP, or says why it cannot.
pub fn ovp(req: &RiskScoreRequest) -> PredictorResult<OvpOutput> {
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
            (
                f::FOLLOWUP_CALCULATED,
                req.date_at_start_of_followup_calculated.is_some(),
            ),
            (
                f::TOTAL_SANCTIONS,
                req.total_number_of_sanctions_for_all_offences.is_some(),
            ),
            (
                f::TOTAL_VIOLENT_SANCTIONS,
                req.total_number_of_violent_sanctions.is_some(),
            ),
            (
                f::RECOGNISES_IMPACT,
                req.does_recognise_impact_of_offending_on_others.is_some(),
            ),
            (
                f::NO_FIXED_ABODE,
                req.is_currently_of_no_fixed_abode_or_transient_accommodation
                    .is_some(),
            ),
            (f::IS_UNEMPLOYED, req.is_unemployed.is_some()),
            (
                f::CURRENT_ALCOHOL_USE,
                req.current_alcohol_use_problems.is_some(),
            ),
            (
                f::EXCESSIVE_ALCOHOL_USE,
                req.excessive_alcohol_use.is_some(),
            ),
            (
                f::PSYCHIATRIC_TREATMENT,
                req.has_current_psychiatric_treatment.is_some(),
            ),
            (f::TEMPER_CONTROL, req.temper_control.is_some()),
            (
                f::PRO_CRIMINAL_ATTITUDES,
                req.pro_criminal_attitudes.is_some(),
            ),
        ],
    ));
    check_total_sanctions(req.total_number_of_sanctions_for_all_offences, &mut errors);
    check_violent_sanctions(req, &mut errors);
    // OVP does not use the age at first sanction; passing none skips that check.
    let ages = check_ages(
        req.date_of_birth,
        req.date_of_current_conviction,
        (
            f::FOLLOWUP_CALCULATED,
            req.date_at_start_of_followup_calculated,
        ),
        None,
        &mut errors,
    );
    let age_points = ages.and_then(|a| {
        age_score(a.at_start_of_followup)
            .map_err(|e| errors.push(e))
            .ok()
    });

    let (
        Some(gender),
        Some(age_points),
        Some(total),
        Some(violent),
        Some(recognises_impact),
        Some(nfa),
        Some(unemployed),
        Some(alcohol_use),
        Some(binge),
        Some(psychiatric),
        Some(temper),
        Some(attitudes),
        true,
    ) = (
        req.gender,
        age_points,
        req.total_number_of_sanctions_for_all_offences,
        req.total_number_of_violent_sanctions,
        req.does_recognise_impact_of_offending_on_others,
        req.is_currently_of_no_fixed_abode_or_transient_accommodation,
        req.is_unemployed,
        req.current_alcohol_use_problems,
        req.excessive_alcohol_use,
        req.has_current_psychiatric_treatment,
        req.temper_control,
        req.pro_criminal_attitudes,
        errors.is_empty(),
    )
    else {
        return PredictorResult::not_computed(Algorithm::Ovp, Some(ScoreType::Dynamic), errors);
    };

    let yes = |b: bool, points: u32| if b { points } else { 0 };
    let terms: [(&'static str, u32); 12] = [
        ("previous_sanctions_score", yes(total > 0, 5)),
        ("violent_sanctions_score", violent_sanctions_score(violent)),
        (
            "non_violent_sanctions_score",
            non_violent_sanctions_score(total - violent),
        ),
        ("age_score", age_points),
        ("gender_score", yes(gender == Gender::Male, 5)),
        ("impact_of_offending_score", yes(!recognises_impact, 4)),
        ("accommodation_score", yes(nfa, 4)),
        ("employment_score", yes(unemployed, 4)),
        // ceil((alcohol use + binge) × 2.5) = ceil(sum × 5 / 2)
        (
            "alcohol_misuse_score",
            (u32::from(alcohol_use.score() + binge.score()) * 5).div_ceil(2),
        ),
        ("psychiatric_treatment_score", yes(psychiatric, 4)),
        ("temper_control_score", u32::from(temper.score()) * 3),
        (
            "pro_criminal_attitudes_score",
            u32::from(attitudes.score()) * 3,
        ),
    ];
    let mut features = FeatureValues::new();
    let mut points = 0;
    for (name, value) in terms {
        features.add(name, f64::from(value));
        points += value;
    }
    let t = f64::from(points);
    let (Ok(p1), Ok(p2)) = (
        logistic(0.0722 * t - 4.5215, vec![]),
        logistic(0.0722 * t - 3.8773, vec![]),
    ) else {
        // Unreachable: at most 100 points, far inside exp's range.
        return PredictorResult::not_computed(Algorithm::Ovp, Some(ScoreType::Dynamic), errors);
    };
    let (one_year, two_year) = (whole_percentage(p1), whole_percentage(p2));
    PredictorResult::new(
        Algorithm::Ovp,
        Some(ScoreType::Dynamic),
        OvpOutput {
            band: Some(band(two_year)),
            one_year_score: Some(one_year),
            two_year_score: Some(two_year),
            point_score: Some(points),
        },
        features,
        errors,
    )
}

/// `VIOLENT_SANCTION_GREATER_THAN_TOTAL_SANCTIONS`, and a negative violent count.
pub(crate) fn check_violent_sanctions(req: &RiskScoreRequest, errors: &mut Vec<ValidationError>) {
    let Some(violent) = req.total_number_of_violent_sanctions else {
        return;
    };
    errors.extend(negative_count(violent, f::TOTAL_VIOLENT_SANCTIONS));
    if req
        .total_number_of_sanctions_for_all_offences
        .is_some_and(|total| violent > total)
    {
        errors.push(ValidationError::new(
            ValidationErrorType::ViolentSanctionGreaterThanTotalSanctions,
            vec![f::TOTAL_VIOLENT_SANCTIONS, f::TOTAL_SANCTIONS],
        ));
    }
}

/// 0→0, 1→4, 2→7, 3→9, 4→11, 5→12, 6→13, +1 each to 17→24, 18 or more → 25.
pub fn violent_sanctions_score(violent: i64) -> u32 {
    match violent {
        i64::MIN..=0 => 0,
        1 => 4,
        2 => 7,
        3 => 9,
        4 => 11,
        5..=17 => 7 + violent as u32,
        _ => 25,
    }
}

/// Sanctions that were not violent: 0–2→0, 3–4→2, 5–10→3, 11–20→4, 21 or more → 5.
pub fn non_violent_sanctions_score(non_violent: i64) -> u32 {
    match non_violent {
        i64::MIN..=2 => 0,
        3..=4 => 2,
        5..=10 => 3,
        11..=20 => 4,
        _ => 5,
    }
}

/// Age at the start of follow-up: 18–19→20 down to 46–50→2 and 51+→0; under 18 has no row.
pub fn age_score(age: i64) -> Result<u32, ValidationError> {
    Ok(match age {
        18..=19 => 20,
        20..=21 => 17,
        22..=23 => 14,
        24..=25 => 12,
        26..=30 => 10,
        31..=35 => 8,
        36..=40 => 6,
        41..=45 => 4,
        46..=50 => 2,
        51.. => 0,
        _ => return Err(ValidationError::unexpected(format!("Unhandled age: {age}"))),
    })
}

/// Band of the two-year percentage: 1–29 low, 30–59 medium, 60–79 high, 80–99 very high.
pub fn band(two_year: u8) -> Band {
    match two_year {
        0..=29 => Band::Low,
        30..=59 => Band::Medium,
        60..=79 => Band::High,
        _ => Band::VeryHigh,
    }
}

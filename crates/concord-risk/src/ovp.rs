//! OVP, the OASys Violence Predictor: a point score from history (static items) and OASys
//! answers (dynamic items) turned into one- and two-year probabilities of violent
//! reoffending (hmpps-services.md §1.4).
//!
//! As the MoJ service: every item is mandatory (the date of conviction is not used) and
//! the result type is `DYNAMIC`; fewer than one sanction is a validation error; what the
//! point tables have no row for fails the calculation (`UNEXPECTED_ERROR` with the
//! service's message and no fields): a negative violent count, more violent sanctions than
//! sanctions, an age at the start of follow-up (whole years, the calculated date) under
//! 18. The points are not reported as feature values (the service reports none for OVP).
//!
//! Violent sanctions score 0→0, 1→4, 2→7, 3→9, 4→11, 5→12, 6→13, then +1 for each further
//! sanction up to 17→24, and 25 from 18 on.

use chrono::NaiveDate;

use crate::history::check_total_sanctions;
use crate::request::{Gender, RiskScoreRequest};
use crate::response::{Algorithm, Band, FeatureValues, OvpOutput, PredictorResult, ScoreType};
use crate::rounding::whole_percentage;
use crate::validation::{fields as f, logistic, missing, ValidationError, ValidationErrorType};

/// Scores OVP, or says why it cannot.
pub fn ovp(req: &RiskScoreRequest) -> PredictorResult<OvpOutput> {
    let mut errors = Vec::new();
    errors.extend(missing(
        ValidationErrorType::MissingMandatoryInput,
        &[
            (f::GENDER, req.gender.is_some()),
            (f::DATE_OF_BIRTH, req.date_of_birth.is_some()),
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
    let (
        Some(gender),
        Some(dob),
        Some(followup),
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
        req.date_of_birth,
        req.date_at_start_of_followup_calculated,
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

    let points_or_failure = history_points(dob, followup, total, violent);
    let (violent_points, non_violent_points, age_points) = match points_or_failure {
        Ok(points) => points,
        Err(e) => {
            return PredictorResult::not_computed(Algorithm::Ovp, Some(ScoreType::Dynamic), vec![e])
        }
    };
    let yes = |b: bool, points: u32| if b { points } else { 0 };
    // Named for the reader of this code; the service reports no feature values for OVP.
    let terms: [(&'static str, u32); 12] = [
        ("previous_sanctions_score", yes(total > 0, 5)),
        ("violent_sanctions_score", violent_points),
        ("non_violent_sanctions_score", non_violent_points),
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
    let points: u32 = terms.iter().map(|(_, p)| p).sum();
    let t = f64::from(points);
    let (Ok(p1), Ok(p2)) = (logistic(0.0722 * t - 4.5215), logistic(0.0722 * t - 3.8773)) else {
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
        FeatureValues::new(),
        errors,
    )
}

/// `VIOLENT_SANCTION_GREATER_THAN_TOTAL_SANCTIONS`, and a negative violent count.
/// The history's points in the order the service computes them, each failing as the
/// service fails where its table has no row: (violent, non-violent, age).
fn history_points(
    dob: NaiveDate,
    followup: NaiveDate,
    total: i64,
    violent: i64,
) -> Result<(u32, u32, u32), ValidationError> {
    if violent < 0 {
        return Err(ValidationError::unexpected(format!(
            "Invalid violent sanctions value: {violent}"
        )));
    }
    let non_violent = total.saturating_sub(violent);
    if non_violent < 0 {
        return Err(ValidationError::unexpected(format!(
            "Invalid non violent sanctions value: {non_violent}"
        )));
    }
    // Whole years, negative for a date before birth (ChronoUnit.YEARS.between).
    let age = if followup >= dob {
        followup.years_since(dob).map_or(0, i64::from)
    } else {
        -dob.years_since(followup).map_or(0, i64::from)
    };
    let age_points = age_score(age).ok_or_else(|| {
        ValidationError::unexpected(format!("Invalid ageAtStartOfFollowup value: {age}"))
    })?;
    Ok((
        violent_sanctions_score(violent),
        non_violent_sanctions_score(non_violent),
        age_points,
    ))
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
pub fn age_score(age: i64) -> Option<u32> {
    Some(match age {
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
        _ => return None,
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

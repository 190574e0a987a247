//! The OASys Sexual reoffending Predictors: OSP-DC (direct contact, a 64-point score with a
//! risk-band reduction) and OSP-IIC (indecent images and indirect contact, a hierarchy),
//! both for males only (hmpps-services.md §1.5, §1.6), and the reading of the sexual
//! offending section they and RSR share.
//!
//! Readings of the published text:
//! - "Sexual offending identified" means `has_ever_committed_sexual_offence` or
//!   `is_current_offence_sexually_motivated` is true. Then all four counts are needed
//!   (`SEXUAL_OFFENDING_MISSING_COUNTS`); all four zero means no sexual history.
//! - Not identified (false or absent) with a non-zero count or a most-recent-sexual-offence
//!   date is `SEXUAL_OFFENDING_INCONSISTENT_INPUT`; zero counts agree with "none" and pass.
//! - For females and for males without sexual history both predictors are
//!   `NOT_APPLICABLE` with a null score (there is no score), except that OSP-IIC's hierarchy
//!   has a row for males with no sexual sanctions (LOW, 0.062 %), which we use.
//! - The OSP-IIC "RSR contributions" (0.10310 …) are probabilities, reported ×100 as a
//!   percentage to 2 dp like every RSR-family score (so 0.10310 reads 10.31).
//! - OSP-DC "age at last sexual sanction" is the age at `date_of_most_recent_sexual_offence`
//!   (the request has no sanction date); under 10 has no row (`UNEXPECTED_ERROR`).
//! - "In custody" for the band reduction includes remand (`CUSTODY` or `REMAND`): both are
//!   held in custody, and not reducing is the cautious side.
//! - "Less than 5 years before the assessment" is counted in completed years; a date after
//!   the assessment date is less than 5 years before it.

use chrono::NaiveDate;

use crate::request::{Gender, RiskScoreRequest, SupervisionStatus};
use crate::response::{
    Algorithm, Band, FeatureValues, OspDcOutput, OspIicOutput, PredictorResult, ScoreType,
};
use crate::rounding::percentage_2dp;
use crate::validation::{
    age_on, fields as f, logistic, missing, negative_count, ValidationError, ValidationErrorType,
};

/// The sexual offence counts of a person with sexual offending history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SexualCounts {
    pub contact_adult: i64,
    pub contact_child: i64,
    pub indecent_images: i64,
    pub non_contact: i64,
}

/// Reads the sexual offending section: `Ok(None)` for no sexual history.
pub fn sexual_history(
    req: &RiskScoreRequest,
) -> Result<Option<SexualCounts>, Vec<ValidationError>> {
    let counts = [
        (
            f::TOTAL_CONTACT_ADULT_SEXUAL_SANCTIONS,
            req.total_contact_adult_sexual_sanctions,
        ),
        (
            f::TOTAL_CONTACT_CHILD_SEXUAL_SANCTIONS,
            req.total_contact_child_sexual_sanctions,
        ),
        (
            f::TOTAL_INDECENT_IMAGE_SANCTIONS,
            req.total_indecent_image_sanctions,
        ),
        (
            f::TOTAL_NON_CONTACT_SEXUAL_OFFENCES,
            req.total_non_contact_sexual_offences,
        ),
    ];
    let identified = req.has_ever_committed_sexual_offence == Some(true)
        || req.is_current_offence_sexually_motivated == Some(true);
    let mut errors = Vec::new();
    if !identified {
        let mut provided: Vec<&'static str> = counts
            .iter()
            .filter(|(_, c)| c.is_some_and(|c| c != 0))
            .map(|(name, _)| *name)
            .collect();
        if req.date_of_most_recent_sexual_offence.is_some() {
            provided.push(f::DATE_OF_MOST_RECENT_SEXUAL_OFFENCE);
        }
        if provided.is_empty() {
            return Ok(None);
        }
        return Err(vec![ValidationError::new(
            ValidationErrorType::SexualOffendingInconsistentInput,
            provided,
        )]);
    }
    errors.extend(missing(
        ValidationErrorType::SexualOffendingMissingCounts,
        &counts.map(|(name, c)| (name, c.is_some())),
    ));
    for (name, c) in counts {
        errors.extend(c.and_then(|c| negative_count(c, name)));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let [a, c, i, n] = counts.map(|(_, c)| c.unwrap_or(0));
    let counts = SexualCounts {
        contact_adult: a,
        contact_child: c,
        indecent_images: i,
        non_contact: n,
    };
    Ok(((a, c, i, n) != (0, 0, 0, 0)).then_some(counts))
}

/// Gender and sexual history, the two things both predictors decide applicability on.
fn applicability(
    req: &RiskScoreRequest,
    errors: &mut Vec<ValidationError>,
) -> Option<(Gender, Option<SexualCounts>)> {
    errors.extend(missing(
        ValidationErrorType::MissingMandatoryInput,
        &[(f::GENDER, req.gender.is_some())],
    ));
    let history = sexual_history(req).map_err(|e| errors.extend(e)).ok();
    Some((req.gender?, history?))
}

/// Scores OSP-DC, or says why it cannot.
pub fn osp_dc(req: &RiskScoreRequest) -> PredictorResult<OspDcOutput> {
    let mut errors = Vec::new();
    let not_computed =
        |errors| PredictorResult::not_computed(Algorithm::OspDc, ScoreType::Static, errors);
    let Some((gender, history)) = applicability(req, &mut errors) else {
        return not_computed(errors);
    };
    let not_applicable = OspDcOutput {
        band: Some(Band::NotApplicable),
        point_score: None,
        score: None,
        female_version: Some(gender == Gender::Female),
        has_sexual_offence_history: Some(history.is_some()),
        risk_band_reduction_applied: Some(false),
    };
    let Some(counts) = history.filter(|_| gender == Gender::Male) else {
        return PredictorResult::new(
            Algorithm::OspDc,
            ScoreType::Static,
            not_applicable,
            FeatureValues::new(),
            errors,
        );
    };

    errors.extend(missing(
        ValidationErrorType::MissingMandatoryInput,
        &[
            (f::DATE_OF_BIRTH, req.date_of_birth.is_some()),
            (
                f::FOLLOWUP_USER_INPUT,
                req.date_at_start_of_followup_user_input.is_some(),
            ),
            (
                f::DATE_OF_MOST_RECENT_SEXUAL_OFFENCE,
                req.date_of_most_recent_sexual_offence.is_some(),
            ),
            (
                f::MOST_RECENT_OFFENCE_DATE,
                req.most_recent_offence_date.is_some(),
            ),
            (f::ASSESSMENT_DATE, req.assessment_date.is_some()),
            (
                f::TOTAL_SANCTIONS,
                req.total_number_of_sanctions_for_all_offences.is_some(),
            ),
            (f::SUPERVISION_STATUS, req.supervision_status.is_some()),
            (
                f::IS_CURRENT_OFFENCE_AGAINST_VICTIM_STRANGER,
                req.is_current_offence_against_victim_stranger.is_some(),
            ),
        ],
    ));
    crate::history::check_total_sanctions(
        req.total_number_of_sanctions_for_all_offences,
        &mut errors,
    );
    let mut age = |date: Option<NaiveDate>, field| {
        let dob = req.date_of_birth?;
        age_on(dob, date?, field).map_err(|e| errors.push(e)).ok()
    };
    let age_at_followup = age(
        req.date_at_start_of_followup_user_input,
        f::FOLLOWUP_USER_INPUT,
    );
    let age_at_last_sexual = age(
        req.date_of_most_recent_sexual_offence,
        f::DATE_OF_MOST_RECENT_SEXUAL_OFFENCE,
    );
    let last_sexual_points = age_at_last_sexual.and_then(|a| {
        age_at_last_sexual_offence_score(a)
            .map_err(|e| errors.push(e))
            .ok()
    });

    let (
        Some(age_at_followup),
        Some(last_sexual_points),
        Some(followup),
        Some(last_sexual),
        Some(last_offence),
        Some(assessment),
        Some(total),
        Some(status),
        Some(stranger),
        true,
    ) = (
        age_at_followup,
        last_sexual_points,
        req.date_at_start_of_followup_user_input,
        req.date_of_most_recent_sexual_offence,
        req.most_recent_offence_date,
        req.assessment_date,
        req.total_number_of_sanctions_for_all_offences,
        req.supervision_status,
        req.is_current_offence_against_victim_stranger,
        errors.is_empty(),
    )
    else {
        return not_computed(errors);
    };

    let terms: [(&'static str, u32); 7] = [
        (
            "contact_adult_sexual_sanctions_score",
            count_points(counts.contact_adult, 5),
        ),
        (
            "contact_child_sexual_sanctions_score",
            count_points(counts.contact_child, 3),
        ),
        (
            "non_contact_sexual_offences_score",
            count_points(counts.non_contact, 2),
        ),
        (
            "age_at_start_of_followup_score",
            age_at_followup_score(age_at_followup),
        ),
        ("age_at_last_sexual_offence_score", last_sexual_points),
        ("other_sanctions_score", if total >= 2 { 6 } else { 0 }),
        ("stranger_victim_score", if stranger { 4 } else { 0 }),
    ];
    let mut features = FeatureValues::new();
    let mut points = 0;
    for (name, value) in terms {
        features.add(name, f64::from(value));
        points += value;
    }
    let probability = if points == 0 {
        0.0
    } else {
        logistic(-8.633 + 0.1598 * f64::from(points), vec![]).unwrap_or(0.0)
    };
    let band = points_band(points);
    let held = matches!(
        status,
        SupervisionStatus::Custody | SupervisionStatus::Remand
    );
    let recent = |date: NaiveDate| assessment.years_since(date).is_none_or(|y| y < 5);
    let reduce = !(held
        || recent(last_offence)
        || recent(last_sexual)
        || recent(followup)
        || band == Band::Low);
    PredictorResult::new(
        Algorithm::OspDc,
        ScoreType::Static,
        OspDcOutput {
            band: Some(if reduce { band.reduced() } else { band }),
            point_score: Some(points),
            score: Some(percentage_2dp(probability)),
            female_version: Some(false),
            has_sexual_offence_history: Some(true),
            risk_band_reduction_applied: Some(reduce),
        },
        features,
        errors,
    )
}

/// 0, 1, 2, 3 or more sanctions → 0, 1, 2, 3 steps of `step` points.
fn count_points(count: i64, step: u32) -> u32 {
    step * count.clamp(0, 3) as u32
}

/// 60 or older → 0, else `14 − max(0, (age − 18) div 3)`: 14 up to 20, 13 at 21–23 … 1 at
/// 57–59.
pub fn age_at_followup_score(age: i64) -> u32 {
    if age >= 60 {
        0
    } else {
        (14 - ((age - 18).max(0) / 3)) as u32
    }
}

/// 10–15 → 0, 16–17 → 5, 18 or older → 10; under 10 has no row.
pub fn age_at_last_sexual_offence_score(age: i64) -> Result<u32, ValidationError> {
    match age {
        10..=15 => Ok(0),
        16..=17 => Ok(5),
        18.. => Ok(10),
        _ => Err(ValidationError::unexpected(
            format!("Unhandled age: {age}"),
            vec![f::DATE_OF_BIRTH, f::DATE_OF_MOST_RECENT_SEXUAL_OFFENCE],
        )),
    }
}

/// OSP-DC band of the point score: 0–21 low, 22–29 medium, 30–35 high, 36–64 very high.
pub fn points_band(points: u32) -> Band {
    match points {
        0..=21 => Band::Low,
        22..=29 => Band::Medium,
        30..=35 => Band::High,
        _ => Band::VeryHigh,
    }
}

/// Scores OSP-IIC, or says why it cannot.
pub fn osp_iic(req: &RiskScoreRequest) -> PredictorResult<OspIicOutput> {
    let mut errors = Vec::new();
    let Some((gender, history)) = applicability(req, &mut errors) else {
        return PredictorResult::not_computed(Algorithm::OspIic, ScoreType::Static, errors);
    };
    if gender == Gender::Female {
        return PredictorResult::new(
            Algorithm::OspIic,
            ScoreType::Static,
            OspIicOutput {
                band: Some(Band::NotApplicable),
                score: None,
                female_version: Some(true),
                has_sexual_offence_history: Some(history.is_some()),
            },
            FeatureValues::new(),
            errors,
        );
    }
    let (band, contribution) = iic_hierarchy(history);
    let mut features = FeatureValues::new();
    let counts = history.unwrap_or(SexualCounts {
        contact_adult: 0,
        contact_child: 0,
        indecent_images: 0,
        non_contact: 0,
    });
    features.add("indecent_image_sanctions", counts.indecent_images as f64);
    features.add(
        "contact_child_sexual_sanctions",
        counts.contact_child as f64,
    );
    features.add("rsr_contribution", contribution);
    PredictorResult::new(
        Algorithm::OspIic,
        ScoreType::Static,
        OspIicOutput {
            band: Some(band),
            score: Some(percentage_2dp(contribution)),
            female_version: Some(false),
            has_sexual_offence_history: Some(history.is_some()),
        },
        features,
        errors,
    )
}

/// The OSP-IIC hierarchy; the first row that matches wins.
pub fn iic_hierarchy(history: Option<SexualCounts>) -> (Band, f64) {
    match history {
        Some(c) if c.indecent_images >= 2 => (Band::High, 0.10310),
        Some(c) if c.indecent_images == 1 => (Band::Medium, 0.03328),
        Some(c) if c.contact_child >= 2 => (Band::Low, 0.00926),
        Some(c) if c.contact_child == 1 => (Band::Low, 0.00634),
        None => (Band::Low, 0.00062),
        Some(_) => (Band::Low, 0.00281),
    }
}

//! OSP-DC, the direct-contact sexual reoffending predictor (hmpps-services.md §1.5): seven
//! integer weights out of 64, a logistic score and a one-band reduction for men who have
//! not offended for five years.
//!
//! As the service: its mandatory fields are asked of everyone, before applicability
//! (gender, sexual history, date of birth, start of follow-up, total sanctions, supervision
//! status); the stranger answer and the dates of the most recent offences are optional
//! (missing: no points, no reduction test). Only `CUSTODY` stops the band reduction.
//! Readings where the service's last OSP-DC helper is not stored (its renamed successor,
//! DC-SRP, is): an age below 10 at the last sexual sanction scores 0; a score of 0 points
//! is band `LOW` with no reduction decided.

use chrono::NaiveDate;

use super::{validate, SexualCounts};
use crate::request::{Gender, RiskScoreRequest, SupervisionStatus};
use crate::response::{Algorithm, Band, FeatureValues, OspDcOutput, PredictorResult, ScoreType};
use crate::rounding::percentage_2dp_unclamped;
use crate::validation::{age_on, fields as f};

/// Scores OSP-DC, or says why it cannot.
pub fn osp_dc(req: &RiskScoreRequest) -> PredictorResult<OspDcOutput> {
    let result = |output, features, errors| {
        PredictorResult::new(
            Algorithm::OspDc,
            Some(ScoreType::Static),
            output,
            features,
            errors,
        )
    };
    let errors = validate(
        req,
        &[
            (
                f::HAS_EVER_COMMITTED_SEXUAL_OFFENCE,
                req.has_ever_committed_sexual_offence.is_some(),
            ),
            (f::DATE_OF_BIRTH, req.date_of_birth.is_some()),
            (
                f::FOLLOWUP_USER_INPUT,
                req.date_at_start_of_followup_user_input.is_some(),
            ),
            (
                f::TOTAL_SANCTIONS,
                req.total_number_of_sanctions_for_all_offences.is_some(),
            ),
            (f::SUPERVISION_STATUS, req.supervision_status.is_some()),
        ],
        false,
    );
    let (Some(gender), Some(history), Some(dob), Some(followup), Some(total), Some(status), true) = (
        req.gender,
        req.has_ever_committed_sexual_offence,
        req.date_of_birth,
        req.date_at_start_of_followup_user_input,
        req.total_number_of_sanctions_for_all_offences,
        req.supervision_status,
        errors.is_empty(),
    ) else {
        return result(OspDcOutput::default(), FeatureValues::new(), errors);
    };
    let female = gender == Gender::Female;
    if !history || female {
        // The service writes "no history" for women too: the model has none for them.
        return result(
            OspDcOutput {
                band: Some(Band::NotApplicable),
                point_score: None,
                score: Some(0.0),
                female_version: Some(female),
                has_sexual_offence_history: Some(false),
                risk_band_reduction_applied: None,
            },
            FeatureValues::new(),
            Vec::new(),
        );
    }
    let Some(counts) = SexualCounts::of(req) else {
        // Unreachable: validation asked for every count of a man with history.
        return result(OspDcOutput::default(), FeatureValues::new(), Vec::new());
    };
    let age_at_followup = match age_on(dob, followup, "dateAtStartOfFollowupUserInput") {
        Ok(age) => age,
        Err(e) => return result(OspDcOutput::default(), FeatureValues::new(), vec![e]),
    };
    let last_sexual_points = match req.date_of_most_recent_sexual_offence {
        None => 0,
        Some(date) => match age_on(dob, date, "dateOfMostRecentSexualOffence") {
            Ok(age) => age_at_last_sexual_offence_score(age),
            Err(e) => return result(OspDcOutput::default(), FeatureValues::new(), vec![e]),
        },
    };
    let terms: [(&'static str, u32); 7] = [
        (
            "total_contact_adult_sexual_sanctions_weight",
            count_points(counts.contact_adult, 5),
        ),
        (
            "total_contact_child_sexual_sanctions_weight",
            count_points(counts.contact_child, 3),
        ),
        (
            "total_non_contact_sexual_offences_weight",
            count_points(counts.non_contact, 2),
        ),
        (
            "age_at_start_of_follow_up_weight",
            age_at_followup_score(age_at_followup),
        ),
        (
            "age_at_last_sanction_for_sexual_offence_weight",
            last_sexual_points,
        ),
        (
            "total_number_of_sanctions_for_all_offences_weight",
            if total >= 2 { 6 } else { 0 },
        ),
        (
            "current_offence_against_victim_stranger_weight",
            if req.is_current_offence_against_victim_stranger == Some(true) {
                4
            } else {
                0
            },
        ),
    ];
    let mut features = FeatureValues::new();
    let mut points = 0;
    for (name, value) in terms {
        features.add(name, f64::from(value));
        points += value;
    }
    if points == 0 {
        return result(
            OspDcOutput {
                band: Some(Band::Low),
                point_score: Some(0),
                score: Some(0.0),
                female_version: Some(false),
                has_sexual_offence_history: Some(true),
                risk_band_reduction_applied: None,
            },
            features,
            Vec::new(),
        );
    }
    let z = -8.633 + 0.1598 * f64::from(points);
    let probability = z.exp() / (1.0 + z.exp());
    let band = points_band(points);
    // Years from each date to the assessment: under five (or after it) keeps the band.
    let recent = |date: Option<NaiveDate>| match (date, req.assessment_date) {
        (Some(d), Some(assessment)) => assessment.years_since(d).is_none_or(|y| y < 5),
        _ => false,
    };
    let reduce = !(status == SupervisionStatus::Custody
        || band == Band::Low
        || recent(req.most_recent_offence_date)
        || recent(req.date_of_most_recent_sexual_offence)
        || recent(Some(followup)));
    result(
        OspDcOutput {
            band: Some(if reduce { band.reduced() } else { band }),
            point_score: Some(points),
            score: Some(percentage_2dp_unclamped(probability)),
            female_version: Some(false),
            has_sexual_offence_history: Some(true),
            risk_band_reduction_applied: Some(reduce),
        },
        features,
        Vec::new(),
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

/// 16–17 → 5, 18 or older → 10, younger → 0.
pub fn age_at_last_sexual_offence_score(age: i64) -> u32 {
    match age {
        16..=17 => 5,
        18.. => 10,
        _ => 0,
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

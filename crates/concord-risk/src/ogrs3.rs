//! OGRS3, the Offender Group Reconviction Scale v3: the probability of proven reoffending
//! within one and two years, from static history only (hmpps-services.md §1.2), answering
//! as the MoJ actuarial service did.
//!
//! `S = age_gender + conviction_status + copas + offence_group_parameter`;
//! `p1 = logistic(1.40256 + S)`, `p2 = logistic(2.1217 + S)`, each rounded to 5 dp, then to
//! a whole percentage clamped to 1..=99. The band comes from the two-year percentage.
//!
//! Validation runs in the service's two phases. First the request: missing fields, fewer
//! than one sanction, the code's length (and a code of `00000`, which the service refuses
//! by failing). Only when those pass, the history: a conviction or follow-up date on or
//! before birth fails the calculation; then an age at conviction under 10, a first sanction
//! after the conviction and the offence's weight are reported together. OGRS3 has no
//! follow-up-before-conviction rule. The Copas log is rounded to 5 places before it is
//! weighted, as the service does.

use crate::history::{check_code_format, check_total_sanctions, find_offence};
use crate::request::{Gender, RiskScoreRequest};
use crate::response::{Algorithm, Band, FeatureValues, Ogrs3Output, PredictorResult, ScoreType};
use crate::rounding::{round_half_up, whole_percentage};
use crate::validation::{
    age_on, fields as f, logistic, missing, ValidationError, ValidationErrorType,
};

const FIRST_TIME_OFFENDER: f64 = 0.12614;
const REPEAT_OFFENDER: f64 = 0.46306;
const COPAS_COEFFICIENT: f64 = 1.25112;
const ONE_YEAR_INTERCEPT: f64 = 1.40256;
const TWO_YEAR_INTERCEPT: f64 = 2.1217;

/// Scores OGRS3, or says why it cannot.
pub fn ogrs3(req: &RiskScoreRequest) -> PredictorResult<Ogrs3Output> {
    let not_computed =
        |errors| PredictorResult::not_computed(Algorithm::Ogrs3, Some(ScoreType::Static), errors);
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
                f::AGE_AT_FIRST_SANCTION,
                req.age_at_first_sanction.is_some(),
            ),
            (f::CURRENT_OFFENCE_CODE, req.current_offence_code.is_some()),
        ],
    ));
    check_total_sanctions(req.total_number_of_sanctions_for_all_offences, &mut errors);
    let code = req.current_offence_code.as_deref();
    check_code_format(code, &mut errors);
    if code == Some("00000") {
        return not_computed(vec![ValidationError::unexpected(
            "Offence code cannot be '00000'",
        )]);
    }
    let (
        Some(gender),
        Some(dob),
        Some(conviction),
        Some(followup),
        Some(total),
        Some(first),
        Some(code),
        true,
    ) = (
        req.gender,
        req.date_of_birth,
        req.date_of_current_conviction,
        req.date_at_start_of_followup_calculated,
        req.total_number_of_sanctions_for_all_offences,
        req.age_at_first_sanction,
        code,
        errors.is_empty(),
    )
    else {
        return not_computed(errors);
    };

    // Phase two: the history.
    let ages = age_on(dob, conviction, "dateOfCurrentConviction")
        .and_then(|c| Ok((c, age_on(dob, followup, "dateAtStartOfFollowup")?)));
    let (at_conviction, at_followup) = match ages {
        Ok(ages) => ages,
        Err(e) => return not_computed(vec![e]),
    };
    if at_conviction < 10 {
        errors.push(ValidationError::new(
            ValidationErrorType::AgeAtCurrentConvictionLessThanTen,
            vec![f::DATE_OF_BIRTH, f::DATE_OF_CURRENT_CONVICTION],
        ));
    }
    if first > at_conviction {
        errors.push(ValidationError::new(
            ValidationErrorType::AgeAtFirstSanctionAfterAgeAtCurrentConviction,
            vec![
                f::DATE_OF_BIRTH,
                f::DATE_OF_CURRENT_CONVICTION,
                f::AGE_AT_FIRST_SANCTION,
            ],
        ));
    }
    let weight = offence_group_parameter(code).map_err(|e| errors.push(e));
    let (Ok(weight), true) = (weight, errors.is_empty()) else {
        return not_computed(errors);
    };

    let mut features = FeatureValues::new();
    let computed = age_gender_score(gender, at_followup).and_then(|age_gender| {
        features.add("age_gender_score", age_gender);
        features.add(
            "conviction_status_score",
            if total == 1 {
                FIRST_TIME_OFFENDER
            } else {
                REPEAT_OFFENDER
            },
        );
        features.add("copas_score", copas_score(total, at_conviction, first)?);
        features.add("offence_group_parameter", weight);
        let s = features.iter().fold(0.0, |sum, (_, v)| sum + v);
        let p1 = round_half_up(logistic(ONE_YEAR_INTERCEPT + s)?, 5);
        let p2 = round_half_up(logistic(TWO_YEAR_INTERCEPT + s)?, 5);
        Ok((whole_percentage(p1), whole_percentage(p2)))
    });
    match computed {
        Ok((one_year, two_year)) => PredictorResult::new(
            Algorithm::Ogrs3,
            Some(ScoreType::Static),
            Ogrs3Output {
                band: Some(band(two_year)),
                one_year_score: Some(one_year),
                two_year_score: Some(two_year),
            },
            features,
            errors,
        ),
        Err(e) => not_computed(vec![e]),
    }
}

/// The OGRS3 offence group parameter of a five-character code: the catalogue weight, or
/// the reason there is none.
fn offence_group_parameter(code: &str) -> Result<f64, ValidationError> {
    let info = find_offence(code)?;
    if info.needs_exact_offence {
        return Err(ValidationError::new(
            ValidationErrorType::NeedDetailsOfExactOffence,
            vec![f::CURRENT_OFFENCE_CODE],
        ));
    }
    info.ogrs3_weight
        .ok_or_else(|| ValidationError::mapping_not_found(code))
}

/// `round5(ln(total / (10 + age at conviction − age at first sanction))) × 1.25112`: the
/// rate of offending over the criminal career, with ten years added so short careers do
/// not explode. Worked in f64 so huge inputs cannot overflow an integer.
fn copas_score(
    total: i64,
    age_at_conviction: i64,
    age_at_first: i64,
) -> Result<f64, ValidationError> {
    let denominator = 10.0 + age_at_conviction as f64 - age_at_first as f64;
    if denominator <= 0.0 {
        return Err(ValidationError::unexpected(
            "Invalid age values leading to non-positive denominator",
        ));
    }
    Ok(round_half_up((total as f64 / denominator).ln(), 5) * COPAS_COEFFICIENT)
}

/// The age-and-gender term, by age at the start of follow-up.
pub fn age_gender_score(gender: Gender, age: i64) -> Result<f64, ValidationError> {
    // (youngest age of the row, male, female)
    const TABLE: [(i64, f64, f64); 11] = [
        (50, -2.0253, -2.4498),
        (40, -1.4997, -1.5247),
        (35, -1.368, -1.4219),
        (30, -1.326, -1.1291),
        (25, -1.1667, -1.0528),
        (21, -1.0515, -1.0285),
        (18, -0.6251, -0.8975),
        (16, -0.0616, -0.9592),
        (14, 0.07578, 0.66952),
        (12, 0.08392, 0.61385),
        (10, 0.0, 0.785),
    ];
    let (_, male, female) = TABLE
        .iter()
        .find(|(from, _, _)| age >= *from)
        .ok_or_else(|| ValidationError::unexpected(format!("Unhandled age: {age}")))?;
    Ok(match gender {
        Gender::Male => *male,
        Gender::Female => *female,
    })
}

/// Band of the two-year percentage: 0–49 low, 50–74 medium, 75–89 high, 90+ very high.
pub fn band(two_year: u8) -> Band {
    match two_year {
        0..=49 => Band::Low,
        50..=74 => Band::Medium,
        75..=89 => Band::High,
        _ => Band::VeryHigh,
    }
}

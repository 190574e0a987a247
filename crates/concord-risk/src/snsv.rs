//! SNSV, the Serious Non-Sexual Violence predictor: two logistic models, static (history
//! only) and dynamic (history plus OASys answers), the violence part of RSR
//! (hmpps-services.md §1.7).
//!
//! Model choice: a caller may force `STATIC` or `DYNAMIC`. Otherwise the dynamic model is
//! used when every dynamic input is present and consistent; if not, the static model is
//! used and `MISSING_DYNAMIC_INPUT` (or `DOMESTIC_ABUSE_INCONSISTENT_INPUT`) is reported
//! without blocking. A forced `DYNAMIC` with missing dynamic inputs is blocked by those
//! errors, since the caller asked for a score we cannot give.
//!
//! Readings of the published text:
//! - "Years between first and second sanction" (exactly two sanctions): the request has no
//!   date of the second sanction, which is the current conviction, so it is the age at
//!   current conviction minus the age at first sanction.
//! - "Months since last sanction" is measured from the start of follow-up to the assessment
//!   date as the text says, in whole months (Java `Period` months), capped at 36.
//! - Weapon, domestic violence and previous convictions are added as the stated values when
//!   true (they are given as contributions, unlike the "×" answers); unemployment adds
//!   0.0778219399253534 (= 2 × 0.0389109699626767, the "offender score" 2 for yes).
//! - The domestic-violence term needs `evidence_of_domestic_abuse` and, when that is true,
//!   `domestic_abuse_against_partner`. With no evidence, a `true` partner/family answer is
//!   inconsistent; `false` agrees with "no evidence" and passes.
//! - The band uses the RSR cut-points (below 3.0 low, below 6.9 medium, else high): the text
//!   gives no SNSV-specific bands and SNSV is the violence component of RSR.

use crate::history::{check_ages, check_code_format, check_total_sanctions, find_offence, Ages};
use crate::ovp::check_violent_sanctions;
use crate::request::{Gender, PreviousConviction, RiskScoreRequest, StaticOrDynamic};
use crate::response::{Algorithm, FeatureValues, PredictorResult, ScoreType, SnsvOutput};
use crate::rounding::{percentage_2dp, round_half_up};
use crate::rsr::rsr_band;
use crate::validation::{
    fields as f, logistic, missing, months_between, ValidationError, ValidationErrorType,
};

struct Coefficients {
    intercept: f64,
    age_male: [f64; 4],
    age_female: [f64; 4],
    female: f64,
    one_sanction: f64,
    two_sanctions: f64,
    total_sanctions: f64,
    years_first_to_second: (f64, f64),
    months_since_last: [f64; 4],
    sanction_rate: (f64, f64),
    no_violence: (f64, f64),
    one_violent: f64,
    violent_sanctions: f64,
    violence_rate: f64,
}

/// (male, female) pairs are written in that order.
const STATIC: Coefficients = Coefficients {
    intercept: 3.60407707356772,
    age_male: [
        -0.546062410902905,
        0.0170043887737295,
        -0.000232716989498981,
        0.000001094922933981,
    ],
    age_female: [
        1.09365106131567,
        -0.042733609488121,
        0.000697583963826421,
        -4.04895085233227e-06,
    ],
    female: -16.6220270089011,
    one_sanction: -2.09447596484765,
    two_sanctions: -1.67613460779912,
    total_sanctions: -0.0147495874606046,
    years_first_to_second: (-0.0292205730647305, -0.0841673003341906),
    months_since_last: [
        -0.038382727965819,
        0.000548515180678996,
        0.0000662558757635182,
        -1.59636460181398e-06,
    ],
    sanction_rate: (0.769213898314811, 0.793186572461819),
    no_violence: (-0.942816163300621, -2.32321324569237),
    one_violent: -0.0633592949212861,
    violent_sanctions: 0.0188685880078656,
    violence_rate: 0.207442427665471,
};

const DYNAMIC: Coefficients = Coefficients {
    intercept: 2.39022796091603,
    age_male: [
        -0.508802063507919,
        0.0153890192629454,
        -0.000208800171123703,
        9.83824143383739e-07,
    ],
    age_female: [
        1.1436499550056,
        -0.0448159815299769,
        0.000731812620052307,
        -4.24504210770651e-06,
    ],
    female: -16.6927292697847,
    one_sanction: -1.89458617745666,
    two_sanctions: -1.51763151836726,
    total_sanctions: -0.0182592921752245,
    years_first_to_second: (-0.0271828619470523, -0.0960719132524968),
    months_since_last: [
        -0.0368447371150021,
        0.000557887384281899,
        0.0000615531052486415,
        -1.49652694510477e-06,
    ],
    sanction_rate: (0.689153313085879, 0.76704149890481),
    no_violence: (-0.35940007303088, -1.7513536371131),
    one_violent: -0.101514048705338,
    violent_sanctions: 0.021160895925655,
    violence_rate: 0.0549319831836878,
};

const WEAPON: f64 = 0.15071282416667;
const ACCOMMODATION: f64 = 0.0619710049121293;
const UNEMPLOYED: f64 = 0.0778219399253534;
const RELATIONSHIP_WITH_PARTNER: f64 = 0.0259107268767618;
const CHRONIC_DRINKING: f64 = 0.0935672441515258;
const BINGE_DRINKING: f64 = 0.0567127896345591;
const IMPULSIVITY: f64 = 0.077212834605957;
const TEMPER: f64 = 0.0482892034688302;
const PRO_CRIMINAL_ATTITUDES: f64 = 0.130830533773332;
const DOMESTIC_VIOLENCE: f64 = 0.0847839330659903;

/// Feature name and weight of each previous conviction the dynamic model counts.
fn previous_conviction_weight(p: PreviousConviction) -> (&'static str, f64) {
    match p {
        PreviousConviction::Homicide => ("previous_homicide_score", 0.399463399258737),
        PreviousConviction::WoundingGbh => ("previous_wounding_gbh_score", 0.451029720739399),
        PreviousConviction::Kidnapping => ("previous_kidnapping_score", 0.0749101406070305),
        PreviousConviction::Firearms => ("previous_firearms_score", 0.218055028351022),
        PreviousConviction::Robbery => ("previous_robbery_score", 0.163248217650296),
        PreviousConviction::AggravatedBurglary => {
            ("previous_aggravated_burglary_score", 0.506616685297771)
        }
        PreviousConviction::Weapon => ("previous_weapon_score", 0.184104582611966),
        PreviousConviction::CriminalDamage => ("previous_criminal_damage_score", 0.357345708081477),
        PreviousConviction::Arson => ("previous_arson_score", 0.12261588608151),
    }
}

/// Scores SNSV, or says why it cannot.
pub fn snsv(req: &RiskScoreRequest) -> PredictorResult<SnsvOutput> {
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
                f::FOLLOWUP_USER_INPUT,
                req.date_at_start_of_followup_user_input.is_some(),
            ),
            (f::ASSESSMENT_DATE, req.assessment_date.is_some()),
            (
                f::TOTAL_SANCTIONS,
                req.total_number_of_sanctions_for_all_offences.is_some(),
            ),
            (
                f::TOTAL_VIOLENT_SANCTIONS,
                req.total_number_of_violent_sanctions.is_some(),
            ),
            (
                f::AGE_AT_FIRST_SANCTION,
                req.age_at_first_sanction.is_some(),
            ),
            (f::CURRENT_OFFENCE_CODE, req.current_offence_code.is_some()),
        ],
    ));
    check_total_sanctions(req.total_number_of_sanctions_for_all_offences, &mut errors);
    check_violent_sanctions(req, &mut errors);
    let code = req.current_offence_code.as_deref();
    check_code_format(code, &mut errors);
    let ages = check_ages(
        req.date_of_birth,
        req.date_of_current_conviction,
        (
            f::FOLLOWUP_USER_INPUT,
            req.date_at_start_of_followup_user_input,
        ),
        req.age_at_first_sanction,
        &mut errors,
    );
    let offence = code
        .filter(|c| c.chars().count() == 5)
        .and_then(|c| find_offence(c).map_err(|e| errors.push(e)).ok());

    let dynamic_problems = dynamic_problems(req);
    let score_type = match (req.snsv_static_or_dynamic, dynamic_problems.is_empty()) {
        (Some(StaticOrDynamic::Static), _) => ScoreType::Static,
        (Some(StaticOrDynamic::Dynamic), _) | (None, true) => ScoreType::Dynamic,
        (None, false) => ScoreType::Static,
    };
    let blocking =
        !errors.is_empty() || (score_type == ScoreType::Dynamic && !dynamic_problems.is_empty());
    if req.snsv_static_or_dynamic != Some(StaticOrDynamic::Static) {
        errors.extend(dynamic_problems);
    }

    let (Some(gender), Some(ages), Some(total), Some(violent), Some(first), Some(offence), false) = (
        req.gender,
        ages,
        req.total_number_of_sanctions_for_all_offences,
        req.total_number_of_violent_sanctions,
        req.age_at_first_sanction,
        offence,
        blocking,
    ) else {
        return PredictorResult::not_computed(Algorithm::Snsv, score_type, errors);
    };
    let history = History {
        gender,
        ages,
        total,
        violent,
        first,
    };
    let mut features = FeatureValues::new();
    let linear = match score_type {
        ScoreType::Dynamic => {
            let (o, v) = (offence.snsv_dynamic, offence.snsv_vatp_dynamic);
            static_terms(&DYNAMIC, &history, req, (o, v), &mut features)
                .map(|()| dynamic_terms(req, &mut features))
        }
        _ => static_terms(
            &STATIC,
            &history,
            req,
            (offence.snsv_static, offence.snsv_vatp_static),
            &mut features,
        ),
    };
    let probability = linear.and_then(|()| {
        logistic(
            features.sum(),
            vec![
                f::TOTAL_SANCTIONS,
                f::TOTAL_VIOLENT_SANCTIONS,
                f::AGE_AT_FIRST_SANCTION,
            ],
        )
    });
    match probability {
        Ok(p) => {
            let score = percentage_2dp(round_half_up(p, 16));
            PredictorResult::new(
                Algorithm::Snsv,
                score_type,
                SnsvOutput {
                    band: Some(rsr_band(score)),
                    score: Some(score),
                },
                features,
                errors,
            )
        }
        Err(e) => {
            errors.push(e);
            PredictorResult::not_computed(Algorithm::Snsv, score_type, errors)
        }
    }
}

struct History {
    gender: Gender,
    ages: Ages,
    total: i64,
    violent: i64,
    first: i64,
}

/// `x · (c0 + c1·x + c2·x² + c3·x³)`, the models' cubic-in-x shape.
fn polynomial(x: f64, c: &[f64; 4]) -> f64 {
    x * (c[0] + c[1] * x + c[2] * x * x + c[3] * x * x * x)
}

fn static_terms(
    c: &Coefficients,
    h: &History,
    req: &RiskScoreRequest,
    (offence, vatp): (f64, f64),
    fv: &mut FeatureValues,
) -> Result<(), ValidationError> {
    let male = h.gender == Gender::Male;
    let by_gender = |(m, w): (f64, f64)| if male { m } else { w };
    let age = h.ages.at_start_of_followup;
    if age < 10 {
        return Err(ValidationError::unexpected(
            format!("Unhandled age: {age}"),
            vec![f::DATE_OF_BIRTH, f::FOLLOWUP_USER_INPUT],
        ));
    }
    // Career length in years, in f64 so extreme inputs cannot overflow.
    let career = h.ages.at_current_conviction as f64 - h.first as f64;
    let total = h.total as f64;
    fv.add("intercept", c.intercept);
    fv.add(
        "age_score",
        polynomial(age as f64, if male { &c.age_male } else { &c.age_female }),
    );
    fv.add("female_score", if male { 0.0 } else { c.female });
    fv.add(
        "one_sanction_score",
        if h.total == 1 { c.one_sanction } else { 0.0 },
    );
    fv.add(
        "two_sanctions_score",
        if h.total == 2 { c.two_sanctions } else { 0.0 },
    );
    fv.add("total_sanctions_score", total * c.total_sanctions);
    fv.add(
        "years_between_first_and_second_sanction_score",
        if h.total == 2 {
            career * by_gender(c.years_first_to_second)
        } else {
            0.0
        },
    );
    let months = match (
        req.date_at_start_of_followup_user_input,
        req.assessment_date,
    ) {
        (Some(start), Some(assessment)) if start < assessment => {
            months_between(start, assessment).clamp(0, 36)
        }
        _ => 0,
    };
    fv.add(
        "months_since_last_sanction_score",
        polynomial(months as f64, &c.months_since_last),
    );
    fv.add(
        "sanction_rate_score",
        if h.total >= 3 {
            (total / (career + 12.0)).ln() * by_gender(c.sanction_rate)
        } else {
            0.0
        },
    );
    fv.add(
        "violent_history_score",
        match h.violent {
            0 => by_gender(c.no_violence),
            1 => c.one_violent,
            _ => 0.0,
        },
    );
    fv.add(
        "violent_sanctions_score",
        h.violent as f64 * c.violent_sanctions,
    );
    fv.add(
        "violence_rate_score",
        if h.violent > 0 {
            (h.violent as f64 / (career + 30.0)).ln() * c.violence_rate
        } else {
            0.0
        },
    );
    fv.add("offence_code_score", offence);
    fv.add("offence_code_vatp_score", vatp);
    Ok(())
}

/// The dynamic model's extra terms; only called once every input is known present.
fn dynamic_terms(req: &RiskScoreRequest, fv: &mut FeatureValues) {
    let yes = |b: Option<bool>, w: f64| if b == Some(true) { w } else { 0.0 };
    let times = |p: Option<crate::request::ProblemLevel>, w: f64| {
        p.map_or(0.0, |p| f64::from(p.score()) * w)
    };
    fv.add(
        "weapon_score",
        yes(req.did_offence_involve_carrying_or_using_weapon, WEAPON),
    );
    fv.add(
        "accommodation_score",
        times(req.suitability_of_accommodation, ACCOMMODATION),
    );
    fv.add("employment_score", yes(req.is_unemployed, UNEMPLOYED));
    fv.add(
        "relationship_with_partner_score",
        times(
            req.current_relationship_with_partner,
            RELATIONSHIP_WITH_PARTNER,
        ),
    );
    fv.add(
        "chronic_drinking_score",
        times(req.current_alcohol_use_problems, CHRONIC_DRINKING),
    );
    fv.add(
        "binge_drinking_score",
        times(req.excessive_alcohol_use, BINGE_DRINKING),
    );
    fv.add(
        "impulsivity_score",
        times(req.impulsivity_problems, IMPULSIVITY),
    );
    fv.add("temper_control_score", times(req.temper_control, TEMPER));
    fv.add(
        "pro_criminal_attitudes_score",
        times(req.pro_criminal_attitudes, PRO_CRIMINAL_ATTITUDES),
    );
    let perpetrator = req.evidence_of_domestic_abuse == Some(true)
        && req.domestic_abuse_against_partner == Some(true);
    fv.add(
        "domestic_violence_score",
        if perpetrator { DOMESTIC_VIOLENCE } else { 0.0 },
    );
    let previous = req.previous_convictions.as_deref().unwrap_or_default();
    for p in PreviousConviction::ALL {
        let (name, weight) = previous_conviction_weight(p);
        fv.add(name, if previous.contains(&p) { weight } else { 0.0 });
    }
}

/// What keeps the dynamic model from being used: missing answers, inconsistent domestic
/// abuse answers.
fn dynamic_problems(req: &RiskScoreRequest) -> Vec<ValidationError> {
    let evidence = req.evidence_of_domestic_abuse;
    let mut problems: Vec<ValidationError> = missing(
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
            (f::EVIDENCE_OF_DOMESTIC_ABUSE, evidence.is_some()),
            (
                f::DOMESTIC_ABUSE_AGAINST_PARTNER,
                evidence != Some(true) || req.domestic_abuse_against_partner.is_some(),
            ),
            (f::PREVIOUS_CONVICTIONS, req.previous_convictions.is_some()),
        ],
    )
    .into_iter()
    .collect();
    if evidence == Some(false) {
        let provided: Vec<&'static str> = [
            (
                f::DOMESTIC_ABUSE_AGAINST_PARTNER,
                req.domestic_abuse_against_partner,
            ),
            (
                f::DOMESTIC_ABUSE_AGAINST_FAMILY,
                req.domestic_abuse_against_family,
            ),
        ]
        .into_iter()
        .filter(|(_, answer)| *answer == Some(true))
        .map(|(name, _)| name)
        .collect();
        if !provided.is_empty() {
            problems.push(ValidationError::new(
                ValidationErrorType::DomesticAbuseInconsistentInput,
                provided,
            ));
        }
    }
    problems
}

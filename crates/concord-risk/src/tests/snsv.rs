//! SNSV as the MoJ service answers it: no band, every weight as a feature value in the
//! service's order, `type` null when it cannot score.
//!
//! Removed or turned round (issue 17):
//! - `bands_use_the_rsr_cut_points`: SNSV has no band in the service (always null); the
//!   RSR band edges it tested moved to `rsr.rs`;
//! - `domestic_abuse_answers_must_agree`: the service has no DOMESTIC_ABUSE_INCONSISTENT_INPUT
//!   for SNSV (no evidence means not a perpetrator whatever else was answered); the test now
//!   checks that reading instead;
//! - an unknown offence code is no longer reported beside other validation errors: the
//!   service looks the code up only once validation has passed.

use super::*;
use crate::response::ScoreType;
use crate::snsv::snsv;
use ValidationErrorType as V;

/// The names of the feature values, in order.
fn names(r: &crate::PredictorResult<crate::SnsvOutput>) -> Vec<&'static str> {
    r.feature_values.iter().map(|(n, _)| n).collect()
}

const STATIC_NAMES: [&str; 13] = [
    "two_year_intercept_weight",
    "gender_weight",
    "age_gender_polynomial_weight",
    "snsv_weighting",
    "second_sanction_cases_only_weight",
    "months_since_last_sanction_weight",
    "three_plus_sanction_weight",
    "violent_history_weight",
    "violent_sanctions_weight",
    "violence_rate_weight",
    "snsv_vatp_weight",
    "total_number_of_sanctions_for_all_offences_weight",
    "number_of_sanctions_weight",
];

const DYNAMIC_NAMES: [&str; 11] = [
    "offence_involve_carrying_or_using_weapons_weight",
    "suitability_of_accommodation_weight",
    "unemployed_weight",
    "current_relationship_with_partner",
    "chronic_drinking_problems_weight",
    "binge_drinking_problems_weight",
    "impulsivity_problems_weight",
    "temper_control_weight",
    "pro_criminal_attitudes_weight",
    "domestic_violence_weight",
    "previous_convictions_weight",
];

#[test]
fn worked_case_static_man_of_thirty() {
    // Static model, male, 30 at follow-up, convicted at 29, first sanction at 20,
    // 3 sanctions (1 violent), offence 00100, 14 whole months from follow-up start
    // (1 Jan 2020) to assessment (15 Mar 2021). In the service's order:
    //   intercept                                   3.60407707356772
    //   male                                        0.0
    //   age 30·(c0 + c1·30 + c2·30² + c3·30³)      −6.474393570678477
    //   offence 00100 static                        0.01927038224
    //   not exactly two sanctions                   0.0
    //   months 14·(m0 + m1·14 + m2·14² + m3·14³)   −0.3093690355565747
    //   ln(3/(29 − 20 + 12)) × 0.769213898314811   −1.4968211315251927
    //   exactly one violent                        −0.0633592949212861
    //   1 violent × 0.0188685880078656              0.0188685880078656
    //   ln(1/(9 + 30)) × 0.207442427665471, rounded HALF_UP to 16 dp
    //                                              −0.759978121775243
    //   offence 00100 VATP static                   0.238802610774108
    //   total 3 × −0.0147495874606046              −0.0442487623818138
    //   three or more sanctions                     0.0
    //   sum −5.267151262248893; logistic = 0.00513181291… → 0.51 %
    let req = RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Static),
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.score_type, Some(ScoreType::Static));
    assert_eq!(r.output.score, Some(0.51));
    // SNSV has no bands.
    assert_eq!(r.output.band, None);
    assert_eq!(names(&r), STATIC_NAMES);
    let fv = &r.feature_values;
    assert_eq!(fv.get("two_year_intercept_weight"), Some(3.60407707356772));
    assert_eq!(fv.get("gender_weight"), Some(0.0));
    assert!(close(
        fv.get("age_gender_polynomial_weight").unwrap(),
        -6.474393570678477
    ));
    assert_eq!(fv.get("snsv_weighting"), Some(0.01927038224));
    assert!(close(
        fv.get("months_since_last_sanction_weight").unwrap(),
        -0.3093690355565747
    ));
    assert!(close(
        fv.get("three_plus_sanction_weight").unwrap(),
        (3.0_f64 / 21.0).ln() * 0.769213898314811
    ));
    assert!(close(
        fv.get("violence_rate_weight").unwrap(),
        (1.0_f64 / 39.0).ln() * 0.207442427665471
    ));
    assert_eq!(fv.get("violent_history_weight"), Some(-0.0633592949212861));
    assert_eq!(fv.get("snsv_vatp_weight"), Some(0.238802610774108));
    assert_eq!(fv.get("number_of_sanctions_weight"), Some(0.0));
    assert_eq!(
        fv.get("offence_involve_carrying_or_using_weapons_weight"),
        None
    );
    assert!(close(fv.sum(), -5.267151262248893));
}

#[test]
fn worked_case_dynamic_woman_with_two_sanctions() {
    // Dynamic model, female 25 at follow-up, convicted at 24, first sanction at 19,
    // 2 sanctions, none violent, theft 03800; 41 months to assessment, capped at 36.
    // In the service's order:
    //   intercept 2.39022796091603; female −16.6927292697847;
    //   age 25 (female poly) 10.357613033898879; offence −0.210828726274969;
    //   years first→second (24 − 19 = 5) × −0.0960719132524968 = −0.480359566262484;
    //   months 36 → −0.24515740905920996; fewer than three sanctions 0.0;
    //   no violence (female) −1.7513536371131; violent sanctions 0.0; rate 0.0;
    //   VATP 0.0; total 2 × −0.0182592921752245 = −0.036518584350449;
    //   two sanctions −1.51763151836726;
    //   weapon 0.15071282416667; accommodation 2 × 0.0619710049121293;
    //   unemployed 2 × 0.0389109699626767 = 0.0778219399253534;
    //   partner 1 × 0.0259107268767618; chronic drinking 2 × 0.0935672441515258;
    //   binge 1 × 0.0567127896345591; impulsivity 2 × 0.077212834605957;
    //   temper 1 × 0.0482892034688302; attitudes 2 × 0.130830533773332;
    //   domestic violence 0.0847839330659903;
    //   previous convictions, one weight: 0 + wounding/GBH 0.451029720739399
    //   + arson 0.12261588608151 = 0.573645606820909.
    //   sum −6.4416974575523; logistic = 0.00159116331… → 0.16 %
    let req = RiskScoreRequest {
        gender: Some(Gender::Female),
        date_of_birth: Some(d(1995, 1, 1)),
        date_of_current_conviction: Some(d(2019, 2, 1)),
        date_at_start_of_followup_user_input: Some(d(2020, 1, 1)),
        assessment_date: Some(d(2023, 6, 1)),
        total_number_of_sanctions_for_all_offences: Some(2),
        total_number_of_violent_sanctions: Some(0),
        age_at_first_sanction: Some(19),
        current_offence_code: Some("03800".to_owned()),
        did_offence_involve_carrying_or_using_weapon: Some(true),
        suitability_of_accommodation: Some(ProblemLevel::SignificantProblems),
        is_unemployed: Some(true),
        current_relationship_with_partner: Some(ProblemLevel::SomeProblems),
        current_alcohol_use_problems: Some(ProblemLevel::SignificantProblems),
        excessive_alcohol_use: Some(ProblemLevel::SomeProblems),
        impulsivity_problems: Some(ProblemLevel::SignificantProblems),
        temper_control: Some(ProblemLevel::SomeProblems),
        pro_criminal_attitudes: Some(ProblemLevel::SignificantProblems),
        evidence_of_domestic_abuse: Some(true),
        domestic_abuse_against_partner: Some(true),
        previous_convictions: Some(vec![
            PreviousConviction::WoundingGbh,
            PreviousConviction::Arson,
        ]),
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.score_type, Some(ScoreType::Dynamic));
    assert_eq!(r.output.score, Some(0.16));
    assert_eq!(r.output.band, None);
    let expected: Vec<&str> = STATIC_NAMES.iter().chain(&DYNAMIC_NAMES).copied().collect();
    assert_eq!(names(&r), expected);
    let fv = &r.feature_values;
    assert_eq!(fv.get("gender_weight"), Some(-16.6927292697847));
    assert!(close(
        fv.get("age_gender_polynomial_weight").unwrap(),
        10.35761303389888
    ));
    assert!(close(
        fv.get("second_sanction_cases_only_weight").unwrap(),
        -0.480359566262484
    ));
    assert_eq!(
        fv.get("number_of_sanctions_weight"),
        Some(-1.51763151836726)
    );
    assert_eq!(
        fv.get("previous_convictions_weight"),
        Some(0.0 + 0.451029720739399 + 0.12261588608151)
    );
    assert_eq!(fv.get("unemployed_weight"), Some(0.0778219399253534));
    assert_eq!(fv.get("domestic_violence_weight"), Some(0.0847839330659903));
    assert!(close(fv.sum(), -6.4416974575523));
}

#[test]
fn missing_dynamic_input_falls_back_to_static_without_blocking() {
    let req = RiskScoreRequest {
        temper_control: None,
        previous_convictions: None,
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.score_type, Some(ScoreType::Static));
    assert_eq!(r.output.score, Some(0.51)); // the static worked case
    assert_eq!(names(&r), STATIC_NAMES);
    assert_eq!(kinds(&r.validation_errors), [V::MissingDynamicInput]);
    assert_eq!(
        r.validation_errors[0].message,
        "Dynamic input field(s) missing"
    );
    assert_eq!(
        r.validation_errors[0].fields,
        ["temper_control", "previous_convictions"]
    );
    // The domestic abuse answers come after the ten items.
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: None,
        impulsivity_problems: None,
        ..man()
    });
    assert_eq!(
        r.validation_errors[0].fields,
        ["impulsivity_problems", "evidence_of_domestic_abuse"]
    );
    // A forced static calculation never asks for the dynamic items.
    let r = snsv(&RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Static),
        ..req
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.score, Some(0.51));
}

#[test]
fn a_forced_dynamic_score_needs_every_dynamic_input() {
    // Forced DYNAMIC with an item missing: the missing item blocks, and a blocked SNSV
    // has no type.
    let req = RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Dynamic),
        is_unemployed: None,
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.score_type, None);
    assert_eq!(r.output.score, None);
    assert!(r.feature_values.is_empty());
    assert_eq!(kinds(&r.validation_errors), [V::MissingDynamicInput]);
    assert_eq!(r.validation_errors[0].fields, ["is_unemployed"]);
    // It is listed right after the missing mandatory fields, before the other rules.
    let r = snsv(&RiskScoreRequest {
        supervision_status: None,
        current_offence_code: Some("0010".to_owned()),
        ..req
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [
            V::MissingMandatoryInput,
            V::MissingDynamicInput,
            V::OffenceCodeIncorrectFormat
        ]
    );
    // With everything present, forced DYNAMIC is the dynamic model (0.35 %: the man's
    // dynamic sum −5.638544559447489, logistic 0.0035454).
    let r = snsv(&RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Dynamic),
        ..man()
    });
    assert_eq!(r.score_type, Some(ScoreType::Dynamic));
    assert_eq!(r.output.score, Some(0.35));
    assert_eq!(r, snsv(&man()));
}

#[test]
fn domestic_violence_is_the_partner_answer_when_there_is_evidence() {
    // No evidence of domestic abuse: not a perpetrator, whatever the family answer says;
    // the service has no inconsistency error for SNSV and scores the dynamic model.
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: Some(false),
        domestic_abuse_against_partner: Some(true),
        domestic_abuse_against_family: Some(true),
        ..man()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.score_type, Some(ScoreType::Dynamic));
    assert_eq!(r.feature_values.get("domestic_violence_weight"), Some(0.0));
    // Evidence without the partner answer: the dynamic model cannot be used.
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: Some(true),
        ..man()
    });
    assert_eq!(r.score_type, Some(ScoreType::Static));
    assert_eq!(kinds(&r.validation_errors), [V::MissingDynamicInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["domestic_abuse_against_partner"]
    );
    // Evidence against a partner: the perpetrator weight; against family only: none.
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: Some(true),
        domestic_abuse_against_partner: Some(true),
        ..man()
    });
    assert_eq!(
        r.feature_values.get("domestic_violence_weight"),
        Some(0.0847839330659903)
    );
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: Some(true),
        domestic_abuse_against_partner: Some(false),
        domestic_abuse_against_family: Some(true),
        ..man()
    });
    assert_eq!(r.feature_values.get("domestic_violence_weight"), Some(0.0));
}

#[test]
fn months_are_zero_when_follow_up_starts_after_the_assessment() {
    // Assessed 1 Dec 2019, before the follow-up start (1 Jan 2020): the months term is 0
    // and the man's dynamic sum loses its −0.2950692506116498:
    // −5.638544559447489 → −5.343475308835838, logistic 0.0047565 → 0.48 %.
    let r = snsv(&RiskScoreRequest {
        assessment_date: Some(d(2019, 12, 1)),
        ..man()
    });
    assert_eq!(
        r.feature_values.get("months_since_last_sanction_weight"),
        Some(0.0)
    );
    assert_eq!(r.output.score, Some(0.48));
}

#[test]
fn static_validation_blocks_and_overflow_is_reported() {
    // An empty request: the nine mandatory fields in the service's order, no type.
    let r = snsv(&RiskScoreRequest::default());
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "gender",
            "date_of_birth",
            "date_of_current_conviction",
            "current_offence_code",
            "total_number_of_sanctions_for_all_offences",
            "age_at_first_sanction",
            "supervision_status",
            "date_at_start_of_followup_user_input",
            "total_number_of_violent_sanctions",
        ]
    );
    assert_eq!(r.score_type, None);
    // The offence code is looked up only once validation has passed.
    let r = snsv(&RiskScoreRequest {
        current_offence_code: Some("99999".to_owned()),
        total_number_of_violent_sanctions: None,
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["total_number_of_violent_sanctions"]
    );
    assert_eq!(r.output.score, None);
    assert_eq!(r.score_type, None);
    // Then it alone is reported, with the model that was chosen (no dynamic warning).
    let r = snsv(&RiskScoreRequest {
        current_offence_code: Some("99999".to_owned()),
        temper_control: None,
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::OffenceCodeMappingNotFound]);
    assert_eq!(
        r.validation_errors[0].message,
        "No offence code to actuarial weighting mapping found for 99999"
    );
    assert_eq!(r.score_type, Some(ScoreType::Static));
    assert_eq!(r.output.score, None);
    // More violent sanctions than sanctions, and a follow-up before the conviction.
    let r = snsv(&RiskScoreRequest {
        total_number_of_violent_sanctions: Some(4),
        date_at_start_of_followup_user_input: Some(d(2019, 5, 1)),
        ..man()
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [
            V::ViolentSanctionGreaterThanTotalSanctions,
            V::FollowUpDateBeforeConvictionDate
        ]
    );
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "total_number_of_sanctions_for_all_offences",
            "total_number_of_violent_sanctions"
        ]
    );
    assert_eq!(
        r.validation_errors[1].fields,
        [
            "date_at_start_of_followup_user_input",
            "date_of_current_conviction"
        ]
    );
    // No sanctions is no validation rule in SNSV: the calculation fails on it.
    let r = snsv(&RiskScoreRequest {
        total_number_of_sanctions_for_all_offences: Some(0),
        total_number_of_violent_sanctions: Some(0),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: Invalid total number of sanctions value: 0"
    );
    assert!(r.validation_errors[0].fields.is_empty());
    assert_eq!(r.score_type, None);
    // 9.2e18 sanctions, all violent: the violent weight (+0.0212 each) outweighs the total
    // weight (−0.0183 each), the linear score is about +2.7e16 and exp overflows; the
    // probability is NaN, which the service cannot turn into a number.
    let r = snsv(&RiskScoreRequest {
        total_number_of_sanctions_for_all_offences: Some(i64::MAX),
        total_number_of_violent_sanctions: Some(i64::MAX),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert!(r.validation_errors[0].message.ends_with("Infinite or NaN"));
    assert!(r.validation_errors[0].fields.is_empty());
    assert_eq!(r.score_type, None);
    assert!(r.feature_values.is_empty());
}

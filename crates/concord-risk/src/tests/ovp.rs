//! OVP as the MoJ service answers it (issue 17). Rules of the old Concord model the
//! service does not have, whose assertions were turned round: VIOLENT_SANCTION_GREATER_THAN_
//! TOTAL_SANCTIONS (the service fails on the negative non-violent count instead), the date
//! of conviction as a mandatory input, OVP feature values (none in the service), and
//! validation and calculation errors reported together.

use super::*;
use crate::ovp::{age_score, band, non_violent_sanctions_score, ovp, violent_sanctions_score};
use crate::response::Band;
use ValidationErrorType as V;

#[test]
fn worked_case_man_of_thirty_with_one_violent_sanction() {
    // Static: previous sanctions 5; violent 1 → 4; non-violent 3 − 1 = 2 → 0;
    // age 30 at follow-up → 10; male 5.
    // Dynamic: does not recognise impact 4; NFA 4; unemployed 0;
    // alcohol ceil((1 + 0) × 2.5) = 3; psychiatric 0; temper "some" 1 × 3 = 3;
    // attitudes "significant" 2 × 3 = 6.
    // T = 5 + 4 + 0 + 10 + 5 + 4 + 4 + 0 + 3 + 0 + 3 + 6 = 44
    // 1 yr: logistic(0.0722·44 − 4.5215 = −1.3447) = 0.206738 → 21 %
    // 2 yr: logistic(0.0722·44 − 3.8773 = −0.7005) = 0.331701 → 33 % → MEDIUM
    let req = RiskScoreRequest {
        does_recognise_impact_of_offending_on_others: Some(false),
        is_currently_of_no_fixed_abode_or_transient_accommodation: Some(true),
        current_alcohol_use_problems: Some(ProblemLevel::SomeProblems),
        temper_control: Some(ProblemLevel::SomeProblems),
        pro_criminal_attitudes: Some(ProblemLevel::SignificantProblems),
        ..man()
    };
    let r = ovp(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.point_score, Some(44));
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(21), Some(33))
    );
    assert_eq!(r.output.band, Some(Band::Medium));
    // The service reports the point score only: OVP has no feature values.
    assert!(r.feature_values.is_empty());
    // OVP neither needs nor reads the date of conviction: the same answer without it.
    let without = ovp(&RiskScoreRequest {
        date_of_current_conviction: None,
        ..req
    });
    assert_eq!(without, r);
}

#[test]
fn worked_case_woman_of_nineteen_with_many_violent_sanctions() {
    // Static: previous 5; violent 8 → 7 + 8 = 15; non-violent 25 − 8 = 17 → 4;
    // age 19 → 20; female 0.
    // Dynamic: recognises impact 0; NFA 0; unemployed 4; alcohol ceil((2 + 2) × 2.5) = 10;
    // psychiatric 4; temper 2 × 3 = 6; attitudes 0.
    // T = 5 + 15 + 4 + 20 + 0 + 0 + 0 + 4 + 10 + 4 + 6 + 0 = 68
    // 1 yr: logistic(0.0722·68 − 4.5215 = 0.3881) = 0.595825 → 60 %
    // 2 yr: logistic(0.0722·68 − 3.8773 = 1.0323) = 0.737362 → 74 % → HIGH
    let req = RiskScoreRequest {
        gender: Some(Gender::Female),
        date_of_birth: Some(d(2000, 6, 1)),
        date_of_current_conviction: Some(d(2019, 6, 1)),
        date_at_start_of_followup_calculated: Some(d(2019, 7, 1)),
        total_number_of_sanctions_for_all_offences: Some(25),
        total_number_of_violent_sanctions: Some(8),
        is_unemployed: Some(true),
        current_alcohol_use_problems: Some(ProblemLevel::SignificantProblems),
        excessive_alcohol_use: Some(ProblemLevel::SignificantProblems),
        has_current_psychiatric_treatment: Some(true),
        temper_control: Some(ProblemLevel::SignificantProblems),
        ..man()
    };
    let r = ovp(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.point_score, Some(68));
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(60), Some(74))
    );
    assert_eq!(r.output.band, Some(Band::High));
}

#[test]
fn points_tables_at_every_edge() {
    let violent: Vec<u32> = (0..=19).map(violent_sanctions_score).collect();
    assert_eq!(
        violent,
        [0, 4, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 25]
    );
    assert_eq!(violent_sanctions_score(i64::MAX), 25);
    let non_violent: Vec<u32> = [0, 2, 3, 4, 5, 10, 11, 20, 21, 1000]
        .into_iter()
        .map(non_violent_sanctions_score)
        .collect();
    assert_eq!(non_violent, [0, 0, 2, 2, 3, 3, 4, 4, 5, 5]);
    let ages: Vec<u32> = [
        18, 19, 20, 21, 22, 23, 24, 25, 26, 30, 31, 35, 36, 40, 41, 45, 46, 50, 51, 99,
    ]
    .into_iter()
    .map(|a| age_score(a).unwrap())
    .collect();
    assert_eq!(
        ages,
        [20, 20, 17, 17, 14, 14, 12, 12, 10, 10, 8, 8, 6, 6, 4, 4, 2, 2, 0, 0]
    );
    assert_eq!(age_score(17), None);
}

#[test]
fn band_edges() {
    assert_eq!(band(1), Band::Low);
    assert_eq!(band(29), Band::Low);
    assert_eq!(band(30), Band::Medium);
    assert_eq!(band(59), Band::Medium);
    assert_eq!(band(60), Band::High);
    assert_eq!(band(79), Band::High);
    assert_eq!(band(80), Band::VeryHigh);
    assert_eq!(band(99), Band::VeryHigh);
}

#[test]
fn violent_sanctions_above_the_total_and_under_eighteens_are_reported() {
    // OVP has no violent-versus-total rule: 4 violent of 3 leaves −1 non-violent
    // sanctions, for which the service's table has no row, so it throws. The answer is
    // one UNEXPECTED_ERROR with the service's message and no fields.
    let r = ovp(&RiskScoreRequest {
        total_number_of_violent_sanctions: Some(4),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: Invalid non violent sanctions value: -1"
    );
    assert!(r.validation_errors[0].fields.is_empty());
    assert_eq!(r.output, Default::default());
    // Born 1 Jan 2003, follow-up from 1 Jan 2020: 17, under the youngest row (18–19).
    let r = ovp(&RiskScoreRequest {
        date_of_birth: Some(d(2003, 1, 1)),
        age_at_first_sanction: Some(12),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: Invalid ageAtStartOfFollowup value: 17"
    );
    assert!(r.validation_errors[0].fields.is_empty());
    // A negative violent count is checked first.
    let r = ovp(&RiskScoreRequest {
        total_number_of_violent_sanctions: Some(-1),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert!(r.validation_errors[0]
        .message
        .ends_with("Invalid violent sanctions value: -1"));
    // A missing answer is validation, reported before anything is computed: the negative
    // count is never reached.
    let r = ovp(&RiskScoreRequest {
        total_number_of_violent_sanctions: Some(-1),
        has_current_psychiatric_treatment: None,
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["has_current_psychiatric_treatment"]
    );
    assert_eq!(r.output.point_score, None);
    // Fewer than one sanction is validation too, after the missing fields.
    let r = ovp(&RiskScoreRequest {
        total_number_of_sanctions_for_all_offences: Some(0),
        total_number_of_violent_sanctions: Some(0),
        temper_control: None,
        ..man()
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [
            V::MissingMandatoryInput,
            V::TotalNumberOfSanctionsLessThanOne
        ]
    );
}

#[test]
fn missing_inputs_are_listed_in_the_service_order() {
    let r = ovp(&RiskScoreRequest::default());
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "gender",
            "date_of_birth",
            "date_at_start_of_followup_calculated",
            "total_number_of_sanctions_for_all_offences",
            "total_number_of_violent_sanctions",
            "does_recognise_impact_of_offending_on_others",
            "is_currently_of_no_fixed_abode_or_transient_accommodation",
            "is_unemployed",
            "current_alcohol_use_problems",
            "excessive_alcohol_use",
            "has_current_psychiatric_treatment",
            "temper_control",
            "pro_criminal_attitudes",
        ]
    );
    assert_eq!(r.score_type, Some(crate::ScoreType::Dynamic));
}

//! OGP as the MoJ service answers it (issue 17). Rules of the old Concord model the
//! service does not have, whose assertions were turned round: OGRS3's errors repeated in
//! OGP (OGP now names only its own answers and `ogrs3_two_year`), and OGP feature values
//! (the service reports none).

use super::*;
use crate::ogp::{band, ogp};
use crate::response::Band;
use ValidationErrorType as V;

#[test]
fn worked_case_on_an_ogrs3_of_twenty_six() {
    // OGRS3 two-year 26 % (see the OGRS3 worked case): round(26 × 0.6 = 15.6) = 16
    // NFA yes 5; unemployed no 0; regular offending "some" 3;
    // drugs "some" 1 + motivation "partial" 1 = 2 × 3.75 = 7.5 → 8 (HALF_UP);
    // thinking: problem solving 1 + awareness "sometimes" 1 + others' views 1 = 3 × 5/6 = 2.5 → 3;
    // attitudes "significant" 5.  Total T = 16 + 5 + 0 + 3 + 8 + 3 + 5 = 40.
    // 1 yr: logistic(0.0616·40 − 3.6832 = −1.2192) = 0.228077 → 23 %
    // 2 yr: logistic(0.0616·40 − 3.0795 = −0.6155) = 0.350806 → 35 % → MEDIUM
    let req = RiskScoreRequest {
        is_currently_of_no_fixed_abode_or_transient_accommodation: Some(true),
        regular_offending_activities: Some(ProblemLevel::SomeProblems),
        current_drug_misuse: Some(ProblemLevel::SomeProblems),
        motivation_to_tackle_drug_misuse: Some(MotivationLevel::PartialMotivation),
        problem_solving_skills: Some(ProblemLevel::SomeProblems),
        awareness_of_consequences: Some(YesSometimesNo::Sometimes),
        understands_other_peoples_views: Some(ProblemLevel::SomeProblems),
        pro_criminal_attitudes: Some(ProblemLevel::SignificantProblems),
        ..man()
    };
    let r = ogp(&req, &crate::ogrs3(&req));
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.point_score, Some(40));
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(23), Some(35))
    );
    assert_eq!(r.output.band, Some(Band::Medium));
    // The service reports the total only: OGP has no feature values.
    assert!(r.feature_values.is_empty());
}

#[test]
fn worked_case_with_every_need_at_its_worst() {
    // OGRS3 two-year 95 % (the young prolific thief): round(95 × 0.6) = 57;
    // NFA 5; unemployed 5; regular offending 5; drugs (2 + 2) × 3.75 = 15;
    // thinking (2 + 2 + 2) × 5/6 = 5; attitudes 5.  T = 97.
    // 1 yr: logistic(0.0616·97 − 3.6832 = 2.2920) = 0.908212 → 91 %
    // 2 yr: logistic(0.0616·97 − 3.0795 = 2.8957) = 0.947633 → 95 % → VERY_HIGH
    let req = RiskScoreRequest {
        date_of_birth: Some(d(2000, 1, 1)),
        date_of_current_conviction: Some(d(2018, 6, 1)),
        date_at_start_of_followup_calculated: Some(d(2018, 7, 1)),
        total_number_of_sanctions_for_all_offences: Some(20),
        age_at_first_sanction: Some(12),
        current_offence_code: Some("03800".to_owned()),
        is_currently_of_no_fixed_abode_or_transient_accommodation: Some(true),
        is_unemployed: Some(true),
        regular_offending_activities: Some(ProblemLevel::SignificantProblems),
        current_drug_misuse: Some(ProblemLevel::SignificantProblems),
        motivation_to_tackle_drug_misuse: Some(MotivationLevel::NoMotivation),
        problem_solving_skills: Some(ProblemLevel::SignificantProblems),
        awareness_of_consequences: Some(YesSometimesNo::No),
        understands_other_peoples_views: Some(ProblemLevel::SignificantProblems),
        pro_criminal_attitudes: Some(ProblemLevel::SignificantProblems),
        ..man()
    };
    let r = ogp(&req, &crate::ogrs3(&req));
    assert_eq!(r.output.point_score, Some(97));
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(91), Some(95))
    );
    assert_eq!(r.output.band, Some(Band::VeryHigh));
}

#[test]
fn band_edges() {
    assert_eq!(band(1), Band::Low);
    assert_eq!(band(33), Band::Low);
    assert_eq!(band(34), Band::Medium);
    assert_eq!(band(66), Band::Medium);
    assert_eq!(band(67), Band::High);
    assert_eq!(band(84), Band::High);
    assert_eq!(band(85), Band::VeryHigh);
    assert_eq!(band(99), Band::VeryHigh);
}

#[test]
fn ogp_lists_its_own_missing_fields_then_ogrs3_two_year() {
    // OGRS3 cannot score this request (no gender, no sanctions): its problems stay in
    // OGRS3's result. OGP names its own missing answers, in the service's order, and then
    // the OGRS3 two-year score it lacks, all in one MISSING_MANDATORY_INPUT.
    let req = RiskScoreRequest {
        gender: None,
        is_unemployed: None,
        pro_criminal_attitudes: None,
        total_number_of_sanctions_for_all_offences: Some(0),
        ..man()
    };
    let r = ogp(&req, &crate::ogrs3(&req));
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["is_unemployed", "pro_criminal_attitudes", "ogrs3_two_year"]
    );
    assert_eq!(r.output, Default::default());
    assert_eq!(r.score_type, Some(crate::ScoreType::Dynamic));
    // Only OGP's own fields missing: no OGRS3 name in the list.
    let req = RiskScoreRequest {
        current_drug_misuse: None,
        ..man()
    };
    let r = ogp(&req, &crate::ogrs3(&req));
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(r.validation_errors[0].fields, ["current_drug_misuse"]);
    // Every OGP answer given, OGRS3 stopped by its offence (08800 needs the exact offence):
    // only the OGRS3 score is missing.
    let req = RiskScoreRequest {
        current_offence_code: Some("08800".to_owned()),
        ..man()
    };
    let r = ogp(&req, &crate::ogrs3(&req));
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(r.validation_errors[0].fields, ["ogrs3_two_year"]);
    assert_eq!(r.output.point_score, None);
}

use super::*;
use crate::ogrs3::{age_gender_score, band, ogrs3};
use crate::response::Band;
use ValidationErrorType as V;

#[test]
fn worked_case_repeat_offender_man_of_thirty() {
    // Male, 30 at start of follow-up → age/gender −1.326.
    // 3 sanctions → repeat offender 0.46306.
    // Copas: 1.25112 · ln(3 / (10 + 29 − 20)) = 1.25112 · ln(3/19) = −2.309350689016272.
    // Offence 00100 (Violence) → 0.0.
    // S = −1.326 + 0.46306 − 2.309350689 + 0 = −3.172290689
    // p1 = logistic(1.40256 + S) = logistic(−1.769730689) = 0.145575… → 0.14558 → 15 %
    // p2 = logistic(2.1217 + S) = logistic(−1.050590689) = 0.259111… → 0.25911 → 26 % → LOW
    let r = ogrs3(&man());
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.one_year_score, Some(15));
    assert_eq!(r.output.two_year_score, Some(26));
    assert_eq!(r.output.band, Some(Band::Low));
    let fv = &r.feature_values;
    assert_eq!(fv.get("age_gender_score"), Some(-1.326));
    assert_eq!(fv.get("conviction_status_score"), Some(0.46306));
    assert!(close(
        fv.get("copas_score").unwrap(),
        1.25112 * (3.0_f64 / 19.0).ln()
    ));
    assert!(close(fv.get("copas_score").unwrap(), -2.309350689016272));
    assert_eq!(fv.get("offence_group_parameter"), Some(0.0));
    assert_eq!(fv.len(), 4);
}

#[test]
fn worked_case_first_time_woman_of_twenty_one() {
    // Female, born 15 Mar 1980, convicted 14 Mar 2000 (19), follow-up 1 May 2001 (21).
    // Age/gender (female 21–24) −1.0285; first-time offender 0.12614.
    // Copas: 1.25112 · ln(1 / (10 + 19 − 19)) = 1.25112 · ln(0.1) = −2.88081026.
    // Offence 00832 (Other offence) −0.0607.
    // S = −1.0285 + 0.12614 − 2.88081026 − 0.0607 = −3.84387026
    // p1 = logistic(−2.44131026) = 0.080076 → 0.08008 → 8 %
    // p2 = logistic(−1.72217026) = 0.151592 → 0.15159 → 15 % → LOW
    let req = RiskScoreRequest {
        gender: Some(Gender::Female),
        date_of_birth: Some(d(1980, 3, 15)),
        date_of_current_conviction: Some(d(2000, 3, 14)),
        date_at_start_of_followup_calculated: Some(d(2001, 5, 1)),
        total_number_of_sanctions_for_all_offences: Some(1),
        age_at_first_sanction: Some(19),
        current_offence_code: Some("00832".to_owned()),
        ..Default::default()
    };
    let r = ogrs3(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(8), Some(15))
    );
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(
        r.feature_values.get("conviction_status_score"),
        Some(0.12614)
    );
    assert_eq!(
        r.feature_values.get("offence_group_parameter"),
        Some(-0.0607)
    );
    assert_eq!(r.feature_values.get("age_gender_score"), Some(-1.0285));
}

#[test]
fn worked_case_young_prolific_thief_is_very_high() {
    // Male 18 at follow-up (−0.6251), 20 sanctions (0.46306), conviction at 18, first at 12:
    // copas 1.25112 · ln(20/16) = 0.27917936; theft 03800 +0.6612.
    // S = 0.77833936; p1 = logistic(2.18089936) = 0.898521 → 90 %;
    // p2 = logistic(2.90003936) = 0.947848 → 95 % → VERY_HIGH.
    let req = RiskScoreRequest {
        date_of_birth: Some(d(2000, 1, 1)),
        date_of_current_conviction: Some(d(2018, 6, 1)),
        date_at_start_of_followup_calculated: Some(d(2018, 7, 1)),
        total_number_of_sanctions_for_all_offences: Some(20),
        age_at_first_sanction: Some(12),
        current_offence_code: Some("03800".to_owned()),
        ..man()
    };
    let r = ogrs3(&req);
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(90), Some(95))
    );
    assert_eq!(r.output.band, Some(Band::VeryHigh));
}

#[test]
fn percentages_clamp_to_one_and_ninety_nine() {
    // Female 10 at follow-up (0.785), 1000 sanctions all by 10: copas
    // 1.25112 · ln(1000/10) = 5.7616; soliciting +0.7606: S ≈ 7.7701.
    // p1 = logistic(9.1727) ≈ 0.99990 → 99.99 % → 100 → 99; p2 likewise 99.
    let high = RiskScoreRequest {
        gender: Some(Gender::Female),
        date_of_birth: Some(d(2000, 1, 1)),
        date_of_current_conviction: Some(d(2010, 2, 1)),
        date_at_start_of_followup_calculated: Some(d(2010, 3, 1)),
        total_number_of_sanctions_for_all_offences: Some(1000),
        age_at_first_sanction: Some(10),
        current_offence_code: Some(soliciting_code()),
        ..man()
    };
    let r = ogrs3(&high);
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(99), Some(99))
    );
    assert_eq!(r.output.band, Some(Band::VeryHigh));
    // Male 60 (−2.0253), first-time (0.12614), convicted at 60 first sanctioned at 10:
    // copas 1.25112 · ln(1/60) = −5.12252; drug import −0.7956: S ≈ −7.81728.
    // p1 = logistic(−6.41472) ≈ 0.00164 → 0.16 % → 0 → 1; p2 = logistic(−5.69558) → 1.
    let low = RiskScoreRequest {
        date_of_birth: Some(d(1950, 1, 1)),
        date_of_current_conviction: Some(d(2010, 2, 1)),
        date_at_start_of_followup_calculated: Some(d(2010, 3, 1)),
        total_number_of_sanctions_for_all_offences: Some(1),
        age_at_first_sanction: Some(10),
        current_offence_code: Some(drug_import_code()),
        ..man()
    };
    let r = ogrs3(&low);
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(1), Some(1))
    );
    assert_eq!(r.output.band, Some(Band::Low));
}

fn code_of(category: &str) -> String {
    concord_domain::offence_catalogue()
        .iter()
        .find(|o| o.category == category && o.ogrs3_weight.is_some())
        .unwrap()
        .code
        .to_owned()
}

fn soliciting_code() -> String {
    code_of("Soliciting or prostitution")
}

fn drug_import_code() -> String {
    code_of("Drug import/export/production")
}

#[test]
fn band_edges() {
    assert_eq!(band(0), Band::Low);
    assert_eq!(band(49), Band::Low);
    assert_eq!(band(50), Band::Medium);
    assert_eq!(band(74), Band::Medium);
    assert_eq!(band(75), Band::High);
    assert_eq!(band(89), Band::High);
    assert_eq!(band(90), Band::VeryHigh);
    assert_eq!(band(99), Band::VeryHigh);
}

#[test]
fn age_gender_rows_start_where_the_table_says() {
    let m = |age| age_gender_score(Gender::Male, age).unwrap();
    let f = |age| age_gender_score(Gender::Female, age).unwrap();
    assert_eq!((m(10), f(10)), (0.0, 0.785));
    assert_eq!((m(11), m(12)), (0.0, 0.08392));
    assert_eq!((m(15), m(16)), (0.07578, -0.0616));
    assert_eq!((f(17), f(18)), (-0.9592, -0.8975));
    assert_eq!((m(20), m(21)), (-0.6251, -1.0515));
    assert_eq!((m(24), m(25)), (-1.0515, -1.1667));
    assert_eq!((f(29), f(30)), (-1.0528, -1.1291));
    assert_eq!((m(34), m(35)), (-1.326, -1.368));
    assert_eq!((f(39), f(40)), (-1.4219, -1.5247));
    assert_eq!((m(49), m(50)), (-1.4997, -2.0253));
    assert_eq!(f(120), -2.4498);
    let err = age_gender_score(Gender::Male, 9).unwrap_err();
    assert_eq!(err.kind, V::UnexpectedError);
    assert!(err.message.ends_with("Unhandled age: 9"));
}

#[test]
fn missing_inputs_are_listed_once_in_the_documented_order() {
    let r = ogrs3(&RiskScoreRequest::default());
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].message,
        "Mandatory input field(s) missing"
    );
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "gender",
            "date_of_birth",
            "date_of_current_conviction",
            "date_at_start_of_followup_calculated",
            "total_number_of_sanctions_for_all_offences",
            "age_at_first_sanction",
            "current_offence_code",
        ]
    );
    assert_eq!(r.output, Default::default());
    assert!(r.feature_values.is_empty());
}

#[test]
fn every_problem_is_reported_at_once_in_the_documented_order() {
    let req = RiskScoreRequest {
        gender: None,
        total_number_of_sanctions_for_all_offences: Some(0),
        current_offence_code: Some("0010".to_owned()),
        date_of_birth: Some(d(2010, 1, 1)),
        date_of_current_conviction: Some(d(2019, 6, 1)),
        date_at_start_of_followup_calculated: Some(d(2019, 5, 1)),
        age_at_first_sanction: Some(12),
        ..man()
    };
    let r = ogrs3(&req);
    assert_eq!(
        kinds(&r.validation_errors),
        [
            V::MissingMandatoryInput,
            V::TotalNumberOfSanctionsLessThanOne,
            V::OffenceCodeIncorrectFormat,
            V::AgeAtCurrentConvictionLessThanTen,
            V::AgeAtFirstSanctionAfterAgeAtCurrentConviction,
            V::FollowUpDateBeforeConvictionDate,
        ]
    );
    assert_eq!(r.validation_errors[0].fields, ["gender"]);
    assert_eq!(
        r.validation_errors[1].message,
        "Total number of sanctions must be one or greater"
    );
    assert_eq!(
        r.validation_errors[2].message,
        "Offence code must be a string of 5 digits"
    );
    assert_eq!(
        r.validation_errors[3].message,
        "Age at current conviction must be 10 or greater"
    );
    assert_eq!(r.output.band, None);
}

#[test]
fn offence_codes_without_a_weight_say_why() {
    let with = |code: &str| {
        ogrs3(&RiskScoreRequest {
            current_offence_code: Some(code.to_owned()),
            ..man()
        })
    };
    let r = with("08800");
    assert_eq!(kinds(&r.validation_errors), [V::NeedDetailsOfExactOffence]);
    assert!(r.validation_errors[0]
        .message
        .starts_with("For this group of offences"));
    let r = with("95000");
    assert_eq!(kinds(&r.validation_errors), [V::OffenceCodeMappingNotFound]);
    assert_eq!(
        r.validation_errors[0].message,
        "No offence code to actuarial weighting mapping found for 95000"
    );
    assert_eq!(r.validation_errors[0].fields, ["current_offence_code"]);
    // Only the length is checked for format: five letters are "not found".
    let r = with("ABCDE");
    assert_eq!(kinds(&r.validation_errors), [V::OffenceCodeMappingNotFound]);
    assert_eq!(r.output.two_year_score, None);
}

#[test]
fn dates_on_or_before_birth_are_unexpected_errors_not_panics() {
    let req = RiskScoreRequest {
        date_of_current_conviction: Some(d(1990, 1, 1)),
        date_at_start_of_followup_calculated: Some(d(1850, 1, 1)),
        ..man()
    };
    let r = ogrs3(&req);
    assert_eq!(
        kinds(&r.validation_errors),
        [V::UnexpectedError, V::UnexpectedError]
    );
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: date_of_current_conviction cannot be on or before date of birth."
    );
    assert_eq!(r.output.one_year_score, None);
}

//! OGRS3 as the MoJ service answers it (issue 17). Rules of the old Concord model the
//! service does not have, whose assertions were turned round: one-pass validation (now two
//! phases: the request, then the history), FOLLOW_UP_DATE_BEFORE_CONVICTION_DATE (OGRS3
//! has no such rule), and UNEXPECTED_ERRORs that named fields or came two at a time.

use super::*;
use crate::ogrs3::{age_gender_score, band, ogrs3};
use crate::response::Band;
use ValidationErrorType as V;

#[test]
fn worked_case_repeat_offender_man_of_thirty() {
    // Male, 30 at start of follow-up → age/gender −1.326.
    // 3 sanctions → repeat offender 0.46306.
    // Copas: the service rounds the log to 5 dp (HALF_UP) before weighting it:
    //   ln(3 / (10 + 29 − 20)) = ln(3/19) = −1.845826690498331 → −1.84583
    //   × 1.25112 = −2.3093548296 (unrounded it would be −2.309350689016272).
    // Offence 00100 (Violence) → 0.0.
    // S = −1.326 + 0.46306 − 2.3093548296 + 0 = −3.1722948296
    // p1 = logistic(1.40256 + S) = logistic(−1.7697348296) = 0.145575… → 0.14558 → 15 %
    // p2 = logistic(2.1217 + S) = logistic(−1.0505948296) = 0.259110… → 0.25911 → 26 % → LOW
    let r = ogrs3(&man());
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.one_year_score, Some(15));
    assert_eq!(r.output.two_year_score, Some(26));
    assert_eq!(r.output.band, Some(Band::Low));
    let fv = &r.feature_values;
    assert_eq!(fv.get("age_gender_score"), Some(-1.326));
    assert_eq!(fv.get("conviction_status_score"), Some(0.46306));
    // Exactly the double the service computes: round5(ln) × 1.25112.
    assert_eq!(fv.get("copas_score"), Some(-1.84583 * 1.25112));
    assert!(close(fv.get("copas_score").unwrap(), -2.3093548296));
    assert_eq!(fv.get("offence_group_parameter"), Some(0.0));
    // The four terms, in the service's order.
    let names: Vec<&str> = fv.iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "age_gender_score",
            "conviction_status_score",
            "copas_score",
            "offence_group_parameter"
        ]
    );
}

#[test]
fn worked_case_first_time_woman_of_twenty_one() {
    // Female, born 15 Mar 1980, convicted 14 Mar 2000 (19), follow-up 1 May 2001 (21).
    // Age/gender (female 21–24) −1.0285; first-time offender 0.12614.
    // Copas: ln(1 / (10 + 19 − 19)) = ln(0.1) = −2.302585093 → 5 dp −2.30259
    //   × 1.25112 = −2.8808164008.
    // Offence 00832 (Other offence) −0.0607.
    // S = −1.0285 + 0.12614 − 2.8808164008 − 0.0607 = −3.8438764008
    // p1 = logistic(−2.4413164008) = 0.0800759 → 0.08008 → 8 %
    // p2 = logistic(−1.7221764008) = 0.1515910 → 0.15159 → 15 % → LOW
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
    // ln(0.1) rounded to 5 dp as the service rounds it, not the constant −ln 10.
    #[allow(clippy::approx_constant)]
    let copas = -2.30259 * 1.25112;
    assert_eq!(r.feature_values.get("copas_score"), Some(copas));
}

#[test]
fn worked_case_young_prolific_thief_is_very_high() {
    // Male 18 at follow-up (−0.6251), 20 sanctions (0.46306), conviction at 18, first at 12:
    // copas ln(20/16) = 0.2231435513 → 5 dp 0.22314 × 1.25112 = 0.2791749168;
    // theft 03800 +0.6612.
    // S = 0.7783349168; p1 = logistic(2.1808949168) = 0.898521 → 0.89852 → 90 %;
    // p2 = logistic(2.9000349168) = 0.947848 → 0.94785 → 95 % → VERY_HIGH.
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
fn a_probability_on_a_decimal_half_rounds_its_binary_value() {
    // Male, born 15 Jan 1960, convicted 1 Jun 2000 (40), follow-up 1 Sep 2000 (40):
    // 40–49 → −1.4997; 2 sanctions → 0.46306; first at 15:
    // copas ln(2 / (10 + 40 − 15)) = ln(2/35) = −2.862200881 → −2.86220 × 1.25112
    // = −3.580955664; fraud 05101 +0.1599.
    // S = −1.4997 + 0.46306 − 3.580955664 + 0.1599 = −4.457695664.
    // p1 = logistic(−3.055135664) = 0.0449963 → 5 dp 0.04500, whose double is
    // 0.04499999999999999833…: × 100 = 4.4999… → 4 % (not 5, as the spelling "0.045"
    // would round). p2 = logistic(−2.335995664) = 0.0881854 → 0.08819 → 9 % → LOW.
    let r = ogrs3(&RiskScoreRequest {
        date_of_birth: Some(d(1960, 1, 15)),
        date_of_current_conviction: Some(d(2000, 6, 1)),
        date_at_start_of_followup_calculated: Some(d(2000, 9, 1)),
        total_number_of_sanctions_for_all_offences: Some(2),
        age_at_first_sanction: Some(15),
        current_offence_code: Some("05101".to_owned()),
        ..man()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(4), Some(9))
    );
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(r.feature_values.get("copas_score"), Some(-2.8622 * 1.25112));
}

#[test]
fn percentages_clamp_to_one_and_ninety_nine() {
    // Female 10 at follow-up (0.785), 1000 sanctions all by 10: copas
    // round5(ln(1000/10) = 4.605170186) = 4.60517 × 1.25112 = 5.7616202904;
    // soliciting +0.7606: S = 7.7702802904.
    // p1 = logistic(9.1728402904) = 0.99990 → 99.99 % → 100 → 99; p2 likewise 99.
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
    // copas round5(ln(1/60) = −4.094344562) = −4.09434 × 1.25112 = −5.1225106608;
    // drug import −0.7956: S = −7.8172706608.
    // p1 = logistic(−6.4147106608) = 0.00163 → 0.16 % → 0 → 1;
    // p2 = logistic(−5.6955706608) = 0.00335 → 0.34 % → 0 → 1.
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
    assert!(err.fields.is_empty());
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
    // The service validates in two phases. Phase one (missing fields, fewer than one
    // sanction, the code's length) reports every problem it finds and stops there: the
    // age problems of this request (9 at conviction, first sanction at 12) are not looked at.
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
        ]
    );
    assert_eq!(r.validation_errors[0].fields, ["gender"]);
    assert_eq!(
        r.validation_errors[1].message,
        "Total number of sanctions must be one or greater"
    );
    assert_eq!(
        r.validation_errors[1].fields,
        ["total_number_of_sanctions_for_all_offences"]
    );
    assert_eq!(
        r.validation_errors[2].message,
        "Offence code must be a string of 5 digits"
    );
    assert_eq!(r.validation_errors[2].fields, ["current_offence_code"]);
    assert_eq!(r.output.band, None);
    // Phase one passes: phase two reports the age at conviction, the first sanction and
    // the offence's weight together, in that order. OGRS3 has no follow-up-before-conviction
    // rule (the follow-up here is a month before the conviction), and the age of 9 at
    // follow-up is never reached because these errors stop the calculation first.
    let r = ogrs3(&RiskScoreRequest {
        gender: Some(Gender::Male),
        total_number_of_sanctions_for_all_offences: Some(3),
        current_offence_code: Some("08800".to_owned()),
        ..req
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [
            V::AgeAtCurrentConvictionLessThanTen,
            V::AgeAtFirstSanctionAfterAgeAtCurrentConviction,
            V::NeedDetailsOfExactOffence,
        ]
    );
    assert_eq!(
        r.validation_errors[0].message,
        "Age at current conviction must be 10 or greater"
    );
    assert_eq!(
        r.validation_errors[0].fields,
        ["date_of_birth", "date_of_current_conviction"]
    );
    assert_eq!(
        r.validation_errors[1].message,
        "Age at first sanction must be before age at current conviction"
    );
    assert_eq!(
        r.validation_errors[1].fields,
        [
            "date_of_birth",
            "date_of_current_conviction",
            "age_at_first_sanction"
        ]
    );
    assert_eq!(r.validation_errors[2].fields, ["current_offence_code"]);
    assert_eq!(r.output, Default::default());
    assert!(r.feature_values.is_empty());
    // A first sanction at the age of the conviction is allowed (29 and 29).
    let r = ogrs3(&RiskScoreRequest {
        age_at_first_sanction: Some(29),
        ..man()
    });
    assert_eq!(r.validation_errors, []);
}

#[test]
fn a_follow_up_before_the_conviction_is_scored_or_fails_on_age() {
    // Follow-up 1 May 2019, a month before the conviction: no validation error. Aged 29 at
    // follow-up → male 25–29 −1.1667; the rest as the worked case (0.46306, copas
    // −2.3093548296, 0.0): S = −3.0129948296;
    // p1 = logistic(−1.6104348296) = 0.166528 → 0.16653 → 17 %;
    // p2 = logistic(−0.8912948296) = 0.290843 → 0.29084 → 29 % → LOW.
    let r = ogrs3(&RiskScoreRequest {
        date_at_start_of_followup_calculated: Some(d(2019, 5, 1)),
        ..man()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        (r.output.one_year_score, r.output.two_year_score),
        (Some(17), Some(29))
    );
    assert_eq!(r.output.band, Some(Band::Low));
    // Convicted at 10, follow-up before it at 9: the age-gender table has no row for 9,
    // which the service reports as its exception, without fields.
    let r = ogrs3(&RiskScoreRequest {
        date_of_birth: Some(d(2009, 1, 1)),
        date_of_current_conviction: Some(d(2019, 6, 1)),
        date_at_start_of_followup_calculated: Some(d(2018, 6, 1)),
        age_at_first_sanction: Some(10),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: Unhandled age: 9"
    );
    assert!(r.validation_errors[0].fields.is_empty());
    assert!(r.feature_values.is_empty());
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
    assert_eq!(r.validation_errors[0].fields, ["current_offence_code"]);
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
    // The service refuses 00000 by throwing, before it reports anything else: one
    // UNEXPECTED_ERROR without fields, even with a field missing and no sanctions.
    let r = ogrs3(&RiskScoreRequest {
        gender: None,
        total_number_of_sanctions_for_all_offences: Some(0),
        current_offence_code: Some("00000".to_owned()),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: Offence code cannot be '00000'"
    );
    assert!(r.validation_errors[0].fields.is_empty());
    assert_eq!(r.output, Default::default());
}

#[test]
fn dates_on_or_before_birth_are_unexpected_errors_not_panics() {
    // Conviction on the day of birth: the service throws on the first age it computes, so
    // the follow-up (also before birth) is not reported; one error, no fields.
    let req = RiskScoreRequest {
        date_of_current_conviction: Some(d(1990, 1, 1)),
        date_at_start_of_followup_calculated: Some(d(1850, 1, 1)),
        ..man()
    };
    let r = ogrs3(&req);
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: dateOfCurrentConviction cannot be on or before date of birth."
    );
    assert!(r.validation_errors[0].fields.is_empty());
    assert_eq!(r.output.one_year_score, None);
    assert!(r.feature_values.is_empty());
    // Only the follow-up on the day of birth: named as the service names it.
    let r = ogrs3(&RiskScoreRequest {
        date_at_start_of_followup_calculated: Some(d(1990, 1, 1)),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Unexpected error thrown during calculation, see logs for further details: dateAtStartOfFollowup cannot be on or before date of birth."
    );
    assert!(r.validation_errors[0].fields.is_empty());
}

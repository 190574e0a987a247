use super::*;
use crate::response::{Band, ScoreType};
use crate::rsr::rsr_band;
use crate::snsv::snsv;
use ValidationErrorType as V;

#[test]
fn worked_case_static_man_of_thirty() {
    // Static model, male, 30 at follow-up, convicted at 29, first sanction at 20,
    // 3 sanctions (1 violent), offence 00100, 14 whole months from follow-up start
    // (1 Jan 2020) to assessment (15 Mar 2021).
    //   intercept                                   3.60407707356772
    //   age 30·(c0 + c1·30 + c2·30² + c3·30³)      −6.474393570678477
    //   total 3 × −0.0147495874606046              −0.0442487623818138
    //   months 14·(m0 + m1·14 + m2·14² + m3·14³)   −0.3093690355565747
    //   ln(3/(29 − 20 + 12)) × 0.769213898314811   −1.4968211315251927
    //   exactly one violent                        −0.0633592949212861
    //   1 violent × 0.0188685880078656              0.0188685880078656
    //   ln(1/(9 + 30)) × 0.207442427665471         −0.759978121775243
    //   offence 00100 static                        0.01927038224
    //   offence 00100 VATP static                   0.238802610774108
    //   sum −5.267151262…; logistic = 0.00513181291… → 0.51 % → LOW
    let req = RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Static),
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.score_type, ScoreType::Static);
    assert_eq!(r.output.score, Some(0.51));
    assert_eq!(r.output.band, Some(Band::Low));
    let fv = &r.feature_values;
    assert!(close(fv.get("age_score").unwrap(), -6.474393570678477));
    assert!(close(
        fv.get("months_since_last_sanction_score").unwrap(),
        -0.3093690355565747
    ));
    assert!(close(
        fv.get("sanction_rate_score").unwrap(),
        (3.0_f64 / 21.0).ln() * 0.769213898314811
    ));
    assert!(close(
        fv.get("violence_rate_score").unwrap(),
        (1.0_f64 / 39.0).ln() * 0.207442427665471
    ));
    assert_eq!(fv.get("violent_history_score"), Some(-0.0633592949212861));
    assert_eq!(fv.get("offence_code_vatp_score"), Some(0.238802610774108));
    assert_eq!(fv.get("one_sanction_score"), Some(0.0));
    assert_eq!(fv.get("weapon_score"), None);
    assert!(close(fv.sum(), -5.267151262248893));
}

#[test]
fn worked_case_dynamic_woman_with_two_sanctions() {
    // Dynamic model, female 25 at follow-up, convicted at 24, first sanction at 19,
    // 2 sanctions, none violent, theft 03800; 41 months to assessment, capped at 36.
    //   intercept 2.39022796091603; age 25 (female poly) 10.35761303389888;
    //   female −16.6927292697847; two sanctions −1.51763151836726;
    //   total 2 × −0.0182592921752245 = −0.036518584350449;
    //   years first→second (24 − 19 = 5) × −0.0960719132524968 = −0.480359566262484;
    //   months 36 → −0.24515740905920996; no violence (female) −1.7513536371131;
    //   offence −0.210828726274969, VATP 0.0;
    //   weapon 0.15071282416667; accommodation 2 × 0.0619710049121293;
    //   unemployed 0.0778219399253534; partner 1 × 0.0259107268767618;
    //   chronic drinking 2 × 0.0935672441515258; binge 1 × 0.0567127896345591;
    //   impulsivity 2 × 0.077212834605957; temper 1 × 0.0482892034688302;
    //   attitudes 2 × 0.130830533773332; domestic violence 0.0847839330659903;
    //   previous wounding/GBH 0.451029720739399; previous arson 0.12261588608151.
    //   sum −6.441697457552…; logistic = 0.00159116331… → 0.16 % → LOW
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
    assert_eq!(r.score_type, ScoreType::Dynamic);
    assert_eq!(r.output.score, Some(0.16));
    assert_eq!(r.output.band, Some(Band::Low));
    let fv = &r.feature_values;
    assert!(close(fv.get("age_score").unwrap(), 10.35761303389888));
    assert!(close(
        fv.get("years_between_first_and_second_sanction_score")
            .unwrap(),
        -0.480359566262484
    ));
    assert_eq!(fv.get("previous_arson_score"), Some(0.12261588608151));
    assert_eq!(fv.get("previous_homicide_score"), Some(0.0));
    assert_eq!(fv.get("employment_score"), Some(0.0778219399253534));
    assert!(close(fv.sum(), -6.441697457552299));
}

#[test]
fn missing_dynamic_input_falls_back_to_static_without_blocking() {
    let req = RiskScoreRequest {
        temper_control: None,
        previous_convictions: None,
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.score_type, ScoreType::Static);
    assert_eq!(r.output.score, Some(0.51)); // the static worked case
    assert_eq!(kinds(&r.validation_errors), [V::MissingDynamicInput]);
    assert_eq!(
        r.validation_errors[0].message,
        "Dynamic input field(s) missing"
    );
    assert_eq!(
        r.validation_errors[0].fields,
        ["temper_control", "previous_convictions"]
    );
}

#[test]
fn a_forced_dynamic_score_needs_every_dynamic_input() {
    let req = RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Dynamic),
        is_unemployed: None,
        ..man()
    };
    let r = snsv(&req);
    assert_eq!(r.score_type, ScoreType::Dynamic);
    assert_eq!(r.output.score, None);
    assert_eq!(kinds(&r.validation_errors), [V::MissingDynamicInput]);
    // With everything present, forced DYNAMIC is the dynamic model.
    let r = snsv(&RiskScoreRequest {
        snsv_static_or_dynamic: Some(StaticOrDynamic::Dynamic),
        ..man()
    });
    assert_eq!(r.score_type, ScoreType::Dynamic);
    assert!(r.output.score.is_some());
}

#[test]
fn domestic_abuse_answers_must_agree() {
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: Some(false),
        domestic_abuse_against_family: Some(true),
        ..man()
    });
    assert_eq!(r.score_type, ScoreType::Static);
    assert_eq!(
        kinds(&r.validation_errors),
        [V::DomesticAbuseInconsistentInput]
    );
    assert_eq!(
        r.validation_errors[0].fields,
        ["domestic_abuse_against_family"]
    );
    assert!(r.output.score.is_some());
    let r = snsv(&RiskScoreRequest {
        evidence_of_domestic_abuse: Some(true),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::MissingDynamicInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["domestic_abuse_against_partner"]
    );
}

#[test]
fn months_are_zero_when_follow_up_starts_after_the_assessment() {
    let r = snsv(&RiskScoreRequest {
        assessment_date: Some(d(2019, 12, 1)),
        ..man()
    });
    assert_eq!(
        r.feature_values.get("months_since_last_sanction_score"),
        Some(0.0)
    );
}

#[test]
fn static_validation_blocks_and_overflow_is_reported() {
    let r = snsv(&RiskScoreRequest {
        current_offence_code: Some("99999".to_owned()),
        total_number_of_violent_sanctions: None,
        ..man()
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [V::MissingMandatoryInput, V::OffenceCodeMappingNotFound]
    );
    assert_eq!(
        r.validation_errors[0].fields,
        ["total_number_of_violent_sanctions"]
    );
    assert_eq!(r.output.score, None);
    // 9.2e18 sanctions: the linear score leaves exp's range.
    let r = snsv(&RiskScoreRequest {
        total_number_of_sanctions_for_all_offences: Some(i64::MAX),
        ..man()
    });
    assert_eq!(kinds(&r.validation_errors), [V::UnexpectedError]);
    assert!(r.validation_errors[0]
        .message
        .ends_with("invalid inputs overflow exp operation"));
}

#[test]
fn bands_use_the_rsr_cut_points() {
    assert_eq!(rsr_band(0.0), Band::Low);
    assert_eq!(rsr_band(2.99), Band::Low);
    assert_eq!(rsr_band(3.0), Band::Medium);
    assert_eq!(rsr_band(6.89), Band::Medium);
    assert_eq!(rsr_band(6.9), Band::High);
    assert_eq!(rsr_band(99.99), Band::High);
}

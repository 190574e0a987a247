//! RSR as the MoJ service answers it (issue 17). Rules of the old Concord model the
//! service does not have, whose assertions were turned round: RSR feature values (none),
//! component errors naming request fields (they name the components), 3.0 as MEDIUM (it is
//! LOW), and `has_sexual_offence_history` taken from OSP-DC (it is the request's answer).

use super::*;
use crate::response::{Band, ScoreType};
use crate::rsr::rsr_band;
use crate::{compute, osp_dc, osp_iic, rsr, snsv};
use ValidationErrorType as V;

fn sexual_offender() -> RiskScoreRequest {
    RiskScoreRequest {
        date_of_birth: Some(d(1970, 1, 1)),
        date_of_current_conviction: Some(d(2009, 6, 1)),
        date_at_start_of_followup_user_input: Some(d(2010, 6, 1)),
        date_of_most_recent_sexual_offence: Some(d(2008, 1, 1)),
        most_recent_offence_date: Some(d(2009, 1, 1)),
        assessment_date: Some(d(2020, 1, 1)),
        total_number_of_sanctions_for_all_offences: Some(4),
        total_number_of_violent_sanctions: Some(0),
        age_at_first_sanction: Some(30),
        has_ever_committed_sexual_offence: Some(true),
        is_current_offence_against_victim_stranger: Some(true),
        total_contact_adult_sexual_sanctions: Some(1),
        total_contact_child_sexual_sanctions: Some(2),
        total_indecent_image_sanctions: Some(0),
        total_non_contact_sexual_offences: Some(0),
        ..man()
    }
}

fn rsr_of(req: &RiskScoreRequest) -> crate::PredictorResult<crate::RsrOutput> {
    rsr(req, snsv(req), osp_dc(req), osp_iic(req))
}

#[test]
fn worked_case_man_with_sexual_history() {
    // SNSV (dynamic; every answer "no"): male 40 at follow-up, convicted at 39, first at 30,
    // 4 sanctions none violent, 36 months, offence 00100, in the service's order:
    //   2.39022796091603 + 0 − 6.574272864458742 − 0.006538498404 + 0
    //   − 0.24515740905920996 − 1.1427733728433491 − 0.35940007303088 + 0 + 0
    //   + 0.204895023669854 − 0.073037168700898 + 0 (+ eleven dynamic 0.0 terms)
    //   = −5.806056401911194 → logistic 0.0030002455 → 0.30 %
    // OSP-DC 7.17 % (see the OSP worked case); OSP-IIC: 2 contact-child → 0.93 %.
    // RSR = 0.30 + 7.17 + 0.93 = 8.40 % → HIGH (≥ 6.9).
    let r = rsr_of(&sexual_offender());
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.score_type, Some(ScoreType::Combined));
    assert_eq!(r.output.overall_score, Some(8.4));
    assert_eq!(r.output.band, Some(Band::High));
    assert_eq!(r.output.female_version, Some(false));
    assert_eq!(r.output.has_sexual_offence_history, Some(true));
    let c = &r.output.component_scores;
    assert_eq!(c.serious_violence_predictor_score.output.score, Some(0.3));
    assert_eq!(
        c.direct_contact_sexual_predictor_score.output.score,
        Some(7.17)
    );
    assert_eq!(
        c.indirect_contact_sexual_predictor_score.output.score,
        Some(0.93)
    );
    // RSR reports no feature values of its own; the components carry theirs.
    assert!(r.feature_values.is_empty());
}

#[test]
fn without_sexual_history_rsr_is_snsv_alone() {
    // Neither OSP applies to a man without sexual history: both NOT_APPLICABLE with 0.0,
    // so RSR is exactly the SNSV score (no 0.06 % OSP-IIC "no sanctions" row).
    // SNSV (man(), dynamic): −5.638544559447489 → logistic 0.0035454 → 0.35 %.
    let r = rsr_of(&man());
    assert_eq!(r.validation_errors, []);
    let c = &r.output.component_scores;
    assert_eq!(c.serious_violence_predictor_score.output.score, Some(0.35));
    assert_eq!(
        c.direct_contact_sexual_predictor_score.output.band,
        Some(Band::NotApplicable)
    );
    assert_eq!(
        c.indirect_contact_sexual_predictor_score.output.band,
        Some(Band::NotApplicable)
    );
    assert_eq!(r.output.overall_score, Some(0.35));
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(r.output.female_version, Some(false));
    assert_eq!(r.output.has_sexual_offence_history, Some(false));
}

#[test]
fn worked_case_woman_with_sexual_history_gets_the_fixed_contribution() {
    // SNSV (dynamic, female 40): 2.39022796091603 + 10.009127639879946 − 16.6927292697847
    //   − 0.073037168700898 − 0.24515740905921 − 1.271929749404014 − 1.7513536371131
    //   − 0.006538498404 + 0.204895023669854 = −7.43649510800009 → 0.000589 → 0.06 %
    // OSP-DC and OSP-IIC are not applicable (0.0 each); her history adds the fixed
    // 0.00383141762 as a percentage, 0.38: 0.06 + 0.0 + 0.0 + 0.38 = 0.44 % → LOW.
    let req = RiskScoreRequest {
        gender: Some(Gender::Female),
        ..sexual_offender()
    };
    let r = rsr_of(&req);
    assert_eq!(r.output.overall_score, Some(0.44));
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(r.output.female_version, Some(true));
    // The request's answer, whatever OSP-DC writes for a woman.
    assert_eq!(r.output.has_sexual_offence_history, Some(true));
    assert!(r.feature_values.is_empty());
    // Without sexual history she gets SNSV alone.
    let r = rsr_of(&RiskScoreRequest {
        gender: Some(Gender::Female),
        ..man()
    });
    assert_eq!(r.output.has_sexual_offence_history, Some(false));
    assert_eq!(
        r.output.overall_score,
        r.output
            .component_scores
            .serious_violence_predictor_score
            .output
            .score
    );
}

#[test]
fn a_blocked_component_is_a_component_validation_error() {
    // SNSV lacks the age at first sanction; OSP-DC and OSP-IIC lack a count. RSR names the
    // components that failed, not their fields, in the order OSPDC, OSPIIC, SNSV.
    let req = RiskScoreRequest {
        age_at_first_sanction: None,
        total_non_contact_sexual_offences: None,
        ..sexual_offender()
    };
    let r = rsr_of(&req);
    assert_eq!(kinds(&r.validation_errors), [V::ComponentValidationError]);
    assert_eq!(
        r.validation_errors[0].message,
        "Validation error(s) in component scores"
    );
    assert_eq!(r.validation_errors[0].fields, ["OSPDC", "OSPIIC", "SNSV"]);
    assert_eq!(r.output.overall_score, None);
    assert_eq!(r.output.band, None);
    assert_eq!(r.output.female_version, None);
    assert_eq!(r.output.has_sexual_offence_history, None);
    assert_eq!(r.score_type, Some(ScoreType::Combined));
    // The components say why.
    assert_eq!(
        kinds(
            &r.output
                .component_scores
                .serious_violence_predictor_score
                .validation_errors
        ),
        [V::MissingMandatoryInput]
    );
    // SNSV alone.
    let r = rsr_of(&RiskScoreRequest {
        age_at_first_sanction: None,
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors[0].fields, ["SNSV"]);
    // A non-blocking SNSV problem (static fallback) does not block RSR.
    let r = rsr_of(&RiskScoreRequest {
        temper_control: None,
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors, []);
    assert!(r.output.overall_score.is_some());
    // The sexual section unanswered: OSP-DC and OSP-IIC both need the history answer.
    let r = rsr_of(&RiskScoreRequest {
        has_ever_committed_sexual_offence: None,
        is_current_offence_sexually_motivated: None,
        ..man()
    });
    assert_eq!(r.validation_errors[0].fields, ["OSPDC", "OSPIIC"]);
    assert_eq!(r.output.overall_score, None);
}

#[test]
fn a_woman_with_history_but_no_counts_has_no_rsr_and_no_error() {
    // History "yes", the offence sexually motivated, every count 0: for a woman neither
    // OSP checks the counts (both not applicable), and RSR answers nothing, without error.
    let req = RiskScoreRequest {
        gender: Some(Gender::Female),
        is_current_offence_sexually_motivated: Some(true),
        total_contact_adult_sexual_sanctions: Some(0),
        total_contact_child_sexual_sanctions: Some(0),
        ..sexual_offender()
    };
    let r = rsr_of(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.overall_score, None);
    assert_eq!(r.output.band, None);
    assert_eq!(r.output.female_version, None);
    assert_eq!(r.output.has_sexual_offence_history, None);
    // Not motivated: her history still adds 0.38 to SNSV (0.06, the worked case above).
    let r = rsr_of(&RiskScoreRequest {
        is_current_offence_sexually_motivated: Some(false),
        ..req
    });
    assert_eq!(r.output.overall_score, Some(0.44));
}

#[test]
fn bands_use_the_rsr_cut_points() {
    assert_eq!(rsr_band(0.0), Band::Low);
    assert_eq!(rsr_band(2.99), Band::Low);
    // The service's low band includes 3.0.
    assert_eq!(rsr_band(3.0), Band::Low);
    assert_eq!(rsr_band(3.01), Band::Medium);
    assert_eq!(rsr_band(6.89), Band::Medium);
    assert_eq!(rsr_band(6.9), Band::High);
    assert_eq!(rsr_band(99.99), Band::High);
}

#[test]
fn compute_gives_rsr_the_same_components_it_reports() {
    let response = compute(&sexual_offender());
    let c = &response.rsr.output.component_scores;
    assert_eq!(c.serious_violence_predictor_score, response.snsv);
    assert_eq!(c.direct_contact_sexual_predictor_score, response.osp_dc);
    assert_eq!(c.indirect_contact_sexual_predictor_score, response.osp_iic);
}

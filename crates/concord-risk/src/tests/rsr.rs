use super::*;
use crate::response::{Band, ScoreType};
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
    rsr(snsv(req), osp_dc(req), osp_iic(req))
}

#[test]
fn worked_case_man_with_sexual_history() {
    // SNSV (dynamic; every answer "no"): male 40 at follow-up, convicted at 39, first at 30,
    // 4 sanctions none violent, 36 months, offence 00100:
    //   2.39022796091603 − 6.574272864458742 − 0.073037168700898 − 0.245157409059210
    //   − 1.142773372843349 − 0.35940007303088 − 0.006538498404 + 0.204895023669854
    //   = −5.806056401911194 → logistic 0.0030002455 → 0.30 %
    // OSP-DC 7.17 % (see the OSP worked case); OSP-IIC: 2 contact-child → 0.93 %.
    // RSR = 0.30 + 7.17 + 0.93 = 8.40 % → HIGH (≥ 6.9).
    let r = rsr_of(&sexual_offender());
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.score_type, ScoreType::Combined);
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
    assert_eq!(
        r.feature_values.get("female_sexual_offence_history_score"),
        Some(0.0)
    );
}

#[test]
fn worked_case_woman_with_sexual_history_gets_the_fixed_contribution() {
    // SNSV (dynamic, female 40): 2.39022796091603 + 10.009127639879946 − 16.6927292697847
    //   − 0.073037168700898 − 0.24515740905921 − 1.271929749404014 − 1.7513536371131
    //   − 0.006538498404 + 0.204895023669854 = −7.43649510800009 → 0.000589 → 0.06 %
    // OSP-DC and OSP-IIC are not applicable; + 0.383141762 % → 0.443… → 0.44 % → LOW.
    let req = RiskScoreRequest {
        gender: Some(Gender::Female),
        ..sexual_offender()
    };
    let r = rsr_of(&req);
    assert_eq!(r.output.overall_score, Some(0.44));
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(r.output.female_version, Some(true));
    assert_eq!(
        r.feature_values.get("female_sexual_offence_history_score"),
        Some(0.383141762)
    );
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
    assert_eq!(
        r.validation_errors[0].fields,
        ["age_at_first_sanction", "total_non_contact_sexual_offences"]
    );
    assert_eq!(r.output.overall_score, None);
    assert_eq!(r.output.band, None);
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
    // A non-blocking SNSV problem (static fallback) does not block RSR.
    let r = rsr_of(&RiskScoreRequest {
        temper_control: None,
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors, []);
    assert!(r.output.overall_score.is_some());
}

#[test]
fn compute_gives_rsr_the_same_components_it_reports() {
    let response = compute(&sexual_offender());
    let c = &response.rsr.output.component_scores;
    assert_eq!(c.serious_violence_predictor_score, response.snsv);
    assert_eq!(c.direct_contact_sexual_predictor_score, response.osp_dc);
    assert_eq!(c.indirect_contact_sexual_predictor_score, response.osp_iic);
}

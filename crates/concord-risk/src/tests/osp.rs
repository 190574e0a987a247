//! OSP-DC and OSP-IIC as the MoJ service answers them.
//!
//! Rules of the old Concord model that the service does not have, whose assertions were
//! turned round rather than kept (issue 17):
//! - remand no longer stops the risk-band reduction (only custody does);
//! - history "yes" with every count 0 is not "no history" but SEXUAL_OFFENDING_MISSING_COUNTS;
//! - an unanswered sexual section is not "no history" but a missing mandatory input;
//! - a negative count is not an UNEXPECTED_ERROR (it scores no points);
//! - the assessment date is not a mandatory OSP-DC input;
//! - OSP-IIC no longer scores men without sexual history (the 0.06 % "no sanctions" row).

use super::*;
use crate::osp::dc::{age_at_followup_score, age_at_last_sexual_offence_score, points_band};
use crate::osp::{iic_hierarchy, osp_dc, osp_iic, SexualCounts};
use crate::response::{Band, ScoreType};
use ValidationErrorType as V;

/// A man born 1 Jan 1970 with sexual offending history: one contact-adult and two
/// contact-child sanctions, most recent sexual offence 1 Jan 2008 (aged 38), follow-up from
/// 1 Jun 2010 (aged 40), 4 sanctions in all, the current victim a stranger, assessed
/// 1 Jan 2020 in the community, most recent offence 1 Jan 2009.
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

#[test]
fn worked_case_very_high_reduced_to_high() {
    // contact adult 1 → 5; contact child 2 → 6; non-contact 0 → 0;
    // age 40 at follow-up → 14 − (40 − 18) div 3 = 14 − 7 = 7;
    // age 38 at last sexual offence → 10; 4 sanctions (≥ 2) → 6; stranger → 4.
    // Points = 5 + 6 + 0 + 7 + 10 + 6 + 4 = 38 → VERY_HIGH (36–64).
    // Score = logistic(−8.633 + 0.1598 · 38 = −2.5606) = 0.0717176 → 7.17 %.
    // Community; last offence 11 years, last sexual offence 12 years and follow-up start
    // 9 years before the assessment: reduction applies → HIGH.
    let r = osp_dc(&sexual_offender());
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.point_score, Some(38));
    assert_eq!(r.output.score, Some(7.17));
    assert_eq!(r.output.band, Some(Band::High));
    assert_eq!(r.output.risk_band_reduction_applied, Some(true));
    assert_eq!(r.output.female_version, Some(false));
    assert_eq!(r.output.has_sexual_offence_history, Some(true));
    assert_eq!(r.score_type, Some(ScoreType::Static));
    // The seven weights, in the service's order and under its names.
    let features: Vec<(&str, f64)> = r.feature_values.iter().collect();
    assert_eq!(
        features,
        [
            ("total_contact_adult_sexual_sanctions_weight", 5.0),
            ("total_contact_child_sexual_sanctions_weight", 6.0),
            ("total_non_contact_sexual_offences_weight", 0.0),
            ("age_at_start_of_follow_up_weight", 7.0),
            ("age_at_last_sanction_for_sexual_offence_weight", 10.0),
            ("total_number_of_sanctions_for_all_offences_weight", 6.0),
            ("current_offence_against_victim_stranger_weight", 4.0),
        ]
    );
    assert_eq!(r.feature_values.sum(), 38.0);
}

#[test]
fn no_reduction_in_custody_or_with_recent_offending() {
    for req in [
        RiskScoreRequest {
            supervision_status: Some(SupervisionStatus::Custody),
            ..sexual_offender()
        },
        RiskScoreRequest {
            // 4 years 364 days before the assessment.
            most_recent_offence_date: Some(d(2015, 1, 2)),
            ..sexual_offender()
        },
        RiskScoreRequest {
            date_of_most_recent_sexual_offence: Some(d(2015, 6, 1)),
            ..sexual_offender()
        },
        RiskScoreRequest {
            date_at_start_of_followup_user_input: Some(d(2016, 1, 1)),
            ..sexual_offender()
        },
    ] {
        let r = osp_dc(&req);
        assert_eq!(r.output.band, Some(Band::VeryHigh), "{req:?}");
        assert_eq!(r.output.risk_band_reduction_applied, Some(false));
    }
    // Exactly five years is no longer "less than five".
    let r = osp_dc(&RiskScoreRequest {
        most_recent_offence_date: Some(d(2015, 1, 1)),
        ..sexual_offender()
    });
    assert_eq!(r.output.risk_band_reduction_applied, Some(true));
    // Only custody stops the reduction: on remand the band is reduced (VERY_HIGH → HIGH).
    let r = osp_dc(&RiskScoreRequest {
        supervision_status: Some(SupervisionStatus::Remand),
        ..sexual_offender()
    });
    assert_eq!(r.output.band, Some(Band::High));
    assert_eq!(r.output.risk_band_reduction_applied, Some(true));
    // A date that is not given is not tested: without the most recent offence date and
    // the sexual offence date the follow-up start (9 years before) alone decides. Without
    // the sexual offence date that term scores 0: 38 − 10 = 28 → MEDIUM, reduced to LOW.
    let r = osp_dc(&RiskScoreRequest {
        most_recent_offence_date: None,
        date_of_most_recent_sexual_offence: None,
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.point_score, Some(28));
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(r.output.risk_band_reduction_applied, Some(true));
}

#[test]
fn worked_case_medium_at_its_lower_edge_reduced_to_low() {
    // contact adult 1 → 5; no other sexual sanctions; age 25 at follow-up →
    // 14 − (25 − 18) div 3 = 14 − 2 = 12; age 17 at last sexual offence → 5;
    // one sanction → 0; not a stranger → 0.  Points = 22 → MEDIUM (22–29).
    // Score = logistic(−8.633 + 0.1598 · 22 = −5.1174) = 0.0059559 → 0.60 %.
    // Old offending, community → reduced to LOW.
    let req = RiskScoreRequest {
        date_of_birth: Some(d(1980, 1, 1)),
        date_of_most_recent_sexual_offence: Some(d(1997, 6, 1)),
        date_at_start_of_followup_user_input: Some(d(2005, 6, 1)),
        most_recent_offence_date: Some(d(1997, 6, 1)),
        total_number_of_sanctions_for_all_offences: Some(1),
        total_contact_child_sexual_sanctions: Some(0),
        is_current_offence_against_victim_stranger: Some(false),
        ..sexual_offender()
    };
    let r = osp_dc(&req);
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.point_score, Some(22));
    assert_eq!(r.output.score, Some(0.6));
    assert_eq!(r.output.band, Some(Band::Low));
    assert_eq!(r.output.risk_band_reduction_applied, Some(true));
}

#[test]
fn points_tables_and_band_edges() {
    assert_eq!(points_band(0), Band::Low);
    assert_eq!(points_band(21), Band::Low);
    assert_eq!(points_band(22), Band::Medium);
    assert_eq!(points_band(29), Band::Medium);
    assert_eq!(points_band(30), Band::High);
    assert_eq!(points_band(35), Band::High);
    assert_eq!(points_band(36), Band::VeryHigh);
    assert_eq!(points_band(64), Band::VeryHigh);
    let ages: Vec<u32> = [10, 17, 18, 20, 21, 23, 24, 57, 59, 60, 99]
        .into_iter()
        .map(age_at_followup_score)
        .collect();
    assert_eq!(ages, [14, 14, 14, 14, 13, 13, 12, 1, 1, 0, 0]);
    let last: Vec<u32> = [10, 15, 16, 17, 18, 80]
        .into_iter()
        .map(age_at_last_sexual_offence_score)
        .collect();
    assert_eq!(last, [0, 0, 5, 5, 10, 10]);
    assert_eq!(age_at_last_sexual_offence_score(9), 0);
    // Counts step 0, 1, 2, 3+.
    let r = osp_dc(&RiskScoreRequest {
        total_contact_adult_sexual_sanctions: Some(7),
        total_contact_child_sexual_sanctions: Some(3),
        total_non_contact_sexual_offences: Some(2),
        ..sexual_offender()
    });
    assert_eq!(
        r.feature_values
            .get("total_contact_adult_sexual_sanctions_weight"),
        Some(15.0)
    );
    assert_eq!(
        r.feature_values
            .get("total_contact_child_sexual_sanctions_weight"),
        Some(9.0)
    );
    assert_eq!(
        r.feature_values
            .get("total_non_contact_sexual_offences_weight"),
        Some(4.0)
    );
    // Indecent images score nothing in OSP-DC (OSP-IIC counts them), and are not
    // subtracted from the non-contact offences.
    let r = osp_dc(&RiskScoreRequest {
        total_non_contact_sexual_offences: Some(2),
        total_indecent_image_sanctions: Some(2),
        ..sexual_offender()
    });
    assert_eq!(
        r.feature_values
            .get("total_non_contact_sexual_offences_weight"),
        Some(4.0)
    );
    assert_eq!(r.output.point_score, Some(42));
}

#[test]
fn not_applicable_for_women_and_men_without_sexual_history() {
    // Not applicable is not low: band NOT_APPLICABLE with score 0.0, no points, no
    // reduction decided, no feature values.
    let woman = RiskScoreRequest {
        gender: Some(Gender::Female),
        ..sexual_offender()
    };
    let r = osp_dc(&woman);
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        r.output,
        crate::OspDcOutput {
            band: Some(Band::NotApplicable),
            point_score: None,
            score: Some(0.0),
            female_version: Some(true),
            // The service writes "no history" for a woman: the model has none for her.
            has_sexual_offence_history: Some(false),
            risk_band_reduction_applied: None,
        }
    );
    assert!(r.feature_values.is_empty());
    let r = osp_iic(&woman);
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        r.output,
        crate::OspIicOutput {
            band: Some(Band::NotApplicable),
            score: Some(0.0),
            female_version: Some(true),
            // OSP-IIC repeats the answer to "ever committed a sexual offence".
            has_sexual_offence_history: Some(true),
        }
    );

    let r = osp_dc(&man());
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.band, Some(Band::NotApplicable));
    assert_eq!(r.output.score, Some(0.0));
    assert_eq!(r.output.female_version, Some(false));
    assert_eq!(r.output.has_sexual_offence_history, Some(false));
    assert_eq!(r.output.risk_band_reduction_applied, None);
    let r = osp_iic(&man());
    assert_eq!(
        (r.output.band, r.output.score),
        (Some(Band::NotApplicable), Some(0.0))
    );
    assert_eq!(r.output.has_sexual_offence_history, Some(false));
    // History is the "ever committed" answer alone: a sexually motivated current offence
    // with that answer "no" is still not applicable, and no error.
    let r = osp_dc(&RiskScoreRequest {
        is_current_offence_sexually_motivated: Some(true),
        ..man()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.band, Some(Band::NotApplicable));
    // History declared but every count zero: the counts must be completed (listed adult,
    // child, images, non-contact, the service's order for this case).
    let r = osp_dc(&RiskScoreRequest {
        total_contact_adult_sexual_sanctions: Some(0),
        total_contact_child_sexual_sanctions: Some(0),
        ..sexual_offender()
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [V::SexualOffendingMissingCounts]
    );
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "total_contact_adult_sexual_sanctions",
            "total_contact_child_sexual_sanctions",
            "total_indecent_image_sanctions",
            "total_non_contact_sexual_offences"
        ]
    );
    assert_eq!(r.output, Default::default());
    // Whole section absent: a man's history is a missing mandatory input for both.
    let unanswered = RiskScoreRequest {
        has_ever_committed_sexual_offence: None,
        is_current_offence_sexually_motivated: None,
        ..man()
    };
    let r = osp_dc(&unanswered);
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["has_ever_committed_sexual_offence"]
    );
    assert_eq!(r.output.has_sexual_offence_history, None);
    let r = osp_iic(&unanswered);
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        ["has_ever_committed_sexual_offence"]
    );
    // A woman who did not answer: OSP-IIC is not applicable and says so with a null.
    let r = osp_iic(&RiskScoreRequest {
        gender: Some(Gender::Female),
        ..unanswered
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.band, Some(Band::NotApplicable));
    assert_eq!(r.output.has_sexual_offence_history, None);
}

#[test]
fn osp_iic_hierarchy_first_match_wins() {
    let c = |i, child, adult| {
        Some(SexualCounts {
            contact_adult: adult,
            contact_child: child,
            indecent_images: i,
            non_contact: 0,
        })
    };
    assert_eq!(iic_hierarchy(c(2, 5, 0)), (Band::High, 0.10310));
    assert_eq!(iic_hierarchy(c(1, 5, 0)), (Band::Medium, 0.03328));
    assert_eq!(iic_hierarchy(c(0, 2, 0)), (Band::Low, 0.00926));
    assert_eq!(iic_hierarchy(c(0, 1, 0)), (Band::Low, 0.00634));
    // All four counts 0 (a validation error before OSP-IIC scores, so never reported).
    assert_eq!(iic_hierarchy(c(0, 0, 0)), (Band::Low, 0.00062));
    assert_eq!(iic_hierarchy(c(0, 0, 1)), (Band::Low, 0.00281));
    // Reported as percentages to 2 dp: 0.10310 → 10.31, 0.03328 → 3.33, 0.00926 → 0.93,
    // 0.00281 → 0.28. No feature values.
    let r = osp_iic(&RiskScoreRequest {
        total_indecent_image_sanctions: Some(2),
        ..sexual_offender()
    });
    assert_eq!(
        (r.output.band, r.output.score),
        (Some(Band::High), Some(10.31))
    );
    assert!(r.feature_values.is_empty());
    let r = osp_iic(&RiskScoreRequest {
        total_indecent_image_sanctions: Some(1),
        ..sexual_offender()
    });
    assert_eq!(
        (r.output.band, r.output.score),
        (Some(Band::Medium), Some(3.33))
    );
    let r = osp_iic(&sexual_offender());
    assert_eq!(
        (r.output.band, r.output.score),
        (Some(Band::Low), Some(0.93))
    );
    assert_eq!(r.output.female_version, Some(false));
    assert_eq!(r.output.has_sexual_offence_history, Some(true));
    assert_eq!(r.score_type, Some(ScoreType::Static));
    let r = osp_iic(&RiskScoreRequest {
        total_contact_child_sexual_sanctions: Some(0),
        ..sexual_offender()
    });
    assert_eq!(
        (r.output.band, r.output.score),
        (Some(Band::Low), Some(0.28))
    );
}

#[test]
fn osp_iic_no_sanctions_row_is_the_counts_summing_to_zero() {
    // One contact-adult and −1 contact-child sanctions: not all zero, so no
    // SEXUAL_OFFENDING_MISSING_COUNTS; no image or child row matches (−1 is neither ≥ 2
    // nor 1); 1 − 1 + 0 + 0 = 0 → the service's "no sexual offence sanctions" row,
    // LOW 0.00062 → 0.06 %, not "all others" 0.00281 → 0.28 %.
    let counts = SexualCounts {
        contact_adult: 1,
        contact_child: -1,
        indecent_images: 0,
        non_contact: 0,
    };
    assert_eq!(iic_hierarchy(Some(counts)), (Band::Low, 0.00062));
    let r = osp_iic(&RiskScoreRequest {
        total_contact_adult_sexual_sanctions: Some(1),
        total_contact_child_sexual_sanctions: Some(-1),
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        (r.output.band, r.output.score),
        (Some(Band::Low), Some(0.06))
    );
}

#[test]
fn sexual_section_validation() {
    // Counts missing for a man with history: listed adult, child, non-contact, images.
    let r = osp_dc(&RiskScoreRequest {
        total_indecent_image_sanctions: None,
        total_non_contact_sexual_offences: None,
        ..sexual_offender()
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [V::SexualOffendingMissingCounts]
    );
    assert_eq!(
        r.validation_errors[0].message,
        "Sexual motivation/offending identified - complete sexual offence counts"
    );
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "total_non_contact_sexual_offences",
            "total_indecent_image_sanctions"
        ]
    );
    assert_eq!(r.output.band, None);
    // History "no" with counts given: every count given is named, a 0 too; the date of
    // the most recent sexual offence is not looked at.
    let r = osp_iic(&RiskScoreRequest {
        has_ever_committed_sexual_offence: Some(false),
        ..sexual_offender()
    });
    assert_eq!(
        kinds(&r.validation_errors),
        [V::SexualOffendingInconsistentInput]
    );
    assert_eq!(
        r.validation_errors[0].message,
        "No sexual motivation/offending identified - additional fields should not be provided"
    );
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "total_contact_adult_sexual_sanctions",
            "total_contact_child_sexual_sanctions",
            "total_non_contact_sexual_offences",
            "total_indecent_image_sanctions"
        ]
    );
    assert_eq!(r.output, Default::default());
    // Without a gender nothing else of the section is checked (a negative count too).
    let r = osp_dc(&RiskScoreRequest {
        gender: None,
        total_contact_child_sexual_sanctions: Some(-2),
        ..sexual_offender()
    });
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(r.validation_errors[0].fields, ["gender"]);
    // There is no negative-count check: −2 contact-child sanctions score 0 points.
    let r = osp_dc(&RiskScoreRequest {
        total_contact_child_sexual_sanctions: Some(-2),
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(
        r.feature_values
            .get("total_contact_child_sexual_sanctions_weight"),
        Some(0.0)
    );
    // The assessment date is not an OSP-DC input; supervision status is.
    let r = osp_dc(&RiskScoreRequest {
        supervision_status: None,
        assessment_date: None,
        ..sexual_offender()
    });
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(r.validation_errors[0].fields, ["supervision_status"]);
    // OSP-DC asks its mandatory fields of everyone, before applicability, in the service's
    // order; a man with history must also say whether the offence was sexually motivated.
    let r = osp_dc(&RiskScoreRequest {
        date_of_birth: None,
        supervision_status: None,
        is_current_offence_sexually_motivated: None,
        ..sexual_offender()
    });
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "date_of_birth",
            "supervision_status",
            "is_current_offence_sexually_motivated"
        ]
    );
    let r = osp_dc(&RiskScoreRequest::default());
    assert_eq!(
        r.validation_errors[0].fields,
        [
            "gender",
            "has_ever_committed_sexual_offence",
            "date_of_birth",
            "date_at_start_of_followup_user_input",
            "total_number_of_sanctions_for_all_offences",
            "supervision_status"
        ]
    );
    // OSP-IIC asks only for the gender.
    let r = osp_iic(&RiskScoreRequest::default());
    assert_eq!(kinds(&r.validation_errors), [V::MissingMandatoryInput]);
    assert_eq!(r.validation_errors[0].fields, ["gender"]);
    // A woman's history is not checked even when her answers contradict it.
    let r = osp_dc(&RiskScoreRequest {
        gender: Some(Gender::Female),
        has_ever_committed_sexual_offence: Some(false),
        ..sexual_offender()
    });
    assert_eq!(r.validation_errors, []);
    assert_eq!(r.output.band, Some(Band::NotApplicable));
}

//! Nothing panics on any input, and every percentage stays inside its clamp.

use chrono::NaiveDate;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;

use crate::dash::{
    evaluate_marac, score_dash, DashAnswer, DashChecklist, DashRiskLevel, DashVersion,
    EscalationThreshold, MaracInput,
};
use crate::request::*;
use crate::rosh::RoshLevel;
use crate::rounding::round_half_up;
use crate::tier::*;
use crate::{compute, FeatureValues, RiskScoreResponse};

/// Dates from the year −9999 to 9999, the calendar's extremes, and a dense band around
/// the present so that related dates often line up.
fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-3_650_000i32..3_650_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (690_000i32..750_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
    ]
}

fn count() -> impl Strategy<Value = Option<i64>> {
    option::of(prop_oneof![
        any::<i64>(),
        -3i64..40,
        Just(i64::MAX),
        Just(i64::MIN)
    ])
}

fn problem() -> impl Strategy<Value = Option<ProblemLevel>> {
    option::of(prop_oneof![
        Just(ProblemLevel::NoProblems),
        Just(ProblemLevel::SomeProblems),
        Just(ProblemLevel::SignificantProblems),
    ])
}

fn code() -> impl Strategy<Value = Option<String>> {
    let catalogue = concord_domain::offence_catalogue();
    option::of(prop_oneof![
        (0..catalogue.len()).prop_map(move |i| catalogue[i].code.to_owned()),
        "[0-9]{5}",
        "\\PC{0,7}",
    ])
}

prop_compose! {
    fn dates()(
        dob in option::of(date()), conviction in option::of(date()),
        assessment in option::of(date()), calculated in option::of(date()),
        user in option::of(date()), sexual in option::of(date()), recent in option::of(date()),
    ) -> [Option<NaiveDate>; 7] {
        [dob, conviction, assessment, calculated, user, sexual, recent]
    }
}

prop_compose! {
    fn history()(
        total in count(), violent in count(), first in count(), code in code(),
        adult in count(), child in count(), images in count(), non_contact in count(),
    ) -> (Option<i64>, Option<i64>, Option<i64>, Option<String>, [Option<i64>; 4]) {
        (total, violent, first, code, [adult, child, images, non_contact])
    }
}

prop_compose! {
    fn answers()(
        bools in vec(option::of(any::<bool>()), 11),
        problems in vec(problem(), 11),
        gender in option::of(prop_oneof![Just(Gender::Male), Just(Gender::Female)]),
        status in option::of(prop_oneof![
            Just(SupervisionStatus::Community),
            Just(SupervisionStatus::Custody),
            Just(SupervisionStatus::Remand),
        ]),
        forced in option::of(prop_oneof![Just(StaticOrDynamic::Static), Just(StaticOrDynamic::Dynamic)]),
        awareness in option::of(prop_oneof![
            Just(YesSometimesNo::Yes), Just(YesSometimesNo::Sometimes), Just(YesSometimesNo::No),
        ]),
        motivation in option::of(prop_oneof![
            Just(MotivationLevel::FullMotivation),
            Just(MotivationLevel::PartialMotivation),
            Just(MotivationLevel::NoMotivation),
        ]),
        previous in option::of(vec(prop::sample::select(PreviousConviction::ALL.to_vec()), 0..12)),
    ) -> (Vec<Option<bool>>, Vec<Option<ProblemLevel>>, Option<Gender>, Option<SupervisionStatus>,
          Option<StaticOrDynamic>, Option<YesSometimesNo>, Option<MotivationLevel>,
          Option<Vec<PreviousConviction>>) {
        (bools, problems, gender, status, forced, awareness, motivation, previous)
    }
}

prop_compose! {
    fn request()(d in dates(), h in history(), a in answers()) -> RiskScoreRequest {
        let (total, violent, first, code, sexual) = h;
        let (b, p, gender, status, forced, awareness, motivation, previous) = a;
        RiskScoreRequest {
            version: Some(RequestVersion::V1_0),
            gender,
            date_of_birth: d[0],
            date_of_current_conviction: d[1],
            assessment_date: d[2],
            date_at_start_of_followup_calculated: d[3],
            date_at_start_of_followup_user_input: d[4],
            date_of_most_recent_sexual_offence: d[5],
            most_recent_offence_date: d[6],
            total_number_of_sanctions_for_all_offences: total,
            total_number_of_violent_sanctions: violent,
            age_at_first_sanction: first,
            current_offence_code: code,
            supervision_status: status,
            snsv_static_or_dynamic: forced,
            has_ever_committed_sexual_offence: b[0],
            is_current_offence_sexually_motivated: b[1],
            is_current_offence_against_victim_stranger: b[2],
            total_contact_adult_sexual_sanctions: sexual[0],
            total_contact_child_sexual_sanctions: sexual[1],
            total_indecent_image_sanctions: sexual[2],
            total_non_contact_sexual_offences: sexual[3],
            did_offence_involve_carrying_or_using_weapon: b[3],
            is_unemployed: b[4],
            is_currently_of_no_fixed_abode_or_transient_accommodation: b[5],
            does_recognise_impact_of_offending_on_others: b[6],
            has_current_psychiatric_treatment: b[7],
            evidence_of_domestic_abuse: b[8],
            domestic_abuse_against_partner: b[9],
            domestic_abuse_against_family: b[10],
            suitability_of_accommodation: p[0],
            current_relationship_with_partner: p[1],
            current_alcohol_use_problems: p[2],
            excessive_alcohol_use: p[3],
            impulsivity_problems: p[4],
            temper_control: p[5],
            pro_criminal_attitudes: p[6],
            current_drug_misuse: p[7],
            regular_offending_activities: p[8],
            problem_solving_skills: p[9],
            understands_other_peoples_views: p[10],
            awareness_of_consequences: awareness,
            motivation_to_tackle_drug_misuse: motivation,
            previous_convictions: previous,
        }
    }
}

fn whole(p: Option<u8>) -> bool {
    p.is_none_or(|p| (1..=99).contains(&p))
}

fn two_dp(p: Option<f64>) -> bool {
    p.is_none_or(|p| (0.0..=99.99).contains(&p) && round_half_up(p, 2) == p)
}

fn finite(f: &FeatureValues) -> bool {
    f.iter().all(|(_, v)| v.is_finite())
}

fn check(r: &RiskScoreResponse) {
    let o = &r.ogrs3.output;
    assert!(whole(o.one_year_score) && whole(o.two_year_score), "{o:?}");
    assert_eq!(o.band.is_some(), o.two_year_score.is_some());
    let o = &r.ogp.output;
    assert!(whole(o.one_year_score) && whole(o.two_year_score), "{o:?}");
    assert!(o.point_score.is_none_or(|t| t <= 99 * 6 / 10 + 1 + 38));
    let o = &r.ovp.output;
    assert!(whole(o.one_year_score) && whole(o.two_year_score), "{o:?}");
    assert!(o.point_score.is_none_or(|p| p <= 100));
    let o = &r.osp_dc.output;
    assert!(
        two_dp(o.score) && o.point_score.is_none_or(|p| p <= 64),
        "{o:?}"
    );
    assert!(two_dp(r.osp_iic.output.score));
    assert!(two_dp(r.snsv.output.score));
    // SNSV has no bands; its type is known exactly when a model was chosen.
    assert!(r.snsv.output.band.is_none());
    assert!(r.snsv.output.score.is_none() || r.snsv.score_type.is_some());
    assert!(two_dp(r.rsr.output.overall_score));
    for f in [
        &r.ogrs3.feature_values,
        &r.ogp.feature_values,
        &r.ovp.feature_values,
        &r.osp_dc.feature_values,
        &r.osp_iic.feature_values,
        &r.snsv.feature_values,
        &r.rsr.feature_values,
    ] {
        assert!(finite(f));
    }
    // Every predictor either answers or says why not.
    assert!(r.ogrs3.output.band.is_some() || !r.ogrs3.validation_errors.is_empty());
    assert!(r.snsv.output.score.is_some() || !r.snsv.validation_errors.is_empty());
    assert_eq!(
        r.rsr.output.band.is_some(),
        r.rsr.output.overall_score.is_some()
    );
    // Not applicable is never low: a band of NOT_APPLICABLE always comes with 0.0.
    for (band, score) in [
        (r.osp_dc.output.band, r.osp_dc.output.score),
        (r.osp_iic.output.band, r.osp_iic.output.score),
    ] {
        if band == Some(crate::Band::NotApplicable) {
            assert_eq!(score, Some(0.0));
        }
    }
    assert!(serde_json::to_value(r).is_ok());
}

prop_compose! {
    fn tier_request()(
        flags in vec(option::of(any::<bool>()), 8),
        arp in option::of(prop_oneof![any::<f64>(), 0.0..100.0f64]),
        csrp in option::of(prop_oneof![any::<f64>(), 0.0..10.0f64]),
        types in (option::of(prop_oneof![Just(PredictorType::Static), Just(PredictorType::Dynamic)]),
                  option::of(prop_oneof![Just(PredictorType::Static), Just(PredictorType::Dynamic)])),
        dc in option::of((prop_oneof![any::<f64>(), 0.0..5.0f64],
                          prop_oneof![Just(DcSrpBand::NotApplicable), Just(DcSrpBand::Low), Just(DcSrpBand::Medium),
                                      Just(DcSrpBand::High), Just(DcSrpBand::VeryHigh)])),
        rosh in option::of(prop::sample::select(RoshLevel::ALL.to_vec())),
        release in option::of(date()),
    ) -> TierRequest {
        TierRequest {
            has_active_event: flags[0],
            arp,
            csrp,
            arp_type: types.0,
            csrp_type: types.1,
            dc_srp: dc.map(|(score, band)| DcSrp { score: Some(score), band: Some(band) }),
            has_mappa: flags[1],
            rosh,
            has_lifer_ipp: flags[2],
            latest_release_date: release,
            has_domestic_abuse: flags[3],
            has_stalking: flags[4],
            has_child_protection: flags[5],
            ever_committed_sexual_offence: flags[6],
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn compute_never_panics_and_keeps_percentages_in_range(req in request()) {
        check(&compute(&req));
    }

    #[test]
    fn requests_with_consistent_dates_stay_in_range(
        req in request(),
        dob in 690_000i32..735_000,
        conviction_after in 3_650i32..25_000,
        followup_after in 0i32..2_000,
        assessment_after in 0i32..4_000,
    ) {
        // Consistent dates, so the arithmetic rather than validation is exercised.
        let day = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap();
        let conviction = dob + conviction_after;
        let followup = conviction + followup_after;
        let req = RiskScoreRequest {
            date_of_birth: Some(day(dob)),
            date_of_current_conviction: Some(day(conviction)),
            date_at_start_of_followup_calculated: Some(day(followup)),
            date_at_start_of_followup_user_input: Some(day(followup)),
            assessment_date: Some(day(followup + assessment_after)),
            ..req
        };
        check(&compute(&req));
    }

    #[test]
    fn tiers_never_panic(req in tier_request(), today in date()) {
        if let Ok(r) = calculate_tier(&req, today) {
            prop_assert!(!r.reasons.is_empty());
            prop_assert!(serde_json::to_value(&r).is_ok());
        }
    }

    #[test]
    fn legacy_tiers_never_panic(
        rsr in option::of(any::<f64>()),
        ogrs in option::of(any::<u8>()),
        rosh in option::of(prop::sample::select(RoshLevel::ALL.to_vec())),
        flags in vec(any::<bool>(), 5),
        factors in vec(prop::sample::select(ComplexityFactor::ALL.to_vec()), 0..30),
    ) {
        let input = LegacyTierInput {
            rsr,
            rosh,
            ogrs,
            complexity_factors: factors,
            is_female: flags[0],
            has_parenting_responsibilities: flags[1],
            has_previous_enforcement_activity: flags[2],
            has_mandate_for_change: flags[3],
            is_iom_nominal: flags[4],
            needs: flags[4].then(|| [(Need::Attitudes, NeedSeverity::Severe)].into()),
            ..LegacyTierInput::default()
        };
        if let Ok(t) = legacy_tier(&input) {
            prop_assert!(t.change_level <= 3);
            prop_assert_eq!(t.code.len(), 2);
        }
    }

    #[test]
    fn dash_and_marac_never_panic(
        answers in btree_map(any::<u8>(), prop_oneof![Just(DashAnswer::Yes), Just(DashAnswer::No), Just(DashAnswer::DontKnow)], 0..40),
        police in any::<bool>(),
        yes_count in any::<u32>(),
        incidents in vec(date(), 0..10),
        referral in option::of(date()),
        months in any::<u32>(),
        threshold in any::<u32>(),
        today in date(),
    ) {
        let version = if police { DashVersion::Police } else { DashVersion::SafeLives };
        if let Ok(s) = score_dash(&DashChecklist { version, answers, professional_judgement: Some(DashRiskLevel::Medium) }) {
            prop_assert!(s.yes_count <= 27);
            prop_assert!(s.level >= DashRiskLevel::Medium);
        }
        let d = evaluate_marac(&MaracInput {
            yes_count,
            professional_judgement_concerns: None,
            incident_dates: incidents,
            last_marac_referral: referral,
            escalation: EscalationThreshold { incidents: threshold, months },
        }, today);
        prop_assert_eq!(d.refer, !d.criteria.is_empty());
    }

    #[test]
    fn half_up_rounding_moves_a_value_by_at_most_half_a_unit(x in -1e12f64..1e12, dp in 0u32..=10) {
        let r = round_half_up(x, dp);
        let unit = 10f64.powi(-(dp as i32));
        prop_assert!((r - x).abs() <= unit / 2.0 + x.abs() * 1e-15 + 1e-300, "{} {} {}", x, dp, r);
        prop_assert_eq!(round_half_up(r, dp), r);
    }
}

use std::collections::BTreeMap;

use super::d;
use crate::request::ProblemLevel;
use crate::rosh::RoshLevel;
use crate::tier::current::{lifer_tier, mappa_rosh_tier, reoffending_tier};
use crate::tier::*;

fn today() -> chrono::NaiveDate {
    d(2025, 6, 1)
}

fn dynamic(arp: f64, csrp: f64) -> TierRequest {
    TierRequest {
        has_active_event: Some(true),
        arp: Some(arp),
        csrp: Some(csrp),
        arp_type: Some(PredictorType::Dynamic),
        csrp_type: Some(PredictorType::Dynamic),
        rosh: Some(RoshLevel::Low),
        ..TierRequest::default()
    }
}

#[test]
fn the_reoffending_table_at_every_cut_point() {
    use Tier::*;
    let arp = [90.0, 75.0, 50.0, 25.0, 15.0, 0.0];
    let csrp = [6.9, 3.0, 1.0, 0.5, 0.0];
    let expected = [
        [A, A, B, B, B, B],
        [A, B, C, C, C, C],
        [B, C, D, E, E, E],
        [C, D, E, E, F, F],
        [D, D, E, F, F, G],
    ];
    for (r, c) in csrp.iter().enumerate() {
        for (col, a) in arp.iter().enumerate() {
            assert_eq!(
                reoffending_tier(*a, *c),
                expected[r][col],
                "arp {a} csrp {c}"
            );
        }
    }
    // Just below a cut-point falls to the next row or column.
    assert_eq!(reoffending_tier(89.99, 6.9), A);
    assert_eq!(reoffending_tier(74.99, 6.89), C);
    assert_eq!(reoffending_tier(14.99, 0.49), G);
}

#[test]
fn the_highest_step_wins_with_reasons() {
    // Table: ARP 30, CSRP 0.2 → F; domestic abuse E; MAPPA with high RoSH C → C.
    let req = TierRequest {
        has_mappa: Some(true),
        rosh: Some(RoshLevel::High),
        has_domestic_abuse: Some(true),
        ..dynamic(30.0, 0.2)
    };
    let r = calculate_tier(&req, today()).unwrap();
    assert_eq!(r.tier, Tier::C);
    assert!(!r.provisional);
    assert_eq!(r.reasons.len(), 3);
    assert!(r.reasons[1].starts_with("MAPPA with RoSH High"));
    assert_eq!(
        serde_json::to_value(&r).unwrap()["tier"],
        serde_json::json!("C")
    );
}

#[test]
fn dc_srp_bands_and_medium_score_rules() {
    let tier = |band, score| {
        calculate_tier(
            &TierRequest {
                dc_srp: Some(DcSrp {
                    score: Some(score),
                    band: Some(band),
                }),
                ..dynamic(0.0, 0.0)
            },
            today(),
        )
        .map(|r| r.tier)
    };
    assert_eq!(tier(DcSrpBand::VeryHigh, 9.0), Ok(Tier::A));
    assert_eq!(tier(DcSrpBand::High, 5.0), Ok(Tier::B));
    assert_eq!(tier(DcSrpBand::Medium, 3.36), Ok(Tier::C));
    assert_eq!(tier(DcSrpBand::Medium, 3.35), Ok(Tier::D));
    assert_eq!(tier(DcSrpBand::Medium, 2.11), Ok(Tier::D));
    assert_eq!(tier(DcSrpBand::Medium, 2.10), Ok(Tier::C));
    assert_eq!(tier(DcSrpBand::Medium, 1.12), Ok(Tier::C));
    assert_eq!(tier(DcSrpBand::Medium, 1.11), Ok(Tier::D));
    assert_eq!(tier(DcSrpBand::Medium, 0.60), Ok(Tier::D));
    assert_eq!(tier(DcSrpBand::Low, 0.1), Ok(Tier::E));
    let err = tier(DcSrpBand::Medium, 0.59).unwrap_err();
    assert_eq!(err.field, "dc_srp.score");
    // A DC-SRP without a positive score or an applicable band is not counted (G is the
    // table's answer for ARP 0 / CSRP 0), as hmpps-tier ignores it.
    assert_eq!(tier(DcSrpBand::Low, f64::NAN), Ok(Tier::G));
    assert_eq!(tier(DcSrpBand::VeryHigh, 0.0), Ok(Tier::G));
    assert_eq!(tier(DcSrpBand::Medium, -1.0), Ok(Tier::G));
    assert_eq!(tier(DcSrpBand::NotApplicable, 5.0), Ok(Tier::G));
    let no_band: TierRequest = serde_json::from_value(serde_json::json!({
        "has_active_event": true, "arp": 0, "csrp": 0, "dc_srp": {"score": 5.0, "band": null}
    }))
    .unwrap();
    assert_eq!(calculate_tier(&no_band, today()).unwrap().tier, Tier::G);
}

#[test]
fn mappa_rosh_lifer_and_registrations() {
    use RoshLevel::*;
    assert_eq!(mappa_rosh_tier(true, Some(VeryHigh)), Some(Tier::A));
    assert_eq!(mappa_rosh_tier(true, Some(High)), Some(Tier::C));
    assert_eq!(mappa_rosh_tier(true, Some(Medium)), Some(Tier::D));
    assert_eq!(mappa_rosh_tier(true, Some(Low)), Some(Tier::E));
    assert_eq!(mappa_rosh_tier(true, None), Some(Tier::E));
    assert_eq!(mappa_rosh_tier(false, Some(VeryHigh)), Some(Tier::C));
    assert_eq!(mappa_rosh_tier(false, Some(High)), Some(Tier::D));
    assert_eq!(mappa_rosh_tier(false, Some(Medium)), None);
    assert_eq!(lifer_tier(d(2024, 6, 1), today()), Tier::B);
    assert_eq!(lifer_tier(d(2024, 5, 31), today()), Tier::D);
    assert_eq!(lifer_tier(d(2020, 6, 1), today()), Tier::D);
    assert_eq!(lifer_tier(d(2020, 5, 31), today()), Tier::E);
    assert_eq!(lifer_tier(d(2026, 1, 1), today()), Tier::B);
    let tier = |req: TierRequest| calculate_tier(&req, today()).unwrap().tier;
    let base = || dynamic(0.0, 0.0); // G
    assert_eq!(
        tier(TierRequest {
            has_stalking: Some(true),
            ..base()
        }),
        Tier::F
    );
    assert_eq!(
        tier(TierRequest {
            has_child_protection: Some(true),
            ..base()
        }),
        Tier::F
    );
    assert_eq!(
        tier(TierRequest {
            ever_committed_sexual_offence: Some(true),
            ..base()
        }),
        Tier::E
    );
    assert_eq!(
        tier(TierRequest {
            has_lifer_ipp: Some(true),
            latest_release_date: Some(d(2025, 1, 1)),
            ..base()
        }),
        Tier::B
    );
    // A lifer/IPP without a release date: the step gives nothing, as in hmpps-tier.
    assert_eq!(
        tier(TierRequest {
            has_lifer_ipp: Some(true),
            ..base()
        }),
        Tier::G
    );
}

#[test]
fn not_supervised_missing_and_invalid_input() {
    let r = calculate_tier(
        &TierRequest {
            has_active_event: Some(false),
            ..TierRequest::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!((r.tier, r.provisional), (Tier::NotSupervised, false));
    assert_eq!(
        serde_json::to_value(r.tier).unwrap(),
        serde_json::json!("NOT_SUPERVISED")
    );
    let r = calculate_tier(
        &TierRequest {
            csrp: None,
            has_mappa: Some(true),
            ..dynamic(50.0, 0.0)
        },
        today(),
    )
    .unwrap();
    assert_eq!(r.tier, Tier::Missing);
    assert_eq!(r.reasons, ["CSRP missing: tier cannot be calculated"]);
    let err = calculate_tier(&TierRequest::default(), today()).unwrap_err();
    assert_eq!(err.field, "has_active_event");
    // Above 100 lands in the top column (no range check in the service); below 0 has no
    // column at all.
    assert_eq!(
        calculate_tier(&dynamic(100.5, 1.0), today()).unwrap().tier,
        Tier::B
    );
    assert_eq!(
        calculate_tier(&dynamic(-0.5, 1.0), today())
            .unwrap_err()
            .field,
        "arp"
    );
    // Nothing else is looked at before "not supervised" and "missing".
    let r = calculate_tier(
        &TierRequest {
            has_active_event: Some(false),
            ..dynamic(-5.0, 1.0)
        },
        today(),
    )
    .unwrap();
    assert_eq!(r.tier, Tier::NotSupervised);
    assert_eq!(
        calculate_tier(&dynamic(1.0, -0.1), today())
            .unwrap_err()
            .field,
        "csrp"
    );
    assert_eq!(
        calculate_tier(&dynamic(f64::NAN, 1.0), today())
            .unwrap_err()
            .field,
        "arp"
    );
}

#[test]
fn provisional_when_static_or_rosh_missing_unless_already_at_the_ceiling() {
    let provisional = |req: TierRequest| calculate_tier(&req, today()).unwrap().provisional;
    let static_arp = || TierRequest {
        arp_type: Some(PredictorType::Static),
        ..dynamic(50.0, 1.0)
    };
    assert!(provisional(static_arp()));
    // Another step already gives A: nothing the predictors can change.
    assert!(!provisional(TierRequest {
        has_mappa: Some(true),
        rosh: Some(RoshLevel::VeryHigh),
        ..static_arp()
    }));
    assert!(!provisional(dynamic(50.0, 1.0)));
    // RoSH missing without MAPPA: provisional unless already C or higher.
    assert!(provisional(TierRequest {
        rosh: None,
        ..dynamic(50.0, 1.0)
    })); // D
    assert!(!provisional(TierRequest {
        rosh: None,
        ..dynamic(50.0, 3.0)
    })); // C
         // With MAPPA: provisional unless A.
    assert!(provisional(TierRequest {
        rosh: None,
        has_mappa: Some(true),
        ..dynamic(75.0, 3.0)
    })); // B
    assert!(!provisional(TierRequest {
        rosh: None,
        has_mappa: Some(true),
        ..dynamic(90.0, 3.0)
    })); // A
         // Only ARP static: the table could give at most C for CSRP 0.5 (its ≥ 90 column), and
         // MAPPA with high RoSH already gives C, so nothing the predictor can change.
    assert!(!provisional(TierRequest {
        arp_type: Some(PredictorType::Static),
        has_mappa: Some(true),
        rosh: Some(RoshLevel::High),
        ..dynamic(10.0, 0.5)
    }));
    // RoSH missing: a table result from predictors not both dynamic does not count.
    assert!(provisional(TierRequest {
        rosh: None,
        arp_type: None,
        csrp_type: None,
        ..dynamic(90.0, 3.0)
    })); // A, yet provisional
}

#[test]
fn legacy_tier_worked_cases() {
    // RSR 8.2 → 20, RoSH high → 20: only the larger counts (20); MAPPA M1 5;
    // two complexity factors (one repeated) 4 → protect 29 → B.
    // Change: accommodation severe 1×2 + thinking & behaviour standard 2×1 + attitudes
    // severe 2×2 + finance severe 0×2 = 8; OGRS 67 % div 10 = 6; IOM 2 → 16 → level 2.
    let input = LegacyTierInput {
        rsr: Some(8.2),
        rosh: Some(RoshLevel::High),
        mappa_level: Some(MappaLevel::M1),
        complexity_factors: vec![
            ComplexityFactor::MentalHealth,
            ComplexityFactor::StreetGangs,
            ComplexityFactor::MentalHealth,
        ],
        has_mandate_for_change: true,
        needs: Some(BTreeMap::from([
            (Need::Accommodation, NeedSeverity::Severe),
            (Need::ThinkingAndBehaviour, NeedSeverity::Standard),
            (Need::Attitudes, NeedSeverity::Severe),
            (Need::FinancialManagementAndIncome, NeedSeverity::Severe),
        ])),
        ogrs: Some(67),
        is_iom_nominal: true,
        ..LegacyTierInput::default()
    };
    let t = legacy_tier(&input).unwrap();
    assert_eq!((t.protect_points, t.protect_level), (29, ProtectLevel::B));
    assert_eq!((t.change_points, t.change_level), (Some(16), 2));
    assert_eq!(t.code, "B2");
    // A woman with RSR 3.0 (10), RoSH medium (10 → only one counts), all three women's
    // factors (6): 16 → C. No mandate for change → 0.
    let woman = LegacyTierInput {
        rsr: Some(3.0),
        rosh: Some(RoshLevel::Medium),
        is_female: true,
        has_parenting_responsibilities: true,
        temper_control: Some(ProblemLevel::SomeProblems),
        has_previous_enforcement_activity: true,
        ..LegacyTierInput::default()
    };
    let t = legacy_tier(&woman).unwrap();
    assert_eq!((t.protect_points, t.code.as_str()), (16, "C0"));
    // Very high RoSH alone is A; no valid assessment with a mandate is change level 2.
    let t = legacy_tier(&LegacyTierInput {
        rosh: Some(RoshLevel::VeryHigh),
        has_mandate_for_change: true,
        ..LegacyTierInput::default()
    })
    .unwrap();
    assert_eq!(t.code, "A2");
    assert_eq!(t.change_points, None);
}

#[test]
fn legacy_edges() {
    assert_eq!(legacy::rsr_points(Some(99.99)), 20);
    assert_eq!(legacy::rsr_points(Some(7.0)), 20);
    assert_eq!(legacy::rsr_points(Some(6.995)), 10);
    assert_eq!(legacy::rsr_points(Some(3.0)), 10);
    assert_eq!(legacy::rsr_points(Some(2.99)), 0);
    assert_eq!(legacy::rsr_points(Some(999.99)), 0);
    assert_eq!(legacy::rsr_points(None), 0);
    let protect = |mappa, factors: usize| {
        legacy_tier(&LegacyTierInput {
            mappa_level: mappa,
            complexity_factors: ComplexityFactor::ALL[..factors].to_vec(),
            ..LegacyTierInput::default()
        })
        .unwrap()
        .protect_level
    };
    assert_eq!(protect(Some(MappaLevel::M2), 0), ProtectLevel::A); // 150
    assert_eq!(protect(Some(MappaLevel::M3), 0), ProtectLevel::A);
    assert_eq!(protect(None, 10), ProtectLevel::B); // 20
    assert_eq!(protect(Some(MappaLevel::M1), 7), ProtectLevel::C); // 19
    assert_eq!(protect(None, 5), ProtectLevel::C); // 10
    assert_eq!(protect(None, 4), ProtectLevel::D); // 8
    let change = |ogrs| {
        legacy_tier(&LegacyTierInput {
            has_mandate_for_change: true,
            needs: Some(BTreeMap::from([(Need::Attitudes, NeedSeverity::Severe)])),
            ogrs: Some(ogrs),
            ..LegacyTierInput::default()
        })
        .unwrap()
        .change_level
    };
    assert_eq!(change(99), 2); // 4 + 9 = 13
    assert_eq!(change(59), 1); // 4 + 5 = 9
    assert_eq!(change(60), 2); // 4 + 6 = 10
    assert_eq!(
        legacy_tier(&LegacyTierInput {
            ogrs: Some(101),
            ..Default::default()
        })
        .unwrap_err()
        .field,
        "ogrs"
    );
    assert_eq!(
        ComplexityFactor::from_register_code("RTAO"),
        Some(ComplexityFactor::Terrorism)
    );
}

#[test]
fn the_tier_request_reads_the_documented_json() {
    let req: TierRequest = serde_json::from_value(serde_json::json!({
        "has_active_event": true,
        "arp": 62.5, "csrp": 1.2, "arp_type": "STATIC", "csrp_type": "DYNAMIC",
        "dc_srp": { "score": 2.5, "band": "MEDIUM" },
        "has_mappa": false, "rosh": "HIGH", "has_lifer_ipp": false,
        "latest_release_date": null,
        "has_domestic_abuse": true, "has_stalking": false,
        "has_child_protection": false, "ever_committed_sexual_offence": false
    }))
    .unwrap();
    // Table D, DC-SRP medium 2.5 → D, RoSH high without MAPPA → D, DA → E.
    let r = calculate_tier(&req, today()).unwrap();
    assert_eq!(r.tier, Tier::D);
    assert!(r.provisional); // ARP static
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["tier"], "D");
    assert!(serde_json::from_value::<TierRequest>(serde_json::json!([true])).is_err());
    assert!(serde_json::from_value::<TierRequest>(serde_json::json!({"arp": "high"})).is_err());
    assert_eq!(
        serde_json::from_value::<TierRequest>(serde_json::to_value(&req).unwrap()).unwrap(),
        req
    );
    assert_eq!(v["provisional"], true);
    assert!(v["reasons"].is_array());
}

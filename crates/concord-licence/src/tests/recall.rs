use crate::recall::*;

/// Mr D on recall (seed 002): 40, a 2-year sentence, managed at MAPPA level 2, nothing
/// else against him.
fn mr_d() -> RecallFacts {
    RecallFacts {
        age_on_recall: Some(40),
        sentence_months: Some(24),
        schedule_19aa_offence: Some(false),
        terrorist_sentence: Some(false),
        terrorist_mappa_category: Some(false),
        charged_with_offence: Some(false),
        mappa_level: Some(2),
        extended_sentence: Some(false),
    }
}

fn met(a: &RecallAssessment) -> Vec<(&str, Option<bool>)> {
    a.criteria.iter().map(|c| (c.code, c.met)).collect()
}

#[test]
fn mr_d_is_not_eligible_because_he_is_managed_at_mappa_level_2() {
    let a = assess_recall(&mr_d());
    assert_eq!(a.fixed_term_eligible, Some(false));
    assert_eq!(a.recommended, RecallType::Standard);
    assert_eq!(a.missing, Vec::<&str>::new());
    assert_eq!(
        met(&a),
        [
            ("age", Some(true)),
            ("sentence_months", Some(true)),
            ("schedule_19aa_offence", Some(true)),
            ("terrorist_sentence", Some(true)),
            ("terrorist_mappa_category", Some(true)),
            ("charged_with_offence", Some(true)),
            ("mappa_level", Some(false)),
            ("extended_sentence", Some(true)),
        ]
    );
    assert_eq!(a.criteria[0].explanation, "Aged 40 on recall");
    assert_eq!(
        a.criteria[1].explanation,
        "Sentence of 24 months, under 4 years"
    );
    assert_eq!(a.criteria[6].explanation, "Managed at MAPPA level 2");
    assert!(a.criteria[6].test.contains("MAPPA level 2 or 3"));
    assert!(
        a.summary.starts_with(
            "Not automatically suitable for fixed-term recall: Managed at MAPPA level 2."
        ),
        "{}",
        a.summary
    );
}

#[test]
fn one_failed_criterion_decides_even_when_other_facts_are_unknown() {
    let partial = RecallFacts {
        age_on_recall: Some(40),
        sentence_months: Some(24),
        mappa_level: Some(2),
        ..RecallFacts::default()
    };
    let a = assess_recall(&partial);
    assert_eq!(a.fixed_term_eligible, Some(false));
    assert_eq!(
        a.missing,
        [
            "schedule_19aa_offence",
            "terrorist_sentence",
            "terrorist_mappa_category",
            "charged_with_offence",
            "extended_sentence"
        ]
    );
}

#[test]
fn a_19_year_old_on_a_10_month_sentence_gets_14_days() {
    let young = RecallFacts {
        age_on_recall: Some(19),
        sentence_months: Some(10),
        mappa_level: Some(0),
        ..mr_d()
    };
    let a = assess_recall(&young);
    assert_eq!(a.fixed_term_eligible, Some(true));
    assert_eq!(a.recommended, RecallType::FixedTerm { days: 14 });
    assert!(a.criteria.iter().all(|c| c.met == Some(true)));
}

#[test]
fn twelve_months_or_more_gets_28_days() {
    let a = assess_recall(&RecallFacts {
        sentence_months: Some(12),
        mappa_level: Some(1),
        ..mr_d()
    });
    assert_eq!(a.recommended, RecallType::FixedTerm { days: 28 });
    let long = assess_recall(&RecallFacts {
        sentence_months: Some(48),
        mappa_level: Some(1),
        ..mr_d()
    });
    assert_eq!(
        long.fixed_term_eligible,
        Some(false),
        "4 years is not less than 4 years"
    );
}

#[test]
fn an_unknown_age_leaves_eligibility_unknown() {
    let a = assess_recall(&RecallFacts {
        age_on_recall: None,
        mappa_level: Some(1),
        ..mr_d()
    });
    assert_eq!(a.fixed_term_eligible, None);
    assert_eq!(a.missing, ["age"]);
    assert_eq!(a.recommended, RecallType::Standard);
    assert!(a.summary.contains("until these are known: age"));
}

#[test]
fn each_exclusion_is_explained() {
    let base = RecallFacts {
        mappa_level: Some(0),
        ..mr_d()
    };
    let cases = [
        (
            RecallFacts {
                age_on_recall: Some(17),
                ..base
            },
            "age",
            "Aged 17 on recall, under 18",
        ),
        (
            RecallFacts {
                schedule_19aa_offence: Some(true),
                ..base
            },
            "schedule_19aa_offence",
            "The offence is in Schedule 19AA",
        ),
        (
            RecallFacts {
                terrorist_sentence: Some(true),
                ..base
            },
            "terrorist_sentence",
            "Serving a sentence within s.247A(2)",
        ),
        (
            RecallFacts {
                terrorist_mappa_category: Some(true),
                ..base
            },
            "terrorist_mappa_category",
            "Within a terrorist MAPPA category",
        ),
        (
            RecallFacts {
                charged_with_offence: Some(true),
                ..base
            },
            "charged_with_offence",
            "Recalled because charged with an offence",
        ),
        (
            RecallFacts {
                mappa_level: Some(3),
                ..base
            },
            "mappa_level",
            "Managed at MAPPA level 3",
        ),
    ];
    for (facts, code, why) in cases {
        let a = assess_recall(&facts);
        assert_eq!(a.fixed_term_eligible, Some(false), "{code}");
        let failed: Vec<(&str, &str)> = a
            .criteria
            .iter()
            .filter(|c| c.met == Some(false))
            .map(|c| (c.code, c.explanation.as_str()))
            .collect();
        assert_eq!(failed, [(code, why)]);
    }
}

#[test]
fn an_extended_sentence_is_excluded_from_fixed_term_recall() {
    let a = assess_recall(&RecallFacts {
        extended_sentence: Some(true),
        mappa_level: Some(0),
        ..mr_d()
    });
    assert_eq!(
        (a.fixed_term_eligible, a.recommended),
        (Some(false), RecallType::Standard)
    );
    assert!(a.summary.starts_with("Excluded from fixed-term recall"));
}

#[test]
fn a_number_that_is_not_a_mappa_level_is_treated_as_unknown() {
    let a = assess_recall(&RecallFacts {
        mappa_level: Some(7),
        ..mr_d()
    });
    assert_eq!(a.fixed_term_eligible, None);
    assert_eq!(a.missing, ["mappa_level"]);
    assert!(a.criteria[6]
        .explanation
        .starts_with("7 is not a MAPPA level"));
}

#[test]
fn recall_type_serialises_with_its_days() {
    let json = serde_json::to_string(&RecallType::FixedTerm { days: 14 }).unwrap();
    assert_eq!(json, r#"{"type":"FIXED_TERM","days":14}"#);
}

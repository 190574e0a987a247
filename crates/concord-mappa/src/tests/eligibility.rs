use super::d;
use crate::eligibility::*;
use crate::{Category, Rosh};

fn sch15(offence: &str, disposal: Disposal) -> Conviction {
    Conviction {
        offence: offence.to_string(),
        schedule_15: true,
        disposal,
        term: None,
    }
}

/// Seed 002: knife to Alison's throat, burns; 2 years' imprisonment; a 12-month licence.
fn mr_d() -> EligibilityFacts {
    EligibilityFacts {
        convictions: vec![
            sch15("Threats to kill", Disposal::Custody { months: 24 }),
            sch15(
                "Assault occasioning actual bodily harm",
                Disposal::Custody { months: 24 },
            ),
        ],
        supervision_ends: Some(d(2027, 6, 30)),
        rosh: Some(Rosh::High),
        ..EligibilityFacts::default()
    }
}

#[test]
fn mr_d_with_sch15_violent_offences_and_two_years_custody_is_category_2() {
    let p = propose_category(&mr_d(), d(2026, 6, 1));
    assert_eq!(p.category, Some(Category::Two));
    assert!(p.reasons.iter().any(|r| r.contains("Threats to kill")
        && r.contains("2 years of custody (at least 1 year)")
        && r.ends_with("Category 2.")));
    assert_eq!(p.ends_on, Some(EndDate::On(d(2027, 6, 30))));
    assert_eq!(p.notification_ends, None);
    assert!(p.reasons[0].contains("not Category 1"));
}

#[test]
fn mr_d_leaves_mappa_when_his_licence_has_ended() {
    let p = propose_category(&mr_d(), d(2027, 7, 1));
    assert_eq!(p.category, None);
    assert!(p
        .reasons
        .iter()
        .any(|r| r.contains("ended on 30 June 2027")));
}

#[test]
fn a_registered_sexual_offender_with_a_ten_year_notification_is_category_1_ending_the_day_before_the_tenth_anniversary(
) {
    let facts = EligibilityFacts {
        notification: Some(Notification {
            start: d(2020, 3, 1),
            period: NotificationPeriod::Years { years: 10 },
        }),
        ..EligibilityFacts::default()
    };
    let p = propose_category(&facts, d(2026, 1, 1));
    assert_eq!(p.category, Some(Category::One));
    assert_eq!(p.notification_ends, Some(EndDate::On(d(2030, 2, 28))));
    assert_eq!(p.ends_on, Some(EndDate::On(d(2030, 2, 28))));
    assert!(p.reasons[0].contains("until 28 February 2030"));
    let prompt = p.prompt_on(&EligibilitySettings::default());
    assert_eq!(prompt, Some(d(2030, 1, 31)));
}

#[test]
fn notification_periods_in_months_use_calendar_months() {
    let n = Notification {
        start: d(2025, 1, 31),
        period: NotificationPeriod::Months { months: 1 },
    };
    assert_eq!(n.ends(), Some(EndDate::On(d(2025, 2, 28))));
    let n = Notification {
        start: d(2025, 1, 1),
        period: NotificationPeriod::Months { months: 12 },
    };
    assert_eq!(n.ends(), Some(EndDate::On(d(2025, 12, 31))));
}

#[test]
fn an_indefinite_registrant_is_category_1_with_no_end() {
    let facts = EligibilityFacts {
        notification: Some(Notification {
            start: d(2010, 5, 4),
            period: NotificationPeriod::Indefinite,
        }),
        ..mr_d()
    };
    let p = propose_category(&facts, d(2026, 1, 1));
    assert_eq!(p.category, Some(Category::One));
    assert_eq!(p.ends_on, Some(EndDate::Indefinite));
    assert_eq!(p.prompt_on(&EligibilitySettings::default()), None);
}

#[test]
fn an_ended_notification_falls_through_to_category_2() {
    let facts = EligibilityFacts {
        notification: Some(Notification {
            start: d(2015, 1, 1),
            period: NotificationPeriod::Until {
                last_day: d(2020, 1, 1),
            },
        }),
        ..mr_d()
    };
    let p = propose_category(&facts, d(2026, 1, 1));
    assert_eq!(p.category, Some(Category::Two));
    assert!(p.reasons[0].contains("ended on 1 January 2020"));
}

#[test]
fn a_sch15_conviction_with_under_twelve_months_is_not_category_2() {
    let facts = EligibilityFacts {
        convictions: vec![sch15("Wounding", Disposal::Custody { months: 11 })],
        ..EligibilityFacts::default()
    };
    let p = propose_category(&facts, d(2026, 1, 1));
    assert_eq!(p.category, None);
    assert!(p.reasons.iter().any(
        |r| r.contains("11 months") && r.contains("a Sch.15 conviction alone does not qualify")
    ));
}

#[test]
fn a_hospital_order_for_a_sch15_offence_is_category_2() {
    let facts = EligibilityFacts {
        convictions: vec![sch15("Arson endangering life", Disposal::HospitalOrder)],
        ..EligibilityFacts::default()
    };
    assert_eq!(
        propose_category(&facts, d(2026, 1, 1)).category,
        Some(Category::Two)
    );
}

#[test]
fn twelve_months_custody_qualifies_and_the_threshold_is_configurable() {
    let facts = EligibilityFacts {
        convictions: vec![sch15("Robbery", Disposal::Custody { months: 12 })],
        ..EligibilityFacts::default()
    };
    assert_eq!(
        propose_category(&facts, d(2026, 1, 1)).category,
        Some(Category::Two)
    );
    let stricter = EligibilitySettings {
        custody_months: 18,
        ..EligibilitySettings::default()
    };
    assert_eq!(
        propose_category_with(&facts, d(2026, 1, 1), &stricter).category,
        None
    );
}

#[test]
fn a_terrorist_offender_not_in_category_1_or_2_is_category_4() {
    let facts = EligibilityFacts {
        convictions: vec![Conviction {
            offence: "Collection of information for terrorist purposes".into(),
            schedule_15: false,
            disposal: Disposal::Custody { months: 6 },
            term: None,
        }],
        terrorist_offence: true,
        rosh: Some(Rosh::High),
        category_3: Some(answers(true, true)),
        ..EligibilityFacts::default()
    };
    let p = propose_category(&facts, d(2026, 1, 1));
    assert_eq!(p.category, Some(Category::Four));
    // Category 2 comes first when both apply.
    let both = EligibilityFacts {
        terrorist_offence: true,
        ..mr_d()
    };
    assert_eq!(
        propose_category(&both, d(2026, 1, 1)).category,
        Some(Category::Two)
    );
}

fn answers(capacity: bool, need: bool) -> Category3Answers {
    Category3Answers {
        capacity_for_serious_harm: capacity,
        capacity_reason: "Stalking with threats to burn her house".into(),
        needs_level_2_or_3: need,
        need_reason: "Police, housing and the refuge must act together".into(),
    }
}

#[test]
fn category_3_is_two_recorded_answers_on_a_conviction() {
    let facts = EligibilityFacts {
        convictions: vec![Conviction {
            offence: "Harassment".into(),
            schedule_15: false,
            disposal: Disposal::Caution,
            term: None,
        }],
        rosh: Some(Rosh::High),
        category_3: Some(answers(true, true)),
        ..EligibilityFacts::default()
    };
    let p = propose_category(&facts, d(2026, 1, 1));
    assert_eq!(p.category, Some(Category::Three));
    assert_eq!(p.ends_on, None);
    let last = p.reasons.last().unwrap();
    assert!(
        last.contains("Stalking with threats")
            && last.contains("must act together")
            && last.contains("RoSH high"),
        "{last}"
    );
    // Not answered yet: asked, not proposed.
    let unanswered = EligibilityFacts {
        category_3: None,
        ..facts.clone()
    };
    let p = propose_category(&unanswered, d(2026, 1, 1));
    assert_eq!(p.category, None);
    assert!(p
        .reasons
        .iter()
        .any(|r| r.contains("judgement not yet recorded")));
    for (capacity, need) in [(false, true), (true, false)] {
        let no = EligibilityFacts {
            category_3: Some(answers(capacity, need)),
            ..facts.clone()
        };
        assert_eq!(propose_category(&no, d(2026, 1, 1)).category, None);
    }
    // A low RoSH is said beside the judgement, not overruled.
    let low = EligibilityFacts {
        rosh: Some(Rosh::Low),
        ..facts.clone()
    };
    let p = propose_category(&low, d(2026, 1, 1));
    assert_eq!(p.category, Some(Category::Three));
    assert!(p.reasons.last().unwrap().contains("signed RoSH is low"));
    let no_conviction = EligibilityFacts {
        convictions: vec![],
        ..facts
    };
    assert_eq!(
        propose_category(&no_conviction, d(2026, 1, 1)).category,
        None
    );
}

#[test]
fn categories_serialise_as_category_n() {
    assert_eq!(
        serde_json::to_string(&Category::Three).unwrap(),
        "\"CATEGORY_3\""
    );
    assert_eq!(Category::Four.ndelius_code(), "M4");
    let back: Category = serde_json::from_str("\"CATEGORY_1\"").unwrap();
    assert_eq!(back, Category::One);
}

/// The stored code and the serde name are one code: every category and level says the same
/// in both, and each code reads back to its value.
#[test]
fn stored_codes_are_the_serde_names() {
    for c in Category::ALL {
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            format!("\"{}\"", c.code())
        );
        assert_eq!(Category::from_code(c.code()), Some(c));
    }
    for l in crate::Level::ALL {
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            format!("\"{}\"", l.code())
        );
        assert_eq!(crate::Level::from_code(&format!(" {} ", l.code())), Some(l));
    }
    assert_eq!(Category::from_code("M1"), None);
    assert_eq!(crate::Level::from_code("LEVEL_4"), None);
}

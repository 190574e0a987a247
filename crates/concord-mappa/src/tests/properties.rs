//! Nothing panics on any input; review dates move forward; the 31 March table adds up.

use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::prelude::*;

use crate::disclosure::{validate_disclosure, DisclosureDecision, Told};
use crate::eligibility::*;
use crate::level::{check_level, suggest_level};
use crate::review::*;
use crate::rmp::{carry_forward, overdue, validate_action, ActionItem, ActionStatus};
use crate::statistics::*;
use crate::{Category, Level, Rosh};

fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-3_650_000i32..3_650_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (739_000i32..740_500).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
    ]
}

/// Dates from 1900 to 2200, where the next review always exists.
fn sane_date() -> impl Strategy<Value = NaiveDate> {
    (693_596i32..803_130).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

fn category() -> impl Strategy<Value = Category> {
    proptest::sample::select(Category::ALL.to_vec())
}

fn level() -> impl Strategy<Value = Level> {
    proptest::sample::select(Level::ALL.to_vec())
}

fn rosh() -> impl Strategy<Value = Option<Rosh>> {
    proptest::option::of(proptest::sample::select(Rosh::ALL.to_vec()))
}

fn period() -> impl Strategy<Value = NotificationPeriod> {
    prop_oneof![
        any::<u32>().prop_map(|months| NotificationPeriod::Months { months }),
        any::<u32>().prop_map(|years| NotificationPeriod::Years { years }),
        any_date().prop_map(|last_day| NotificationPeriod::Until { last_day }),
        Just(NotificationPeriod::Indefinite),
    ]
}

fn disposal() -> impl Strategy<Value = Disposal> {
    prop_oneof![
        any::<u32>().prop_map(|months| Disposal::Custody { months }),
        Just(Disposal::HospitalOrder),
        Just(Disposal::Guardianship),
        Just(Disposal::Caution),
        Just(Disposal::Other),
    ]
}

fn facts() -> impl Strategy<Value = EligibilityFacts> {
    (
        proptest::option::of(
            (any_date(), period()).prop_map(|(start, period)| Notification { start, period }),
        ),
        vec((".{0,12}", any::<bool>(), disposal()), 0..4),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(any_date()),
        rosh(),
        proptest::option::of((any::<bool>(), any::<bool>())),
    )
        .prop_map(
            |(notification, convictions, dq, terrorist, ends, rosh, needs)| EligibilityFacts {
                notification,
                notification_rule: None,
                convictions: convictions
                    .into_iter()
                    .map(|(offence, schedule_15, disposal)| Conviction {
                        offence,
                        schedule_15,
                        disposal,
                        term: None,
                    })
                    .collect(),
                disqualified_from_working_with_children: dq,
                terrorist_offence: terrorist,
                supervision_ends: ends,
                rosh,
                category_3: needs.map(|(capacity, need)| Category3Answers {
                    capacity_for_serious_harm: capacity,
                    capacity_reason: "reason".into(),
                    needs_level_2_or_3: need,
                    need_reason: "reason".into(),
                }),
            },
        )
}

fn settings() -> impl Strategy<Value = ReviewSettings> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(|(l1, l2, l3, late, sfo)| ReviewSettings {
            level_1_months: l1,
            level_2_weeks: l2,
            level_3_weeks: l3,
            late_referral_months: late,
            sfo_notification_days: sfo,
        })
}

fn case_year() -> impl Strategy<Value = MappaCaseYear> {
    (
        category(),
        level(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        vec(any::<u32>(), 9),
    )
        .prop_map(|(category, level, active, l23, rso, n)| MappaCaseYear {
            category,
            level,
            active_on_31_march: active,
            level_2_or_3_during_year: l23,
            registered_sex_offender: rso,
            notification_breaches: n[0],
            breach_returns: n[1],
            order_breach_returns: n[2],
            sfo_charged: n[3],
            shpos_imposed: n[4],
            shpos_with_foreign_travel: n[5],
            notification_orders: n[6],
            sro_breach_notifications: n[7],
            serious_case_reviews: n[8],
        })
}

proptest! {
    #[test]
    fn random_facts_never_panic_and_give_one_category_with_reasons(f in facts(), today in any_date()) {
        let p = propose_category(&f, today);
        prop_assert!(!p.reasons.is_empty());
        if p.category == Some(Category::Three) {
            prop_assert!(check_level(Category::Three, Level::One).is_err());
        }
        let _ = p.prompt_on(&EligibilitySettings { custody_months: 0, end_prompt_days: u32::MAX });
    }

    #[test]
    fn next_review_is_always_after_the_date_it_counts_from(
        l in level(), from in sane_date(), s in settings()
    ) {
        let s = ReviewSettings {
            level_1_months: s.level_1_months % 1200,
            level_2_weeks: s.level_2_weeks % 5200,
            level_3_weeks: s.level_3_weeks % 5200,
            ..s
        };
        prop_assert!(next_review(l, from, &s) > from);
    }

    #[test]
    fn review_rules_never_panic(l in level(), a in any_date(), b in any_date(), s in settings()) {
        let next = next_review(l, a, &s);
        prop_assert!(next >= a);
        let _ = is_overdue(l, a, b, &s);
        let _ = late_referral(a, b, &s);
        let _ = sfo_notification_due(a, &s);
        let _ = reporting_year(a);
    }

    #[test]
    fn statistics_totals_equal_the_rows_active_on_31_march(
        rows in vec(case_year(), 0..40), population in any::<u64>(), dp in any::<u32>()
    ) {
        let t = annual_tables(&rows, NaiveDate::MAX, population, &StatisticsSettings { rso_rate_decimals: dp });
        let active = rows.iter().filter(|r| r.active_on_31_march).count() as u32;
        prop_assert_eq!(t.eligible_total, active);
        prop_assert_eq!(t.eligible_by_category_and_level.values().sum::<u32>(), active);
        prop_assert_eq!(t.eligible_by_category.values().sum::<u32>(), active);
        prop_assert_eq!(t.eligible_by_level.values().sum::<u32>(), active);
        prop_assert!(t.rsos <= active);
        if let Some(rate) = t.rso_per_100k {
            prop_assert!(rate.is_finite() && rate >= 0.0);
        }
    }

    #[test]
    fn suggestions_and_forms_never_panic(
        r in rosh(), a in any::<bool>(), b in any::<bool>(), c in any::<bool>(),
        text in ".{0,20}", due in proptest::option::of(any_date()), today in any_date(),
        yes in any::<bool>(), police in any::<bool>()
    ) {
        let s = suggest_level(r, a, b, c);
        prop_assert_eq!(s.consider_critical_public_protection_case, s.level == Level::Three);
        let action = ActionItem {
            description: text.clone(),
            owner_person: Some(text.clone()),
            owner_agency: None,
            due_on: due,
            status: if yes { ActionStatus::Done } else { ActionStatus::Open },
            evidence: text.clone(),
        };
        prop_assert!(validate_action(&action, today, yes).is_err());
        let _ = overdue(&action, today);
        prop_assert!(carry_forward(std::slice::from_ref(&action)).len() <= 1);
        let decision = DisclosureDecision {
            recipient: text.clone(),
            recipient_role: text.clone(),
            what: text.clone(),
            lawful_basis: text.clone(),
            necessary: yes,
            proportionate: a,
            reasons: text.clone(),
            person_told: if b { Told::Yes { how: text.clone() } } else { Told::No { why: text.clone() } },
            undertaking_given: c,
            discloser_agency: text,
        };
        let _ = validate_disclosure(&decision, police);
    }
}

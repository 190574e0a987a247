//! Nothing panics on any input; a licence compared with itself has no changes.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;

use crate::catalogue::{self, PolicyVersion};
use crate::conditions::{render, validate_condition, Condition, LicencePeriod};
use crate::curfew::*;
use crate::enforcement::{decide, warning_expires, Warning};
use crate::recall::{assess_recall, RecallFacts};
use crate::status::{transition, LicenceAction, LicenceStatus, TransitionContext};
use crate::values::{parse_date, parse_days, parse_time, Weekday};
use crate::variation::diff;

fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-3_650_000i32..3_650_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (739_000i32..740_500).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
    ]
}

fn time() -> impl Strategy<Value = NaiveTime> {
    (0u32..86_400).prop_map(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap())
}

fn code() -> impl Strategy<Value = String> {
    let codes: Vec<String> = catalogue::all().map(|s| s.code.to_string()).collect();
    prop_oneof![4 => proptest::sample::select(codes), 1 => ".{0,20}"]
}

/// Values that look like what the params expect, and values that do not.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-2][0-9]:[0-5][0-9]",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{1,25}",
        "(Mon|tue|Friday|weekends|every day)( to |, | and |-)(Sun|wed|Thursday)",
        ".{0,40}",
        "[{}\\[\\]a-z ]{0,20}",
        (2000usize..2100).prop_map(|n| "x".repeat(n)),
    ]
}

fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "start",
            "end",
            "days",
            "address",
            "zone",
            "description",
            "victim",
            "age",
            "end_date",
            "amount",
            "wording",
            "practitioner"
        ])
        .prop_map(String::from),
        "[a-z_]{0,8}",
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    (
        code(),
        prop_oneof![Just(PolicyVersion::V1_0), Just(PolicyVersion::V4_0)],
        btree_map(param_name(), value(), 0..6),
        proptest::option::of(".{0,8}"),
    )
        .prop_map(|(code, policy, params, victim_id)| Condition {
            code,
            policy,
            params,
            victim_id,
        })
}

fn curfew() -> impl Strategy<Value = Curfew> {
    (
        time(),
        time(),
        btree_set(proptest::sample::select(Weekday::ALL.to_vec()), 0..8),
        ".{0,20}",
        date(),
        proptest::option::of(date()),
    )
        .prop_map(|(start, end, days, address, from, until)| Curfew {
            start,
            end,
            days,
            address,
            from,
            until,
        })
}

fn status() -> impl Strategy<Value = LicenceStatus> {
    proptest::sample::select(LicenceStatus::ALL.to_vec())
}

fn action() -> impl Strategy<Value = LicenceAction> {
    proptest::sample::select(LicenceAction::ALL.to_vec())
}

proptest! {
    #[test]
    fn conditions_never_panic(c in condition(), start in date(), end in date()) {
        let period = LicencePeriod { start, end };
        if let Err(errors) = validate_condition(&c, &period) {
            prop_assert!(!errors.is_empty());
        }
        let _ = render(&c);
    }

    #[test]
    fn a_valid_condition_always_renders(c in condition()) {
        let period = LicencePeriod { start: NaiveDate::MIN, end: NaiveDate::MAX };
        if validate_condition(&c, &period).is_ok() {
            prop_assert!(render(&c).is_ok());
        }
    }

    #[test]
    fn curfews_never_panic(a in curfew(), b in curfew(), when in date(), at in time()) {
        let _ = validate_curfew(&a);
        let h = hours(&a);
        prop_assert!((0.0..24.0).contains(&h));
        let _ = in_curfew(&a, NaiveDateTime::new(when, at));
        let _ = describe_change(&a, &b);
        prop_assert_eq!(describe_change(&a, &a.clone()), None);
    }

    #[test]
    fn diff_of_a_licence_with_itself_is_empty(cs in vec(condition(), 0..8)) {
        prop_assert!(diff(&cs, &cs).is_empty());
    }

    #[test]
    fn diff_never_panics_and_accounts_for_every_condition(
        a in vec(condition(), 0..6),
        b in vec(condition(), 0..6),
    ) {
        let changes = diff(&a, &b);
        prop_assert!(changes.len() <= a.len() + b.len());
    }

    #[test]
    fn transitions_never_panic(from in status(), action in action(), author: bool, senior: bool) {
        let ctx = TransitionContext { actor_is_author: author, actor_is_senior: senior };
        let _ = transition(from, action, &ctx);
    }

    #[test]
    fn enforcement_never_panics(on in date(), given in vec(date(), 0..4)) {
        let warnings: Vec<Warning> =
            given.into_iter().map(|given_on| Warning { given_on }).collect();
        let _ = decide(on, &warnings);
        for w in &warnings {
            prop_assert!(warning_expires(w) >= w.given_on);
        }
    }

    #[test]
    fn recall_never_panics(
        age: Option<u32>, months: Option<u32>, a: Option<bool>, b: Option<bool>, c: Option<bool>,
        charged: Option<bool>, level: Option<u8>, extended: Option<bool>,
    ) {
        let facts = RecallFacts {
            age_on_recall: age,
            sentence_months: months,
            schedule_19aa_offence: a,
            terrorist_sentence: b,
            terrorist_mappa_category: c,
            charged_with_offence: charged,
            mappa_level: level,
            extended_sentence: extended,
        };
        let r = assess_recall(&facts);
        prop_assert_eq!(r.criteria.len(), 8);
        let decided_no = r.criteria.iter().any(|c| c.met == Some(false));
        prop_assert_eq!(r.fixed_term_eligible.is_none(), !r.missing.is_empty() && !decided_no);
    }

    #[test]
    fn parsers_never_panic(s in ".{0,30}") {
        let _ = (parse_time(&s), parse_date(&s), parse_days(&s));
    }
}

#[test]
fn empty_params_map_is_handled() {
    let c = Condition {
        code: "ADD-CURFEW".into(),
        policy: PolicyVersion::V4_0,
        params: BTreeMap::new(),
        victim_id: None,
    };
    assert!(validate_condition(
        &c,
        &LicencePeriod {
            start: NaiveDate::MIN,
            end: NaiveDate::MAX
        }
    )
    .is_err());
}

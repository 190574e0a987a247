use super::*;
use proptest::prelude::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn event(on: NaiveDate, disposal: IndexDisposal) -> IndexEvent {
    IndexEvent {
        on,
        disposal,
        unpaid_work: false,
    }
}

fn proven(committed_on: NaiveDate, proven_on: NaiveDate) -> ProvenOffence {
    ProvenOffence {
        committed_on,
        proven_on,
    }
}

fn line<'a>(r: &'a ReoffendingReport, label: &str) -> &'a RateLine {
    r.lines.iter().find(|l| l.label == label).unwrap()
}

const START: (i32, u32, u32) = (2024, 1, 1);
const END: (i32, u32, u32) = (2024, 3, 31);

fn measure(people: &[OffenderHistory]) -> ReoffendingReport {
    proven_reoffending(
        people,
        ymd(START.0, START.1, START.2),
        ymd(END.0, END.1, END.2),
        ReoffendingConfig::default(),
        ymd(2026, 1, 1),
    )
    .unwrap()
}

#[test]
fn follow_up_is_twelve_months_with_six_more_for_proof() {
    let released = ymd(2024, 2, 1);
    let people = vec![
        // Reoffends on the last day of the follow-up, convicted on the last day of the wait.
        OffenderHistory {
            events: vec![event(released, IndexDisposal::CustodyUnder12Months)],
            proven: vec![proven(ymd(2025, 2, 1), ymd(2025, 8, 1))],
        },
        // Offence the day after the follow-up: not counted.
        OffenderHistory {
            events: vec![event(released, IndexDisposal::CustodyUnder12Months)],
            proven: vec![proven(ymd(2025, 2, 2), ymd(2025, 3, 1))],
        },
        // Convicted the day after the waiting period: not counted.
        OffenderHistory {
            events: vec![event(released, IndexDisposal::CustodyUnder12Months)],
            proven: vec![proven(ymd(2024, 6, 1), ymd(2025, 8, 2))],
        },
        // The index offence itself (committed before the index date) is not a reoffence.
        OffenderHistory {
            events: vec![event(released, IndexDisposal::CustodyUnder12Months)],
            proven: vec![proven(ymd(2023, 6, 1), ymd(2023, 9, 1))],
        },
    ];
    let r = measure(&people);
    let l = line(&r, "Custody under 12 months");
    assert_eq!((l.offenders, l.reoffenders, l.reoffences), (4, 1, 1));
    assert_eq!(l.binary_rate, Some(0.25));
    assert_eq!(line(&r, ALL_DISPOSALS).offenders, 4);
}

#[test]
fn the_first_event_in_the_period_is_the_index_and_events_outside_are_ignored() {
    let people = vec![OffenderHistory {
        events: vec![
            event(ymd(2023, 12, 31), IndexDisposal::Caution),
            event(ymd(2024, 3, 1), IndexDisposal::CommunityOrder),
            event(ymd(2024, 2, 1), IndexDisposal::FineOrDischarge),
            event(ymd(2024, 4, 1), IndexDisposal::CustodyUnder12Months),
        ],
        proven: vec![
            proven(ymd(2024, 2, 10), ymd(2024, 3, 1)),
            proven(ymd(2024, 5, 10), ymd(2024, 6, 1)),
        ],
    }];
    let r = measure(&people);
    let l = line(&r, "Fine or discharge");
    assert_eq!((l.offenders, l.reoffenders, l.reoffences), (1, 1, 2));
    assert_eq!(l.per_offender, Some(2.0));
    assert_eq!(l.per_reoffender, Some(2.0));
    assert_eq!(line(&r, "Community order").offenders, 0);
    assert_eq!(line(&r, "Community order").binary_rate, None);
}

#[test]
fn community_payback_is_a_breakdown_of_community_sentences() {
    let mut with_unpaid_work = event(ymd(2024, 1, 10), IndexDisposal::CommunityOrder);
    with_unpaid_work.unpaid_work = true;
    let people = vec![
        OffenderHistory {
            events: vec![with_unpaid_work],
            proven: vec![],
        },
        OffenderHistory {
            events: vec![event(ymd(2024, 1, 10), IndexDisposal::CommunityOrder)],
            proven: vec![proven(ymd(2024, 5, 1), ymd(2024, 6, 1))],
        },
    ];
    let r = measure(&people);
    assert_eq!(line(&r, "Community order").offenders, 2);
    assert_eq!(line(&r, COMMUNITY_PAYBACK).offenders, 1);
    assert_eq!(line(&r, COMMUNITY_PAYBACK).reoffenders, 0);
    assert_eq!(line(&r, ALL_DISPOSALS).offenders, 2);
}

#[test]
fn a_cohort_measured_too_early_says_when_it_can_be() {
    let e = proven_reoffending(
        &[],
        ymd(2024, 1, 1),
        ymd(2024, 3, 31),
        ReoffendingConfig::default(),
        ymd(2025, 9, 30),
    )
    .unwrap_err();
    assert_eq!(
        e,
        ReoffendingError::NotElapsed {
            cohort_end: ymd(2024, 3, 31),
            ready_on: ymd(2025, 10, 1)
        }
    );
    assert!(e.to_string().contains("2025-10-01"));
    assert!(proven_reoffending(
        &[],
        ymd(2024, 1, 1),
        ymd(2024, 3, 31),
        ReoffendingConfig::default(),
        ymd(2025, 10, 1)
    )
    .is_ok());
    assert!(matches!(
        proven_reoffending(
            &[],
            ymd(2024, 3, 1),
            ymd(2024, 2, 1),
            ReoffendingConfig::default(),
            ymd(2026, 1, 1)
        ),
        Err(ReoffendingError::EmptyPeriod { .. })
    ));
}

#[test]
fn wilson_interval_is_wide_for_a_handful_and_narrow_for_thousands() {
    let (lo, hi) = wilson(3, 10).unwrap();
    assert!(
        (lo - 0.1078).abs() < 1e-3 && (hi - 0.6032).abs() < 1e-3,
        "{lo} {hi}"
    );
    let (lo, hi) = wilson(300, 1000).unwrap();
    assert!(hi - lo < 0.06);
    assert_eq!(wilson(0, 0), None);
    let (lo, hi) = wilson(0, 5).unwrap();
    assert_eq!(lo, 0.0);
    assert!(hi > 0.4);
}

proptest! {
    #[test]
    fn the_interval_holds_the_rate_and_stays_in_bounds(n in 1u32..5000, k in 0u32..5000) {
        let k = k % (n + 1);
        let (lo, hi) = wilson(k, n).unwrap();
        let p = f64::from(k) / f64::from(n);
        prop_assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
        prop_assert!(lo <= p + 1e-12 && p <= hi + 1e-12);
    }

    #[test]
    fn the_all_line_adds_up_and_order_does_not_matter(
        seeds in proptest::collection::vec((0u32..200, 0usize..7, proptest::collection::vec((0u32..900, 0u32..400), 0..4)), 0..40)
    ) {
        let base = ymd(2023, 11, 1);
        let people: Vec<OffenderHistory> = seeds.iter().map(|(at, d, offences)| OffenderHistory {
            events: vec![event(base + chrono::Days::new(u64::from(*at)), IndexDisposal::ALL[*d])],
            proven: offences.iter().map(|(c, lag)| {
                let committed = base + chrono::Days::new(u64::from(*c));
                proven(committed, committed + chrono::Days::new(u64::from(*lag)))
            }).collect(),
        }).collect();
        let r = measure(&people);
        let all = line(&r, ALL_DISPOSALS);
        let parts = &r.lines[..IndexDisposal::ALL.len()];
        prop_assert_eq!(all.offenders, parts.iter().map(|l| l.offenders).sum::<u32>());
        prop_assert_eq!(all.reoffences, parts.iter().map(|l| l.reoffences).sum::<u32>());
        prop_assert!(all.reoffenders <= all.offenders);
        let mut reversed = people.clone();
        reversed.reverse();
        for p in &mut reversed { p.proven.reverse(); }
        prop_assert_eq!(measure(&reversed), r);
    }
}

//! The s.82 table, every row and each boundary: 6 months, 6 months and a day, 30 months,
//! under 18 on the relevant date; and properties: a longer term never shortens the
//! period, and halving for under-18s halves exactly the fixed periods.

use proptest::prelude::*;

use super::d;
use crate::eligibility::{EndDate, Notification, NotificationPeriod};
use crate::notification::*;

fn prison(length: u32, unit: TermUnit) -> NotifiableDisposal {
    NotifiableDisposal::Imprisonment {
        term: Term::new(length, unit),
    }
}

fn period(disposal: NotifiableDisposal, under_18: bool) -> NotificationPeriod {
    s82_period(disposal, under_18, d(2025, 3, 1))
        .unwrap()
        .period
}

#[test]
fn every_row_of_the_table() {
    use NotificationPeriod::{Indefinite, Months, Years};
    use TermUnit::{Months as InMonths, Weeks, Years as InYears};
    let rows = [
        (NotifiableDisposal::Indeterminate, Indefinite),
        (prison(30, InMonths), Indefinite),
        (prison(4, InYears), Indefinite),
        (
            NotifiableDisposal::Hospital { restricted: true },
            Indefinite,
        ),
        (prison(2, InYears), Years { years: 10 }),
        (prison(7, InMonths), Years { years: 10 }),
        (prison(6, InMonths), Years { years: 7 }),
        (prison(12, Weeks), Years { years: 7 }),
        (
            NotifiableDisposal::Hospital { restricted: false },
            Years { years: 7 },
        ),
        (NotifiableDisposal::Caution, Years { years: 2 }),
        (NotifiableDisposal::Other, Years { years: 5 }),
        (
            NotifiableDisposal::ConditionalDischarge {
                term: Term::new(2, InYears),
            },
            Years { years: 2 },
        ),
        (
            NotifiableDisposal::ConditionalDischarge {
                term: Term::new(18, InMonths),
            },
            Months { months: 18 },
        ),
    ];
    for (disposal, expected) in rows {
        assert_eq!(period(disposal, false), expected, "{disposal:?}");
    }
}

#[test]
fn the_boundaries_of_six_and_thirty_months() {
    use TermUnit::{Days, Months as InMonths, Weeks};
    // From 1 March 2025, six calendar months end on 1 September: 184 days.
    assert_eq!(
        period(prison(184, Days), false),
        NotificationPeriod::Years { years: 7 },
        "exactly 6 months is 6 months or less"
    );
    assert_eq!(
        period(prison(185, Days), false),
        NotificationPeriod::Years { years: 10 },
        "6 months and a day is more than 6 months"
    );
    assert_eq!(
        period(prison(26, Weeks), false),
        NotificationPeriod::Years { years: 7 },
        "26 weeks (182 days) is inside 6 months"
    );
    assert_eq!(
        period(prison(29, InMonths), false),
        NotificationPeriod::Years { years: 10 }
    );
    assert_eq!(
        period(prison(30, InMonths), false),
        NotificationPeriod::Indefinite,
        "30 months is 30 months or more"
    );
    let rule = s82_period(prison(185, Days), false, d(2025, 3, 1))
        .unwrap()
        .rule;
    assert_eq!(
        rule,
        "Imprisonment for 185 days, more than 6 months but less than 30 months: 10 years (s.82(1))"
    );
}

#[test]
fn under_18_on_the_relevant_date_halves_the_fixed_periods_only() {
    use NotificationPeriod::{Indefinite, Months, Years};
    use TermUnit::{Months as InMonths, Years as InYears};
    assert_eq!(period(prison(2, InYears), true), Months { months: 60 });
    assert_eq!(period(prison(6, InMonths), true), Months { months: 42 });
    assert_eq!(
        period(NotifiableDisposal::Other, true),
        Months { months: 30 }
    );
    assert_eq!(
        period(NotifiableDisposal::Caution, true),
        Months { months: 12 }
    );
    assert_eq!(period(prison(3, InYears), true), Indefinite);
    let cd = NotifiableDisposal::ConditionalDischarge {
        term: Term::new(1, InYears),
    };
    assert_eq!(period(cd, true), Years { years: 1 }, "not halved");
    let young = s82_period(prison(6, InMonths), true, d(2025, 3, 1)).unwrap();
    assert_eq!(
        young.rule,
        "Imprisonment for 6 months, 6 months or less: 42 months (s.82(1)), halved because he was under 18 on that date (s.82(2))"
    );
    let life = s82_period(NotifiableDisposal::Indeterminate, true, d(2025, 3, 1)).unwrap();
    assert_eq!(life.review_after_years, Some(8));
    let adult = s82_period(NotifiableDisposal::Indeterminate, false, d(2025, 3, 1)).unwrap();
    assert_eq!(adult.review_after_years, Some(15));
}

#[test]
fn the_period_begins_with_the_relevant_date() {
    // Convicted 2 August 2025, two years' imprisonment: ten years, the last day 1 August
    // 2035.
    let p = s82_period(prison(2, TermUnit::Years), false, d(2025, 8, 2)).unwrap();
    let n = Notification {
        start: d(2025, 8, 2),
        period: p.period,
    };
    assert_eq!(n.ends(), Some(EndDate::On(d(2035, 8, 1))));
    // A conditional discharge of 90 days from 1 March: the last day is 29 May.
    let cd = s82_period(
        NotifiableDisposal::ConditionalDischarge {
            term: Term::new(90, TermUnit::Days),
        },
        false,
        d(2025, 3, 1),
    )
    .unwrap();
    let n = Notification {
        start: d(2025, 3, 1),
        period: cd.period,
    };
    assert_eq!(n.ends(), Some(EndDate::On(d(2025, 5, 29))));
}

/// Months a period lasts, indefinite as the longest.
fn rank(p: NotificationPeriod) -> u32 {
    match p {
        NotificationPeriod::Years { years } => years * 12,
        NotificationPeriod::Months { months } => months,
        NotificationPeriod::Indefinite => u32::MAX,
        NotificationPeriod::Until { .. } => 0,
    }
}

proptest! {
    #[test]
    fn a_longer_term_never_shortens_the_period(days in 1u32..2000, more in 0u32..400, start in 730_000i32..740_000, young: bool) {
        let start = chrono::NaiveDate::from_num_days_from_ce_opt(start).unwrap();
        let a = s82_period(prison(days, TermUnit::Days), young, start).unwrap();
        let b = s82_period(prison(days + more, TermUnit::Days), young, start).unwrap();
        prop_assert!(rank(a.period) <= rank(b.period));
    }

    #[test]
    fn under_18_halves_exactly_the_fixed_periods(days in 1u32..2000, start in 730_000i32..740_000) {
        let start = chrono::NaiveDate::from_num_days_from_ce_opt(start).unwrap();
        let adult = s82_period(prison(days, TermUnit::Days), false, start).unwrap().period;
        let young = s82_period(prison(days, TermUnit::Days), true, start).unwrap().period;
        match adult {
            NotificationPeriod::Indefinite => prop_assert_eq!(young, NotificationPeriod::Indefinite),
            p => prop_assert_eq!(rank(young) * 2, rank(p)),
        }
    }
}

use std::collections::BTreeSet;

use super::{at, d, fields, owned, t};
use crate::catalogue::find;
use crate::conditions::Condition;
use crate::curfew::*;
use crate::values::Weekday;

/// Mr D's approved-premises curfew: 19:00–07:00 every night from 1 March 2026.
fn hostel() -> Curfew {
    Curfew {
        start: t(19, 0),
        end: t(7, 0),
        days: Weekday::ALL.into(),
        address: "1 Hostel Road, Chelmsford".into(),
        from: d(2026, 3, 1),
        until: None,
    }
}

#[test]
fn an_overnight_curfew_is_valid_and_lasts_twelve_hours() {
    assert_eq!(validate_curfew(&hostel()), Ok(()));
    assert_eq!(hours(&hostel()), 12.0);
    let day = Curfew {
        start: t(9, 0),
        end: t(17, 30),
        ..hostel()
    };
    assert_eq!(hours(&day), 8.5);
}

#[test]
fn inside_the_curfew_from_the_start_up_to_but_not_including_the_end() {
    let c = hostel();
    let monday = d(2026, 3, 2);
    assert!(in_curfew(&c, at(monday, 23, 0)));
    assert!(in_curfew(&c, at(monday, 6, 59)));
    assert!(!in_curfew(&c, at(monday, 7, 0)), "the end is exclusive");
    assert!(in_curfew(&c, at(monday, 19, 0)), "the start is inclusive");
    assert!(!in_curfew(&c, at(monday, 18, 59)));
    assert!(!in_curfew(&c, at(monday, 12, 0)));
}

#[test]
fn the_morning_belongs_to_the_night_before() {
    let c = hostel();
    // 1 March 2026 is the first night; the morning of 1 March is before the curfew began.
    assert!(!in_curfew(&c, at(d(2026, 3, 1), 6, 0)));
    assert!(in_curfew(&c, at(d(2026, 3, 1), 20, 0)));
    let weekdays = Curfew {
        days: Weekday::ALL[..5].iter().copied().collect(),
        until: Some(d(2026, 3, 31)),
        ..hostel()
    };
    let friday = d(2026, 3, 6);
    let saturday = d(2026, 3, 7);
    let monday = d(2026, 3, 9);
    assert!(in_curfew(&weekdays, at(friday, 22, 0)));
    assert!(
        in_curfew(&weekdays, at(saturday, 6, 59)),
        "Friday night runs into Saturday"
    );
    assert!(!in_curfew(&weekdays, at(saturday, 22, 0)));
    assert!(
        !in_curfew(&weekdays, at(monday, 6, 0)),
        "no Sunday night curfew"
    );
    assert!(
        in_curfew(&weekdays, at(d(2026, 4, 1), 6, 0)),
        "31 March night runs into 1 April"
    );
    assert!(
        !in_curfew(&weekdays, at(d(2026, 4, 1), 20, 0)),
        "after the last night"
    );
}

#[test]
fn each_invalid_curfew_names_its_field() {
    let check = |c: Curfew| owned(&validate_curfew(&c).unwrap_err());
    let one = |f: &str, c: &'static str| vec![(f.to_string(), c)];
    assert_eq!(
        check(Curfew {
            end: t(19, 0),
            ..hostel()
        }),
        one("end", "window_zero")
    );
    assert_eq!(
        check(Curfew {
            end: t(19, 59),
            ..hostel()
        }),
        one("end", "too_short")
    );
    assert_eq!(
        check(Curfew {
            start: t(15, 0),
            end: t(7, 30),
            ..hostel()
        }),
        one("end", "too_long")
    );
    assert_eq!(
        check(Curfew {
            days: BTreeSet::new(),
            ..hostel()
        }),
        one("days", "no_days")
    );
    assert_eq!(
        check(Curfew {
            address: " ".into(),
            ..hostel()
        }),
        one("address", "missing")
    );
    assert_eq!(
        check(Curfew {
            until: Some(d(2026, 2, 28)),
            ..hostel()
        }),
        one("until", "before_from")
    );
    assert_eq!(
        validate_curfew(&Curfew {
            start: t(15, 0),
            end: t(7, 0),
            ..hostel()
        }),
        Ok(()),
        "16 hours exactly is allowed"
    );
    assert_eq!(
        validate_curfew(&Curfew {
            end: t(20, 0),
            ..hostel()
        }),
        Ok(()),
        "1 hour exactly is allowed"
    );
}

#[test]
fn a_later_start_and_earlier_end_is_a_relaxation() {
    let relaxed = Curfew {
        start: t(21, 0),
        end: t(6, 0),
        ..hostel()
    };
    assert_eq!(
        describe_change(&hostel(), &relaxed).as_deref(),
        Some("Curfew relaxed from 19:00–07:00 to 21:00–06:00")
    );
    assert_eq!(
        describe_change(&relaxed, &hostel()).as_deref(),
        Some("Curfew tightened from 21:00–06:00 to 19:00–07:00")
    );
    let shifted = Curfew {
        start: t(20, 0),
        end: t(8, 0),
        ..hostel()
    };
    assert_eq!(
        describe_change(&hostel(), &shifted).as_deref(),
        Some("Curfew changed from 19:00–07:00 to 20:00–08:00")
    );
    assert_eq!(describe_change(&hostel(), &hostel()), None);
}

#[test]
fn fewer_days_relax_the_curfew_and_a_new_address_is_named() {
    let weeknights = Curfew {
        days: Weekday::ALL[..5].iter().copied().collect(),
        ..hostel()
    };
    assert_eq!(
        describe_change(&hostel(), &weeknights).as_deref(),
        Some("Curfew relaxed: days from every day to Monday to Friday")
    );
    let moved = Curfew {
        address: "Flat 2, 5 Mill Lane".into(),
        ..hostel()
    };
    assert_eq!(
        describe_change(&hostel(), &moved).as_deref(),
        Some("Curfew address changed from 1 Hostel Road, Chelmsford to Flat 2, 5 Mill Lane")
    );
    let ends = Curfew {
        until: Some(d(2026, 6, 30)),
        ..hostel()
    };
    assert_eq!(
        describe_change(&hostel(), &ends).as_deref(),
        Some("Curfew end date changed from no end date to 30 June 2026")
    );
}

#[test]
fn a_curfew_condition_reads_as_a_curfew() {
    let c = Condition::of(find("ADD-CURFEW").unwrap())
        .with("address", "1 Hostel Road, Chelmsford")
        .with("start", "19:00")
        .with("end", "07:00");
    assert_eq!(curfew_from_condition(&c, d(2026, 3, 1), None), Ok(hostel()));
    let weekends = c.clone().with("days", "weekends");
    let read = curfew_from_condition(&weekends, d(2026, 3, 1), None).unwrap();
    assert_eq!(read.days, [Weekday::Sat, Weekday::Sun].into());
    let bad = c.with("start", "7pm");
    assert_eq!(
        fields(&curfew_from_condition(&bad, d(2026, 3, 1), None).unwrap_err()),
        [("params.start", "time_invalid")]
    );
    let not = Condition::of(find("ADD-POLYGRAPH").unwrap());
    assert_eq!(
        fields(&curfew_from_condition(&not, d(2026, 3, 1), None).unwrap_err()),
        [("code", "not_curfew")]
    );
}

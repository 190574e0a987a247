use std::collections::BTreeSet;

use super::{d, t};
use crate::values::*;
use Weekday::*;

fn set(days: &[Weekday]) -> BTreeSet<Weekday> {
    days.iter().copied().collect()
}

#[test]
fn days_are_read_in_the_ways_people_write_them() {
    assert_eq!(parse_days("every day"), Some(Weekday::ALL.into()));
    assert_eq!(
        parse_days("Weekdays"),
        Some(set(&[Mon, Tue, Wed, Thu, Fri]))
    );
    assert_eq!(parse_days("weekends"), Some(set(&[Sat, Sun])));
    assert_eq!(
        parse_days("Monday to Friday"),
        Some(set(&[Mon, Tue, Wed, Thu, Fri]))
    );
    assert_eq!(parse_days("mon-wed"), Some(set(&[Mon, Tue, Wed])));
    assert_eq!(
        parse_days("Friday to Monday"),
        Some(set(&[Fri, Sat, Sun, Mon]))
    );
    assert_eq!(
        parse_days("Monday, Wednesday and Friday"),
        Some(set(&[Mon, Wed, Fri]))
    );
    assert_eq!(parse_days("thurs"), Some(set(&[Thu])));
    for bad in ["", "mo", "someday", "Monday,,Tuesday", "Monday to", "-"] {
        assert_eq!(parse_days(bad), None, "{bad}");
    }
}

#[test]
fn days_are_described_in_plain_words() {
    assert_eq!(describe_days(&Weekday::ALL.into()), "every day");
    assert_eq!(
        describe_days(&set(&[Mon, Tue, Wed, Thu, Fri])),
        "Monday to Friday"
    );
    assert_eq!(describe_days(&set(&[Sat, Sun])), "Saturday and Sunday");
    assert_eq!(
        describe_days(&set(&[Mon, Wed, Fri])),
        "Monday, Wednesday and Friday"
    );
    assert_eq!(describe_days(&set(&[Tue])), "Tuesday");
    assert_eq!(describe_days(&BTreeSet::new()), "no days");
}

#[test]
fn weekdays_convert_to_and_from_chrono() {
    for day in Weekday::ALL {
        assert_eq!(Weekday::from(chrono::Weekday::from(day)), day);
    }
    assert_eq!(Weekday::of(d(2026, 3, 2)), Mon);
}

#[test]
fn times_and_dates_parse_strictly_and_display_the_gov_uk_way() {
    assert_eq!(parse_time(" 07:05 "), Some(t(7, 5)));
    assert_eq!(parse_time("7:05"), None);
    assert_eq!(parse_date("2026-03-01"), Some(d(2026, 3, 1)));
    assert_eq!(parse_date("1/3/2026"), Some(d(2026, 3, 1)));
    assert_eq!(parse_date("2026-3-1"), Some(d(2026, 3, 1)));
    assert_eq!(parse_date("+2026-03-01"), None);
    assert_eq!(parse_date("1/3/26"), None);
    assert_eq!(format_date(d(2026, 3, 1)), "1 March 2026");
    assert_eq!(format_time(t(19, 0)), "19:00");
}

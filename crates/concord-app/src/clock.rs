//! Time. Instants are UTC; dates and deadlines are the date in Europe/London.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

/// Where the app gets "now" from: the system clock, or a fixed instant in tests.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(Utc::now))
    }

    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock(Arc::new(move || at))
    }

    pub fn from_fn(f: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Clock(Arc::new(f))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }

    /// Today's date in Europe/London.
    pub fn today(&self) -> NaiveDate {
        london_date(self.now())
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// The last Sunday of a month at 01:00 UTC: when UK clocks change.
fn last_sunday_0100_utc(year: i32, month: u32) -> DateTime<Utc> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    let mut d = first_next - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("valid time"))
}

/// The calendar date in the UK: GMT in winter, BST (UTC+1) from the last Sunday of March
/// to the last Sunday of October (since 1996). Avoids a timezone database for one zone.
pub fn london_date(at: DateTime<Utc>) -> NaiveDate {
    london_time(at).date()
}

/// The wall-clock time in the UK at `at`.
pub fn london_time(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    let year = at.year();
    let bst = at >= last_sunday_0100_utc(year, 3) && at < last_sunday_0100_utc(year, 10);
    let local = if bst { at + Duration::hours(1) } else { at };
    local.naive_utc()
}

/// The instant a UK wall-clock time stands for (the inverse of [`london_time`]; in the
/// hour the clocks go back, the earlier of the two).
pub(crate) fn from_london(local: chrono::NaiveDateTime) -> DateTime<Utc> {
    let summer = DateTime::from_naive_utc_and_offset(local - Duration::hours(1), Utc);
    if london_time(summer) == local {
        summer
    } else {
        DateTime::from_naive_utc_and_offset(local, Utc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn late_evening_in_summer_is_already_tomorrow_in_london() {
        assert_eq!(
            london_date(utc("2026-07-01T23:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()
        );
    }

    #[test]
    fn late_evening_in_winter_is_still_today_in_london() {
        assert_eq!(
            london_date(utc("2026-12-01T23:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
    }

    #[test]
    fn the_clocks_change_at_one_in_the_morning_utc() {
        // 2026: BST starts 29 March, ends 25 October.
        assert_eq!(
            london_date(utc("2026-03-29T00:59:00Z")),
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()
        );
        assert_eq!(
            london_date(utc("2026-10-24T23:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
        assert_eq!(
            london_date(utc("2026-10-25T23:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
    }
}

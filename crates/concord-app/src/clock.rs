//! Time. Instants are UTC; dates and deadlines are the date in Europe/London.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;

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

/// The calendar date in the UK, from the IANA time zone database (`Europe/London`, through
/// chrono-tz): GMT in winter, BST in summer, whatever rule Parliament sets next.
pub fn london_date(at: DateTime<Utc>) -> NaiveDate {
    london_time(at).date()
}

/// The wall-clock time in the UK at `at`.
pub fn london_time(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.with_timezone(&London).naive_local()
}

/// The instant a UK wall-clock time stands for (the inverse of [`london_time`]). In the
/// hour the clocks go back, the earlier of the two; in the hour they go forward, which
/// never happens on a clock, the time an hour later.
pub(crate) fn from_london(local: chrono::NaiveDateTime) -> DateTime<Utc> {
    London
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            London
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(
            || DateTime::from_naive_utc_and_offset(local, Utc),
            |t| t.with_timezone(&Utc),
        )
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

    #[test]
    fn a_wall_clock_time_maps_back_to_its_instant_across_the_changes() {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // Summer: 23:00 BST is 22:00 UTC; winter: 23:00 GMT is 23:00 UTC.
        assert_eq!(
            from_london(at("2026-07-01 23:00")),
            utc("2026-07-01T22:00:00Z")
        );
        assert_eq!(
            from_london(at("2026-12-01 23:00")),
            utc("2026-12-01T23:00:00Z")
        );
        // 01:30 on 25 October 2026 happens twice: the earlier (BST) one.
        assert_eq!(
            from_london(at("2026-10-25 01:30")),
            utc("2026-10-25T00:30:00Z")
        );
        // 01:30 on 29 March 2026 never happens: an hour later on the clock.
        assert_eq!(
            from_london(at("2026-03-29 01:30")),
            utc("2026-03-29T01:30:00Z")
        );
    }
}

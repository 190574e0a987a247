//! When a zone applies: always, or between two times of day in UK local time (a curfew
//! of 19:00 to 07:00 crosses midnight). Fixes carry UTC seconds; the UK's clock change
//! (British Summer Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
//! last Sunday of October) is computed here, so the crate needs no time-zone database.

use serde::{Deserialize, Serialize};

/// Minutes after local midnight, 0 to 1439.
pub type MinuteOfDay = u16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeWindow {
    Always,
    /// From `from` (inclusive) to `until` (exclusive), local time; `from > until` crosses
    /// midnight.
    Daily {
        from: MinuteOfDay,
        until: MinuteOfDay,
    },
    /// As `Daily`, but only periods that *start* on the given days (bit 0 Monday … bit 6
    /// Sunday, UK local): a Monday-to-Friday overnight curfew still holds at 06:59 on
    /// Saturday, and not at 23:00 on Saturday.
    Days {
        from: MinuteOfDay,
        until: MinuteOfDay,
        days: u8,
    },
}

impl TimeWindow {
    /// Whether the window is open at `unix_s` (seconds since 1970, UTC).
    pub fn is_open(self, unix_s: i64) -> bool {
        match self {
            TimeWindow::Always => true,
            TimeWindow::Daily { from, until } => {
                let m = uk_minute_of_day(unix_s);
                if from <= until {
                    m >= from && m < until
                } else {
                    m >= from || m < until
                }
            }
            TimeWindow::Days { from, until, days } => {
                let m = uk_minute_of_day(unix_s);
                let today = uk_weekday(unix_s);
                let started = |d: u8| days & (1 << d) != 0;
                if from <= until {
                    m >= from && m < until && started(today)
                } else if m >= from {
                    started(today)
                } else {
                    m < until && started((today + 6) % 7)
                }
            }
        }
    }
}

/// The UK local day of the week at `unix_s`: 0 Monday … 6 Sunday.
pub fn uk_weekday(unix_s: i64) -> u8 {
    let local = unix_s + if uk_summer_time(unix_s) { 3_600 } else { 0 };
    // 1970-01-01 was a Thursday (3 counting from Monday).
    (local.div_euclid(86_400) + 3).rem_euclid(7) as u8
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The last Sunday of a month (31-day months: March and October), as days since 1970.
fn last_sunday(y: i64, m: u32) -> i64 {
    let last = days_from_civil(y, m, 31);
    // 1970-01-01 was a Thursday: weekday 0 = Sunday is (days + 4) mod 7.
    last - (last + 4).rem_euclid(7)
}

/// Whether British Summer Time is in force at `unix_s`.
pub fn uk_summer_time(unix_s: i64) -> bool {
    let (y, _, _) = civil(unix_s.div_euclid(86_400));
    let starts = last_sunday(y, 3) * 86_400 + 3_600;
    let ends = last_sunday(y, 10) * 86_400 + 3_600;
    unix_s >= starts && unix_s < ends
}

/// Minutes after midnight, UK local time, at `unix_s`.
pub fn uk_minute_of_day(unix_s: i64) -> MinuteOfDay {
    let local = unix_s + if uk_summer_time(unix_s) { 3_600 } else { 0 };
    (local.rem_euclid(86_400) / 60) as MinuteOfDay
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i64, m: u32, d: u32, hh: i64, mm: i64) -> i64 {
        days_from_civil(y, m, d) * 86_400 + hh * 3_600 + mm * 60
    }

    #[test]
    fn the_clocks_change_at_one_in_the_morning_utc_on_the_last_sundays() {
        // 2026: summer time from 29 March to 25 October.
        assert!(!uk_summer_time(at(2026, 3, 29, 0, 59)));
        assert!(uk_summer_time(at(2026, 3, 29, 1, 0)));
        assert!(uk_summer_time(at(2026, 10, 25, 0, 59)));
        assert!(!uk_summer_time(at(2026, 10, 25, 1, 0)));
        assert_eq!(civil(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(civil(0), (1970, 1, 1));
    }

    #[test]
    fn a_curfew_across_midnight_is_open_in_local_time() {
        let curfew = TimeWindow::Daily {
            from: 19 * 60,
            until: 7 * 60,
        };
        // 18:30 UTC in July is 19:30 BST: in curfew; in January 18:30 is before it.
        assert!(curfew.is_open(at(2026, 7, 1, 18, 30)));
        assert!(!curfew.is_open(at(2026, 1, 15, 18, 30)));
        assert!(curfew.is_open(at(2026, 1, 15, 6, 59)));
        assert!(!curfew.is_open(at(2026, 1, 15, 7, 0)));
        assert!(TimeWindow::Always.is_open(0));
    }

    #[test]
    fn a_weekday_curfew_holds_into_saturday_morning_and_not_on_saturday_night() {
        // Monday to Friday, 19:00 to 07:00. 2026-01-16 is a Friday.
        let curfew = TimeWindow::Days {
            from: 19 * 60,
            until: 7 * 60,
            days: 0b001_1111,
        };
        assert_eq!(uk_weekday(at(2026, 1, 16, 12, 0)), 4);
        assert!(curfew.is_open(at(2026, 1, 16, 23, 0)));
        assert!(curfew.is_open(at(2026, 1, 17, 6, 59)));
        assert!(!curfew.is_open(at(2026, 1, 17, 23, 0)));
        assert!(!curfew.is_open(at(2026, 1, 18, 23, 0)));
        // Sunday night is not a curfew night, so Monday 06:00 is free; Monday 19:00 is not.
        assert!(!curfew.is_open(at(2026, 1, 19, 6, 0)));
        assert!(curfew.is_open(at(2026, 1, 19, 19, 0)));
    }
}

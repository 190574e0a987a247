//! Working days in England and Wales, for deadlines such as "first contact within ten
//! working days": Monday to Friday, less the bank holidays (Banking and Financial
//! Dealings Act 1971 as proclaimed each year, with the substitute days and the one-off
//! changes of recent years).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Easter Sunday (the anonymous Gregorian algorithm).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn first_monday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = next.pred_opt()?;
    let back = last.weekday().num_days_from_monday();
    Some(last - Duration::days(i64::from(back)))
}

/// The bank holidays of `year` in England and Wales.
fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days = Vec::with_capacity(10);
    // New Year's Day, or the Monday after it falls at a weekend.
    if let Some(new_year) = ymd(1, 1) {
        days.push(match new_year.weekday() {
            Weekday::Sat => new_year + Duration::days(2),
            Weekday::Sun => new_year + Duration::days(1),
            _ => new_year,
        });
    }
    if let Some(e) = easter(year) {
        days.push(e - Duration::days(2));
        days.push(e + Duration::days(1));
    }
    // Moved or added by proclamation: VE Day 2020, the Platinum Jubilee and the Queen's
    // funeral in 2022, the coronation in 2023.
    match year {
        2020 => days.extend(ymd(5, 8)),
        2022 => days.extend([ymd(6, 2), ymd(6, 3), ymd(9, 19)].into_iter().flatten()),
        2023 => days.extend(ymd(5, 8)),
        _ => {}
    }
    if year != 2020 {
        days.extend(first_monday(year, 5));
    }
    if year != 2022 {
        days.extend(last_monday(year, 5));
    }
    days.extend(last_monday(year, 8));
    // Christmas and Boxing Day, with substitutes when either falls at a weekend.
    if let (Some(christmas), Some(boxing)) = (ymd(12, 25), ymd(12, 26)) {
        match christmas.weekday() {
            Weekday::Fri => days.extend([christmas, boxing + Duration::days(2)]),
            Weekday::Sat => {
                days.extend([christmas + Duration::days(2), boxing + Duration::days(2)]);
            }
            Weekday::Sun => days.extend([christmas + Duration::days(2), boxing]),
            _ => days.extend([christmas, boxing]),
        }
    }
    days
}

pub fn is_bank_holiday(day: NaiveDate) -> bool {
    bank_holidays(day.year()).contains(&day)
}

pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(day)
}

/// The day `n` working days after `from` (the day itself not counted): a referral sent
/// on a Friday with one working day to answer is due on Monday.
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        match day.succ_opt() {
            Some(next) => day = next,
            None => return day,
        }
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_bank_holidays_of_2026_and_2027_are_those_proclaimed() {
        // gov.uk/bank-holidays, England and Wales.
        assert_eq!(
            bank_holidays(2026),
            vec![
                d(2026, 1, 1),
                d(2026, 4, 3),
                d(2026, 4, 6),
                d(2026, 5, 4),
                d(2026, 5, 25),
                d(2026, 8, 31),
                d(2026, 12, 25),
                d(2026, 12, 28),
            ]
        );
        let mut y2027 = bank_holidays(2027);
        y2027.sort();
        assert_eq!(
            y2027,
            vec![
                d(2027, 1, 1),
                d(2027, 3, 26),
                d(2027, 3, 29),
                d(2027, 5, 3),
                d(2027, 5, 31),
                d(2027, 8, 30),
                d(2027, 12, 27),
                d(2027, 12, 28),
            ]
        );
    }

    #[test]
    fn the_one_off_changes_of_2020_and_2022_are_kept() {
        assert!(is_bank_holiday(d(2020, 5, 8)) && !is_bank_holiday(d(2020, 5, 4)));
        assert!(is_bank_holiday(d(2022, 6, 2)) && is_bank_holiday(d(2022, 6, 3)));
        assert!(!is_bank_holiday(d(2022, 5, 30)) && is_bank_holiday(d(2022, 9, 19)));
        assert!(
            is_bank_holiday(d(2022, 1, 3)),
            "New Year's Day 2022 was a Saturday"
        );
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Friday 18 December 2026 + 5 working days: 21, 22, 23, 24, then 29 (25 and 28
        // are bank holidays).
        assert_eq!(add_working_days(d(2026, 12, 18), 5), d(2026, 12, 29));
        assert_eq!(add_working_days(d(2026, 12, 4), 1), d(2026, 12, 7));
        assert_eq!(add_working_days(d(2026, 12, 4), 0), d(2026, 12, 4));
    }

    proptest::proptest! {
        #[test]
        fn a_deadline_is_a_working_day_and_takes_n_of_them(days in 0i64..20_000, n in 1u32..40) {
            let from = d(2000, 1, 1) + Duration::days(days);
            let due = add_working_days(from, n);
            proptest::prop_assert!(is_working_day(due));
            let mut count = 0;
            let mut day = from;
            while day < due {
                day = day.succ_opt().unwrap();
                if is_working_day(day) { count += 1; }
            }
            proptest::prop_assert_eq!(count, n);
        }
    }
}

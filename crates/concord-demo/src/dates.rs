//! Date arithmetic for the generator. Every date is derived from `today` and clamped to
//! it, because the register refuses events, offences and moves in the future.

use chrono::{Days, Months, NaiveDate};

pub(super) fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(d)
}

pub(super) fn plus_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

pub(super) fn plus_years(d: NaiveDate, n: u32) -> NaiveDate {
    plus_months(d, n * 12)
}

pub(super) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// "6 weeks", "18 months" or "4 years" for a number of days, as a sentencing remark reads.
pub(super) fn term(days: i64) -> String {
    if days < 84 {
        return format!("{} weeks", (days / 7).max(1));
    }
    // Average month length (30.4375 days), rounded to the nearest month.
    let months = (days * 10_000 + 152_187) / 304_375;
    if months >= 24 && months % 12 == 0 {
        format!("{} years", months / 12)
    } else {
        format!("{months} months")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_like_sentencing_remarks() {
        assert_eq!(term(730), "2 years");
        assert_eq!(term(540), "18 months");
        assert_eq!(term(28), "4 weeks");
        assert_eq!(term(1095), "3 years");
        assert_eq!(term(240), "8 months");
    }
}

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How two dates of birth compare, from strongest evidence to none. The levels are the
/// mistakes people and systems make: digits mistyped, day and month the wrong way round
/// (US-style entry), a year off by one (age given instead of date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DobLevel {
    Exact,
    /// 03/07/1985 against 07/03/1985.
    DayMonthTransposed,
    /// Two of day, month and year agree.
    OnePartDiffers,
    /// Same day and month, year one apart.
    YearWithinOne,
    Different,
    /// One side has no date of birth: no evidence either way.
    Missing,
}

pub fn compare_dates_of_birth(a: Option<NaiveDate>, b: Option<NaiveDate>) -> DobLevel {
    let (Some(a), Some(b)) = (a, b) else {
        return DobLevel::Missing;
    };
    if a == b {
        return DobLevel::Exact;
    }
    let (ad, am, ay) = (a.day(), a.month(), a.year());
    let (bd, bm, by) = (b.day(), b.month(), b.year());
    if ay == by && ad == bm && am == bd {
        return DobLevel::DayMonthTransposed;
    }
    let agreeing = [ad == bd, am == bm, ay == by]
        .iter()
        .filter(|x| **x)
        .count();
    if agreeing == 2 {
        // A one-year difference with day and month right is its own, stronger level.
        if ad == bd && am == bm && (ay - by).abs() == 1 {
            return DobLevel::YearWithinOne;
        }
        return DobLevel::OnePartDiffers;
    }
    DobLevel::Different
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn each_kind_of_mistake_has_its_level() {
        let cases = [
            (d(1985, 7, 3), d(1985, 7, 3), DobLevel::Exact),
            (d(1985, 7, 3), d(1985, 3, 7), DobLevel::DayMonthTransposed),
            (d(1985, 7, 3), d(1986, 7, 3), DobLevel::YearWithinOne),
            (d(1985, 7, 3), d(1984, 7, 3), DobLevel::YearWithinOne),
            (d(1985, 7, 3), d(1995, 7, 3), DobLevel::OnePartDiffers),
            (d(1985, 7, 3), d(1985, 7, 13), DobLevel::OnePartDiffers),
            (d(1985, 7, 3), d(1985, 8, 3), DobLevel::OnePartDiffers),
            (d(1985, 7, 3), d(1990, 1, 20), DobLevel::Different),
            (d(1985, 7, 3), None, DobLevel::Missing),
            (None, None, DobLevel::Missing),
        ];
        for (a, b, level) in cases {
            assert_eq!(compare_dates_of_birth(a, b), level, "{a:?} vs {b:?}");
            assert_eq!(
                compare_dates_of_birth(b, a),
                level,
                "symmetric: {b:?} vs {a:?}"
            );
        }
    }

    #[test]
    fn the_same_day_and_month_is_not_a_transposition() {
        // 5 May: swapping day and month changes nothing, so only the year can differ.
        assert_eq!(
            compare_dates_of_birth(d(1985, 5, 5), d(1986, 5, 5)),
            DobLevel::YearWithinOne
        );
    }
}

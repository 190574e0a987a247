//! Worked cases from rules.md §6, seed 002 (Mr D) and the decisions in each module's doc,
//! and property tests that throw arbitrary input at everything.

mod catalogue;
mod codes;
mod conditions;
mod curfew;
mod enforcement;
mod properties;
mod recall;
mod status;
mod values;
mod variation;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::conditions::{ConditionError, LicencePeriod};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub fn at(date: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    date.and_time(t(h, m))
}

/// Mr D's 12-month licence (seed 002).
pub fn period() -> LicencePeriod {
    LicencePeriod {
        start: d(2026, 3, 1),
        end: d(2027, 2, 28),
    }
}

/// (field, code) of each error, for compact assertions.
pub fn fields(errors: &[ConditionError]) -> Vec<(&str, &str)> {
    errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
}

/// The same, owned, for errors made inside the assertion.
pub fn owned(errors: &[ConditionError]) -> Vec<(String, &'static str)> {
    errors.iter().map(|e| (e.field.clone(), e.code)).collect()
}

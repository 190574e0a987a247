//! Worked cases from rules.md §1 and §7.4, seed 002 (Mr D) and the decisions in each
//! module's doc, and property tests that throw arbitrary input at everything.

mod codes;
mod disclosure;
mod eligibility;
mod level;
mod meeting;
mod notification;
mod properties;
mod review;
mod rmp;
mod statistics;

use chrono::NaiveDate;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The codes of a list of field errors, in order.
pub fn codes(errors: &[crate::FieldError]) -> Vec<(&str, &str)> {
    errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
}

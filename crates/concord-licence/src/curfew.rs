//! Curfews: the hours a person must stay at an address, the days they apply, and how a
//! change between two curfews is described on a variation.
//!
//! Decisions:
//! - An end earlier than the start means the next morning: 19:00–07:00 runs from 19:00 on
//!   a curfew day to 07:00 the day after. The **days** and the **from/until dates** are
//!   those on which a curfew period *starts*; so with a Monday-to-Friday overnight curfew,
//!   06:59 on Saturday is still inside Friday night's curfew.
//! - The start is inside the curfew and the end is not (`[start, end)`): at 07:00 the
//!   person may leave. `from` and `until` are both inclusive.
//! - Length: at least 1 hour and at most 16 hours in a day. These are **Concord's limits**;
//!   rules.md gives none. The 16 hours is the statutory maximum for a curfew requirement of
//!   a community order (CJA 2003 s.204(2), "not less than two hours or more than sixteen
//!   hours in any day"; text as amended, read on lexisnexis.co.uk), not an HDC rule: the
//!   HDC curfew condition has a statutory *minimum* of 9 hours a day (s.253(3), per
//!   Halsbury's Laws, Sentencing para 737), which Concord does not enforce here because a
//!   licence curfew (such as an approved-premises curfew) need not be an HDC curfew.
//! - A change is **relaxed** when the new weekly hours lie wholly within the old,
//!   **tightened** when they wholly contain them, and otherwise **changed**.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::catalogue::ConditionTag;
use crate::conditions::{Condition, ConditionError, MAX_TEXT};
use crate::values::{describe_days, format_date, format_time, parse_days, parse_time, Weekday};

/// Concord's shortest curfew, in hours.
pub const MIN_HOURS: f64 = 1.0;
/// Concord's longest curfew, in hours (see the module doc for the source).
pub const MAX_HOURS: f64 = 16.0;

const DAY_SECONDS: u32 = 24 * 60 * 60;
const WEEK_MINUTES: usize = 7 * 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Curfew {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// The days on which a curfew period starts.
    pub days: BTreeSet<Weekday>,
    pub address: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// Every problem with the curfew at once, against the field of [`Curfew`].
pub fn validate_curfew(c: &Curfew) -> Result<(), Vec<ConditionError>> {
    let mut errors = Vec::new();
    let length = seconds(c);
    if length == 0 {
        errors.push(ConditionError::new(
            "end",
            "window_zero",
            "The end time must be different from the start time",
        ));
    } else if hours(c) < MIN_HOURS {
        errors.push(ConditionError::new(
            "end",
            "too_short",
            "A curfew must last at least 1 hour",
        ));
    } else if hours(c) > MAX_HOURS {
        errors.push(ConditionError::new(
            "end",
            "too_long",
            "A curfew must last no more than 16 hours in a day",
        ));
    }
    if c.days.is_empty() {
        errors.push(ConditionError::new(
            "days",
            "no_days",
            "Select the days the curfew applies",
        ));
    }
    if c.address.trim().is_empty() {
        errors.push(ConditionError::new(
            "address",
            "missing",
            "Enter the curfew address",
        ));
    } else if c.address.chars().count() > MAX_TEXT {
        errors.push(ConditionError::new(
            "address",
            "too_long",
            format!("Curfew address must be {MAX_TEXT} characters or fewer"),
        ));
    }
    if c.until.is_some_and(|until| until < c.from) {
        errors.push(ConditionError::new(
            "until",
            "before_from",
            "The curfew must end on or after the day it starts",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The length of one curfew period in hours (0 when start equals end).
pub fn hours(c: &Curfew) -> f64 {
    f64::from(seconds(c)) / 3600.0
}

fn seconds(c: &Curfew) -> u32 {
    let (start, end) = (
        c.start.num_seconds_from_midnight(),
        c.end.num_seconds_from_midnight(),
    );
    if end >= start {
        end - start
    } else {
        DAY_SECONDS - start + end
    }
}

/// Whether `at` (local time) falls inside the curfew.
pub fn in_curfew(c: &Curfew, at: NaiveDateTime) -> bool {
    let (day, time) = (at.date(), at.time());
    let starts_on = |day: NaiveDate| {
        c.days.contains(&Weekday::of(day)) && c.from <= day && c.until.is_none_or(|u| day <= u)
    };
    if c.start < c.end {
        time >= c.start && time < c.end && starts_on(day)
    } else if c.start > c.end {
        let yesterday = day.checked_sub_days(Days::new(1));
        (time >= c.start && starts_on(day)) || (time < c.end && yesterday.is_some_and(starts_on))
    } else {
        false
    }
}

/// How the curfew changed, for the variation summary and the person's timeline:
/// "Curfew relaxed from 19:00–07:00 to 21:00–06:00". `None` when nothing changed.
pub fn describe_change(old: &Curfew, new: &Curfew) -> Option<String> {
    let window = |c: &Curfew| format!("{}–{}", format_time(c.start), format_time(c.end));
    let times_differ = window(old) != window(new);
    let days_differ = old.days != new.days;
    let mut parts = Vec::new();
    if times_differ || days_differ {
        let (before, after) = (coverage(old), coverage(new));
        let within = |a: &[bool], b: &[bool]| a.iter().zip(b).all(|(x, y)| !*x || *y);
        let verb = match (within(&after, &before), within(&before, &after)) {
            (true, false) => "relaxed",
            (false, true) => "tightened",
            _ => "changed",
        };
        let days = format!(
            "days from {} to {}",
            describe_days(&old.days),
            describe_days(&new.days)
        );
        parts.push(match (times_differ, days_differ) {
            (true, false) => format!("{verb} from {} to {}", window(old), window(new)),
            (true, true) => format!("{verb} from {} to {}; {days}", window(old), window(new)),
            _ => format!("{verb}: {days}"),
        });
    }
    if old.address.trim() != new.address.trim() {
        parts.push(format!(
            "address changed from {} to {}",
            old.address.trim(),
            new.address.trim()
        ));
    }
    if old.from != new.from {
        parts.push(format!(
            "start date changed from {} to {}",
            format_date(old.from),
            format_date(new.from)
        ));
    }
    if old.until != new.until {
        let show = |d: Option<NaiveDate>| d.map_or_else(|| "no end date".to_string(), format_date);
        parts.push(format!(
            "end date changed from {} to {}",
            show(old.until),
            show(new.until)
        ));
    }
    (!parts.is_empty()).then(|| format!("Curfew {}", parts.join("; ")))
}

/// The minutes of a week the curfew covers (a period starting on Sunday night wraps into
/// Monday morning).
fn coverage(c: &Curfew) -> Vec<bool> {
    let mut minutes = vec![false; WEEK_MINUTES];
    let start = (c.start.num_seconds_from_midnight() / 60) as usize;
    let length = (seconds(c) / 60) as usize;
    for day in &c.days {
        let first = day.index() * 24 * 60 + start;
        for i in 0..length {
            minutes[(first + i) % WEEK_MINUTES] = true;
        }
    }
    minutes
}

/// Reads a curfew from a curfew condition (one tagged [`ConditionTag::Curfew`]): its
/// address, start and end times and days (every day when none are given). The dates come
/// from the licence or the variation.
pub fn curfew_from_condition(
    c: &Condition,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Curfew, Vec<ConditionError>> {
    if !c
        .spec()
        .is_some_and(|s| s.tag == Some(ConditionTag::Curfew))
    {
        return Err(vec![ConditionError::new(
            "code",
            "not_curfew",
            "This condition is not a curfew",
        )]);
    }
    let mut errors = Vec::new();
    let mut time = |name: &str| {
        let parsed = c.value(name).and_then(parse_time);
        if parsed.is_none() {
            errors.push(ConditionError::new(
                format!("params.{name}"),
                "time_invalid",
                "Enter a time on the 24-hour clock, like 19:00",
            ));
        }
        parsed
    };
    let (start, end) = (time("start"), time("end"));
    let days = match c.value("days") {
        None => Some(Weekday::ALL.into()),
        Some(text) => parse_days(text),
    };
    if days.is_none() {
        errors.push(ConditionError::new(
            "params.days",
            "days_invalid",
            "Days must be days of the week, like \u{201c}Monday to Friday\u{201d}",
        ));
    }
    match (start, end, days) {
        (Some(start), Some(end), Some(days)) => Ok(Curfew {
            start,
            end,
            days,
            address: c.value("address").unwrap_or_default().to_string(),
            from,
            until,
        }),
        _ => Err(errors),
    }
}

//! Parsing and display of parameter values: times, dates, days of the week.
//!
//! Decisions:
//! - Times are strictly `HH:MM` on the 24-hour clock (`7:00`, `19.00` and `7pm` are
//!   refused), so that a stored value always means one thing.
//! - Dates are ISO `yyyy-mm-dd` (what forms and the API send) or `d/m/yyyy` (what people
//!   type in England), with a four-digit year so `1/3/26` is never guessed at.
//! - Dates are shown the GOV.UK way: `1 March 2026`.
//! - [`Weekday`] is Concord's own: chrono's weekday is deliberately unordered, and curfews
//!   keep their days in a `BTreeSet`, which needs an order. Monday comes first.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A day of the week, Monday first. Converts to and from `chrono::Weekday`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn of(date: NaiveDate) -> Weekday {
        date.weekday().into()
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.index()]
    }
}

impl From<chrono::Weekday> for Weekday {
    fn from(day: chrono::Weekday) -> Self {
        Weekday::ALL[day.num_days_from_monday() as usize % 7]
    }
}

impl From<Weekday> for chrono::Weekday {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Mon => chrono::Weekday::Mon,
            Weekday::Tue => chrono::Weekday::Tue,
            Weekday::Wed => chrono::Weekday::Wed,
            Weekday::Thu => chrono::Weekday::Thu,
            Weekday::Fri => chrono::Weekday::Fri,
            Weekday::Sat => chrono::Weekday::Sat,
            Weekday::Sun => chrono::Weekday::Sun,
        }
    }
}

/// `HH:MM`, 00:00 to 23:59.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let (h, m) = text.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(h)?, digits(m)?, 0)
}

/// `yyyy-mm-dd` or `d/m/yyyy` (one or two digits for day and month).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (year, month, day) = if let Some((y, rest)) = text.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (y, m, d)
    } else {
        let (d, rest) = text.split_once('/')?;
        let (m, y) = rest.split_once('/')?;
        (y, m, d)
    };
    if year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    let year = i32::try_from(digits(year)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(month)?, digits(day)?)
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `1 March 2026`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// `19:00`.
pub fn format_time(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// Reads the days of a curfew or a reporting arrangement: "every day", "daily",
/// "weekdays", "weekends", a range ("Monday to Friday", "Mon-Fri") or a list ("Monday,
/// Wednesday and Friday"). Ranges may wrap ("Friday to Monday"). Case-insensitive.
pub fn parse_days(text: &str) -> Option<BTreeSet<Weekday>> {
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "every day" | "daily" | "each day" | "all days" => return Some(Weekday::ALL.into()),
        "weekdays" => return Some(Weekday::ALL[..5].iter().copied().collect()),
        "weekends" | "weekend" => return Some(Weekday::ALL[5..].iter().copied().collect()),
        _ => {}
    }
    let mut days = BTreeSet::new();
    for item in lower.replace(" and ", ",").split(',') {
        let item = item.trim();
        if item.is_empty() {
            return None;
        }
        let range = item
            .split_once(" to ")
            .or_else(|| item.split_once('-'))
            .or_else(|| item.split_once('–'));
        match range {
            Some((first, last)) => {
                let (first, last) = (day_name(first.trim())?, day_name(last.trim())?);
                let mut i = first.index();
                loop {
                    days.insert(Weekday::ALL[i]);
                    if i == last.index() {
                        break;
                    }
                    i = (i + 1) % 7;
                }
            }
            None => {
                days.insert(day_name(item)?);
            }
        }
    }
    Some(days)
}

fn day_name(text: &str) -> Option<Weekday> {
    Weekday::ALL.into_iter().find(|day| {
        let full = day.name().to_lowercase();
        text == full || (text.len() >= 3 && full.starts_with(text))
    })
}

/// "every day", "Monday to Friday", "Saturday and Sunday", "Monday, Wednesday and Friday";
/// "no days" for an empty set.
pub fn describe_days(days: &BTreeSet<Weekday>) -> String {
    let list: Vec<Weekday> = days.iter().copied().collect();
    match list.as_slice() {
        [] => "no days".to_string(),
        [only] => only.name().to_string(),
        all if all.len() == 7 => "every day".to_string(),
        [first, .., last] if last.index() - first.index() + 1 == list.len() && list.len() > 2 => {
            format!("{} to {}", first.name(), last.name())
        }
        [init @ .., last] => {
            let names: Vec<&str> = init.iter().map(|d| d.name()).collect();
            format!("{} and {}", names.join(", "), last.name())
        }
    }
}

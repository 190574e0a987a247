//! A sentence's length as the court imposed it ("2 years", "26 weeks"): a fact of its own,
//! not the distance between its start and end dates (which move with remand time, early
//! release and recall). MAPPA's categories and the notification period read this.

use std::fmt;

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// A unit a court states a term in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A term as the court imposed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub length: u32,
    pub unit: TermUnit,
}

/// The longest term Concord accepts, in years (a determinate term beyond it is an error
/// of entry; a whole-life or indeterminate sentence is a kind of its own).
const MAX_YEARS: u32 = 99;

impl Term {
    pub fn new(length: u32, unit: TermUnit) -> Self {
        Term { length, unit }
    }

    /// "2 years", "18 months", "26 weeks", "90 days" (also "2 year", "1yr", "6m"): the
    /// field's error names what is wrong.
    pub fn parse(field: &str, text: &str) -> Result<Term, FieldError> {
        let t = text.trim().to_lowercase();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let unit = match unit.trim() {
            "d" | "day" | "days" => Some(TermUnit::Days),
            "w" | "wk" | "wks" | "week" | "weeks" => Some(TermUnit::Weeks),
            "m" | "mth" | "mths" | "month" | "months" => Some(TermUnit::Months),
            "y" | "yr" | "yrs" | "year" | "years" => Some(TermUnit::Years),
            _ => None,
        };
        let (Ok(length), Some(unit)) = (number.parse::<u32>(), unit) else {
            return Err(FieldError::new(
                field,
                "invalid",
                "Enter the length as the court imposed it, like 2 years, 18 months, 26 weeks or 90 days",
            ));
        };
        let term = Term { length, unit };
        if length == 0 {
            return Err(FieldError::new(
                field,
                "zero",
                "The length must be at least 1 day",
            ));
        }
        if term.end_from(NaiveDate::MIN).is_none() || term.months_floor() > MAX_YEARS * 12 {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("The length must be {MAX_YEARS} years or less: life and IPP are kinds of sentence of their own"),
            ));
        }
        Ok(term)
    }

    /// The day the term would end if it ran from `start` (calendar months and years;
    /// weeks as 7 days); `None` out of range.
    pub fn end_from(self, start: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            TermUnit::Days => start.checked_add_days(Days::new(self.length.into())),
            TermUnit::Weeks => start.checked_add_days(Days::new(u64::from(self.length) * 7)),
            TermUnit::Months => start.checked_add_months(Months::new(self.length)),
            TermUnit::Years => start.checked_add_months(Months::new(self.length.checked_mul(12)?)),
        }
    }

    /// Whether the term is at least `months` calendar months, counted from `start`.
    pub fn at_least_months(self, months: u32, start: NaiveDate) -> bool {
        match (
            self.end_from(start),
            start.checked_add_months(Months::new(months)),
        ) {
            (Some(end), Some(threshold)) => end >= threshold,
            _ => false,
        }
    }

    /// Whole months in the term (days and weeks rounded down at 30.44 days a month):
    /// for display and coarse comparisons only.
    pub fn months_floor(self) -> u32 {
        match self.unit {
            TermUnit::Years => self.length.saturating_mul(12),
            TermUnit::Months => self.length,
            TermUnit::Weeks => (f64::from(self.length) * 7.0 / 30.4375) as u32,
            TermUnit::Days => (f64::from(self.length) / 30.4375) as u32,
        }
    }
}

/// "2 years", "1 month", "26 weeks": as stored and shown.
impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.unit, self.length == 1) {
            (TermUnit::Days, true) => "day",
            (TermUnit::Days, false) => "days",
            (TermUnit::Weeks, true) => "week",
            (TermUnit::Weeks, false) => "weeks",
            (TermUnit::Months, true) => "month",
            (TermUnit::Months, false) => "months",
            (TermUnit::Years, true) => "year",
            (TermUnit::Years, false) => "years",
        };
        write!(f, "{} {unit}", self.length)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_parse_as_courts_write_them_and_print_back() {
        for (text, shown) in [
            ("2 years", "2 years"),
            ("1 Year", "1 year"),
            ("18 months", "18 months"),
            ("26 weeks", "26 weeks"),
            ("90 days", "90 days"),
            ("6m", "6 months"),
            (" 4yrs ", "4 years"),
        ] {
            let t = Term::parse("term", text).unwrap();
            assert_eq!(t.to_string(), shown, "{text}");
            assert_eq!(Term::parse("term", shown).unwrap(), t);
        }
        for (text, code) in [
            ("", "invalid"),
            ("two years", "invalid"),
            ("2 fortnights", "invalid"),
            ("-2 years", "invalid"),
            ("0 days", "zero"),
            ("100 years", "too_long"),
            ("99999999999 days", "invalid"),
        ] {
            assert_eq!(Term::parse("term", text).unwrap_err().code, code, "{text}");
        }
    }

    #[test]
    fn a_term_is_compared_in_calendar_months_from_its_start() {
        let start = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert!(Term::new(12, TermUnit::Months).at_least_months(12, start));
        assert!(Term::new(1, TermUnit::Years).at_least_months(12, start));
        assert!(!Term::new(52, TermUnit::Weeks).at_least_months(12, start));
        assert!(Term::new(365, TermUnit::Days).at_least_months(12, start));
        assert!(!Term::new(364, TermUnit::Days).at_least_months(12, start));
        assert_eq!(Term::new(2, TermUnit::Years).months_floor(), 24);
    }
}

//! Dates as people type them, and the date rules shared across the record.
//!
//! Nothing here reads the clock: callers pass `today`, so rules are testable and a batch
//! job that crosses midnight judges every row by the same day.
//!
//! `label` is the field's name as it starts a sentence, e.g. `"Date of birth"`.

use chrono::{Datelike, Months, NaiveDate};

use crate::error::FieldError;
use crate::text::{object, subject};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The age of criminal responsibility in England and Wales (CYPA 1933 s.50).
const MIN_AGE: u32 = 10;

/// Accepts `2001-02-03`, `03/02/2001`, `3/2/2001`, `03-02-2001`, `03.02.2001`,
/// `3 Feb 2001` and `3 February 2001`. Day comes before month: this is a UK system, and
/// guessing US order would silently swap days and months.
///
/// Codes: `date_required`, `date_format`, then those of [`date_from_parts`].
pub fn parse_date(field: &str, label: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(required(field, label));
    }
    let parts: Vec<&str> = input
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ','))
        .filter(|p| !p.is_empty())
        .collect();
    let format_error = || {
        FieldError::new(
            field,
            "date_format",
            format!(
                "{} must be a date, like 27/3/2007 or 27 March 2007",
                subject(label)
            ),
        )
    };
    let [first, second, third] = parts[..] else {
        return Err(format_error());
    };
    let is_iso = first.len() == 4 && all_digits(first);
    let (day, month, year) = if is_iso {
        (third, second, first)
    } else {
        (first, second, third)
    };
    let month_ok = all_digits(month) || month.chars().all(char::is_alphabetic);
    if !(all_digits(day) && month_ok && all_digits(year)) {
        return Err(format_error());
    }
    date_from_parts(field, label, day, month, year)
}

/// The GOV.UK date-input pattern: day, month and year typed into three boxes. The month
/// box also accepts a month name ("Feb", "february"), as GOV.UK recommends.
///
/// Codes: `date_required` (all blank), `date_day`, `date_month`, `date_year` (missing or
/// wrong; the year must have 4 digits), `date_impossible` (e.g. 31 February).
pub fn date_from_parts(
    field: &str,
    label: &str,
    day: &str,
    month: &str,
    year: &str,
) -> Result<NaiveDate, FieldError> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    let missing: Vec<(&str, &'static str)> = [
        ("day", "date_day", day),
        ("month", "date_month", month),
        ("year", "date_year", year),
    ]
    .into_iter()
    .filter(|(_, _, v)| v.is_empty())
    .map(|(name, code, _)| (name, code))
    .collect();
    match missing[..] {
        [] => {}
        [(name, code)] => {
            return Err(FieldError::new(
                field,
                code,
                format!("{} must include a {name}", subject(label)),
            ))
        }
        [(a, code), (b, _)] => {
            return Err(FieldError::new(
                field,
                code,
                format!("{} must include a {a} and {b}", subject(label)),
            ))
        }
        _ => return Err(required(field, label)),
    }

    let d = number(day, 2)
        .filter(|d| (1..=31).contains(d))
        .ok_or_else(|| {
            FieldError::new(
                field,
                "date_day",
                format!("{} must have a day from 1 to 31", subject(label)),
            )
        })?;
    let m = number(month, 2)
        .or_else(|| month_from_name(month))
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| {
            FieldError::new(
                field,
                "date_month",
                format!("{} must have a month from 1 to 12", subject(label)),
            )
        })?;
    // A leading zero ("0201") is a typo for 2001 or 2010, never a real year on a record.
    let y = number(year, 4)
        .filter(|_| year.len() == 4 && !year.starts_with('0'))
        .ok_or_else(|| {
            FieldError::new(
                field,
                "date_year",
                format!("{} must have a year with 4 numbers", subject(label)),
            )
        })?;
    // `y` has 4 digits, so it fits in an i32.
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| {
        FieldError::new(
            field,
            "date_impossible",
            format!("{} must be a real date", subject(label)),
        )
    })
}

/// As [`date_from_parts`], but three blank boxes mean "not given".
pub fn optional_date_from_parts(
    field: &str,
    label: &str,
    day: &str,
    month: &str,
    year: &str,
) -> Result<Option<NaiveDate>, FieldError> {
    if [day, month, year].iter().all(|p| p.trim().is_empty()) {
        return Ok(None);
    }
    date_from_parts(field, label, day, month, year).map(Some)
}

/// A date of birth must be in the past, on or after 1 January 1900, and make the person at
/// least 10: nobody younger can be convicted, so a later date is a typing error.
///
/// Codes: `date_future`, `date_too_early`, `date_too_recent`.
pub fn check_date_of_birth(
    field: &str,
    dob: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, FieldError> {
    if dob > today {
        return Err(FieldError::new(
            field,
            "date_future",
            "Date of birth must be in the past",
        ));
    }
    if dob < earliest_birth_date() {
        return Err(FieldError::new(
            field,
            "date_too_early",
            "Date of birth must be on or after 1 January 1900",
        ));
    }
    if age_on(dob, today) < MIN_AGE {
        return Err(FieldError::new(
            field,
            "date_too_recent",
            "Date of birth must be at least 10 years ago – the person must be aged 10 or over",
        ));
    }
    Ok(dob)
}

/// `later` must not be before `earlier` (same day is fine). Code `date_order`; the caller
/// words the message because only it knows what the two dates are.
pub fn check_not_before(
    field: &str,
    later: NaiveDate,
    earlier: NaiveDate,
    message: &str,
) -> Result<(), FieldError> {
    if later < earlier {
        return Err(FieldError::new(field, "date_order", message));
    }
    Ok(())
}

/// Today or earlier. Code `date_future`.
pub fn check_not_future(
    field: &str,
    label: &str,
    d: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if d > today {
        return Err(FieldError::new(
            field,
            "date_future",
            format!("{} must be today or in the past", subject(label)),
        ));
    }
    Ok(())
}

/// GOV.UK style: "3 February 2001".
pub fn format_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// Age in whole years on `today` (0 if `today` is before `dob`). Someone born on 29
/// February turns a year older on 1 March in non-leap years, as in UK law.
pub fn age_on(dob: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - dob.year();
    if (today.month(), today.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

fn earliest_birth_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn required(field: &str, label: &str) -> FieldError {
    FieldError::new(field, "date_required", format!("Enter {}", object(label)))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An ASCII number of at most `max_digits` digits.
fn number(s: &str, max_digits: usize) -> Option<u32> {
    (all_digits(s) && s.len() <= max_digits)
        .then(|| s.parse().ok())
        .flatten()
}

/// "Feb", "feb", "Sept", "February": any prefix of at least three letters.
fn month_from_name(s: &str) -> Option<u32> {
    if s.chars().count() < 3 {
        return None;
    }
    let s = s.to_lowercase();
    MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&s))
        .map(|i| i as u32 + 1)
}

/// Whole calendar months from `start` to `end` (24 for 1 March 2025 to 1 March 2027; 1
/// for 31 January to 28 February); `None` unless `end` is after `start`.
pub fn whole_months(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if end <= start {
        return None;
    }
    let span = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    let mut months = u32::try_from(span).ok()?;
    if start
        .checked_add_months(Months::new(months))
        .is_none_or(|d| d > end)
    {
        months = months.checked_sub(1)?;
    }
    Some(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn code_of<T: std::fmt::Debug>(r: Result<T, FieldError>) -> &'static str {
        r.unwrap_err().code
    }

    #[test]
    fn every_common_spelling_parses_day_first() {
        for input in [
            "2001-02-03",
            "03/02/2001",
            "3/2/2001",
            "03-02-2001",
            "03.02.2001",
            "3 Feb 2001",
            "3 February 2001",
            "3 feb 2001",
            " 3 Feb, 2001 ",
            "03-Feb-2001",
        ] {
            assert_eq!(
                parse_date("d", "Date", input),
                Ok(ymd(2001, 2, 3)),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn parse_errors_name_what_is_wrong() {
        let table = [
            ("", "date_required", "Enter date of birth"),
            (
                "yesterday",
                "date_format",
                "Date of birth must be a date, like 27/3/2007 or 27 March 2007",
            ),
            ("3/2", "date_format", ""),
            ("3/2/2001/4", "date_format", ""),
            ("3rd Feb 2001", "date_format", ""),
            (
                "32/01/2001",
                "date_day",
                "Date of birth must have a day from 1 to 31",
            ),
            (
                "01/13/2001",
                "date_month",
                "Date of birth must have a month from 1 to 12",
            ),
            ("3 Fe 2001", "date_month", ""),
            ("3 Smarch 2001", "date_month", ""),
            (
                "3/2/01",
                "date_year",
                "Date of birth must have a year with 4 numbers",
            ),
            (
                "31/04/2001",
                "date_impossible",
                "Date of birth must be a real date",
            ),
        ];
        for (input, code, message) in table {
            let err = parse_date("dob", "Date of birth", input).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.code),
                ("dob", code),
                "input {input:?}"
            );
            if !message.is_empty() {
                assert_eq!(err.message, message);
            }
        }
    }

    #[test]
    fn twenty_ninth_of_february_exists_only_in_leap_years() {
        let table = [
            (("29", "2", "2024"), Some(ymd(2024, 2, 29))),
            (("29", "2", "2000"), Some(ymd(2000, 2, 29))),
            (("29", "2", "2023"), None),
            (("29", "2", "1900"), None),
            (("31", "4", "2023"), None),
            (("30", "4", "2023"), Some(ymd(2023, 4, 30))),
            (("31", "12", "2023"), Some(ymd(2023, 12, 31))),
        ];
        for ((d, m, y), expected) in table {
            let got = date_from_parts("f", "Date", d, m, y);
            match expected {
                Some(date) => assert_eq!(got, Ok(date)),
                None => assert_eq!(code_of(got), "date_impossible", "{d}/{m}/{y}"),
            }
        }
    }

    #[test]
    fn date_parts_report_the_part_that_is_missing_or_wrong() {
        let table = [
            (("", "", ""), "date_required", "Enter date of birth"),
            (
                ("", "2", "2001"),
                "date_day",
                "Date of birth must include a day",
            ),
            (
                ("3", "", "2001"),
                "date_month",
                "Date of birth must include a month",
            ),
            (
                ("3", "2", ""),
                "date_year",
                "Date of birth must include a year",
            ),
            (
                ("", "", "2001"),
                "date_day",
                "Date of birth must include a day and month",
            ),
            (
                ("3", "", ""),
                "date_month",
                "Date of birth must include a month and year",
            ),
            (
                ("0", "2", "2001"),
                "date_day",
                "Date of birth must have a day from 1 to 31",
            ),
            (("x", "2", "2001"), "date_day", ""),
            (("3", "0", "2001"), "date_month", ""),
            (
                ("3", "2", "01"),
                "date_year",
                "Date of birth must have a year with 4 numbers",
            ),
            (("3", "2", "20011"), "date_year", ""),
            (("3", "2", "0201"), "date_year", ""),
            (("3", "2", "２００１"), "date_year", ""),
        ];
        for ((d, m, y), code, message) in table {
            let err = date_from_parts("dob", "Date of birth", d, m, y).unwrap_err();
            assert_eq!(err.code, code, "{d:?}/{m:?}/{y:?}");
            if !message.is_empty() {
                assert_eq!(err.message, message);
            }
        }
    }

    #[test]
    fn the_month_box_accepts_names_and_padding_is_ignored() {
        assert_eq!(
            date_from_parts("f", "Date", " 03 ", "sept", "2001"),
            Ok(ymd(2001, 9, 3))
        );
        assert_eq!(
            date_from_parts("f", "Date", "3", "02", "2001"),
            Ok(ymd(2001, 2, 3))
        );
    }

    #[test]
    fn three_blank_optional_boxes_are_none() {
        assert_eq!(optional_date_from_parts("f", "Date", " ", "", ""), Ok(None));
        assert_eq!(
            optional_date_from_parts("f", "Date", "3", "2", "2001"),
            Ok(Some(ymd(2001, 2, 3)))
        );
        assert_eq!(
            code_of(optional_date_from_parts("f", "Date", "3", "", "")),
            "date_month"
        );
    }

    #[test]
    fn a_date_of_birth_must_be_past_after_1900_and_at_least_ten_years_ago() {
        let today = ymd(2025, 6, 15);
        let table = [
            (ymd(1980, 1, 1), Ok(())),
            (ymd(1900, 1, 1), Ok(())),
            (ymd(2015, 6, 15), Ok(())),
            (ymd(2015, 6, 16), Err("date_too_recent")),
            (ymd(2025, 6, 15), Err("date_too_recent")),
            (ymd(2025, 6, 16), Err("date_future")),
            (ymd(1899, 12, 31), Err("date_too_early")),
        ];
        for (dob, expected) in table {
            let got = check_date_of_birth("dob", dob, today)
                .map(|_| ())
                .map_err(|e| e.code);
            assert_eq!(got, expected, "dob {dob}");
        }
        assert_eq!(
            check_date_of_birth("dob", ymd(2030, 1, 1), today)
                .unwrap_err()
                .message,
            "Date of birth must be in the past"
        );
    }

    #[test]
    fn ordering_and_future_checks_allow_the_same_day() {
        let d = ymd(2024, 3, 1);
        assert_eq!(check_not_before("end", d, d, "x"), Ok(()));
        let err = check_not_before("end", ymd(2024, 2, 29), d, "End date must be after start")
            .unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            ("date_order", "End date must be after start")
        );
        assert_eq!(check_not_future("f", "Date of arrest", d, d), Ok(()));
        let err = check_not_future("f", "Date of arrest", ymd(2024, 3, 2), d).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            ("date_future", "Date of arrest must be today or in the past")
        );
    }

    #[test]
    fn dates_are_formatted_govuk_style() {
        assert_eq!(format_date(ymd(2001, 2, 3)), "3 February 2001");
        assert_eq!(format_date(ymd(1999, 12, 31)), "31 December 1999");
    }

    #[test]
    fn age_counts_whole_years_and_leap_day_birthdays_fall_on_1_march() {
        let leapling = ymd(2004, 2, 29);
        let table = [
            (ymd(2000, 6, 15), ymd(2025, 6, 14), 24),
            (ymd(2000, 6, 15), ymd(2025, 6, 15), 25),
            (leapling, ymd(2014, 2, 28), 9),
            (leapling, ymd(2014, 3, 1), 10),
            (leapling, ymd(2016, 2, 29), 12),
            (ymd(2000, 1, 1), ymd(1999, 1, 1), 0),
        ];
        for (dob, today, age) in table {
            assert_eq!(age_on(dob, today), age, "{dob} on {today}");
        }
    }
}

//! Sentences and orders: their kinds and key dates.

mod kind;
mod term;

pub use kind::SentenceKind;
pub use term::{Term, TermUnit};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::check_not_before;
use crate::error::{FieldError, ValidationErrors};

/// Key dates of a sentence or order, known to be in a sensible order: the end is not before
/// the start, and release and licence end fall within the sentence (release, then licence
/// end) wherever the bounding dates are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SentenceDates {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub release: Option<NaiveDate>,
    pub licence_end: Option<NaiveDate>,
}

impl SentenceDates {
    /// Fields `start_date`, `end_date`, `release_date`, `licence_end_date`; code
    /// `date_order`. Every inconsistency is reported, against the later field.
    pub fn new(
        start: NaiveDate,
        end: Option<NaiveDate>,
        release: Option<NaiveDate>,
        licence_end: Option<NaiveDate>,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut check = |r: Result<(), FieldError>| {
            if let Err(e) = r {
                errors.push(e);
            }
        };
        if let Some(end) = end {
            check(check_not_before(
                "end_date",
                end,
                start,
                "End date must be the same as or after the start date",
            ));
        }
        if let Some(release) = release {
            check(check_not_before(
                "release_date",
                release,
                start,
                "Release date must be the same as or after the start date",
            ));
            if let Some(end) = end {
                check(check_not_before(
                    "release_date",
                    end,
                    release,
                    "Release date must be the same as or before the end date",
                ));
            }
        }
        if let Some(licence_end) = licence_end {
            check(check_not_before(
                "licence_end_date",
                licence_end,
                release.unwrap_or(start),
                if release.is_some() {
                    "Licence end date must be the same as or after the release date"
                } else {
                    "Licence end date must be the same as or after the start date"
                },
            ));
            if let Some(end) = end {
                check(check_not_before(
                    "licence_end_date",
                    end,
                    licence_end,
                    "Licence end date must be the same as or before the end date",
                ));
            }
        }
        errors.finish(Self {
            start,
            end,
            release,
            licence_end,
        })
    }
}

/// Deserialization re-runs the checks, so stored or posted data cannot skip them.
impl<'de> Deserialize<'de> for SentenceDates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            start: NaiveDate,
            end: Option<NaiveDate>,
            release: Option<NaiveDate>,
            licence_end: Option<NaiveDate>,
        }
        let raw = Raw::deserialize(d)?;
        Self::new(raw.start, raw.end, raw.release, raw.licence_end)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn fields(r: Result<SentenceDates, ValidationErrors>) -> Vec<String> {
        r.unwrap_err().errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn dates_in_order_are_accepted_including_equal_ones() {
        let s = ymd(2020, 1, 1);
        let e = ymd(2024, 1, 1);
        assert!(SentenceDates::new(s, None, None, None).is_ok());
        assert!(SentenceDates::new(s, Some(e), Some(ymd(2022, 1, 1)), Some(e)).is_ok());
        assert!(SentenceDates::new(s, Some(s), Some(s), Some(s)).is_ok());
        assert!(SentenceDates::new(s, None, Some(ymd(2021, 1, 1)), Some(ymd(2025, 1, 1))).is_ok());
    }

    /// end, release, licence end, and the fields expected to be in error.
    type Case = (
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        &'static [&'static str],
    );

    #[test]
    fn each_out_of_order_date_is_reported_against_its_field() {
        let s = ymd(2020, 1, 1);
        let e = ymd(2024, 1, 1);
        let table: [Case; 6] = [
            (Some(ymd(2019, 12, 31)), None, None, &["end_date"]),
            (None, Some(ymd(2019, 1, 1)), None, &["release_date"]),
            (Some(e), Some(ymd(2025, 1, 1)), None, &["release_date"]),
            (Some(e), None, Some(ymd(2025, 1, 1)), &["licence_end_date"]),
            (
                None,
                Some(ymd(2022, 1, 1)),
                Some(ymd(2021, 1, 1)),
                &["licence_end_date"],
            ),
            (
                Some(ymd(2019, 1, 1)),
                Some(ymd(2021, 1, 1)),
                None,
                &["end_date", "release_date"],
            ),
        ];
        for (end, release, licence_end, expected) in table {
            assert_eq!(
                fields(SentenceDates::new(s, end, release, licence_end)),
                expected
            );
        }
    }

    #[test]
    fn errors_use_the_date_order_code_and_say_which_way_round() {
        let errs =
            SentenceDates::new(ymd(2020, 1, 1), Some(ymd(2019, 1, 1)), None, None).unwrap_err();
        assert_eq!(errs.errors[0].code, "date_order");
        assert_eq!(
            errs.errors[0].message,
            "End date must be the same as or after the start date"
        );
    }
}

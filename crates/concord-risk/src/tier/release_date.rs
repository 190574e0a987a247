//! `latest_release_date` as hmpps-tier reads it. The service takes the date from Delius
//! into a Java `LocalDate` through Jackson, which (leniently, as configured) accepts more
//! than `YYYY-MM-DD`: a local date-time (`2025-09-01T10:30`, with optional seconds and a
//! fraction of up to nine digits), the same ending in `Z`, and a `[year, month, day]` array.
//! The written date is kept; the time is dropped. A date-time with any other offset
//! (`+01:00`), a space or a lowercase `t` instead of `T`, or anything else is refused, as
//! Jackson refuses it. `[]` and `null` read as no date.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// Parses the text forms. `None` when the text is not one of them.
pub fn parse_release_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() == 10 {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    // Only the ISO `T` separator, in the 11th place, makes a date-time.
    if text.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let local = text.strip_suffix('Z').unwrap_or(text);
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(local, format).ok())
    .filter(|_| fraction_digits(local) <= 9)
    .map(|t| t.date())
}

/// Digits after the seconds' decimal point (Java's ISO format allows at most nine).
fn fraction_digits(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| f.len())
}

/// Serde `deserialize_with` for `Option<NaiveDate>` fields that take the service's forms.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    d.deserialize_any(ReleaseDate)
}

struct ReleaseDate;

const EXPECTED: &str =
    "a date (YYYY-MM-DD), a local date-time (YYYY-MM-DDTHH:MM[:SS[.fraction]][Z]) or [year, month, day]";

impl<'de> Visitor<'de> for ReleaseDate {
    type Value = Option<NaiveDate>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        parse_release_date(text)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &EXPECTED))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Some(year) = seq.next_element::<i32>()? else {
            return Ok(None);
        };
        let month: u32 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &EXPECTED))?;
        let day: u32 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(2, &EXPECTED))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(4, &EXPECTED));
        }
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("{year}-{month}-{day} is not a date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn the_forms_jackson_reads_as_a_local_date() {
        assert_eq!(parse_release_date("2025-06-14"), d(2025, 6, 14));
        assert_eq!(parse_release_date(" 2025-06-14 "), d(2025, 6, 14));
        assert_eq!(parse_release_date("2025-09-01T10:30"), d(2025, 9, 1));
        assert_eq!(parse_release_date("2025-09-01T10:30:00"), d(2025, 9, 1));
        assert_eq!(
            parse_release_date("2025-09-01T23:59:59.123456789"),
            d(2025, 9, 1)
        );
        assert_eq!(parse_release_date("2024-03-01T00:00:00Z"), d(2024, 3, 1));
    }

    #[test]
    fn what_jackson_refuses_is_refused() {
        for text in [
            "2025-09-01T10:30:00+01:00",
            "2025-09-01 10:30:00",
            "2025-09-01t10:30",
            "2025-02-30",
            "01/09/2025",
            "2025-09-01T10:30:00.1234567890",
            "",
        ] {
            assert_eq!(parse_release_date(text), None, "{text}");
        }
    }

    #[test]
    fn arrays_and_nulls() {
        let read = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            deserialize(&mut de)
        };
        assert_eq!(read("[2025, 6, 14]").unwrap(), d(2025, 6, 14));
        assert_eq!(read("[]").unwrap(), None);
        assert_eq!(read("null").unwrap(), None);
        assert!(read("[2025, 6]").is_err());
        assert!(read("[2025, 2, 30]").is_err());
        assert!(read("[2025, 6, 14, 1]").is_err());
        assert!(read("true").is_err());
    }
}

//! Request values read as the MoJ service's Jackson reads them, so a caller that works
//! against the service is not refused here:
//! - dates: `YYYY-MM-DD`, a local date-time (`YYYY-MM-DDTHH:MM[:SS[.fraction]]`, optionally
//!   ending in `Z`; the written date is kept) or a `[year, month, day]` array;
//! - booleans: `true`/`false`, or the strings `"true"`/`"false"` in any case (numbers are
//!   refused);
//! - integers (Java `Integer`): a whole number, a decimal (truncated towards zero), or a
//!   numeric string; outside the 32-bit range is refused.
//!
//! `null` is absent. Anything else is a deserialisation error naming the field (a 400).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// The text forms of a date. `None` when the text is none of them.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() == 10 {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    // Only the ISO `T` separator, in the 11th place, makes a date-time.
    if text.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let local = text.strip_suffix('Z').unwrap_or(text);
    let fraction_digits = local.split_once('.').map_or(0, |(_, f)| f.len());
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(local, format).ok())
    .filter(|_| fraction_digits <= 9)
    .map(|t| t.date())
}

const DATE: &str =
    "a date (YYYY-MM-DD), a local date-time (YYYY-MM-DDTHH:MM[:SS[.fraction]][Z]) or [year, month, day]";

/// `deserialize_with` for `Option<NaiveDate>`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    d.deserialize_any(DateVisitor)
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Option<NaiveDate>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(DATE)
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
        parse_date(text)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &DATE))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Some(year) = seq.next_element::<i32>()? else {
            return Ok(None);
        };
        let month: u32 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &DATE))?;
        let day: u32 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(2, &DATE))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(4, &DATE));
        }
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("{year}-{month}-{day} is not a date")))
    }
}

/// `deserialize_with` for `Option<bool>`.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(BooleanVisitor)
}

struct BooleanVisitor;

impl<'de> Visitor<'de> for BooleanVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true or false")
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

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Some(b))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
            t if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
            _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
        }
    }
}

/// `deserialize_with` for `Option<i64>` holding a Java `Integer`.
pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(IntegerVisitor)
}

struct IntegerVisitor;

impl IntegerVisitor {
    fn in_range<E: de::Error>(n: i128) -> Result<Option<i64>, E> {
        i32::try_from(n)
            .map(|n| Some(i64::from(n)))
            .map_err(|_| E::custom(format!("{n} is out of range of a 32-bit integer")))
    }
}

impl<'de> Visitor<'de> for IntegerVisitor {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number")
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

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Self::in_range(i128::from(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Self::in_range(i128::from(n))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        if !n.is_finite() || n.abs() >= 2_147_483_649.0 {
            return Err(E::custom(format!(
                "{n} is out of range of a 32-bit integer"
            )));
        }
        // Jackson truncates a decimal towards zero.
        Self::in_range(n.trunc() as i128)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        let t = text.trim();
        match t.parse::<i128>() {
            Ok(n) => Self::in_range(n),
            Err(_) => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON text as a value to read with one of the `deserialize_with` functions.
    fn v(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_in_every_form_jackson_reads() {
        assert_eq!(parse_date("2025-06-14"), d(2025, 6, 14));
        assert_eq!(parse_date(" 2025-06-14 "), d(2025, 6, 14));
        assert_eq!(parse_date("2025-09-01T10:30"), d(2025, 9, 1));
        assert_eq!(parse_date("2025-09-01T10:30:00"), d(2025, 9, 1));
        assert_eq!(parse_date("2025-09-01T23:59:59.123456789"), d(2025, 9, 1));
        assert_eq!(parse_date("2024-03-01T00:00:00Z"), d(2024, 3, 1));
        for text in [
            "2025-09-01T10:30:00+01:00",
            "2025-09-01 10:30:00",
            "2025-09-01t10:30",
            "2025-02-30",
            "01/09/2025",
            "2025-09-01T10:30:00.1234567890",
            "",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(date(v("[2025, 6, 14]")).unwrap(), d(2025, 6, 14));
        assert_eq!(date(v("[]")).unwrap(), None);
        assert_eq!(date(v("null")).unwrap(), None);
        assert!(date(v("[2025, 6]")).is_err());
        assert!(date(v("[2025, 2, 30]")).is_err());
        assert!(date(v("[2025, 6, 14, 1]")).is_err());
        assert!(date(v("true")).is_err());
    }

    #[test]
    fn booleans_and_their_strings() {
        assert_eq!(boolean(v("true")).unwrap(), Some(true));
        assert_eq!(boolean(v("\"FALSE\"")).unwrap(), Some(false));
        assert_eq!(boolean(v("null")).unwrap(), None);
        assert!(boolean(v("1")).is_err());
        assert!(boolean(v("\"yes\"")).is_err());
    }

    #[test]
    fn integers_as_java_reads_an_integer() {
        assert_eq!(integer(v("3")).unwrap(), Some(3));
        assert_eq!(integer(v("\"3\"")).unwrap(), Some(3));
        assert_eq!(integer(v("2.9")).unwrap(), Some(2));
        assert_eq!(integer(v("-2.9")).unwrap(), Some(-2));
        assert_eq!(integer(v("-4")).unwrap(), Some(-4));
        assert_eq!(integer(v("2147483647")).unwrap(), Some(2_147_483_647));
        assert!(integer(v("2147483648")).is_err());
        assert!(integer(v("\"three\"")).is_err());
        assert!(integer(v("true")).is_err());
        assert!(integer(v("1e300")).is_err());
    }
}

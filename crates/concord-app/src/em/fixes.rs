//! Reading the provider's fixes: a JSON batch (`{"fixes": [...]}`), one JSON fix (a NATS
//! message), or CSV (`id,device,at,lon,lat,accuracy_m`). Every problem is named by the
//! fix's place (`fixes[3].lat`, `line 4: lat`) and what is wrong; a batch with any bad fix
//! is refused whole.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use concord_domain::{FieldError, ValidationErrors};
use serde::Deserialize;

/// The CSV header a provider sends.
pub const FIX_CSV_HEADER: &str = "id,device,at,lon,lat,accuracy_m";
/// A fix taken further ahead than this of Concord's clock is refused (clock skew allowed).
pub const MAX_FUTURE_SECS: i64 = 300;
/// A fix older than this is refused: a device's buffer is sent within a week or not at all.
pub const MAX_AGE_DAYS: i64 = 7;
/// The worst accuracy radius accepted, in metres.
pub const MAX_ACCURACY_M: f64 = 10_000.0;
const MAX_ID: usize = 64;

/// A fix as the provider writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixInput {
    pub id: String,
    pub device: String,
    /// RFC 3339, e.g. `2026-12-01T21:04:05Z`.
    pub at: String,
    pub lon: f64,
    pub lat: f64,
    pub accuracy_m: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    fixes: Vec<FixInput>,
}

/// A fix that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidFix {
    /// Its place in the batch, for naming it in a refusal.
    pub place: String,
    pub id: String,
    pub device: String,
    pub at: DateTime<Utc>,
    pub lon: f64,
    pub lat: f64,
    pub accuracy_m: f64,
}

fn refuse(field: String, code: &'static str, message: String) -> ValidationErrors {
    ValidationErrors::from(FieldError::new(field, code, message))
}

/// A JSON body: `{"fixes": [...]}`, or with `single`, one fix object (a NATS message may
/// be either).
pub fn parse_json(body: &[u8], single_allowed: bool) -> Result<Vec<FixInput>, ValidationErrors> {
    // A well-formed batch, the usual case, is read straight into fixes; anything else is
    // read again through a JSON value so that the refusal can name the place and problem.
    if let Ok(batch) = serde_json::from_slice::<Batch>(body) {
        return Ok(batch.fixes);
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "the JSON stops before it is complete",
            _ => "the body is not JSON",
        };
        refuse(
            "body".into(),
            "json_invalid",
            format!("{what} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    if single_allowed && value.get("fixes").is_none() {
        let fix: FixInput = serde_path_to_json(value, "fix")?;
        return Ok(vec![fix]);
    }
    let batch: Batch = serde_path_to_json(value, "body")?;
    Ok(batch.fixes)
}

/// Deserialize naming the JSON path of the first problem (`fixes[2].lat: invalid type`).
fn serde_path_to_json<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    root: &str,
) -> Result<T, ValidationErrors> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { root.to_string() } else { path };
        refuse(field, "json_shape", e.inner().to_string())
    })
}

/// A CSV body with the header [`FIX_CSV_HEADER`]; places are `line N`.
pub fn parse_csv(body: &str) -> Result<Vec<(String, FixInput)>, ValidationErrors> {
    let mut lines = body
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, h)) if h.trim().trim_start_matches('\u{feff}') == FIX_CSV_HEADER => {}
        _ => {
            return Err(refuse(
                "line 1".into(),
                "header",
                format!("The first line must be the header {FIX_CSV_HEADER}"),
            ))
        }
    }
    let mut errors = ValidationErrors::new();
    let mut out = Vec::new();
    for (n, line) in lines {
        let place = format!("line {}", n + 1);
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.len() != 6 {
            errors.push(FieldError::new(
                place,
                "columns",
                format!("{} values where 6 are needed", cells.len()),
            ));
            continue;
        }
        let number = |i: usize, name: &str, errors: &mut ValidationErrors| -> f64 {
            cells[i].parse::<f64>().unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    format!("{place}: {name}"),
                    "not_a_number",
                    format!("“{}” is not a number", cells[i]),
                ));
                f64::NAN
            })
        };
        let before = errors.errors.len();
        let (lon, lat, accuracy_m) = (
            number(3, "lon", &mut errors),
            number(4, "lat", &mut errors),
            number(5, "accuracy_m", &mut errors),
        );
        if errors.errors.len() == before {
            out.push((
                place,
                FixInput {
                    id: cells[0].into(),
                    device: cells[1].into(),
                    at: cells[2].into(),
                    lon,
                    lat,
                    accuracy_m,
                },
            ));
        }
    }
    if errors.errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Check each fix; all the problems, or the fixes. `now` is Concord's clock.
pub fn validate(
    fixes: Vec<(String, FixInput)>,
    now: DateTime<Utc>,
) -> Result<Vec<ValidFix>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut seen = HashSet::new();
    let uk = concord_geo::Limits::default();
    let mut out = Vec::with_capacity(fixes.len());
    for (place, f) in fixes {
        let before = errors.errors.len();
        let mut bad = |field: &str, code: &'static str, message: String| {
            errors.push(FieldError::new(format!("{place}.{field}"), code, message));
        };
        if !id_ok(&f.id) {
            bad(
                "id",
                "id_invalid",
                format!("Give the fix's id: 1 to {MAX_ID} letters, digits, '-', '_', '.' or ':'"),
            );
        }
        if !id_ok(&f.device) {
            bad(
                "device",
                "device_invalid",
                format!(
                    "Give the device's id: 1 to {MAX_ID} letters, digits, '-', '_', '.' or ':'"
                ),
            );
        }
        if id_ok(&f.id) && id_ok(&f.device) && !seen.insert((f.device.clone(), f.id.clone())) {
            bad(
                "id",
                "duplicate",
                format!(
                    "The fix {} of device {} is in the batch twice",
                    f.id, f.device
                ),
            );
        }
        let at = DateTime::parse_from_rfc3339(f.at.trim()).map(|t| t.with_timezone(&Utc));
        match at {
            Err(_) => bad("at", "date_invalid", "Give the time the fix was taken in RFC 3339, like 2026-12-01T21:04:05Z".into()),
            Ok(t) if t > now + Duration::seconds(MAX_FUTURE_SECS) => bad("at", "in_future", format!("The fix is dated {}, after Concord's clock ({}) by more than {MAX_FUTURE_SECS} seconds", t.to_rfc3339(), now.to_rfc3339())),
            Ok(t) if t < now - Duration::days(MAX_AGE_DAYS) => bad("at", "too_old", format!("The fix is dated {}, more than {MAX_AGE_DAYS} days ago", t.to_rfc3339())),
            Ok(_) => {}
        }
        let (lon, lat) = (f.lon, f.lat);
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            bad(
                "lat",
                "impossible",
                format!("{lat} is not a latitude (−90 to 90)"),
            );
        } else if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            bad(
                "lon",
                "impossible",
                format!("{lon} is not a longitude (−180 to 180)"),
            );
        } else if !uk.in_bounds(concord_geo::Point::new(lon, lat)) {
            let swapped = uk.in_bounds(concord_geo::Point::new(lat, lon));
            bad(
                "lat",
                "outside_uk",
                if swapped {
                    format!("({lon}, {lat}) is outside the United Kingdom; were latitude and longitude swapped?")
                } else {
                    format!("({lon}, {lat}) is outside the United Kingdom")
                },
            );
        }
        if !f.accuracy_m.is_finite() || f.accuracy_m < 0.0 || f.accuracy_m > MAX_ACCURACY_M {
            bad(
                "accuracy_m",
                "accuracy_invalid",
                format!("The accuracy radius must be 0 to {MAX_ACCURACY_M} metres"),
            );
        }
        if errors.errors.len() == before {
            if let Ok(at) = at {
                out.push(ValidFix {
                    place,
                    id: f.id,
                    device: f.device,
                    at,
                    lon,
                    lat,
                    accuracy_m: f.accuracy_m,
                });
            }
        }
    }
    if errors.errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// JSON fixes with their places (`fixes[i]`).
pub fn placed(fixes: Vec<FixInput>, root: &str) -> Vec<(String, FixInput)> {
    fixes
        .into_iter()
        .enumerate()
        .map(|(i, f)| (format!("{root}[{i}]"), f))
        .collect()
}

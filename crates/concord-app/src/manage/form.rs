//! Small checks the Manage forms share, each naming its field.

use concord_domain::{FieldError, ValidationErrors};

/// Trimmed text, required or not, at most `max` characters.
pub(crate) fn text(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    label: &str,
    required: bool,
    max: usize,
) -> String {
    let t = value.trim();
    if required && t.is_empty() {
        errors.push(FieldError::new(field, "required", format!("Enter {label}")));
    } else if t.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("{} must be {max} characters or fewer", capitalise(label)),
        ));
    }
    t.to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A latitude/longitude pair typed or picked on the map: both or neither, in range.
pub(crate) fn location(
    errors: &mut ValidationErrors,
    latitude: &str,
    longitude: &str,
    required: bool,
) -> Option<(f64, f64)> {
    let (lat, lon) = (latitude.trim(), longitude.trim());
    if lat.is_empty() && lon.is_empty() {
        if required {
            errors.push(FieldError::new(
                "latitude",
                "required",
                "Give the address's location: pick it on the map, or enter its latitude and longitude",
            ));
        }
        return None;
    }
    // Great Britain and Northern Ireland: a pair outside is a typing slip (or swapped).
    let lat = degrees(errors, "latitude", lat, 49.8..=60.9);
    let lon = degrees(errors, "longitude", lon, -8.7..=1.9);
    lat.zip(lon)
}

fn degrees(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    range: std::ops::RangeInclusive<f64>,
) -> Option<f64> {
    match value.parse::<f64>() {
        Ok(x) if x.is_finite() && range.contains(&x) => Some(x),
        _ => {
            errors.push(FieldError::new(
                field,
                "invalid",
                format!(
                    "Enter the {field} in decimal degrees between {} and {} (Great Britain and Northern Ireland)",
                    range.start(),
                    range.end()
                ),
            ));
            None
        }
    }
}

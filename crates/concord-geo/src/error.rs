//! Problems with a zone, reported all at once, each with the JSON path it is about.
//!
//! A caseworker who uploads a zone drawn elsewhere should learn everything wrong with it in
//! one go, not one problem per attempt, so parsing and validation collect problems into a
//! [`GeoErrors`] instead of stopping at the first. Each problem has a stable machine `code`
//! (see [`code`]) for the API and a plain-English message that says what to do.

use serde::Serialize;
use std::collections::HashSet;
use std::fmt;

/// The stable machine codes of [`GeoError`]. The API returns them as they are, so they never
/// change once published.
pub mod code {
    /// The JSON text itself could not be read (the message gives line and column).
    pub const BAD_JSON: &str = "bad_json";
    /// Not a Polygon or MultiPolygon (a Point, a LineString, wrong nesting, no geometry...).
    pub const NOT_POLYGON: &str = "not_polygon";
    /// A position that is not a pair of finite numbers within -180..180, -90..90.
    pub const BAD_COORDINATE: &str = "bad_coordinate";
    /// Points outside the area Concord covers ([`crate::Limits::bounds`]).
    pub const OUTSIDE_AREA: &str = "outside_area";
    /// A ring with fewer than three distinct corners (four positions with the closing one),
    /// a polygon with no rings, or a circle with too few segments.
    pub const TOO_FEW_POINTS: &str = "too_few_points";
    /// A ring whose last position is not its first.
    pub const NOT_CLOSED: &str = "not_closed";
    /// A ring that passes through the same place twice (not one straight after the other:
    /// those repeats are tolerated and dropped).
    pub const DUPLICATE_POINTS: &str = "duplicate_points";
    /// Two edges of one ring touch or cross, or the ring doubles back along itself.
    pub const SELF_INTERSECTION: &str = "self_intersection";
    /// A hole touches or crosses the outer boundary or another hole.
    pub const RINGS_CROSS: &str = "rings_cross";
    /// A hole that is not inside its outer boundary, or lies inside another hole.
    pub const HOLE_OUTSIDE: &str = "hole_outside";
    /// A polygon smaller than [`crate::Limits::min_area_m2`].
    pub const TOO_SMALL: &str = "too_small";
    /// A zone larger than [`crate::Limits::max_area_m2`].
    pub const TOO_LARGE: &str = "too_large";
    /// More vertices than [`crate::Limits::max_vertices`], or a circle asked for with more.
    pub const TOO_MANY_POINTS: &str = "too_many_points";
    /// A circle radius outside 10 m ..= 20 km.
    pub const BAD_RADIUS: &str = "bad_radius";
    /// More problems than are worth listing; the list stops here.
    pub const TOO_MANY_ERRORS: &str = "too_many_errors";
}

/// One problem with a zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{path}: {message}")]
pub struct GeoError {
    /// Where the problem is, as a JSON path into the submitted GeoJSON, for example
    /// `coordinates[0][3]` (ring 0, position 3) or `features[1].geometry`. The empty path
    /// means the zone as a whole.
    pub path: String,
    /// A stable machine code from [`code`].
    pub code: &'static str,
    /// What is wrong and what to do about it, for the person who drew the zone.
    pub message: String,
}

/// Every problem found with a zone, in the order found. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct GeoErrors(pub Vec<GeoError>);

impl GeoErrors {
    /// The codes of the problems, in order (handy for tests and logs, which must not carry
    /// the coordinates of a victim's home).
    pub fn codes(&self) -> Vec<&'static str> {
        self.0.iter().map(|e| e.code).collect()
    }

    /// The first problem with the given code, if any.
    pub fn find(&self, code: &str) -> Option<&GeoError> {
        self.0.iter().find(|e| e.code == code)
    }
}

impl fmt::Display for GeoErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            if e.path.is_empty() {
                f.write_str(&e.message)?;
            } else {
                write!(f, "{e}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for GeoErrors {}

/// How many problems are worth listing: beyond this a file is wrong throughout (swapped
/// coordinates on every one of 10,000 points) and a longer list helps nobody.
const MAX_PROBLEMS: usize = 100;

/// Collects problems. The same code at the same path is reported once, so the parser can
/// report a position that is not a number and the validator need not check it again.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<GeoError>,
    seen: HashSet<(String, &'static str)>,
    full: bool,
}

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, code: &'static str, message: String) {
        if self.full {
            return;
        }
        let path = path.into();
        if !self.seen.insert((path.clone(), code)) {
            return;
        }
        if self.list.len() >= MAX_PROBLEMS {
            self.full = true;
            self.list.push(GeoError {
                path: String::new(),
                code: code::TOO_MANY_ERRORS,
                message: format!(
                    "There are more than {MAX_PROBLEMS} problems with this zone; only the \
                     first {MAX_PROBLEMS} are listed. Check the file is the zone you meant."
                ),
            });
            return;
        }
        self.list.push(GeoError {
            path,
            code,
            message,
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn into_result(self) -> Result<(), GeoErrors> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(GeoErrors(self.list))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_at_the_same_place_is_reported_once() {
        let mut p = Problems::default();
        p.push("coordinates[0][1]", code::BAD_COORDINATE, "a".into());
        p.push("coordinates[0][1]", code::BAD_COORDINATE, "b".into());
        p.push("coordinates[0][1]", code::OUTSIDE_AREA, "c".into());
        let errors = p.into_result().unwrap_err();
        assert_eq!(errors.codes(), vec!["bad_coordinate", "outside_area"]);
        assert_eq!(errors.0[0].message, "a");
    }

    #[test]
    fn a_flood_of_problems_stops_with_a_note() {
        let mut p = Problems::default();
        for i in 0..1000 {
            p.push(
                format!("coordinates[0][{i}]"),
                code::BAD_COORDINATE,
                "x".into(),
            );
        }
        let errors = p.into_result().unwrap_err();
        assert_eq!(errors.0.len(), MAX_PROBLEMS + 1);
        assert_eq!(errors.0.last().map(|e| e.code), Some(code::TOO_MANY_ERRORS));
    }

    #[test]
    fn display_lists_every_problem_with_its_path() {
        let errors = GeoErrors(vec![
            GeoError {
                path: "coordinates[0]".into(),
                code: code::NOT_CLOSED,
                message: "not closed".into(),
            },
            GeoError {
                path: String::new(),
                code: code::TOO_LARGE,
                message: "too large".into(),
            },
        ]);
        assert_eq!(errors.to_string(), "coordinates[0]: not closed; too large");
    }
}

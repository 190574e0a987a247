//! Licence exclusion and inclusion zones for Concord: reading them from GeoJSON, checking
//! they are sound, and asking whether a position is inside one and how far outside it is.
//!
//! This crate owns the geometry of zones. It is pure: no I/O, no async, no clock, no
//! database or web framework, and no heavy geometry library (it must not depend on `geo`,
//! `geojson` or `proj`); only `serde`, `serde_json`, `thiserror` and `robust` (exact
//! orientation predicates). Storing zones, alerting on GPS fixes and drawing maps belong
//! to the crates above. A licence always carries a written description of a zone too
//! (`domain/users-and-ecosystem.md`): the polygon is the precise form of it, for
//! electronic monitoring.
//!
//! # Public API
//!
//! - [`parse_geojson`] / [`parse_geojson_str`]: a Polygon, MultiPolygon, a Feature holding
//!   one, or a FeatureCollection of them (merged) → a validated [`Zone`], or every problem
//!   at once as [`GeoErrors`], each with a JSON path such as `coordinates[0][3]`, a stable
//!   [`code`] and a message a caseworker can act on.
//! - [`circle`] / [`circle_with_segments`]: "within 500 m of the address" as a polygon.
//! - [`validate`]: the same checks for a zone built in code.
//! - [`Zone::contains`], [`Zone::distance_m`], [`Zone::area_m2`], [`Zone::bbox`],
//!   [`Zone::vertex_count`], [`Zone::to_geojson`]; [`Point::offset_m`] to step metres
//!   east and north.
//! - [`Limits`]: the area, size and vertex limits, with defaults for the United Kingdom.
//! - [`fence`]: the geofence engine for electronic monitoring — prepared zones, time
//!   windows, and a per-person streaming evaluator with dwell, hysteresis, late fixes and
//!   signal loss.
//!
//! ```
//! use concord_geo::{parse_geojson_str, Limits, Point};
//!
//! let drawn = r#"{"type": "Polygon", "coordinates": [[[0.46, 51.72], [0.48, 51.72],
//!                 [0.48, 51.74], [0.46, 51.74], [0.46, 51.72]]]}"#;
//! let zone = parse_geojson_str(drawn, &Limits::default())?;
//! assert!(zone.contains(Point::new(0.47, 51.73)));
//! assert!(zone.distance_m(Point::new(0.47, 51.76)) > 2_000.0);
//! # Ok::<(), concord_geo::GeoErrors>(())
//! ```
//!
//! # Decisions
//!
//! **Coordinates** are WGS84 longitude and latitude in degrees, longitude first as GeoJSON
//! has it. Latitude first is the commonest mistake in files drawn elsewhere; a zone that
//! falls outside the covered area but would fit with the numbers swapped is reported as
//! `outside_area` with a message saying so, never silently swapped.
//!
//! **Measuring** uses a local equirectangular projection about the middle of each polygon
//! (`x = R·Δlon·cos(lat0)`, `y = R·Δlat`, `R` = 6,371,008.8 m, the mean Earth radius), not a
//! national grid: zones in the UK span metres to tens of kilometres, and at that size the
//! flat map is as good as the sphere it stands on. Its errors, for lengths:
//! - flattening: east–west lengths at a distance `d` north or south of the polygon's middle
//!   are off by `tan(lat0)·d/R`: 0.1% at 4 km, 0.25% at 10 km, 0.5% at 20 km (lat 55°);
//!   north–south lengths are exact; areas are off by far less (the errors north and south
//!   of the middle cancel to second order);
//! - the sphere: against the WGS84 ellipsoid, a sphere of mean radius measures lengths in
//!   Great Britain short by up to about 0.2% north–south and 0.4% east–west.
//!
//! So lengths and areas of zones up to about 10 km across are within 0.5%: under 2.5 m on a
//! 500 m exclusion radius, well inside GPS error (5–10 m). [`Zone::distance_m`] finds the
//! nearest edge on the flat map, then measures the final length along a great circle, so
//! a fix far from a zone is still measured well.
//!
//! **Inside** is decided exactly in degrees (the projection is an affine scaling of them, so
//! it cannot change the answer): exterior and not a hole, by winding number. The **boundary
//! counts as inside** — standing on the line of an exclusion zone is entering it, and on
//! the line of an inclusion zone is not leaving it — and "on the boundary" includes
//! [`BOUNDARY_TOLERANCE_M`] (1 cm) either side, which absorbs rounding on the flat map so
//! that `distance_m(p) == 0.0` exactly when `contains(p)`.
//!
//! **Validation is exact**, not by epsilon: whether two edges touch is decided with
//! Shewchuk's adaptive-precision orientation test on the numbers in the file. Touching
//! counts as crossing (an edge may not meet another ring or a non-neighbouring edge of its
//! own ring even at one point), so a zone that passes is simple by any tool's definition.
//! The checks sort edges west to east and only test those whose boxes overlap, so a
//! 10,000-vertex outline is checked in tens of milliseconds. Consecutive repeated positions (double
//! clicks) are tolerated and dropped; a ring returning to a point it passed earlier is not
//! (`duplicate_points`). Either winding is accepted. Polygons of one zone may overlap one
//! another (a FeatureCollection of shapes drawn separately); a point in any is in the zone.

mod circle;
pub mod error;
pub mod fence;
mod geojson;
mod measure;
mod model;
mod predicates;
mod projection;
mod ring;
mod simple;
mod sweep;
mod validate;

pub use circle::{
    circle, circle_with_segments, CIRCLE_SEGMENTS, MAX_CIRCLE_RADIUS_M, MIN_CIRCLE_RADIUS_M,
    MIN_CIRCLE_SEGMENTS,
};
pub use error::{code, GeoError, GeoErrors};
pub use geojson::{parse_geojson, parse_geojson_str};
pub use measure::BOUNDARY_TOLERANCE_M;
pub use model::{Limits, Point, Polygon, Zone};
pub use projection::EARTH_RADIUS_M;
pub use validate::validate;

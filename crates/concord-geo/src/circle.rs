//! Circular zones: "not to enter within 500 metres of the victim's address".

use crate::error::{code, GeoErrors, Problems};
use crate::model::{Limits, Point, Polygon, Zone};
use crate::projection::{LocalProjection, Xy};
use crate::validate::validate;
use std::f64::consts::PI;

/// Vertices of a circle by default: edges within 0.06% of the radius of the true circle
/// (30 cm at 500 m), well inside GPS error, at a cost of 64 edge tests per fix.
pub const CIRCLE_SEGMENTS: usize = 64;
/// Smallest radius: less is below GPS accuracy, so the zone could not be enforced.
pub const MIN_CIRCLE_RADIUS_M: f64 = 10.0;
/// Largest radius: 20 km already covers a city and its suburbs.
pub const MAX_CIRCLE_RADIUS_M: f64 = 20_000.0;
/// Fewest vertices [`circle_with_segments`] accepts; fewer is not a circle.
pub const MIN_CIRCLE_SEGMENTS: usize = 8;

/// A circle of `radius_m` metres round `centre`, as a polygon of [`CIRCLE_SEGMENTS`]
/// vertices. The radius must be 10 m ..= 20 km and the centre within `limits.bounds`.
pub fn circle(centre: Point, radius_m: f64, limits: &Limits) -> Result<Zone, GeoErrors> {
    circle_with_segments(centre, radius_m, CIRCLE_SEGMENTS, limits)
}

/// [`circle`] with a chosen number of vertices (at least [`MIN_CIRCLE_SEGMENTS`], at most
/// `limits.max_vertices`).
///
/// A polygon cannot be a circle: its vertices stick out and the middles of its edges fall
/// short. The vertices are put just beyond the radius, so that the true circle lies half
/// way between them and the edge middles: neither an early alert nor a missed one is
/// favoured, and the error either way is the smallest possible for the number of vertices
/// (`tan²(π/2n)`, 0.06% at 64).
pub fn circle_with_segments(
    centre: Point,
    radius_m: f64,
    segments: usize,
    limits: &Limits,
) -> Result<Zone, GeoErrors> {
    let mut problems = Problems::default();
    if !(centre.lon.is_finite() && centre.lat.is_finite()) {
        let message =
            "The centre of the circle is not a pair of numbers [longitude, latitude].".to_string();
        problems.push("centre", code::BAD_COORDINATE, message);
    } else if !limits.in_bounds(centre) {
        let hint = if limits.in_bounds(centre.swapped()) {
            " The latitude and longitude look swapped: longitude comes first."
        } else {
            ""
        };
        let message = format!(
            "The centre of the circle, [{}, {}], is outside the area Concord covers ({}).{hint}",
            centre.lon,
            centre.lat,
            limits.describe_bounds()
        );
        problems.push("centre", code::OUTSIDE_AREA, message);
    }
    if !(MIN_CIRCLE_RADIUS_M..=MAX_CIRCLE_RADIUS_M).contains(&radius_m) {
        let message = format!(
            "The radius must be between {MIN_CIRCLE_RADIUS_M} m and {MAX_CIRCLE_RADIUS_M} m; \
             {radius_m} m was given."
        );
        problems.push("radius", code::BAD_RADIUS, message);
    }
    if segments < MIN_CIRCLE_SEGMENTS {
        let message = format!(
            "A circle needs at least {MIN_CIRCLE_SEGMENTS} points; {segments} were asked for."
        );
        problems.push("segments", code::TOO_FEW_POINTS, message);
    } else if segments > limits.max_vertices {
        let message = format!(
            "A circle of {segments} points is more than the {} allowed.",
            limits.max_vertices
        );
        problems.push("segments", code::TOO_MANY_POINTS, message);
    }
    problems.into_result()?;

    let n = segments as f64;
    let vertex_radius = radius_m * 2.0 / (1.0 + (PI / n).cos());
    let proj = LocalProjection::about(centre);
    let mut exterior: Vec<Point> = (0..segments)
        .map(|i| {
            // Anticlockwise from east, the winding RFC 7946 recommends for an exterior.
            let angle = 2.0 * PI * i as f64 / n;
            proj.to_point(Xy {
                x: vertex_radius * angle.cos(),
                y: vertex_radius * angle.sin(),
            })
        })
        .collect();
    if let Some(&first) = exterior.first() {
        exterior.push(first);
    }
    let zone = Zone {
        polygons: vec![Polygon {
            exterior,
            holes: Vec::new(),
        }],
    };
    validate(&zone, limits)?;
    Ok(zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHELMSFORD: Point = Point::new(0.47, 51.73);

    #[test]
    fn a_circle_is_closed_and_has_the_segments_asked_for() {
        let zone = circle(CHELMSFORD, 500.0, &Limits::default()).unwrap();
        assert_eq!(zone.vertex_count(), CIRCLE_SEGMENTS);
        let ring = &zone.polygons[0].exterior;
        assert_eq!(ring.first(), ring.last());
    }

    #[test]
    fn its_area_is_within_a_tenth_of_a_percent_of_the_true_circle() {
        let zone = circle(CHELMSFORD, 1_000.0, &Limits::default()).unwrap();
        let truth = PI * 1_000.0 * 1_000.0;
        assert!(
            (zone.area_m2() / truth - 1.0).abs() < 0.001,
            "{}",
            zone.area_m2()
        );
    }

    #[test]
    fn bad_centre_radius_and_segments_are_all_reported() {
        let errors =
            circle_with_segments(Point::new(51.73, 0.47), 5.0, 3, &Limits::default()).unwrap_err();
        assert_eq!(
            errors.codes(),
            vec!["outside_area", "bad_radius", "too_few_points"]
        );
        assert!(errors.0[0].message.contains("swapped"));
        let errors = circle(Point::new(f64::NAN, 51.0), f64::NAN, &Limits::default()).unwrap_err();
        assert_eq!(errors.codes(), vec!["bad_coordinate", "bad_radius"]);
        let errors =
            circle_with_segments(CHELMSFORD, 100.0, 20_000, &Limits::default()).unwrap_err();
        assert_eq!(errors.codes(), vec!["too_many_points"]);
    }

    #[test]
    fn the_radius_limits_are_inclusive() {
        let limits = Limits::default();
        assert!(circle(CHELMSFORD, MIN_CIRCLE_RADIUS_M, &limits).is_ok());
        assert!(circle(CHELMSFORD, MAX_CIRCLE_RADIUS_M, &limits).is_ok());
        assert!(circle(CHELMSFORD, 20_000.1, &limits).is_err());
    }
}

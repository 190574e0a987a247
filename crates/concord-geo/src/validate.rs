//! Whether a zone is sound: every position a real place in the covered area, every ring
//! closed and simple, holes inside their polygon, and the size within the limits.
//!
//! Problems are reported with the JSON path of the ring or position concerned, using the
//! numbering of the file the zone came from, so a caseworker (or the tool they drew with)
//! can find the point. Checks that need sound input (crossings, holes, area) only run on
//! polygons whose positions passed, so one bad number does not bury the real problem
//! under consequences of it.

use crate::error::{code, GeoErrors, Problems};
use crate::measure::polygon_area_m2;
use crate::model::{Limits, Point, Polygon, Zone};
use crate::ring::{describe_ring, lower, point_path, ring_path, vertex_count, CleanRing};
use crate::simple::check_simple;

/// Check a zone against the limits, reporting every problem found. Paths are those of
/// [`Zone::to_geojson`]: `coordinates[ring][point]` for one polygon,
/// `coordinates[polygon][ring][point]` for several; the empty path is the whole zone.
pub fn validate(zone: &Zone, limits: &Limits) -> Result<(), GeoErrors> {
    let single = zone.polygons.len() == 1;
    let parts: Vec<Part<'_>> = zone
        .polygons
        .iter()
        .enumerate()
        .map(|(i, polygon)| Part {
            polygon,
            path: if single {
                "coordinates".to_string()
            } else {
                format!("coordinates[{i}]")
            },
        })
        .collect();
    let mut problems = Problems::default();
    if parts.is_empty() {
        let message = "The zone has no polygon: draw at least one area.".to_string();
        problems.push("", code::NOT_POLYGON, message);
    }
    check_zone(&parts, limits, &mut problems);
    problems.into_result()
}

/// One polygon and the JSON path of its array of rings.
pub(crate) struct Part<'a> {
    pub polygon: &'a Polygon,
    pub path: String,
}

pub(crate) fn check_zone(parts: &[Part<'_>], limits: &Limits, problems: &mut Problems) {
    let vertices: usize = parts
        .iter()
        .flat_map(|part| part.polygon.rings())
        .map(vertex_count)
        .sum();
    // Beyond the limit, skip the crossing checks: they are the costly ones, and the zone
    // must be redrawn anyway.
    let too_many = vertices > limits.max_vertices;
    if too_many {
        problems.push(
            "",
            code::TOO_MANY_POINTS,
            format!(
                "The zone has {vertices} points; at most {} are allowed. Simplify the drawing: \
                 straight or gently curving edges need few points.",
                limits.max_vertices
            ),
        );
    }
    let mut total = 0.0;
    let mut measured_all = true;
    for (number, part) in parts.iter().enumerate() {
        match check_polygon(number, part, limits, !too_many, problems) {
            Some(area) => total += area,
            None => measured_all = false,
        }
    }
    if measured_all && total > limits.max_area_m2 {
        problems.push(
            "",
            code::TOO_LARGE,
            format!(
                "The zone covers {:.1} km²; at most {:.1} km² is allowed. Check it was drawn \
                 where and as large as intended, and draw it smaller.",
                total / 1e6,
                limits.max_area_m2 / 1e6
            ),
        );
    }
}

/// Checks one polygon; its area if it is sound enough to measure.
fn check_polygon(
    number: usize,
    part: &Part<'_>,
    limits: &Limits,
    check_crossings: bool,
    problems: &mut Problems,
) -> Option<f64> {
    let mut usable = true;
    for (r, ring) in part.polygon.rings().enumerate() {
        usable &= check_positions(number, r, ring, &part.path, limits, problems);
    }
    if !usable {
        return None;
    }
    if check_crossings {
        let rings: Vec<CleanRing> = part.polygon.rings().map(CleanRing::new).collect();
        if !check_simple(number, &rings, &part.path, problems) {
            return None;
        }
    }
    let area = polygon_area_m2(part.polygon);
    if area < limits.min_area_m2 {
        problems.push(
            part.path.clone(),
            code::TOO_SMALL,
            format!(
                "Polygon {number} covers only {area:.0} m²; a zone must cover at least {:.0} m². \
                 It may be a slip of the mouse: delete it or draw it larger.",
                limits.min_area_m2
            ),
        );
    }
    Some(area)
}

/// Each position a real place within the bounds; the ring closed and long enough. Returns
/// whether the ring can be checked further.
fn check_positions(
    number: usize,
    r: usize,
    ring: &[Point],
    path: &str,
    limits: &Limits,
    problems: &mut Problems,
) -> bool {
    let name = describe_ring(number, r);
    let mut usable = true;
    let mut outside: Option<(usize, Point)> = None;
    let mut outside_count = 0usize;
    let mut all_fit_swapped = true;
    for (v, &p) in ring.iter().enumerate() {
        if !(p.lon.is_finite() && p.lat.is_finite()) {
            let message = format!(
                "Point {v} of {} is not a number: each point must be a pair of numbers, \
                 [longitude, latitude].",
                lower(&name)
            );
            problems.push(point_path(path, r, v), code::BAD_COORDINATE, message);
            usable = false;
        } else if p.lon.abs() > 180.0 || p.lat.abs() > 90.0 {
            let hint = if p.lat.abs() <= 180.0 && p.lon.abs() <= 90.0 {
                " The numbers look swapped: GeoJSON lists longitude first, as [lon, lat]."
            } else {
                ""
            };
            let message = format!(
                "Point {v} of {}, [{}, {}], is not a place on Earth: longitude must be between \
                 -180 and 180 and latitude between -90 and 90.{hint}",
                lower(&name),
                p.lon,
                p.lat
            );
            problems.push(point_path(path, r, v), code::BAD_COORDINATE, message);
            usable = false;
        } else if !limits.in_bounds(p) {
            outside_count += 1;
            outside.get_or_insert((v, p));
            all_fit_swapped &= limits.in_bounds(p.swapped());
        }
    }
    if let Some((v, p)) = outside {
        let hint = if all_fit_swapped {
            "The latitude and longitude look swapped: GeoJSON lists longitude first, as \
             [lon, lat]. Swap them and try again."
        } else {
            "Check the zone was drawn in the right place."
        };
        let message = format!(
            "{outside_count} of the points of {}, starting with point {v} at [{}, {}], are outside \
             the area Concord covers ({}). {hint}",
            lower(&name),
            p.lon,
            p.lat,
            limits.describe_bounds()
        );
        problems.push(point_path(path, r, v), code::OUTSIDE_AREA, message);
    }
    if CleanRing::new(ring).points.len() < 4 {
        let message = format!(
            "{name} has too few points: a ring needs at least three different corners, plus its \
             first point repeated at the end to close it."
        );
        problems.push(ring_path(path, r), code::TOO_FEW_POINTS, message);
        usable = false;
    }
    if let (Some(first), Some(last)) = (ring.first(), ring.last()) {
        if first != last {
            let message = format!(
                "{name} does not end where it starts: repeat its first point, [{}, {}], at the \
                 end to close it.",
                first.lon, first.lat
            );
            problems.push(ring_path(path, r), code::NOT_CLOSED, message);
            usable = false;
        }
    }
    usable
}

//! Questions asked of a zone: is this fix inside, how far out is it, how big is the zone.

use crate::model::{Point, Polygon, Zone};
use crate::predicates::{edges, inside_ring};
use crate::projection::{great_circle_m, LocalProjection, Xy};
use crate::ring::vertex_count;

/// A point this close to the edge of a zone (in metres) is on the edge, and so inside.
/// Far below GPS accuracy (metres), it only absorbs the rounding of the flat map, so that
/// [`Zone::contains`] and [`Zone::distance_m`] agree: a point with distance 0 is contained.
pub const BOUNDARY_TOLERANCE_M: f64 = 0.01;

impl Zone {
    /// Whether `p` is in the zone: inside the exterior of one of its polygons and not inside
    /// one of that polygon's holes. A point on an edge (exterior or hole), or within
    /// [`BOUNDARY_TOLERANCE_M`] of one, counts as inside: for an exclusion zone, standing on
    /// the line is entering it; for an inclusion zone, it is not leaving it.
    pub fn contains(&self, p: Point) -> bool {
        self.polygons
            .iter()
            .any(|polygon| polygon_contains(polygon, p))
    }

    /// 0 if `p` is in the zone ([`Zone::contains`]), else the distance in metres from `p` to
    /// the nearest edge. Infinite for a zone with no polygons.
    pub fn distance_m(&self, p: Point) -> f64 {
        if self.contains(p) {
            return 0.0;
        }
        self.polygons
            .iter()
            .map(|polygon| distance_to_edge_m(polygon, p))
            .fold(f64::INFINITY, f64::min)
    }

    /// Area in square metres: each polygon's exterior less its holes. Polygons that overlap
    /// one another (two shapes drawn over the same streets) are counted once each, so this
    /// can exceed the area covered; it is meant for the size limits, where that errs on the
    /// side of calling a zone large.
    pub fn area_m2(&self) -> f64 {
        self.polygons.iter().map(polygon_area_m2).sum()
    }

    /// South-west and north-east corners of the box round every position. For a zone with no
    /// positions the box is inside out (`+∞` west of `-∞`), so that nothing is inside it.
    pub fn bbox(&self) -> (Point, Point) {
        let mut sw = Point::new(f64::INFINITY, f64::INFINITY);
        let mut ne = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
        for polygon in &self.polygons {
            for p in polygon.rings().flatten() {
                sw = Point::new(sw.lon.min(p.lon), sw.lat.min(p.lat));
                ne = Point::new(ne.lon.max(p.lon), ne.lat.max(p.lat));
            }
        }
        (sw, ne)
    }

    /// Number of vertices: positions in every ring, not counting each ring's closing repeat.
    pub fn vertex_count(&self) -> usize {
        self.polygons
            .iter()
            .flat_map(Polygon::rings)
            .map(vertex_count)
            .sum()
    }
}

/// Area of one polygon in square metres (exterior less holes, never below 0).
pub(crate) fn polygon_area_m2(polygon: &Polygon) -> f64 {
    let proj = LocalProjection::for_ring(&polygon.exterior);
    let holes: f64 = polygon.holes.iter().map(|h| ring_area_m2(h, proj)).sum();
    (ring_area_m2(&polygon.exterior, proj) - holes).max(0.0)
}

/// Shoelace area of one ring on the flat map, either winding.
fn ring_area_m2(ring: &[Point], proj: LocalProjection) -> f64 {
    let twice: f64 = edges(ring)
        .map(|(a, b)| {
            let (a, b) = (proj.to_xy(a), proj.to_xy(b));
            a.x * b.y - b.x * a.y
        })
        .sum();
    twice.abs() / 2.0
}

/// Inside one polygon, edges included. This is the question asked of every GPS fix, so it
/// avoids the flat map where it can: inside-ness is decided exactly in degrees (only edges
/// that straddle the fix's latitude need the exact test), and only edges whose box comes
/// within the tolerance of the fix are measured.
fn polygon_contains(polygon: &Polygon, p: Point) -> bool {
    if inside_ring(&polygon.exterior, p) && !polygon.holes.iter().any(|h| inside_ring(h, p)) {
        return true;
    }
    let proj = LocalProjection::for_ring(&polygon.exterior);
    let q = proj.to_xy(p);
    // Twice the tolerance in degrees, so the cheap box test never rules out a near edge.
    let margin = proj.to_point(Xy {
        x: 2.0 * BOUNDARY_TOLERANCE_M,
        y: 2.0 * BOUNDARY_TOLERANCE_M,
    });
    let origin = proj.to_point(Xy { x: 0.0, y: 0.0 });
    let (dlon, dlat) = (
        (margin.lon - origin.lon).abs(),
        (margin.lat - origin.lat).abs(),
    );
    polygon.rings().any(|ring| {
        edges(ring).any(|(a, b)| {
            p.lon >= a.lon.min(b.lon) - dlon
                && p.lon <= a.lon.max(b.lon) + dlon
                && p.lat >= a.lat.min(b.lat) - dlat
                && p.lat <= a.lat.max(b.lat) + dlat
                && {
                    let near = nearest_on_segment(proj.to_xy(a), proj.to_xy(b), q);
                    (near.x - q.x).hypot(near.y - q.y) <= BOUNDARY_TOLERANCE_M
                }
        })
    })
}

/// Distance in metres from `p` to the nearest edge of the polygon: found on the flat map,
/// measured along the great circle.
fn distance_to_edge_m(polygon: &Polygon, p: Point) -> f64 {
    let proj = LocalProjection::for_ring(&polygon.exterior);
    let q = proj.to_xy(p);
    let mut nearest: Option<(f64, Xy)> = None;
    for ring in polygon.rings() {
        for (a, b) in edges(ring) {
            let candidate = nearest_on_segment(proj.to_xy(a), proj.to_xy(b), q);
            let d2 = (candidate.x - q.x).powi(2) + (candidate.y - q.y).powi(2);
            if nearest.is_none_or(|(best, _)| d2 < best) {
                nearest = Some((d2, candidate));
            }
        }
    }
    nearest.map_or(f64::INFINITY, |(_, near)| {
        great_circle_m(p, proj.to_point(near))
    })
}

/// The point of segment `a–b` nearest to `q` (on the flat map).
fn nearest_on_segment(a: Xy, b: Xy, q: Xy) -> Xy {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((q.x - a.x) * dx + (q.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    Xy {
        x: a.x + t * dx,
        y: a.y + t * dy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon: f64, lat: f64, size: f64) -> Vec<Point> {
        vec![
            Point::new(lon, lat),
            Point::new(lon + size, lat),
            Point::new(lon + size, lat + size),
            Point::new(lon, lat + size),
            Point::new(lon, lat),
        ]
    }

    #[test]
    fn an_empty_zone_contains_nothing_and_is_infinitely_far() {
        let zone = Zone::default();
        let p = Point::new(0.0, 51.0);
        assert!(!zone.contains(p));
        assert_eq!(zone.distance_m(p), f64::INFINITY);
        assert_eq!(zone.area_m2(), 0.0);
        assert_eq!(zone.vertex_count(), 0);
        let (sw, ne) = zone.bbox();
        assert!(sw.lon > ne.lon);
    }

    #[test]
    fn corners_and_edges_count_as_inside() {
        let zone = Zone {
            polygons: vec![Polygon {
                exterior: square(0.0, 51.0, 0.01),
                holes: vec![],
            }],
        };
        assert!(zone.contains(Point::new(0.0, 51.0)));
        assert!(zone.contains(Point::new(0.01, 51.005)));
        assert_eq!(zone.distance_m(Point::new(0.005, 51.01)), 0.0);
        assert_eq!(zone.vertex_count(), 4);
    }

    #[test]
    fn a_hole_edge_is_the_zone_edge() {
        let zone = Zone {
            polygons: vec![Polygon {
                exterior: square(0.0, 51.0, 0.03),
                holes: vec![square(0.01, 51.01, 0.01)],
            }],
        };
        assert!(!zone.contains(Point::new(0.015, 51.015)));
        assert!(zone.contains(Point::new(0.01, 51.015)));
        assert!(zone.distance_m(Point::new(0.015, 51.015)) > 300.0);
    }

    #[test]
    fn nan_and_degenerate_rings_do_not_panic() {
        let nan = Point::new(f64::NAN, f64::NAN);
        let zone = Zone {
            polygons: vec![
                Polygon {
                    exterior: vec![nan, nan],
                    holes: vec![vec![]],
                },
                Polygon::default(),
            ],
        };
        let p = Point::new(0.0, 0.0);
        let _ = (
            zone.contains(p),
            zone.distance_m(p),
            zone.area_m2(),
            zone.bbox(),
        );
        let _ = Zone::default().contains(nan);
    }
}

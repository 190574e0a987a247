//! Exact geometric predicates on longitude/latitude.
//!
//! The flat map is an affine scaling of longitude and latitude, so "which side of this edge
//! is that point" has the same answer in degrees as in metres. Asking it in degrees with
//! Shewchuk's adaptive-precision `orient2d` gives the exact answer for the very numbers in
//! the file: no epsilon to tune, and no zone judged sound on one machine and crossed on
//! another.

use crate::model::Point;
use std::cmp::Ordering;

/// Which side of the line `a → b` the point `c` lies: `Greater` to the left
/// (anticlockwise), `Less` to the right, `Equal` exactly on the line.
pub(crate) fn orientation(a: Point, b: Point, c: Point) -> Ordering {
    let det = robust::orient2d(coord(a), coord(b), coord(c));
    det.partial_cmp(&0.0).unwrap_or(Ordering::Equal)
}

fn coord(p: Point) -> robust::Coord<f64> {
    robust::Coord { x: p.lon, y: p.lat }
}

/// Whether `p`, known to be on the line through `a` and `b`, lies within the segment.
fn within_box(a: Point, b: Point, p: Point) -> bool {
    p.lon >= a.lon.min(b.lon)
        && p.lon <= a.lon.max(b.lon)
        && p.lat >= a.lat.min(b.lat)
        && p.lat <= a.lat.max(b.lat)
}

/// Whether the closed segments `a–b` and `c–d` have any point in common (touching counts).
pub(crate) fn segments_meet(a: Point, b: Point, c: Point, d: Point) -> bool {
    let o1 = orientation(a, b, c);
    let o2 = orientation(a, b, d);
    let o3 = orientation(c, d, a);
    let o4 = orientation(c, d, b);
    let straddles =
        |x: Ordering, y: Ordering| x != Ordering::Equal && y != Ordering::Equal && x != y;
    if straddles(o1, o2) && straddles(o3, o4) {
        return true;
    }
    (o1 == Ordering::Equal && within_box(a, b, c))
        || (o2 == Ordering::Equal && within_box(a, b, d))
        || (o3 == Ordering::Equal && within_box(c, d, a))
        || (o4 == Ordering::Equal && within_box(c, d, b))
}

/// For two edges that share the vertex `shared` and go on to `p` and `q`: whether they
/// overlap beyond it, i.e. run along the same line in the same direction. For consecutive
/// edges this is a ring doubling back on itself (a spike of zero width).
pub(crate) fn fold_back(shared: Point, p: Point, q: Point) -> bool {
    if orientation(shared, p, q) != Ordering::Equal {
        return false;
    }
    let dot =
        (p.lon - shared.lon) * (q.lon - shared.lon) + (p.lat - shared.lat) * (q.lat - shared.lat);
    dot > 0.0
}

/// Whether `p` lies inside the ring, by exact winding number (non-zero rule; for a simple
/// ring the same as even-odd). A point exactly on the ring may come out either way: callers
/// that care measure its distance to the ring first.
pub(crate) fn inside_ring(ring: &[Point], p: Point) -> bool {
    let mut winding = 0i64;
    for (a, b) in edges(ring) {
        if a.lat <= p.lat {
            if b.lat > p.lat && orientation(a, b, p) == Ordering::Greater {
                winding += 1;
            }
        } else if b.lat <= p.lat && orientation(a, b, p) == Ordering::Less {
            winding -= 1;
        }
    }
    winding != 0
}

/// The ring's edges, closing it from the last position back to the first if the ring is not
/// already closed (for a closed ring that extra edge has zero length and does nothing).
pub(crate) fn edges(ring: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    let last = ring.last().copied();
    last.into_iter()
        .chain(ring.iter().copied())
        .zip(ring.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lon: f64, lat: f64) -> Point {
        Point::new(lon, lat)
    }

    #[test]
    fn crossing_touching_and_apart_segments() {
        assert!(segments_meet(p(0., 0.), p(2., 2.), p(0., 2.), p(2., 0.)));
        assert!(
            segments_meet(p(0., 0.), p(2., 0.), p(1., 0.), p(1., 5.)),
            "T-junction"
        );
        assert!(
            segments_meet(p(0., 0.), p(2., 0.), p(1., 0.), p(3., 0.)),
            "overlap"
        );
        assert!(
            !segments_meet(p(0., 0.), p(2., 0.), p(3., 0.), p(4., 0.)),
            "same line, apart"
        );
        assert!(
            !segments_meet(p(0., 0.), p(2., 0.), p(0., 1.), p(2., 1.)),
            "parallel"
        );
    }

    #[test]
    fn nearly_collinear_points_are_judged_exactly() {
        // 0.1 + 0.2 is not 0.3 in binary: the point is a hair off the line, and says so.
        let a = p(0.0, 0.0);
        let b = p(0.3, 0.3);
        assert_ne!(orientation(a, b, p(0.1 + 0.2, 0.3)), Ordering::Equal);
        assert_eq!(orientation(a, b, p(0.15, 0.15)), Ordering::Equal);
    }

    #[test]
    fn a_spike_folds_back_and_a_corner_does_not() {
        assert!(fold_back(p(1., 0.), p(0., 0.), p(0.5, 0.)));
        assert!(!fold_back(p(1., 0.), p(0., 0.), p(2., 0.)));
        assert!(!fold_back(p(1., 0.), p(0., 0.), p(1., 1.)));
    }

    #[test]
    fn winding_finds_inside_and_outside_either_way_round() {
        let square = [p(0., 0.), p(1., 0.), p(1., 1.), p(0., 1.), p(0., 0.)];
        let mut reversed = square;
        reversed.reverse();
        for ring in [&square[..], &reversed[..]] {
            assert!(inside_ring(ring, p(0.5, 0.5)));
            assert!(!inside_ring(ring, p(1.5, 0.5)));
        }
    }

    #[test]
    fn empty_and_tiny_rings_do_not_panic() {
        assert!(!inside_ring(&[], p(0., 0.)));
        assert!(!inside_ring(&[p(0., 0.)], p(0., 0.)));
    }
}

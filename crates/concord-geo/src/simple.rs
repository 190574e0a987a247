//! Whether each polygon is simple: no ring touches itself or another ring, and each hole is
//! inside the outer boundary and outside the other holes. Runs only on rings whose positions
//! are sound (finite, closed, enough of them).

use crate::error::{code, Problems};
use crate::model::Point;
use crate::predicates::inside_ring;
use crate::ring::{describe_ring, lower, point_path, ring_path, CleanRing};
use crate::sweep::{find_contacts, fold_backs};
use std::collections::{HashMap, HashSet};

/// Contacts between edges worth finding in one polygon: enough to describe a scribble, few
/// enough that a scribble cannot make the check slow.
const MAX_CONTACTS: usize = 50;

/// No ring touches itself or another ring, and every hole is inside the exterior and
/// outside the other holes. Returns whether all that holds.
pub(crate) fn check_simple(
    number: usize,
    rings: &[CleanRing],
    path: &str,
    problems: &mut Problems,
) -> bool {
    let mut simple = true;
    for (r, ring) in rings.iter().enumerate() {
        let name = describe_ring(number, r);
        let mut seen: HashMap<(u64, u64), usize> = HashMap::new();
        for (k, p) in ring.points.iter().enumerate().take(ring.edge_count()) {
            // Adding 0.0 turns -0.0 into 0.0, which is the same place.
            let key = ((p.lon + 0.0).to_bits(), (p.lat + 0.0).to_bits());
            if let Some(&earlier) = seen.get(&key) {
                let (first, again) = (ring.original_index(earlier), ring.original_index(k));
                let message = format!(
                    "{name} passes through the same place twice, at point {first} and point \
                     {again}: the edge of a zone must not touch itself. Remove one of them, or \
                     draw two separate shapes."
                );
                problems.push(point_path(path, r, again), code::DUPLICATE_POINTS, message);
                simple = false;
            } else {
                seen.insert(key, k);
            }
        }
        for k in fold_backs(ring) {
            let v = ring.original_index(k);
            let message = format!(
                "{name} doubles back on itself at point {v}: the edges either side of it run \
                 along the same line. Remove point {v} or redraw the zone so its edges do not \
                 overlap."
            );
            problems.push(point_path(path, r, v), code::SELF_INTERSECTION, message);
            simple = false;
        }
    }

    let mut crossed: HashSet<(usize, usize)> = HashSet::new();
    for contact in find_contacts(rings, MAX_CONTACTS) {
        simple = false;
        let (a, b) = (contact.first, contact.second);
        let (Some(ring_a), Some(ring_b)) = (rings.get(a.ring), rings.get(b.ring)) else {
            continue;
        };
        if a.ring == b.ring {
            let message = format!(
                "{} crosses itself: the edge from {} meets the edge from {}. Redraw the zone so \
                 its edges do not cross.",
                describe_ring(number, a.ring),
                ring_a.describe_edge(a.edge),
                ring_a.describe_edge(b.edge)
            );
            let at = point_path(path, a.ring, ring_a.original_index(a.edge));
            problems.push(at, code::SELF_INTERSECTION, message);
        } else if crossed.insert((a.ring, b.ring)) {
            let message = format!(
                "{} touches or crosses {}: its edge from {} meets that ring's edge from {}. A \
                 hole must lie wholly inside the outer boundary, clear of it and of the other \
                 holes.",
                describe_ring(number, b.ring),
                lower(&describe_ring(number, a.ring)),
                ring_b.describe_edge(b.edge),
                ring_a.describe_edge(a.edge)
            );
            problems.push(ring_path(path, b.ring), code::RINGS_CROSS, message);
        }
    }
    simple &= check_holes(number, rings, &crossed, path, problems);
    simple
}

/// Each hole (not already reported as crossing) inside the exterior and outside the other
/// holes. With no contact between the rings, one position of a hole settles which side it is.
fn check_holes(
    number: usize,
    rings: &[CleanRing],
    crossed: &HashSet<(usize, usize)>,
    path: &str,
    problems: &mut Problems,
) -> bool {
    let Some(exterior) = rings.first() else {
        return true;
    };
    let boxes: Vec<(Point, Point)> = rings.iter().map(|r| bounding_box(&r.points)).collect();
    let mut sound = true;
    for (h, hole) in rings.iter().enumerate().skip(1) {
        let Some(&probe) = hole.points.first() else {
            continue;
        };
        let name = describe_ring(number, h);
        if !crossed.contains(&(0, h)) && !inside_ring(&exterior.points, probe) {
            let message = format!(
                "{name} is not inside the outer boundary of polygon {number}: a hole must lie \
                 within the area it is cut out of. Move it inside, or remove it."
            );
            problems.push(ring_path(path, h), code::HOLE_OUTSIDE, message);
            sound = false;
            continue;
        }
        let container = rings.iter().enumerate().skip(1).find(|&(other, o)| {
            other != h
                && !crossed.contains(&(other.min(h), other.max(h)))
                && boxes.get(other).is_some_and(|&b| in_box(b, probe))
                && inside_ring(&o.points, probe)
        });
        if let Some((other, _)) = container {
            let message = format!(
                "{name} lies inside hole {other}, which is already cut out of the zone. Remove \
                 one of the two holes."
            );
            problems.push(ring_path(path, h), code::HOLE_OUTSIDE, message);
            sound = false;
        }
    }
    sound
}

fn bounding_box(points: &[Point]) -> (Point, Point) {
    points.iter().fold(
        (
            Point::new(f64::INFINITY, f64::INFINITY),
            Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
        ),
        |(sw, ne), p| {
            (
                Point::new(sw.lon.min(p.lon), sw.lat.min(p.lat)),
                Point::new(ne.lon.max(p.lon), ne.lat.max(p.lat)),
            )
        },
    )
}

fn in_box((sw, ne): (Point, Point), p: Point) -> bool {
    p.lon >= sw.lon && p.lon <= ne.lon && p.lat >= sw.lat && p.lat <= ne.lat
}

//! Zones and places shared by the tests.

use concord_geo::{Point, Polygon, Zone};
use serde_json::{json, Value};

/// The middle of Chelmsford, Essex.
pub const CHELMSFORD: Point = Point::new(0.47, 51.73);

/// A closed square ring `side_m` metres across, centred on `centre`, anticlockwise.
pub fn square_ring(centre: Point, side_m: f64) -> Vec<Point> {
    let h = side_m / 2.0;
    let ring = vec![
        centre.offset_m(-h, -h),
        centre.offset_m(h, -h),
        centre.offset_m(h, h),
        centre.offset_m(-h, h),
    ];
    close(ring)
}

/// The ring with its first point repeated at the end.
pub fn close(mut ring: Vec<Point>) -> Vec<Point> {
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    ring
}

pub fn square_zone(centre: Point, side_m: f64) -> Zone {
    Zone {
        polygons: vec![Polygon {
            exterior: square_ring(centre, side_m),
            holes: vec![],
        }],
    }
}

/// GeoJSON positions of a ring.
pub fn positions(ring: &[Point]) -> Value {
    Value::Array(ring.iter().map(|p| json!([p.lon, p.lat])).collect())
}

/// A GeoJSON Polygon from rings.
pub fn polygon_json(rings: &[Vec<Point>]) -> Value {
    json!({ "type": "Polygon", "coordinates": rings.iter().map(|r| positions(r)).collect::<Vec<_>>() })
}

/// A ring from lon/lat pairs given as metres east and north of Chelmsford.
pub fn ring_m(offsets: &[(f64, f64)]) -> Vec<Point> {
    offsets
        .iter()
        .map(|&(e, n)| CHELMSFORD.offset_m(e, n))
        .collect()
}

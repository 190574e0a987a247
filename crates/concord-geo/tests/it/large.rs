//! Zones at the vertex limit are checked quickly (run it; no timing is asserted, see
//! DESIGN.md §6: performance is measured by benchmarks, not tests).

use crate::support::{close, polygon_json, CHELMSFORD};
use concord_geo::{parse_geojson, validate, Limits, Point, Polygon, Zone};
use std::f64::consts::TAU;

/// A star of `points` vertices alternating between radii 5 km and 4.5 km.
fn star(points: usize) -> Vec<Point> {
    let ring = (0..points)
        .map(|i| {
            let angle = TAU * i as f64 / points as f64;
            let r = if i % 2 == 0 { 5_000.0 } else { 4_500.0 };
            CHELMSFORD.offset_m(r * angle.cos(), r * angle.sin())
        })
        .collect();
    close(ring)
}

#[test]
fn a_ten_thousand_vertex_star_is_valid() {
    let ring = star(10_000);
    let zone = parse_geojson(
        &polygon_json(std::slice::from_ref(&ring)),
        &Limits::default(),
    )
    .expect("a star is a simple polygon");
    assert_eq!(zone.vertex_count(), 10_000);
    assert!(zone.contains(CHELMSFORD));
    assert!(!zone.contains(CHELMSFORD.offset_m(5_100.0, 0.0)));
}

#[test]
fn a_ten_thousand_vertex_star_with_one_crossing_is_caught() {
    let mut ring = star(10_000);
    // Pull the northernmost point out beyond the south side: its edges cut the star in two.
    ring[2_500] = CHELMSFORD.offset_m(0.0, -6_000.0);
    let zone = Zone {
        polygons: vec![Polygon {
            exterior: ring,
            holes: vec![],
        }],
    };
    let e = validate(&zone, &Limits::default()).unwrap_err();
    assert!(e.0.iter().all(|e| e.code == "self_intersection"), "{e}");
}

#[test]
fn one_vertex_over_the_limit_is_too_many_points() {
    let ring = star(10_002);
    let e = parse_geojson(&polygon_json(&[ring]), &Limits::default()).unwrap_err();
    assert_eq!(e.codes(), vec!["too_many_points"]);
}

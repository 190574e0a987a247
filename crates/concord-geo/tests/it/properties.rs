//! Properties that hold for every input: no panics on anything, and sound answers for
//! random convex zones and circles.

use crate::support::{close, polygon_json};
use concord_geo::{
    circle, parse_geojson, parse_geojson_str, validate, Limits, Point, Polygon, Zone,
};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::f64::consts::TAU;

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        (-200.0..200.0f64).prop_map(|f| json!(f)),
        prop_oneof![
            Just("Polygon"),
            Just("MultiPolygon"),
            Just("Feature"),
            Just("FeatureCollection"),
            Just("Point"),
            Just("type"),
            Just("coordinates"),
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_string()),
        Just("coordinates".to_string()),
        Just("geometry".to_string()),
        Just("features".to_string()),
        "[a-z]{1,6}",
    ]
}

/// Any f64 at all, including NaN and infinities, weighted towards the covered area.
fn any_coordinate() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        -10.0..62.0f64,
        0.4..0.6f64,
        51.6..51.8f64,
    ]
}

fn any_ring() -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec((any_coordinate(), any_coordinate()), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(lon, lat)| Point::new(lon, lat))
            .collect()
    })
}

fn any_zone() -> impl Strategy<Value = Zone> {
    let polygon = (any_ring(), prop::collection::vec(any_ring(), 0..3))
        .prop_map(|(exterior, holes)| Polygon { exterior, holes });
    prop::collection::vec(polygon, 0..3).prop_map(|polygons| Zone { polygons })
}

/// A centre somewhere in England or Wales.
fn centre() -> impl Strategy<Value = Point> {
    (-4.5..1.5f64, 50.2..54.5f64).prop_map(|(lon, lat)| Point::new(lon, lat))
}

/// A convex polygon: 3 to 40 points on a circle, at angles at least a little apart.
fn convex_ring() -> impl Strategy<Value = (Point, Vec<Point>)> {
    (
        centre(),
        50.0..5_000.0f64,
        prop::collection::vec(1.0..10.0f64, 3..40),
    )
        .prop_map(|(centre, radius, gaps)| {
            let total: f64 = gaps.iter().sum();
            let mut angle = 0.0f64;
            let mut ring = Vec::new();
            for gap in gaps {
                ring.push(centre.offset_m(radius * angle.cos(), radius * angle.sin()));
                angle += TAU * gap / total;
            }
            (centre, close(ring))
        })
}

fn loose_limits() -> Limits {
    Limits {
        min_area_m2: 0.0,
        ..Limits::default()
    }
}

fn mean(points: &[Point]) -> Point {
    let n = points.len() as f64;
    Point::new(
        points.iter().map(|p| p.lon).sum::<f64>() / n,
        points.iter().map(|p| p.lat).sum::<f64>() / n,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_json_never_panics(value in any_json()) {
        let _ = parse_geojson(&value, &Limits::default());
        let _ = parse_geojson_str(&value.to_string(), &Limits::default());
    }

    #[test]
    fn random_text_never_panics(text in ".{0,200}") {
        let _ = parse_geojson_str(&text, &Limits::default());
    }

    #[test]
    fn random_coordinates_never_panic(zone in any_zone(), p in (any_coordinate(), any_coordinate())) {
        let p = Point::new(p.0, p.1);
        let _ = validate(&zone, &Limits::default());
        let _ = (zone.contains(p), zone.distance_m(p), zone.area_m2(), zone.bbox(), zone.vertex_count());
        let geometry = zone.to_geojson();
        let _ = parse_geojson(&geometry, &Limits::default());
        let _ = circle(p, p.lon, &Limits::default());
    }

    #[test]
    fn random_coordinate_arrays_in_geojson_never_panic(
        rings in prop::collection::vec(prop::collection::vec((-200.0..200.0f64, -100.0..100.0f64), 0..10), 0..4)
    ) {
        let rings: Vec<Vec<Point>> = rings
            .into_iter()
            .map(|r| r.into_iter().map(|(lon, lat)| Point::new(lon, lat)).collect())
            .collect();
        let _ = parse_geojson(&polygon_json(&rings), &Limits::default());
        let closed: Vec<Vec<Point>> = rings.into_iter().map(close).collect();
        let _ = parse_geojson(&polygon_json(&closed), &Limits::default());
    }

    #[test]
    fn a_convex_polygon_is_valid_and_contains_its_centroid((_, ring) in convex_ring()) {
        let zone = parse_geojson(&polygon_json(std::slice::from_ref(&ring)), &loose_limits());
        prop_assert!(zone.is_ok(), "{:?}", zone);
        let zone = zone.unwrap();
        let centroid = mean(ring.get(..ring.len() - 1).unwrap_or_default());
        prop_assert!(zone.contains(centroid));
        prop_assert_eq!(zone.distance_m(centroid), 0.0);
    }

    #[test]
    fn points_inside_a_convex_polygon_are_at_distance_zero(
        (_, ring) in convex_ring(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0.0..1.0f64, 0.0..1.0f64), 1..10),
    ) {
        let zone = Zone { polygons: vec![Polygon { exterior: ring.clone(), holes: vec![] }] };
        for (i, j, k, s, t) in picks {
            // A point of the triangle of three vertices lies in the convex polygon.
            let (a, b, c) = (ring[i.index(ring.len())], ring[j.index(ring.len())], ring[k.index(ring.len())]);
            let (s, t) = if s + t > 1.0 { (1.0 - s, 1.0 - t) } else { (s, t) };
            let p = Point::new(
                a.lon + s * (b.lon - a.lon) + t * (c.lon - a.lon),
                a.lat + s * (b.lat - a.lat) + t * (c.lat - a.lat),
            );
            prop_assert!(zone.contains(p));
            prop_assert_eq!(zone.distance_m(p), 0.0);
        }
    }

    #[test]
    fn distance_is_zero_exactly_when_contained((centre, ring) in convex_ring(), east in -6_000.0..6_000.0f64, north in -6_000.0..6_000.0f64) {
        let zone = Zone { polygons: vec![Polygon { exterior: ring, holes: vec![] }] };
        let p = centre.offset_m(east, north);
        let d = zone.distance_m(p);
        prop_assert_eq!(zone.contains(p), d == 0.0, "distance {}", d);
        prop_assert!(d >= 0.0 && d.is_finite());
    }

    #[test]
    fn a_circle_contains_98_and_excludes_102_percent_of_its_radius(
        centre in centre(),
        radius in 10.0..20_000.0f64,
        angle in 0.0..TAU,
    ) {
        let zone = circle(centre, radius, &Limits::default()).unwrap();
        let at = |r: f64| centre.offset_m(r * angle.cos(), r * angle.sin());
        prop_assert!(zone.contains(at(0.98 * radius)));
        prop_assert!(!zone.contains(at(1.02 * radius)));
        let d = zone.distance_m(at(1.5 * radius));
        prop_assert!((d / (0.5 * radius) - 1.0).abs() < 0.01, "{}", d);
    }

    #[test]
    fn a_valid_zone_survives_the_round_trip((_, ring) in convex_ring()) {
        let zone = Zone { polygons: vec![Polygon { exterior: ring, holes: vec![] }] };
        prop_assert!(validate(&zone, &loose_limits()).is_ok());
        let back = parse_geojson(&zone.to_geojson(), &loose_limits()).unwrap();
        prop_assert_eq!(back, zone);
    }
}

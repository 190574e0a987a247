//! Worked cases with answers known in advance: squares and circles round Chelmsford.

use crate::support::{close, polygon_json, positions, square_ring, square_zone, CHELMSFORD};
use concord_geo::{circle, parse_geojson, parse_geojson_str, Limits, Point, Polygon, Zone};
use serde_json::json;

fn within(actual: f64, expected: f64, fraction: f64) -> bool {
    (actual - expected).abs() <= expected.abs() * fraction
}

#[test]
fn a_one_kilometre_square_contains_its_centre_and_not_a_point_two_kilometres_away() {
    let zone = square_zone(CHELMSFORD, 1_000.0);
    assert!(zone.contains(CHELMSFORD));
    assert!(!zone.contains(CHELMSFORD.offset_m(2_000.0, 0.0)));
    assert!(!zone.contains(CHELMSFORD.offset_m(0.0, -2_000.0)));
}

#[test]
fn distance_to_a_point_500_m_east_of_the_east_edge_is_500_m() {
    let zone = square_zone(CHELMSFORD, 1_000.0);
    let d = zone.distance_m(CHELMSFORD.offset_m(1_000.0, 0.0));
    assert!(within(d, 500.0, 0.01), "{d}");
    assert_eq!(zone.distance_m(CHELMSFORD), 0.0);
}

#[test]
fn distance_to_a_point_off_a_corner_is_along_the_diagonal() {
    let zone = square_zone(CHELMSFORD, 1_000.0);
    let d = zone.distance_m(CHELMSFORD.offset_m(800.0, 900.0));
    assert!(within(d, 500.0, 0.01), "{d}");
}

#[test]
fn a_far_point_is_measured_along_the_great_circle() {
    // Chelmsford to Birmingham is about 185 km; the flat map is not trusted that far.
    let zone = square_zone(CHELMSFORD, 1_000.0);
    let d = zone.distance_m(Point::new(-1.89, 52.48));
    assert!(within(d, 180_000.0, 0.05), "{d}");
}

#[test]
fn the_area_of_a_one_kilometre_square_is_a_million_square_metres() {
    let area = square_zone(CHELMSFORD, 1_000.0).area_m2();
    assert!(within(area, 1e6, 0.005), "{area}");
}

#[test]
fn a_polygon_with_a_hole_excludes_the_hole() {
    let zone = Zone {
        polygons: vec![Polygon {
            exterior: square_ring(CHELMSFORD, 1_000.0),
            holes: vec![square_ring(CHELMSFORD, 200.0)],
        }],
    };
    assert!(!zone.contains(CHELMSFORD));
    assert!(zone.contains(CHELMSFORD.offset_m(300.0, 0.0)));
    assert!(
        zone.contains(CHELMSFORD.offset_m(100.0, 0.0)),
        "the hole's edge is the zone's"
    );
    let d = zone.distance_m(CHELMSFORD);
    assert!(within(d, 100.0, 0.01), "{d}");
    assert!(within(zone.area_m2(), 1e6 - 4e4, 0.005));
    assert_eq!(zone.vertex_count(), 8);
}

#[test]
fn a_500_m_circle_contains_a_point_499_m_away_and_not_one_501_m_away() {
    let zone = circle(CHELMSFORD, 500.0, &Limits::default()).unwrap();
    for i in 0..32 {
        let angle = std::f64::consts::TAU * f64::from(i) / 32.0;
        let at = |r: f64| CHELMSFORD.offset_m(r * angle.cos(), r * angle.sin());
        assert!(zone.contains(at(499.0)), "499 m at {angle}");
        assert!(!zone.contains(at(501.0)), "501 m at {angle}");
        let d = zone.distance_m(at(600.0));
        assert!((d - 100.0).abs() < 1.0, "{d}");
    }
}

#[test]
fn a_multipolygon_is_in_either_part() {
    let east = CHELMSFORD.offset_m(5_000.0, 0.0);
    let value = json!({
        "type": "MultiPolygon",
        "coordinates": [
            [positions(&square_ring(CHELMSFORD, 1_000.0))],
            [positions(&square_ring(east, 1_000.0))],
        ],
    });
    let zone = parse_geojson(&value, &Limits::default()).unwrap();
    assert_eq!(zone.polygons.len(), 2);
    assert!(zone.contains(CHELMSFORD));
    assert!(zone.contains(east));
    let between = CHELMSFORD.offset_m(2_500.0, 0.0);
    assert!(!zone.contains(between));
    assert!(within(zone.distance_m(between), 2_000.0, 0.01));
    assert!(within(zone.area_m2(), 2e6, 0.005));
    assert_eq!(zone.to_geojson()["type"], "MultiPolygon");
}

#[test]
fn a_feature_collection_is_merged_into_one_zone() {
    let north = CHELMSFORD.offset_m(0.0, 3_000.0);
    let south = CHELMSFORD.offset_m(0.0, -3_000.0);
    let value = json!({
        "type": "FeatureCollection",
        "features": [
            { "type": "Feature", "properties": { "name": "victim's road" },
              "geometry": polygon_json(&[square_ring(CHELMSFORD, 400.0)]) },
            { "type": "Feature", "properties": null, "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[positions(&square_ring(north, 400.0))], [positions(&square_ring(south, 400.0))]],
            }},
        ],
    });
    let zone = parse_geojson(&value, &Limits::default()).unwrap();
    assert_eq!(zone.polygons.len(), 3);
    for p in [CHELMSFORD, north, south] {
        assert!(zone.contains(p));
    }
    assert!(!zone.contains(CHELMSFORD.offset_m(0.0, 1_500.0)));
}

#[test]
fn a_feature_holding_a_polygon_is_a_zone() {
    let value = json!({ "type": "Feature", "properties": {}, "geometry": polygon_json(&[square_ring(CHELMSFORD, 1_000.0)]) });
    let zone = parse_geojson(&value, &Limits::default()).unwrap();
    assert_eq!(zone, square_zone(CHELMSFORD, 1_000.0));
}

#[test]
fn either_winding_is_accepted_and_measures_the_same() {
    let mut clockwise = square_ring(CHELMSFORD, 1_000.0);
    clockwise.reverse();
    let zone = parse_geojson(&polygon_json(&[clockwise]), &Limits::default()).unwrap();
    assert!(zone.contains(CHELMSFORD));
    assert!(within(zone.area_m2(), 1e6, 0.005));
}

#[test]
fn repeated_points_in_a_row_are_tolerated_and_dropped() {
    let ring = square_ring(CHELMSFORD, 1_000.0);
    let mut doubled = Vec::new();
    for p in &ring {
        doubled.push(*p);
        doubled.push(*p);
    }
    let zone = parse_geojson(&polygon_json(&[doubled]), &Limits::default()).unwrap();
    assert_eq!(zone, square_zone(CHELMSFORD, 1_000.0));
}

#[test]
fn a_zone_survives_the_round_trip_through_geojson_text() {
    let zone = Zone {
        polygons: vec![
            Polygon {
                exterior: square_ring(CHELMSFORD, 1_000.0),
                holes: vec![square_ring(CHELMSFORD, 100.0)],
            },
            Polygon {
                exterior: square_ring(CHELMSFORD.offset_m(3_000.0, 0.0), 500.0),
                holes: vec![],
            },
        ],
    };
    let text = serde_json::to_string(&zone.to_geojson()).unwrap();
    let back = parse_geojson_str(&text, &Limits::default()).unwrap();
    assert_eq!(back.polygons.len(), 2);
    // serde_json reads floats to within a unit in the last place, not always exactly.
    let flat = |z: &Zone| -> Vec<Point> {
        z.polygons
            .iter()
            .flat_map(|p| p.exterior.iter().chain(p.holes.iter().flatten()))
            .copied()
            .collect()
    };
    let (before, after) = (flat(&zone), flat(&back));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert!((a.lon - b.lon).abs() < 1e-12 && (a.lat - b.lat).abs() < 1e-12);
    }
}

#[test]
fn altitudes_and_extra_members_are_ignored() {
    let ring: Vec<_> = square_ring(CHELMSFORD, 1_000.0)
        .iter()
        .map(|p| json!([p.lon, p.lat, 35.0]))
        .collect();
    let value =
        json!({ "type": "Polygon", "coordinates": [ring], "bbox": [0, 0, 1, 1], "crs": null });
    assert!(parse_geojson(&value, &Limits::default()).is_ok());
}

#[test]
fn the_bounding_box_covers_every_point() {
    let zone = square_zone(CHELMSFORD, 1_000.0);
    let (sw, ne) = zone.bbox();
    assert_eq!(sw, CHELMSFORD.offset_m(-500.0, -500.0));
    assert!((ne.lon - CHELMSFORD.offset_m(500.0, 500.0).lon).abs() < 1e-12);
    assert!(sw.lon < CHELMSFORD.lon && CHELMSFORD.lat < ne.lat);
}

#[test]
fn a_triangle_is_the_smallest_zone() {
    let ring = close(vec![
        CHELMSFORD,
        CHELMSFORD.offset_m(100.0, 0.0),
        CHELMSFORD.offset_m(0.0, 100.0),
    ]);
    let zone = parse_geojson(&polygon_json(&[ring]), &Limits::default()).unwrap();
    assert!(within(zone.area_m2(), 5_000.0, 0.005));
    assert!(zone.contains(CHELMSFORD.offset_m(10.0, 10.0)));
}

//! Validation codes about the file's structure and positions, each triggered by a specific
//! bad input, with the path it names.

use crate::support::{close, polygon_json, positions, square_ring, CHELMSFORD};
use concord_geo::{
    parse_geojson, parse_geojson_str, validate, GeoErrors, Limits, Point, Polygon, Zone,
};
use serde_json::{json, Value};

pub fn problems(value: &Value) -> GeoErrors {
    parse_geojson(value, &Limits::default()).expect_err("the zone should be rejected")
}

/// The only problem is `code` at `path`; returns its message.
pub fn only(errors: &GeoErrors, code: &str, path: &str) -> String {
    let found: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(found, vec![(code, path)], "{errors}");
    errors.0[0].message.clone()
}

fn square_positions() -> Value {
    positions(&square_ring(CHELMSFORD, 1_000.0))
}

#[test]
fn a_point_is_not_a_polygon() {
    let e = problems(&json!({ "type": "Point", "coordinates": [0.47, 51.73] }));
    let message = only(&e, "not_polygon", "");
    assert!(message.contains("Point"), "{message}");
}

#[test]
fn a_feature_holding_a_line_is_not_a_polygon() {
    let line = json!({ "type": "LineString", "coordinates": [[0.47, 51.73], [0.48, 51.74]] });
    let e = problems(&json!({ "type": "Feature", "geometry": line }));
    only(&e, "not_polygon", "geometry");
}

#[test]
fn a_feature_without_geometry_is_not_a_polygon() {
    let e = problems(&json!({ "type": "Feature", "geometry": null, "properties": {} }));
    only(&e, "not_polygon", "geometry");
}

#[test]
fn a_marker_in_a_feature_collection_is_named_by_its_feature() {
    let e = problems(&json!({ "type": "FeatureCollection", "features": [
        { "type": "Feature", "geometry": { "type": "Polygon", "coordinates": [square_positions()] } },
        { "type": "Feature", "geometry": { "type": "Point", "coordinates": [0.47, 51.73] } },
    ]}));
    only(&e, "not_polygon", "features[1].geometry");
}

#[test]
fn line_shaped_coordinates_in_a_polygon_are_not_a_polygon() {
    let e = problems(&json!({ "type": "Polygon", "coordinates": square_positions() }));
    assert_eq!(e.0[0].code, "not_polygon");
    assert_eq!(e.0[0].path, "coordinates[0]");
}

#[test]
fn an_empty_feature_collection_has_no_polygon() {
    let e = problems(&json!({ "type": "FeatureCollection", "features": [] }));
    only(&e, "not_polygon", "");
}

#[test]
fn a_zone_built_in_code_with_no_polygons_is_not_a_polygon() {
    let e = validate(&Zone::default(), &Limits::default()).unwrap_err();
    only(&e, "not_polygon", "");
}

#[test]
fn a_position_that_is_not_a_number_pair_is_a_bad_coordinate() {
    let mut ring = square_positions();
    ring[2] = json!(["0.47", 51.73]);
    ring[3] = json!([0.47]);
    let e = problems(&json!({ "type": "Polygon", "coordinates": [ring] }));
    let found: Vec<_> = e.0.iter().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        found,
        vec![
            ("bad_coordinate", "coordinates[0][2]"),
            ("bad_coordinate", "coordinates[0][3]")
        ]
    );
}

#[test]
fn a_longitude_beyond_180_is_a_bad_coordinate() {
    let mut ring = square_positions();
    ring[1] = json!([200.0, 51.73]);
    let e = problems(&json!({ "type": "Polygon", "coordinates": [ring] }));
    only(&e, "bad_coordinate", "coordinates[0][1]");
}

#[test]
fn nan_in_a_zone_built_in_code_is_a_bad_coordinate() {
    let mut ring = square_ring(CHELMSFORD, 1_000.0);
    ring[2] = Point::new(f64::NAN, 51.7);
    let zone = Zone {
        polygons: vec![Polygon {
            exterior: ring,
            holes: vec![],
        }],
    };
    let e = validate(&zone, &Limits::default()).unwrap_err();
    only(&e, "bad_coordinate", "coordinates[0][2]");
}

#[test]
fn a_zone_in_paris_is_outside_the_area_without_a_swap_hint() {
    let ring = square_ring(Point::new(2.35, 48.85), 1_000.0);
    let e = problems(&polygon_json(&[ring]));
    let message = only(&e, "outside_area", "coordinates[0][0]");
    assert!(message.contains("5 of the points"), "{message}");
    assert!(!message.contains("swapped"), "{message}");
}

#[test]
fn swapped_latitude_and_longitude_get_the_hint() {
    let swapped: Vec<Point> = square_ring(CHELMSFORD, 1_000.0)
        .iter()
        .map(|p| Point::new(p.lat, p.lon))
        .collect();
    let e = problems(&polygon_json(&[swapped]));
    let message = only(&e, "outside_area", "coordinates[0][0]");
    assert!(message.contains("look swapped"), "{message}");
}

#[test]
fn a_ring_of_three_positions_has_too_few_points() {
    let ring = close(vec![CHELMSFORD, CHELMSFORD.offset_m(100.0, 0.0)]);
    let e = problems(&polygon_json(&[ring]));
    only(&e, "too_few_points", "coordinates[0]");
}

#[test]
fn repeats_do_not_count_towards_the_points_a_ring_needs() {
    let a = CHELMSFORD;
    let b = CHELMSFORD.offset_m(100.0, 0.0);
    let e = problems(&polygon_json(&[vec![a, b, b, b, a]]));
    only(&e, "too_few_points", "coordinates[0]");
}

#[test]
fn a_polygon_with_no_rings_has_too_few_points() {
    let e = problems(&json!({ "type": "Polygon", "coordinates": [] }));
    only(&e, "too_few_points", "coordinates");
}

#[test]
fn a_ring_that_does_not_end_where_it_starts_is_not_closed() {
    let mut ring = square_ring(CHELMSFORD, 1_000.0);
    ring.pop();
    let e = problems(&polygon_json(&[ring]));
    let message = only(&e, "not_closed", "coordinates[0]");
    assert!(message.contains("repeat its first point"), "{message}");
}

#[test]
fn text_that_is_not_json_is_bad_json_with_line_and_column() {
    let e = parse_geojson_str(
        "{\n  \"type\": \"Polygon\",\n  \"coordinates\": [[0.47, 51.7]\n",
        &Limits::default(),
    )
    .unwrap_err();
    let message = only(&e, "bad_json", "");
    assert!(message.contains("line 4"), "{message}");
}

#[test]
fn errors_serialise_as_a_list_of_path_code_and_message() {
    let e = problems(&json!({ "type": "Point", "coordinates": [0.47, 51.73] }));
    let value = serde_json::to_value(&e).unwrap();
    assert_eq!(value[0]["code"], "not_polygon");
    assert_eq!(value[0]["path"], "");
    assert!(value[0]["message"].is_string());
}

//! Validation codes about the shape of a zone (crossings, holes, size), each triggered by a
//! specific bad input, with the path it names.

use crate::support::{close, polygon_json, positions, ring_m, square_ring, CHELMSFORD};
use crate::validation::{only, problems};
use concord_geo::{circle_with_segments, validate, Limits, Point, Polygon, Zone};
use serde_json::json;

#[test]
fn a_ring_through_the_same_place_twice_has_duplicate_points() {
    // Two triangles meeting at one corner, drawn as one ring: a figure of eight.
    let ring = close(ring_m(&[
        (0.0, 0.0),
        (100.0, 100.0),
        (200.0, 0.0),
        (200.0, 200.0),
        (100.0, 100.0),
        (0.0, 200.0),
    ]));
    let e = problems(&polygon_json(&[ring]));
    let message = only(&e, "duplicate_points", "coordinates[0][4]");
    assert!(message.contains("point 1 and point 4"), "{message}");
}

#[test]
fn a_bowtie_crosses_itself() {
    let ring = close(ring_m(&[
        (0.0, 0.0),
        (500.0, 500.0),
        (500.0, 0.0),
        (0.0, 500.0),
    ]));
    let e = problems(&polygon_json(&[ring]));
    let message = only(&e, "self_intersection", "coordinates[0][0]");
    assert_eq!(
        message,
        "Ring 0 (the outer boundary) of polygon 0 crosses itself: the edge from point 0 to \
         point 1 meets the edge from point 2 to point 3. Redraw the zone so its edges do not \
         cross."
    );
}

#[test]
fn a_ring_that_doubles_back_crosses_itself() {
    let ring = close(ring_m(&[
        (0.0, 0.0),
        (500.0, 0.0),
        (800.0, 0.0),
        (600.0, 0.0),
        (300.0, 400.0),
    ]));
    let e = problems(&polygon_json(&[ring]));
    assert!(e.0.iter().all(|e| e.code == "self_intersection"), "{e}");
    assert_eq!(e.0[0].path, "coordinates[0][2]");
}

#[test]
fn a_hole_crossing_the_outer_boundary_is_rings_crossing() {
    let hole = square_ring(CHELMSFORD.offset_m(500.0, 0.0), 200.0);
    let e = problems(&polygon_json(&[square_ring(CHELMSFORD, 1_000.0), hole]));
    only(&e, "rings_cross", "coordinates[1]");
}

#[test]
fn two_holes_touching_at_a_corner_are_rings_crossing() {
    // Built from one origin, so the shared corner is the same number in both.
    let a = close(ring_m(&[
        (-200.0, -100.0),
        (0.0, -100.0),
        (0.0, 100.0),
        (-200.0, 100.0),
    ]));
    let b = close(ring_m(&[
        (0.0, 100.0),
        (200.0, 100.0),
        (200.0, 300.0),
        (0.0, 300.0),
    ]));
    let e = problems(&polygon_json(&[square_ring(CHELMSFORD, 1_000.0), a, b]));
    only(&e, "rings_cross", "coordinates[2]");
}

#[test]
fn a_hole_outside_its_polygon_is_reported() {
    let hole = square_ring(CHELMSFORD.offset_m(2_000.0, 0.0), 200.0);
    let e = problems(&polygon_json(&[square_ring(CHELMSFORD, 1_000.0), hole]));
    only(&e, "hole_outside", "coordinates[1]");
}

#[test]
fn a_hole_inside_another_hole_is_reported() {
    let e = problems(&polygon_json(&[
        square_ring(CHELMSFORD, 1_000.0),
        square_ring(CHELMSFORD, 400.0),
        square_ring(CHELMSFORD, 100.0),
    ]));
    let message = only(&e, "hole_outside", "coordinates[2]");
    assert!(message.contains("inside hole 1"), "{message}");
}

#[test]
fn a_five_metre_square_is_too_small() {
    let e = problems(&polygon_json(&[square_ring(CHELMSFORD, 5.0)]));
    only(&e, "too_small", "coordinates");
}

#[test]
fn a_hundred_kilometre_square_is_too_large() {
    let e = problems(&polygon_json(&[square_ring(
        Point::new(-1.5, 53.0),
        100_000.0,
    )]));
    let message = only(&e, "too_large", "");
    assert!(message.contains("10000.0 km²"), "{message}");
}

#[test]
fn more_vertices_than_the_limit_is_too_many_points() {
    let limits = Limits {
        max_vertices: 16,
        ..Limits::default()
    };
    let zone = circle_with_segments(CHELMSFORD, 500.0, 16, &limits).unwrap();
    let e = validate(
        &zone,
        &Limits {
            max_vertices: 15,
            ..limits
        },
    )
    .unwrap_err();
    only(&e, "too_many_points", "");
}

#[test]
fn every_problem_in_a_file_is_reported_at_once_with_feature_paths() {
    let bowtie = close(ring_m(&[
        (0.0, 0.0),
        (500.0, 500.0),
        (500.0, 0.0),
        (0.0, 500.0),
    ]));
    let mut open = square_ring(CHELMSFORD.offset_m(3_000.0, 0.0), 500.0);
    open.pop();
    let value = json!({ "type": "FeatureCollection", "features": [
        { "type": "Feature", "geometry": polygon_json(&[square_ring(CHELMSFORD.offset_m(-3_000.0, 0.0), 500.0)]) },
        { "type": "Feature", "geometry": { "type": "MultiPolygon", "coordinates": [[positions(&bowtie)], [positions(&open)]] } },
    ]});
    let e = problems(&value);
    let found: Vec<_> = e.0.iter().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        found,
        vec![
            (
                "self_intersection",
                "features[1].geometry.coordinates[0][0][0]"
            ),
            ("not_closed", "features[1].geometry.coordinates[1][0]"),
        ]
    );
    assert!(e.0[1]
        .message
        .starts_with("Ring 0 (the outer boundary) of polygon 2"));
}

#[test]
fn validate_names_polygons_of_a_multipolygon_by_number() {
    let zone = Zone {
        polygons: vec![
            Polygon {
                exterior: square_ring(CHELMSFORD, 1_000.0),
                holes: vec![],
            },
            Polygon {
                exterior: square_ring(CHELMSFORD.offset_m(5_000.0, 0.0), 5.0),
                holes: vec![],
            },
        ],
    };
    let e = validate(&zone, &Limits::default()).unwrap_err();
    only(&e, "too_small", "coordinates[1]");
}

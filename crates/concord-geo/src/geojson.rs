//! Reading zones from GeoJSON (RFC 7946) and writing them back.
//!
//! Accepted: a Polygon or MultiPolygon geometry, a Feature holding one, or a
//! FeatureCollection of such Features (what drawing tools such as the MoJ EM Mapmaker and
//! geojson.io export), merged into one zone. Anything else is reported, never guessed at.
//! Members other than `type`, `coordinates`, `geometry` and `features` (`properties`,
//! `bbox`, a legacy `crs`) are ignored, as is a third (altitude) number in a position.

use crate::error::{code, GeoError, GeoErrors, Problems};
use crate::model::{Limits, Point, Polygon, Zone};
use crate::ring::{describe_ring, lower, point_path, CleanRing};
use crate::validate::{check_zone, Part};
use serde_json::{json, Value};

/// Parse and fully validate a GeoJSON value as a zone, reporting every problem with its
/// JSON path (see [`crate::error::code`] for the codes).
///
/// Consecutive repeated positions (a double click in a drawing tool) are dropped from the
/// zone returned; everything else is kept as drawn, in either winding.
pub fn parse_geojson(value: &Value, limits: &Limits) -> Result<Zone, GeoErrors> {
    let mut problems = Problems::default();
    let mut parts: Vec<(Polygon, String)> = Vec::new();
    read_object(value, "", Expect::Anything, &mut parts, &mut problems);
    if parts.is_empty() && problems.is_empty() {
        problems.push(
            "",
            code::NOT_POLYGON,
            "There is no polygon in this GeoJSON: draw at least one zone.".to_string(),
        );
    }
    let checked: Vec<Part<'_>> = parts
        .iter()
        .map(|(polygon, path)| Part {
            polygon,
            path: path.clone(),
        })
        .collect();
    check_zone(&checked, limits, &mut problems);
    problems.into_result()?;
    let polygons = parts
        .into_iter()
        .map(|(polygon, _)| Polygon {
            exterior: CleanRing::new(&polygon.exterior).points,
            holes: polygon
                .holes
                .iter()
                .map(|h| CleanRing::new(h).points)
                .collect(),
        })
        .collect();
    Ok(Zone { polygons })
}

/// [`parse_geojson`] from text. Text that is not JSON at all is one `bad_json` problem
/// giving the line and column where reading stopped.
pub fn parse_geojson_str(text: &str, limits: &Limits) -> Result<Zone, GeoErrors> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => parse_geojson(&value, limits),
        Err(e) => {
            let what = match e.classify() {
                serde_json::error::Category::Eof => "the text stops before the GeoJSON is complete",
                serde_json::error::Category::Syntax => "a bracket, comma, quote or number is wrong",
                _ => "it cannot be read as JSON",
            };
            Err(GeoErrors(vec![GeoError {
                path: String::new(),
                code: code::BAD_JSON,
                message: format!(
                    "This is not a GeoJSON file: at line {}, column {}, {what}. Export the zone \
                     again from the drawing tool as GeoJSON.",
                    e.line(),
                    e.column()
                ),
            }]))
        }
    }
}

/// What may stand at a place in the document.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// The top level: a geometry, a Feature or a FeatureCollection.
    Anything,
    /// An entry of `features`: a Feature (a bare geometry is accepted too).
    Feature,
    /// A Feature's `geometry`.
    Geometry,
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_string()
    } else {
        format!("{path}.{member}")
    }
}

fn read_object(
    value: &Value,
    path: &str,
    expect: Expect,
    parts: &mut Vec<(Polygon, String)>,
    problems: &mut Problems,
) {
    let kind = value.get("type").and_then(Value::as_str);
    let here = if path.is_empty() { "The GeoJSON" } else { path };
    match kind {
        Some("Polygon") => read_polygon(value, &join(path, "coordinates"), parts, problems),
        Some("MultiPolygon") => {
            read_multipolygon(value, &join(path, "coordinates"), parts, problems);
        }
        Some("Feature") if expect != Expect::Geometry => match value.get("geometry") {
            Some(geometry) if !geometry.is_null() => {
                read_object(
                    geometry,
                    &join(path, "geometry"),
                    Expect::Geometry,
                    parts,
                    problems,
                );
            }
            _ => problems.push(
                join(path, "geometry"),
                code::NOT_POLYGON,
                format!("{here} is a Feature with no geometry: draw the zone's shape."),
            ),
        },
        Some("FeatureCollection") if expect == Expect::Anything => {
            let path = join(path, "features");
            match value.get("features").and_then(Value::as_array) {
                Some(features) => {
                    for (i, feature) in features.iter().enumerate() {
                        read_object(
                            feature,
                            &format!("{path}[{i}]"),
                            Expect::Feature,
                            parts,
                            problems,
                        );
                    }
                }
                None => problems.push(
                    path,
                    code::NOT_POLYGON,
                    format!("{here} is a FeatureCollection without a list of features."),
                ),
            }
        }
        Some(other @ ("Point" | "MultiPoint" | "LineString" | "MultiLineString")) => problems.push(
            path.to_string(),
            code::NOT_POLYGON,
            format!(
                "{here} is a {other}, which has no inside: a zone must be drawn as an area (a \
                 Polygon or MultiPolygon)."
            ),
        ),
        Some(other) => problems.push(
            path.to_string(),
            code::NOT_POLYGON,
            format!(
                "{here} is a {other}, but a zone must be a Polygon or MultiPolygon, a Feature \
                 holding one, or a FeatureCollection of such Features."
            ),
        ),
        None => problems.push(
            path.to_string(),
            code::NOT_POLYGON,
            format!(
                "{here} has no \"type\": a zone must be a GeoJSON Polygon or MultiPolygon, a \
                 Feature holding one, or a FeatureCollection of such Features."
            ),
        ),
    }
}

fn read_multipolygon(
    value: &Value,
    path: &str,
    parts: &mut Vec<(Polygon, String)>,
    problems: &mut Problems,
) {
    let Some(polygons) = value.get("coordinates").and_then(Value::as_array) else {
        let message = "A MultiPolygon's coordinates must be a list of polygons.".to_string();
        problems.push(path, code::NOT_POLYGON, message);
        return;
    };
    for (i, polygon) in polygons.iter().enumerate() {
        let polygon_path = format!("{path}[{i}]");
        match rings_of(polygon, &polygon_path, parts.len(), problems) {
            Some(polygon) => parts.push((polygon, polygon_path)),
            None => continue,
        }
    }
}

fn read_polygon(
    value: &Value,
    path: &str,
    parts: &mut Vec<(Polygon, String)>,
    problems: &mut Problems,
) {
    let coordinates = value.get("coordinates").unwrap_or(&Value::Null);
    if let Some(polygon) = rings_of(coordinates, path, parts.len(), problems) {
        parts.push((polygon, path.to_string()));
    }
}

/// A polygon's array of rings. `number` is the polygon's number in the zone, for messages.
fn rings_of(value: &Value, path: &str, number: usize, problems: &mut Problems) -> Option<Polygon> {
    let Some(rings) = value.as_array() else {
        let message = format!(
            "Polygon {number} must be a list of rings, each a list of [longitude, latitude] \
             points."
        );
        problems.push(path, code::NOT_POLYGON, message);
        return None;
    };
    if rings.is_empty() {
        let message = format!("Polygon {number} has no points: draw the zone's outline.");
        problems.push(path, code::TOO_FEW_POINTS, message);
        return None;
    }
    let mut read = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        // A ring that is a single position means the coordinates are one level too
        // shallow: a LineString's coordinates given as a Polygon's.
        let positions = ring
            .as_array()
            .filter(|positions| !positions.first().is_some_and(Value::is_number));
        let Some(positions) = positions else {
            let message = format!(
                "{} must be a list of [longitude, latitude] points. If the coordinates are a \
                 single list of points, they make a line, not an area: put them inside one \
                 more pair of brackets.",
                describe_ring(number, r)
            );
            problems.push(format!("{path}[{r}]"), code::NOT_POLYGON, message);
            return None;
        };
        let points = positions
            .iter()
            .enumerate()
            .map(|(v, position)| {
                read_position(position).unwrap_or_else(|| {
                    let message = format!(
                        "Point {v} of {} is not a pair of numbers: each point must be \
                         [longitude, latitude].",
                        lower(&describe_ring(number, r))
                    );
                    problems.push(point_path(path, r, v), code::BAD_COORDINATE, message);
                    // Keeps the numbering; the NaN is reported once, here (same path and code).
                    Point::new(f64::NAN, f64::NAN)
                })
            })
            .collect();
        read.push(points);
    }
    let mut rings = read.into_iter();
    Some(Polygon {
        exterior: rings.next().unwrap_or_default(),
        holes: rings.collect(),
    })
}

fn read_position(value: &Value) -> Option<Point> {
    match value.as_array()?.as_slice() {
        [lon, lat, ..] => Some(Point::new(lon.as_f64()?, lat.as_f64()?)),
        _ => None,
    }
}

impl Zone {
    /// The zone as a GeoJSON geometry: a Polygon when it has one polygon, else a
    /// MultiPolygon; positions `[lon, lat]`. Parsing it back gives the same zone.
    pub fn to_geojson(&self) -> Value {
        let polygon = |p: &Polygon| -> Value {
            Value::Array(
                p.rings()
                    .map(|ring| ring.iter().map(|pt| json!([pt.lon, pt.lat])).collect())
                    .collect(),
            )
        };
        match self.polygons.as_slice() {
            [only] => json!({ "type": "Polygon", "coordinates": polygon(only) }),
            many => json!({
                "type": "MultiPolygon",
                "coordinates": many.iter().map(polygon).collect::<Vec<_>>(),
            }),
        }
    }
}

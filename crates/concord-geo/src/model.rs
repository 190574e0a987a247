//! The shapes: points, polygons, zones, and the limits a zone must keep to.

use serde::{Deserialize, Serialize};

/// A WGS84 position in degrees, longitude first as in GeoJSON (`[lon, lat]`). Serialises as
/// `{"lon": .., "lat": ..}`; any two numbers make a `Point`, a zone checks them when used.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
}

impl Point {
    pub const fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }

    /// The same two numbers the other way round: what the point would be if whoever wrote it
    /// put latitude first, the commonest mistake with GeoJSON.
    pub(crate) fn swapped(self) -> Self {
        Self {
            lon: self.lat,
            lat: self.lon,
        }
    }
}

/// One area with optional holes. Each ring is closed (its first position repeated at the
/// end); either winding is accepted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Polygon {
    pub exterior: Vec<Point>,
    pub holes: Vec<Vec<Point>>,
}

impl Polygon {
    /// The exterior then the holes, numbered as GeoJSON numbers them (ring 0 is the exterior).
    pub(crate) fn rings(&self) -> impl Iterator<Item = &[Point]> {
        std::iter::once(self.exterior.as_slice()).chain(self.holes.iter().map(Vec::as_slice))
    }
}

/// A licence exclusion or inclusion zone: one or more polygons (a GeoJSON Polygon or
/// MultiPolygon). A point is in the zone when it is in any of the polygons.
///
/// The fields are public so that callers can build zones in code, but only a zone from
/// [`crate::parse_geojson`], [`crate::circle`] or one that passed [`crate::validate`] is
/// known to be sound; the measuring methods never panic on any zone, but give meaningless
/// answers for a zone that crosses itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Zone {
    pub polygons: Vec<Polygon>,
}

/// What a zone must keep to. The defaults suit licence zones in the United Kingdom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Smallest area of each polygon. A polygon of a few square metres is almost always a
    /// slip of the mouse, not a zone anyone could be told to keep out of.
    pub min_area_m2: f64,
    /// Largest area of the whole zone. Larger than a county, a zone stops being a
    /// proportionate restriction and is more likely a mistake in the drawing.
    pub max_area_m2: f64,
    /// Most vertices in the whole zone (closing positions not counted). It bounds the work
    /// of checking a zone and of testing every GPS fix against it.
    pub max_vertices: usize,
    /// South-west and north-east corners of the area every point must lie in.
    pub bounds: (Point, Point),
}

impl Default for Limits {
    /// 100 m² to 2,000 km², 10,000 vertices, and a box round Great Britain and Northern
    /// Ireland (longitude -8.7 to 1.9, latitude 49.8 to 60.9: Scilly to Shetland).
    fn default() -> Self {
        Self {
            min_area_m2: 100.0,
            max_area_m2: 2e9,
            max_vertices: 10_000,
            bounds: (Point::new(-8.7, 49.8), Point::new(1.9, 60.9)),
        }
    }
}

impl Limits {
    /// Whether the point lies within [`Limits::bounds`] (edges included).
    pub fn in_bounds(&self, p: Point) -> bool {
        let (sw, ne) = self.bounds;
        p.lon >= sw.lon && p.lon <= ne.lon && p.lat >= sw.lat && p.lat <= ne.lat
    }

    /// The bounds in words, for messages.
    pub(crate) fn describe_bounds(&self) -> String {
        let (sw, ne) = self.bounds;
        format!(
            "longitude {} to {}, latitude {} to {}",
            sw.lon, ne.lon, sw.lat, ne.lat
        )
    }
}

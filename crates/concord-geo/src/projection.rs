//! Metres from degrees: a local equirectangular projection, and great-circle length.
//!
//! Zones are small (metres to tens of kilometres), so a flat map centred on the zone is
//! accurate enough and far cheaper than a real map projection (see the crate docs for the
//! error bound). The projection is `x = R·Δlon·cos(lat0)`, `y = R·Δlat` on a sphere of the
//! mean Earth radius.

use crate::model::Point;

/// Mean radius of the Earth (IUGG), in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres per degree of latitude on the sphere.
const M_PER_DEG: f64 = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// A position on the local flat map, in metres east and north of its origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Xy {
    pub x: f64,
    pub y: f64,
}

/// A flat map in metres about one origin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalProjection {
    origin: Point,
    m_per_deg_lon: f64,
}

impl LocalProjection {
    pub(crate) fn about(origin: Point) -> Self {
        Self {
            origin,
            m_per_deg_lon: M_PER_DEG * origin.lat.to_radians().cos(),
        }
    }

    /// Centred on the middle of the ring's bounding box: near enough the centroid for the
    /// error bound, and cheap and stable even for rings that cross themselves.
    pub(crate) fn for_ring(ring: &[Point]) -> Self {
        let mut sw = Point::new(f64::INFINITY, f64::INFINITY);
        let mut ne = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in ring {
            sw = Point::new(sw.lon.min(p.lon), sw.lat.min(p.lat));
            ne = Point::new(ne.lon.max(p.lon), ne.lat.max(p.lat));
        }
        let centre = if sw.lon <= ne.lon && sw.lat <= ne.lat {
            Point::new((sw.lon + ne.lon) / 2.0, (sw.lat + ne.lat) / 2.0)
        } else {
            Point::new(0.0, 0.0)
        };
        Self::about(centre)
    }

    /// The map's origin and its metres per degree of longitude: what a grid cut in
    /// degrees needs to be laid on the map (`fence::subjects`).
    pub(crate) fn origin(self) -> Point {
        self.origin
    }

    pub(crate) fn m_per_deg_lon(self) -> f64 {
        self.m_per_deg_lon
    }

    pub(crate) fn m_per_deg_lat() -> f64 {
        M_PER_DEG
    }

    pub(crate) fn to_xy(self, p: Point) -> Xy {
        Xy {
            x: (p.lon - self.origin.lon) * self.m_per_deg_lon,
            y: (p.lat - self.origin.lat) * M_PER_DEG,
        }
    }

    pub(crate) fn to_point(self, xy: Xy) -> Point {
        Point::new(
            self.origin.lon + xy.x / self.m_per_deg_lon,
            self.origin.lat + xy.y / M_PER_DEG,
        )
    }
}

/// Great-circle distance in metres (haversine on the same sphere). Used for the final length
/// of a distance, so that a point far from a zone is still measured well: the flat map is
/// only trusted near its origin.
pub(crate) fn great_circle_m(a: Point, b: Point) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    // Rounding can push h a hair past 1 for antipodal points; asin would then give NaN.
    2.0 * EARTH_RADIUS_M * h.clamp(0.0, 1.0).sqrt().asin()
}

impl Point {
    /// Metres to another point along the great circle (how far a proposed address is
    /// from a victim's home).
    pub fn distance_m(self, other: Point) -> f64 {
        great_circle_m(self, other)
    }

    /// The point `east_m` metres east and `north_m` metres north of this one, on the same
    /// local flat map that measures zones. Handy for building test positions and for
    /// describing "500 m north of the address".
    pub fn offset_m(self, east_m: f64, north_m: f64) -> Point {
        LocalProjection::about(self).to_point(Xy {
            x: east_m,
            y: north_m,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHELMSFORD: Point = Point::new(0.47, 51.73);

    #[test]
    fn an_offset_comes_back_as_the_same_metres() {
        let p = CHELMSFORD.offset_m(300.0, -400.0);
        let xy = LocalProjection::about(CHELMSFORD).to_xy(p);
        assert!((xy.x - 300.0).abs() < 1e-6);
        assert!((xy.y + 400.0).abs() < 1e-6);
    }

    #[test]
    fn flat_map_and_great_circle_agree_near_the_origin() {
        let p = CHELMSFORD.offset_m(3_000.0, 4_000.0);
        let d = great_circle_m(CHELMSFORD, p);
        assert!((d - 5_000.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = great_circle_m(Point::new(0.0, 51.0), Point::new(0.0, 52.0));
        assert!((d - 111_195.0).abs() < 1.0, "{d}");
    }

    #[test]
    fn an_empty_ring_projects_about_the_origin_without_panicking() {
        let proj = LocalProjection::for_ring(&[]);
        let xy = proj.to_xy(Point::new(0.0, 0.0));
        assert_eq!(xy, Xy { x: 0.0, y: 0.0 });
    }
}

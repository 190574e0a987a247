//! A zone prepared for a stream of GPS fixes: projected once to metres, its edges sorted
//! into horizontal bands so that a fix is tested against the few edges of its own band
//! rather than every edge of the outline (a 10,000-vertex zone costs a band's worth, not
//! 10,000 edge tests), and its bounding box checked first so that most fixes, far from
//! most zones, cost four comparisons.
//!
//! A fix is [`Presence::Inside`], [`Presence::Outside`] or, when the boundary is within
//! the fix's accuracy radius, [`Presence::Uncertain`]: the device could be on either side,
//! and the monitor neither starts nor ends a breach on such a fix.

use serde::{Deserialize, Serialize};

use super::raster::{CellGrid, Raster, Verdict};
use crate::measure::BOUNDARY_TOLERANCE_M;
use crate::model::{Point, Zone};
use crate::predicates::edges;
use crate::projection::{LocalProjection, Xy};

/// Where a fix is relative to a zone, given how accurate it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Presence {
    Inside,
    Outside,
    /// The boundary is within the fix's accuracy radius.
    Uncertain,
}

/// One polygon of a zone (exterior and holes), banded.
#[derive(Debug, Clone)]
struct Banded {
    /// Edges in metres: (ax, ay, bx, by).
    edges: Vec<[f64; 4]>,
    y0: f64,
    /// Bands per metre (1 / the band height): a multiplication per lookup, not a division.
    per_metre: f64,
    /// For each band, the range of `members` holding the edges that reach into it.
    bands: Vec<(u32, u32)>,
    members: Vec<u32>,
}

/// The shape a zone is prepared from: an outline, or a circle kept exact (a curfew address
/// with a radius, "within 500 m of").
#[derive(Debug, Clone)]
enum Shape {
    /// The polygons, and their picture that decides fixes away from the boundary.
    Polygons(Vec<Banded>, Raster),
    Circle {
        radius_m: f64,
    },
}

#[derive(Debug, Clone)]
pub struct PreparedZone {
    proj: LocalProjection,
    /// The box round the shape in metres: (min x, min y, max x, max y).
    bbox: [f64; 4],
    /// The same box in degrees, for grids of many zones.
    bbox_deg: (Point, Point),
    shape: Shape,
}

impl PreparedZone {
    /// Prepare a zone's polygons.
    pub fn from_zone(zone: &Zone) -> Self {
        let (sw, ne) = zone.bbox();
        let centre = if sw.lon <= ne.lon && sw.lat <= ne.lat {
            Point::new((sw.lon + ne.lon) / 2.0, (sw.lat + ne.lat) / 2.0)
        } else {
            Point::new(0.0, 0.0)
        };
        let proj = LocalProjection::about(centre);
        let parts: Vec<Banded> = zone
            .polygons
            .iter()
            .map(|polygon| {
                let e: Vec<[f64; 4]> = polygon
                    .rings()
                    .flat_map(edges)
                    .map(|(a, b)| {
                        let (a, b) = (proj.to_xy(a), proj.to_xy(b));
                        [a.x, a.y, b.x, b.y]
                    })
                    .collect();
                band(e)
            })
            .collect();
        let (a, b) = (proj.to_xy(sw), proj.to_xy(ne));
        let bbox = [a.x, a.y, b.x, b.y];
        let all: Vec<[f64; 4]> = parts.iter().flat_map(|b| b.edges.iter().copied()).collect();
        let raster = Raster::new(&all, bbox, |q| parts.iter().any(|b| b.inside(q)));
        PreparedZone {
            proj,
            bbox,
            bbox_deg: (sw, ne),
            shape: Shape::Polygons(parts, raster),
        }
    }

    /// A circle of `radius_m` metres about `centre`, tested exactly (no polygon).
    pub fn circle(centre: Point, radius_m: f64) -> Self {
        let proj = LocalProjection::about(centre);
        let r = radius_m.max(0.0);
        PreparedZone {
            proj,
            bbox: [-r, -r, r, r],
            bbox_deg: (centre.offset_m(-r, -r), centre.offset_m(r, r)),
            shape: Shape::Circle { radius_m: r },
        }
    }

    /// South-west and north-east corners in degrees.
    pub fn bbox(&self) -> (Point, Point) {
        self.bbox_deg
    }

    /// Where `p` is, given an accuracy radius of `accuracy_m` metres (0 for exact). On
    /// the boundary (within [`BOUNDARY_TOLERANCE_M`]) is inside, as [`Zone::contains`]
    /// has it.
    #[inline]
    pub fn presence(&self, p: Point, accuracy_m: f64) -> Presence {
        let q = self.proj.to_xy(p);
        let reach = accuracy_m.max(0.0) + BOUNDARY_TOLERANCE_M;
        let [x0, y0, x1, y1] = self.bbox;
        if q.x < x0 - reach || q.x > x1 + reach || q.y < y0 - reach || q.y > y1 + reach {
            return Presence::Outside;
        }
        if let Shape::Polygons(_, raster) = &self.shape {
            match raster.verdict(q, accuracy_m) {
                Verdict::Inside => return Presence::Inside,
                Verdict::Outside => return Presence::Outside,
                Verdict::Ask => {}
            }
        }
        self.presence_by_edges(q, accuracy_m, reach)
    }

    /// The box in degrees beyond which no fix is within `reach_m` metres of the zone.
    pub(super) fn box_reaching(&self, reach_m: f64) -> [f64; 4] {
        let (sw, ne) = self.bbox_deg;
        let lon = reach_m / self.proj.m_per_deg_lon();
        let lat = reach_m / LocalProjection::m_per_deg_lat();
        [sw.lon - lon, sw.lat - lat, ne.lon + lon, ne.lat + lat]
    }

    /// The cells of `grid` (cut in degrees) that the zone's box, widened by the
    /// tolerance and `margin_m`, comes near, each given to `visit` with its column and
    /// row: `None` where the boundary comes within the tolerance and the margin of it (or,
    /// for a circle, where its box does), otherwise whether the whole cell is inside. Every
    /// other cell is wholly outside. So a fix with an accuracy radius up to `margin_m` in a
    /// cell given `Some` has that answer from [`PreparedZone::presence`]. A subject's
    /// picture (`subjects.rs`, margin 0) and a grid's (`grid_picture.rs`) are made of these.
    pub(super) fn cells_on(
        &self,
        grid: &DegreeGrid,
        margin_m: f64,
        mut visit: impl FnMut(usize, usize, Option<bool>),
    ) {
        // Beyond the tolerance, a margin for the rounding of degrees to cells and metres
        // (a million times larger than that rounding), so that a fix rounded into a
        // neighbouring cell is still clear of the boundary.
        let reach = BOUNDARY_TOLERANCE_M + margin_m.max(0.0) + 1e-6;
        // Only the cells about the zone's box, and one more on each side for rounding.
        let [w, s, e, n] = self.box_reaching(reach);
        let span = |lo: f64, hi: f64, origin: f64, size: f64, count: usize| {
            let first = ((lo - origin) / size - 1.0).max(0.0);
            let last = ((hi - origin) / size + 2.0).max(0.0);
            // A box that is not one (an empty zone, NaN) spans nothing.
            if first.partial_cmp(&last) != Some(std::cmp::Ordering::Less) {
                return (0, 0);
            }
            ((first as usize).min(count), (last as usize).min(count))
        };
        let (c0, c1) = span(w, e, grid.west, grid.cell_lon, grid.cols);
        let (r0, r1) = span(s, n, grid.south, grid.cell_lat, grid.rows);
        if c0 >= c1 || r0 >= r1 {
            return;
        }
        let o = self.proj.origin();
        let k = self.proj.m_per_deg_lon();
        let m = LocalProjection::m_per_deg_lat();
        let window = CellGrid {
            x0: (grid.west - o.lon) * k + c0 as f64 * grid.cell_lon * k,
            y0: (grid.south - o.lat) * m + r0 as f64 * grid.cell_lat * m,
            width: grid.cell_lon * k,
            height: grid.cell_lat * m,
            cols: c1 - c0,
            rows: r1 - r0,
        };
        let [x0, y0, x1, y1] = self.bbox;
        match &self.shape {
            Shape::Polygons(parts, _) => {
                let all: Vec<[f64; 4]> =
                    parts.iter().flat_map(|b| b.edges.iter().copied()).collect();
                let raster = Raster::boundary(&all, window, reach);
                // Insides a row at a time: the row's crossings sorted once, then its
                // cells' centres swept across them (each cell's answer is the crossing
                // count `Banded::inside` makes, from the same crossings).
                let mut xs = vec![];
                let mut inside = vec![false; window.cols];
                for r in 0..window.rows {
                    let y = window.y0 + (r as f64 + 0.5) * window.height;
                    inside.fill(false);
                    for part in parts {
                        xs.clear();
                        part.crossings(y, &mut xs);
                        xs.sort_by(f64::total_cmp);
                        let mut k = 0;
                        for (c, cell) in inside.iter_mut().enumerate() {
                            let x = window.x0 + (c as f64 + 0.5) * window.width;
                            while k < xs.len() && xs[k] <= x {
                                k += 1;
                            }
                            *cell |= (xs.len() - k) % 2 == 1;
                        }
                    }
                    for (c, cell) in inside.iter().enumerate() {
                        visit(c0 + c, r0 + r, (!raster.is_marked(c, r)).then_some(*cell));
                    }
                }
            }
            // A circle's cells are left to the exact test wherever its box (widened by
            // the reach) meets them: circles are few (curfew addresses).
            Shape::Circle { .. } => {
                for r in 0..window.rows {
                    for c in 0..window.cols {
                        let cx = window.x0 + c as f64 * window.width;
                        let cy = window.y0 + r as f64 * window.height;
                        let apart = cx + window.width < x0 - reach
                            || cx > x1 + reach
                            || cy + window.height < y0 - reach
                            || cy > y1 + reach;
                        visit(c0 + c, r0 + r, apart.then_some(false));
                    }
                }
            }
        }
    }

    /// The answer from the edges alone, for the tests that hold the picture to it.
    #[cfg(test)]
    pub(super) fn presence_without_picture(&self, p: Point, accuracy_m: f64) -> Presence {
        let reach = accuracy_m.max(0.0) + BOUNDARY_TOLERANCE_M;
        self.presence_by_edges(self.proj.to_xy(p), accuracy_m, reach)
    }

    /// The exact answer from the edges (or the circle), for fixes the picture leaves open.
    #[inline(never)]
    fn presence_by_edges(&self, q: Xy, accuracy_m: f64, reach: f64) -> Presence {
        let (inside, distance) = match &self.shape {
            Shape::Circle { radius_m } => {
                let d = (q.x * q.x + q.y * q.y).sqrt();
                (d <= *radius_m, (d - radius_m).abs())
            }
            Shape::Polygons(parts, _) => {
                let inside = parts.iter().any(|b| b.inside(q));
                let distance = parts
                    .iter()
                    .map(|b| b.distance_within(q, reach))
                    .fold(f64::INFINITY, f64::min);
                (inside, distance)
            }
        };
        if distance <= BOUNDARY_TOLERANCE_M {
            Presence::Inside
        } else if distance <= accuracy_m {
            Presence::Uncertain
        } else if inside {
            Presence::Inside
        } else {
            Presence::Outside
        }
    }
}

/// Where the edge crosses the height `y`, if it does (half-open at its ends, so that a
/// ray through a vertex counts the two edges meeting there once between them).
#[inline]
fn crossing(&[ax, ay, bx, by]: &[f64; 4], y: f64) -> Option<f64> {
    ((ay > y) != (by > y)).then(|| ax + (y - ay) * (bx - ax) / (by - ay))
}

/// A grid cut in degrees: its south-west corner, its cells' size, how many.
#[derive(Debug, Clone, Copy)]
pub(super) struct DegreeGrid {
    pub west: f64,
    pub south: f64,
    pub cell_lon: f64,
    pub cell_lat: f64,
    pub cols: usize,
    pub rows: usize,
}

/// Sort edges into bands about two edges high on average (at most 4,096 bands).
fn band(edges: Vec<[f64; 4]>) -> Banded {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for e in &edges {
        lo = lo.min(e[1].min(e[3]));
        hi = hi.max(e[1].max(e[3]));
    }
    let count = (edges.len() / 2).clamp(1, 4096);
    let height = if hi > lo {
        (hi - lo) / count as f64
    } else {
        1.0
    };
    let y0 = if lo.is_finite() { lo } else { 0.0 };
    let index = |y: f64| (((y - y0) / height).floor().max(0.0) as usize).min(count - 1);
    let mut lists: Vec<Vec<u32>> = vec![vec![]; count];
    for (i, e) in edges.iter().enumerate() {
        for list in &mut lists[index(e[1].min(e[3]))..=index(e[1].max(e[3]))] {
            list.push(i as u32);
        }
    }
    let (bands, members) = flatten(lists);
    Banded {
        edges,
        y0,
        bands,
        members,
        per_metre: 1.0 / height,
    }
}

/// Buckets (bands, grid cells) as one list of members and each bucket's range in it: one
/// allocation to read instead of one per bucket.
pub(super) fn flatten(lists: Vec<Vec<u32>>) -> (Vec<(u32, u32)>, Vec<u32>) {
    let mut members = vec![];
    let ranges = lists
        .into_iter()
        .map(|l| {
            let start = members.len() as u32;
            members.extend(l);
            (start, members.len() as u32)
        })
        .collect();
    (ranges, members)
}

impl Banded {
    fn band_of(&self, y: f64) -> Option<usize> {
        // Truncation is the floor for the non-negative; `floor` itself is a library call
        // on the baseline x86-64 target.
        let i = (y - self.y0) * self.per_metre;
        (i >= 0.0 && (i as usize) < self.bands.len()).then_some(i as usize)
    }

    fn band_edges(&self, band: usize) -> impl Iterator<Item = &[f64; 4]> {
        let (s, e) = self.bands[band];
        self.members[s as usize..e as usize]
            .iter()
            .map(|i| &self.edges[*i as usize])
    }

    /// Even–odd crossing count along a ray to the east, over the edges of the fix's band
    /// (every edge that crosses the fix's height reaches into that band).
    fn inside(&self, q: Xy) -> bool {
        let Some(band) = self.band_of(q.y) else {
            return false;
        };
        let mut inside = false;
        for e in self.band_edges(band) {
            if crossing(e, q.y).is_some_and(|x| q.x < x) {
                inside = !inside;
            }
        }
        inside
    }

    /// Where the edges cross the height `y` (those of its band: every edge that does).
    fn crossings(&self, y: f64, out: &mut Vec<f64>) {
        if let Some(band) = self.band_of(y) {
            out.extend(self.band_edges(band).filter_map(|e| crossing(e, y)));
        }
    }

    /// Distance to the nearest edge if it is within `reach` metres, else infinity: only the
    /// bands within reach are read.
    fn distance_within(&self, q: Xy, reach: f64) -> f64 {
        if self.bands.is_empty() {
            return f64::INFINITY;
        }
        let last = self.bands.len() - 1;
        let first_band = (((q.y - reach - self.y0) * self.per_metre).max(0.0) as usize).min(last);
        let last_band = (((q.y + reach - self.y0) * self.per_metre).max(0.0) as usize).min(last);
        if q.y + reach < self.y0 {
            return f64::INFINITY;
        }
        let mut best = f64::INFINITY;
        for band in first_band..=last_band {
            for [ax, ay, bx, by] in self.band_edges(band) {
                if q.x < ax.min(*bx) - reach || q.x > ax.max(*bx) + reach {
                    continue;
                }
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 {
                    (((q.x - ax) * dx + (q.y - ay) * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (ex, ey) = (ax + t * dx - q.x, ay + t * dy - q.y);
                best = best.min(ex * ex + ey * ey);
            }
        }
        // Squares compared, one root taken: `hypot` is a library call per edge.
        best.sqrt()
    }
}

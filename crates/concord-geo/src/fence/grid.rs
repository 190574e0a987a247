//! Many zones at once ("whose zone is this fix in?", "who entered this school's zone?"):
//! a uniform grid over the zones' bounding boxes, each cell listing the zones whose box
//! reaches into it. A fix reads one cell's list, checks each zone's box, and asks only
//! those it falls in — so a fix among 10,000 zones is tested against a handful.
//!
//! In front of it, for fixes accurate to [`PICTURE_MARGIN_M`] or better (most), a picture of
//! all the zones on cells a sixteenth the size (`grid_picture.rs`) that answers most fixes
//! with one read.

use super::grid_picture::GridPicture;
use super::prepared::{flatten, PreparedZone, Presence};
use crate::model::Point;

/// The accuracy radius up to which the fine picture answers: a monitoring tag's fix is
/// usually within 5 to 10 metres; a wider margin would leave more cells to ask.
pub const PICTURE_MARGIN_M: f64 = 10.0;

pub struct ZoneGrid {
    zones: Vec<PreparedZone>,
    picture: Option<GridPicture>,
    /// South-west corner of the grid, in degrees.
    lon0: f64,
    lat0: f64,
    /// Cells per degree (1 / the cell size).
    per_deg: f64,
    cols: usize,
    rows: usize,
    /// For each cell, the range of `members` holding its zones.
    cells: Vec<(u32, u32)>,
    members: Vec<u32>,
    /// Each zone's box in degrees (west, south, east, north), side by side: a fix is
    /// tested against the boxes of its cell's zones without touching the zones
    /// themselves, which lie scattered in memory.
    boxes: Vec<[f64; 4]>,
}

impl ZoneGrid {
    /// Index `zones` with square cells of `cell_deg` degrees (0.01° is about 1.1 km north
    /// to south; cells should be about the size of a typical zone). At most about four
    /// million cells: a larger grid uses bigger cells.
    pub fn new(zones: Vec<PreparedZone>, cell_deg: f64) -> Self {
        let (mut sw, mut ne) = (
            Point::new(f64::INFINITY, f64::INFINITY),
            Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
        );
        for z in &zones {
            let (a, b) = z.bbox();
            sw = Point::new(sw.lon.min(a.lon), sw.lat.min(a.lat));
            ne = Point::new(ne.lon.max(b.lon), ne.lat.max(b.lat));
        }
        if zones.is_empty() {
            sw = Point::new(0.0, 0.0);
            ne = sw;
        }
        let mut cell = if cell_deg.is_finite() && cell_deg > 0.0 {
            cell_deg
        } else {
            0.01
        };
        let span = |c: f64| {
            (
                ((ne.lon - sw.lon) / c).floor() as usize + 1,
                ((ne.lat - sw.lat) / c).floor() as usize + 1,
            )
        };
        while span(cell).0.saturating_mul(span(cell).1) > 4_000_000 {
            cell *= 2.0;
        }
        let (cols, rows) = span(cell);
        let mut lists: Vec<Vec<u32>> = vec![vec![]; cols * rows];
        let col = |lon: f64| (((lon - sw.lon) / cell).floor().max(0.0) as usize).min(cols - 1);
        let row = |lat: f64| (((lat - sw.lat) / cell).floor().max(0.0) as usize).min(rows - 1);
        for (i, z) in zones.iter().enumerate() {
            let (a, b) = z.bbox();
            for r in row(a.lat)..=row(b.lat) {
                for c in col(a.lon)..=col(b.lon) {
                    lists[r * cols + c].push(i as u32);
                }
            }
        }
        let (cells, members) = flatten(lists);
        let boxes = zones
            .iter()
            .map(|z| {
                let (a, b) = z.bbox();
                [a.lon, a.lat, b.lon, b.lat]
            })
            .collect();
        let picture = GridPicture::new(&zones, cell / 16.0, PICTURE_MARGIN_M);
        ZoneGrid {
            boxes,
            picture,
            zones,
            lon0: sw.lon,
            lat0: sw.lat,
            per_deg: 1.0 / cell,
            cols,
            rows,
            cells,
            members,
        }
    }

    pub fn zones(&self) -> &[PreparedZone] {
        &self.zones
    }

    /// How many zones hold each exact position of `fixes` (each zone's
    /// [`Presence::Inside`] at accuracy 0; on the boundary, within the tolerance, is in),
    /// at most 255: `out[i]` for `fixes[i]`. A batch goes through the fine picture in
    /// steps that overlap their reads from memory; the answers are those of
    /// [`ZoneGrid::containing`].
    ///
    /// # Panics
    ///
    /// If `out` is not as long as `fixes`.
    pub fn count_inside_many(&self, fixes: &[Point], out: &mut [u8]) {
        assert_eq!(fixes.len(), out.len(), "one count for each fix");
        if let Some(picture) = &self.picture {
            picture.count_inside_many(&self.zones, fixes, out);
            return;
        }
        let mut found = vec![];
        for (p, n) in fixes.iter().zip(out.iter_mut()) {
            self.containing(*p, 0.0, &mut found);
            *n = found
                .iter()
                .filter(|(_, pr)| *pr == Presence::Inside)
                .count()
                .min(255) as u8;
        }
    }

    /// The zones `p` is inside or may be inside (uncertain within `accuracy_m`), by their
    /// index in the list given to [`ZoneGrid::new`], in order.
    pub fn containing(&self, p: Point, accuracy_m: f64, out: &mut Vec<(u32, Presence)>) {
        out.clear();
        if let Some(picture) = self.picture.as_ref().filter(|p| p.answers(accuracy_m)) {
            picture.containing(&self.zones, p, accuracy_m, out);
            return;
        }
        // A fix within its accuracy of a zone may sit in the next cell: read the cells the
        // accuracy circle reaches (in degrees, generously: 1° of longitude is over 50 km in
        // the United Kingdom).
        let reach = (accuracy_m.max(0.0) + 1.0) / 50_000.0;
        let c0 = (p.lon - reach - self.lon0) * self.per_deg;
        let c1 = (p.lon + reach - self.lon0) * self.per_deg;
        let r0 = (p.lat - reach - self.lat0) * self.per_deg;
        let r1 = (p.lat + reach - self.lat0) * self.per_deg;
        // A negation, so that NaN (a point that is not one) returns here too.
        if !(c1 >= 0.0 && r1 >= 0.0 && c0 < self.cols as f64 && r0 < self.rows as f64) {
            return;
        }
        // Truncation is the floor for the non-negative (and `floor` a library call).
        let clamp = |v: f64, n: usize| (v.max(0.0) as usize).min(n - 1);
        let (c0, c1, r0, r1) = (
            clamp(c0, self.cols),
            clamp(c1, self.cols),
            clamp(r0, self.rows),
            clamp(r1, self.rows),
        );
        // A zone listed in two of the cells read is asked once.
        let several = c0 != c1 || r0 != r1;
        for r in r0..=r1 {
            for c in c0..=c1 {
                let (s, e) = self.cells[r * self.cols + c];
                for &i in &self.members[s as usize..e as usize] {
                    let b = &self.boxes[i as usize];
                    if p.lon < b[0] - reach
                        || p.lon > b[2] + reach
                        || p.lat < b[1] - reach
                        || p.lat > b[3] + reach
                        || several && out.iter().any(|(j, _)| *j == i)
                    {
                        continue;
                    }
                    match self.zones[i as usize].presence(p, accuracy_m) {
                        Presence::Outside => {}
                        found => out.push((i, found)),
                    }
                }
            }
        }
        out.sort_by_key(|(i, _)| *i);
    }
}

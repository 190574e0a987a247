//! The fine level of a [`ZoneGrid`](super::ZoneGrid): every zone drawn together on one
//! grid of small cells cut in degrees, each cell saying which zones hold it wholly and
//! which zones' boundaries come near it. Most fixes among thousands of zones are then
//! answered by one read: outside every zone, or well inside one. Only a fix in a cell a
//! boundary comes near asks that zone ([`PreparedZone::presence`]).
//!
//! Why: a fix at a random place among 10,000 zones costs, through the coarse cells, a
//! fetch of its cell's list, of each candidate zone and of that zone's own picture — each
//! a wait on memory, since the zones lie scattered. One four-byte cell is one wait.
//!
//! A cell holds one `u32`: 0 for no zone; otherwise its top two bits say what the rest
//! is — one zone holding the cell wholly, one zone to ask, or where in `lists` the cell's
//! several zones are (its count, then each zone with [`INSIDE`] set where it holds the
//! cell wholly). The cells are marked with a margin beyond the tolerance
//! ([`PreparedZone::cells_on`]), so the answers hold for fixes with an accuracy radius up
//! to that margin; the grid asks the coarse level for less accurate fixes.

use super::prepared::{DegreeGrid, PreparedZone, Presence};
use crate::measure::BOUNDARY_TOLERANCE_M;
use crate::model::Point;

/// The most cells the picture has, and how many per zone it aims at: memory in proportion
/// to the zones, and at most 16 MB.
const MAX_CELLS: usize = 4 << 20;
const CELLS_PER_ZONE: usize = 4096;
/// The most zones a picture can number (the top two bits of a cell are its kind).
const MAX_ZONES: usize = 1 << 30;
const INDEX: u32 = (1 << 30) - 1;
const ONE_INSIDE: u32 = 1 << 30;
const ONE_ASK: u32 = 2 << 30;
const SEVERAL: u32 = 3 << 30;
/// In `lists`, a zone that holds the cell wholly.
const INSIDE: u32 = 1 << 31;

#[derive(Debug, Clone)]
pub(super) struct GridPicture {
    west: f64,
    south: f64,
    per_lon: f64,
    per_lat: f64,
    cols: usize,
    rows: usize,
    /// The accuracy radius, in metres, up to which the cells' answers hold.
    margin_m: f64,
    cells: Vec<u32>,
    lists: Vec<u32>,
}

impl GridPicture {
    /// Draw `zones` on cells of about `cell_deg` degrees (larger where that would make too
    /// many), good for fixes up to `margin_m` metres accurate. `None` when there are no
    /// zones to draw, or more than a cell can number.
    pub(super) fn new(zones: &[PreparedZone], cell_deg: f64, margin_m: f64) -> Option<Self> {
        if zones.is_empty() || zones.len() >= MAX_ZONES || cell_deg.is_nan() || cell_deg <= 0.0 {
            return None;
        }
        // Beyond this box no fix within the margin is near any zone (twice the reach, to
        // stay clear of rounding): a fix outside it is in none.
        let reach = 2.0 * (BOUNDARY_TOLERANCE_M + margin_m);
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for z in zones {
            let [w, s, e, n] = z.box_reaching(reach);
            b = [b[0].min(w), b[1].min(s), b[2].max(e), b[3].max(n)];
        }
        let [west, south, east, north] = b;
        if !(west < east && south < north && (east - west + north - south).is_finite()) {
            return None;
        }
        let budget = MAX_CELLS.min(zones.len().saturating_mul(CELLS_PER_ZONE));
        let mut cell = cell_deg;
        let span = |c: f64| {
            (
                ((east - west) / c).ceil() as usize,
                ((north - south) / c).ceil() as usize,
            )
        };
        while span(cell).0.saturating_mul(span(cell).1) > budget {
            cell *= 2.0;
        }
        let (cols, rows) = span(cell);
        let grid = DegreeGrid {
            west,
            south,
            cell_lon: cell,
            cell_lat: cell,
            cols,
            rows,
        };
        // Every (cell, zone) the zones come near, then counted into place cell by cell,
        // each cell's zones kept in the zones' order.
        let mut marks: Vec<(u32, u32)> = vec![];
        for (i, z) in zones.iter().enumerate() {
            z.cells_on(&grid, margin_m, |c, r, state| {
                let entry = match state {
                    Some(false) => return,
                    Some(true) => i as u32 | INSIDE,
                    None => i as u32,
                };
                marks.push(((r * cols + c) as u32, entry));
            });
        }
        let mut start = vec![0u32; cols * rows + 1];
        for (c, _) in &marks {
            start[*c as usize + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut placed = vec![0u32; marks.len()];
        let mut next = start.clone();
        for (c, entry) in marks {
            placed[next[c as usize] as usize] = entry;
            next[c as usize] += 1;
        }
        // One cell more, always empty: where a fix off the picture is looked up, so that a
        // batch's lookups need no branch.
        let mut cells = vec![0u32; cols * rows + 1];
        let mut lists = vec![];
        for (k, cell) in cells[..cols * rows].iter_mut().enumerate() {
            let mine = &placed[start[k] as usize..start[k + 1] as usize];
            *cell = match mine {
                [] => 0,
                [one] if one & INSIDE != 0 => ONE_INSIDE | (one & INDEX),
                [one] => ONE_ASK | one,
                several => {
                    let at = lists.len() as u32;
                    lists.push(several.len() as u32);
                    lists.extend_from_slice(several);
                    SEVERAL | at
                }
            };
        }
        Some(GridPicture {
            west,
            south,
            per_lon: 1.0 / cell,
            per_lat: 1.0 / cell,
            cols,
            rows,
            margin_m,
            cells,
            lists,
        })
    }

    /// How many zones hold each exact position of `fixes` (each zone's
    /// [`Presence::Inside`] at accuracy 0), at most 255: `out[i]` for `fixes[i]`.
    ///
    /// In steps of a few hundred fixes: first every fix's cell, then every cell read in a
    /// loop of nothing else — reads that do not wait for each other, so the processor keeps
    /// many in flight where a fix at a time keeps one — then each answer.
    pub(super) fn count_inside_many(
        &self,
        zones: &[PreparedZone],
        fixes: &[Point],
        out: &mut [u8],
    ) {
        const BATCH: usize = 256;
        let off = (self.cols * self.rows) as u32;
        let mut index = [0u32; BATCH];
        let mut value = [0u32; BATCH];
        for (fixes, out) in fixes.chunks(BATCH).zip(out.chunks_mut(BATCH)) {
            for (i, p) in fixes.iter().enumerate() {
                let (fx, fy) = (
                    (p.lon - self.west) * self.per_lon,
                    (p.lat - self.south) * self.per_lat,
                );
                // Truncation saturates, and NaN becomes 0: the comparisons send a fix off
                // the picture (or not a point) to the empty cell.
                let (c, r) = (fx as u32, fy as u32);
                let within = (fx >= 0.0)
                    & (fy >= 0.0)
                    & ((c as usize) < self.cols)
                    & ((r as usize) < self.rows);
                index[i] = if within {
                    r * self.cols as u32 + c
                } else {
                    off
                };
            }
            for i in 0..fixes.len() {
                value[i] = self.cells[index[i] as usize];
            }
            for (i, p) in fixes.iter().enumerate() {
                let cell = value[i];
                let inside = |z: u32| zones[z as usize].presence(*p, 0.0) == Presence::Inside;
                out[i] = match cell & !INDEX {
                    0 => 0,
                    ONE_INSIDE => 1,
                    ONE_ASK => u8::from(inside(cell & INDEX)),
                    _ => {
                        let at = (cell & INDEX) as usize;
                        let n = self.lists[at] as usize;
                        let held = self.lists[at + 1..at + 1 + n]
                            .iter()
                            .filter(|e| **e & INSIDE != 0 || inside(**e))
                            .count();
                        held.min(255) as u8
                    }
                };
            }
        }
    }

    /// Whether the picture answers for a fix this accurate.
    #[inline]
    pub(super) fn answers(&self, accuracy_m: f64) -> bool {
        accuracy_m <= self.margin_m
    }

    /// The zones `p` is inside or may be inside, as [`ZoneGrid::containing`] gives them
    /// (`accuracy_m` no more than the margin: see [`GridPicture::answers`]).
    ///
    /// [`ZoneGrid::containing`]: super::ZoneGrid::containing
    #[inline]
    pub(super) fn containing(
        &self,
        zones: &[PreparedZone],
        p: Point,
        accuracy_m: f64,
        out: &mut Vec<(u32, Presence)>,
    ) {
        let (fx, fy) = (
            (p.lon - self.west) * self.per_lon,
            (p.lat - self.south) * self.per_lat,
        );
        // A negation, so that NaN (a point that is not one) returns here too; truncation
        // is the floor for the non-negative.
        if !(fx >= 0.0 && fy >= 0.0) {
            return;
        }
        let (c, r) = (fx as usize, fy as usize);
        if c >= self.cols || r >= self.rows {
            return;
        }
        let cell = self.cells[r * self.cols + c];
        let ask = |i: u32, out: &mut Vec<(u32, Presence)>| match zones[i as usize]
            .presence(p, accuracy_m)
        {
            Presence::Outside => {}
            found => out.push((i, found)),
        };
        match cell & !INDEX {
            0 => {}
            ONE_INSIDE => out.push((cell & INDEX, Presence::Inside)),
            ONE_ASK => ask(cell & INDEX, out),
            _ => {
                let at = (cell & INDEX) as usize;
                let n = self.lists[at] as usize;
                for &entry in &self.lists[at + 1..at + 1 + n] {
                    if entry & INSIDE != 0 {
                        out.push((entry & !INSIDE, Presence::Inside));
                    } else {
                        ask(entry, out);
                    }
                }
            }
        }
    }
}

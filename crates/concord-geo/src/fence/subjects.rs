//! Every monitored subject's own zones, laid out for a stream of fixes that interleaves
//! the subjects ("is this fix in one of *its* subject's zones?", asked millions of times a
//! second by the feed).
//!
//! Each subject gets a picture of all its zones together, in two levels: the box round
//! them cut in degrees into about 256 coarse cells, and each coarse cell that a boundary
//! crosses cut again into 16 × 16 fine cells. A fine cell holds how many of the subject's
//! zones contain it wholly (0, 1 or 2, in two bits), or "ask" where a zone's boundary
//! comes within the tolerance of it (or three zones overlap). A coarse cell the boundary
//! does not cross points to one of four blocks shared by every picture, each holding one
//! value throughout. A fix is then a subtraction and a multiplication per axis and two
//! reads: no projection per zone, no zone touched. Only fixes in "ask" cells (about one in
//! a hundred, near an edge) go on to the zones' own pictures and edges
//! ([`PreparedZone::presence`]).
//!
//! Why one picture in degrees serves zones each measured on its own flat map: each map is
//! an axis-aligned scaling of longitude and latitude, so a cell cut in degrees is a
//! rectangle on every zone's map, marked there exactly as a zone's own picture marks its
//! square cells (`raster.rs`), with a micrometre more than the tolerance so that rounding
//! a fix into a neighbouring cell cannot change its answer. A property test holds the
//! counts to the zones' own answers and to the reference point-in-polygon.
//!
//! Why so small: a stream of fixes reads a different subject's picture at each fix, so
//! the time goes on fetching pictures from memory; the coarse cells of thousands of
//! subjects fit in the processor's caches, the fine blocks (two bits a cell) mostly not.

use super::prepared::{DegreeGrid, PreparedZone, Presence};
use crate::measure::BOUNDARY_TOLERANCE_M;
use crate::model::Point;
use crate::projection::LocalProjection;

/// About how many coarse cells one subject's picture has, and the most on one side.
const COARSE_CELLS: f64 = 256.0;
const MAX_SIDE: usize = 64;
/// Fine cells on each side of a coarse cell, and a fine block's bytes (two bits a cell).
const FINE: usize = 16;
const BLOCK_BYTES: usize = FINE * FINE / 4;
/// A fine cell's value when one of the subject's zones' boundary comes near it, or three
/// or more of its zones hold it: ask the zones.
const ASK: u8 = 3;
/// Blocks `0..UNIFORM` are shared by every picture, block `k` holding `k` throughout. A
/// coarse cell below `UNIFORM` is one of them; from `UNIFORM` up, the subject's own
/// blocks in turn.
const UNIFORM: u8 = 4;
/// Fixes looked up together in one step of [`SubjectZones::count_inside_many`].
const BATCH: usize = 256;
/// A count in the fine-cell scratch that means "ask".
const SCRATCH_ASK: u8 = u8::MAX;

/// One subject's picture: where its cells lie in degrees and where they are stored.
#[derive(Debug, Clone, Copy)]
struct Picture {
    west: f64,
    south: f64,
    /// Fine cells per degree: a multiplication per lookup, not a division.
    per_lon: f64,
    per_lat: f64,
    /// Fine cells across and up (0 for a subject with no zone to be in).
    fine_cols: u32,
    fine_rows: u32,
    /// Its first coarse cell in `coarse`, and its first own block in `fine`.
    coarse: u32,
    fine: u32,
}

/// Each subject's zones (by index into one shared list) and their pictures.
#[derive(Debug, Clone)]
pub struct SubjectZones {
    zones: Vec<PreparedZone>,
    pictures: Vec<Picture>,
    /// Each subject's range in `members`, kept apart from the pictures: only fixes near an
    /// edge need it.
    ranges: Vec<(u32, u32)>,
    members: Vec<u32>,
    /// Every subject's coarse cells, one picture after another: one allocation to read.
    coarse: Vec<u8>,
    fine: Vec<[u8; BLOCK_BYTES]>,
}

impl SubjectZones {
    /// Subject `i`'s zones are `subjects[i]`, indices into `zones` (a zone may be shared by
    /// several subjects).
    ///
    /// # Panics
    ///
    /// If a subject names a zone beyond the end of `zones`.
    pub fn new(zones: Vec<PreparedZone>, subjects: &[impl AsRef<[usize]>]) -> Self {
        let mut out = SubjectZones {
            zones,
            pictures: Vec::with_capacity(subjects.len()),
            ranges: Vec::with_capacity(subjects.len()),
            members: vec![],
            coarse: vec![],
            fine: (0..UNIFORM).map(|k| [k * 0x55; BLOCK_BYTES]).collect(),
        };
        let mut scratch = vec![];
        for mine in subjects {
            let mine = mine.as_ref();
            let start = out.members.len() as u32;
            out.members.extend(mine.iter().map(|z| {
                assert!(
                    *z < out.zones.len(),
                    "subject names zone {z}, not in the list"
                );
                *z as u32
            }));
            out.ranges.push((start, out.members.len() as u32));
            let picture = out.draw(mine, &mut scratch);
            out.pictures.push(picture);
        }
        out
    }

    pub fn zones(&self) -> &[PreparedZone] {
        &self.zones
    }

    /// Subject `subject`'s zones, by index into [`SubjectZones::zones`].
    pub fn zones_of(&self, subject: u32) -> &[u32] {
        let (s, e) = self.ranges[subject as usize];
        &self.members[s as usize..e as usize]
    }

    /// How many of `subject`'s zones hold the exact position `p` (each zone's
    /// [`Presence::Inside`] at accuracy 0: on the boundary, within the tolerance, is in).
    ///
    /// # Panics
    ///
    /// If `subject` is not an index into the list given to [`SubjectZones::new`].
    pub fn count_inside(&self, subject: u32, p: Point) -> u32 {
        let (coarse, cell, within) = self.place(subject, p);
        if !within {
            return 0;
        }
        match self.fine_cell(self.block(subject, coarse), cell) {
            ASK => self.count_by_zones(subject, p),
            n => u32::from(n),
        }
    }

    /// How many of its subject's zones hold each fix of a batch (`out[i]` for `fixes[i]`,
    /// a fix being a position and its subject), as [`SubjectZones::count_inside`] counts
    /// them, at most 255.
    ///
    /// A batch goes through in steps, each a short loop over a few hundred fixes: where
    /// each falls, then every coarse cell, then every fine cell. A step's reads do not
    /// wait for each other, so the processor keeps dozens in flight where a fix at a time
    /// keeps a few. The fixes near an edge are kept aside and then asked of the zones
    /// subject by subject, so that each subject's zones are read from memory once for all
    /// its fixes near their edges, not once for each.
    ///
    /// # Panics
    ///
    /// If `out` is not as long as `fixes`, or a subject is not an index into the list
    /// given to [`SubjectZones::new`].
    pub fn count_inside_many(&self, fixes: &[(Point, u32)], out: &mut [u8]) {
        assert_eq!(fixes.len(), out.len(), "one count for each fix");
        // Per fix of a step: its coarse cell (then its block), its fine cell, and its
        // subject's first own block less `UNIFORM`.
        let mut coarse = [0u32; BATCH];
        let mut cell = [0u8; BATCH];
        let mut base = [0u32; BATCH];
        // The fixes (of the step) that go on to the next read: each read is made only for
        // the fixes that need it, in a loop of nothing but such reads.
        let mut next = [0u16; BATCH];
        let mut finer = [0u16; BATCH];
        // (subject, fix, position) of the fixes near an edge.
        let mut near: Vec<(u32, u32, Point)> = vec![];
        for (b, (fixes, out)) in fixes.chunks(BATCH).zip(out.chunks_mut(BATCH)).enumerate() {
            let mut n = 0;
            for (i, (p, s)) in fixes.iter().enumerate() {
                let within;
                (coarse[i], cell[i], within) = self.place(*s, *p);
                base[i] = self.pictures[*s as usize]
                    .fine
                    .wrapping_sub(u32::from(UNIFORM));
                next[n] = i as u16;
                n += usize::from(within);
            }
            out.fill(0);
            let mut f = 0;
            for &i in &next[..n] {
                let i = usize::from(i);
                let v = self.coarse[coarse[i] as usize];
                coarse[i] = u32::from(v).wrapping_add(base[i]);
                out[i] = v;
                finer[f] = i as u16;
                f += usize::from(v >= UNIFORM);
            }
            for &i in &finer[..f] {
                let i = usize::from(i);
                out[i] = self.fine_cell(coarse[i], cell[i]);
            }
            for &i in &next[..n] {
                let i = usize::from(i);
                if out[i] == ASK {
                    near.push((fixes[i].1, (b * BATCH + i) as u32, fixes[i].0));
                }
            }
        }
        near.sort_unstable_by_key(|(s, i, _)| (*s, *i));
        for (s, i, p) in near {
            out[i as usize] = self.count_by_zones(s, p).min(255) as u8;
        }
    }

    /// Where `p` falls in its subject's picture: the coarse cell (index into `coarse`),
    /// the fine cell within its block, and whether it is in the picture at all (if not,
    /// the cells are meaningless and must not be read). No branch: in and out come at
    /// random in a stream, and a mispredicted branch throws away the work the processor
    /// has started on the next fixes.
    #[inline(always)]
    fn place(&self, subject: u32, p: Point) -> (u32, u8, bool) {
        let pic = &self.pictures[subject as usize];
        let (fx, fy) = (
            (p.lon - pic.west) * pic.per_lon,
            (p.lat - pic.south) * pic.per_lat,
        );
        // Truncation is the floor for the non-negative, and saturates: NaN (a point that
        // is not one) and anything below 0 are cut off by the first two comparisons, too
        // far by the other two.
        let (c, r) = (fx as u32, fy as u32);
        let within = (fx >= 0.0) & (fy >= 0.0) & (c < pic.fine_cols) & (r < pic.fine_rows);
        let f = FINE as u32;
        let coarse = pic
            .coarse
            .wrapping_add((r / f).wrapping_mul(pic.fine_cols / f))
            .wrapping_add(c / f);
        (coarse, ((r % f) * f + c % f) as u8, within)
    }

    /// The fine block of coarse cell `coarse` (of `subject`'s picture): a shared one or
    /// the subject's own, chosen by arithmetic rather than a branch.
    #[inline(always)]
    fn block(&self, subject: u32, coarse: u32) -> u32 {
        let v = u32::from(self.coarse[coarse as usize]);
        let own = u32::from(v >= u32::from(UNIFORM)).wrapping_neg();
        let base = self.pictures[subject as usize]
            .fine
            .wrapping_sub(u32::from(UNIFORM));
        v.wrapping_add(base & own)
    }

    #[inline(always)]
    fn fine_cell(&self, block: u32, cell: u8) -> u8 {
        let byte = self.fine[block as usize][usize::from(cell / 4)];
        (byte >> ((cell % 4) * 2)) & 3
    }

    /// The fixes near an edge: each zone's own answer.
    #[inline(never)]
    fn count_by_zones(&self, subject: u32, p: Point) -> u32 {
        self.zones_of(subject)
            .iter()
            .filter(|z| self.zones[**z as usize].presence(p, 0.0) == Presence::Inside)
            .count() as u32
    }

    /// Cut the box round the subject's zones into cells and fill them in: first every
    /// fine cell (in `scratch`), then each coarse cell from its fine ones.
    fn draw(&mut self, mine: &[usize], scratch: &mut Vec<u8>) -> Picture {
        let mut pic = Picture {
            west: 0.0,
            south: 0.0,
            per_lon: 0.0,
            per_lat: 0.0,
            fine_cols: 0,
            fine_rows: 0,
            coarse: self.coarse.len() as u32,
            fine: self.fine.len() as u32,
        };
        // Beyond this box no fix is within the tolerance of any of the zones (twice the
        // tolerance, to stay clear of rounding): a fix outside it is in none.
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for z in mine {
            let [w, s, e, n] = self.zones[*z].box_reaching(2.0 * BOUNDARY_TOLERANCE_M);
            b = [b[0].min(w), b[1].min(s), b[2].max(e), b[3].max(n)];
        }
        let [west, south, east, north] = b;
        if !(west < east && south < north && (east - west).is_finite()) {
            // No zone to be in: one coarse cell, read for every fix and always dropped.
            self.coarse.push(0);
            return pic;
        }
        // Coarse cells about square on the ground.
        let k = LocalProjection::about(Point::new(west, (south + north) / 2.0)).m_per_deg_lon();
        let (w, h) = (
            (east - west) * k,
            (north - south) * LocalProjection::m_per_deg_lat(),
        );
        let cell = (w * h / COARSE_CELLS).sqrt().max(1e-3);
        let side = |m: f64| ((m / cell).ceil() as usize).clamp(1, MAX_SIDE);
        let (cols, rows) = (side(w), side(h));
        let grid = DegreeGrid {
            west,
            south,
            cell_lon: (east - west) / (cols * FINE) as f64,
            cell_lat: (north - south) / (rows * FINE) as f64,
            cols: cols * FINE,
            rows: rows * FINE,
        };
        scratch.clear();
        scratch.resize(grid.cols * grid.rows, 0);
        // The coarse cells any zone is in or near: the rest (most) are empty.
        let mut touched = vec![false; cols * rows];
        for z in mine {
            self.zones[*z].cells_on(&grid, 0.0, |c, r, state| {
                let n = &mut scratch[r * grid.cols + c];
                *n = match (*n, state) {
                    (_, Some(false)) => return,
                    (SCRATCH_ASK, _) | (_, None) => SCRATCH_ASK,
                    (n, Some(true)) => n.saturating_add(1),
                };
                touched[(r / FINE) * cols + c / FINE] = true;
            });
        }
        let mut own = 0;
        for (i, touched) in touched.into_iter().enumerate() {
            let (cr, cc) = (i / cols, i % cols);
            let mut block = [0u8; BLOCK_BYTES];
            if touched {
                for k in 0..FINE * FINE {
                    let n = scratch[(cr * FINE + k / FINE) * grid.cols + cc * FINE + k % FINE];
                    block[k / 4] |= n.min(ASK) << ((k % 4) * 2);
                }
            }
            let uniform = block[0] % 4 * 0x55;
            let coarse = if block.iter().all(|b| *b == uniform) {
                uniform % 4
            } else if own < u8::MAX - UNIFORM {
                self.fine.push(block);
                own += 1;
                UNIFORM + own - 1
            } else {
                // More crossed cells than a byte can number: the rest ask the zones.
                ASK
            };
            self.coarse.push(coarse);
        }
        pic.west = west;
        pic.south = south;
        pic.per_lon = 1.0 / grid.cell_lon;
        pic.per_lat = 1.0 / grid.cell_lat;
        pic.fine_cols = grid.cols as u32;
        pic.fine_rows = grid.rows as u32;
        pic
    }
}

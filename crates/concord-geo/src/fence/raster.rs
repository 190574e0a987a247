//! A coarse picture of a zone that answers most fixes without touching an edge: its box
//! cut into cells (about a thousand), each cell either crossed by the boundary (or within
//! a centimetre of it) or wholly inside or wholly outside, and for each cell how many
//! cells away the nearest crossed one is. A fix in a cell that the boundary does not come
//! near is decided by one lookup; only fixes near the boundary, closer than their
//! accuracy radius could reach, go on to the exact edge tests.
//!
//! Why it is exact, not approximate: a cell is marked when any point of it lies within
//! [`BOUNDARY_TOLERANCE_M`] of an edge (each edge is clipped to each row widened by the
//! tolerance, and the columns it covers widened by the tolerance too), so a fix in an
//! unmarked cell is more than the tolerance from the boundary, and one in a cell whose
//! nearest marked cell is `d` cells away (the chessboard distance) is at least `d − 1`
//! cells' width from it. Where the lookup cannot promise the fix is farther from the
//! boundary than its accuracy, the caller asks the edges.

use crate::measure::BOUNDARY_TOLERANCE_M;
use crate::projection::Xy;

/// The most cells a zone's picture holds; a zone with many edges gets finer cells.
const MAX_CELLS: f64 = 4096.0;
/// Cells per edge aimed at, and the fewest cells a zone gets.
const CELLS_PER_EDGE: f64 = 24.0;
const MIN_CELLS: f64 = 1024.0;
/// The "inside" bit of a cell; the other seven bits are the distance in cells to the
/// nearest marked cell (0: marked), saturating at 127.
const INSIDE: u8 = 0x80;
const FAR: u8 = 0x7f;

#[derive(Debug, Clone)]
pub(super) struct Raster {
    x0: f64,
    y0: f64,
    /// A zone's own picture has square cells; a subject's picture (`subjects.rs`), cut in
    /// degrees, has cells a little wider or narrower in each zone's metres.
    width: f64,
    height: f64,
    per_x: f64,
    per_y: f64,
    cols: usize,
    rows: usize,
    cells: Vec<u8>,
}

/// Where a grid of cells lies on a zone's flat map: its south-west corner, its cells'
/// width and height in metres, and how many there are.
#[derive(Debug, Clone, Copy)]
pub(super) struct CellGrid {
    pub x0: f64,
    pub y0: f64,
    pub width: f64,
    pub height: f64,
    pub cols: usize,
    pub rows: usize,
}

/// What the picture says about a fix.
pub(super) enum Verdict {
    Inside,
    Outside,
    /// Too near the boundary (or off the picture): ask the edges.
    Ask,
}

impl Raster {
    /// The picture of the boundary `edges` (metres: ax, ay, bx, by) within `bbox`, with
    /// `inside` saying whether a point off the boundary is inside the zone.
    pub(super) fn new(edges: &[[f64; 4]], bbox: [f64; 4], inside: impl Fn(Xy) -> bool) -> Self {
        let [x0, y0, x1, y1] = bbox;
        let (w, h) = ((x1 - x0).max(1e-3), (y1 - y0).max(1e-3));
        let wanted = (edges.len() as f64 * CELLS_PER_EDGE).clamp(MIN_CELLS, MAX_CELLS);
        let cell = (w * h / wanted).sqrt();
        let cols = ((w / cell).ceil() as usize).clamp(1, 256);
        let rows = ((h / cell).ceil() as usize).clamp(1, 256);
        let cell = (w / cols as f64).max(h / rows as f64);
        let grid = CellGrid {
            x0,
            y0,
            width: cell,
            height: cell,
            cols,
            rows,
        };
        let mut raster = Raster::marked(edges, grid, BOUNDARY_TOLERANCE_M);
        raster.spread();
        raster.fill(inside);
        raster
    }

    /// A grid laid on a zone's map from outside (a subject's picture), with every cell
    /// that comes within `reach` of an edge marked; no distances, no insides (the caller
    /// fills those a row at a time).
    pub(super) fn boundary(edges: &[[f64; 4]], grid: CellGrid, reach: f64) -> Self {
        Raster::marked(edges, grid, reach)
    }

    pub(super) fn is_marked(&self, col: usize, row: usize) -> bool {
        self.cells[row * self.cols + col] & FAR == 0
    }

    fn marked(edges: &[[f64; 4]], g: CellGrid, reach: f64) -> Self {
        let mut raster = Raster {
            x0: g.x0,
            y0: g.y0,
            width: g.width,
            height: g.height,
            per_x: 1.0 / g.width,
            per_y: 1.0 / g.height,
            cols: g.cols,
            rows: g.rows,
            cells: vec![FAR; g.cols * g.rows],
        };
        for e in edges {
            raster.mark(e, reach);
        }
        raster
    }

    /// Set the inside bit of each unmarked cell whose centre is inside.
    fn fill(&mut self, inside: impl Fn(Xy) -> bool) {
        for r in 0..self.rows {
            for c in 0..self.cols {
                let i = r * self.cols + c;
                let centre = Xy {
                    x: self.x0 + (c as f64 + 0.5) * self.width,
                    y: self.y0 + (r as f64 + 0.5) * self.height,
                };
                if self.cells[i] != 0 && inside(centre) {
                    self.cells[i] |= INSIDE;
                }
            }
        }
    }

    /// Mark every cell within `t` of the edge: in each row the edge reaches (widened by
    /// `t`), the columns its clipped part spans (widened too).
    fn mark(&mut self, &[ax, ay, bx, by]: &[f64; 4], t: f64) {
        let row = |y: f64| ((y - self.y0) * self.per_y).max(0.0) as usize;
        let col = |x: f64| ((x - self.x0) * self.per_x).max(0.0) as usize;
        let (lo, hi) = (ay.min(by) - t, ay.max(by) + t);
        for r in row(lo).min(self.rows - 1)..=row(hi).min(self.rows - 1) {
            // The strip of this row, widened by the tolerance, clipped to the edge.
            let s0 = (self.y0 + r as f64 * self.height - t).max(lo);
            let s1 = (self.y0 + (r + 1) as f64 * self.height + t).min(hi);
            if s0 > s1 {
                continue;
            }
            let x_at = |y: f64| {
                if by == ay {
                    (ax, bx)
                } else {
                    let k = ((y - ay) / (by - ay)).clamp(0.0, 1.0);
                    let x = ax + k * (bx - ax);
                    (x, x)
                }
            };
            let (p, q) = (x_at(s0), x_at(s1));
            let xl = p.0.min(p.1).min(q.0).min(q.1) - t;
            let xr = p.0.max(p.1).max(q.0).max(q.1) + t;
            for c in col(xl).min(self.cols - 1)..=col(xr).min(self.cols - 1) {
                self.cells[r * self.cols + c] = 0;
            }
        }
    }

    /// Chessboard distance to the nearest marked cell, in two passes.
    fn spread(&mut self) {
        let (cols, rows) = (self.cols, self.rows);
        let at = |cells: &[u8], r: isize, c: isize| -> u8 {
            if r < 0 || c < 0 || r >= rows as isize || c >= cols as isize {
                FAR
            } else {
                cells[r as usize * cols + c as usize]
            }
        };
        for r in 0..rows as isize {
            for c in 0..cols as isize {
                let i = r as usize * cols + c as usize;
                let near = [(-1, -1), (-1, 0), (-1, 1), (0, -1)]
                    .iter()
                    .map(|(dr, dc)| at(&self.cells, r + dr, c + dc))
                    .min()
                    .unwrap_or(FAR);
                self.cells[i] = self.cells[i].min(near.saturating_add(1)).min(FAR);
            }
        }
        for r in (0..rows as isize).rev() {
            for c in (0..cols as isize).rev() {
                let i = r as usize * cols + c as usize;
                let near = [(1, 1), (1, 0), (1, -1), (0, 1)]
                    .iter()
                    .map(|(dr, dc)| at(&self.cells, r + dr, c + dc))
                    .min()
                    .unwrap_or(FAR);
                self.cells[i] = self.cells[i].min(near.saturating_add(1)).min(FAR);
            }
        }
    }

    /// The verdict on `q` for a fix whose accuracy radius is `accuracy_m`.
    #[inline]
    pub(super) fn verdict(&self, q: Xy, accuracy_m: f64) -> Verdict {
        let (fx, fy) = ((q.x - self.x0) * self.per_x, (q.y - self.y0) * self.per_y);
        if !(fx >= 0.0 && fy >= 0.0) {
            return Verdict::Ask;
        }
        let (c, r) = (fx as usize, fy as usize);
        if c >= self.cols || r >= self.rows {
            return Verdict::Ask;
        }
        let v = self.cells[r * self.cols + c];
        let d = v & FAR;
        // Farther than the tolerance (any unmarked cell) and than d − 1 cells.
        let clear = d >= 1
            && (accuracy_m < BOUNDARY_TOLERANCE_M
                || f64::from(d - 1) * self.width.min(self.height) > accuracy_m);
        match (clear, v & INSIDE != 0) {
            (false, _) => Verdict::Ask,
            (true, true) => Verdict::Inside,
            (true, false) => Verdict::Outside,
        }
    }
}

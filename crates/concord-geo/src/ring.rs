//! Rings as the checks see them: repeats dropped, original numbering kept for messages.

use crate::model::Point;

/// A ring with consecutive repeated positions dropped. Drawing tools often emit the same
/// point twice in a row (a double click); that is harmless, so it is tolerated rather than
/// rejected, but it would make a zero-length edge, which has no direction and confuses
/// intersection tests. Dropping repeats here means no check ever sees one.
#[derive(Debug, Clone, Default)]
pub(crate) struct CleanRing {
    /// The positions, each different from the one before.
    pub points: Vec<Point>,
    /// For each of `points`, its position number in the ring as submitted, so that messages
    /// and paths name the point the person can find in their file.
    pub original: Vec<usize>,
}

impl CleanRing {
    pub(crate) fn new(ring: &[Point]) -> Self {
        let mut clean = Self::default();
        for (i, &p) in ring.iter().enumerate() {
            if clean.points.last() != Some(&p) {
                clean.points.push(p);
                clean.original.push(i);
            }
        }
        clean
    }

    /// Number of edges (positions less one; the ring is closed).
    pub(crate) fn edge_count(&self) -> usize {
        self.points.len().saturating_sub(1)
    }

    /// The edge starting at position `k` (of `points`), if there is one.
    pub(crate) fn edge(&self, k: usize) -> Option<(Point, Point)> {
        Some((*self.points.get(k)?, *self.points.get(k + 1)?))
    }

    /// The submitted position number of `points[k]`.
    pub(crate) fn original_index(&self, k: usize) -> usize {
        self.original.get(k).copied().unwrap_or(k)
    }

    /// "point 3 to point 4", naming the edge starting at `k` by submitted numbers.
    pub(crate) fn describe_edge(&self, k: usize) -> String {
        format!(
            "point {} to point {}",
            self.original_index(k),
            self.original_index(k + 1)
        )
    }
}

/// Vertices of a ring as the limits count them: positions, less the closing repeat.
pub(crate) fn vertex_count(ring: &[Point]) -> usize {
    match (ring.first(), ring.last()) {
        (Some(first), Some(last)) if ring.len() > 1 && first == last => ring.len() - 1,
        _ => ring.len(),
    }
}

/// "Ring 0 (the outer boundary) of polygon 1", as messages name a ring.
pub(crate) fn describe_ring(polygon: usize, ring: usize) -> String {
    if ring == 0 {
        format!("Ring 0 (the outer boundary) of polygon {polygon}")
    } else {
        format!("Ring {ring} (a hole) of polygon {polygon}")
    }
}

/// "Ring 0 ..." as it reads mid-sentence.
pub(crate) fn lower(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

/// JSON path of a ring, given the path of its polygon's ring array.
pub(crate) fn ring_path(polygon_path: &str, ring: usize) -> String {
    format!("{polygon_path}[{ring}]")
}

/// JSON path of one submitted position.
pub(crate) fn point_path(polygon_path: &str, ring: usize, point: usize) -> String {
    format!("{polygon_path}[{ring}][{point}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_in_a_row_are_dropped_and_numbering_kept() {
        let a = Point::new(0.0, 0.0);
        let b = Point::new(1.0, 0.0);
        let c = Point::new(1.0, 1.0);
        let clean = CleanRing::new(&[a, a, b, c, c, c, a]);
        assert_eq!(clean.points, vec![a, b, c, a]);
        assert_eq!(clean.original, vec![0, 2, 3, 6]);
        assert_eq!(clean.edge_count(), 3);
        assert_eq!(clean.describe_edge(1), "point 2 to point 3");
        assert_eq!(clean.edge(3), None);
    }

    #[test]
    fn the_closing_position_is_not_counted_as_a_vertex() {
        let a = Point::new(0.0, 0.0);
        let b = Point::new(1.0, 0.0);
        assert_eq!(vertex_count(&[a, b, a]), 2);
        assert_eq!(vertex_count(&[a, b]), 2);
        assert_eq!(vertex_count(&[a]), 1);
        assert_eq!(vertex_count(&[]), 0);
    }
}

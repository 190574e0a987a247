//! Latency samples and their percentiles (nearest rank over every sample: a run holds at
//! most some tens of thousands, so they are simply kept and sorted).

use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct Samples {
    micros: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Samples {
    pub fn push(&mut self, d: Duration) {
        self.micros.push(d.as_micros() as u64);
    }

    pub fn extend(&mut self, other: &Samples) {
        self.micros.extend_from_slice(&other.micros);
    }

    pub fn len(&self) -> usize {
        self.micros.len()
    }

    pub fn summary(&self) -> Summary {
        let mut v = self.micros.clone();
        v.sort_unstable();
        let ms = |us: u64| us as f64 / 1_000.0;
        // Nearest rank: the smallest sample with at least p% of samples at or below it.
        let rank = |p: f64| {
            if v.is_empty() {
                0.0
            } else {
                let r = ((p / 100.0) * v.len() as f64).ceil() as usize;
                ms(v[r.clamp(1, v.len()) - 1])
            }
        };
        Summary {
            count: v.len(),
            mean_ms: if v.is_empty() {
                0.0
            } else {
                ms(v.iter().sum::<u64>()) / v.len() as f64
            },
            p50_ms: rank(50.0),
            p95_ms: rank(95.0),
            p99_ms: rank(99.0),
            max_ms: v.last().copied().map_or(0.0, ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut s = Samples::default();
        for ms in 1..=100 {
            s.push(Duration::from_millis(ms));
        }
        let sum = s.summary();
        assert_eq!(sum.count, 100);
        assert_eq!(sum.p50_ms, 50.0);
        assert_eq!(sum.p95_ms, 95.0);
        assert_eq!(sum.p99_ms, 99.0);
        assert_eq!(sum.max_ms, 100.0);
        assert_eq!(sum.mean_ms, 50.5);
        assert_eq!(Samples::default().summary().p99_ms, 0.0);
    }
}

//! Counting: distinct comparison vectors with how often each occurs, the weighted
//! frequency of each level, and u, which is such a frequency over random pairs. Apart
//! from EM because u is estimated once, from other pairs, and held fixed while EM runs.

use std::collections::BTreeMap;

use super::{evidence, LevelKey, Model, UNSEEN};
use crate::ComparisonVector;

impl Model {
    /// Estimate u from pairs that are almost all non-matches (random pairs: in a large
    /// register two records picked at random are almost never the same person).
    /// Each comparison also gets an [`UNSEEN`] level: the (smoothed) u of a level no
    /// random pair reached, such as two identical PNC IDs.
    pub fn estimate_u(random_pairs: &[ComparisonVector]) -> BTreeMap<LevelKey, f64> {
        Self::estimate_u_counted(&count(random_pairs))
    }

    /// [`Model::estimate_u`] over distinct comparison vectors with how often each occurred.
    pub fn estimate_u_counted(random_pairs: &[(ComparisonVector, f64)]) -> BTreeMap<LevelKey, f64> {
        let mut u = frequencies(random_pairs.iter().map(|(v, n)| (evidence(v), *n)));
        let mut totals: BTreeMap<String, f64> = BTreeMap::new();
        for (v, n) in random_pairs {
            for key in evidence(v) {
                *totals.entry(key.0).or_default() += n;
            }
        }
        for (comparison, total) in totals {
            u.insert((comparison, UNSEEN.into()), 0.5 / (total + 1.0));
        }
        u
    }
}

/// Distinct comparison vectors with how often each occurs.
pub(crate) fn count(pairs: &[ComparisonVector]) -> Vec<(ComparisonVector, f64)> {
    let mut counts: std::collections::HashMap<ComparisonVector, f64> = Default::default();
    for v in pairs {
        *counts.entry(*v).or_default() += 1.0;
    }
    in_order(counts)
}

/// Counted vectors in a fixed order, so training is reproducible to the last bit.
pub(crate) fn in_order<S>(
    counts: std::collections::HashMap<ComparisonVector, f64, S>,
) -> Vec<(ComparisonVector, f64)> {
    let mut out: Vec<_> = counts.into_iter().collect();
    out.sort_by_key(|(v, _)| *v);
    out
}

/// Weighted frequency of each level within its comparison.
pub(super) fn frequencies(
    pairs: impl Iterator<Item = (Vec<LevelKey>, f64)>,
) -> BTreeMap<LevelKey, f64> {
    let mut counts: BTreeMap<LevelKey, f64> = BTreeMap::new();
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    for (levels, weight) in pairs {
        for key in levels {
            *totals.entry(key.0.clone()).or_default() += weight;
            *counts.entry(key).or_default() += weight;
        }
    }
    counts
        .into_iter()
        .map(|(key, n)| {
            let total = totals.get(&key.0).copied().unwrap_or(1.0);
            // Laplace smoothing: a level never seen in training is rare, not impossible.
            let p = (n + 0.5) / (total + 1.0);
            (key, p)
        })
        .collect()
}

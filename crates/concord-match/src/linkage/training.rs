//! Training a model on the records being linked (when no model is given): u from random
//! pairs, m by EM on each training rule's candidates, the prior from all of them. Apart
//! from the run because a reviewed, saved model skips all of it.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::candidate_pairs::{by_vector, merge};
use super::{HashMap, Progress, Settings, Sides};
use crate::model::{in_order, LevelKey};
use crate::{compare_prepared_records, starting_model, ComparisonVector, Model, PreparedRecord};

/// A small, fast, seedable generator (SplitMix64) for sampling random pairs: linkage
/// needs reproducible samples, not cryptographic ones.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Comparison vectors of random pairs, counted: in a large dataset almost all are
/// different people, which is what u describes.
fn random_vectors(
    prepared: &[PreparedRecord],
    sides: Sides,
    settings: &Settings,
    progress: &dyn Progress,
) -> Vec<(ComparisonVector, f64)> {
    const CHUNK: usize = 50_000;
    let n = prepared.len();
    // No pair to draw (one record, or an empty file on one side of a link).
    if sides.total_pairs(n) < 1.0 {
        return vec![];
    }
    let chunks = settings.random_pairs.div_ceil(CHUNK);
    progress.start(
        "estimating u from random pairs",
        settings.random_pairs as u64,
    );
    let counts = (0..chunks)
        .into_par_iter()
        .fold(
            HashMap::<ComparisonVector, f64>::default,
            |mut counts, chunk| {
                let mut rng = SplitMix(settings.seed ^ (chunk as u64).wrapping_mul(0x2545_F491));
                let todo = CHUNK.min(settings.random_pairs - chunk * CHUNK);
                for _ in 0..todo {
                    let (a, b) = match sides {
                        Sides::Dedupe => (rng.below(n), rng.below(n)),
                        Sides::Link { left } => (rng.below(left), left + rng.below(n - left)),
                    };
                    if a != b {
                        let v = compare_prepared_records(&prepared[a], &prepared[b]);
                        *counts.entry(v).or_default() += 1.0;
                    }
                }
                progress.advance(todo as u64);
                counts
            },
        )
        .reduce(HashMap::default, merge);
    progress.finish();
    in_order(counts)
}

/// u from random pairs; m by EM on each training rule's candidates, averaged over the
/// passes that could learn it; the prior from all candidates.
pub(super) fn train(
    prepared: &[PreparedRecord],
    tally: &HashMap<(ComparisonVector, u16), f64>,
    all: &[(ComparisonVector, f64)],
    sides: Sides,
    settings: &Settings,
    progress: &dyn Progress,
) -> Model {
    let u = Model::estimate_u_counted(&random_vectors(prepared, sides, settings, progress));
    progress.start(
        "estimating m by expectation-maximisation",
        settings.training_rules.len() as u64,
    );
    let start = starting_model(0.1);
    let n = prepared.len() as u32;
    let labelled: Vec<(ComparisonVector, bool)> = settings
        .labels
        .iter()
        .filter(|l| l.left < n && l.right < n && l.left != l.right)
        .map(|l| {
            let v =
                compare_prepared_records(&prepared[l.left as usize], &prepared[l.right as usize]);
            (v, l.same)
        })
        .collect();
    let mut learned: BTreeMap<LevelKey, Vec<f64>> = BTreeMap::new();
    let mut model = start.clone();
    for rule in &settings.training_rules {
        let Some(bit) = settings.rules.iter().position(|r| r == rule) else {
            continue;
        };
        let pass = Model::train_labelled(
            &by_vector(tally, |rules| rules & (1 << bit) != 0),
            &labelled,
            &u,
            &start,
            rule.blocked_on(),
            settings.em_iterations,
        );
        for (comparison, levels) in &pass.levels {
            for (level, p) in levels {
                model
                    .levels
                    .entry(comparison.clone())
                    .or_default()
                    .insert(level.clone(), *p);
                if !rule.blocked_on().contains(&comparison.as_str()) {
                    learned
                        .entry((comparison.clone(), level.clone()))
                        .or_default()
                        .push(p.m);
                }
            }
        }
        progress.advance(1);
    }
    for ((comparison, level), ms) in learned {
        if let Some(p) = model
            .levels
            .get_mut(&comparison)
            .and_then(|l| l.get_mut(&level))
        {
            p.m = ms.iter().sum::<f64>() / ms.len() as f64;
        }
    }
    progress.finish();
    // The prior: the share of candidates that match (with m and u now fixed), scaled
    // from candidates to every possible pair.
    model.fill_unseen(all, &u);
    let among_candidates = model.prior_among(all, settings.em_iterations);
    let compared: f64 = all.iter().map(|(_, n)| n).sum();
    let total = sides.total_pairs(prepared.len()).max(1.0);
    model.prior = (among_candidates * compared / total).clamp(1e-12, 0.5);
    model
}

//! Training: expectation–maximisation of m and the prior over candidate pairs (with
//! reviewers' decisions where there are any), the cap on checked identifiers' conflicts,
//! and filling in the levels training never saw. Apart from the model's vocabulary and
//! scoring because only a run without a given model trains.

use std::collections::BTreeMap;

use super::counting::{count, frequencies};
use super::{clamp, code, evidence, log2_odds, LevelKey, Model, Probabilities, UNSEEN};
use crate::{ComparisonVector, IdentifierKind};

impl Model {
    /// Expectation–maximisation of m and the prior over candidate pairs, with u fixed
    /// (estimated from random pairs). Starts from `start`, stops after `iterations` or
    /// when the prior moves less than 1e-6.
    ///
    /// `blocked_on` names the comparisons the candidates were blocked on: every candidate
    /// agrees on them by construction, so they say nothing about which candidates match.
    /// They are left out of this pass (their m is kept) — otherwise EM explains the
    /// agreement it was handed by calling every candidate a match. Train them in a pass
    /// blocked on something else.
    pub fn train(
        candidate_pairs: &[ComparisonVector],
        u: &BTreeMap<LevelKey, f64>,
        start: &Model,
        blocked_on: &[&str],
        iterations: usize,
    ) -> Model {
        Self::train_counted(&count(candidate_pairs), u, start, blocked_on, iterations)
    }

    /// [`Model::train`] over distinct comparison vectors with how often each occurred:
    /// millions of candidate pairs reach only a few thousand distinct vectors, so EM runs
    /// over those.
    pub fn train_counted(
        candidate_pairs: &[(ComparisonVector, f64)],
        u: &BTreeMap<LevelKey, f64>,
        start: &Model,
        blocked_on: &[&str],
        iterations: usize,
    ) -> Model {
        Self::train_labelled(candidate_pairs, &[], u, start, blocked_on, iterations)
    }

    /// [`Model::train_counted`] with reviewers' decisions. Pairs with the same
    /// comparison vector are the same to the model, so a decision on one is evidence
    /// about all of them: in each E step, every candidate with a decided vector takes
    /// the share of its decisions that said "same person", the model's own estimate
    /// counting as one more decision. Forty namesakes decided "different people" thus
    /// teach the model that the pattern they share is not a match, where EM alone, led
    /// by everything else they agree on, would call them the same person.
    pub fn train_labelled(
        candidate_pairs: &[(ComparisonVector, f64)],
        labelled: &[(ComparisonVector, bool)],
        u: &BTreeMap<LevelKey, f64>,
        start: &Model,
        blocked_on: &[&str],
        iterations: usize,
    ) -> Model {
        // Per decided vector: (decided same, decided different).
        let mut decided: std::collections::HashMap<ComparisonVector, (f64, f64)> =
            Default::default();
        for (v, same) in labelled {
            let d = decided.entry(*v).or_default();
            if *same {
                d.0 += 1.0;
            } else {
                d.1 += 1.0;
            }
        }
        let mut candidate_pairs = candidate_pairs.to_vec();
        // A decided pair the blocking did not give is still a pair of its pattern.
        for (v, (same, different)) in &decided {
            if !candidate_pairs.iter().any(|(c, _)| c == v) {
                candidate_pairs.push((*v, same + different));
            }
        }
        let fixed: Vec<Option<(f64, f64)>> = candidate_pairs
            .iter()
            .map(|(v, _)| decided.get(v).copied())
            .collect();
        let counts: Vec<f64> = candidate_pairs.iter().map(|(_, n)| *n).collect();
        let total: f64 = counts.iter().sum();
        let pairs: Vec<Vec<LevelKey>> = candidate_pairs
            .iter()
            .map(|(v, _)| {
                evidence(v)
                    .into_iter()
                    .filter(|(comparison, _)| !blocked_on.contains(&comparison.as_str()))
                    .collect()
            })
            .collect();
        let mut model = start.clone();
        // u for every level the candidates reach: estimated, or the unseen level's.
        let mut reached: Vec<&LevelKey> = pairs.iter().flatten().collect();
        reached.sort();
        reached.dedup();
        for key in reached {
            let estimate = u
                .get(key)
                .or_else(|| u.get(&(key.0.clone(), UNSEEN.to_string())))
                .copied()
                .unwrap_or(1e-3);
            model.levels.entry(key.0.clone()).or_default().insert(
                key.1.clone(),
                Probabilities {
                    m: initial_m(&key.1),
                    u: clamp(estimate),
                },
            );
        }
        for _ in 0..iterations {
            // E: the probability that each pair is a match under the current model.
            let weights: Vec<f64> = pairs
                .iter()
                .zip(&fixed)
                .map(|(levels, decided)| {
                    let w: f64 = log2_odds(model.prior)
                        + levels
                            .iter()
                            .filter_map(|k| model.probabilities(k))
                            .map(|p| (p.m / p.u).log2())
                            .sum::<f64>();
                    let odds = w.exp2();
                    let estimated = if odds.is_infinite() {
                        1.0
                    } else {
                        odds / (1.0 + odds)
                    };
                    match decided {
                        Some((same, different)) => (same + estimated) / (same + different + 1.0),
                        None => estimated,
                    }
                })
                .collect();
            // M: m is the match-weighted frequency of each level; the prior the mean.
            let weighted: Vec<f64> = weights.iter().zip(&counts).map(|(w, n)| w * n).collect();
            let m = frequencies(pairs.iter().cloned().zip(weighted.iter().copied()));
            let prior = clamp(weighted.iter().sum::<f64>() / total.max(1.0));
            // Every level here was given its u above, so it is already in the model.
            for ((comparison, level), m) in m {
                if let Some(p) = model
                    .levels
                    .get_mut(&comparison)
                    .and_then(|l| l.get_mut(&level))
                {
                    p.m = clamp(m);
                }
            }
            let moved = (prior - model.prior).abs();
            model.prior = prior;
            if moved < 1e-6 {
                break;
            }
        }
        cap_checked_conflicts(&mut model);
        model
    }
}

/// The most m a conflict on a checked identifier may have. Two PNC IDs (or NI numbers,
/// CRO or prison numbers) on one person happen only when a record was misfiled — their
/// check characters stop typos — far rarer than EM can measure without labels, and EM
/// on candidates blocked by name and date of birth learns a leaked, far too high value.
/// The cap makes such a conflict outweigh agreement on everything else.
const CHECKED_CONFLICT_M: f64 = 1e-6;

fn cap_checked_conflicts(model: &mut Model) {
    for kind in IdentifierKind::ALL.into_iter().filter(|k| k.is_checked()) {
        let comparison = format!("identifier_{}", code(&kind));
        if let Some(p) = model
            .levels
            .get_mut(&comparison)
            .and_then(|levels| levels.get_mut("conflict"))
        {
            p.m = p.m.min(CHECKED_CONFLICT_M);
        }
    }
}

impl Model {
    /// Give every level these pairs reach but training never saw (a pair found only by
    /// a rule no training pass used) a value: u as estimated (or the unseen level's),
    /// m the weak starting value EM would have begun from. Without this such a level
    /// would silently count for nothing.
    pub fn fill_unseen(&mut self, pairs: &[(ComparisonVector, f64)], u: &BTreeMap<LevelKey, f64>) {
        for (v, _) in pairs {
            for key in evidence(v) {
                if self.probabilities(&key).is_some() {
                    continue;
                }
                let estimate = u
                    .get(&key)
                    .or_else(|| u.get(&(key.0.clone(), UNSEEN.to_string())))
                    .copied()
                    .unwrap_or(1e-3);
                let m = initial_m(&key.1);
                self.levels.entry(key.0).or_default().insert(
                    key.1,
                    Probabilities {
                        m,
                        u: clamp(estimate),
                    },
                );
            }
        }
        cap_checked_conflicts(self);
    }

    /// The share of these pairs that are matches, with m and u held fixed: the prior
    /// that makes the model's expected number of matches agree with the data.
    pub fn prior_among(&self, pairs: &[(ComparisonVector, f64)], iterations: usize) -> f64 {
        let total: f64 = pairs.iter().map(|(_, n)| n).sum();
        // Each vector's Bayes factor (its weight without the prior), kept finite.
        let bayes: Vec<f64> = pairs
            .iter()
            .map(|(v, _)| {
                (self.score(v).match_weight - log2_odds(self.prior))
                    .clamp(-1000.0, 1000.0)
                    .exp2()
            })
            .collect();
        let mut prior = 0.1;
        for _ in 0..iterations.max(1) * 4 {
            let odds = prior / (1.0 - prior);
            let expected: f64 = pairs
                .iter()
                .zip(&bayes)
                .map(|((_, n), b)| n * (odds * b) / (1.0 + odds * b))
                .sum();
            let next = clamp(expected / total.max(1.0));
            let moved = (next - prior).abs();
            prior = next;
            if moved < 1e-9 {
                break;
            }
        }
        prior
    }
}

/// Where EM starts m: agreement is likely among matches, disagreement rare. Starting
/// from no opinion (every m equal) lets EM settle on "everything is a match", a
/// degenerate optimum; a weak, sensible start avoids it and training then sets the values.
fn initial_m(level: &str) -> f64 {
    match level {
        "exact" | "agree" | "same" => 0.9,
        "different" | "conflict" => 0.02,
        _ => 0.1,
    }
}

//! How good a linkage was, when the truth is known (a benchmark, a reviewed sample):
//! pairwise precision, recall and F1 at a threshold and at the best threshold, and the
//! blocking recall (the share of true pairs the blocking rules let through at all).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    pub threshold: f64,
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub true_pairs: u64,
    /// True pairs among the candidates scored: the most any threshold can find.
    pub blocking_recall: f64,
    pub at_threshold: Accuracy,
    pub best: Accuracy,
}

/// How many pairs of records are the same person. `left` is the number of records in the
/// first dataset when linking two (pairs then only count across), `None` when
/// deduplicating.
pub fn true_pairs(truth: &[String], left: Option<usize>) -> u64 {
    let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
    for (i, t) in truth.iter().enumerate() {
        let entry = counts.entry(t.as_str()).or_default();
        if left.is_some_and(|l| i >= l) {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    counts
        .values()
        .map(|(a, b)| match left {
            Some(_) => a * b,
            None => a * a.saturating_sub(1) / 2,
        })
        .sum()
}

fn accuracy(threshold: f64, tp: u64, fp: u64, total_true: u64) -> Accuracy {
    let fn_ = total_true.saturating_sub(tp);
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if total_true == 0 {
        1.0
    } else {
        tp as f64 / total_true as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Accuracy {
        threshold,
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        precision,
        recall,
        f1,
    }
}

/// Evaluate scored candidate pairs — (probability, is the pair truly the same person)
/// — against `total_true` true pairs. Pairs never scored count as missed.
pub fn evaluate(mut scored: Vec<(f64, bool)>, total_true: u64, threshold: f64) -> Evaluation {
    let found_true = scored.iter().filter(|(_, t)| *t).count() as u64;
    let (mut tp, mut fp) = (0u64, 0u64);
    for (p, t) in &scored {
        if *p >= threshold {
            if *t {
                tp += 1;
            } else {
                fp += 1;
            }
        }
    }
    let at_threshold = accuracy(threshold, tp, fp, total_true);
    // Best threshold: sweep from the highest score down, every distinct score a cut.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best = accuracy(1.0, 0, 0, total_true);
    let (mut tp, mut fp) = (0u64, 0u64);
    let mut i = 0;
    while i < scored.len() {
        let cut = scored[i].0;
        while i < scored.len() && scored[i].0 == cut {
            if scored[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        let here = accuracy(cut, tp, fp, total_true);
        if here.f1 > best.f1 {
            best = here;
        }
    }
    Evaluation {
        true_pairs: total_true,
        blocking_recall: if total_true == 0 {
            1.0
        } else {
            found_true as f64 / total_true as f64
        },
        at_threshold,
        best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_pairs_count_within_one_file_or_across_two() {
        let truth: Vec<String> = ["a", "a", "a", "b", "c", "c"].map(String::from).to_vec();
        assert_eq!(true_pairs(&truth, None), 3 + 1);
        // Left: a, a, a; right: b, c, c — nothing in common.
        assert_eq!(true_pairs(&truth, Some(3)), 0);
        let linked: Vec<String> = ["a", "b", "a", "b", "b"].map(String::from).to_vec();
        assert_eq!(true_pairs(&linked, Some(2)), 1 + 2);
    }

    #[test]
    fn precision_recall_and_the_best_cut_are_counted_from_the_scores() {
        let scored = vec![
            (0.99, true),
            (0.95, true),
            (0.9, false),
            (0.6, true),
            (0.2, false),
        ];
        let e = evaluate(scored, 4, 0.5);
        assert_eq!(e.blocking_recall, 0.75);
        assert_eq!(
            (
                e.at_threshold.true_positives,
                e.at_threshold.false_positives
            ),
            (3, 1)
        );
        assert!((e.at_threshold.precision - 0.75).abs() < 1e-12);
        assert!((e.at_threshold.recall - 0.75).abs() < 1e-12);
        // Cutting at 0.95 gives precision 1, recall 0.5: F1 0.667 < 0.75, so 0.6 is best.
        assert_eq!(e.best.threshold, 0.6);
        assert!((e.best.f1 - 0.75).abs() < 1e-12);
    }
}

//! Reviewers' decisions in a linkage: what they decided per comparison pattern, what that
//! adds to the weight of every pair of the pattern, and the explanation of a pair that
//! shows it. Apart from the run because decisions come from people, not from the data.

use super::{HashMap, Label, Linkage, ScoredPair};
use crate::frequency::probability;
use crate::{compare_prepared_records, ComparisonVector, Contribution, PreparedRecord, Score};

impl Linkage {
    /// The waterfall of one pair: the prior, each comparison's weight, the name
    /// frequency adjustments, reviewers' decisions on pairs like it, and the probability.
    pub fn explain(&self, pair: &ScoredPair) -> Score {
        let mut score = self.model.score(&pair.vector);
        self.frequencies.adjust_prepared(
            &mut score,
            &pair.vector,
            &self.prepared[pair.left as usize],
        );
        if let Some(&(same, different)) = self.reviewed.get(&pair.vector) {
            let model_weight = self.model.score(&pair.vector).match_weight;
            let weight = reviewed_weight(model_weight, same, different);
            score.contributions.push(Contribution {
                comparison: "reviewed".into(),
                level: format!("{same} of {} decided the same person", same + different),
                weight,
            });
            score.match_weight += weight;
            score.match_probability = probability(score.match_weight);
        }
        score
    }
}

/// Reviewers' decisions per comparison pattern.
pub(super) fn reviewed_patterns(
    labels: &[Label],
    prepared: &[PreparedRecord],
) -> HashMap<ComparisonVector, (f64, f64)> {
    let mut out: HashMap<ComparisonVector, (f64, f64)> = HashMap::default();
    for l in labels {
        let (a, b) = (l.left as usize, l.right as usize);
        if a == b || a >= prepared.len() || b >= prepared.len() {
            continue;
        }
        let entry = out
            .entry(compare_prepared_records(&prepared[a], &prepared[b]))
            .or_default();
        if l.same {
            entry.0 += 1.0;
        } else {
            entry.1 += 1.0;
        }
    }
    out
}

/// What reviewers' decisions on a pattern add to its weight: the pattern's probability
/// becomes the share decided "same person", the model's own estimate counting as one
/// more decision (as in training), so one "different" halves the odds of a sure pair
/// and many decisions outweigh the model.
pub(super) fn reviewed_weight(model_weight: f64, same: f64, different: f64) -> f64 {
    let model = probability(model_weight);
    let decided = ((same + model) / (same + different + 1.0)).clamp(1e-9, 1.0 - 1e-9);
    (decided / (1.0 - decided)).log2() - model_weight.clamp(-60.0, 60.0)
}

//! Scoring a pair: its match weight and probability, with the contribution of each
//! comparison (the waterfall a reviewer reads). Apart from training: scoring is all a
//! given model is used for.

use serde::{Deserialize, Serialize};

use super::{evidence, log2_odds, Model};
use crate::ComparisonVector;

/// One bar of the waterfall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub comparison: String,
    pub level: String,
    /// log2(m/u): positive is evidence for a match.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub match_weight: f64,
    pub match_probability: f64,
    /// The prior first, then each comparison with evidence.
    pub contributions: Vec<Contribution>,
}

impl Model {
    pub fn score(&self, v: &ComparisonVector) -> Score {
        let mut contributions = vec![Contribution {
            comparison: "prior".into(),
            level: String::new(),
            weight: log2_odds(self.prior),
        }];
        for key in evidence(v) {
            // A level the model has never seen carries no evidence rather than a guess.
            if let Some(p) = self.probabilities(&key) {
                contributions.push(Contribution {
                    comparison: key.0,
                    level: key.1,
                    weight: (p.m / p.u).log2(),
                });
            }
        }
        let match_weight: f64 = contributions.iter().map(|c| c.weight).sum();
        let odds = match_weight.exp2();
        Score {
            match_weight,
            match_probability: if odds.is_infinite() {
                1.0
            } else {
                odds / (1.0 + odds)
            },
            contributions,
        }
    }
}

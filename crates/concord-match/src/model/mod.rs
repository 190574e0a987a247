//! The Fellegi–Sunter model: for each comparison level, m (how often true matches reach
//! it) and u (how often non-matches do). A pair's match weight is the prior's log-odds plus
//! log2(m/u) for every comparison that has evidence; its probability follows. Every score
//! carries the contribution of each comparison (the waterfall a reviewer reads).
//!
//! The model's vocabulary lives here; reading and writing model files, scoring a pair,
//! counting pairs for u, and EM training are each in their own file below.

mod counting;
mod file;
mod score;
mod training;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ComparisonVector, IdentifierKind};

pub(crate) use counting::in_order;
pub use file::{ModelError, MODEL_FORMAT};
pub use score::{Contribution, Score};

/// The level name under which [`Model::estimate_u`] keeps the u of unseen levels.
pub const UNSEEN: &str = "*unseen*";

/// A comparison level's name, e.g. ("surname", "sounds_alike").
pub type LevelKey = (String, String);

/// A level's stable code, as it is written in the model file ("sounds_alike").
pub(crate) fn code<T: Serialize>(level: &T) -> String {
    serde_json::to_value(level)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The levels of a pair that carry evidence ("missing" carries none: its Bayes factor is 1).
pub fn evidence(v: &ComparisonVector) -> Vec<LevelKey> {
    let mut out = vec![];
    let mut push = |comparison: &str, level: String| {
        if level != "missing" {
            out.push((comparison.to_string(), level));
        }
    };
    push("forename", code(&v.names.forename));
    push("surname", code(&v.names.surname));
    push("date_of_birth", code(&v.date_of_birth));
    push("postcode", code(&v.postcode));
    push("address", code(&v.address));
    push("town", code(&v.town));
    push("gender", code(&v.gender));
    for kind in IdentifierKind::ALL {
        push(
            &format!("identifier_{}", code(&kind)),
            code(&v.identifier(kind)),
        );
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Probabilities {
    pub m: f64,
    pub u: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: u32,
    /// The prior probability that two records compared are the same person.
    pub prior: f64,
    /// comparison → level → probabilities.
    pub levels: BTreeMap<String, BTreeMap<String, Probabilities>>,
}

/// Keep learned probabilities away from 0 and 1, where a weight would be infinite.
fn clamp(p: f64) -> f64 {
    p.clamp(1e-6, 1.0 - 1e-6)
}

fn log2_odds(p: f64) -> f64 {
    (p / (1.0 - p)).log2()
}

impl Model {
    fn probabilities(&self, key: &LevelKey) -> Option<Probabilities> {
        self.levels.get(&key.0)?.get(&key.1).copied()
    }
}

/// A starting model: the prior given, and no levels (training fills them).
pub fn starting_model(prior: f64) -> Model {
    Model {
        format: MODEL_FORMAT,
        prior: clamp(prior),
        levels: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests;

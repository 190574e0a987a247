//! Bulk linkage end to end: prepare the records, generate candidate pairs by the blocking
//! rules, estimate u from random pairs and m by EM (unless a model is given), score every
//! candidate with term-frequency adjustment. Used to deduplicate one dataset or link two.
//! Parallel with rayon throughout; deterministic for a given seed.
//!
//! The settings, the results and the run from records to scored pairs live here;
//! generating the candidate pairs, training on them, and reviewers' decisions are each in
//! their own file below.

mod candidate_pairs;
mod reviewed;
mod training;

/// Linkage hashes millions of small keys (comparison vectors): Fx, not SipHash, which
/// guards against crafted keys an extract cannot supply here.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

use rayon::prelude::*;
use serde::Serialize;

use crate::blocking::Keys;
use crate::frequency::probability;
use crate::{BlockingRule, ComparisonVector, MatchRecord, Model, PreparedRecord, TermFrequencies};
use candidate_pairs::{by_vector, candidates, tally};
use reviewed::{reviewed_patterns, reviewed_weight};
use training::train;

/// Which pairs are wanted: within one dataset, or only across two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    Dedupe,
    /// Records before `left` are the first dataset, the rest the second.
    Link {
        left: usize,
    },
}

impl Sides {
    fn wanted(self, a: usize, b: usize) -> bool {
        match self {
            Sides::Dedupe => a != b,
            Sides::Link { left } => (a < left) != (b < left),
        }
    }

    fn total_pairs(self, n: usize) -> f64 {
        match self {
            Sides::Dedupe => n as f64 * (n as f64 - 1.0) / 2.0,
            Sides::Link { left } => left as f64 * (n - left) as f64,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// Candidate pairs are those sharing a key under any of these rules.
    pub rules: Vec<BlockingRule>,
    /// m is estimated by EM on the candidates of each of these rules in turn (each
    /// learns the comparisons it was not blocked on) and averaged.
    pub training_rules: Vec<BlockingRule>,
    /// How many random pairs estimate u.
    pub random_pairs: usize,
    pub seed: u64,
    pub em_iterations: usize,
    /// Blocks bigger than this (a key so common it says nothing) are not compared; each
    /// skip is reported.
    pub max_block: usize,
    /// Scored pairs below this probability are not kept.
    pub keep_from: f64,
    /// Pairs a person has decided (reviewers' "same person" or "different people"):
    /// training takes them as evidence about every pair of their pattern.
    pub labels: Vec<Label>,
}

/// A decided pair, by record index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub left: u32,
    pub right: u32,
    pub same: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: BlockingRule::ALL.to_vec(),
            training_rules: vec![
                BlockingRule::DateOfBirthAndInitials,
                BlockingRule::PostcodeAndSurnameSound,
            ],
            random_pairs: 1_000_000,
            seed: 42,
            em_iterations: 25,
            max_block: 5_000,
            keep_from: 0.01,
            labels: vec![],
        }
    }
}

/// Told how far a long run has got (the CLI draws a progress bar from it).
pub trait Progress: Sync {
    fn start(&self, _stage: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

impl Progress for () {}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoredPair {
    pub left: u32,
    pub right: u32,
    #[serde(skip)]
    pub vector: ComparisonVector,
    pub match_weight: f64,
    pub match_probability: f64,
}

/// What one blocking rule contributed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleReport {
    pub rule: BlockingRule,
    /// Pairs this rule found first (not already found by an earlier rule).
    pub candidates: u64,
    /// Blocks too big to compare, and the size of the biggest.
    pub skipped_blocks: u64,
    pub largest_skipped: usize,
}

pub struct Linkage {
    pub prepared: Vec<PreparedRecord>,
    pub model: Model,
    pub frequencies: TermFrequencies,
    /// Candidate pairs scoring at least `keep_from`, `left < right`.
    pub pairs: Vec<ScoredPair>,
    pub blocking: Vec<RuleReport>,
    /// Every candidate compared (kept or not).
    pub compared: u64,
    /// Reviewers' decisions per comparison pattern: (decided same, decided different).
    pub reviewed: HashMap<ComparisonVector, (f64, f64)>,
}

/// Deduplicate or link `records`. With `model` given it is used as it is (a reviewed,
/// saved model); otherwise one is trained on these records.
pub fn link(
    records: &[MatchRecord],
    sides: Sides,
    settings: &Settings,
    model: Option<&Model>,
    progress: &dyn Progress,
) -> Linkage {
    link_prepared(prepare(records, progress), sides, settings, model, progress)
}

/// Every record made ready to compare (names folded and encoded once, postcodes split,
/// address words found). A caller short of memory prepares, then lets go of the
/// records' text before [`link_prepared`].
pub fn prepare(records: &[MatchRecord], progress: &dyn Progress) -> Vec<PreparedRecord> {
    progress.start("preparing records", records.len() as u64);
    // The bar moves a chunk at a time: a tick per record cost more than some stages.
    let prepared: Vec<PreparedRecord> = records
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            progress.advance(chunk.len() as u64);
            chunk.iter().map(PreparedRecord::new)
        })
        .collect();
    progress.finish();
    prepared
}

/// [`link`] of records already prepared.
pub fn link_prepared(
    prepared: Vec<PreparedRecord>,
    sides: Sides,
    settings: &Settings,
    model: Option<&Model>,
    progress: &dyn Progress,
) -> Linkage {
    progress.start("indexing blocking keys", settings.rules.len() as u64);
    let frequencies = TermFrequencies::from_prepared(&prepared);
    let keys = Keys::new(&settings.rules, &prepared);
    progress.finish();
    let (candidates, blocking) = candidates(&prepared, &keys, sides, settings, progress);
    // The keys found the candidates; scoring does not need them (a tenth of the peak).
    drop(keys);
    progress.start("counting comparison patterns", 0);
    let tally = tally(&candidates);
    progress.finish();
    let all = by_vector(&tally, |_| true);
    let model = match model {
        Some(model) => model.clone(),
        None => train(&prepared, &tally, &all, sides, settings, progress),
    };
    // Each distinct comparison vector's weight, worked out once, with what reviewers
    // decided about pairs of its pattern.
    let reviewed = reviewed_patterns(&settings.labels, &prepared);
    let weights: HashMap<ComparisonVector, f64> = all
        .iter()
        .map(|(v, _)| {
            let w = model.score(v).match_weight;
            let decided = reviewed.get(v).map_or(0.0, |(same, different)| {
                reviewed_weight(w, *same, *different)
            });
            (*v, w + decided)
        })
        .collect();
    let compared = candidates.len() as u64;
    progress.start("scoring pairs", compared);
    let pairs = candidates
        .into_par_iter()
        .filter_map(|c| {
            let weight =
                weights[&c.vector] + frequencies.weight(&c.vector, &prepared[c.a as usize]);
            let p = probability(weight);
            (p >= settings.keep_from).then_some(ScoredPair {
                left: c.a,
                right: c.b,
                vector: c.vector,
                match_weight: weight,
                match_probability: p,
            })
        })
        .collect();
    progress.finish();
    Linkage {
        prepared,
        model,
        frequencies,
        pairs,
        blocking,
        compared,
        reviewed,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn person(id: &str, forename: &str, surname: &str, day: u32) -> MatchRecord {
        MatchRecord {
            id: id.into(),
            forename: Some(forename.into()),
            surname: Some(surname.into()),
            date_of_birth: NaiveDate::from_ymd_opt(1980, 1, day),
            postcode: Some(format!("CM{day} 1AA")),
            ..MatchRecord::default()
        }
    }

    fn settings() -> Settings {
        Settings {
            random_pairs: 2_000,
            ..Settings::default()
        }
    }

    #[test]
    fn a_link_with_an_empty_side_finds_nothing_and_does_not_fail() {
        let left = vec![
            person("A", "Darren", "Dolby", 4),
            person("B", "Dan", "Dolby", 4),
        ];
        let linkage = link(&left, Sides::Link { left: 2 }, &settings(), None, &());
        assert!(linkage.pairs.is_empty());
        assert_eq!(linkage.compared, 0);
    }

    #[test]
    fn each_pair_is_compared_once_however_many_rules_find_it() {
        let mut records: Vec<MatchRecord> = (1..=28)
            .map(|d| person(&format!("F{d}"), "Filler", &format!("Name{d}"), d))
            .collect();
        records.push(person("P1", "Darren", "Dolby", 4));
        records.push(person("P2", "Darren", "Dolby", 4));
        let linkage = link(&records, Sides::Dedupe, &settings(), None, &());
        let found: Vec<(u32, u32)> = linkage.pairs.iter().map(|p| (p.left, p.right)).collect();
        // P1 and P2 agree under several rules (date and initials, full name, postcode).
        assert_eq!(
            found.iter().filter(|p| **p == (28, 29)).count(),
            1,
            "{found:?}"
        );
        let compared: u64 = linkage.blocking.iter().map(|r| r.candidates).sum();
        assert_eq!(compared, linkage.compared);
    }

    #[test]
    fn a_reviewers_decision_lowers_every_pair_of_its_pattern_and_is_explained() {
        let mut records: Vec<MatchRecord> = (1..=28)
            .map(|d| person(&format!("F{d}"), "Filler", &format!("Name{d}"), d))
            .collect();
        // Two pairs alike in every comparison: twins' records, say.
        records.push(person("A1", "Darren", "Dolby", 4));
        records.push(person("A2", "Darren", "Dolby", 4));
        records.push(person("B1", "Wayne", "Rooke", 9));
        records.push(person("B2", "Wayne", "Rooke", 9));
        let keep_all = Settings {
            keep_from: 0.0,
            ..settings()
        };
        let before = link(&records, Sides::Dedupe, &keep_all, None, &());
        let decided = Settings {
            labels: vec![Label {
                left: 28,
                right: 29,
                same: false,
            }],
            ..keep_all
        };
        let after = link(&records, Sides::Dedupe, &decided, None, &());
        let pair = |l: &Linkage, a: u32, b: u32| {
            *l.pairs
                .iter()
                .find(|p| (p.left, p.right) == (a, b))
                .unwrap()
        };
        // The undecided pair of the same pattern scores lower…
        let (b0, b1) = (pair(&before, 30, 31), pair(&after, 30, 31));
        assert!(
            b1.match_weight < b0.match_weight - 0.5,
            "{b0:?} then {b1:?}"
        );
        // …and its explanation says why, adding up to its weight.
        let explained = after.explain(&b1);
        let bar = explained
            .contributions
            .iter()
            .find(|c| c.comparison == "reviewed")
            .unwrap();
        assert_eq!(bar.level, "0 of 1 decided the same person");
        assert!((explained.match_weight - b1.match_weight).abs() < 1e-9);
    }
}

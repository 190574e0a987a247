//! The Fellegi–Sunter model: for each comparison level, m (how often true matches reach
//! it) and u (how often non-matches do). A pair's match weight is the prior's log-odds plus
//! log2(m/u) for every comparison that has evidence; its probability follows. Every score
//! carries the contribution of each comparison (the waterfall a reviewer reads).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ComparisonVector, IdentifierKind};

/// The version of the model file format this build reads and writes.
pub const MODEL_FORMAT: u32 = 1;

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

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("the model file is not valid JSON: {0}")]
    Corrupt(String),
    #[error(
        "the model file has format {found}; this version of Concord reads format {MODEL_FORMAT}"
    )]
    Incompatible { found: u32 },
    #[error("the model's {what} is {value}, which is not a probability strictly between 0 and 1")]
    NotAProbability { what: String, value: f64 },
}

/// Keep learned probabilities away from 0 and 1, where a weight would be infinite.
fn clamp(p: f64) -> f64 {
    p.clamp(1e-6, 1.0 - 1e-6)
}

fn log2_odds(p: f64) -> f64 {
    (p / (1.0 - p)).log2()
}

impl Model {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a model file, refusing anything this build cannot trust.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        #[derive(Deserialize)]
        struct Header {
            format: u32,
        }
        let header: Header =
            serde_json::from_str(text).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        if header.format != MODEL_FORMAT {
            return Err(ModelError::Incompatible {
                found: header.format,
            });
        }
        let model: Model =
            serde_json::from_str(text).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let check = |what: String, value: f64| {
            if value > 0.0 && value < 1.0 {
                Ok(())
            } else {
                Err(ModelError::NotAProbability { what, value })
            }
        };
        check("prior".into(), model.prior)?;
        for (comparison, levels) in &model.levels {
            for (level, p) in levels {
                check(format!("m of {comparison} {level}"), p.m)?;
                check(format!("u of {comparison} {level}"), p.u)?;
            }
        }
        Ok(model)
    }

    fn probabilities(&self, key: &LevelKey) -> Option<Probabilities> {
        self.levels.get(&key.0)?.get(&key.1).copied()
    }

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

/// Weighted frequency of each level within its comparison.
fn frequencies(pairs: impl Iterator<Item = (Vec<LevelKey>, f64)>) -> BTreeMap<LevelKey, f64> {
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

/// A starting model: the prior given, and no levels (training fills them).
pub fn starting_model(prior: f64) -> Model {
    Model {
        format: MODEL_FORMAT,
        prior: clamp(prior),
        levels: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate};

    use super::*;
    use crate::{compare_records, IdentifierKind, MatchRecord};

    const FORENAMES: [&str; 12] = [
        "John", "David", "Sarah", "Emma", "Craig", "Darren", "Lucy", "Imran", "Priya", "Tom",
        "Gemma", "Neil",
    ];
    const STEMS: [&str; 20] = [
        "Ash", "Brad", "Cal", "Dun", "Ell", "Fair", "Gold", "Hart", "Ing", "Kent", "Lang", "Mar",
        "Nor", "Oak", "Pen", "Rad", "Shel", "Thorn", "Wal", "York",
    ];
    const ENDS: [&str; 30] = [
        "by", "ford", "ley", "ton", "well", "wood", "field", "worth", "ham", "stead", "more",
        "dale", "bury", "wick", "croft", "hurst", "combe", "gate", "land", "mead", "bridge",
        "brook", "thorpe", "shaw", "den", "low", "ridge", "stone", "wright", "ington",
    ];

    /// A small deterministic generator (splitmix64), so the pairs are spread like random
    /// ones without the regularities of modular arithmetic.
    fn mix(seed: u64) -> u64 {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Six other people with the same forename as person i (what blocking on forename
    /// would give).
    fn same_forename(i: usize) -> impl Iterator<Item = usize> {
        (1..=6u64)
            .map(move |t| (i % 12) + 12 * (mix(i as u64 * 31 + t) % 50) as usize)
            .filter(move |j| *j != i)
    }

    /// Person i, deterministic; `noisy` gives the kind of record another agency holds.
    fn person(i: usize, noisy: bool) -> MatchRecord {
        let mut forename = FORENAMES[i % 12].to_string();
        // Surnames are (almost) unique, as in a real register; forenames are common.
        let mut surname = format!("{}{}", STEMS[i % 20], ENDS[(i / 20) % 30]);
        let h = mix(i as u64 + 7_000);
        let (mut d, m, y) = (
            (h % 28) as u32 + 1,
            ((h >> 8) % 12) as u32 + 1,
            1960 + ((h >> 16) % 40) as i32,
        );
        if noisy {
            match i % 4 {
                0 => forename.push('e'),
                1 => surname = surname.replace('o', "e"),
                2 => d = if d < 28 { d + 1 } else { 1 },
                _ => {}
            }
        }
        MatchRecord {
            id: format!("{}{i}", if noisy { "N" } else { "P" }),
            forename: Some(forename),
            surname: Some(surname),
            date_of_birth: NaiveDate::from_ymd_opt(y, m, d),
            postcode: Some(format!(
                "CM{} {}{}B",
                (h >> 24) % 9 + 1,
                (h >> 32) % 10,
                (b'A' + ((h >> 40) % 26) as u8) as char
            )),
            address: None,
            town: None,
            gender: Some(
                if i.is_multiple_of(5) {
                    "female"
                } else {
                    "male"
                }
                .into(),
            ),
            identifiers: if i.is_multiple_of(3) {
                vec![(IdentifierKind::Pnc, format!("2001/{i:07}X"))]
            } else {
                vec![]
            },
        }
    }

    fn trained() -> Model {
        let people: Vec<MatchRecord> = (0..600).map(|i| person(i, false)).collect();
        let noisy: Vec<MatchRecord> = (0..600).map(|i| person(i, true)).collect();
        // Random pairs for u: each person against ten others spread through the list.
        let random: Vec<ComparisonVector> = (0..600)
            .flat_map(|i| (1..=10u64).map(move |k| (i, (mix(i as u64 * 1000 + k) % 600) as usize)))
            .filter(|(i, j)| i != j)
            .map(|(i, j)| compare_records(&people[i], &noisy[j]))
            .collect();
        // Candidate pairs as blocking on forename would give: each true pair, and six
        // other people with the same forename.
        let mut candidates = vec![];
        for (i, p) in people.iter().enumerate() {
            candidates.push(compare_records(p, &noisy[i]));
            for j in same_forename(i) {
                candidates.push(compare_records(p, &noisy[j]));
            }
        }
        let u = Model::estimate_u(&random);
        Model::train(&candidates, &u, &starting_model(0.1), &["forename"], 50)
    }

    #[test]
    fn a_trained_model_tells_the_same_person_from_a_stranger() {
        let model = trained();
        // Without a single label, the trained model separates the candidates it learnt
        // from: every true pair above 0.5, nearly every other pair below.
        let (mut true_pos, mut false_pos) = (0, 0);
        for i in 0..600 {
            let p = person(i, false);
            if model
                .score(&compare_records(&p, &person(i, true)))
                .match_probability
                > 0.5
            {
                true_pos += 1;
            }
            for j in same_forename(i) {
                if model
                    .score(&compare_records(&p, &person(j, true)))
                    .match_probability
                    > 0.5
                {
                    false_pos += 1;
                }
            }
        }
        assert!(
            true_pos >= 590,
            "recall: {true_pos} of 600 true pairs found"
        );
        assert!(false_pos <= 10, "precision: {false_pos} false links");
        let same = model.score(&compare_records(&person(42, false), &person(42, true)));
        let stranger = model.score(&compare_records(&person(42, false), &person(313, true)));
        assert!(same.match_probability > 0.95, "same person: {same:?}");
        assert!(stranger.match_probability < 0.05, "stranger: {stranger:?}");
        assert_eq!(same.contributions[0].comparison, "prior");
        let sum: f64 = same.contributions.iter().map(|c| c.weight).sum();
        assert!(
            (sum - same.match_weight).abs() < 1e-9,
            "the waterfall adds up to the weight"
        );
        let surname = same
            .contributions
            .iter()
            .find(|c| c.comparison == "surname")
            .unwrap();
        assert!(
            surname.weight > 0.0,
            "an agreeing surname is evidence for: {surname:?}"
        );
    }

    /// Person i's namesake at the same address: a father and son of one name, the
    /// classic pair that agrees on everything but the date of birth.
    fn namesake(i: usize) -> MatchRecord {
        let mut r = person(i, false);
        r.id = format!("T{i}");
        r.date_of_birth = r.date_of_birth.and_then(|d| d.with_year(d.year() - 26));
        r.identifiers.clear();
        r
    }

    #[test]
    fn reviewers_decisions_teach_the_model_what_a_namesake_is() {
        let people: Vec<MatchRecord> = (0..600).map(|i| person(i, false)).collect();
        let noisy: Vec<MatchRecord> = (0..600).map(|i| person(i, true)).collect();
        let random: Vec<ComparisonVector> = (0..600)
            .flat_map(|i| (1..=10u64).map(move |k| (i, (mix(i as u64 * 1000 + k) % 600) as usize)))
            .filter(|(i, j)| i != j)
            .map(|(i, j)| compare_records(&people[i], &noisy[j]))
            .collect();
        let u = Model::estimate_u(&random);
        // Candidates blocked on the full name: each true pair, and for a third of the
        // people a namesake at the same address, whom EM alone half believes.
        let mut candidates: Vec<ComparisonVector> = (0..600)
            .map(|i| compare_records(&people[i], &noisy[i]))
            .collect();
        candidates.extend((0..200).map(|i| compare_records(&people[i], &namesake(i))));
        let counted = count(&candidates);
        let blocked = ["forename", "surname"];
        let alone = Model::train_counted(&counted, &u, &starting_model(0.1), &blocked, 50);
        // A reviewer decided forty namesake pairs and forty true pairs.
        let labels: Vec<(ComparisonVector, bool)> = (0..40)
            .map(|i| (compare_records(&people[i], &namesake(i)), false))
            .chain((300..340).map(|i| (compare_records(&people[i], &noisy[i]), true)))
            .collect();
        let taught =
            Model::train_labelled(&counted, &labels, &u, &starting_model(0.1), &blocked, 50);
        // The evidence of a pair, without the prior (which labels also move).
        let evidence = |m: &Model, v: &ComparisonVector| {
            let s = m.score(v);
            s.match_weight - s.contributions[0].weight
        };
        // An undecided namesake now weighs less; an undecided true pair no less.
        let stranger = compare_records(&people[150], &namesake(150));
        assert!(
            evidence(&taught, &stranger) < evidence(&alone, &stranger) - 1.0,
            "namesake: alone {}, taught {}",
            evidence(&alone, &stranger),
            evidence(&taught, &stranger)
        );
        let same = compare_records(&people[500], &noisy[500]);
        assert!(
            evidence(&taught, &same) >= evidence(&alone, &same) - 0.5,
            "true pair: alone {}, taught {}",
            evidence(&alone, &same),
            evidence(&taught, &same)
        );
        assert!(taught.score(&same).match_probability > 0.9);
    }

    #[test]
    fn a_missing_value_is_no_evidence_either_way() {
        let model = trained();
        let mut without_dob = person(42, true);
        without_dob.date_of_birth = None;
        let score = model.score(&compare_records(&person(42, false), &without_dob));
        assert!(score
            .contributions
            .iter()
            .all(|c| c.comparison != "date_of_birth"));
    }

    #[test]
    fn a_model_file_round_trips_and_a_bad_one_is_refused_with_a_reason() {
        let model = trained();
        let back = Model::from_json(&model.to_json()).unwrap();
        assert!((back.prior - model.prior).abs() < 1e-12);
        for (comparison, levels) in &model.levels {
            for (level, p) in levels {
                let q = back.levels[comparison][level];
                assert!(
                    (p.m - q.m).abs() < 1e-12 && (p.u - q.u).abs() < 1e-12,
                    "{comparison} {level}"
                );
            }
        }
        assert!(matches!(
            Model::from_json("{ not json"),
            Err(ModelError::Corrupt(_))
        ));
        let future = model
            .to_json()
            .replacen("\"format\": 1", "\"format\": 99", 1);
        assert_eq!(
            Model::from_json(&future),
            Err(ModelError::Incompatible { found: 99 })
        );
        let mut broken = model.clone();
        broken.prior = 1.5;
        let err = Model::from_json(&broken.to_json()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the model's prior is 1.5, which is not a probability strictly between 0 and 1"
        );
    }
}

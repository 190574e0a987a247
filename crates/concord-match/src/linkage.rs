//! Bulk linkage end to end: prepare the records, generate candidate pairs by the blocking
//! rules, estimate u from random pairs and m by EM (unless a model is given), score every
//! candidate with term-frequency adjustment. Used to deduplicate one dataset or link two.
//! Parallel with rayon throughout; deterministic for a given seed.

use std::collections::BTreeMap;

/// Linkage hashes millions of small keys (comparison vectors): Fx, not SipHash, which
/// guards against crafted keys an extract cannot supply here.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

use rayon::prelude::*;
use serde::Serialize;

use crate::blocking::Keys;
use crate::frequency::probability;
use crate::model::{in_order, LevelKey};
use crate::{
    compare_prepared_records, starting_model, BlockingRule, ComparisonVector, Contribution,
    MatchRecord, Model, PreparedRecord, Score, TermFrequencies,
};

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
fn reviewed_patterns(
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
fn reviewed_weight(model_weight: f64, same: f64, different: f64) -> f64 {
    let model = probability(model_weight);
    let decided = ((same + model) / (same + different + 1.0)).clamp(1e-9, 1.0 - 1e-9);
    (decided / (1.0 - decided)).log2() - model_weight.clamp(-60.0, 60.0)
}

struct Candidate {
    a: u32,
    b: u32,
    vector: ComparisonVector,
    /// The rules (bit per rule) under which the pair shares a key.
    rules: u16,
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

/// The candidates' distinct (comparison vector, rules) with how many of each: training
/// and scoring work over these (thousands) rather than the candidates (millions).
fn tally(candidates: &[Candidate]) -> HashMap<(ComparisonVector, u16), f64> {
    candidates
        .par_iter()
        .fold(HashMap::default, |mut counts, c| {
            *counts.entry((c.vector, c.rules)).or_default() += 1.0;
            counts
        })
        .reduce(HashMap::default, merge)
}

/// The tallied vectors whose rules pass `wanted`, counted by vector alone.
fn by_vector(
    tally: &HashMap<(ComparisonVector, u16), f64>,
    wanted: impl Fn(u16) -> bool,
) -> Vec<(ComparisonVector, f64)> {
    let mut counts: HashMap<ComparisonVector, f64> = HashMap::default();
    for ((v, rules), n) in tally {
        if wanted(*rules) {
            *counts.entry(*v).or_default() += n;
        }
    }
    in_order(counts)
}

fn candidates(
    prepared: &[PreparedRecord],
    keys: &Keys,
    sides: Sides,
    settings: &Settings,
    progress: &dyn Progress,
) -> (Vec<Candidate>, Vec<RuleReport>) {
    let mut all = vec![];
    let mut reports = vec![];
    for (r, rule) in settings.rules.iter().enumerate() {
        let mut entries: Vec<(u64, u32)> = (0..keys.records())
            .flat_map(|i| keys.of(r, i).iter().map(move |k| (*k, i as u32)))
            .collect();
        entries.par_sort_unstable();
        let blocks: Vec<&[(u64, u32)]> = entries
            .chunk_by(|x, y| x.0 == y.0)
            .filter(|b| b.len() > 1)
            .collect();
        let (blocks, skipped): (Vec<_>, Vec<_>) = blocks
            .into_iter()
            .partition(|b| b.len() <= settings.max_block);
        progress.start(
            &format!("comparing pairs blocked on {}", rule.name()),
            blocks.len() as u64,
        );
        let found: Vec<Candidate> = blocks
            .par_iter()
            .flat_map_iter(|block| {
                progress.advance(1);
                pairs_in(block, r, keys, sides).map(|(a, b, rules)| Candidate {
                    a,
                    b,
                    vector: compare_prepared_records(&prepared[a as usize], &prepared[b as usize]),
                    rules,
                })
            })
            .collect();
        progress.finish();
        reports.push(RuleReport {
            rule: *rule,
            candidates: found.len() as u64,
            skipped_blocks: skipped.len() as u64,
            largest_skipped: skipped.iter().map(|b| b.len()).max().unwrap_or(0),
        });
        all.extend(found);
    }
    (all, reports)
}

/// The pairs of one block that this rule is the first to find, with the rules each pair
/// shares a key under: a pair sharing a key under an earlier rule was found there, and
/// one sharing several keys under this rule (two identifiers) is taken in the block of
/// the smallest.
fn pairs_in<'a>(
    block: &'a [(u64, u32)],
    rule: usize,
    keys: &'a Keys,
    sides: Sides,
) -> impl Iterator<Item = (u32, u32, u16)> + 'a {
    let key = block[0].0;
    let earlier = (1u16 << rule) - 1;
    block.iter().enumerate().flat_map(move |(x, &(_, i))| {
        block[x + 1..].iter().filter_map(move |&(_, j)| {
            let (a, b) = (i.min(j), i.max(j));
            let (ua, ub) = (a as usize, b as usize);
            if a == b || !sides.wanted(ua, ub) {
                return None;
            }
            let shared = keys.shared(ua, ub, rule);
            (shared.mask & earlier == 0 && shared.first_key == Some(key)).then_some((
                a,
                b,
                shared.mask,
            ))
        })
    })
}

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

fn merge<K: std::hash::Hash + Eq>(mut a: HashMap<K, f64>, b: HashMap<K, f64>) -> HashMap<K, f64> {
    for (v, n) in b {
        *a.entry(v).or_default() += n;
    }
    a
}

/// u from random pairs; m by EM on each training rule's candidates, averaged over the
/// passes that could learn it; the prior from all candidates.
fn train(
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

//! Candidate pairs: the pairs sharing a key under a blocking rule, each found once (by
//! the first rule that finds it), and their tally by comparison pattern. Apart from
//! scoring and training because this is where the millions of comparisons are made.

use rayon::prelude::*;

use super::{HashMap, Progress, RuleReport, Settings, Sides};
use crate::blocking::Keys;
use crate::model::in_order;
use crate::{compare_prepared_records, ComparisonVector, PreparedRecord};

pub(super) struct Candidate {
    pub(super) a: u32,
    pub(super) b: u32,
    pub(super) vector: ComparisonVector,
    /// The rules (bit per rule) under which the pair shares a key.
    pub(super) rules: u16,
}

/// The candidates' distinct (comparison vector, rules) with how many of each: training
/// and scoring work over these (thousands) rather than the candidates (millions).
pub(super) fn tally(candidates: &[Candidate]) -> HashMap<(ComparisonVector, u16), f64> {
    candidates
        .par_iter()
        .fold(HashMap::default, |mut counts, c| {
            *counts.entry((c.vector, c.rules)).or_default() += 1.0;
            counts
        })
        .reduce(HashMap::default, merge)
}

/// The tallied vectors whose rules pass `wanted`, counted by vector alone.
pub(super) fn by_vector(
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

pub(super) fn candidates(
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

pub(super) fn merge<K: std::hash::Hash + Eq>(
    mut a: HashMap<K, f64>,
    b: HashMap<K, f64>,
) -> HashMap<K, f64> {
    for (v, n) in b {
        *a.entry(v).or_default() += n;
    }
    a
}

//! Term-frequency adjustment: agreeing on "Smith" (one person in eighty) is weaker
//! evidence than agreeing on "Wilonchurch" (one in a million). The model's u for an exact
//! name is an average over all names; for a pair that agrees on a name, the adjustment
//! replaces it with that name's own frequency, shown as a separate bar of the waterfall.

use std::collections::HashMap;

use crate::model::code;
use crate::names::fold;
use crate::{Contribution, MatchRecord, NameLevel, Score};

/// How often each folded forename and surname occurs among a set of records.
#[derive(Debug, Clone, Default)]
pub struct TermFrequencies {
    forenames: HashMap<String, f64>,
    surnames: HashMap<String, f64>,
}

fn shares(values: impl Iterator<Item = String>) -> HashMap<String, f64> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut total: f64 = 0.0;
    for v in values {
        *counts.entry(v).or_default() += 1.0;
        total += 1.0;
    }
    counts.values_mut().for_each(|c| *c /= total.max(1.0));
    counts
}

impl TermFrequencies {
    pub fn from_records(records: &[MatchRecord]) -> Self {
        Self {
            forenames: shares(records.iter().filter_map(|r| fold(r.forename.as_deref()))),
            surnames: shares(records.iter().filter_map(|r| fold(r.surname.as_deref()))),
        }
    }

    /// Add the adjustment bars to a score of `left` against `right`: for each name on
    /// which they agree exactly, log2(average u / this name's frequency). A name not in
    /// the table (rarer than anything seen) gets the rarest seen frequency.
    pub fn adjust(&self, score: &mut Score, left: &MatchRecord, right: &MatchRecord) {
        for (comparison, table, l, r) in [
            ("forename", &self.forenames, &left.forename, &right.forename),
            ("surname", &self.surnames, &left.surname, &right.surname),
        ] {
            let exact = score
                .contributions
                .iter()
                .any(|c| c.comparison == comparison && c.level == code(&NameLevel::Exact));
            let (Some(l), Some(r)) = (fold(l.as_deref()), fold(r.as_deref())) else {
                continue;
            };
            if !exact || l != r || table.is_empty() {
                continue;
            }
            let rarest = table.values().copied().fold(f64::INFINITY, f64::min);
            let frequency = table.get(&l).copied().unwrap_or(rarest);
            // The average u of an exact match is the chance two random records agree:
            // the sum of squared shares.
            let average: f64 = table.values().map(|s| s * s).sum();
            let weight = (average / frequency).log2();
            score.contributions.push(Contribution {
                comparison: format!("{comparison} frequency"),
                level: l,
                weight,
            });
            score.match_weight += weight;
        }
        let odds = score.match_weight.exp2();
        score.match_probability = if odds.is_infinite() {
            1.0
        } else {
            odds / (1.0 + odds)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(forename: &str, surname: &str) -> MatchRecord {
        MatchRecord {
            forename: Some(forename.into()),
            surname: Some(surname.into()),
            ..MatchRecord::default()
        }
    }

    fn exact_score() -> Score {
        Score {
            match_weight: 0.0,
            match_probability: 0.5,
            contributions: vec![
                Contribution {
                    comparison: "forename".into(),
                    level: "exact".into(),
                    weight: 0.0,
                },
                Contribution {
                    comparison: "surname".into(),
                    level: "exact".into(),
                    weight: 0.0,
                },
            ],
        }
    }

    #[test]
    fn agreeing_on_a_common_surname_counts_for_less_than_on_a_rare_one() {
        let mut records: Vec<MatchRecord> = (0..80).map(|_| named("John", "Smith")).collect();
        records.extend((0..20).map(|i| named("John", &format!("Rare{i}"))));
        let tf = TermFrequencies::from_records(&records);
        let mut common = exact_score();
        tf.adjust(
            &mut common,
            &named("John", "Smith"),
            &named("John", "Smith"),
        );
        let mut rare = exact_score();
        tf.adjust(&mut rare, &named("John", "Rare3"), &named("John", "Rare3"));
        assert!(
            rare.match_weight > common.match_weight + 4.0,
            "{rare:?} vs {common:?}"
        );
        let bar = rare
            .contributions
            .iter()
            .find(|c| c.comparison == "surname frequency")
            .unwrap();
        assert_eq!(bar.level, "rare3");
        let sum: f64 = rare.contributions.iter().map(|c| c.weight).sum();
        assert!((sum - rare.match_weight).abs() < 1e-9);
    }

    #[test]
    fn no_adjustment_without_exact_agreement() {
        let tf = TermFrequencies::from_records(&[named("John", "Smith"), named("Jon", "Smyth")]);
        let mut score = Score {
            match_weight: 1.0,
            match_probability: 2.0 / 3.0,
            contributions: vec![Contribution {
                comparison: "surname".into(),
                level: "sounds_alike".into(),
                weight: 1.0,
            }],
        };
        tf.adjust(&mut score, &named("Jon", "Smith"), &named("Jon", "Smyth"));
        assert_eq!(score.contributions.len(), 1);
        assert_eq!(score.match_weight, 1.0);
    }
}

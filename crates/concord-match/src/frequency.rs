//! Term-frequency adjustment: agreeing on "Smith" (one person in eighty) is weaker
//! evidence than agreeing on "Wilonchurch" (one in a million). The model's u for an exact
//! name is an average over all names; for a pair that agrees on a name, the adjustment
//! replaces it with that name's own frequency, shown as a separate bar of the waterfall.

/// Looked up for every candidate pair: Fx hashing, not SipHash.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

use crate::names::PreparedName;
use crate::{
    compare_prepared_records, ComparisonVector, Contribution, MatchRecord, NameLevel,
    PreparedRecord, Score,
};

/// How often each folded forename and surname occurs among a set of records.
#[derive(Debug, Clone, Default)]
pub struct TermFrequencies {
    forenames: Table,
    surnames: Table,
}

/// One name's shares, with the two figures every adjustment needs worked out once.
#[derive(Debug, Clone, Default)]
struct Table {
    shares: HashMap<String, f64>,
    /// The chance two random records agree (the average u of an exact match): the sum
    /// of squared shares.
    average: f64,
    /// The rarest share seen: what a name not in the table is taken to have.
    rarest: f64,
}

impl Table {
    fn new<'a>(values: impl Iterator<Item = &'a str>) -> Table {
        let mut shares: HashMap<String, f64> = HashMap::default();
        let mut total: f64 = 0.0;
        for v in values {
            *shares.entry(v.to_string()).or_default() += 1.0;
            total += 1.0;
        }
        shares.values_mut().for_each(|c| *c /= total.max(1.0));
        Table {
            average: shares.values().map(|s| s * s).sum(),
            rarest: shares.values().copied().fold(f64::INFINITY, f64::min),
            shares,
        }
    }

    /// log2(average u / this name's share): positive for a rare name, negative for a
    /// common one.
    fn weight(&self, name: &str) -> Option<f64> {
        if self.shares.is_empty() {
            return None;
        }
        let share = self.shares.get(name).copied().unwrap_or(self.rarest);
        Some((self.average / share).log2())
    }
}

impl TermFrequencies {
    pub fn from_records(records: &[MatchRecord]) -> Self {
        let prepared: Vec<PreparedRecord> = records.iter().map(PreparedRecord::new).collect();
        Self::from_prepared(&prepared)
    }

    pub fn from_prepared(records: &[PreparedRecord]) -> Self {
        Self {
            forenames: Table::new(
                records
                    .iter()
                    .filter_map(|r| Some(r.forename.as_ref()?.folded.as_str())),
            ),
            surnames: Table::new(
                records
                    .iter()
                    .filter_map(|r| Some(r.surname.as_ref()?.folded.as_str())),
            ),
        }
    }

    /// The adjustment bars of a pair: for each name on which the records agree exactly
    /// (the same name, not swapped), the name and its weight.
    pub(crate) fn bars<'a>(
        &self,
        v: &ComparisonVector,
        left: &'a PreparedRecord,
    ) -> [Option<(&'static str, &'a str, f64)>; 2] {
        let exact = |level: NameLevel| level == NameLevel::Exact && !v.names.swapped;
        let bar = |label, table: &Table, name: Option<&'a PreparedName>, agree: bool| {
            let name = name.filter(|_| agree)?;
            Some((label, name.folded.as_str(), table.weight(&name.folded)?))
        };
        [
            bar(
                "forename frequency",
                &self.forenames,
                left.forename.as_ref(),
                exact(v.names.forename),
            ),
            bar(
                "surname frequency",
                &self.surnames,
                left.surname.as_ref(),
                exact(v.names.surname),
            ),
        ]
    }

    /// The total adjustment of a pair (the fast path of bulk linkage).
    pub(crate) fn weight(&self, v: &ComparisonVector, left: &PreparedRecord) -> f64 {
        self.bars(v, left).iter().flatten().map(|(_, _, w)| w).sum()
    }

    /// Add the adjustment bars to a score of `left` against `right`.
    pub fn adjust(&self, score: &mut Score, left: &MatchRecord, right: &MatchRecord) {
        let (l, r) = (PreparedRecord::new(left), PreparedRecord::new(right));
        let v = compare_prepared_records(&l, &r);
        self.adjust_prepared(score, &v, &l);
    }

    pub(crate) fn adjust_prepared(
        &self,
        score: &mut Score,
        v: &ComparisonVector,
        left: &PreparedRecord,
    ) {
        for (bar, name, weight) in self.bars(v, left).into_iter().flatten() {
            score.contributions.push(Contribution {
                comparison: bar.into(),
                level: name.into(),
                weight,
            });
            score.match_weight += weight;
        }
        score.match_probability = probability(score.match_weight);
    }
}

/// The probability of a match weight (log2 odds).
pub(crate) fn probability(match_weight: f64) -> f64 {
    let odds = match_weight.exp2();
    if odds.is_infinite() {
        1.0
    } else {
        odds / (1.0 + odds)
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
        tf.adjust(&mut score, &named("John", "Smith"), &named("Jon", "Smyth"));
        assert_eq!(score.contributions.len(), 1);
        assert_eq!(score.match_weight, 1.0);
    }
}

//! Real-time linkage: one incoming record against the whole register, while the user
//! waits ("this may be the same person as …" before a record is saved). The register's
//! records are prepared and indexed by every blocking key once; a lookup compares only
//! the records sharing a key with the incoming one.

use std::collections::HashMap;

use crate::{
    compare_prepared_records, BlockingRule, MatchRecord, Model, PreparedRecord, Score,
    TermFrequencies,
};

pub struct Register {
    ids: Vec<String>,
    prepared: Vec<PreparedRecord>,
    rules: Vec<BlockingRule>,
    /// Per rule: key → the records holding it.
    index: Vec<HashMap<u64, Vec<u32>>>,
    /// Name keys → the records holding them: a search by name alone has no date of
    /// birth or postcode to block on, but must still find "Smyth" for "Smith" (the
    /// surname's sound) and "Jordan Waker" for "Jordan Walker" (the forename's sound
    /// and the surname's initial).
    name_keys: HashMap<String, Vec<u32>>,
    model: Model,
    frequencies: TermFrequencies,
}

/// A register record that may be the same person, with the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub score: Score,
}

impl Register {
    /// The model's m and u are used as trained; its prior is not. Training's prior is
    /// the chance that two records of one file are the same person — near zero on a
    /// register without duplicates yet. One record looked up against a register of N is
    /// someone on it with a chance of about one in N for each record.
    pub fn new(records: &[MatchRecord], mut model: Model, rules: &[BlockingRule]) -> Register {
        model.prior = (1.0 / records.len().max(2) as f64).clamp(1e-12, 0.5);
        let prepared: Vec<PreparedRecord> = {
            use rayon::prelude::*;
            records.par_iter().map(PreparedRecord::new).collect()
        };
        let mut index: Vec<HashMap<u64, Vec<u32>>> = vec![HashMap::new(); rules.len()];
        for (i, r) in prepared.iter().enumerate() {
            for (rule, keys) in rules.iter().zip(index.iter_mut()) {
                for key in rule.keys(r) {
                    keys.entry(key).or_default().push(i as u32);
                }
            }
        }
        let mut name_keys: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, r) in prepared.iter().enumerate() {
            for key in r.search_keys() {
                name_keys.entry(key).or_default().push(i as u32);
            }
        }
        Register {
            name_keys,
            ids: records.iter().map(|r| r.id.clone()).collect(),
            frequencies: TermFrequencies::from_prepared(&prepared),
            prepared,
            rules: rules.to_vec(),
            index,
            model,
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Register records scoring at least `threshold` against `record`, best first.
    /// Blocks bigger than `max_block` are passed over, as in bulk linkage.
    pub fn candidates(
        &self,
        record: &MatchRecord,
        threshold: f64,
        max_block: usize,
    ) -> Vec<Candidate> {
        let incoming = PreparedRecord::new(record);
        let seen = self.blocked(&incoming, max_block);
        self.score(record, &incoming, seen, threshold)
    }

    /// A search: like [`Register::candidates`], and also every record sharing a name
    /// key with the one searched for, so a name without a date of birth is found
    /// however it was misspelt on either side.
    pub fn search(&self, record: &MatchRecord, threshold: f64, max_block: usize) -> Vec<Candidate> {
        let incoming = PreparedRecord::new(record);
        let mut seen = self.blocked(&incoming, max_block);
        for key in incoming.search_keys() {
            if let Some(block) = self.name_keys.get(&key).filter(|b| b.len() <= max_block) {
                seen.extend(block);
            }
        }
        self.score(record, &incoming, seen, threshold)
    }

    fn blocked(&self, incoming: &PreparedRecord, max_block: usize) -> Vec<u32> {
        let mut seen: Vec<u32> = vec![];
        for (rule, keys) in self.rules.iter().zip(&self.index) {
            for key in rule.keys(incoming) {
                if let Some(block) = keys.get(&key).filter(|b| b.len() <= max_block) {
                    seen.extend(block);
                }
            }
        }
        seen
    }

    fn score(
        &self,
        record: &MatchRecord,
        incoming: &PreparedRecord,
        mut seen: Vec<u32>,
        threshold: f64,
    ) -> Vec<Candidate> {
        seen.sort_unstable();
        seen.dedup();
        let mut found: Vec<Candidate> = seen
            .into_iter()
            .filter(|&i| self.ids[i as usize] != record.id)
            .filter_map(|i| {
                let other = &self.prepared[i as usize];
                let v = compare_prepared_records(incoming, other);
                let mut score = self.model.score(&v);
                self.frequencies.adjust_prepared(&mut score, &v, other);
                (score.match_probability >= threshold).then(|| Candidate {
                    id: self.ids[i as usize].clone(),
                    score,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.score
                .match_weight
                .total_cmp(&a.score.match_weight)
                .then(a.id.cmp(&b.id))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::{link, Settings, Sides};

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

    #[test]
    fn a_lookup_weighs_each_register_record_as_one_in_n_whatever_training_saw() {
        // A register with no duplicates at all: training's pairwise prior is tiny.
        let records: Vec<MatchRecord> = (1..=28)
            .map(|d| person(&format!("R{d}"), "Filler", &format!("Name{d}"), d))
            .chain([person("D", "Darren", "Dolby", 4)])
            .collect();
        let settings = Settings {
            random_pairs: 2_000,
            ..Settings::default()
        };
        let model = link(&records, Sides::Dedupe, &settings, None, &()).model;
        let register = Register::new(&records, model, &BlockingRule::ALL);
        let found = register.search(&person("Q", "Darren", "Doulby", 4), 0.0, 5_000);
        let dolby = found
            .iter()
            .find(|c| c.id == "D")
            .expect("found by likeness");
        let prior = dolby.score.contributions[0].weight;
        let one_in_n = (1.0 / 29.0_f64 / (1.0 - 1.0 / 29.0)).log2();
        assert!((prior - one_in_n).abs() < 1e-9, "prior {prior}");
        assert!(dolby.score.match_probability > 0.5, "{:?}", dolby.score);
    }
}

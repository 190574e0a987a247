//! Blocking: which pairs are worth comparing. Comparing every record with every other is
//! n²/2 comparisons (5 × 10¹¹ for a million records), so linkage compares only pairs that
//! agree on at least one rule's key. Several rules are combined so that a pair missed by
//! one (a typo in the date of birth) is caught by another (the same names); how many true
//! pairs the rules find together — the blocking recall — is measured by the benchmark.

use std::hash::{Hash, Hasher};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::{IdentifierKind, PreparedRecord};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockingRule {
    /// The same date of birth and the same initials (in either order, so a name entered
    /// the wrong way round still meets its twin).
    DateOfBirthAndInitials,
    /// The same forename and surname (in either order) and either the same year of
    /// birth or the same postcode district: a common name alone ("John Smith") makes
    /// blocks of thousands that are nearly all different people.
    FullName,
    /// The same date of birth and either name sounding the same as either of the
    /// other's: catches one name replaced (a new surname) with the other misspelt or
    /// the two swapped.
    DateOfBirthAndEitherNameSound,
    /// Names that sound the same and the same year of birth: catches typos in a name.
    NameSoundsAndBirthYear,
    /// The same full postcode and a surname that sounds the same: catches a wrong date
    /// of birth where the address is current.
    PostcodeAndSurnameSound,
    /// The same identifier of any kind (PNC ID, NI number, reference number).
    Identifier,
    /// The same date of birth and postcode: catches a name recorded quite differently
    /// (a new surname, a different forename used) by someone at the same address.
    DateOfBirthAndPostcode,
    /// The same postcode and the same house numbers: catches both names and the date of
    /// birth garbled, where the address is right.
    PostcodeAndHouseNumber,
}

impl BlockingRule {
    /// Every rule, in the order candidates are generated (a pair is counted once, under
    /// the first rule that finds it).
    pub const ALL: [BlockingRule; 8] = [
        BlockingRule::DateOfBirthAndInitials,
        BlockingRule::FullName,
        BlockingRule::DateOfBirthAndEitherNameSound,
        BlockingRule::NameSoundsAndBirthYear,
        BlockingRule::PostcodeAndSurnameSound,
        BlockingRule::Identifier,
        BlockingRule::DateOfBirthAndPostcode,
        BlockingRule::PostcodeAndHouseNumber,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BlockingRule::DateOfBirthAndInitials => "date of birth and initials",
            BlockingRule::FullName => "full name",
            BlockingRule::DateOfBirthAndEitherNameSound => "date of birth and either name's sound",
            BlockingRule::NameSoundsAndBirthYear => "names sound alike and year of birth",
            BlockingRule::PostcodeAndSurnameSound => "postcode and surname sound",
            BlockingRule::Identifier => "an identifier",
            BlockingRule::DateOfBirthAndPostcode => "date of birth and postcode",
            BlockingRule::PostcodeAndHouseNumber => "postcode and house number",
        }
    }

    /// The comparisons every pair found by this rule agrees on by construction: training
    /// on this rule's pairs learns nothing about them.
    pub fn blocked_on(self) -> &'static [&'static str] {
        match self {
            BlockingRule::DateOfBirthAndInitials => &["date_of_birth"],
            BlockingRule::FullName => &["forename", "surname"],
            BlockingRule::DateOfBirthAndEitherNameSound => &["date_of_birth"],
            BlockingRule::NameSoundsAndBirthYear => &["forename", "surname"],
            BlockingRule::PostcodeAndSurnameSound => &["postcode", "surname"],
            BlockingRule::Identifier => &[
                "identifier_pnc",
                "identifier_cro",
                "identifier_prison_number",
                "identifier_nino",
                "identifier_reference",
            ],
            BlockingRule::DateOfBirthAndPostcode => &["date_of_birth", "postcode"],
            BlockingRule::PostcodeAndHouseNumber => &["postcode", "address"],
        }
    }

    /// The record's keys under this rule; none when a field the rule needs is missing.
    pub(crate) fn keys(self, r: &PreparedRecord) -> Vec<u64> {
        let forename = r.forename.as_ref();
        let surname = r.surname.as_ref();
        match self {
            BlockingRule::DateOfBirthAndInitials => {
                let (Some(dob), Some(f), Some(s)) = (r.date_of_birth, forename, surname) else {
                    return vec![];
                };
                let initials = sorted(initial(&f.folded), initial(&s.folded));
                vec![key(&(self, dob, initials))]
            }
            BlockingRule::FullName => match (forename, surname) {
                (Some(f), Some(s)) => {
                    let names = sorted(&f.folded, &s.folded);
                    let mut keys = vec![];
                    if let Some(dob) = r.date_of_birth {
                        keys.push(key(&(self, names, "born", dob.year())));
                    }
                    if let Some(district) = r
                        .postcode
                        .as_ref()
                        .map(super::postcodes::PreparedPostcode::district)
                    {
                        keys.push(key(&(self, names, "district", district)));
                    }
                    keys
                }
                _ => vec![],
            },
            BlockingRule::DateOfBirthAndEitherNameSound => {
                let Some(dob) = r.date_of_birth else {
                    return vec![];
                };
                let mut keys: Vec<u64> = [forename, surname]
                    .into_iter()
                    .flatten()
                    .filter(|n| !n.sounds[0].is_empty())
                    .map(|n| key(&(self, dob, &n.sounds[0])))
                    .collect();
                keys.dedup();
                keys
            }
            BlockingRule::NameSoundsAndBirthYear => match (forename, surname, r.date_of_birth) {
                (Some(f), Some(s), Some(dob)) => {
                    vec![key(&(
                        self,
                        sorted(f.sounds[0].as_str(), s.sounds[0].as_str()),
                        dob.year(),
                    ))]
                }
                _ => vec![],
            },
            BlockingRule::PostcodeAndSurnameSound => match (&r.postcode, surname) {
                (Some(p), Some(s)) => vec![key(&(self, p.unit(), &s.sounds[0]))],
                _ => vec![],
            },
            BlockingRule::Identifier => IdentifierKind::ALL
                .into_iter()
                .flat_map(|kind| r.ids(kind).iter().map(move |v| key(&(self, kind, v))))
                .collect(),
            BlockingRule::DateOfBirthAndPostcode => match (r.date_of_birth, &r.postcode) {
                (Some(dob), Some(p)) => vec![key(&(self, dob, p.unit()))],
                _ => vec![],
            },
            BlockingRule::PostcodeAndHouseNumber => match (&r.postcode, &r.address) {
                (Some(p), Some(a)) if !a.numbers.is_empty() => {
                    vec![key(&(self, p.unit(), &a.numbers))]
                }
                _ => vec![],
            },
        }
    }
}

fn initial(name: &str) -> &str {
    name.char_indices()
        .nth(1)
        .map_or(name, |(end, _)| &name[..end])
}

fn sorted<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// A fixed hash of a key: the same on every run, so candidates (and results) are
/// reproducible. A collision only adds a pair to compare, never loses one, so a fast
/// non-cryptographic hash (Fx) serves: SipHash took a twentieth of a million-record run.
fn key(value: &impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Every record's keys under every rule, worked out once, record by record: a record's
/// keys for all the rules lie together, sorted by (rule, key), so asking which rules two
/// records share a key under reads two short runs of memory once, rather than one
/// scattered lookup per rule (that was a fourteenth of a million-record run).
pub(crate) struct Keys {
    /// Record i's keys are `keys[offsets[i]..offsets[i + 1]]`, with their rules in
    /// `rule_of` at the same positions.
    offsets: Vec<u32>,
    keys: Vec<u64>,
    rule_of: Vec<u8>,
}

/// What two records share: the rules (bit per rule) under which they share a key, and
/// the smallest key they share under the rule asked about.
pub(crate) struct Shared {
    pub mask: u16,
    pub first_key: Option<u64>,
}

impl Keys {
    pub fn new(rules: &[BlockingRule], records: &[PreparedRecord]) -> Keys {
        use rayon::prelude::*;
        assert!(rules.len() <= 16, "a rule mask holds at most 16 rules");
        const CHUNK: usize = 1 << 14;
        let chunks: Vec<(Vec<u32>, Vec<u64>, Vec<u8>)> = records
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut lengths = Vec::with_capacity(chunk.len());
                let mut keys = vec![];
                let mut rule_of = vec![];
                let mut mine: Vec<u64> = vec![];
                for r in chunk {
                    let before = keys.len();
                    for (i, rule) in rules.iter().enumerate() {
                        mine.clear();
                        mine.extend(rule.keys(r));
                        mine.sort_unstable();
                        mine.dedup();
                        keys.extend_from_slice(&mine);
                        rule_of.extend(std::iter::repeat_n(i as u8, mine.len()));
                    }
                    lengths.push((keys.len() - before) as u32);
                }
                (lengths, keys, rule_of)
            })
            .collect();
        let total = chunks.iter().map(|c| c.1.len()).sum();
        let mut offsets = Vec::with_capacity(records.len() + 1);
        let mut keys = Vec::with_capacity(total);
        let mut rule_of = Vec::with_capacity(total);
        offsets.push(0);
        for (lengths, k, r) in chunks {
            for l in lengths {
                offsets.push(offsets.last().copied().unwrap_or(0) + l);
            }
            keys.extend(k);
            rule_of.extend(r);
        }
        Keys {
            offsets,
            keys,
            rule_of,
        }
    }

    pub fn records(&self) -> usize {
        self.offsets.len() - 1
    }

    fn range(&self, record: usize) -> std::ops::Range<usize> {
        self.offsets[record] as usize..self.offsets[record + 1] as usize
    }

    /// A record's keys under one rule.
    pub fn of(&self, rule: usize, record: usize) -> &[u64] {
        let range = self.range(record);
        let rules = &self.rule_of[range.clone()];
        let start = rules.partition_point(|&r| (r as usize) < rule);
        let end = rules.partition_point(|&r| (r as usize) <= rule);
        &self.keys[range.start + start..range.start + end]
    }

    /// The rules under which `a` and `b` share a key, and their smallest shared key
    /// under `rule`: one merge of two runs sorted by (rule, key).
    pub fn shared(&self, a: usize, b: usize, rule: usize) -> Shared {
        let (ra, rb) = (self.range(a), self.range(b));
        let (mut i, mut j) = (ra.start, rb.start);
        let mut shared = Shared {
            mask: 0,
            first_key: None,
        };
        while i < ra.end && j < rb.end {
            let x = (self.rule_of[i], self.keys[i]);
            let y = (self.rule_of[j], self.keys[j]);
            match x.cmp(&y) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.mask |= 1 << x.0;
                    if x.0 as usize == rule && shared.first_key.is_none() {
                        shared.first_key = Some(x.1);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MatchRecord;
    use chrono::NaiveDate;

    fn prepared(forename: &str, surname: &str, dob: Option<(i32, u32, u32)>) -> PreparedRecord {
        PreparedRecord::new(&MatchRecord {
            forename: Some(forename.into()),
            surname: Some(surname.into()),
            date_of_birth: dob.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            postcode: Some("CM1 1QH".into()),
            ..MatchRecord::default()
        })
    }

    #[test]
    fn a_swapped_name_meets_its_twin_and_a_missing_date_gives_no_key() {
        let a = prepared("Darren", "Dolby", Some((1973, 3, 4)));
        let b = prepared("Dolby", "Darren", Some((1973, 3, 4)));
        for rule in [BlockingRule::DateOfBirthAndInitials, BlockingRule::FullName] {
            assert_eq!(rule.keys(&a), rule.keys(&b), "{rule:?}");
        }
        let undated = prepared("Darren", "Dolby", None);
        assert!(BlockingRule::DateOfBirthAndInitials
            .keys(&undated)
            .is_empty());
        // A typo in the surname still sounds the same and shares the postcode.
        let typo = prepared("Darren", "Dolbey", None);
        assert_eq!(
            BlockingRule::PostcodeAndSurnameSound.keys(&a),
            BlockingRule::PostcodeAndSurnameSound.keys(&typo)
        );
    }
}

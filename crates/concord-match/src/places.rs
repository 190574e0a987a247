//! Addresses and towns: free text written differently by every agency ("Flat 2, 14 High
//! St" and "14 High Street flat 2"), so they are compared folded and by similarity, with
//! house numbers required to agree before two addresses are called very close.

use serde::{Deserialize, Serialize};

use crate::names::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceLevel {
    Exact,
    /// The same numbers and nearly the same words: a typo or an abbreviation.
    VeryClose,
    /// Similar text: the same street with another number, or a heavier typo.
    Close,
    Different,
    Missing,
}

/// Jaro–Winkler thresholds of the two similarity levels.
const VERY_CLOSE: f64 = 0.92;
const CLOSE: f64 = 0.85;

/// Folded texts recorded in place of an address.
const NO_ADDRESS: [&str; 7] = [
    "no fixed abode",
    "nfa",
    "no fixed address",
    "unknown",
    "not known",
    "homeless",
    "none",
];

/// A place folded once, with its numbers and its words in sorted order (so word order
/// does not matter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PreparedPlace {
    pub folded: String,
    pub numbers: Vec<String>,
    sorted_words: String,
}

thread_local! {
    static TOWNS: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<PreparedPlace>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

impl PreparedPlace {
    /// A town: a few hundred distinct in a million records, so each thread prepares
    /// each spelling once (addresses, nearly all distinct, are not cached).
    pub fn town(raw: Option<&str>) -> Option<PreparedPlace> {
        let raw = raw?;
        TOWNS.with(|cache| {
            if let Some(prepared) = cache.borrow().get(raw) {
                return prepared.clone();
            }
            let prepared = PreparedPlace::new(Some(raw));
            let mut cache = cache.borrow_mut();
            if cache.len() >= 50_000 {
                cache.clear();
            }
            cache.insert(raw.to_string(), prepared.clone());
            prepared
        })
    }

    pub fn new(raw: Option<&str>) -> Option<PreparedPlace> {
        let folded = fold(raw)?;
        // "No fixed abode" says where someone is not: two homeless people do not share
        // an address.
        if NO_ADDRESS.contains(&folded.as_str()) {
            return None;
        }
        let mut numbers = vec![];
        let mut words = vec![];
        for token in folded.split_whitespace() {
            if token.chars().any(|c| c.is_ascii_digit()) {
                numbers.push(token.to_string());
            } else {
                words.push(token);
            }
        }
        numbers.sort();
        words.sort_unstable();
        Some(PreparedPlace {
            sorted_words: words.join(" "),
            folded,
            numbers,
        })
    }
}

pub(crate) fn compare_places(a: Option<&PreparedPlace>, b: Option<&PreparedPlace>) -> PlaceLevel {
    let (Some(a), Some(b)) = (a, b) else {
        return PlaceLevel::Missing;
    };
    if a.folded == b.folded || (a.numbers == b.numbers && a.sorted_words == b.sorted_words) {
        return PlaceLevel::Exact;
    }
    let similarity = crate::similarity::jaro_winkler_from(&a.folded, &b.folded, CLOSE).max(
        crate::similarity::jaro_winkler_from(&a.sorted_words, &b.sorted_words, CLOSE),
    );
    if a.numbers == b.numbers && similarity >= VERY_CLOSE {
        PlaceLevel::VeryClose
    } else if similarity >= CLOSE {
        PlaceLevel::Close
    } else {
        PlaceLevel::Different
    }
}

/// Compare two addresses or towns as written.
pub fn compare_addresses(a: Option<&str>, b: Option<&str>) -> PlaceLevel {
    compare_places(
        PreparedPlace::new(a).as_ref(),
        PreparedPlace::new(b).as_ref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_compare_by_words_and_numbers() {
        let cases = [
            ("14 High Street", "14 HIGH STREET", PlaceLevel::Exact),
            (
                "Flat 2, 14 High Street",
                "14 High Street Flat 2",
                PlaceLevel::Exact,
            ),
            ("14 High Street", "14 Hihg Street", PlaceLevel::VeryClose),
            ("14 High Street", "16 High Street", PlaceLevel::Close),
            ("14 High Street", "3 Moulsham Drive", PlaceLevel::Different),
            ("14 High Street", "  ", PlaceLevel::Missing),
            ("No fixed abode", "NO FIXED ABODE", PlaceLevel::Missing),
        ];
        for (a, b, level) in cases {
            assert_eq!(compare_addresses(Some(a), Some(b)), level, "{a} vs {b}");
            assert_eq!(compare_addresses(Some(b), Some(a)), level, "{b} vs {a}");
        }
    }
}

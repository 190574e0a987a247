use rphonetic::DoubleMetaphone;
use serde::{Deserialize, Serialize};

use crate::nicknames::are_nicknames;

/// How two names compare, from strongest evidence to none. The model learns how much each
/// level is worth; the order here is the order they are tried in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameLevel {
    /// The same once case, accents and punctuation are folded.
    Exact,
    /// Known forms of one forename ("William" and "Bill").
    Nickname,
    /// Jaro–Winkler 0.92 or more: a typo ("Jonh").
    VeryClose,
    /// They sound alike (Double Metaphone): "Smyth" and "Smith", "Stephen" and "Steven".
    SoundsAlike,
    /// Jaro–Winkler 0.80 or more.
    Close,
    /// One side is only an initial and it matches.
    Initial,
    Different,
    Missing,
}

/// Jaro–Winkler thresholds of the two similarity levels.
const VERY_CLOSE: f64 = 0.92;
const CLOSE: f64 = 0.80;

/// A name folded for comparison (case, accents, punctuation); blank is `None`.
pub(crate) fn fold(name: Option<&str>) -> Option<String> {
    let key = concord_domain::search_key(name?);
    (!key.is_empty()).then_some(key)
}

/// A name ready to compare: folded once and its Double Metaphone codes worked out once,
/// so a record compared against thousands of candidates is not re-encoded each time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PreparedName {
    pub folded: String,
    pub sounds: [Sound; 2],
}

/// A Double Metaphone code (at most six ASCII characters, encoded with a maximum of
/// six), held inline: two per name, a million names, no allocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Sound([u8; 6]);

impl Sound {
    fn new(code: &str) -> Sound {
        let mut bytes = [0u8; 6];
        for (b, c) in bytes.iter_mut().zip(code.bytes()) {
            *b = c;
        }
        Sound(bytes)
    }

    pub fn is_empty(&self) -> bool {
        self.0[0] == 0
    }

    pub fn as_str(&self) -> &str {
        let len = self.0.iter().position(|b| *b == 0).unwrap_or(6);
        std::str::from_utf8(&self.0[..len]).unwrap_or("")
    }
}

impl std::fmt::Display for Sound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PreparedName {
    pub fn new(raw: Option<&str>) -> Option<PreparedName> {
        let raw = raw?;
        NAMES.with(|cache| {
            if let Some(prepared) = cache.borrow().get(raw) {
                return prepared.clone();
            }
            let prepared = fold(Some(raw)).map(|folded| PreparedName {
                sounds: sounds_of(&folded),
                folded,
            });
            let mut cache = cache.borrow_mut();
            if cache.len() >= NAME_CACHE {
                cache.clear();
            }
            cache.insert(raw.to_string(), prepared.clone());
            prepared
        })
    }

    fn sounds_like(&self, other: &PreparedName) -> bool {
        self.sounds
            .iter()
            .filter(|c| !c.is_empty())
            .any(|c| other.sounds.contains(c))
    }
}

/// Spellings each thread keeps prepared: a million records hold a few tens of thousands
/// of distinct names, and folding and encoding (the slowest part of preparing a record)
/// is then done once per spelling. Emptied when it grows past this.
const NAME_CACHE: usize = 200_000;

thread_local! {
    static NAMES: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<PreparedName>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

fn sounds_of(folded: &str) -> [Sound; 2] {
    let code = DoubleMetaphone::new(Some(6)).double_metaphone(&ascii_letters(folded));
    [Sound::new(&code.primary()), Sound::new(&code.alternate())]
}

/// The name in plain ASCII letters for the phonetic encoder, which works on ASCII only
/// (and panics on some other letters): letters that folding keeps (ł, ø, æ, ß, đ) are
/// spelt as they sound, anything else is dropped.
fn ascii_letters(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            'a'..='z' | ' ' => out.push(c),
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => {}
        }
    }
    out
}

fn is_initial_of(initial: &str, name: &str) -> bool {
    initial.chars().count() == 1 && name.starts_with(initial)
}

/// Compare two names (forenames when `forename`, so that nicknames count).
pub(crate) fn compare(
    a: Option<&PreparedName>,
    b: Option<&PreparedName>,
    forename: bool,
) -> NameLevel {
    let (Some(pa), Some(pb)) = (a, b) else {
        return NameLevel::Missing;
    };
    let (a, b) = (pa.folded.as_str(), pb.folded.as_str());
    if a == b {
        return NameLevel::Exact;
    }
    if is_initial_of(a, b) || is_initial_of(b, a) {
        return NameLevel::Initial;
    }
    if forename && are_nicknames(a, b) {
        return NameLevel::Nickname;
    }
    let similarity = crate::similarity::jaro_winkler_from(a, b, CLOSE);
    if similarity >= VERY_CLOSE {
        NameLevel::VeryClose
    } else if pa.sounds_like(pb) {
        NameLevel::SoundsAlike
    } else if similarity >= CLOSE {
        NameLevel::Close
    } else {
        NameLevel::Different
    }
}

/// Forename and surname levels of a pair of records, and whether they match better with
/// one record's forename and surname swapped (a name entered the wrong way round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NameComparison {
    pub forename: NameLevel,
    pub surname: NameLevel,
    pub swapped: bool,
}

fn strong(level: NameLevel) -> bool {
    matches!(level, NameLevel::Exact | NameLevel::VeryClose)
}

pub fn compare_names(
    forename_l: Option<&str>,
    surname_l: Option<&str>,
    forename_r: Option<&str>,
    surname_r: Option<&str>,
) -> NameComparison {
    compare_prepared_names(
        PreparedName::new(forename_l).as_ref(),
        PreparedName::new(surname_l).as_ref(),
        PreparedName::new(forename_r).as_ref(),
        PreparedName::new(surname_r).as_ref(),
    )
}

pub(crate) fn compare_prepared_names(
    forename_l: Option<&PreparedName>,
    surname_l: Option<&PreparedName>,
    forename_r: Option<&PreparedName>,
    surname_r: Option<&PreparedName>,
) -> NameComparison {
    let straight = NameComparison {
        forename: compare(forename_l, forename_r, true),
        surname: compare(surname_l, surname_r, false),
        swapped: false,
    };
    if strong(straight.forename) && strong(straight.surname) {
        return straight;
    }
    // Crossed names count only when both agree strongly, so each is checked for that
    // alone (a bounded Jaro–Winkler that gives up below "very close"), and the second
    // only when the first passed: most pairs compared are strangers.
    let strongly = |a: Option<&PreparedName>, b: Option<&PreparedName>| -> Option<NameLevel> {
        let (a, b) = (a?.folded.as_str(), b?.folded.as_str());
        if a == b {
            Some(NameLevel::Exact)
        } else {
            (crate::similarity::jaro_winkler_from(a, b, VERY_CLOSE) >= VERY_CLOSE)
                .then_some(NameLevel::VeryClose)
        }
    };
    match strongly(forename_l, surname_r)
        .and_then(|forename| Some((forename, strongly(surname_l, forename_r)?)))
    {
        Some((forename, surname)) => NameComparison {
            forename,
            surname,
            swapped: true,
        },
        None => straight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(a: &str, b: &str, forename: bool) -> NameLevel {
        let (a, b) = (PreparedName::new(Some(a)), PreparedName::new(Some(b)));
        compare(a.as_ref(), b.as_ref(), forename)
    }

    #[test]
    fn each_kind_of_variation_has_its_level() {
        let forenames = [
            ("Darren", "DARREN", NameLevel::Exact),
            ("Zoë", "zoe", NameLevel::Exact),
            ("William", "Bill", NameLevel::Nickname),
            ("Jonathan", "Jonahtan", NameLevel::VeryClose),
            ("Stephen", "Steven", NameLevel::SoundsAlike),
            ("D", "Darren", NameLevel::Initial),
            ("Darren", "Craig", NameLevel::Different),
        ];
        for (a, b, expected) in forenames {
            assert_eq!(level(a, b, true), expected, "{a} vs {b}");
            assert_eq!(level(b, a, true), expected, "symmetric: {b} vs {a}");
        }
        let surnames = [
            ("O'Brien", "O Brien", NameLevel::Exact),
            ("Smith", "Smyth", NameLevel::SoundsAlike),
            ("Kowalczyk", "Kovalchik", NameLevel::Close),
            ("Catherine", "Kathryn", NameLevel::SoundsAlike),
            ("Mulvaney", "Mulvany", NameLevel::VeryClose),
            ("Dolby", "Jones", NameLevel::Different),
        ];
        for (a, b, expected) in surnames {
            assert_eq!(level(a, b, false), expected, "{a} vs {b}");
        }
        // Nicknames are for forenames only.
        assert_ne!(level("Bill", "William", false), NameLevel::Nickname);
    }

    #[test]
    fn letters_the_phonetic_encoder_cannot_take_are_spelt_out_not_a_panic() {
        let a = PreparedName::new(Some("Małgorzata")).unwrap();
        let b = PreparedName::new(Some("Malgorzata")).unwrap();
        assert_eq!(a.sounds, b.sounds);
        assert_eq!(compare(Some(&a), Some(&b), true), NameLevel::VeryClose);
        for odd in ["Pawsła", "Øyvind", "Þórr", "李", "Æthelred", "Straße"] {
            assert!(PreparedName::new(Some(odd)).is_some(), "{odd}");
        }
    }

    #[test]
    fn a_blank_or_absent_name_is_missing_not_different() {
        let smith = PreparedName::new(Some("Smith"));
        assert_eq!(compare(None, smith.as_ref(), false), NameLevel::Missing);
        assert_eq!(PreparedName::new(Some("  ")), None);
    }

    #[test]
    fn a_name_entered_the_wrong_way_round_is_found_and_said() {
        let c = compare_names(Some("Dolby"), Some("Darren"), Some("Darren"), Some("Dolby"));
        assert_eq!(
            c,
            NameComparison {
                forename: NameLevel::Exact,
                surname: NameLevel::Exact,
                swapped: true
            }
        );
        let straight = compare_names(Some("Darren"), Some("Dolby"), Some("Darren"), Some("Dolby"));
        assert!(!straight.swapped);
        // No better crossed: the straight comparison stands.
        let neither = compare_names(Some("Craig"), Some("Dolby"), Some("Darren"), Some("Dolby"));
        assert_eq!(
            (neither.forename, neither.surname, neither.swapped),
            (NameLevel::Different, NameLevel::Exact, false)
        );
    }
}

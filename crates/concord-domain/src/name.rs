//! People's names, and the search key that lets "Zoë O'Brien" be found as "zoe obrien".

use serde::{Deserialize, Serialize};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::{FieldError, ValidationErrors};
use crate::text::{optional_text, subject};

const MAX_NAME: usize = 100;

/// Case- and accent-insensitive search key: NFKD, drop combining marks, lowercase, keep
/// alphanumerics; every run of other characters (spaces, hyphens, apostrophes) becomes a
/// single space; trimmed. `"Zoë O'Brien-Smith"` → `"zoe o brien smith"`.
pub fn search_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Most names and addresses are plain ASCII, which compatibility decomposition leaves
    // as it is: fold them byte by byte (linkage folds millions; the general path
    // allocates twice per call). The result is the same as the general path's.
    if s.is_ascii() {
        for c in s.bytes().map(|b| b.to_ascii_lowercase() as char) {
            if c.is_ascii_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            } else {
                pending_space = true;
            }
        }
        return out;
    }
    search_key_decomposed(s)
}

/// [`search_key`] by compatibility decomposition, for text beyond ASCII.
fn search_key_decomposed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Lowercase before and after decomposing: some capitals only decompose once lowered
    // (and vice versa), and the key must be a fixed point so that indexing it is idempotent.
    let folded = s
        .to_lowercase()
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect::<String>();
    for c in folded.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The distinct tokens of [`search_key`], in order of first appearance, then each
/// hyphenated or apostrophised word whole:
/// `"Zoë O'Brien-Smith"` → `["zoe", "o", "brien", "smith", "obriensmith"]`.
pub fn search_tokens(s: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        if !t.is_empty() && !tokens.iter().any(|seen| seen == t) {
            tokens.push(t.to_owned());
        }
    };
    for t in search_key(s).split(' ') {
        add(t);
    }
    // A word joined by an apostrophe or hyphen is also indexed whole, so "obrien" finds
    // O'Brien and "smithjones" finds Smith-Jones, as people type them either way.
    for word in s.split_whitespace() {
        let key = search_key(word);
        if key.contains(' ') {
            add(&key.replace(' ', ""));
        }
    }
    tokens
}

/// "Given Middle Family", as a name is shown in lists and headings.
pub fn display_name(given: &str, middle: Option<&str>, family: &str) -> String {
    [Some(given), middle, Some(family)]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A person's name as the agencies record it: given name, optional middle names, family
/// name. Stored NFC-normalised with single spaces, so the same name typed on two keyboards
/// is the same string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub given: String,
    pub middle: Option<String>,
    pub family: String,
}

impl PersonName {
    /// Validate all three parts and report every problem at once. Fields `given_name`,
    /// `middle_names`, `family_name`; at most 100 characters each; given and family names
    /// are required. Letters in any script, spaces, hyphens, apostrophes and full stops
    /// are allowed (code `name_characters`): digits and symbols in a name are typing errors
    /// or placeholders ("UNKNOWN1") that would poison identity matching.
    pub fn parse(given: &str, middle: &str, family: &str) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut part = |field: &str, label: &str, input: &str, required: bool| match name_part(
            field, label, input, required,
        ) {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let given = part("given_name", "a given name", given, true);
        let middle = part("middle_names", "middle names", middle, false);
        let family = part("family_name", "a family name", family, true);
        match (given, family) {
            (Some(given), Some(family)) => errors.finish(Self {
                given,
                middle,
                family,
            }),
            _ => Err(errors),
        }
    }

    /// "Given Middle Family".
    pub fn full(&self) -> String {
        display_name(&self.given, self.middle.as_deref(), &self.family)
    }

    /// "family, given middle" as search keys, for sorting lists the way registers are read.
    pub fn sort_key(&self) -> String {
        let mut key = format!("{}, {}", search_key(&self.family), search_key(&self.given));
        if let Some(middle) = &self.middle {
            key.push(' ');
            key.push_str(&search_key(middle));
        }
        key
    }
}

fn name_part(
    field: &str,
    label: &str,
    input: &str,
    required: bool,
) -> Result<Option<String>, FieldError> {
    let normalised: String = input
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let Some(value) = optional_text(field, label, &normalised, MAX_NAME)? else {
        return if required {
            Err(FieldError::new(field, "required", format!("Enter {label}")))
        } else {
            Ok(None)
        };
    };
    let allowed = |c: char| {
        c.is_alphabetic() || is_combining_mark(c) || matches!(c, ' ' | '-' | '\'' | '’' | '.')
    };
    if !value.chars().all(allowed) {
        return Err(FieldError::new(
            field,
            "name_characters",
            format!(
                "{} must only include letters, spaces, hyphens, apostrophes and full stops",
                subject(label)
            ),
        ));
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn search_keys_ignore_case_accents_and_punctuation() {
        let table = [
            ("Zoë O'Brien-Smith", "zoe o brien smith"),
            ("  ZOE   o’brien  ", "zoe o brien"),
            ("Zoe\u{0308}", "zoe"),
            ("José Álvarez", "jose alvarez"),
            ("Łukasz", "łukasz"),
            ("Müller", "muller"),
            ("ﬁnn", "finn"),
            ("İsmail", "ismail"),
            ("Ἀθηνᾶ", "αθηνα"),
            ("Smith Jr.", "smith jr"),
            ("---", ""),
            ("", ""),
            ("A1234BC", "a1234bc"),
        ];
        for (input, key) in table {
            assert_eq!(search_key(input), key, "input {input:?}");
        }
    }

    #[test]
    fn search_tokens_are_distinct_and_in_order() {
        assert_eq!(
            search_tokens("Zoë O'Brien-Smith"),
            ["zoe", "o", "brien", "smith", "obriensmith"]
        );
        assert_eq!(
            search_tokens("Anne-Anne  Smith"),
            ["anne", "smith", "anneanne"]
        );
        assert_eq!(search_tokens("Anne Smith"), ["anne", "smith"]);
        assert!(search_tokens(" - ").is_empty());
    }

    #[test]
    fn a_valid_name_is_normalised() {
        let name = PersonName::parse("  Zoe\u{0308} ", "Anne  Marie", " O'Brien-Smith ").unwrap();
        assert_eq!(name.given, "Zoë");
        assert_eq!(name.middle.as_deref(), Some("Anne Marie"));
        assert_eq!(name.family, "O'Brien-Smith");
        assert_eq!(name.full(), "Zoë Anne Marie O'Brien-Smith");
        assert_eq!(name.sort_key(), "o brien smith, zoe anne marie");
    }

    #[test]
    fn middle_names_are_optional() {
        let name = PersonName::parse("John", "  ", "Smith").unwrap();
        assert_eq!(name.middle, None);
        assert_eq!(name.full(), "John Smith");
        assert_eq!(name.sort_key(), "smith, john");
    }

    #[test]
    fn names_in_any_script_are_accepted() {
        for (given, family) in [
            ("Siobhán", "Ní Bhriain"),
            ("Мария", "Иванова"),
            ("J.", "St. John"),
            ("محمد", "علي"),
        ] {
            assert!(
                PersonName::parse(given, "", family).is_ok(),
                "{given} {family}"
            );
        }
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let errs = PersonName::parse("", "B4", &"x".repeat(101)).unwrap_err();
        let got: Vec<_> = errs
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code, e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("given_name", "required", "Enter a given name"),
                (
                    "middle_names",
                    "name_characters",
                    "Middle names must only include letters, spaces, hyphens, apostrophes and full stops"
                ),
                ("family_name", "too_long", "Family name must be 100 characters or fewer"),
            ]
        );
    }

    #[test]
    fn digits_and_symbols_are_not_name_characters() {
        for bad in ["UNKNOWN1", "Smith!", "a@b", "Smith/Jones", "Smith_Jones"] {
            let errs = PersonName::parse("John", "", bad).unwrap_err();
            assert_eq!(
                errs.for_field("family_name").map(|e| e.code),
                Some("name_characters"),
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn the_ascii_fast_path_folds_as_decomposition_does(s in "[ -~]*") {
            prop_assert_eq!(search_key(&s), search_key_decomposed(&s));
        }

        #[test]
        fn search_key_is_idempotent(s in "\\PC*") {
            let once = search_key(&s);
            prop_assert_eq!(search_key(&once), once.clone());
        }

        #[test]
        fn search_key_has_no_leading_trailing_or_double_spaces(s in "\\PC*") {
            let key = search_key(&s);
            prop_assert_eq!(key.trim(), key.as_str());
            prop_assert!(!key.contains("  "));
        }
    }
}

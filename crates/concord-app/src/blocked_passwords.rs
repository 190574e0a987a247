//! Passwords refused because people use them (issue 25 item 7). NCSC advises refusing the
//! most common passwords; its list of the 100,000 most common (from Have I Been Pwned) is
//! published at ncsc.gov.uk, not in any package registry this build can reach, so it is
//! not bundled: an operator downloads it (or any list, one password a line) and names the
//! file in `blocked_passwords_file`. Concord reads it once at start-up into a set, so a
//! check is one lookup, and refuses a new password that is on it (case-insensitive, and
//! with trailing digits and symbols taken off, the commonest way people vary one).
//! Built-in rules (length, repetition, a short built-in list, the username) apply always.

use std::collections::HashSet;
use std::sync::Arc;

/// A set of refused passwords, lower-cased. Empty: only the built-in rules apply.
#[derive(Debug, Clone, Default)]
pub struct BlockedPasswords(Arc<HashSet<String>>);

impl BlockedPasswords {
    /// One password a line; blank lines and lines starting with `#` are skipped.
    pub fn from_lines(text: &str) -> Self {
        BlockedPasswords(Arc::new(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
        ))
    }

    /// Read a list file; the error names the file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        std::fs::read(path)
            .map(|bytes| Self::from_lines(&String::from_utf8_lossy(&bytes)))
            .map_err(|e| format!("blocked_passwords_file {}: {e}", path.display()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `password` is on the list, as typed or without its trailing digits and
    /// symbols ("Summer2024!" is "summer").
    pub fn blocks(&self, password: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let lower = password.to_lowercase();
        let trimmed = lower.trim_end_matches(|c: char| !c.is_alphabetic());
        self.0.contains(&lower) || (!trimmed.is_empty() && self.0.contains(trimmed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_password_is_blocked_whatever_its_case_and_trailing_digits() {
        let list =
            BlockedPasswords::from_lines("# top passwords\n123456\nliverpool\n\nsuperman123\n");
        assert_eq!(list.len(), 3);
        for p in [
            "liverpool",
            "LiverPool",
            "Liverpool1987!",
            "superman123",
            "123456",
        ] {
            assert!(list.blocks(p), "{p}");
        }
        for p in ["liverpool harbour kettle", "orange kettle harbour"] {
            assert!(!list.blocks(p), "{p}");
        }
        assert!(!BlockedPasswords::default().blocks("liverpool"));
    }
}

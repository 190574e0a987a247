//! Gender as recorded on the nominal record.

use serde::{Deserialize, Serialize};

/// Recorded gender. The two "not" values keep apart "we do not know" and "they did not
/// say", which matter differently for identity matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
    /// Asked, but the answer is not known.
    NotKnown,
    /// The person chose not to say.
    NotSpecified,
}

impl Gender {
    pub const ALL: [Gender; 4] = [Self::Male, Self::Female, Self::NotKnown, Self::NotSpecified];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
            Self::NotKnown => "not_known",
            Self::NotSpecified => "not_specified",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Male => "Male",
            Self::Female => "Female",
            Self::NotKnown => "Not known",
            Self::NotSpecified => "Not specified",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in Gender::ALL {
            assert_eq!(Gender::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<Gender>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(Gender::from_code("no_such_code"), None);
    }

    #[test]
    fn labels_are_sentence_case() {
        let labels: Vec<_> = Gender::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(labels, ["Male", "Female", "Not known", "Not specified"]);
    }
}

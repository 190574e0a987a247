//! Court and out-of-court disposals.

use serde::{Deserialize, Serialize};

/// How a conviction (or, for a caution, an admitted offence) was disposed of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposal {
    ImmediateCustody,
    SuspendedSentence,
    CommunityOrder,
    Fine,
    ConditionalDischarge,
    AbsoluteDischarge,
    HospitalOrder,
    Caution,
    OtherDisposal,
}

impl Disposal {
    pub const ALL: [Disposal; 9] = [
        Self::ImmediateCustody,
        Self::SuspendedSentence,
        Self::CommunityOrder,
        Self::Fine,
        Self::ConditionalDischarge,
        Self::AbsoluteDischarge,
        Self::HospitalOrder,
        Self::Caution,
        Self::OtherDisposal,
    ];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::ImmediateCustody => "immediate_custody",
            Self::SuspendedSentence => "suspended_sentence",
            Self::CommunityOrder => "community_order",
            Self::Fine => "fine",
            Self::ConditionalDischarge => "conditional_discharge",
            Self::AbsoluteDischarge => "absolute_discharge",
            Self::HospitalOrder => "hospital_order",
            Self::Caution => "caution",
            Self::OtherDisposal => "other_disposal",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::ImmediateCustody => "Immediate custody",
            Self::SuspendedSentence => "Suspended sentence",
            Self::CommunityOrder => "Community order",
            Self::Fine => "Fine",
            Self::ConditionalDischarge => "Conditional discharge",
            Self::AbsoluteDischarge => "Absolute discharge",
            Self::HospitalOrder => "Hospital order",
            Self::Caution => "Caution",
            Self::OtherDisposal => "Other disposal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in Disposal::ALL {
            assert_eq!(Disposal::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<Disposal>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(Disposal::from_code("no_such_code"), None);
    }
}

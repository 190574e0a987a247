//! Warning markers: short flags that must be seen before anyone meets the person.

use serde::{Deserialize, Serialize};

/// The kind of a warning marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    RiskToStaff,
    Weapons,
    Violence,
    SelfHarm,
    Suicide,
    RiskToChildren,
    DomesticAbuse,
    Drugs,
    Escape,
    Infectious,
}

impl MarkerKind {
    pub const ALL: [MarkerKind; 10] = [
        Self::RiskToStaff,
        Self::Weapons,
        Self::Violence,
        Self::SelfHarm,
        Self::Suicide,
        Self::RiskToChildren,
        Self::DomesticAbuse,
        Self::Drugs,
        Self::Escape,
        Self::Infectious,
    ];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::RiskToStaff => "risk_to_staff",
            Self::Weapons => "weapons",
            Self::Violence => "violence",
            Self::SelfHarm => "self_harm",
            Self::Suicide => "suicide",
            Self::RiskToChildren => "risk_to_children",
            Self::DomesticAbuse => "domestic_abuse",
            Self::Drugs => "drugs",
            Self::Escape => "escape",
            Self::Infectious => "infectious",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::RiskToStaff => "Risk to staff",
            Self::Weapons => "Weapons",
            Self::Violence => "Violence",
            Self::SelfHarm => "Self-harm",
            Self::Suicide => "Suicide",
            Self::RiskToChildren => "Risk to children",
            Self::DomesticAbuse => "Domestic abuse",
            Self::Drugs => "Drugs",
            Self::Escape => "Escape risk",
            Self::Infectious => "Infectious disease",
        }
    }

    /// Markers that bear on the immediate safety of whoever visits or meets the person, or
    /// of the person themselves. These are shown first and in red on every page.
    pub fn is_safety_critical(self) -> bool {
        matches!(
            self,
            Self::RiskToStaff | Self::Weapons | Self::Violence | Self::SelfHarm | Self::Suicide
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in MarkerKind::ALL {
            assert_eq!(MarkerKind::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<MarkerKind>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(MarkerKind::from_code("no_such_code"), None);
    }

    #[test]
    fn only_immediate_safety_markers_are_safety_critical() {
        let critical: Vec<_> = MarkerKind::ALL
            .into_iter()
            .filter(|m| m.is_safety_critical())
            .collect();
        assert_eq!(
            critical,
            [
                MarkerKind::RiskToStaff,
                MarkerKind::Weapons,
                MarkerKind::Violence,
                MarkerKind::SelfHarm,
                MarkerKind::Suicide
            ]
        );
    }
}

//! Risk of Serious Harm (RoSH): the four levels with their official definitions, the risk
//! groups it is assessed for, and the overall level (rules.md §2).
//!
//! There is no "no risk" level: every level concerns risk of *serious* harm. RoSH is
//! assessed per risk group; the overall level is the highest of the group levels.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// "An event which is life-threatening and/or traumatic, and from which recovery, whether
/// physical or psychological, can be expected to be difficult or impossible."
pub const SERIOUS_HARM_DEFINITION: &str = "An event which is life-threatening and/or traumatic, and from which recovery, whether physical or psychological, can be expected to be difficult or impossible.";

/// A RoSH level, ordered from low to very high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoshLevel {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl RoshLevel {
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::VeryHigh];

    /// The definition in the OASys manual (chapter 8, as revised by Probation Circular
    /// 36/2006), as shown in HMPPS services.
    pub fn definition(self) -> &'static str {
        match self {
            Self::Low => "Current evidence does not indicate likelihood of causing serious harm.",
            Self::Medium => "There are identifiable indicators of risk of serious harm. The offender has the potential to cause serious harm but is unlikely to do so unless there is a change in circumstances, for example, failure to take medication, loss of accommodation, relationship breakdown, drug or alcohol misuse.",
            Self::High => "There are identifiable indicators of risk of serious harm. The potential event could happen at any time and the impact would be serious.",
            Self::VeryHigh => "There is an imminent risk of serious harm. The potential event is more likely than not to happen imminently and the impact would be serious.",
        }
    }

    /// Sentence-case label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::VeryHigh => "Very high",
        }
    }

    /// The nDelius register code of this level.
    pub fn register_code(self) -> &'static str {
        match self {
            Self::Low => "RLRH",
            Self::Medium => "RMRH",
            Self::High => "RHRH",
            Self::VeryHigh => "RVHR",
        }
    }

    pub fn from_register_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.register_code() == code)
    }
}

/// Who the person may seriously harm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RiskGroup {
    Children,
    Public,
    KnownAdult,
    Staff,
    /// Assessed in custody only.
    Prisoners,
}

impl RiskGroup {
    pub const ALL: [Self; 5] = [
        Self::Children,
        Self::Public,
        Self::KnownAdult,
        Self::Staff,
        Self::Prisoners,
    ];

    /// The groups assessed for a person in the community, or in custody.
    pub fn assessed(in_custody: bool) -> &'static [Self] {
        if in_custody {
            &Self::ALL
        } else {
            &Self::ALL[..4]
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Children => "Children",
            Self::Public => "Public",
            Self::KnownAdult => "Known adult",
            Self::Staff => "Staff",
            Self::Prisoners => "Prisoners",
        }
    }
}

/// A RoSH summary: the level per risk group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoshSummary {
    pub levels: BTreeMap<RiskGroup, RoshLevel>,
}

impl RoshSummary {
    /// The overall RoSH: the highest group level; `None` when no group is assessed.
    pub fn overall(&self) -> Option<RoshLevel> {
        overall_rosh(self.levels.values().copied())
    }

    /// The groups at the overall level, which a summary names as the ones at most risk.
    pub fn groups_at_overall(&self) -> Vec<RiskGroup> {
        let overall = self.overall();
        self.levels
            .iter()
            .filter(|(_, level)| Some(**level) == overall)
            .map(|(group, _)| *group)
            .collect()
    }
}

/// The highest of the given levels.
pub fn overall_rosh(levels: impl IntoIterator<Item = RoshLevel>) -> Option<RoshLevel> {
    levels.into_iter().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overall_is_the_highest_group_level() {
        let summary = RoshSummary {
            levels: BTreeMap::from([
                (RiskGroup::Children, RoshLevel::High),
                (RiskGroup::Public, RoshLevel::Medium),
                (RiskGroup::KnownAdult, RoshLevel::High),
                (RiskGroup::Staff, RoshLevel::Low),
            ]),
        };
        assert_eq!(summary.overall(), Some(RoshLevel::High));
        assert_eq!(
            summary.groups_at_overall(),
            [RiskGroup::Children, RiskGroup::KnownAdult]
        );
        assert_eq!(RoshSummary::default().overall(), None);
        assert_eq!(
            overall_rosh([RoshLevel::Low, RoshLevel::VeryHigh, RoshLevel::Medium]),
            Some(RoshLevel::VeryHigh)
        );
    }

    #[test]
    fn definitions_are_the_official_wording() {
        assert!(RoshLevel::Low
            .definition()
            .starts_with("Current evidence does not indicate likelihood"));
        assert!(RoshLevel::Medium
            .definition()
            .contains("unlikely to do so unless there is a change in circumstances"));
        assert!(RoshLevel::High
            .definition()
            .contains("could happen at any time and the impact would be serious"));
        assert!(RoshLevel::VeryHigh
            .definition()
            .contains("more likely than not to happen imminently"));
        assert!(RoshLevel::Low < RoshLevel::Medium && RoshLevel::High < RoshLevel::VeryHigh);
    }

    #[test]
    fn register_codes_and_serde_names_round_trip() {
        for level in RoshLevel::ALL {
            assert_eq!(
                RoshLevel::from_register_code(level.register_code()),
                Some(level)
            );
        }
        assert_eq!(
            RoshLevel::from_register_code("RVHR"),
            Some(RoshLevel::VeryHigh)
        );
        assert_eq!(
            serde_json::to_value(RoshLevel::VeryHigh).unwrap(),
            serde_json::json!("VERY_HIGH")
        );
        assert_eq!(
            serde_json::to_value(RiskGroup::KnownAdult).unwrap(),
            serde_json::json!("KNOWN_ADULT")
        );
        assert_eq!(RiskGroup::assessed(false).len(), 4);
        assert!(RiskGroup::assessed(true).contains(&RiskGroup::Prisoners));
    }
}

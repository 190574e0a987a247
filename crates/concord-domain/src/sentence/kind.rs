//! Kinds of sentence and order that are managed.

use serde::{Deserialize, Serialize};

/// A sentence, order or requirement that someone manages and that has key dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Custody,
    ExtendedDeterminate,
    /// Life imprisonment or imprisonment for public protection: indeterminate, release only on Parole Board direction.
    LifeOrIpp,
    SuspendedSentenceOrder,
    CommunityOrder,
    YouthRehabilitationOrder,
    SexualHarmPreventionOrder,
    RestrainingOrder,
    StalkingProtectionOrder,
    DomesticAbuseProtectionOrder,
    /// Sex offender notification (SOA 2003 Part 2): automatic on qualifying conviction, not an order the court chooses.
    NotificationRequirement,
    /// A detention and training order (a youth court's custodial sentence, 4 to 24 months).
    DetentionAndTrainingOrder,
    /// Terrorist notification requirements (Counter-Terrorism Act 2008 Part 4): automatic on
    /// a qualifying terrorism conviction and sentence.
    TerrorismNotificationRequirement,
    /// Disqualified from working with children (a court order or a barring decision).
    ChildrenDisqualification,
}

impl SentenceKind {
    pub const ALL: [SentenceKind; 14] = [
        Self::Custody,
        Self::ExtendedDeterminate,
        Self::LifeOrIpp,
        Self::SuspendedSentenceOrder,
        Self::CommunityOrder,
        Self::YouthRehabilitationOrder,
        Self::SexualHarmPreventionOrder,
        Self::RestrainingOrder,
        Self::StalkingProtectionOrder,
        Self::DomesticAbuseProtectionOrder,
        Self::NotificationRequirement,
        Self::DetentionAndTrainingOrder,
        Self::TerrorismNotificationRequirement,
        Self::ChildrenDisqualification,
    ];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Custody => "custody",
            Self::ExtendedDeterminate => "extended_determinate",
            Self::LifeOrIpp => "life_or_ipp",
            Self::SuspendedSentenceOrder => "suspended_sentence_order",
            Self::CommunityOrder => "community_order",
            Self::YouthRehabilitationOrder => "youth_rehabilitation_order",
            Self::SexualHarmPreventionOrder => "sexual_harm_prevention_order",
            Self::RestrainingOrder => "restraining_order",
            Self::StalkingProtectionOrder => "stalking_protection_order",
            Self::DomesticAbuseProtectionOrder => "domestic_abuse_protection_order",
            Self::NotificationRequirement => "notification_requirement",
            Self::DetentionAndTrainingOrder => "detention_and_training_order",
            Self::TerrorismNotificationRequirement => "terrorism_notification_requirement",
            Self::ChildrenDisqualification => "children_disqualification",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Custody => "Custodial sentence",
            Self::ExtendedDeterminate => "Extended determinate sentence",
            Self::LifeOrIpp => "Life or IPP sentence",
            Self::SuspendedSentenceOrder => "Suspended sentence order",
            Self::CommunityOrder => "Community order",
            Self::YouthRehabilitationOrder => "Youth rehabilitation order",
            Self::SexualHarmPreventionOrder => "Sexual harm prevention order",
            Self::RestrainingOrder => "Restraining order",
            Self::StalkingProtectionOrder => "Stalking protection order",
            Self::DomesticAbuseProtectionOrder => "Domestic abuse protection order",
            Self::NotificationRequirement => "Notification requirements",
            Self::DetentionAndTrainingOrder => "Detention and training order",
            Self::TerrorismNotificationRequirement => {
                "Terrorist notification requirements (Counter-Terrorism Act 2008 Part 4)"
            }
            Self::ChildrenDisqualification => "Disqualified from working with children",
        }
    }

    /// Served at least partly in custody, so it has release and licence dates. A suspended
    /// sentence order is not: the person is only imprisoned if it is activated.
    pub fn is_custodial(self) -> bool {
        matches!(
            self,
            Self::Custody
                | Self::ExtendedDeterminate
                | Self::LifeOrIpp
                | Self::DetentionAndTrainingOrder
        )
    }

    /// Civil preventive orders: prohibitions enforced by prosecution for breach rather than
    /// by a supervising officer. Notification requirements are automatic, not an order.
    pub fn is_civil_order(self) -> bool {
        matches!(
            self,
            Self::SexualHarmPreventionOrder
                | Self::RestrainingOrder
                | Self::StalkingProtectionOrder
                | Self::DomesticAbuseProtectionOrder
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in SentenceKind::ALL {
            assert_eq!(SentenceKind::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<SentenceKind>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(SentenceKind::from_code("no_such_code"), None);
    }

    #[test]
    fn custodial_and_civil_kinds_never_overlap() {
        for k in SentenceKind::ALL {
            assert!(!(k.is_custodial() && k.is_civil_order()), "{k:?}");
        }
        assert!(SentenceKind::LifeOrIpp.is_custodial());
        assert!(!SentenceKind::SuspendedSentenceOrder.is_custodial());
        assert!(SentenceKind::StalkingProtectionOrder.is_civil_order());
        assert!(!SentenceKind::NotificationRequirement.is_civil_order());
    }
}

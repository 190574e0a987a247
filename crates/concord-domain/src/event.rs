//! Chronology event types.

use serde::{Deserialize, Serialize};

/// The type of an entry in a person's chronology, the single timeline every agency adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Offence,
    Conviction,
    Sentence,
    Release,
    Recall,
    AddressChange,
    WarningMarker,
    Contact,
    HomeVisit,
    Arrest,
    Intelligence,
    Referral,
    MappaMeeting,
    Assessment,
    Note,
    /// Records linked as one person, or unlinked: written by Concord, never by hand.
    RecordsCombined,
    /// Work set for the case (a risk review, an allocation review): written by Concord.
    Task,
    /// A tag fitted or removed, an electronic-monitoring alert: written by Concord.
    ElectronicMonitoring,
    /// An approved-premises stay (arrival, non-arrival, departure) or an incident there:
    /// written by Concord from the stay.
    ApprovedPremises,
}

impl EventType {
    pub const ALL: [EventType; 19] = [
        Self::Offence,
        Self::Conviction,
        Self::Sentence,
        Self::Release,
        Self::Recall,
        Self::AddressChange,
        Self::WarningMarker,
        Self::Contact,
        Self::HomeVisit,
        Self::Arrest,
        Self::Intelligence,
        Self::Referral,
        Self::MappaMeeting,
        Self::Assessment,
        Self::Note,
        Self::RecordsCombined,
        Self::Task,
        Self::ElectronicMonitoring,
        Self::ApprovedPremises,
    ];

    /// The kinds staff record by hand (the others come from the record itself).
    pub fn is_recordable(self) -> bool {
        !matches!(
            self,
            Self::RecordsCombined
                | Self::Task
                | Self::ElectronicMonitoring
                | Self::ApprovedPremises
        )
    }

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Offence => "offence",
            Self::Conviction => "conviction",
            Self::Sentence => "sentence",
            Self::Release => "release",
            Self::Recall => "recall",
            Self::AddressChange => "address_change",
            Self::WarningMarker => "warning_marker",
            Self::Contact => "contact",
            Self::HomeVisit => "home_visit",
            Self::Arrest => "arrest",
            Self::Intelligence => "intelligence",
            Self::Referral => "referral",
            Self::MappaMeeting => "mappa_meeting",
            Self::Assessment => "assessment",
            Self::Note => "note",
            Self::RecordsCombined => "records_combined",
            Self::Task => "task",
            Self::ElectronicMonitoring => "electronic_monitoring",
            Self::ApprovedPremises => "approved_premises",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Offence => "Offence",
            Self::Conviction => "Conviction",
            Self::Sentence => "Sentence",
            Self::Release => "Release",
            Self::Recall => "Recall",
            Self::AddressChange => "Address change",
            Self::WarningMarker => "Warning marker",
            Self::Contact => "Contact",
            Self::HomeVisit => "Home visit",
            Self::Arrest => "Arrest",
            Self::Intelligence => "Intelligence",
            Self::Referral => "Referral",
            Self::MappaMeeting => "MAPPA meeting",
            Self::Assessment => "Assessment",
            Self::Note => "Note",
            Self::RecordsCombined => "Records linked",
            Self::Task => "Task",
            Self::ElectronicMonitoring => "Electronic monitoring",
            Self::ApprovedPremises => "Approved premises",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in EventType::ALL {
            assert_eq!(EventType::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<EventType>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(EventType::from_code("no_such_code"), None);
    }
}

//! Kinds of agency taking part in the arrangements.

use serde::{Deserialize, Serialize};

/// The kind of an agency. Police, probation and prisons form the MAPPA responsible
/// authority (CJA 2003 s.325); the rest are partner agencies under the duty to co-operate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    Police,
    Probation,
    Prison,
    /// A MAPPA unit or strategic management board acting for the responsible authority.
    ResponsibleAuthority,
    SocialServices,
    Health,
    Housing,
    Jobcentre,
    DrugAndAlcohol,
    VoluntarySector,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 10] = [
        Self::Police,
        Self::Probation,
        Self::Prison,
        Self::ResponsibleAuthority,
        Self::SocialServices,
        Self::Health,
        Self::Housing,
        Self::Jobcentre,
        Self::DrugAndAlcohol,
        Self::VoluntarySector,
    ];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Police => "police",
            Self::Probation => "probation",
            Self::Prison => "prison",
            Self::ResponsibleAuthority => "responsible_authority",
            Self::SocialServices => "social_services",
            Self::Health => "health",
            Self::Housing => "housing",
            Self::Jobcentre => "jobcentre",
            Self::DrugAndAlcohol => "drug_and_alcohol",
            Self::VoluntarySector => "voluntary_sector",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Police => "Police",
            Self::Probation => "Probation",
            Self::Prison => "Prison",
            Self::ResponsibleAuthority => "MAPPA responsible authority",
            Self::SocialServices => "Social services",
            Self::Health => "Health",
            Self::Housing => "Housing",
            Self::Jobcentre => "Jobcentre Plus",
            Self::DrugAndAlcohol => "Drug and alcohol service",
            Self::VoluntarySector => "Voluntary sector",
        }
    }

    /// Police, probation and prison: the agencies that jointly form the MAPPA responsible
    /// authority and so may search the whole register. `ResponsibleAuthority` (a MAPPA
    /// unit) is deliberately *not* included: it is a coordinating body, and widening search
    /// rights is a decision for the access policy, not this enum.
    pub fn is_responsible_authority(self) -> bool {
        matches!(self, Self::Police | Self::Probation | Self::Prison)
    }
}

crate::closed_codes! {
    /// Where a proposed move of responsibility between probation organisations stands
    /// (the remit rules are in `concord_risk::remit`).
    pub enum ResponsibilityStatus {
        /// Proposed by a signed review; waiting for the receiving organisation.
        Proposed = "proposed", "Waiting for the receiving organisation",
        /// Accepted: the case, its allocations and its open work moved.
        Accepted = "accepted", "Accepted",
        /// Declined by the receiving organisation, with its reason.
        Declined = "declined", "Declined",
        /// Withdrawn by the sending organisation, with its reason.
        Withdrawn = "withdrawn", "Withdrawn",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in AgencyKind::ALL {
            assert_eq!(AgencyKind::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<AgencyKind>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(AgencyKind::from_code("no_such_code"), None);
    }

    #[test]
    fn police_probation_and_prison_are_the_responsible_authority() {
        let ra: Vec<_> = AgencyKind::ALL
            .into_iter()
            .filter(|a| a.is_responsible_authority())
            .collect();
        assert_eq!(
            ra,
            [
                AgencyKind::Police,
                AgencyKind::Probation,
                AgencyKind::Prison
            ]
        );
    }
}

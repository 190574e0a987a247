//! Kinds of address on the nominal record.

use serde::{Deserialize, Serialize};

/// What an address is to the person. `NoFixedAbode` is recorded as an address so that
/// the address history has no silent gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    Home,
    ApprovedPremises,
    Temporary,
    Prison,
    NoFixedAbode,
    Other,
}

impl AddressKind {
    pub const ALL: [AddressKind; 6] = [
        Self::Home,
        Self::ApprovedPremises,
        Self::Temporary,
        Self::Prison,
        Self::NoFixedAbode,
        Self::Other,
    ];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::ApprovedPremises => "approved_premises",
            Self::Temporary => "temporary",
            Self::Prison => "prison",
            Self::NoFixedAbode => "no_fixed_abode",
            Self::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Sentence-case label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Home => "Home",
            Self::ApprovedPremises => "Approved premises",
            Self::Temporary => "Temporary",
            Self::Prison => "Prison",
            Self::NoFixedAbode => "No fixed abode",
            Self::Other => "Other",
        }
    }
}

/// An address on one line, as pages and documents write it ("12 Duke Street, Chelmsford,
/// CM1 1QH"): its parts in order, empty ones left out.
pub fn one_line(line1: &str, line2: Option<&str>, town: &str, postcode: Option<&str>) -> String {
    [Some(line1), line2, Some(town), postcode]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn an_address_on_one_line_leaves_out_empty_parts() {
        assert_eq!(
            one_line("12 Duke Street", Some(""), "Chelmsford", Some("CM1 1QH")),
            "12 Duke Street, Chelmsford, CM1 1QH"
        );
        assert_eq!(
            one_line(
                "HMP Chelmsford",
                Some("200 Springfield Road"),
                "Chelmsford",
                None
            ),
            "HMP Chelmsford, 200 Springfield Road, Chelmsford"
        );
    }

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in AddressKind::ALL {
            assert_eq!(AddressKind::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<AddressKind>(k.code()), Ok(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(AddressKind::from_code("no_such_code"), None);
    }
}
